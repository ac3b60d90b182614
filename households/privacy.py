"""RGPD: retention purge (no contact for `retention_months`), right-of-access export, audit trail.

Anonymising keeps what statistics need (type, birth years, sex, periods and grants for the sales
they explain) and removes every link to a person: the card number (in the audit trail too), commune,
contact details, the referring worker, personal project and notes. Deleting removes the household and
all its rows; its sales stay in the hash-chained journal under the household's random id, which then
points at nothing. Each household is purged in its own savepoint: one the database refuses is
reported and the others are purged all the same.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from gers.clock import paris_midnight, paris_today
from gers.formatting import date_fr
from gers.models import User
from households import commission, grants, registry, rules
from households.access import add_months
from households.access_models import AccessPeriod
from households.cards import CardFormat
from households.enums import AuditAction, PurgeMode
from households.models import Household, HouseholdContact
from inventory.models import Category, Site

# The household's purchases live in the till's journal, a room above this one: the composition root
# registers a reader under this key in app.extensions, and the export asks it (one-way dependency).
PURCHASES = "households.purchases"
PurchaseReader = Callable[[Session, uuid.UUID], list[dict[str, Any]]]
# Likewise the workshops, the bourse and the computer corner (activities/, above).
ACTIVITIES = "households.activities"
ActivitiesReader = Callable[[Session, Household], dict[str, Any]]


@dataclass(frozen=True)
class PurgeReport:
    cutoff: dt.date
    mode: PurgeMode
    applied: bool
    card_numbers: tuple[str, ...]
    failures: tuple[tuple[str, str], ...] = ()  # (card number, French reason), left as they were

    def text(self) -> str:
        verb = {PurgeMode.ANONYMISE: "anonymisé", PurgeMode.DELETE: "supprimé"}[self.mode]
        head = (f"{len(self.card_numbers)} foyer(s) sans contact depuis le {date_fr(self.cutoff)} "
                f"{'ont été ' + verb + 's' if self.applied else 'seraient ' + verb + 's'}")
        lines = [head + (" :" if self.card_numbers else ".")]
        lines += [f"  {number}" for number in self.card_numbers]
        if not self.applied and self.card_numbers:
            lines.append("Simulation : rien n'a été modifié. Relancez avec --appliquer pour le faire.")
        lines += [f"Échec pour {number} : {reason}" for number, reason in self.failures]
        if self.failures:
            lines.append("Ces foyers sont restés tels quels ; les autres ont été traités. "
                         "Relancez la purge une fois le problème corrigé.")
        return "\n".join(lines)


def purge_candidates(session: Session, now: dt.datetime) -> tuple[dt.date, list[Household]]:
    """Households whose last contact is older than the retention period and with no recent access."""
    network = rules.network_rules(session)
    cutoff = add_months(paris_today(now), -network.retention_months)
    cutoff_at = paris_midnight(cutoff)
    recent_access = select(AccessPeriod.household_id).where(AccessPeriod.ends_on >= cutoff)
    last_contact = func.coalesce(Household.last_contact_at, Household.created_at)
    query = (select(Household).where(Household.anonymised_at.is_(None), last_contact < cutoff_at,
                                     Household.id.not_in(recent_access)).order_by(Household.card_number))
    return cutoff, list(session.scalars(query))


def purge(session: Session, *, now: dt.datetime, apply: bool, owner_node: str, mode: PurgeMode | None = None,
          actor: User | None = None) -> PurgeReport:
    network = rules.network_rules(session)
    mode = mode or network.purge_mode
    cutoff, households = purge_candidates(session, now)
    if not apply:
        return PurgeReport(cutoff, mode, False, tuple(h.card_number for h in households))
    cards, done, failures = rules.card_format(network), [], []
    for household in households:
        number = household.card_number
        try:
            with session.begin_nested():
                _purge_one(session, household, mode, cards, now)
                action = AuditAction.ANONYMISED if mode is PurgeMode.ANONYMISE else AuditAction.DELETED
                registry.record(session, household.id, actor, action, now, owner_node)
        except SQLAlchemyError as refused:
            failures.append((number, _reason(refused)))
        else:
            done.append(number)
    return PurgeReport(cutoff, mode, True, tuple(done), tuple(failures))


def _purge_one(session: Session, household: Household, mode: PurgeMode, cards: CardFormat,
               now: dt.datetime) -> None:
    _scrub_audit(session, household, cards)
    if mode is PurgeMode.ANONYMISE:
        _anonymise(session, household, now)
    else:
        session.delete(household)
    session.flush()


def _scrub_audit(session: Session, household: Household, cards: CardFormat) -> None:
    """The audit trail outlives the household but must not keep its card number (e.g. « Dossier créé
    GS-000123 »): the only edit ever made to audit rows, and the purge's to make."""
    for entry in registry.audit_trail(session, household.id):
        entry.detail = cards.scrub(entry.detail.replace(household.card_number, "[carte effacée]"))


