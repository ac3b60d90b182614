"""The activities' rows travel by the nightly sync: central's workshops and procedures go down (a
workshop only to its site), the node's registrations, bookings and offers come up; places left stay
right on both nodes because no row has two writers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from activities import computer, skills, workshops
from activities.enums import Channel, Side, Skill, WorkshopTopic
from activities.models import ComputerBooking, RightsProcedure, SkillEntry, Workshop, WorkshopRegistration
from demo.households_demo import till_cards
from gers.clock import paris_today
from households.models import Household
from inventory.models import Site
from tests.conftest import BOTH_BACKENDS
from tests.sync.inprocess import NOW


def _plan(session, code: str, places: int) -> Workshop:
    site_id = session.scalar(select(Site.id).where(Site.code == code))
    return workshops.create(session, workshops.WorkshopInput(
        site_id=site_id, topic=WorkshopTopic.BUDGET, title=f"Budget à {code}", starts_at=NOW + dt.timedelta(days=3),
        place="Salle", places=places), now=NOW, owner_node="CENTRAL")


def test_workshops_go_down_registrations_come_up_and_places_left_agree(central, auch, central_session):
    session = central_session
    auch_workshop, condom_workshop = _plan(session, "AUCH", 2), _plan(session, "CONDOM", 5)
    computer.add_usual_procedures(session, "CENTRAL")
    cards = till_cards(session, "AUCH", paris_today(NOW), 2)
    session.commit()
    auch.sync()
    with auch.session() as node:
        site_id = node.scalar(select(Site.id).where(Site.code == "AUCH"))
        assert node.get(Workshop, auch_workshop.id) is not None and node.get(Workshop, condom_workshop.id) is None
        assert node.scalar(select(func.count()).select_from(RightsProcedure)) == 5
        here = node.get(Workshop, auch_workshop.id)
        for card in cards:
            workshops.register(node, here, card, site_id=site_id, channel=Channel.COUNTER, now=NOW, owner_node="AUCH")
        day = next(NOW.date() + dt.timedelta(days=n) for n in range(1, 8)
                   if computer.slots_of(node, site_id, NOW.date() + dt.timedelta(days=n), 30))
        first = computer.slots_of(node, site_id, day, 30)[0]
        computer.book(node, computer.BookingInput(day, first, None, True), site_id=site_id, minutes=30, now=NOW,
                      owner_node="AUCH")
        skills.add_entry(node, site_id=site_id, side=Side.OFFER, skill=Skill.SEWING, detail="", card="",
                         pseudonym="Fil d'or", owner_node="AUCH")
        node.commit()
    # Meanwhile the coordination gives the workshop one more place: its own row, nobody else's.
    workshops.update(session, auch_workshop, workshops.WorkshopInput(
        site_id=auch_workshop.site_id, topic=WorkshopTopic.BUDGET, title="Budget à AUCH",
        starts_at=auch_workshop.starts_at, place="Salle", places=3), now=NOW, node="CENTRAL")
    session.commit()
    auch.sync()
    session.expire_all()
    assert [line.places_left for line in workshops.upcoming(session, auch_workshop.site_id, NOW)] == [1]
    owners = session.scalars(select(WorkshopRegistration.owner_node)).all()
    assert owners == ["AUCH", "AUCH"]
    assert session.scalar(select(func.count()).select_from(ComputerBooking)) == 1
    assert session.scalar(select(SkillEntry.pseudonym)) == "Fil d'or"
    with auch.session() as node:
        assert [line.places_left for line in workshops.upcoming(node, auch_workshop.site_id, NOW)] == [1]
        assert node.get(Workshop, auch_workshop.id).places == 3


@BOTH_BACKENDS
def test_a_registration_of_a_household_deleted_on_central_meanwhile_still_goes_up(central, auch, central_session):
    session = central_session
    workshop = _plan(session, "AUCH", 4)
    card = till_cards(session, "AUCH", paris_today(NOW), 1)[0]
    session.commit()
    auch.sync()
    with auch.session() as node:
        site_id = node.scalar(select(Site.id).where(Site.code == "AUCH"))
        workshops.register(node, node.get(Workshop, workshop.id), card, site_id=site_id, channel=Channel.KIOSK,
                           now=NOW, owner_node="AUCH")
        node.commit()
    # The retention purge deletes the household on central before the node's night (privacy.py).
    session.delete(session.scalar(select(Household).where(Household.card_number == card)))
    session.commit()
    summary = auch.sync()
    assert summary.up["workshop_registration"] == 1
    session.expire_all()
    assert [line.taken for line in workshops.upcoming(session, workshop.site_id, NOW)] == [1]
    assert session.scalar(select(Household).where(Household.card_number == card)) is None
    # The place still counts; the link to the deleted household does not survive on central.
    assert session.scalar(select(WorkshopRegistration.household_id)) is None
