"""The reports' screens: each site sees its own figures, a figure opens its pseudonymous rows, every
chart has its table and CSV, the yearly files and the veille download."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

import pytest

from gers.models import Role
from households.access_models import AccessPeriod
from households.enums import AccessKind
from reports import summaries
from tests.conftest import csrf_token

NOW = dt.datetime(2026, 7, 20, 10, 0, tzinfo=dt.UTC)
PERIOD = {"du": "2026-01-01", "au": "2026-07-20"}


@pytest.fixture
def signed_in(app, session, net, make_user):
    app.extensions["gers.clock"] = lambda: NOW
    summaries.refresh(session)
    session.add(AccessPeriod(household_id=net.h1.id, kind=AccessKind.INITIAL, starts_on=dt.date(2026, 3, 1),
                             ends_on=dt.date(2026, 8, 31), owner_node="CENTRAL"))
    session.commit()

    def sign_in(role: Role, site=None):
        make_user(username=f"r{role.value}", role=role, password="mot-de-passe-2026", site_id=site.id if site else None)
        client = app.test_client()
        response = client.post("/connexion", data={"username": f"r{role.value}", "secret": "mot-de-passe-2026",
                                                    "csrf_token": csrf_token(client)})
        assert response.status_code == 302
        return client
    return sign_in


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_coordinator_dashboard_has_charts_tables_and_csv_links(signed_in, net):
    client = signed_in(Role.COORDINATOR)
    page = _text(client.get("/rapports/", query_string=PERIOD))
    assert "Ventes par jour" in page and "Kilos distribués par groupe" in page and "Auch" in page and "Condom" in page
    assert "<script>" not in page and " style=" not in page  # the CSP forbids inline scripts and styles
    chart = json.loads(unescape(re.search(r'data-chart="([^"]+)"', page).group(1)))
    assert chart["labels"] == ["05/01/2026", "10/03/2026", "02/04/2026", "15/06/2026", "01/07/2026"]
    assert chart["datasets"][0]["data"] == [-4.0, 16.0, 3.0, 4.0, 5.0]  # market value per day
    assert "/rapports/ressources/chart.umd.min.js" in page
    csv = client.get("/rapports/tableau.csv", query_string=PERIOD | {"table": "groupes"})
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Groupe;Poids;Valeur marchande;dont FSE+ (gratuit);Participation"
    assert "Féculents;2.500;14.00;0.000;1.40" in lines


def test_a_figure_opens_its_pseudonymous_rows(signed_in, net):
    client = signed_in(Role.COORDINATOR)
    page = _text(client.get("/rapports/detail", query_string=PERIOD | {"figure": "ventes", "jour": "2026-03-10"}))
    assert "GS-000001" in page and "16,00" in page and "10/03/2026 10:00" in page  # Paris time
    absent = _text(client.get("/rapports/detail", query_string=PERIOD | {"figure": "absents",
                                                                         "site": str(net.auch.id)}))
    # H1 has access until 31/08 and came on 10/03 only: not seen in the last 30 days.
    assert "GS-000001" in absent and "10/03/2026" in absent


def test_a_site_account_sees_its_own_site_only(signed_in, net):
    client = signed_in(Role.SOCIAL_WORKER, site=net.auch)
    page = _text(client.get("/rapports/", query_string=PERIOD))
    assert "Condom" not in page and "Site : Auch" in page
    assert client.get("/rapports/", query_string=PERIOD | {"site": str(net.condom.id)}).status_code == 404
    detail = _text(client.get("/rapports/detail", query_string=PERIOD | {"figure": "groupe", "cle": "feculents"}))
    assert "Auch" in detail and "Condom" not in detail
    yearly = _text(client.get("/rapports/bilan", query_string={"annee": "2026"}))
    assert "<td>Réseau<" not in yearly and "<td>Auch<" in yearly, yearly[yearly.find("<main"):][:1500]
    assert client.get("/rapports/veille").status_code == 403


def test_yearly_downloads_and_bad_input_in_french(signed_in, net):
    client = signed_in(Role.COORDINATOR)
    for kind, start in (("xlsx", b"PK"), ("csv", b"\xef\xbb\xbfannee"), ("pdf", b"%PDF")):
        response = client.get("/rapports/bilan/export", query_string={"annee": "2026", "format": kind})
        assert response.status_code == 200 and response.data.startswith(start), kind
    page = _text(client.get("/rapports/", query_string={"du": "hier"}, follow_redirects=True))
    assert "Date illisible" in page
    assert "Année illisible" in _text(client.get("/rapports/bilan", query_string={"annee": "20x6"}))
    veille = client.get("/rapports/veille.csv", query_string={"annee": "2026"})
    assert veille.status_code == 200 and b"section;ligne;colonne;foyers" in veille.data
