"""Import a RappelConso export: record the notices that concern our catalogue, block their lots."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.models import Product
from inventory.recalls import record_recall
from inventory.stock_models import Lot, Recall
from warehouse.rappelconso import parse_rappelconso_csv

ORIGIN = "rappelconso"


@dataclass
class ImportSummary:
    recorded: list[tuple[Recall, list[Lot]]] = field(default_factory=list)
    already_known: int = 0
    not_in_catalogue: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def blocked_lots(self) -> int:
        return sum(len(lots) for _recall, lots in self.recorded)

    def message(self) -> str:
        return (f"{len(self.recorded)} rappel(s) enregistré(s), {self.blocked_lots} lot(s) bloqué(s) ; "
                f"{self.already_known} déjà connu(s), {self.not_in_catalogue} hors catalogue, "
                f"{len(self.skipped)} ligne(s) illisible(s).")


def import_rappelconso(session: Session, text: str, *, now: dt.datetime, owner_node: str) -> ImportSummary:
    parsed = parse_rappelconso_csv(text)
    summary = ImportSummary(skipped=parsed.skipped)
    known = set(session.scalars(select(Recall.reference).where(Recall.origin == ORIGIN)))
    catalogue = set(session.scalars(select(Product.gtin).where(Product.gtin.is_not(None))))
    for notice in parsed.notices:
        if notice.reference in known:
            summary.already_known += 1
            continue
        if not any(target.gtin in catalogue for target in notice.targets):
            summary.not_in_catalogue += 1
            continue
        reason = notice.reason
        if notice.lots_unreadable:
            reason = f"{reason} [lots non lisibles dans l'export : tous les lots sont bloqués]".strip()
        summary.recorded.append(record_recall(
            session, title=notice.title, targets=notice.targets, now=now, owner_node=owner_node,
            reference=notice.reference, reason=reason, origin=ORIGIN, published_on=notice.published_on))
        known.add(notice.reference)
    return summary
