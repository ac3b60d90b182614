"""The till's view of a card: composition, status, this site's grant, warnings — never a name."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from households import emergency, grants
from households.access import AccessStatus
from households.allowance import Spending, remaining
from households.enums import HouseholdType
from households.errors import ForeignCard, HouseholdError, InvalidInput, UnknownCard
from households.grant_models import AllowanceGrant
from households.services import counter_lookup
from households.settings_models import CategoryRule, SiteRules
from tests.households.helpers import NOW, TODAY, household_input, nbsp

D = Decimal


def test_active_household_seen_from_its_home_site(session, register, grant_access, build, auch):
    coffee = build.category(code="cafe_the", label="Café, thé")
    session.add(CategoryRule(category_id=coffee.id, participation_rate=D("20"), quota_base=2, owner_node="CENTRAL"))
    household = register(1985, 1987, 2015, 2025, kind=HouseholdType.COUPLE_WITH_CHILDREN,
                         participation_rate=D("15"))
    grant_access(household, TODAY, 6)
    seen = counter_lookup(session, "gs 000001", auch.id, TODAY + dt.timedelta(days=20))
    assert (seen.card_number, seen.adults, seen.children) == ("GS-000001", 2, 2)
    assert seen.composition_summary == "2 adultes, 2 enfants"
    assert seen.household_type_label == "Couple avec enfant(s)"
    assert dict(seen.age_bands)["Moins de 3 ans"] == 1 and dict(seen.age_bands)["30 à 64 ans"] == 2
    assert (seen.access_status, seen.access_ends_on, seen.warnings) == (AccessStatus.ACTIVE, dt.date(2027, 5, 27), ())
    grant = seen.grant
    assert grant.site_value == D("50.00")  # 30 + 2×5 = 40, + 10 infant supplement
    assert (grant.period_starts_on, grant.period_ends_on) == (TODAY, dt.date(2026, 12, 27))
    assert grant.participation_rate == D("15.00")  # the household's own rate beats the site's
    assert grant.rates.rate_for("cafe_the") == D("15.00")
    assert [(c.code, c.quantity) for c in grant.category_limits] == [("cafe_the", 2)]
    assert remaining(grant.terms, Spending(D("12.00"), {"cafe_the": 1}), TODAY).allowance == D("38.00")
    assert seen.may_shop
    names = {f.name for f in dataclasses.fields(seen)}
    assert not names & {"name", "contact_name", "phone", "email", "referring_worker"}


def test_expiring_access_warns_the_counter(session, register, grant_access, auch):
    household = register(1980)
    grant_access(household, TODAY, 3)  # ends 27/02/2027
    seen = counter_lookup(session, household.card_number, auch.id, dt.date(2027, 2, 20))
    assert seen.access_status is AccessStatus.EXPIRING and seen.may_shop
    assert seen.warnings == ("L'accès se termine le 27/02/2027 (dans 7 jours) : orientez le foyer vers son "
                             "travailleur social pour le renouvellement.",)


def test_ended_and_waiting_households_cannot_shop(session, register, grant_access, auch):
    household = register(1980)
    grant_access(household, TODAY, 3)
    grant_access(household, dt.date(2027, 2, 20), 3)  # renewal → 27/05/2027
    waiting = counter_lookup(session, household.card_number, auch.id, dt.date(2027, 6, 1))
    assert waiting.access_status is AccessStatus.WAITING and waiting.grant is None and not waiting.may_shop
    assert waiting.warnings == ("Délai de carence jusqu'au 27/08/2027 : pas d'achat possible. La coordination "
                                "peut accorder un accès d'urgence.",)
    ended = counter_lookup(session, household.card_number, auch.id, dt.date(2027, 9, 1))
    assert ended.access_status is AccessStatus.ENDED
    assert ended.warnings == ("Accès terminé le 27/05/2027 : le foyer doit refaire une demande auprès de son "
                              "travailleur social.",)


def test_no_access_yet(session, register, auch):
    household = register(1980)
    seen = counter_lookup(session, household.card_number, auch.id, TODAY)
    assert seen.access_status is AccessStatus.NONE and seen.warnings == ("Aucun accès en cours pour cette carte.",)


def test_another_site_without_a_share_is_warned_then_shares_let_it_serve(session, register, grant_access, build,
                                                                         auch):
    van = build.site(code="CRR-SUD", name="Croix-Rouge sur roues – Sud")
    household = register(1980)
    grant_access(household, TODAY, 3)
    seen = counter_lookup(session, household.card_number, van.id, TODAY)
    assert seen.grant is None and not seen.may_shop
    assert seen.warnings == ("Pas de droit d'achat dans ce site : le foyer est rattaché à « Épicerie solidaire "
                             "d'Auch ».",)
    grant = session.scalar(select(AllowanceGrant))
    with pytest.raises(InvalidInput, match="totaliser 100 %"):
        grants.set_shares(session, grant, {auch.id: D("70"), van.id: D("20")}, actor=None, now=NOW,
                          owner_node="CENTRAL")
    grants.set_shares(session, grant, {auch.id: D("70"), van.id: D("30")}, actor=None, now=NOW,
                      owner_node="CENTRAL")
    session.commit()
    assert counter_lookup(session, household.card_number, van.id, TODAY).grant.site_value == D("6.00")
    assert counter_lookup(session, household.card_number, auch.id, TODAY).grant.site_value == D("14.00")


def test_unknown_and_foreign_cards_raise_french_errors(session, auch):
    with pytest.raises(UnknownCard) as unknown:
        counter_lookup(session, "GS-000999", auch.id, TODAY)
    assert str(unknown.value) == "Carte inconnue : GS-000999. Aucun foyer de ce numéro dans le registre de ce poste."
    with pytest.raises(ForeignCard, match="n'est pas une carte du réseau"):
        counter_lookup(session, "3017620422003", auch.id, TODAY)


def test_site_default_rate_applies_without_override(session, register, grant_access, auch):
    session.add(SiteRules(site_id=auch.id, eligibility_method="rav_persons", rav_threshold=D("8"),
                          qf_threshold=D("600"), participation_rate=D("20"), owner_node="CENTRAL"))
    household = register(1980)
    grant_access(household, TODAY, 3)
    assert counter_lookup(session, household.card_number, auch.id, TODAY).grant.participation_rate == D("20.00")


@pytest.mark.parametrize("node_role", ["site"])
def test_emergency_access_at_a_site_uses_its_card_block(session, build, auch):
    session.add(SiteRules(site_id=auch.id, eligibility_method="rav_persons", rav_threshold=D("8"),
                          qf_threshold=D("600"), participation_rate=D("10"), emergency_card_first=901000,
                          emergency_card_last=901999, owner_node="CENTRAL"))
    household, period = emergency.register_in_emergency(
        session, household_input(auch, 1990, 2023, kind=HouseholdType.SINGLE_PARENT), site_id=auch.id, actor=None,
        today=TODAY, now=NOW, owner_node="AUCH")
    session.commit()
    assert household.card_number == "GS-901000" and household.owner_node == "AUCH"
    assert (period.starts_on, period.ends_on, period.owner_node) == (TODAY, dt.date(2026, 12, 11), "AUCH")
    seen = counter_lookup(session, "GS-901000", auch.id, TODAY)
    assert seen.may_shop and seen.access_status is AccessStatus.EXPIRING
    assert nbsp(seen.warnings[-1]) == ("Accès d'urgence jusqu'au 11/12/2026 : la prochaine commission examinera "
                                       "le dossier.")
    assert emergency.next_emergency_card(session, auch.id) == "GS-901001"
    with pytest.raises(InvalidInput, match="chevauche un accès existant"):
        emergency.grant_emergency(session, household, site_id=auch.id, actor=None, today=TODAY, now=NOW,
                                  owner_node="AUCH")


def test_a_site_without_a_card_block_cannot_issue_emergency_cards(session, auch):
    with pytest.raises(HouseholdError, match="pas de plage de numéros de carte d'urgence"):
        emergency.next_emergency_card(session, auch.id)
