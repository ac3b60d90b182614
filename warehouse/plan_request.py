"""The planner's protocol, `gers-antiwaste-plan-request/1`, pure: read a request, check an answer.

A request describes one shipping day of a network in kilos and day indices (day 0 = the horizon's
`start_date`): the lots at the warehouse, each destination's shelf and road, the calendar
(shipping days, opening and receiving days as day indices, `lead_days` from leaving the warehouse
to the shelf) and the history of the days before. docs/entrepot.md describes every field.

A line of the answer is carried out only when it is valid — a known lot, a known destination that
can take a delivery leaving today (today is a shipping day and today + lead_days one of its
receiving days), more than 0 kg — and it is cut to what the lot still holds and to the
destination's free room for the lot's storage class, in the order of the answer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SCHEMA = "gers-antiwaste-plan-request/1"
GroupKg = dict[str, float]


class RequestError(ValueError):
    """The request cannot be read: the message (French, one line) says where."""


@dataclass(frozen=True)
class Lot:
    lot_id: str
    group: str
    storage_class: str
    kg: float
    last_usable_day: int | None
    arrives_day: int | None = None  # on the road to a destination: the day it is on the shelf
    product: str = ""
    arrival_day: int | None = None  # at the warehouse: the day it came in


@dataclass(frozen=True)
class SiteCalendar:
    kind: str
    households: int
    open_days: tuple[int, ...]
    receive_days: frozenset[int]
    capacity_kg: GroupKg


@dataclass(frozen=True)
class SiteState:
    site_id: str
    kind: str
    households: int
    free_kg: GroupKg
    stock: tuple[Lot, ...]  # on the shelf and on the road


@dataclass(frozen=True)
class Request:
    day: int
    start_date: dt.date
    lead_days: int
    shipping_days: frozenset[int]
    groups: tuple[str, ...]
    lots: tuple[Lot, ...]
    states: dict[str, SiteState]
    sites: dict[str, SiteCalendar]
    demand: dict[str, list[tuple[int, GroupKg]]]  # per site: what people asked for at each opening
    distributed: dict[str, list[tuple[int, GroupKg]]]
    received: list[tuple[int, GroupKg]]  # what reached the warehouse, day by day

    def can_receive(self, site_id: str) -> bool:
        site = self.sites.get(site_id)
        return (site is not None and self.day in self.shipping_days
                and self.day + self.lead_days in site.receive_days)

    def date_of(self, day: int) -> dt.date:
        return self.start_date + dt.timedelta(days=day)


@dataclass(frozen=True)
class Line:
    lot_id: str
    site_id: str
    kg: float


def parse_line(text: str) -> Request:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RequestError(f"Requête illisible : JSON invalide (colonne {exc.colno}).") from exc
    return parse_request(data)


def parse_request(data: Any) -> Request:
    request = _Reader(data, "requête").obj()
    schema = request.field("schema").text()
    if schema != SCHEMA:
        raise RequestError(f"Schéma inconnu : « {schema} » (attendu : {SCHEMA}).")
    day = request.field("day").integer()
    lots = tuple(_lot(reader) for reader in request.field("warehouse_stock").items_list())
    state_readers = request.field("site_states").items_list()
    calendar = request.field("calendar")
    history = request.field("history")
    sites = {site_id: _site_calendar(reader) for site_id, reader in calendar.field("sites").items()}
    states = [_site_state(reader) for reader in state_readers]
    unknown = [state.site_id for state in states if state.site_id not in sites]
    if unknown:
        raise RequestError(f"Destination « {unknown[0]} » absente du calendrier (calendar.sites).")
    return Request(
        day=day, start_date=calendar.field("start_date").date(),
        lead_days=calendar.field("lead_days").integer(),
        shipping_days=frozenset(calendar.field("shipping_days").integers()),
        groups=tuple(calendar.field("groups").texts()),
        lots=lots,
        states={state.site_id: state for state in states}, sites=sites,
        demand=_site_series(history.field("demand")), distributed=_site_series(history.field("distributed")),
        received=_series(history.field("received")))


def _lot(reader: _Reader, *, on_road: bool = False) -> Lot:
    return Lot(lot_id=reader.field("lot_id").text(), group=reader.field("group").text(),
               storage_class=reader.field("storage_class").text(), kg=reader.field("kg").number(),
               last_usable_day=reader.field("last_usable_day").integer_or_none(),
               arrives_day=reader.field("arrives_day").integer() if on_road else None,
               product=reader.optional("product", ""), arrival_day=reader.optional_integer("arrival_day"))


def _site_state(reader: _Reader) -> SiteState:
    stock = [_lot(item) for item in reader.field("stock").items_list()]
    stock += [_lot(item, on_road=True) for item in reader.field("in_transit").items_list()]
    return SiteState(site_id=reader.field("site_id").text(), kind=reader.field("kind").text(),
                     households=reader.field("households").integer(),
                     free_kg=reader.field("free_kg").numbers_by_key(), stock=tuple(stock))


def _site_calendar(reader: _Reader) -> SiteCalendar:
    return SiteCalendar(kind=reader.field("kind").text(), households=reader.field("households").integer(),
                        open_days=tuple(sorted(set(reader.field("open_days").integers()))),
                        receive_days=frozenset(reader.field("receive_days").integers()),
                        capacity_kg=reader.field("capacity_kg").numbers_by_key())


def _site_series(reader: _Reader) -> dict[str, list[tuple[int, GroupKg]]]:
    return {site_id: _series(openings) for site_id, openings in reader.items()}


def _series(reader: _Reader) -> list[tuple[int, GroupKg]]:
    rows = []
    for pair in reader.items_list():
        day, by_group = pair.pair()
        rows.append((day.integer(), by_group.numbers_by_key()))
    return sorted(rows, key=lambda row: row[0])


class _Reader:
    """A value and where it sits in the request, to name the place in an error."""

    def __init__(self, value: Any, where: str) -> None:
        self.value, self.where = value, where

    def _fail(self, expected: str) -> RequestError:
        return RequestError(f"Champ « {self.where} » : {expected} attendu.")

    def obj(self) -> _Reader:
        if not isinstance(self.value, Mapping):
            raise self._fail("un objet JSON")
        return self

    def field(self, name: str) -> _Reader:
        self.obj()
        if name not in self.value:
            raise RequestError(f"Champ manquant : « {self._child(name)} ».")
        return _Reader(self.value[name], self._child(name))

    def optional(self, name: str, default: str) -> str:
        value = self.obj().value.get(name, default)
        return value if isinstance(value, str) else default

    def optional_integer(self, name: str) -> int | None:
        value = self.obj().value.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def _child(self, name: str) -> str:
        return name if self.where == "requête" else f"{self.where}.{name}"

    def items(self) -> list[tuple[str, _Reader]]:
        return [(str(key), _Reader(value, f"{self.where}.{key}")) for key, value in self.obj().value.items()]

    def items_list(self) -> list[_Reader]:
        if not isinstance(self.value, list):
            raise self._fail("une liste")
        return [_Reader(value, f"{self.where}[{n}]") for n, value in enumerate(self.value)]

    def pair(self) -> tuple[_Reader, _Reader]:
        items = self.items_list()
        if len(items) != 2:
            raise self._fail("une paire [jour, {groupe: kg}]")
        return items[0], items[1]

    def text(self) -> str:
        if not isinstance(self.value, str) or not self.value:
            raise self._fail("un texte non vide")
        return self.value

    def integer(self) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self._fail("un nombre entier")
        return self.value

    def integer_or_none(self) -> int | None:
        return None if self.value is None else self.integer()

    def number(self) -> float:
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)) or self.value != self.value:
            raise self._fail("un nombre")
        if self.value < 0 or self.value == float("inf"):
            raise self._fail("un nombre positif ou nul")
        return float(self.value)

    def integers(self) -> list[int]:
        return [item.integer() for item in self.items_list()]

    def texts(self) -> list[str]:
        return [item.text() for item in self.items_list()]

    def numbers_by_key(self) -> dict[str, float]:
        return {key: reader.number() for key, reader in self.items()}

    def date(self) -> dt.date:
        try:
            return dt.date.fromisoformat(self.text())
        except ValueError as exc:
            raise self._fail("une date AAAA-MM-JJ") from exc


def apply_answer(request: Request, lines: list[Line]) -> list[Line]:
    """The lines as carried out: invalid ones dropped, the rest cut to the lot and to the free room."""
    left = {lot.lot_id: lot.kg for lot in request.lots}
    storage = {lot.lot_id: lot.storage_class for lot in request.lots}
    room = {site_id: dict(state.free_kg) for site_id, state in request.states.items()}
    done = []
    for line in lines:
        if line.lot_id not in left or not request.can_receive(line.site_id) or not line.kg > 0:
            continue
        free = room.setdefault(line.site_id, {})
        kg = min(line.kg, left[line.lot_id], free.get(storage[line.lot_id], 0.0))
        if kg <= 1e-9:
            continue
        left[line.lot_id] -= kg
        free[storage[line.lot_id]] = free.get(storage[line.lot_id], 0.0) - kg
        done.append(Line(line.lot_id, line.site_id, kg))
    return done
