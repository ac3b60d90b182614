"""Rows as JSON and back, table by table, from the tables' own column types; payloads gzip-compressed.

A row travels as a list of its column values in the order of a header sent once per table
(`{"table": …, "columns": […], "rows": [[…], …]}`): half the bytes of a list of objects.
"""

from __future__ import annotations

import datetime as dt
import enum
import gzip
import io
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Table, TypeDecorator

from gers.changes import travels
from gers.db import Base

# A pushed night is a few MB once compressed; this bounds what a forged gzip may expand to.
MAX_EXPANDED_BYTES = 512 * 1024 * 1024


class PayloadError(ValueError):
    """A batch that cannot be read; the message is French."""


def travelling_tables() -> dict[str, Table]:
    """Every table whose rows cross nodes, in an order where parents come before children."""
    return {table.name: table for table in Base.metadata.sorted_tables if travels(table)}


def _encoder(python_type: type) -> Callable[[Any], Any]:
    if python_type is uuid.UUID or python_type is Decimal:
        return str
    if python_type in (dt.datetime, dt.date, dt.time):
        return lambda value: value.isoformat()
    if isinstance(python_type, type) and issubclass(python_type, enum.Enum):
        return lambda value: value.value
    return lambda value: value


def _decoder(python_type: type) -> Callable[[Any], Any]:
    if python_type is uuid.UUID:
        return uuid.UUID
    if python_type is Decimal:
        return lambda value: Decimal(str(value))
    if python_type is dt.datetime:
        return lambda value: dt.datetime.fromisoformat(value).astimezone(dt.UTC)
    if python_type is dt.date:
        return dt.date.fromisoformat
    if python_type is dt.time:
        return dt.time.fromisoformat
    if python_type is bool:
        return lambda value: bool(value) if isinstance(value, bool | int) else _bad(value)
    if python_type is int:
        return lambda value: value if isinstance(value, int) and not isinstance(value, bool) else _bad(value)
    if python_type is str:
        return lambda value: value if isinstance(value, str) else _bad(value)
    if isinstance(python_type, type) and issubclass(python_type, enum.Enum):
        return python_type
    return lambda value: value


def _bad(value: Any) -> Any:
    raise ValueError(f"unexpected value {value!r}")


def _python_type(column) -> type:
    column_type = column.type
    if isinstance(column_type, TypeDecorator):  # UTCDateTime: its impl says what Python gets
        column_type = column_type.impl_instance
    try:
        return column_type.python_type
    except NotImplementedError:
        return object


class TableCodec:
    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = [column.name for column in table.columns]
        self._encoders = [_encoder(_python_type(column)) for column in table.columns]
        self._decoders = {column.name: (_decoder(_python_type(column)), column.nullable)
                          for column in table.columns}

    def encode(self, rows: Iterable[Any]) -> list[list[Any]]:
        """Rows as read by a Core select of the whole table (mappings or tuples in column order)."""
        out = []
        for row in rows:
            values = row if isinstance(row, Sequence) else [row[name] for name in self.columns]
            out.append([None if value is None else encode(value)
                        for encode, value in zip(self._encoders, values, strict=True)])
        return out

    def check_columns(self, columns: list[Any]) -> None:
        if not all(isinstance(name, str) for name in columns):
            raise PayloadError(f"Colonnes de « {self.table.name} » illisibles.")
        if len(columns) != len(set(columns)) or set(columns) != set(self.columns):
            missing, extra = set(self.columns) - set(columns), set(columns) - set(self.columns)
            raise PayloadError(f"Colonnes de « {self.table.name} » inattendues (manquantes : "
                               f"{', '.join(sorted(missing)) or 'aucune'} ; en trop : {', '.join(sorted(extra)) or 'aucune'}) : "
                               "mettez à jour le logiciel du nœud ou du serveur central.")

    def decode(self, columns: list[str], rows: list[list[Any]]) -> list[dict[str, Any]]:
        self.check_columns(columns)
        decoders = [(name, *self._decoders[name]) for name in columns]
        decoded = []
        for row in rows:
            if not isinstance(row, list) or len(row) != len(columns):
                raise PayloadError(f"Ligne mal formée dans « {self.table.name} ».")
            record = {}
            for (name, decode, nullable), value in zip(decoders, row, strict=True):
                if value is None:
                    if not nullable:
                        raise PayloadError(f"Valeur manquante : {self.table.name}.{name}.")
                    record[name] = None
                    continue
                try:
                    record[name] = decode(value)
                except (ValueError, TypeError, InvalidOperation, AttributeError) as exc:
                    raise PayloadError(f"Valeur illisible : {self.table.name}.{name} = {str(value)[:40]!r}.") from exc
            decoded.append(record)
        return decoded


_CODECS: dict[str, TableCodec] = {}


def codec(table_name: str) -> TableCodec:
    if table_name not in _CODECS:
        tables = travelling_tables()
        if table_name not in tables:
            raise PayloadError(f"Table inconnue ou qui ne voyage pas : « {table_name[:60]} ».")
        _CODECS[table_name] = TableCodec(tables[table_name])
    return _CODECS[table_name]


def pack(payload: dict[str, Any]) -> bytes:
    return gzip.compress(json.dumps(payload, separators=(",", ":")).encode(), compresslevel=1, mtime=0)  # the link is rarely the limit; the CPU is


def unpack(body: bytes) -> dict[str, Any]:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            raw = stream.read(MAX_EXPANDED_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise PayloadError("Lot de synchronisation illisible (compression gzip invalide).") from exc
    if len(raw) > MAX_EXPANDED_BYTES:
        raise PayloadError("Lot de synchronisation trop volumineux une fois décompressé.")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PayloadError("Lot de synchronisation illisible (JSON invalide).") from exc
    if not isinstance(data, dict):
        raise PayloadError("Lot de synchronisation illisible : un objet JSON est attendu.")
    return data

