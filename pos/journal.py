"""Writing and verifying the site's append-only sales journal.

The hashed content of an entry is rebuilt from its rows (entry, lines, tenders, closing), so an
edit to any column of any of them breaks the chain, not only edits to a stored copy.

What a deletion of the journal's *last* entries leaves visible, honestly:
- Entries up to a Z: each closed cash session keeps the sequence and hash of its Z entry (its tail
  anchor, outside the chain). Cutting the journal back past a Z is reported with the missing range —
  unless whoever cut it also deleted those cash sessions. Then only anchors kept off this database
  show it: the sequence and hash printed on the Z ticket, and central's copy once sync exists;
  `verify` takes them as extra anchors.
- Entries after the last Z: no local record reaches them, so deleting them cannot be detected here.
  A receipt or central's copy of the sales is the only witness; pass what it shows as an anchor.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gers.formatting import datetime_fr
from pos.journal_chain import GENESIS, Anchor, BrokenLink, ChainedEntry, entry_hash, verify_chain
from pos.models import CashClosing, CashSession, JournalEntry, JournalLine, JournalTender

CLOSING_FIELDS = ("sales_count", "voids_count", "returns_count", "market_value", "grams", "amount_paid",
                  "allowance_used", "cash_total", "card_total", "cheque_total", "opening_float",
                  "expected_cash", "counted_cash", "perpetual_total")


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _uid(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def entry_payload(entry: JournalEntry) -> dict[str, Any]:
    """The content the hash covers, built from the rows as stored.

    Column defaults are only applied at flush, after the hash is computed: empty strings and
    False are therefore normalised here so that a None before the flush hashes like "" after it.
    """
    payload: dict[str, Any] = {
        "kind": entry.kind.value, "shop": entry.shop.value, "site": _uid(entry.site_id),
        "at": entry.created_at.isoformat(), "session": _uid(entry.cash_session_id),
        "cashier": _uid(entry.cashier_id), "household": _uid(entry.household_id),
        "refers_to": _uid(entry.refers_to_id), "override_by": _uid(entry.override_by_id),
        "market_value": _amount(entry.market_value), "paid": _amount(entry.amount_paid),
        "allowance": _amount(entry.allowance_used), "grams": entry.grams, "reason": entry.reason or "",
        "allowance_left": None if entry.allowance_left is None else _amount(entry.allowance_left),
        "lines": [_line_payload(line) for line in entry.lines],
        "tenders": [[t.method.value, _amount(t.amount), _amount(t.tendered), t.reference or ""]
                    for t in entry.tenders],
    }
    if entry.closing is not None:
        payload["closing"] = {name: _plain(getattr(entry.closing, name)) for name in CLOSING_FIELDS}
    return payload


def _plain(value: Any) -> Any:
    return _amount(value) if isinstance(value, Decimal) else value


def _line_payload(line: JournalLine) -> list[Any]:
    return [line.line_no, _uid(line.product_id), _uid(line.garment_type_id), line.description,
            line.quantity, line.grams, _amount(line.market_value), _amount(line.price), _amount(line.rate),
            bool(line.fse_plus), _uid(line.lot_id), line.weight_display or "", _uid(line.returns_line_id)]


def last_entry(session: Session, site_id: uuid.UUID) -> JournalEntry | None:
    return session.scalar(select(JournalEntry).where(JournalEntry.site_id == site_id)
                          .order_by(JournalEntry.sequence.desc()).limit(1))


def seal(session: Session, entry: JournalEntry, lines: list[JournalLine], tenders: list[JournalTender],
         closing: CashClosing | None = None) -> JournalEntry:
    """Number the entry after the site's last one, chain it, and add it with its rows.

    Two tills racing for the same number hit the (site, sequence) unique constraint: the edge
    retries the whole use case, so the sequence stays gapless.
    """
    previous = last_entry(session, entry.site_id)
    entry.sequence = previous.sequence + 1 if previous else 1
    entry.previous_hash = previous.hash if previous else GENESIS
    entry.id = entry.id or uuid.uuid4()
    for position, line in enumerate(lines, start=1):
        line.line_no, line.entry_id, line.owner_node = position, entry.id, entry.owner_node
    for position, tender in enumerate(tenders, start=1):
        tender.position, tender.entry_id, tender.owner_node = position, entry.id, entry.owner_node
    entry.lines, entry.tenders, entry.closing = lines, tenders, closing
    if closing is not None:
        closing.entry_id, closing.owner_node = entry.id, entry.owner_node
    entry.hash = entry_hash(entry.previous_hash, entry.sequence, entry_payload(entry))
    session.add(entry)
    session.flush()
    return entry


def entries(session: Session, site_id: uuid.UUID, batch: int = 500) -> Iterator[JournalEntry]:
    """Every entry of a site in sequence order, loaded by batches (a journal grows for years).

    Each batch is expunged after use to keep memory flat: pass a session of its own.
    """
    after = 0
    while True:
        chunk = session.scalars(select(JournalEntry).where(JournalEntry.site_id == site_id,
                                                           JournalEntry.sequence > after)
                                .order_by(JournalEntry.sequence).limit(batch)
                                .options(selectinload(JournalEntry.lines), selectinload(JournalEntry.tenders),
                                         selectinload(JournalEntry.closing))).all()
        if not chunk:
            return
        yield from chunk
        after = chunk[-1].sequence
        session.expunge_all()


def closing_anchors(session: Session, site_id: uuid.UUID) -> list[Anchor]:
    """The tail anchors the site's closed cash sessions keep (one per Z)."""
    closed = session.execute(select(CashSession.last_sequence, CashSession.last_hash, CashSession.closed_at)
                             .where(CashSession.site_id == site_id, CashSession.last_sequence.is_not(None)))
    return [Anchor(sequence, digest, f"clôture Z du {datetime_fr(closed_at)}")
            for sequence, digest, closed_at in closed]


def verify(session: Session, site_id: uuid.UUID, anchors: Iterable[Anchor] = ()) -> tuple[int, BrokenLink | None]:
    """How many entries were checked, and the first broken link (None when the chain is intact).

    The chain is checked against the Z closings' tail anchors and any `anchors` from elsewhere
    (a printed Z ticket, central). Reads what is committed, through its own session: the caller's
    objects stay as they were.
    """
    count = 0
    with Session(bind=session.get_bind()) as reader:
        every_anchor = [*closing_anchors(reader, site_id), *anchors]

        def chained() -> Iterator[ChainedEntry]:
            nonlocal count
            for entry in entries(reader, site_id):
                count += 1
                yield ChainedEntry(entry.sequence, entry.previous_hash, entry.hash, entry_payload(entry))

        broken = verify_chain(chained(), every_anchor)
    return count, broken
