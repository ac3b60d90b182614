"""Screens of the registry through the test client: French messages on the field, nothing saved."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from gers.models import Role
from households import commission, emergency, registry
from households.access_models import AccessPeriod, AccessRequest
from households.enums import AccessKind, AuditAction
from households.errors import InvalidInput
from households.grant_models import AllowanceGrant
from households.models import Household, HouseholdAudit
from households.registry import ContactInput
from households.settings_models import AllowanceTier, NetworkRules, SiteRules
from tests.conftest import csrf_token
from tests.households.helpers import NOW, TODAY, household_input, nbsp, request_input


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def signed_in(client, login, social_worker):
    login("sophie", "assistante-2026")
    return client


@pytest.fixture
def coordinator(client, login, make_user):
    make_user(username="claire", role=Role.COORDINATOR, password="coordination-2026")
    login("claire", "coordination-2026")
    return client


def test_registering_a_household_from_the_form(signed_in, session, auch):
    response = signed_in.post("/foyers/nouveau", data={
        "csrf_token": csrf_token(signed_in, "/foyers/nouveau"), "home_site_id": str(auch.id),
        "household_type": "single_parent", "commune": "Auch", "member_year_0": "1988", "member_sex_0": "F",
        "member_year_1": "2019", "member_sex_1": "M", "phone": "05 62 00 00 00"})
    assert response.status_code == 302 and response.headers["Location"] == "/foyers/GS-000001"
    page = signed_in.get("/foyers/GS-000001").get_data(as_text=True)
    assert "Famille monoparentale" in page and "05 62 00 00 00" in page and "Sans accès" in page
    actions = session.scalars(select(HouseholdAudit.action)).all()
    assert actions == [AuditAction.CREATED, AuditAction.VIEWED]


def test_bad_household_form_shows_french_messages_on_the_fields(signed_in, session, auch):
    response = signed_in.post("/foyers/nouveau", data={
        "csrf_token": csrf_token(signed_in, "/foyers/nouveau"), "home_site_id": "",
        "household_type": "single", "member_year_0": "2099", "member_sex_0": "X"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "L&#39;année de naissance 2099 est dans le futur." in page
    assert "Choisissez le site de rattachement (une épicerie sociale du réseau)." in page
    assert 'value="2099"' in page  # the person's input is kept
    assert count(session, Household) == 0


def test_a_member_without_an_explicit_sex_is_refused(signed_in, session, auch):
    response = signed_in.post("/foyers/nouveau", data={
        "csrf_token": csrf_token(signed_in, "/foyers/nouveau"), "home_site_id": str(auch.id),
        "household_type": "couple", "member_year_0": "1980", "member_sex_0": "M", "member_year_1": "1982"})
    assert response.status_code == 422 and count(session, Household) == 0
    assert ("Choisissez le sexe de la personne 2 (« Non précisé » si la personne ne souhaite pas le dire)."
            in response.get_data(as_text=True))
    form = signed_in.get("/foyers/nouveau").get_data(as_text=True)
    assert '<option value="">— choisir —</option>' in form and "selected" not in form.split("member_sex_0")[1][:400]


def test_request_with_live_assessment_then_bad_figures(signed_in, session, register):
    household = register(1980)
    token = csrf_token(signed_in, f"/foyers/{household.card_number}/demande")
    live = signed_in.post(f"/foyers/{household.card_number}/evaluation", headers={"X-CSRFToken": token}, data={
        "method": "rav_persons", "monthly_resources": "900", "fixed_charges": "705,50", "persons": "1"})
    assert live.status_code == 200
    assert nbsp(live.get_json()["explanation"]) == ("Reste à vivre par personne : 6,48 € par personne et par "
                                                    "jour, sous le seuil du site (8,00 €) : le foyer relève de "
                                                    "l'épicerie sociale.")
    bad = signed_in.post(f"/foyers/{household.card_number}/evaluation", headers={"X-CSRFToken": token},
                         data={"method": "rav_persons", "monthly_resources": "-3", "fixed_charges": "0",
                               "persons": "0"})
    assert bad.status_code == 422 and bad.get_json()["errors"] == {
        "monthly_resources": "Les ressources ne peuvent pas être négatives.",
        "persons": "Le foyer compte au moins une personne."}
    refused = signed_in.post(f"/foyers/{household.card_number}/demande", data={
        "csrf_token": token, "referring_organisation": "CCAS", "requested_months": "3", "method": "rav_persons",
        "monthly_resources": "900", "fixed_charges": "-1", "persons": "1"})
    assert refused.status_code == 422 and "Les charges ne peuvent pas être négatives." in refused.get_data(as_text=True)
    assert count(session, AccessRequest) == 0
    unknown = signed_in.post(f"/foyers/{household.card_number}/demande", data={
        "csrf_token": token, "referring_organisation": "CCAS", "requested_months": "3", "method": "rav_persons",
        "monthly_resources": "900", "fixed_charges": "705,50", "persons": "1", "referral_reasons": ["debt", "sante"]})
    assert unknown.status_code == 422 and "Choix inconnu : « sante »." in unknown.get_data(as_text=True)
    saved = signed_in.post(f"/foyers/{household.card_number}/demande", data={
        "csrf_token": token, "referring_organisation": "CCAS", "requested_months": "3", "method": "rav_persons",
        "monthly_resources": "900", "fixed_charges": "705,50", "persons": "1", "referral_reasons": ["debt", "housing"]})
    assert saved.status_code == 302 and count(session, AccessRequest) == 1
    assert session.scalar(select(AccessRequest.referral_reasons)) == "debt,housing"


def test_commission_screen_is_anonymous_and_records_decisions(signed_in, session, register):
    household = register(1980, contact=ContactInput(contact_name="Contact fictif", phone="06 00 00 00 00"))
    request = commission.submit_request(session, household, request_input(referring_worker="Mme Référente"),
                                        actor=None, now=NOW, owner_node="CENTRAL")
    session.commit()
    opened = signed_in.post("/foyers/commissions/", data={"csrf_token": csrf_token(signed_in, "/foyers/commissions/"),
                                                          "held_on": "2026-11-28", "site_id": ""})
    agenda_url = opened.headers["Location"]
    page = signed_in.get(agenda_url).get_data(as_text=True)
    assert household.card_number in page and "1 adulte" in page
    assert "Contact fictif" not in page and "06 00 00 00 00" not in page and "Mme Référente" not in page
    too_long = signed_in.post(f"{agenda_url}/decision", data={
        "csrf_token": csrf_token(signed_in, agenda_url), "subject_id": str(request.id), "outcome": "favourable",
        "duration_months": "9"})
    assert too_long.status_code == 422
    assert "La durée doit être comprise entre 3 et 6 mois." in too_long.get_data(as_text=True)
    assert count(session, AccessPeriod) == 0
    undecided = signed_in.post(f"{agenda_url}/decision", data={
        "csrf_token": csrf_token(signed_in, agenda_url), "subject_id": str(request.id), "duration_months": "3"})
    assert undecided.status_code == 422 and "Choisissez la décision." in undecided.get_data(as_text=True)
    assert count(session, AccessPeriod) == 0
    decided = signed_in.post(f"{agenda_url}/decision", data={
        "csrf_token": csrf_token(signed_in, agenda_url), "subject_id": str(request.id), "outcome": "favourable",
        "duration_months": "3"})
    assert decided.status_code == 302
    assert count(session, AccessPeriod) == 1 and count(session, AllowanceGrant) == 1


def test_card_sheet_and_exports_are_logged(signed_in, session, register):
    first, second = register(1980), register(1990)
    pdf = signed_in.get(f"/foyers/cartes.pdf?numeros={first.card_number},{second.card_number}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    exported = signed_in.get(f"/foyers/{first.card_number}/export.json")
    assert json.loads(exported.data)["foyer"]["card_number"] == first.card_number
    assert signed_in.get(f"/foyers/{first.card_number}/export.pdf").data.startswith(b"%PDF")
    actions = session.scalars(select(HouseholdAudit.action).where(HouseholdAudit.household_id == first.id)).all()
    assert {AuditAction.CARD_PRINTED, AuditAction.EXPORTED} <= set(actions)


def test_coordinator_splits_a_grant_between_sites(coordinator, session, register, grant_access, build):
    van = build.site(code="CRR-SUD", name="Croix-Rouge sur roues – Sud")
    session.commit()
    household = register(1980)
    grant_access(household)
    grant = session.scalar(select(AllowanceGrant))
    url = f"/foyers/{household.card_number}/droits/{grant.id}/parts"
    token = csrf_token(coordinator, url)
    bad = coordinator.post(url, data={"csrf_token": token, f"share_{household.home_site_id}": "60",
                                      f"share_{van.id}": "30"})
    assert bad.status_code == 422
    assert "Les parts doivent totaliser 100 % (total saisi : 90 %)." in bad.get_data(as_text=True)
    ok = coordinator.post(url, data={"csrf_token": token, f"share_{household.home_site_id}": "70",
                                     f"share_{van.id}": "30"})
    assert ok.status_code == 302
    session.expire_all()
    assert sorted(s.percent for s in session.get(AllowanceGrant, grant.id).shares) == [Decimal("30"), Decimal("70")]


def test_coordinator_edits_settings_and_bad_values_are_refused(coordinator, session, auch):
    token = csrf_token(coordinator, "/foyers/parametres/")
    refused = coordinator.post(f"/foyers/parametres/sites/{auch.id}", data={
        "csrf_token": token, "eligibility_method": "rav_parts", "rav_threshold": "9", "qf_threshold": "650",
        "participation_rate": "40"})
    assert refused.status_code == 422
    assert "entre 10 % et 30 % du prix habituel (charte ANDES)" in refused.get_data(as_text=True)
    assert count(session, SiteRules) == 0
    saved = coordinator.post(f"/foyers/parametres/sites/{auch.id}", data={
        "csrf_token": token, "eligibility_method": "rav_parts", "rav_threshold": "9", "qf_threshold": "650",
        "participation_rate": "15", "emergency_card_first": "901000", "emergency_card_last": "901999"})
    assert saved.status_code == 302
    assert session.scalar(select(SiteRules.rav_threshold)) == Decimal("9.00")
    cheap_adult = coordinator.post("/foyers/parametres/baremes", data={
        "csrf_token": token, "period_kind": "weekly", "adults": "2", "base_amount": "25", "per_adult_amount": "3",
        "per_child_amount": "4", "cap_amount": "40"})
    assert cheap_adult.status_code == 422 and count(session, AllowanceTier) == 3
    assert "Un adulte de plus compte au moins autant qu&#39;un enfant" in cheap_adult.get_data(as_text=True)
    tier = coordinator.post("/foyers/parametres/baremes", data={
        "csrf_token": token, "period_kind": "weekly", "adults": "2", "base_amount": "25", "per_adult_amount": "8",
        "per_child_amount": "4", "cap_amount": "40"})
    assert tier.status_code == 302 and count(session, AllowanceTier) == 4
    network = coordinator.post("/foyers/parametres/reseau", data={
        "csrf_token": token, **{name: "3" for name in ("access_min_months", "access_max_months",
                                                         "access_default_months", "max_renewals", "waiting_months",
                                                         "emergency_days", "retention_months", "expiring_days",
                                                         "chain_break_months", "emergency_max_per_year")},
        "access_min_months": "6", "participation_min": "10", "participation_max": "30",
        "default_participation_rate": "10", "default_rav_threshold": "8", "default_qf_threshold": "600"})
    assert network.status_code == 422
    assert "La durée maximale doit être au moins la durée minimale." in network.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(NetworkRules.access_min_months)) == 3


def test_social_workers_cannot_edit_settings_and_cashiers_cannot_open_files(client, login, make_user, signed_in):
    assert signed_in.get("/foyers/parametres/").status_code == 403
    signed_in.post("/deconnexion", data={"csrf_token": csrf_token(signed_in, "/")})
    make_user(username="marie", role=Role.CASHIER, password="benevole-2026")
    login("marie", "benevole-2026")
    assert client.get("/foyers/").status_code == 403


@pytest.mark.parametrize("node_role", ["site"])
def test_coordinator_grants_emergency_access_on_a_site_node(client, login, make_user, session, auch):
    session.add(SiteRules(site_id=auch.id, eligibility_method="rav_persons", rav_threshold=Decimal("8"),
                          qf_threshold=Decimal("600"), participation_rate=Decimal("10"),
                          emergency_card_first=901000, emergency_card_last=901999, owner_node="CENTRAL"))
    session.commit()
    make_user(username="claire", role=Role.COORDINATOR, pin="3456")
    login("claire", "3456")
    assert client.get("/foyers/").status_code == 404  # the registry itself stays on central
    token = csrf_token(client, "/urgence/")
    bad = client.post("/urgence/", data={"csrf_token": token, "household_type": "single", "member_year_0": "2090",
                                         "member_sex_0": "F"})
    assert bad.status_code == 422 and "dans le futur" in bad.get_data(as_text=True)
    done = client.post("/urgence/", data={"csrf_token": token, "household_type": "single", "member_year_0": "1975",
                                          "member_sex_0": "M"},
                       follow_redirects=True)
    assert "Accès d&#39;urgence accordé à la carte GS-901000 jusqu&#39;au" in done.get_data(as_text=True)
    period = session.scalar(select(AccessPeriod))
    assert period.owner_node == "AUCH" and period.granted_at_site_id == auch.id


@pytest.mark.parametrize("node_role", ["site"])
def test_emergency_maximum_is_exceeded_only_by_a_coordinator_with_a_logged_reason(client, login, make_user,
                                                                                  session, auch, app):
    household = registry.register(session, household_input(auch, 1975), actor=None, now=NOW, owner_node="CENTRAL",
                                  today=TODAY)
    for start in (TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=30)):  # two in the last 12 months
        session.add(AccessPeriod(household_id=household.id, kind=AccessKind.EMERGENCY, starts_on=start,
                                 ends_on=start + dt.timedelta(days=13), owner_node="AUCH"))
    session.commit()
    app.extensions["gers.clock"] = lambda: NOW
    make_user(username="claire", role=Role.COORDINATOR, pin="3456", site_id=auch.id)
    login("claire", "3456")
    page = client.get("/urgence/").get_data(as_text=True)
    assert "Motif du dépassement (coordination)" in page
    token = csrf_token(client, "/urgence/")
    refused = client.post("/urgence/", data={"csrf_token": token, "card_number": household.card_number})
    assert refused.status_code == 422
    assert ("Déjà 2 accès d&#39;urgence sur les 12 derniers mois (maximum 2)"
            in refused.get_data(as_text=True))
    assert count(session, AccessPeriod) == 2
    granted = client.post("/urgence/", data={"csrf_token": token, "card_number": household.card_number,
                                             "override_reason": "Incendie du logement, relogement en cours"})
    assert granted.status_code == 302 and count(session, AccessPeriod) == 3
    logged = session.scalar(select(HouseholdAudit.detail).where(HouseholdAudit.household_id == household.id,
                                                                HouseholdAudit.action == AuditAction.EMERGENCY))
    assert logged.endswith("maximum annuel dépassé par la coordination : Incendie du logement, relogement en cours")


def test_only_a_coordinator_may_exceed_the_emergency_maximum(session, register, auch, make_user):
    household = register(1975)
    for start in (TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=30)):
        session.add(AccessPeriod(household_id=household.id, kind=AccessKind.EMERGENCY, starts_on=start,
                                 ends_on=start + dt.timedelta(days=13), owner_node="AUCH"))
    cashier = make_user(username="marie", role=Role.CASHIER, pin="2468")
    with pytest.raises(InvalidInput) as refused:
        emergency.grant_emergency(session, household, site_id=auch.id, actor=cashier, today=TODAY, now=NOW,
                                  owner_node="AUCH", override_reason="Parce que")
    assert refused.value.errors == {"override_reason": "Seule la coordination peut dépasser le maximum "
                                                       "d'accès d'urgence."}
