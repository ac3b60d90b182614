"""The coordinator's screens in Chromium: Chart.js (vendored) draws under the CSP, a click on a bar opens
the rows behind it. `REPORTS_SCREENSHOTS=docs/images` also writes the screenshots of docs/rapports.md."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest

from gers.models import Role
from households.access_models import AccessPeriod, AccessRequest
from households.enums import AccessKind, EligibilityMethod
from reports import summaries
from tests.reports.network import paris

pytestmark = pytest.mark.browser
NOW = dt.datetime(2026, 7, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def shots(tmp_path) -> Path:
    return Path(os.environ.get("REPORTS_SCREENSHOTS") or tmp_path)


@pytest.fixture
def coordinator(app, page, session, net, make_user):
    app.extensions["gers.clock"] = lambda: NOW
    network = net.network
    for day, grams, value in ((1, 1800, "7.20"), (3, 2400, "9.60"), (8, 1200, "4.80"), (10, 3000, "12.00"),
                              (15, 900, "3.60"), (17, 2100, "8.40")):
        network.entry(net.condom if day % 2 else net.auch, paris(2026, 7, day),
                      [("feculents", grams, value, "0.50", False), ("fruits_legumes", 500, "2.00", "0.00", True)],
                      household=net.h2 if day % 2 else net.h1)
    for household in (net.h1, net.h2, net.h3):
        session.add(AccessPeriod(household_id=household.id, kind=AccessKind.INITIAL, starts_on=dt.date(2026, 3, 1),
                                 ends_on=dt.date(2026, 8, 31), owner_node="CENTRAL"))
    summaries.refresh(session)
    session.commit()
    make_user(username="claire", display_name="Claire", role=Role.COORDINATOR, password="coordination-2026")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("claire")
    page.get_by_label("Mot de passe").fill("coordination-2026")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    return page


def test_charts_draw_and_a_bar_opens_its_rows(coordinator, shots):
    page = coordinator
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.goto("/rapports/?du=2026-06-01&au=2026-07-20")
    drawn = page.evaluate("Array.from(document.querySelectorAll('canvas[data-chart]'))"
                          ".map(c => Chart.getChart(c) !== undefined)")
    assert drawn and all(drawn) and refused == []
    page.screenshot(path=str(shots / "rapports-tableau-de-bord.png"), full_page=True)
    # The fourth bar of « Ventes par jour » is 8 July (15/06, 01/07, 03/07 before it).
    point = page.evaluate("(() => { const c = document.querySelector('#ventes canvas'); const r = c.getBoundingClientRect();"
                          " const bar = Chart.getChart(c).getDatasetMeta(0).data[3];"
                          " return [r.left + bar.x, r.top + (bar.y + bar.base) / 2]; })()")
    page.mouse.click(point[0], point[1])
    page.wait_for_url("**/rapports/detail?**")
    assert "08/07/2026" in page.locator("h1").inner_text()
    assert "GS-000001" in page.locator("table").inner_text()
    page.screenshot(path=str(shots / "rapports-detail.png"), full_page=True)


def test_yearly_and_veille_screens(coordinator, shots, session, net):
    for household, structure, reasons in ((net.h1, "CCAS d'Auch", "job_loss,debt"), (net.h2, "CCAS d'Auch", "job_loss"),
                                          (net.h3, "Conseil départemental", "isolation")):
        session.add(AccessRequest(household_id=household.id, referring_organisation=structure, referring_worker="",
                                  requested_months=3, referral_reasons=reasons, method=EligibilityMethod.RAV_PERSONS,
                                  monthly_resources=Decimal("900"), fixed_charges=Decimal("600"), persons=1,
                                  result_value=Decimal("10.00"), threshold=Decimal("8.00"), owner_node="CENTRAL",
                                  created_at=paris(2026, 3, 2)))
    session.commit()
    page = coordinator
    page.goto("/rapports/bilan?annee=2026")
    assert "Bilan annuel 2026" in page.locator("h1").inner_text()
    page.screenshot(path=str(shots / "rapports-bilan-annuel.png"), full_page=True)
    page.goto("/rapports/veille?annee=2026")
    assert "< 5" in page.locator("#communes").inner_text()  # 3 households in Auch: never shown
    assert "Surendettement\t< 5" in page.locator("#motifs").inner_text()  # 1 household: secret
    page.screenshot(path=str(shots / "rapports-veille-sociale.png"), full_page=True)
