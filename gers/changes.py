"""The change journal: which travelling rows each transaction wrote, in commit order.

On a site node it is the outbox (the rows the node owns, to push up); on central it is the change
log (the rows central wrote, that nodes pull down). Sync reads it; every room only has to write
through the ORM, or call `note_inserted` after a Core insert of travelling rows (the stock ledger's
fast path does).

One `sync_change` row per flush holds the list of (table, id, operation). Its number comes from a
counter row updated in the same transaction: the update locks the counter until commit, so numbers
are given in commit order on PostgreSQL too (a sequence would not be: a transaction that took 41
can commit after the one that took 42, and a reader at 42 would never see 41).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import BigInteger, Connection, Integer, String, Table, Text, event, insert, update
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session

from gers.clock import utcnow
from gers.db import AppendOnlyRow, Base, SyncedRow

COUNTER = "changes"
_PENDING = "gers.changes.pending"
_DELETED = "gers.changes.deleted_in_flush"  # id() of the objects the running flush deleted
INSERT, UPDATE, DELETE = "i", "u", "d"


class ChangeBatch(Base):
    """The travelling rows one flush wrote (never travels itself)."""

    __tablename__ = "sync_change"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                     autoincrement=False)
    changes: Mapped[str] = mapped_column(Text)  # JSON [[table, id, op], …]
    at: Mapped[dt.datetime]


class ChangeCounter(Base):
    __tablename__ = "sync_counter"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


def travels(table: Table) -> bool:
    """Rows of this table cross nodes (gers.db's markers say which do not)."""
    return "owner_node" in table.c and not table.info.get("central_only") and table.info.get("sync") != "node_only"


@dataclass(frozen=True)
class ChangeJournal:
    """What a node journals: central journals every travelling row it writes, a site only its own."""

    node_code: str
    central: bool

    def keeps(self, owner_node: str) -> bool:
        return self.central or owner_node == self.node_code

    def install(self, session_factory) -> None:
        session_factory.configure(info={"gers.changes": self})


def journal_of(session: Session) -> ChangeJournal | None:
    return session.info.get("gers.changes")


def note_inserted(session: Session, table: Table, rows: Iterable[dict]) -> None:
    """After a Core insert of travelling rows (the ORM's writes are seen by the flush hook)."""
    journal = journal_of(session)
    if journal is not None and travels(table):
        _pending(session).extend([table.name, str(row["id"]), INSERT] for row in rows
                                 if journal.keeps(row["owner_node"]))


def _pending(session: Session) -> list[list[str]]:
    return session.info.setdefault(_PENDING, [])


def write(connection: Connection, entries: list[list[str]]) -> None:
    if not entries:
        return
    counter = ChangeCounter.__table__
    seq = connection.execute(update(counter).where(counter.c.name == COUNTER)
                             .values(value=counter.c.value + 1).returning(counter.c.value)).scalar_one()
    connection.execute(insert(ChangeBatch.__table__), {"seq": seq, "changes": json.dumps(entries), "at": utcnow()})


@event.listens_for(Session, "after_flush")
def _journal_flush(session: Session, _context) -> None:
    journal = journal_of(session)
    if journal is None:
        return
    deleted = session.info.pop(_DELETED, set())
    for objects, op in ((session.new, INSERT), (session.dirty, UPDATE)):
        for obj in objects:
            if op == UPDATE and (id(obj) in deleted or not session.is_modified(obj, include_collections=False)):
                continue  # an orphan the flush deleted is journalled as deleted (below), not updated
            _note(session, journal, obj, op)


# Deletions are seen row by row as the flush executes them: `session.deleted` only lists what was
# passed to session.delete(), not the orphans a delete-orphan cascade removes (a line taken off an
# order), whose deletion must travel too.
@event.listens_for(SyncedRow, "after_delete", propagate=True)
@event.listens_for(AppendOnlyRow, "after_delete", propagate=True)
def _journal_delete(_mapper, _connection, obj) -> None:
    session = object_session(obj)
    journal = journal_of(session) if session is not None else None
    if journal is not None:
        session.info.setdefault(_DELETED, set()).add(id(obj))
        _note(session, journal, obj, DELETE)


def _note(session: Session, journal: ChangeJournal, obj: object, op: str) -> None:
    if not isinstance(obj, SyncedRow | AppendOnlyRow) or not travels(obj.__table__):
        return
    if journal.keeps(obj.owner_node) and isinstance(obj.id, uuid.UUID):
        _pending(session).append([obj.__table__.name, str(obj.id), op])


@event.listens_for(Session, "before_commit")
def _journal_commit(session: Session) -> None:
    """One journal row per transaction, written last: the counter stays locked only until the commit."""
    if journal_of(session) is None:
        return
    session.flush()
    if pending := session.info.pop(_PENDING, None):
        write(session.connection(), pending)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
