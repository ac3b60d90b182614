"""A node's side of the exchange: what to push from its outbox, how to apply what it pulls.

Positions are kept in `sync_state` and moved in the same transaction as the rows they account for:
a cut connection loses at most the batch in flight, and it is sent (or fetched) again — applying it
twice changes nothing. Rows applied here are written with Core statements, so they never enter the
outbox again (they are not this node's to push).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, Table, Uuid, delete, func, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gers.changes import DELETE, ChangeBatch
from inventory.ledger import rebuild_balances
from inventory.models import Site
from sync import scopes
from sync.central import read_tables, upsert
from sync.codec import PayloadError, codec, travelling_tables
from sync.models import SyncState

PUSH_ROWS = 5000

# Keys of sync_state.
PUSH_POSITION = "push_position"  # "<outbox seq>:<entries of that batch already sent>"
PUSHED_AT = "pushed_at"  # this node's clock when central last acknowledged a push
PULL_CURSOR = "pull_cursor"
URGENT_CURSOR = "urgent_cursor"
LAST_SYNC_AT = "last_sync_at"  # last complete exchange (push and pull), UTC ISO
LAST_ATTEMPT_AT = "last_attempt_at"
LAST_ERROR = "last_error"

URGENT_TABLES = ("recall", "recall_item", "lot")


def get_state(session: Session, key: str, default: str = "") -> str:
    return session.scalar(select(SyncState.value).where(SyncState.key == key)) or default


def set_state(session: Session, key: str, value: str) -> None:
    row = session.get(SyncState, key)
    if row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value
    session.flush()


def parse_position(text: str) -> tuple[int, int]:
    seq, _, index = (text or "0:0").partition(":")
    try:
        return int(seq), int(index or 0)
    except ValueError as exc:
        raise PayloadError(f"Position d'envoi illisible « {text[:40]} ».") from exc


def position_text(position: tuple[int, int]) -> str:
    return f"{position[0]}:{position[1]}"


# --- push ------------------------------------------------------------------------------------

@dataclass
class Outgoing:
    payload: dict[str, Any]
    position: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.rows and not self.payload.get("deleted")


def backlog(session: Session, position: str | None = None) -> int:
    """Outbox batches not yet acknowledged by central (the header and the status page show it), or
    left after `position`."""
    seq, _index = parse_position(position if position is not None else get_state(session, PUSH_POSITION))
    # Positions point at the next batch to send (or into a batch begun): from there on, all wait.
    return session.scalar(select(func.count()).select_from(ChangeBatch).where(ChangeBatch.seq >= seq)) or 0


def next_push(session: Session, *, limit: int = PUSH_ROWS, after: str | None = None) -> Outgoing:
    """The next batch from the outbox: up to `limit` rows as they are now, from the acknowledged
    position (or from `after`, the end of a batch still in flight)."""
    start = parse_position(after if after is not None else get_state(session, PUSH_POSITION))
    seq, index = start
    entries: list[list[str]] = []
    position = start
    for batch in session.execute(select(ChangeBatch.seq, ChangeBatch.changes).where(ChangeBatch.seq >= seq)
                                 .order_by(ChangeBatch.seq)):
        changes = json.loads(batch.changes)
        skip = index if batch.seq == seq else 0
        if batch.seq == seq and skip >= len(changes):
            continue
        take = changes[skip:skip + limit - len(entries)]
        entries.extend(take)
        consumed = skip + len(take)
        position = (batch.seq, consumed) if consumed < len(changes) else (batch.seq + 1, 0)
        if len(entries) >= limit:
            break
    return _outgoing(session, entries, start, position)


def _outgoing(session: Session, entries: list[list[str]], start: tuple[int, int],
              position: tuple[int, int]) -> Outgoing:
    latest: dict[tuple[str, str], str] = {}
    for name, key, op in entries:
        latest[(name, key)] = op
    by_table: dict[str, list[str]] = defaultdict(list)
    deleted: dict[str, list[str]] = defaultdict(list)
    tables = travelling_tables()
    for (name, key), op in latest.items():
        if name in tables:
            (deleted[name].append(key) if op == DELETE else by_table[name].append(key))
    blocks, counts = [], {}
    for name in tables:
        if keys := by_table.get(name):
            table_codec = codec(name)
            rows = []
            for chunk in range(0, len(keys), 900):
                rows.extend(session.execute(_rows_as_stored(session, table_codec.table, keys[chunk:chunk + 900])))
            if rows:  # a row deleted since has its tombstone in a later batch
                blocks.append({"table": name, "columns": table_codec.columns, "rows": table_codec.encode(rows)})
                counts[name] = len(rows)
    payload = {"from": position_text(start), "to": position_text(position), "tables": blocks,
               "deleted": dict(deleted)}
    return Outgoing(payload, position_text(position), counts)


def _rows_as_stored(session: Session, table: Table, keys: list[str]):
    """The rows of these ids. On SQLite, ids stay the 32-hex text they are stored as (central reads
    them as they are): turning a night of ids into UUID objects and back costs half the push's CPU."""
    if session.get_bind().dialect.name != "sqlite":
        return select(table).where(table.c.id.in_([uuid.UUID(key) for key in keys]))
    columns = [type_coerce(column, String).label(column.name) if isinstance(column.type, Uuid) else column
               for column in table.columns]
    return select(*columns).where(type_coerce(table.c.id, String).in_([key.replace("-", "") for key in keys]))


