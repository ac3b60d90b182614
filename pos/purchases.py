"""A household's purchases as its right-of-access export lists them (RGPD art. 15).

The registry sits below the till and never reads the journal itself: the composition root hands
this reader to the export (households.privacy.PURCHASES), so the dependency stays one-way.
"""

from __future__ import annotations

import uuid
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from inventory.models import Site
from pos.enums import ENTRY_KIND_LABELS, EntryKind
from pos.models import JournalEntry, JournalLine

PARIS = ZoneInfo("Europe/Paris")


def purchases_of(session: Session, household_id: uuid.UUID) -> list[dict[str, Any]]:
    """Sales, voids and returns of the household, oldest first, JSON-ready (amounts as text)."""
    entries = session.scalars(
        select(JournalEntry).where(JournalEntry.household_id == household_id,
                                   JournalEntry.kind != EntryKind.CLOSING)
        .order_by(JournalEntry.created_at, JournalEntry.sequence)
        .options(selectinload(JournalEntry.lines))).all()
    sites = {s.id: s.name for s in session.scalars(select(Site).where(
        Site.id.in_({entry.site_id for entry in entries})))}
    return [_purchase(entry, sites.get(entry.site_id, "")) for entry in entries]


def _purchase(entry: JournalEntry, site_name: str) -> dict[str, Any]:
    return {"date": entry.created_at.astimezone(PARIS).isoformat(), "site": site_name, "numero": entry.sequence,
            "type": ENTRY_KIND_LABELS[entry.kind], "valeur_marchande": f"{entry.market_value:.2f}",
            "montant_paye": f"{entry.amount_paid:.2f}", "droit_utilise": f"{entry.allowance_used:.2f}",
            "lignes": [_line(line) for line in entry.lines]}


def _line(line: JournalLine) -> dict[str, Any]:
    return {"article": line.description, "quantite": line.quantity, "poids_g": line.grams,
            "valeur_marchande": f"{line.market_value:.2f}", "prix_paye": f"{line.price:.2f}"}
