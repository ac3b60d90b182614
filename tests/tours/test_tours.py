"""The coordinators' tour screens on central: generate a van's month from its weekly slots, add,
cancel and restore stops, print the month, read the figures per stop."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token
from tests.tours.conftest import TODAY
from tours import services
from tours.calendar_pdf import month_pdf
from tours.models import TourStop

DECEMBER = (dt.date(2026, 12, 1), dt.date(2026, 12, 31))


class Page:
    def __init__(self, response):
        self.status_code, self.text = response.status_code, html.unescape(response.get_data(as_text=True))


def post(client, path, **form):
    return Page(client.post(path, data={"csrf_token": csrf_token(client, "/tournees/"), **form}))


def test_generating_a_month_makes_a_stop_per_weekly_slot_and_twice_adds_nothing(session, tour):
    assert services.generate(session, tour.van.id, *DECEMBER, owner_node="CENTRAL") == 4 + 5  # Mondays, Thursdays
    assert services.generate(session, tour.van.id, *DECEMBER, owner_node="CENTRAL") == 0
    first = session.scalar(select(TourStop).order_by(TourStop.day).limit(1))
    assert (first.day, first.commune, first.insee_code, first.place, first.opens) == (
        dt.date(2026, 12, 3), "Bassoues", "32032", "Halle", dt.time(14))


@pytest.mark.parametrize(("van", "first", "last", "message"), [
    ("other", dt.date(2026, 12, 1), dt.date(2026, 12, 31), "aucun arrêt hebdomadaire"),
    ("van", dt.date(2026, 12, 31), dt.date(2026, 12, 1), "précède son début"),
    ("van", dt.date(2026, 1, 1), dt.date(2027, 1, 2), "Période trop longue"),
])
def test_generating_refuses_in_french(session, tour, van, first, last, message):
    site = tour.van if van == "van" else tour.other_van
    with pytest.raises(services.TourError, match=message):
        services.generate(session, site.id, first, last, owner_node="CENTRAL")


def test_a_coordinator_generates_cancels_restores_and_adds_a_stop(coordinator, session, tour):
    van = str(tour.van.id)
    page = post(coordinator, "/tournees/generer", van=van, du="2026-12-01", au="2026-12-31")
    assert page.status_code == 302
    shown = Page(coordinator.get(f"/tournees/?van={van}&mois=2026-12")).text
    assert shown.count("Saint-Clar") == 4 and shown.count("Bassoues") == 5
    stop = session.scalar(select(TourStop).where(TourStop.day == dt.date(2026, 12, 7)))
    refused = post(coordinator, f"/tournees/arrets/{stop.id}/annuler", motif="  ")
    assert refused.status_code == 422 and "motif de l'annulation" in refused.text
    assert post(coordinator, f"/tournees/arrets/{stop.id}/annuler", motif="Route coupée (travaux)").status_code == 302
    session.expire_all()
    assert (stop.cancelled, stop.note) == (True, "Route coupée (travaux)")
    assert post(coordinator, f"/tournees/arrets/{stop.id}/retablir").status_code == 302
    session.expire_all()
    assert (stop.cancelled, stop.note) == (False, "")
    bad = post(coordinator, "/tournees/arrets", van=van, jour="2026-12-08", de="10:00", a="09:00", commune="Fleurance")
    assert bad.status_code == 422 and "L'heure de fin doit suivre" in bad.text
    bad = post(coordinator, "/tournees/arrets", van=van, jour="2026-12-08", de="10:00", a="11:00", commune="Fleurance",
               insee="ABCDE")
    assert bad.status_code == 422 and "Code INSEE" in bad.text
    twice = post(coordinator, "/tournees/arrets", van=van, jour="2026-12-07", de="10:00", a="11:00", commune="Fleurance")
    assert twice.status_code == 422 and "déjà un arrêt" in twice.text
    assert post(coordinator, "/tournees/arrets", van=van, jour="08/12/2026", de="9h30", a="11:00", commune="Fleurance",
                insee="32132", lieu="Halle").status_code == 302
    added = session.scalar(select(TourStop).where(TourStop.commune == "Fleurance"))
    assert (added.day, added.opens, added.insee_code, added.owner_node) == (dt.date(2026, 12, 8), dt.time(9, 30),
                                                                           "32132", "CENTRAL")


def pdf_text(pdf: bytes) -> bytes:
    return b"".join(re.findall(rb"\((.*?)\) Tj", pdf))


def test_the_months_calendar_is_a_french_a4_pdf_with_cancelled_stops_said(session, tour, coordinator):
    services.generate(session, tour.van.id, *DECEMBER, owner_node="CENTRAL")
    christmas = session.scalar(select(TourStop).where(TourStop.day == dt.date(2026, 12, 24)))
    services.set_cancelled(session, christmas, True, "Veille de Noël")
    session.commit()
    stops = services.stops_between(session, *DECEMBER, tour.van.id)
    pdf = month_pdf("Gers Solidaire", tour.van, 2026, 12, stops, compress=False)
    words = pdf_text(pdf)
    assert pdf.startswith(b"%PDF") and b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf  # A4
    assert b"Croix-Rouge sur roues Nord : tourn\\351e de d\\351cembre 2026" in words
    assert b"lundi 07/12/2026" in words and b"10:00 \\226 12:00" in words and b"Place de la mairie" in words
    assert b"jeudi 24/12/2026" in words and b"annul\\351" in words and b"Veille de No\\353l" in words
    served = coordinator.get(f"/tournees/calendrier.pdf?van={tour.van.id}&mois=2026-12")
    assert served.status_code == 200 and served.mimetype == "application/pdf"


def test_the_figures_page_lists_every_stop_of_the_month(session, tour, coordinator):
    services.generate(session, tour.van.id, TODAY, TODAY + dt.timedelta(days=3), owner_node="CENTRAL")
    session.commit()
    shown = Page(coordinator.get(f"/tournees/chiffres?van={tour.van.id}&mois=2026-11")).text
    assert "Saint-Clar" in shown and "Foyers servis" in shown
    assert coordinator.get("/tournees/chiffres?van=00000000-0000-0000-0000-000000000000").status_code == 404
