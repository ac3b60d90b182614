"""The computer corner: slots cut from the opening hours, bookings by card or anonymous, with a
volunteer when needed; bad slots refused in French; anonymous figures; the purge of card numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from activities import computer, skills
from activities.enums import Side, Skill
from activities.models import ComputerBooking, RightsProcedure
from activities.slots import day_slots
from gers.cli import build_cli
from households import privacy
from households.documents import export_pdf
from households.models import Household
from tests.activities.conftest import NOW
from tests.activities.test_workshops import text


def bookings(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(ComputerBooking))


def test_slots_fit_wholly_inside_the_opening_hours():
    assert day_slots([(dt.time(9), dt.time(10, 15)), (dt.time(14), dt.time(15))], 30) == [
        dt.time(9), dt.time(9, 30), dt.time(14), dt.time(14, 30)]
    assert day_slots([], 30) == []


@pytest.fixture
def caf(session, place) -> RightsProcedure:
    computer.add_usual_procedures(session, "CENTRAL")
    session.commit()
    return session.scalar(select(RightsProcedure).where(RightsProcedure.name == "CAF"))


def test_book_by_card_with_a_volunteer_then_anonymously(counter, place, caf, session, client):
    page = text(client.get("/activites/informatique"))  # Wednesday 25, 11:00 in Paris: 11:00 and 11:30 are left
    assert "09:00 Passé" in page and "11:00 Libre" in page and "11:30 Libre" in page
    booked = counter("/informatique", day="2026-11-25", time="11:00", procedure_id=str(caf.id), with_volunteer="1",
                     card=place.card)
    assert booked.status_code == 302
    assert counter("/informatique", day="2026-11-27", time="14:30").status_code == 302  # Friday, anonymous
    rows = session.scalars(select(ComputerBooking).order_by(ComputerBooking.starts_at)).all()
    assert [(r.starts_at, r.card_number, r.with_volunteer, r.owner_node) for r in rows] == [
        (dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC), place.card, True, "AUCH"),
        (dt.datetime(2026, 11, 27, 13, 30, tzinfo=dt.UTC), None, False, "AUCH")]
    figures = computer.usage_figures(session, place.site.id)
    assert [(f.month, f.procedure, f.bookings, f.with_volunteer) for f in figures] == [
        ("2026-11", "Autre", 1, 0), ("2026-11", "CAF", 1, 1)]


@pytest.mark.parametrize(("form", "message"), [
    ({"time": "09:30"}, "Ce créneau est passé"),
    ({"time": "11:15"}, "Ce créneau n'existe pas"),
    ({"day": "2026-11-26", "time": "11:00"}, "Ce créneau n'existe pas"),  # Thursday: closed
    ({"time": "11:00", "card": "GS-999999"}, "Cette carte n'est pas connue de ce site"),
    ({"time": "11:00", "card": "12345678901234"}, "Cette carte n'est pas connue de ce site"),
    ({"time": "11:00", "card": "condom"}, "Cette carte n'est pas connue de ce site"),
    ({"time": "onze heures"}, "Créneau : indiquez une heure comme 09:30."),
    ({"time": "11:00", "procedure_id": "CAF"}, "Démarche : choisissez dans la liste."),
])
def test_bad_bookings_are_refused_in_french_with_nothing_recorded(counter, place, session, form, message):
    if form.get("card") == "condom":
        form = {**form, "card": place.condom_card}
    response = counter("/informatique", **{"day": "2026-11-25", **form})
    assert response.status_code == 422 and message in text(response)
    assert bookings(session) == 0


def test_a_slot_is_booked_once_and_freed_by_cancelling(counter, place, session):
    assert counter("/informatique", day="2026-11-25", time="11:30").status_code == 302
    taken = counter("/informatique", day="2026-11-25", time="11:30")
    assert taken.status_code == 422 and "déjà réservé" in text(taken)
    booking = session.scalar(select(ComputerBooking))
    assert counter(f"/informatique/{booking.id}/annuler").status_code == 302
    assert counter("/informatique", day="2026-11-25", time="11:30").status_code == 302
    assert bookings(session) == 2


def test_the_purge_removes_old_card_numbers_only(app, place, session, tmp_path):
    old = computer.book(session, computer.BookingInput(dt.date(2026, 11, 25), dt.time(11), None, False, place.card),
                        site_id=place.site.id, minutes=30, now=NOW, owner_node="AUCH")
    recent = computer.book(session, computer.BookingInput(dt.date(2026, 11, 27), dt.time(14), None, True, place.card),
                           site_id=place.site.id, minutes=30, now=NOW, owner_node="AUCH")
    session.commit()
    later = NOW + dt.timedelta(days=31)
    report = computer.purge(session, now=later, days=30, apply=False)
    assert (report.count, report.applied) == (1, False) and "Simulation" in report.text()
    session.expire_all()
    assert session.get(ComputerBooking, old.id).card_number == place.card
    report = computer.purge(session, now=later, days=30, apply=True)
    session.commit()
    session.expire_all()
    assert report.count == 1 and "1 réservation(s)" in report.text() and "ont perdu" in report.text()
    assert session.get(ComputerBooking, old.id).card_number is None
    assert session.get(ComputerBooking, recent.id).card_number == place.card
    assert [(f.bookings, f.with_volunteer) for f in computer.usage_figures(session, None)] == [(2, 1)]


def test_the_purge_command_is_a_dry_run_by_default(app, place, session, tmp_path):
    computer.book(session, computer.BookingInput(dt.date(2026, 11, 25), dt.time(11), None, False, place.card),
                  site_id=place.site.id, minutes=30, now=NOW, owner_node="AUCH")
    session.commit()
    folder = tmp_path / "cli-instance"
    folder.mkdir(mode=0o700)
    (folder / "gers.toml").write_text(f'role = "site"\nnode_code = "AUCH"\ndatabase_url = "{app.config["DATABASE_URL"]}"\n')
    result = CliRunner().invoke(build_cli(), ["activities", "purge", "--instance", str(folder), "--jours", "0"])
    assert result.exit_code == 0, result.output
    assert "perdraient leur numéro de carte" in result.output and "--appliquer" in result.output
    applied = CliRunner().invoke(build_cli(), ["activities", "purge", "--instance", str(folder), "--jours", "0",
                                               "--appliquer"])
    assert applied.exit_code == 0 and "ont perdu leur numéro de carte" in applied.output
    session.expire_all()
    assert session.scalar(select(ComputerBooking.card_number)) is None


def test_coordinators_write_the_procedures_on_central_only(counter, place, client):
    page = text(client.get("/activites/demarches"))
    assert "la coordination les écrit sur le serveur central" in page
    assert "Ajouter la démarche" not in page


def test_the_right_of_access_export_lists_the_households_activities(app, counter, place, caf, session):
    """RGPD art. 15: the registry's export holds the workshops, the bourse and the computer bookings."""
    assert counter("/informatique", day="2026-11-25", time="11:00", procedure_id=str(caf.id), with_volunteer="1",
                   card=place.card).status_code == 302
    household = session.scalar(select(Household).where(Household.card_number == place.card))
    skills.add_entry(session, site_id=place.site.id, side=Side.OFFER, skill=Skill.REPAIRS, detail="Vélos",
                     card=place.card, pseudonym="", owner_node="AUCH")
    session.commit()
    data = privacy.export_household(session, household, purchases=lambda _s, _id: [],
                                    activities=app.extensions[privacy.ACTIVITIES])
    shown = data["activites"]
    assert [(w["atelier"], w["site"], w["annulee"]) for w in shown["ateliers"]] == [
        ("Anti-gaspillage", "Épicerie solidaire d'Auch", False)]
    assert [(e["sens"], e["detail"]) for e in shown["bourse_des_competences"]] == [("Propose", "Vélos")]
    assert [(b["creneau"], b["demarche"], b["avec_benevole"]) for b in shown["point_informatique"]] == [
        ("2026-11-25T10:00:00+00:00", "CAF", True)]
    other = session.scalar(select(Household).where(Household.card_number == place.condom_card))
    assert privacy.export_household(session, other, purchases=lambda _s, _id: [],
                                    activities=app.extensions[privacy.ACTIVITIES])["activites"] == {
        "ateliers": [], "bourse_des_competences": [], "point_informatique": []}
    pdf = export_pdf(data, "Gers Solidaire", compress=False)
    assert b"Ateliers, bourse des comp" in pdf and b"Anti-gaspillage" in pdf
