"""A social worker attached to a site works on that site's households only: home site, an allowance
share or an access granted there, or a file they created. Network staff (coordination,
administration, departmental social workers with no site) see the whole registry. Another site's
household or commission answers 404: the page reveals nothing, not even that the card exists."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from gers.models import Role
from households import commission, emergency, grants
from households.access_models import AccessRequest, CommissionDecision, CommissionSession
from households.registry import find
from inventory.enums import SiteKind
from tests.conftest import csrf_token
from tests.households.helpers import NOW, TODAY, request_input


@pytest.fixture
def condom(make_site):
    return make_site(code="CONDOM", name="Épicerie de Condom")


@pytest.fixture
def files(session, auch, condom, register, grant_access):
    """Cards: Auch's, Condom's, Condom's with a 30 % share at Auch, Condom's with an emergency at Auch."""
    ours, theirs, shared, rescued = (register(1980), register(1981, site=condom), register(1982, site=condom),
                                     register(1983, site=condom))
    grant_access(shared)  # the favourable decision opened a grant, 100 % at Condom
    granted = grants.grants_of(session, shared.id)[0]
    grants.set_shares(session, granted, {condom.id: Decimal("70"), auch.id: Decimal("30")}, actor=None,
                      now=NOW, owner_node="CENTRAL")
    emergency.grant_emergency(session, rescued, site_id=auch.id, actor=None, today=TODAY, now=NOW,
                              owner_node="CENTRAL", override_reason="")
    session.commit()
    return {"ours": ours.card_number, "theirs": theirs.card_number, "shared": shared.card_number,
            "rescued": rescued.card_number}


@pytest.fixture
def auch_worker(client, login, make_user, auch):
    make_user(username="sam", role=Role.SOCIAL_WORKER, password="assistante-auch-2026", site_id=auch.id)
    assert login("sam", "assistante-auch-2026").status_code == 302
    return client


def _links(page: str) -> set[str]:
    return set(re.findall(r'href="/foyers/(GS-\d+)"', page))


def test_the_list_and_the_search_show_only_the_sites_households(auch_worker, files):
    assert _links(auch_worker.get("/foyers/").get_data(as_text=True)) == {
        files["ours"], files["shared"], files["rescued"]}
    searched = auch_worker.get(f"/foyers/?carte={files['theirs']}")
    assert searched.status_code == 200 and _links(searched.get_data(as_text=True)) == set()


@pytest.mark.parametrize("page", ["", "/modifier", "/demande", "/carte.pdf", "/export.json", "/export.pdf"])
def test_another_sites_household_by_url_is_not_found(auch_worker, files, page):
    assert auch_worker.get(f"/foyers/{files['theirs']}{page}").status_code == 404
    assert auch_worker.get(f"/foyers/{files['ours']}{page}").status_code == 200


@pytest.mark.parametrize("page", ["/modifier", "/demande", "/evaluation"])
def test_another_sites_household_cannot_be_written(auch_worker, files, session, page):
    token = csrf_token(auch_worker, "/foyers/")
    answer = auch_worker.post(f"/foyers/{files['theirs']}{page}", data={
        "csrf_token": token, "household_type": "single", "member_year_0": "1990", "commune": "Ailleurs",
        "referring_organisation": "CCAS", "requested_months": "3", "monthly_resources": "900",
        "fixed_charges": "600", "persons": "1"})
    assert answer.status_code == 404
    theirs = find(session, files["theirs"])
    assert theirs.commune == "Auch" and session.scalars(
        select(AccessRequest).where(AccessRequest.household_id == theirs.id)).all() == []


def test_a_card_sheet_with_another_sites_card_is_not_found(auch_worker, files):
    assert auch_worker.get(f"/foyers/cartes.pdf?numeros={files['ours']},{files['theirs']}").status_code == 404
    assert auch_worker.get(f"/foyers/cartes.pdf?numeros={files['ours']},{files['shared']}").status_code == 200


def test_a_share_or_an_emergency_at_the_site_opens_the_file(auch_worker, files):
    assert auch_worker.get(f"/foyers/{files['shared']}").status_code == 200
    assert auch_worker.get(f"/foyers/{files['rescued']}").status_code == 200


def test_a_household_the_worker_registers_elsewhere_stays_theirs(auch_worker, condom):
    answer = auch_worker.post("/foyers/nouveau", data={
        "csrf_token": csrf_token(auch_worker, "/foyers/nouveau"), "home_site_id": str(condom.id),
        "household_type": "single", "commune": "Condom", "member_year_0": "1975", "member_sex_0": "F"})
    assert answer.status_code == 302
    assert auch_worker.get(answer.headers["Location"]).status_code == 200


@pytest.mark.parametrize("who", ["departmental", "coordinator"])
def test_network_staff_see_the_whole_registry(client, login, make_user, files, who):
    role = Role.SOCIAL_WORKER if who == "departmental" else Role.COORDINATOR
    make_user(username="net", role=role, password="reseau-gers-2026")  # no site: the whole département
    login("net", "reseau-gers-2026")
    assert _links(client.get("/foyers/").get_data(as_text=True)) == set(files.values())
    assert client.get(f"/foyers/{files['theirs']}").status_code == 200


def test_commission_screens_are_the_sites_own(auch_worker, session, auch, condom, files):
    ours = commission.open_session(session, site_id=auch.id, held_on=TODAY, owner_node="CENTRAL")
    theirs = commission.open_session(session, site_id=condom.id, held_on=TODAY.replace(day=20),
                                     owner_node="CENTRAL")
    session.commit()
    listing = auch_worker.get("/foyers/commissions/").get_data(as_text=True)
    assert f"/foyers/commissions/{ours.id}" in listing and f"/foyers/commissions/{theirs.id}" not in listing
    token = csrf_token(auch_worker, "/foyers/commissions/")
    assert auch_worker.get(f"/foyers/commissions/{theirs.id}").status_code == 404
    assert auch_worker.post(f"/foyers/commissions/{theirs.id}/cloture", data={"csrf_token": token}).status_code == 404
    assert auch_worker.get(f"/foyers/commissions/{ours.id}").status_code == 200


def test_a_decision_on_another_sites_request_is_not_found(auch_worker, session, auch, files):
    request = commission.submit_request(session, find(session, files["theirs"]), request_input(), actor=None,
                                        now=NOW, owner_node="CENTRAL")
    ours = commission.open_session(session, site_id=auch.id, held_on=TODAY, owner_node="CENTRAL")
    session.commit()
    answer = auch_worker.post(f"/foyers/commissions/{ours.id}/decision", data={
        "csrf_token": csrf_token(auch_worker, "/foyers/commissions/"), "subject_id": str(request.id),
        "outcome": "favourable", "duration_months": "3"})
    assert answer.status_code == 404
    assert session.scalars(select(CommissionDecision).where(CommissionDecision.request_id == request.id)).all() == []


def test_a_session_opened_by_a_site_worker_is_for_their_site(auch_worker, session, auch, condom):
    answer = auch_worker.post("/foyers/commissions/", data={
        "csrf_token": csrf_token(auch_worker, "/foyers/commissions/"), "held_on": "2026-12-03",
        "site_id": str(condom.id)})
    assert answer.status_code == 302
    meeting = session.scalars(select(CommissionSession)).one()
    assert meeting.site_id == auch.id


def test_a_mobile_units_worker_sees_the_villages_of_its_tour(client, login, make_user, build, session, register,
                                                             condom):
    van = build.site(code="ROUES", name="Croix-Rouge sur roues", kind=SiteKind.MOBILE_UNIT)
    build.opening_slot(van, village="Fourcès")
    on_tour, elsewhere = register(1970, site=condom), register(1971, site=condom)
    on_tour.commune = "Fourcès"
    session.commit()
    make_user(username="vera", role=Role.SOCIAL_WORKER, password="assistante-van-2026", site_id=van.id)
    login("vera", "assistante-van-2026")
    assert client.get(f"/foyers/{on_tour.card_number}").status_code == 200
    assert client.get(f"/foyers/{elsewhere.card_number}").status_code == 404
