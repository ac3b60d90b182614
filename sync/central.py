"""Central's side of the exchange: apply a node's pushed batch, answer its pulls, help it recover.

Every batch is applied in one transaction and is idempotent: rows are written by primary key, an
append-only row already here is left alone, a row is only updated by a newer version from its own
node. A restored node that pushes yesterday's rows again therefore changes nothing.
Positions (cursors) are opaque strings for the node:
- pull: "s:<seq>:<table>:<after id>" while a first full copy goes down, then "c:<seq>" (the change
  log's number up to which the node has everything);
- recover: "r:<table>:<after id>", over the rows the node owns.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, MetaData, Table, Uuid, and_, bindparam, delete, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from gers.changes import COUNTER, DELETE, ChangeBatch, ChangeCounter, note_inserted
from inventory.ledger import add_imported_movements
from sync import scopes
from sync.codec import PayloadError, codec, travelling_tables
from sync.models import SyncNode
from sync.scopes import NodeScope

PAGE_ROWS = 5000
POSITION = re.compile(r"\d{1,18}:\d{1,9}")


class ForeignRow(PayloadError):
    """A pushed row that names another owner: the whole batch is refused."""


@dataclass
class PushResult:
    acked: str
    written: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0


# --- push ------------------------------------------------------------------------------------

def _raw_blocks(payload: dict[str, Any]) -> list[tuple[Table, list[str], list[list[Any]]]]:
    """The batch's tables as sent (column names checked, rows not yet decoded), parents first."""
    blocks = payload.get("tables", [])
    if not isinstance(blocks, list):
        raise PayloadError("Lot mal formé : « tables » doit être une liste.")
    by_name: dict[str, tuple[list[str], list[list[Any]]]] = {}
    for block in blocks:
        if not isinstance(block, dict) or not isinstance(block.get("table"), str):
            raise PayloadError("Lot mal formé : chaque table a un nom, des colonnes et des lignes.")
        table_codec = codec(block["table"])
        columns, rows = block.get("columns"), block.get("rows")
        if not isinstance(columns, list) or not isinstance(rows, list):
            raise PayloadError(f"Lot mal formé pour « {block['table'][:60]} ».")
        table_codec.check_columns(columns)
        if any(not isinstance(row, list) or len(row) != len(columns) for row in rows):
            raise PayloadError(f"Ligne mal formée dans « {table_codec.table.name} ».")
        if block["table"] in by_name:
            if by_name[block["table"]][0] != columns:
                raise PayloadError(f"Lot mal formé : « {block['table'][:60]} » deux fois, colonnes différentes.")
            by_name[block["table"]][1].extend(rows)
        else:
            by_name[block["table"]] = (columns, list(rows))
    order = list(travelling_tables())
    return [(codec(name).table, *by_name[name]) for name in sorted(by_name, key=order.index)]


def read_tables(payload: dict[str, Any]) -> list[tuple[Table, list[dict[str, Any]]]]:
    """The batch's rows, decoded and checked column by column, parents before children."""
    return [(table, codec(table.name).decode(columns, rows)) for table, columns, rows in _raw_blocks(payload)]