def _reason(refused: SQLAlchemyError) -> str:
    detail = str(getattr(refused, "orig", None) or refused).strip().splitlines()[0][:160]
    return f"refusé par la base de données ({detail})"


def _anonymise(session: Session, household: Household, now: dt.datetime) -> None:
    household.card_number = f"ANON-{uuid.uuid4().hex[:12].upper()}"
    household.commune = ""
    household.participation_rate = None
    household.last_contact_at = None
    household.anonymised_at = now
    contact = registry.contact_of(session, household.id)
    if contact is not None:
        session.delete(contact)
    for request in commission.requests_of(session, household.id):
        request.referring_worker = ""
        request.personal_project = ""
    for decision in commission.decisions_of(session, household.id):
        decision.note = ""  # free text may name someone: the purge outranks the decision history


def _iso(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "value"):  # enums
        return value.value
    return str(value) if value is not None and not isinstance(value, int | str | bool) else value


def _row(row: Any, *names: str) -> dict[str, Any]:
    return {name: _iso(getattr(row, name)) for name in names}


def export_household(session: Session, household: Household, *, purchases: PurchaseReader,
                     activities: ActivitiesReader | None = None) -> dict[str, Any]:
    """Everything stored about one household (right of access, RGPD art. 15), JSON-ready: the
    registry's rows and, through `purchases` and `activities`, what the household bought at the
    counters and the activities it took part in."""
    site_names = {s.id: s.name for s in session.scalars(select(Site))}
    categories = {c.id: c.label for c in session.scalars(select(Category))}
    contact = session.scalar(select(HouseholdContact).where(HouseholdContact.household_id == household.id))
    users = {u.id: u.display_name for u in session.scalars(select(User))}
    return {
        "foyer": {**_row(household, "card_number", "commune", "participation_rate", "created_at",
                         "last_contact_at"),
                  "household_type": household.type_label, "home_site": site_names.get(household.home_site_id)},
        "membres": [_row(m, "birth_year", "sex") for m in household.members],
        "coordonnees": _row(contact, "contact_name", "phone", "email", "postal_address") if contact else None,
        "demandes": [{**_row(r, "created_at", "referring_organisation", "referring_worker", "requested_months",
                             "personal_project", "method", "monthly_resources", "fixed_charges", "persons", "parts",
                             "quotient_familial", "result_value", "threshold", "status"),
                      "motifs": r.reasons_label}
                     for r in commission.requests_of(session, household.id)],
        "decisions": [{**_row(d, "created_at", "duration_months", "note"), "outcome": d.outcome_label}
                      for d in commission.decisions_of(session, household.id)],
        "acces": [{**_row(p, "starts_on", "ends_on"), "kind": p.kind_label}
                  for p in commission.periods_of(session, household.id)],
        "droits": [{**_row(g, "period_kind", "base_value", "value", "starts_on", "ends_on"),
                    "supplements": [_row(s, "label", "count", "amount") for s in g.supplements],
                    "parts_par_site": [{"site": site_names.get(s.site_id), "percent": _iso(s.percent)}
                                       for s in g.shares],
                    "limites": [{"categorie": categories.get(limit.category_id), "quantite": limit.quantity}
                                for limit in g.category_limits]}
                   for g in grants.grants_of(session, household.id)],
        "achats": purchases(session, household.id),
        "activites": activities(session, household) if activities is not None else {},
        "journal": [{"at": _iso(a.created_at), "action": a.action_label, "detail": a.detail,
                     "user": users.get(a.user_id, "")} for a in registry.audit_trail(session, household.id)],
    }
