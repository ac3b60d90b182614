"""Household files, requests and commission decisions against a real (migrated) database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from households import commission, registry, rules
from households.access_models import AccessPeriod, AccessRequest
from households.composition import composition
from households.eligibility import Figures
from households.enums import (
    AccessKind,
    AuditAction,
    HouseholdType,
    Outcome,
    PeriodKind,
    ReferralReason,
    RequestStatus,
)
from households.errors import HouseholdError, InvalidInput
from households.grant_models import AllowanceGrant
from households.models import Household, HouseholdContact
from households.registry import ContactInput
from households.settings_models import CategoryRule, NetworkRules, SiteRules
from households.tiers import tier_value
from tests.conftest import BOTH_BACKENDS
from tests.households.helpers import NOW, TODAY, household_input, request_input

D = Decimal


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@BOTH_BACKENDS
def test_registering_gives_the_next_card_number_and_keeps_contacts_apart(session, auch):
    first = registry.register(session, household_input(auch, 1980), actor=None, now=NOW, owner_node="CENTRAL",
                              today=TODAY)
    second = registry.register(session, household_input(
        auch, 1985, 2024, kind=HouseholdType.SINGLE_PARENT, contact=ContactInput(phone="05 62 00 00 00")),
        actor=None, now=NOW, owner_node="CENTRAL", today=TODAY)
    session.commit()
    assert (first.card_number, second.card_number) == ("GS-000001", "GS-000002")
    assert [m.birth_year for m in second.members] == [1985, 2024]
    contact = session.scalar(select(HouseholdContact))
    assert contact.household_id == second.id and contact.phone == "05 62 00 00 00"
    assert HouseholdContact.__table__.info == {"central_only": True}
    trail = registry.audit_trail(session, second.id)
    assert [entry.action for entry in trail] == [AuditAction.CREATED]


def test_every_table_with_personal_or_decision_data_is_marked_central_only():
    from gers.db import Base

    central_only = {name for name, table in Base.metadata.tables.items()
                    if table.info.get("central_only") and not name.startswith("sync_")}  # sync: tests/sync
    assert central_only == {"household_contact", "household_audit", "access_request", "commission_session",
                            "commission_decision",
                            # the collectes' volunteers (names) and the shops' figures stay at central
                            "collecte", "collecte_shop", "collecte_shift", "collecte_volunteer", "collecte_result"}


@pytest.mark.parametrize("years,fields,errors", [
    ((2030,), {}, {"members": "L'année de naissance 2030 est dans le futur."}),
    ((), {}, {"members": "Indiquez au moins une personne (année de naissance)."}),
    ((1980,), {"participation_rate": D("5")},
     {"participation_rate": "Le taux de participation doit être compris entre 10 % et 30 % du prix "
                            "habituel (charte ANDES)."}),
    ((1980,), {"card_number": "XX-12"}, {"card_number": "« XX-12 » n'est pas une carte du réseau : les cartes "
                                          "portent un numéro « GS-000123 ». Carte d'un autre réseau ? Orientez "
                                          "la personne vers l'accueil."}),
])
def test_bad_household_input_gets_a_message_and_nothing_is_saved(session, auch, years, fields, errors):
    data = household_input(auch, *years, **fields)
    if not years:
        data = type(data)(**{**data.__dict__, "members": ()})
    with pytest.raises(InvalidInput) as refused:
        registry.register(session, data, actor=None, now=NOW, owner_node="CENTRAL", today=TODAY)
    assert refused.value.errors == errors
    session.rollback()
    assert count(session, Household) == 0


def test_a_duplicate_card_number_is_refused(session, register, auch):
    register(1980, card_number="GS-000042")
    with pytest.raises(InvalidInput) as refused:
        registry.register(session, household_input(auch, 1990, card_number="gs000042"), actor=None, now=NOW,
                          owner_node="CENTRAL", today=TODAY)
    assert refused.value.errors == {"card_number": "Le numéro de carte GS-000042 est déjà attribué à un autre foyer."}
    assert registry.next_card_number(session, session.scalar(select(NetworkRules))) == "GS-000043"


def test_request_keeps_the_assessment_with_the_site_threshold(session, register, auch):
    session.add(SiteRules(site_id=auch.id, eligibility_method=commission.EligibilityMethod.RAV_PERSONS,
                          rav_threshold=D("7.00"), qf_threshold=D("600"), participation_rate=D("10"),
                          owner_node="CENTRAL"))
    household = register(1980)
    request = commission.submit_request(session, household, request_input(), actor=None, now=NOW,
                                        owner_node="CENTRAL")
    assert (request.result_value, request.threshold, request.below_threshold) == (D("10.00"), D("7.00"), False)
    with pytest.raises(InvalidInput) as again:
        commission.submit_request(session, household, request_input(), actor=None, now=NOW, owner_node="CENTRAL")
    assert again.value.errors == {"form": "Une demande attend déjà la commission pour ce foyer."}


def test_bad_request_figures_are_refused_field_by_field(session, register):
    household = register(1980)
    with pytest.raises(InvalidInput) as refused:
        commission.submit_request(session, household, request_input(
            referring_organisation=" ", requested_months=12, figures=Figures(D("-5"), D("-1"), 0)),
            actor=None, now=NOW, owner_node="CENTRAL")
    assert refused.value.errors == {
        "referring_organisation": "Indiquez l'organisme qui oriente le foyer.",
        "requested_months": "La durée demandée doit être comprise entre 3 et 6 mois.",
        "monthly_resources": "Les ressources ne peuvent pas être négatives.",
        "fixed_charges": "Les charges ne peuvent pas être négatives.",
        "persons": "Le foyer compte au moins une personne."}
    session.rollback()
    assert count(session, AccessRequest) == 0


def test_a_request_keeps_its_referral_reasons_and_needs_one(session, register):
    household = register(1980)
    with pytest.raises(InvalidInput) as refused:
        commission.submit_request(session, household, request_input(reasons=()), actor=None, now=NOW,
                                  owner_node="CENTRAL")
    assert refused.value.errors == {"referral_reasons": "Choisissez au moins un motif."}
    request = commission.submit_request(session, household, request_input(
        reasons=(ReferralReason.HOUSING, ReferralReason.JOB_LOSS)), actor=None, now=NOW, owner_node="CENTRAL")
    session.commit()
    session.expire_all()
    stored = session.get(AccessRequest, request.id)
    assert stored.reasons == [ReferralReason.JOB_LOSS, ReferralReason.HOUSING]  # the list's order
    assert stored.reasons_label == "Perte d'emploi, baisse de ressources, Logement (loyer, énergie)"


def test_requests_made_before_the_reasons_show_not_filled_in(session, register):
    request = commission.submit_request(session, register(1980), request_input(), actor=None, now=NOW,
                                        owner_node="CENTRAL")
    request.referral_reasons = ""  # what the migration leaves on older rows
    assert (request.reasons, request.reasons_label) == ([], "Non renseigné")


@BOTH_BACKENDS
def test_favourable_decision_opens_access_and_grant_with_tiers_supplements_and_quotas(session, register, build):
    oil = build.category(code="huiles", label="Huiles")
    session.add(CategoryRule(category_id=oil.id, quota_base=1, quota_per_person=1, owner_node="CENTRAL"))
    household = register(1990, 2025, kind=HouseholdType.SINGLE_PARENT)  # one infant
    request = commission.submit_request(session, household, request_input(requested_months=6), actor=None,
                                        now=NOW, owner_node="CENTRAL")
    meeting = commission.open_session(session, site_id=household.home_site_id, held_on=TODAY,
                                      owner_node="CENTRAL")
    items = commission.agenda(session, meeting, TODAY)
    assert [(i.card_number, i.composition, i.requested_months) for i in items] == [
        (household.card_number, "1 adulte, 1 enfant", 6)]
    commission.decide(session, meeting, subject_id=request.id, outcome=Outcome.FAVOURABLE, duration_months=6,
                      note="Projet : dette EDF", actor=None, now=NOW, owner_node="CENTRAL")
    session.commit()
    period = session.scalar(select(AccessPeriod))
    assert (period.kind, period.starts_on, period.ends_on) == (AccessKind.INITIAL, TODAY, dt.date(2027, 5, 27))
    grant = session.scalar(select(AllowanceGrant))
    assert (grant.base_value, grant.value) == (D("25.00"), D("35.00"))  # 20 + 5 per child, + 10 infant
    assert [(s.code, s.count) for s in grant.supplements] == [("nourrisson", 1)]
    assert [(s.site_id, s.percent) for s in grant.shares] == [(household.home_site_id, D("100.00"))]
    assert [(limit.category_id, limit.quantity) for limit in grant.category_limits] == [(oil.id, 3)]
    assert request.status is RequestStatus.GRANTED
    assert commission.agenda(session, meeting, TODAY) == []


def test_adjourned_file_comes_back_and_unfavourable_closes_it(session, register):
    household = register(1980)
    request = commission.submit_request(session, household, request_input(), actor=None, now=NOW,
                                        owner_node="CENTRAL")
    first = commission.open_session(session, site_id=None, held_on=TODAY, owner_node="CENTRAL")
    commission.decide(session, first, subject_id=request.id, outcome=Outcome.ADJOURNED, duration_months=None,
                      note="Pièces manquantes", actor=None, now=NOW, owner_node="CENTRAL")
    assert commission.agenda(session, first, TODAY) == []  # decided in this session
    commission.close_session(first, NOW)
    with pytest.raises(HouseholdError, match="Cette commission est close"):
        commission.decide(session, first, subject_id=request.id, outcome=Outcome.FAVOURABLE,
                          duration_months=3, note="", actor=None, now=NOW, owner_node="CENTRAL")
    second = commission.open_session(session, site_id=None, held_on=TODAY + dt.timedelta(days=30),
                                     owner_node="CENTRAL")
    assert [item.subject_id for item in commission.agenda(session, second, TODAY)] == [request.id]
    commission.decide(session, second, subject_id=request.id, outcome=Outcome.UNFAVOURABLE, duration_months=None,
                      note="", actor=None, now=NOW, owner_node="CENTRAL")
    assert request.status is RequestStatus.REFUSED
    history = commission.decisions_of(session, household.id)
    assert sorted(d.outcome_label for d in history) == ["Ajourné", "Défavorable"]
    assert count(session, AccessPeriod) == 0


def test_renewal_follows_the_current_access_then_waiting_refuses(session, register, grant_access):
    household = register(1980)
    grant_access(household, TODAY, 3)  # 28/11/2026 → 27/02/2027
    renewal_meeting = dt.date(2027, 2, 15)
    grant_access(household, renewal_meeting, 3)
    periods = commission.periods_of(session, household.id)
    assert [(p.kind, p.starts_on, p.ends_on) for p in periods] == [
        (AccessKind.INITIAL, TODAY, dt.date(2027, 2, 27)),
        (AccessKind.RENEWAL, dt.date(2027, 2, 28), dt.date(2027, 5, 27))]
    request = commission.submit_request(session, household, request_input(), actor=None, now=NOW,
                                        owner_node="CENTRAL")
    meeting = commission.open_session(session, site_id=None, held_on=dt.date(2027, 6, 10), owner_node="CENTRAL")
    with pytest.raises(InvalidInput) as refused:
        commission.decide(session, meeting, subject_id=request.id, outcome=Outcome.FAVOURABLE,
                          duration_months=3, note="", actor=None, now=NOW, owner_node="CENTRAL")
    assert refused.value.errors["starts_on"].startswith("Délai de carence jusqu'au 27/08/2027")
    session.rollback()
    assert len(commission.periods_of(session, household.id)) == 2


@BOTH_BACKENDS
@pytest.mark.parametrize("birth_years,monthly,weekly", [
    ((1980, 1982, TODAY.year - 17), D("35.00"), D("31.50")),  # couple + a 17-year-old child
    ((1980, 1982, TODAY.year - 19), D("40.00"), D("36.00")),  # couple + a 19-year-old adult: more, not less
    ((1950,) * 8, D("50.00"), D("81.00")),  # eight adults: the monthly cap, not the couple's 30 €
    ((1980,), D("20.00"), D("18.00")),  # DOMAIN.md defaults kept
    ((1980, 1982), D("30.00"), D("27.00")),
])
def test_seeded_tiers_count_every_person(session, birth_years, monthly, weekly):
    members = composition(birth_years, TODAY)
    tiers = rules.tiers(session)
    assert tier_value(tiers, PeriodKind.MONTHLY, members) == monthly
    assert tier_value(tiers, PeriodKind.WEEKLY, members) == weekly