def apply_push(session: Session, node: SyncNode, payload: dict[str, Any], *, now: dt.datetime) -> PushResult:
    position = payload.get("to")
    if not isinstance(position, str) or not POSITION.fullmatch(position):
        raise PayloadError("Lot mal formé : position « to » manquante ou illisible.")
    blocks = _raw_blocks(payload)
    for table, columns, rows in blocks:
        owner = columns.index("owner_node")
        if other := next((row[owner] for row in rows if row[owner] != node.code), None):
            raise ForeignRow(f"Ligne de « {table.name} » appartenant à « {str(other)[:32]} » et non à {node.code} : "
                             "un nœud n'envoie que ses propres lignes. Tout le lot est refusé.")
    result = PushResult(acked=position)
    copying = session.get_bind().dialect.name == "postgresql"
    for table, columns, raw in blocks:
        if copying and len(raw) >= COPY_FROM_ROWS:
            # As sent: COPY parses and checks each value by its column's type (a bad one is refused).
            scratch = _copy_to_scratch(session, table, columns, raw)
            written = _insert_from(session, table, scratch, guard_owner=True)
            if table.name == "stock_movement" and written:
                _bump_balances_from(session, scratch, written)
        else:
            rows = codec(table.name).decode(columns, raw)
            written = upsert(session, table, rows, guard_owner=True)
            if table.name == "stock_movement":
                fresh = set(written)
                add_imported_movements(session, (row for row in rows if row["id"] in fresh))
        result.written[table.name] = len(written)
        result.unchanged += len(raw) - len(written)
        if table.name in scopes.HOUSEHOLD_FAMILY and written:
            # A household a site opened in an emergency travels whole to the other nodes where it
            # has access: its rows enter central's change log like central's own.
            note_inserted(session, table, [{"id": key, "owner_node": node.code} for key in written])
    _apply_deletes(session, payload.get("deleted"), owner=node.code)
    node.last_push_at = now
    node.pushed_position = position
    backlog = payload.get("backlog")
    node.backlog = backlog if isinstance(backlog, int) and 0 <= backlog < 2**31 else None
    session.flush()
    return result


# Above this many rows, PostgreSQL gets them by COPY into a scratch table and one INSERT … SELECT:
# an executemany of a multi-row INSERT costs a parse of its SQL per batch in the driver (5× the time).
COPY_FROM_ROWS = 200


def upsert(session: Session, table: Table, rows: list[dict[str, Any]], *, guard_owner: bool) -> list[uuid.UUID]:
    """Write rows by primary key; the ids actually written (inserted, or updated by a newer version)."""
    if not rows:
        return []
    if session.get_bind().dialect.name == "postgresql":
        if len(rows) >= COPY_FROM_ROWS:
            columns = [c.name for c in table.columns]
            scratch = _copy_to_scratch(session, table, columns, [[_plain(row[c]) for c in columns] for row in rows])
            return _insert_from(session, table, scratch, guard_owner=guard_owner)
        insert = postgresql.insert(table)
    else:
        insert = sqlite.insert(table)
    statement = _on_conflict(table, insert, guard_owner)
    return list(session.execute(statement.returning(table.c.id), rows).scalars())


def _insert_from(session: Session, table: Table, scratch: Table, *, guard_owner: bool) -> list[uuid.UUID]:
    insert = postgresql.insert(table).from_select([c.name for c in table.columns],
                                                   select(*(scratch.c[c.name] for c in table.columns)))
    return list(session.execute(_on_conflict(table, insert, guard_owner).returning(table.c.id)).scalars())


def _bump_balances_from(session: Session, scratch: Table, written: list[uuid.UUID]) -> None:
    """The stock balances of the movements just inserted (not the duplicates), summed in the server."""
    session.execute(_BUMP_FROM_SCRATCH.bindparams(ids=written))


_BUMP_FROM_SCRATCH = text(
    "INSERT INTO stock_balance (lot_id, site_id, location, product_id, expiry_date, units, grams) "
    "SELECT m.lot_id, m.site_id, m.location, l.product_id, l.expiry_date, sum(m.units), sum(m.grams) "
    "FROM incoming_stock_movement m JOIN lot l ON l.id = m.lot_id WHERE m.id = ANY(:ids) "
    "GROUP BY m.lot_id, m.site_id, m.location, l.product_id, l.expiry_date "
    "ON CONFLICT (lot_id, site_id, location) DO UPDATE SET units = stock_balance.units + excluded.units, "
    "grams = stock_balance.grams + excluded.grams").bindparams(bindparam("ids", type_=ARRAY(Uuid())))


def _on_conflict(table: Table, insert, guard_owner: bool):
    if "updated_at" not in table.c:  # append-only: a row, once written, never changes
        return insert.on_conflict_do_nothing(index_elements=["id"])
    newer = table.c.updated_at < insert.excluded.updated_at
    if guard_owner:  # never let a node's row overwrite another owner's row with the same id
        newer = and_(newer, table.c.owner_node == insert.excluded.owner_node)
    return insert.on_conflict_do_update(
        index_elements=["id"], set_={c.name: insert.excluded[c.name] for c in table.columns if c.name != "id"},
        where=newer)


