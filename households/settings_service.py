"""Coordinators edit the registry's settings: checked values, one row per setting group."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from households import rules
from households.enums import EligibilityMethod, PeriodKind
from households.errors import InvalidInput
from households.settings_models import AllowanceTier, CategoryRule, SiteRules, SupplementRule

# Network settings a coordinator edits: (column, French label, kind, minimum).
NETWORK_FIELDS = (
    ("access_min_months", "Durée minimale d'accès (mois)", int, 1),
    ("access_max_months", "Durée maximale d'accès (mois)", int, 1),
    ("access_default_months", "Durée proposée par défaut (mois)", int, 1),
    ("max_renewals", "Renouvellements possibles", int, 0),
    ("waiting_months", "Délai de carence (mois)", int, 0),
    ("chain_break_months", "Interruption qui termine une suite d'accès (mois, par défaut la carence)", int, 1),
    ("expiring_days", "Alerte « bientôt échu » (jours)", int, 0),
    ("emergency_days", "Durée d'un accès d'urgence (jours)", int, 1),
    ("emergency_max_per_year", "Accès d'urgence au plus sur 12 mois (au-delà : coordination, avec motif)",
     int, 1),
    ("retention_months", "Conservation après le dernier contact (mois)", int, 1),
    ("participation_min", "Participation minimale (%)", Decimal, 0),
    ("participation_max", "Participation maximale (%)", Decimal, 0),
    ("default_participation_rate", "Participation par défaut (%)", Decimal, 0),
    ("default_rav_threshold", "Seuil de reste à vivre par défaut (€/personne/jour)", Decimal, 0),
    ("default_qf_threshold", "Seuil de quotient familial par défaut (€)", Decimal, 0),
)


def update_network(session: Session, values: dict[str, Decimal | int]) -> None:
    network = rules.network_rules(session)
    errors = {name: f"{label} : la valeur doit être au moins {minimum}."
              for name, label, _kind, minimum in NETWORK_FIELDS if values[name] < minimum}
    if values["access_min_months"] > values["access_max_months"]:
        errors["access_max_months"] = "La durée maximale doit être au moins la durée minimale."
    if not values["access_min_months"] <= values["access_default_months"] <= values["access_max_months"]:
        errors["access_default_months"] = "La durée par défaut doit être entre la minimale et la maximale."
    if not values["participation_min"] <= values["default_participation_rate"] <= values["participation_max"] <= 100:
        errors["default_participation_rate"] = "Le taux par défaut doit être entre le minimum et le maximum (≤ 100 %)."
    if errors:
        raise InvalidInput(errors)
    for name, value in values.items():
        setattr(network, name, value)
    session.flush()


def save_tier(session: Session, *, kind: PeriodKind, adults: int, base: Decimal, per_adult: Decimal,
              per_child: Decimal, cap: Decimal | None, owner_node: str) -> AllowanceTier:
    errors = {}
    if adults < 1:
        errors["adults"] = "Un barème vaut pour au moins un adulte."
    if base < 0 or per_child < 0 or (cap is not None and cap < base):
        errors["base_amount"] = "Montants positifs, plafond au moins égal au montant de base."
    if per_adult < per_child:
        errors["per_adult_amount"] = ("Un adulte de plus compte au moins autant qu'un enfant : montant par "
                                      "adulte supplémentaire au moins égal au montant par enfant.")
    if errors:
        raise InvalidInput(errors)
    tier = session.scalar(select(AllowanceTier).where(AllowanceTier.period_kind == kind,
                                                      AllowanceTier.adults == adults))
    if tier is None:
        tier = AllowanceTier(period_kind=kind, adults=adults, owner_node=owner_node)
        session.add(tier)
    tier.base_amount, tier.per_adult_amount, tier.per_child_amount = base, per_adult, per_child
    tier.cap_amount = cap
    session.flush()
    return tier


def save_supplement(session: Session, rule_id: uuid.UUID, *, label: str, under_age: int, amount: Decimal,
                    active: bool) -> None:
    rule = session.get(SupplementRule, rule_id)
    if rule is None:
        raise InvalidInput({"form": "Supplément introuvable."})
    if amount < 0 or under_age < 1 or not label:
        raise InvalidInput({"amount": "Libellé requis, âge d'au moins 1 an et montant positif."})
    rule.label, rule.under_age, rule.amount, rule.active = label, under_age, amount, active
    session.flush()


def save_site_rules(session: Session, site_id: uuid.UUID, *, method: EligibilityMethod, rav_threshold: Decimal,
                    qf_threshold: Decimal, participation_rate: Decimal, card_first: int | None,
                    card_last: int | None, owner_node: str) -> SiteRules:
    network = rules.network_rules(session)
    errors = {}
    try:
        rules.rate_bounds(network).check(participation_rate)
    except InvalidInput as refused:
        errors.update(refused.errors)
    if rav_threshold < 0 or qf_threshold < 0:
        errors["rav_threshold"] = "Les seuils ne peuvent pas être négatifs."
    if (card_first is None) != (card_last is None) or (
            card_first is not None and not network.central_card_last < card_first <= card_last < 10 ** network.card_digits):
        errors["emergency_card_first"] = (f"Plage de cartes d'urgence : deux numéros croissants au-dessus de "
                                          f"{network.central_card_last} (réservés au central en dessous).")
    if errors:
        raise InvalidInput(errors)
    row = session.scalar(select(SiteRules).where(SiteRules.site_id == site_id))
    if row is None:
        row = SiteRules(site_id=site_id, owner_node=owner_node)
        session.add(row)
    row.eligibility_method, row.rav_threshold, row.qf_threshold = method, rav_threshold, qf_threshold
    row.participation_rate, row.emergency_card_first, row.emergency_card_last = participation_rate, card_first, card_last
    session.flush()
    return row


def save_category_rule(session: Session, category_id: uuid.UUID, *, rate: Decimal | None,
                       quota_base: int | None, quota_per_person: int, owner_node: str) -> None:
    if rate is not None:
        rules.rate_bounds(rules.network_rules(session)).check(rate)
    if (quota_base is not None and quota_base < 0) or quota_per_person < 0:
        raise InvalidInput({"quota_base": "Les quantités ne peuvent pas être négatives."})
    row = session.scalar(select(CategoryRule).where(CategoryRule.category_id == category_id))
    if rate is None and quota_base is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = CategoryRule(category_id=category_id, owner_node=owner_node)
        session.add(row)
    row.participation_rate, row.quota_base, row.quota_per_person = rate, quota_base, quota_per_person
    session.flush()