def acknowledge_push(session: Session, position: str, *, now: dt.datetime) -> None:
    set_state(session, PUSH_POSITION, position)
    set_state(session, PUSHED_AT, now.isoformat())


def restored_from_backup(session: Session, central_position: str) -> bool:
    """Central has acknowledged more of this node's outbox than the node remembers: its database was
    put back from a backup (or replaced), and the rows central has since must come back."""
    return parse_position(central_position) > parse_position(get_state(session, PUSH_POSITION))


# --- pull ------------------------------------------------------------------------------------

@dataclass
class Applied:
    rows: dict[str, int] = field(default_factory=dict)
    deleted: int = 0


def apply_pull(session: Session, payload: dict[str, Any], *, node_code: str, own_rows: bool = False) -> Applied:
    """Apply one page from central in the caller's transaction. `own_rows`: a recovery page, made of
    this node's own rows (the only time they come down)."""
    applied = Applied()
    tables = read_tables(payload)
    for table, rows in tables:
        if own_rows and any(row["owner_node"] != node_code for row in rows):
            raise PayloadError("Reprise : le serveur central a envoyé des lignes d'un autre nœud.")
        applied.rows[table.name] = len(upsert(session, table, rows, guard_owner=False))
    _drop_replaced_children(session, payload.get("families"), {t.name: rows for t, rows in tables})
    applied.deleted = _apply_tombstones(session, payload.get("deleted"), node_code)
    return applied


def _drop_replaced_children(session: Session, families: Any, received: dict[str, list[dict]]) -> None:
    """A family (household, dispatch) comes whole: its child rows missing from it were removed at central."""
    if not families:
        return
    if not isinstance(families, dict):
        raise PayloadError("Page mal formée : « families » doit être un objet.")
    households = _ids(families.get("household", []))
    dispatches = _ids(families.get("dispatch", []))
    tables = travelling_tables()
    grants = select(tables["allowance_grant"].c.id).where(tables["allowance_grant"].c.household_id.in_(households))
    links = {"household_member": tables["household_member"].c.household_id.in_(households),
             "dispatch_line": tables["dispatch_line"].c.dispatch_id.in_(dispatches)}
    for name in scopes.GRANT_CHILDREN:
        links[name] = tables[name].c.grant_id.in_(grants)
    for name in scopes.REPLACED_CHILDREN:
        table = tables[name]
        kept = [row["id"] for row in received.get(name, [])]
        statement = delete(table).where(links[name])
        if kept:
            statement = statement.where(table.c.id.not_in(kept))
        _delete_if_unreferenced(session, statement)


def _ids(values: Any) -> list[uuid.UUID]:
    try:
        return [uuid.UUID(value) for value in values]
    except (ValueError, TypeError, AttributeError) as exc:
        raise PayloadError("Identifiant illisible dans une page de synchronisation.") from exc


def _apply_tombstones(session: Session, deleted: Any, node_code: str) -> int:
    if not deleted:
        return 0
    if not isinstance(deleted, dict):
        raise PayloadError("Page mal formée : « deleted » doit être un objet.")
    count = 0
    for name in reversed(list(travelling_tables())):
        if ids := deleted.get(name):
            table = codec(name).table
            count += _delete_if_unreferenced(session, delete(table).where(
                table.c.id.in_(_ids(ids)), table.c.owner_node != node_code))
    return count


def _delete_if_unreferenced(session: Session, statement) -> int:
    """A row that this node's own rows still refer to (a sale names a household) stays."""
    try:
        with session.begin_nested():
            return session.execute(statement).rowcount or 0
    except IntegrityError:
        return 0


def after_recovery(session: Session, node_code: str) -> None:
    """The recovered movements count again in the stock of this site."""
    site_id = session.scalar(select(Site.id).where(Site.code == node_code))
    if site_id is not None:
        rebuild_balances(session, [site_id])
