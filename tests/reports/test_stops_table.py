"""The coordinators' dashboard: a van's stops with their counts (households, visits, free distributions,
kilos paid and free), through the page and its CSV, on top of the hand-built network."""

from __future__ import annotations

import datetime as dt

from gers.models import Role
from inventory.enums import SiteKind
from pos.enums import EntryKind, Shop
from pos.payments import Method
from tests.reports.network import paris
from tests.reports.test_screens import PERIOD, signed_in  # noqa: F401  (fixture)
from tours.models import StopVisit, TourStop


def test_the_dashboard_has_the_vans_stops_with_their_figures(signed_in, net, session):  # noqa: F811
    """The van at Lectoure-les-Bains on 6 May 2026: H1 buys 1 kg of féculents, then takes 2 kg of free
    FSE+ fruits; H2 buys 0,5 kg, voided (H2 is not counted as served). The Saint-Clar stop of 7 May saw nobody and was cancelled."""
    van = net.network.site("CRR1", "Croix-Rouge", kind=SiteKind.MOBILE_UNIT)
    morning = TourStop(site_id=van.id, day=dt.date(2026, 5, 6), opens=dt.time(9), closes=dt.time(12),
                       commune="Lectoure", owner_node="CENTRAL")
    cancelled = TourStop(site_id=van.id, day=dt.date(2026, 5, 7), opens=dt.time(9), closes=dt.time(12),
                         commune="Saint-Clar", cancelled=True, note="Route coupée", owner_node="CENTRAL")
    session.add_all([morning, cancelled])
    session.flush()
    entries = [
        net.network.entry(van, paris(2026, 5, 6, 9, 30), [("feculents", 1000, "5.00", "0.50", False)], household=net.h1),
        net.network.entry(van, paris(2026, 5, 6, 9, 40), [("fruits_legumes", 2000, "4.00", "0.00", True)],
                          household=net.h1, shop=Shop.FSE, method=Method.FREE),
    ]
    sale = net.network.entry(van, paris(2026, 5, 6, 10), [("feculents", 500, "2.00", "0.20", False)], household=net.h2)
    entries.append(sale)
    void = net.network.entry(van, paris(2026, 5, 6, 10, 5), [("feculents", -500, "-2.00", "-0.20", False)],
                             household=net.h2, kind=EntryKind.VOID)
    void.refers_to_id = sale.id
    session.add_all([StopVisit(entry_id=entry.id, stop_id=morning.id, site_id=van.id, owner_node="CRR1")
                     for entry in entries])
    session.commit()
    client = signed_in(Role.COORDINATOR)
    page = client.get("/rapports/", query_string=PERIOD).get_data(as_text=True)
    assert "Unités mobiles : fréquentation et kilos par arrêt" in page
    csv = client.get("/rapports/tableau.csv", query_string=PERIOD | {"table": "arrets"}).get_data(as_text=True)
    lines = csv.lstrip("\ufeff").splitlines()
    assert lines[0] == ("Arrêt;Foyers servis;Passages (ligne payante);Distributions gratuites FSE+;"
                        "Kilos ligne payante;Kilos gratuits FSE+")
    assert lines[1:] == ["06/05 Lectoure (Crr1);1;1;1;1.000;2.000", "07/05 Saint-Clar (Crr1) — annulé;0;0;0;0.000;0.000"]
