"""The « bourse des compétences »: offers and asks by skill, pseudonymous (a card's household or a
volunteer's pseudonym), matched by a coordinator who records the exchange. No contact is ever kept:
the site puts people in touch."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from activities.enums import SKILL_LABELS, Side, Skill
from activities.errors import ActivityError
from activities.models import SkillEntry, SkillExchange
from activities.people import household_here

MAX_HOURS = Decimal("24")


def add_entry(session: Session, *, site_id: uuid.UUID, side: Side, skill: Skill, detail: str, card: str,
              pseudonym: str, owner_node: str) -> SkillEntry:
    """An offer or an ask: by card (a household of this site) or by a volunteer's pseudonym, not both."""
    card, pseudonym = card.strip(), pseudonym.strip()
    if bool(card) == bool(pseudonym):
        raise ActivityError("Indiquez soit un numéro de carte, soit un pseudonyme de bénévole (pas les deux).")
    if pseudonym and any(char in pseudonym for char in "@0123456789"):
        # A pseudonym, not a way to reach someone: no e-mail address, no phone number.
        raise ActivityError("Pseudonyme : pas de numéro de téléphone ni d'adresse e-mail, le site met "
                            "les personnes en relation.")
    household_id = household_here(session, card, site_id).id if card else None
    entry = SkillEntry(site_id=site_id, side=side, skill=skill, detail=detail.strip()[:200],
                       household_id=household_id, pseudonym=pseudonym[:60], owner_node=owner_node)
    session.add(entry)
    session.flush()
    return entry


def close_entry(session: Session, entry: SkillEntry, node: str) -> None:
    if entry.owner_node != node:
        raise ActivityError("Cette annonce a été saisie sur un autre poste : retirez-la là-bas.")
    entry.closed = True
    session.flush()


def open_entries(session: Session, site_id: uuid.UUID | None) -> list[SkillEntry]:
    query = select(SkillEntry).where(~SkillEntry.closed)
    if site_id is not None:
        query = query.where(SkillEntry.site_id == site_id)
    return list(session.scalars(query.order_by(SkillEntry.skill, SkillEntry.created_at)))


def record_exchange(session: Session, offer: SkillEntry, ask: SkillEntry, *, on: dt.date, hours: Decimal,
                    today: dt.date, owner_node: str) -> SkillExchange:
    if offer.side is not Side.OFFER or ask.side is not Side.ASK:
        raise ActivityError("Choisissez une offre et une demande.")
    if offer.site_id != ask.site_id:
        raise ActivityError("L'offre et la demande doivent être du même site.")
    if offer.skill is not ask.skill:
        raise ActivityError("L'offre et la demande ne portent pas sur le même savoir-faire.")
    if not Decimal("0") < hours <= MAX_HOURS:
        raise ActivityError(f"Durée : indiquez un nombre d'heures entre 0,25 et {MAX_HOURS}.")
    if on > today:
        raise ActivityError("Date : l'échange n'a pas encore eu lieu, enregistrez-le après.")
    exchange = SkillExchange(site_id=offer.site_id, offer_id=offer.id, ask_id=ask.id, skill=offer.skill,
                             exchanged_on=on, hours=hours, owner_node=owner_node)
    session.add(exchange)
    session.flush()
    return exchange


@dataclass(frozen=True)
class SkillCount:
    skill: str
    offers: int
    asks: int


def open_counts(session: Session, site_id: uuid.UUID | None) -> list[SkillCount]:
    """What the kiosk shows: how many open offers and asks per skill, nothing else."""
    query = select(SkillEntry.skill, SkillEntry.side, func.count()).where(~SkillEntry.closed)
    if site_id is not None:
        query = query.where(SkillEntry.site_id == site_id)
    counts = Counter({(skill, side): n for skill, side, n in session.execute(query.group_by(SkillEntry.skill, SkillEntry.side))})
    return [SkillCount(SKILL_LABELS[skill], counts[(skill, Side.OFFER)], counts[(skill, Side.ASK)])
            for skill in Skill if counts[(skill, Side.OFFER)] or counts[(skill, Side.ASK)]]


@dataclass(frozen=True)
class ExchangeFigure:
    month: str
    skill: str
    exchanges: int
    hours: Decimal


def exchange_figures(session: Session, site_id: uuid.UUID | None) -> list[ExchangeFigure]:
    query = select(SkillExchange)
    if site_id is not None:
        query = query.where(SkillExchange.site_id == site_id)
    sums: dict[tuple[str, str], list] = {}
    for exchange in session.scalars(query):
        key = (exchange.exchanged_on.strftime("%Y-%m"), SKILL_LABELS[exchange.skill])
        total = sums.setdefault(key, [0, Decimal("0")])
        total[0] += 1
        total[1] += exchange.hours
    return [ExchangeFigure(*key, count, hours) for key, (count, hours) in sorted(sums.items())]


def exchanges(session: Session, site_id: uuid.UUID | None, limit: int = 30) -> list[SkillExchange]:
    query = select(SkillExchange)
    if site_id is not None:
        query = query.where(SkillExchange.site_id == site_id)
    return list(session.scalars(query.order_by(SkillExchange.exchanged_on.desc()).limit(limit)))