def _copy_to_scratch(session: Session, table: Table, columns: list[str], rows: list[list[Any]]) -> Table:
    """The rows in a temporary table shaped like `table` (emptied at commit), by COPY."""
    import psycopg  # central's driver: a site node (SQLite) never comes here and need not have it

    name = f"incoming_{table.name}"
    connection = session.connection()
    connection.exec_driver_sql(f'CREATE TEMPORARY TABLE IF NOT EXISTS "{name}" (LIKE "{table.name}") '
                               "ON COMMIT DELETE ROWS")
    connection.exec_driver_sql(f'TRUNCATE "{name}"')
    quoted = ", ".join(f'"{column}"' for column in columns)
    try:
        with connection.connection.driver_connection.cursor() as cursor, \
                cursor.copy(f'COPY "{name}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as error:
        raise PayloadError(f"Lot illisible pour « {table.name} » : {str(error).splitlines()[0][:200]}") from error
    return Table(name, MetaData(), *(Column(c.name, c.type) for c in table.columns))


def _plain(value: Any) -> Any:
    """What COPY takes: enums as their stored value; UTC datetimes as the naive UTC the columns hold."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _apply_deletes(session: Session, deleted: Any, *, owner: str | None) -> None:
    if not deleted:
        return
    if not isinstance(deleted, dict):
        raise PayloadError("Lot mal formé : « deleted » doit être un objet.")
    for name in reversed(list(travelling_tables())):
        ids = deleted.get(name)
        if not ids:
            continue
        table = codec(name).table
        try:
            keys = [uuid.UUID(value) for value in ids]
        except (ValueError, TypeError, AttributeError) as exc:
            raise PayloadError(f"Identifiant illisible dans les suppressions de « {name} ».") from exc
        condition = table.c.id.in_(keys)
        if owner is not None:
            condition = and_(condition, table.c.owner_node == owner)
        session.execute(delete(table).where(condition))


# --- pull ------------------------------------------------------------------------------------

@dataclass
class Page:
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    families: dict[str, set[uuid.UUID]] = field(default_factory=lambda: defaultdict(set))
    deleted: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    cursor: str = ""
    more: bool = False

    def rows(self) -> int:
        return sum(len(rows) for rows in self.tables.values())

    def payload(self, scope: NodeScope) -> dict[str, Any]:
        blocks = []
        for name, rows in self.tables.items():
            if not rows:
                continue
            table_codec = codec(name)
            unique = {row["id"]: scopes.strip_secrets(table_codec.table, row, scope) for row in rows}
            blocks.append({"table": name, "columns": table_codec.columns, "rows": table_codec.encode(unique.values())})
        return {"tables": blocks, "families": {kind: sorted(map(str, ids)) for kind, ids in self.families.items()},
                "deleted": {name: sorted(ids) for name, ids in self.deleted.items()},
                "cursor": self.cursor, "more": self.more}


def pull(session: Session, scope: NodeScope, cursor: str, *, limit: int = PAGE_ROWS,
         only: Iterable[str] | None = None) -> Page:
    """One page of what the node lacks, from its cursor; `only` restricts to some tables (urgent pulls)."""
    kind, _, rest = cursor.partition(":")
    if cursor == "":
        return _snapshot(session, scope, _current_seq(session), 0, None, limit)
    if kind == "s":
        seq, table_index, after = _parse_snapshot(rest)
        return _snapshot(session, scope, seq, table_index, after, limit)
    if kind == "c":
        return _changes(session, scope, _parse_int(rest), limit, set(only) if only else None)
    raise PayloadError(f"Position de synchronisation illisible « {cursor[:60]} ».")


def cursor_seq(cursor: str) -> int:
    """The change log number of a "c:<seq>" cursor."""
    return _parse_int(cursor.partition(":")[2])


def _current_seq(session: Session) -> int:
    return session.scalar(select(ChangeCounter.value).where(ChangeCounter.name == COUNTER)) or 0


def _parse_int(text: str) -> int:
    if not text.isdigit() or len(text) > 18:
        raise PayloadError(f"Position de synchronisation illisible « {text[:60]} ».")
    return int(text)


def _parse_snapshot(rest: str) -> tuple[int, int, uuid.UUID | None]:
    parts = rest.split(":")
    if len(parts) != 3:
        raise PayloadError("Position de synchronisation illisible.")
    try:
        after = uuid.UUID(parts[2]) if parts[2] else None
    except ValueError as exc:
        raise PayloadError("Position de synchronisation illisible.") from exc
    return _parse_int(parts[0]), _parse_int(parts[1]), after


def _snapshot(session: Session, scope: NodeScope, seq: int, table_index: int, after: uuid.UUID | None,
              limit: int) -> Page:
    """A first full copy of what concerns the node, table by table in id order; then the change log
    from where the copy began (changes made meanwhile come again: applying them twice is harmless)."""
    page = Page()
    tables = list(travelling_tables().values())
    while table_index < len(tables) and page.rows() < limit:
        table = tables[table_index]
        table_index, after = _read_page(session, page, table, scopes.in_scope(table, scope), table_index, after,
                                        limit - page.rows())
    if table_index >= len(tables):
        page.cursor, page.more = f"c:{seq}", True  # the change log since the copy began comes next
    else:
        page.cursor, page.more = f"s:{seq}:{table_index}:{after or ''}", True
    return page


def _changes(session: Session, scope: NodeScope, seq: int, limit: int, only: set[str] | None) -> Page:
    page = Page()
    entries: list[list[str]] = []
    last = seq
    for batch in session.execute(select(ChangeBatch.seq, ChangeBatch.changes).where(ChangeBatch.seq > seq)
                                 .order_by(ChangeBatch.seq).limit(1000)):
        entries.extend(json.loads(batch.changes))
        last = batch.seq
        if len(entries) >= limit:
            break
    page.cursor = f"c:{last}"
    page.more = session.scalar(select(func.count()).where(ChangeBatch.seq > last)) > 0
    changed: dict[str, set[uuid.UUID]] = defaultdict(set)
    for name, key, op in entries:
        if only is not None and name not in only:
            continue
        if name in travelling_tables():
            changed[name].add(uuid.UUID(key))
            if op == DELETE:
                page.deleted[name].add(key)
    _collect(session, scope, changed, page)
    for name in list(page.deleted):  # a row deleted then written again is no tombstone
        page.deleted[name] -= {str(row["id"]) for row in page.tables.get(name, [])}
        page.deleted[name] -= _existing(session, name, page.deleted[name])
    return page


def _existing(session: Session, name: str, keys: set[str]) -> set[str]:
    table = codec(name).table
    ids = [uuid.UUID(key) for key in keys]
    return {str(key) for key in session.scalars(select(table.c.id).where(table.c.id.in_(ids)))}


def _collect(session: Session, scope: NodeScope, changed: dict[str, set[uuid.UUID]], page: Page) -> None:
    tables = travelling_tables()
    households = _households_of(session, changed)
    dispatches = set(changed.pop("dispatch", set()))
    lines = tables["dispatch_line"]
    if changed.get("dispatch_line"):
        dispatches |= set(session.scalars(select(lines.c.dispatch_id).where(lines.c.id.in_(changed.pop("dispatch_line")))))
    if households:
        households = set(session.scalars(select(tables["household"].c.id).where(
            tables["household"].c.id.in_(households), tables["household"].c.id.in_(scopes.households_in_scope(scope)))))
        page.families["household"] |= households
        _family_rows(session, scope, page, households)
    if dispatches:
        dispatches = set(session.scalars(select(tables["dispatch"].c.id).where(
            tables["dispatch"].c.id.in_(dispatches), tables["dispatch"].c.to_site_id == scope.site_id)))
        page.families["dispatch"] |= dispatches
        for name, link in (("dispatch", "id"), ("dispatch_line", "dispatch_id")):
            _rows(session, scope, page, tables[name], tables[name].c[link].in_(dispatches))
        lot_ids = select(lines.c.lot_id).where(lines.c.dispatch_id.in_(dispatches))
        _rows(session, scope, page, tables["lot"], tables["lot"].c.id.in_(lot_ids))
    for name, ids in changed.items():
        if name not in scopes.HOUSEHOLD_FAMILY and ids:
            _rows(session, scope, page, tables[name], tables[name].c.id.in_(ids))


def _households_of(session: Session, changed: dict[str, set[uuid.UUID]]) -> set[uuid.UUID]:
    tables = travelling_tables()
    households = set(changed.get("household", set()))
    for name in ("household_member", "access_period", "allowance_grant"):
        if ids := changed.get(name):
            households |= set(session.scalars(select(tables[name].c.household_id).where(tables[name].c.id.in_(ids))))
    grants: set[uuid.UUID] = set()
    for name in scopes.GRANT_CHILDREN:
        if ids := changed.get(name):
            grants |= set(session.scalars(select(tables[name].c.grant_id).where(tables[name].c.id.in_(ids))))
    if grants:
        grant = tables["allowance_grant"]
        households |= set(session.scalars(select(grant.c.household_id).where(grant.c.id.in_(grants))))
    return households


def _family_rows(session: Session, scope: NodeScope, page: Page, households: set[uuid.UUID]) -> None:
    tables = travelling_tables()
    grants = select(tables["allowance_grant"].c.id).where(tables["allowance_grant"].c.household_id.in_(households))
    for name in scopes.HOUSEHOLD_FAMILY:
        table = tables[name]
        if name == "household":
            link = table.c.id.in_(households)
        elif name in scopes.GRANT_CHILDREN:
            link = table.c.grant_id.in_(grants)
        else:
            link = table.c.household_id.in_(households)
        _rows(session, scope, page, table, link)


def _rows(session: Session, scope: NodeScope, page: Page, table: Table, condition) -> None:
    query = select(table).where(condition, scopes.in_scope(table, scope))
    page.tables[table.name].extend(dict(row._mapping) for row in session.execute(query))


def _read_page(session: Session, page: Page, table: Table, condition, table_index: int, after: uuid.UUID | None,
               wanted: int) -> tuple[int, uuid.UUID | None]:
    """Up to `wanted` rows of one table in id order; where to go on from (next table when it is read)."""
    query = select(table).where(condition).order_by(table.c.id).limit(wanted)
    if after is not None:
        query = query.where(table.c.id > after)
    rows = [dict(row._mapping) for row in session.execute(query)]
    page.tables[table.name].extend(rows)
    return (table_index + 1, None) if len(rows) < wanted else (table_index, rows[-1]["id"])


# --- recovery of a node restored from a backup -------------------------------------------------

def recover(session: Session, code: str, since: dt.datetime, cursor: str, *, limit: int = PAGE_ROWS) -> Page:
    """The rows this node owns, written since `since` (its own clock, when its backup was taken):
    a node restored from last night's backup gets back the day it lost."""
    table_index, after = 0, None
    if cursor:
        kind, _, rest = cursor.partition(":")
        index_text, _, after_text = rest.partition(":")
        if kind != "r":
            raise PayloadError("Position de reprise illisible.")
        table_index = _parse_int(index_text)
        try:
            after = uuid.UUID(after_text) if after_text else None
        except ValueError as exc:
            raise PayloadError("Position de reprise illisible.") from exc
    page = Page()
    tables = list(travelling_tables().values())
    while table_index < len(tables) and page.rows() < limit:
        table = tables[table_index]
        recent = table.c.created_at >= since
        if "updated_at" in table.c:
            recent = or_(recent, table.c.updated_at >= since)
        table_index, after = _read_page(session, page, table, and_(table.c.owner_node == code, recent),
                                        table_index, after, limit - page.rows())
    page.more = table_index < len(tables)
    page.cursor = f"r:{table_index}:{after or ''}" if page.more else ""
    return page
