"""Household files on central: register, edit, find by card number, contact details, audit log."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from gers.models import User
from households import rules
from households.enums import AuditAction, HouseholdType, Sex
from households.errors import ForeignCard, HouseholdError, InvalidInput, UnknownCard
from households.models import Household, HouseholdAudit, HouseholdContact, HouseholdMember
from households.settings_models import NetworkRules
from inventory.models import Site

OLDEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class MemberInput:
    birth_year: int
    sex: Sex = Sex.UNSTATED


@dataclass(frozen=True)
class ContactInput:
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    postal_address: str = ""

    def is_empty(self) -> bool:
        return not any((self.contact_name, self.phone, self.email, self.postal_address))


@dataclass(frozen=True)
class HouseholdInput:
    home_site_id: uuid.UUID | None
    household_type: HouseholdType
    members: tuple[MemberInput, ...]
    commune: str = ""
    card_number: str = ""  # blank: the next number of the network
    participation_rate: Decimal | None = None
    contact: ContactInput = field(default_factory=ContactInput)


def record(session: Session, household_id: uuid.UUID, actor: User | None, action: AuditAction,
           now: dt.datetime, owner_node: str, detail: str = "") -> None:
    session.add(HouseholdAudit(household_id=household_id, user_id=actor.id if actor else None,
                               action=action, detail=detail[:250], owner_node=owner_node, created_at=now))


def find(session: Session, card_number: str) -> Household:
    """The household with this card (normalised), or UnknownCard / ForeignCard in French."""
    number = rules.card_format(rules.network_rules(session)).normalise(card_number)
    household = session.scalar(select(Household).where(Household.card_number == number)
                               .options(selectinload(Household.members)))
    if household is None:
        raise UnknownCard(f"Carte inconnue : {number}. Aucun foyer de ce numéro dans le registre "
                          "de ce poste.")
    return household


def search(text: str, limit: int = 50) -> Select[tuple[Household]]:
    """The files whose card holds `text`; the caller narrows it to its scope and runs it."""
    query = select(Household).where(Household.anonymised_at.is_(None))
    text = text.strip().upper().replace(" ", "")
    if text:
        query = query.where(Household.card_number.contains(text))
    return query.order_by(Household.card_number.desc()).limit(limit)


def next_card_number(session: Session, network: NetworkRules) -> str:
    cards = rules.card_format(network)
    ceiling = cards.format(network.central_card_last)
    highest = session.scalar(select(func.max(Household.card_number)).where(
        Household.card_number.startswith(cards.prefix), Household.card_number <= ceiling))
    serial = cards.serial(highest) + 1 if highest else 1
    if serial > network.central_card_last:
        raise HouseholdError("Plus aucun numéro de carte disponible : élargissez la plage du réseau.")
    return cards.format(serial)


def _check(session: Session, data: HouseholdInput, today: dt.date, network: NetworkRules,
           household: Household | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.members:
        errors["members"] = "Indiquez au moins une personne (année de naissance)."
    for member in data.members:
        if member.birth_year > today.year:
            errors["members"] = f"L'année de naissance {member.birth_year} est dans le futur."
        elif member.birth_year < OLDEST_BIRTH_YEAR:
            errors["members"] = f"L'année de naissance {member.birth_year} n'est pas plausible."
    site = session.get(Site, data.home_site_id) if data.home_site_id else None
    if site is None or not site.has_epicerie:
        errors["home_site_id"] = "Choisissez le site de rattachement (une épicerie sociale du réseau)."
    if data.participation_rate is not None:
        try:
            rules.rate_bounds(network).check(data.participation_rate)
        except InvalidInput as refused:
            errors.update(refused.errors)
    if len(data.commune) > 80:
        errors["commune"] = "Le nom de la commune est trop long (80 caractères au plus)."
    return errors


def _card_number(session: Session, data: HouseholdInput, network: NetworkRules,
                 household: Household | None) -> tuple[str | None, dict[str, str]]:
    if not data.card_number.strip():
        return (household.card_number if household else next_card_number(session, network)), {}
    try:
        number = rules.card_format(network).normalise(data.card_number)
    except ForeignCard as foreign:
        return None, {"card_number": str(foreign)}
    taken = session.scalar(select(Household.id).where(Household.card_number == number))
    if taken is not None and (household is None or taken != household.id):
        return None, {"card_number": f"Le numéro de carte {number} est déjà attribué à un autre foyer."}
    return number, {}


def register(session: Session, data: HouseholdInput, *, actor: User | None, now: dt.datetime,
             owner_node: str, today: dt.date) -> Household:
    """A new household file; InvalidInput (French, per field) and nothing added on bad input."""
    network = rules.network_rules(session)
    number, card_errors = _card_number(session, data, network, None)
    errors = {**_check(session, data, today, network, None), **card_errors}
    if errors:
        raise InvalidInput(errors)
    household = Household(card_number=number, owner_node=owner_node, last_contact_at=now)
    _apply(session, household, data, owner_node)
    session.add(household)
    session.flush()
    record(session, household.id, actor, AuditAction.CREATED, now, owner_node, number)
    return household


def update(session: Session, household: Household, data: HouseholdInput, *, actor: User | None,
           now: dt.datetime, owner_node: str, today: dt.date) -> Household:
    network = rules.network_rules(session)
    number, card_errors = _card_number(session, data, network, household)
    errors = {**_check(session, data, today, network, household), **card_errors}
    if errors:
        raise InvalidInput(errors)
    household.card_number = number
    household.last_contact_at = now
    _apply(session, household, data, owner_node)
    session.flush()
    record(session, household.id, actor, AuditAction.UPDATED, now, owner_node)
    return household


def _apply(session: Session, household: Household, data: HouseholdInput, owner_node: str) -> None:
    household.home_site_id = data.home_site_id
    household.household_type = data.household_type
    household.commune = data.commune.strip()
    household.participation_rate = data.participation_rate
    household.members = [HouseholdMember(birth_year=m.birth_year, sex=m.sex, owner_node=owner_node)
                         for m in sorted(data.members, key=lambda m: m.birth_year)]
    if household.id is None:
        household.id = uuid.uuid4()
    save_contact(session, household.id, data.contact, owner_node)


def contact_of(session: Session, household_id: uuid.UUID) -> HouseholdContact | None:
    return session.scalar(select(HouseholdContact).where(HouseholdContact.household_id == household_id))


def save_contact(session: Session, household_id: uuid.UUID, data: ContactInput, owner_node: str) -> None:
    """Central only: the contact row is created, updated, or removed when every field is blank."""
    row = contact_of(session, household_id)
    if data.is_empty():
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = HouseholdContact(household_id=household_id, owner_node=owner_node)
        session.add(row)
    for name in ("contact_name", "phone", "email", "postal_address"):
        setattr(row, name, getattr(data, name).strip())


def audit_trail(session: Session, household_id: uuid.UUID) -> list[HouseholdAudit]:
    return list(session.scalars(select(HouseholdAudit).where(HouseholdAudit.household_id == household_id)
                                .order_by(HouseholdAudit.created_at.desc())))
