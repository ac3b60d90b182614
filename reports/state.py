"""The yearly State / FSE+ report: figures per network, association and site, read from the summaries.

Additive figures (kg, values, visits) are read once per site and added up per scope. Unique
households and persons are never added up: a household counted at two sites (it moved, or shops at
both) is one household of the association and of the network. Persons are counted from the
households' current composition, ages reached during the year (only birth years are kept).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from households.enums import HOUSEHOLD_TYPE_LABELS, SEX_LABELS
from inventory.models import FoodGroup, Site
from inventory.stock_models import LOSS_LABELS, SOURCE_LABELS, LossReason, LotSource
from pos.enums import EntryKind, Shop
from reports import indicators, people
from reports.models import EntriesYear, SalesYear, StockYear
from reports.settings import Settings

ZERO = Decimal("0.00")
FOOD_SHOPS = (Shop.EPICERIE.value, Shop.FSE.value)  # the paid line and the free FSE+ line


@dataclass
class Kg:
    grams: int = 0
    value: Decimal = ZERO

    def add(self, grams: int, value: Decimal) -> None:
        self.grams += int(grams or 0)
        self.value = indicators.cents(self.value + Decimal(str(value or 0)))


@dataclass
class GroupFigures:
    code: str
    label: str
    distributed: Kg = field(default_factory=Kg)  # paid lines (participation)
    fse_plus: Kg = field(default_factory=Kg)  # free FSE+ lines, apart


@dataclass
class StateFigures:
    scope: str  # "Réseau", an association, a site
    year: int
    band_labels: list[str]
    groups: list[GroupFigures] = field(default_factory=list)
    households: int = 0
    persons: int = 0
    persons_by_band: list[int] = field(default_factory=list)
    persons_by_sex: dict[str, int] = field(default_factory=dict)
    households_by_type: dict[str, int] = field(default_factory=dict)
    new_households: int = 0
    returning_households: int = 0
    visits: int = 0
    donations: dict[str, Kg] = field(default_factory=dict)
    losses: dict[str, Kg] = field(default_factory=dict)
    vesti_revenue: Decimal = ZERO
    # The free FSE+ distribution line (mobile units' free line, shop « fse »), apart from the paid
    # line: its kilos are inside `fse_plus`, its distributions are not visits of the paid line.
    free_line: Kg = field(default_factory=Kg)
    free_line_distributions: int = 0

    @property
    def total(self) -> Kg:
        return _sum(k for group in self.groups for k in (group.distributed, group.fse_plus))

    @property
    def fse_plus(self) -> Kg:
        return _sum(group.fse_plus for group in self.groups)

    @property
    def fse_plus_tonnes(self) -> Decimal:
        return indicators.tonnes(self.fse_plus.grams)


def _sum(kgs) -> Kg:
    total = Kg()
    for kg in kgs:
        total.add(kg.grams, kg.value)
    return total


@dataclass(frozen=True)
class Scope:
    label: str
    site_ids: frozenset[uuid.UUID]
    key: tuple  # ("network",), ("organisation", name) or ("site", id): where its unique counts are found


def scopes(session: Session, only_site: uuid.UUID | None = None) -> list[Scope]:
    """Network, each association (site.organisation), each site — or the one site of a site account."""
    sites = session.execute(select(Site.id, Site.name, Site.organisation).order_by(Site.name)).all()
    if only_site is not None:
        return [Scope(name, frozenset({site_id}), ("site", site_id))
                for site_id, name, _org in sites if site_id == only_site]
    by_org: dict[str, set] = defaultdict(set)
    for site_id, _name, organisation in sites:
        if organisation:
            by_org[organisation].add(site_id)
    return ([Scope("Réseau", frozenset(site_id for site_id, _n, _o in sites), ("network",))]
            + [Scope(f"Association : {org}", frozenset(ids), ("organisation", org)) for org, ids in sorted(by_org.items())]
            + [Scope(f"Site : {name}", frozenset({site_id}), ("site", site_id)) for site_id, name, _org in sites])


def yearly_report(session: Session, year: int, settings: Settings, only_site: uuid.UUID | None = None,
                  progress=None) -> list[StateFigures]:
    data = _YearData.read(session, year, settings.age_bounds)
    reports = []
    for scope in scopes(session, only_site):
        reports.append(data.figures(scope, year, settings))
        if progress is not None:
            progress(scope.label)
    return reports


@dataclass
class _YearData:
    """Everything the year's report needs, read once from the yearly summaries (a few hundred rows
    per site, whatever the number of sale lines)."""

    group_labels: dict[str, str]
    sales: dict[uuid.UUID, list]  # site -> (shop, group, fse, grams, value)
    entries: dict[uuid.UUID, list]  # site -> (shop, kind, count, paid)
    unique: dict[tuple, people.Counts]  # Scope.key -> unique households and persons
    stock: dict[uuid.UUID, list]  # site -> (kind, reason, source, grams, value)

    @classmethod
    def read(cls, session: Session, year: int, bounds: tuple[int, ...]) -> _YearData:
        start, _end = indicators.year_bounds(year)
        sales = session.execute(
            select(SalesYear.site_id, SalesYear.shop, SalesYear.food_group, SalesYear.fse_plus, SalesYear.grams,
                   SalesYear.market_value)
            .where(SalesYear.year == start, SalesYear.shop.in_(FOOD_SHOPS))).all()
        entries = session.execute(
            select(EntriesYear.site_id, EntriesYear.shop, EntriesYear.kind, EntriesYear.entries, EntriesYear.paid)
            .where(EntriesYear.year == start)).all()
        stock = session.execute(
            select(StockYear.site_id, StockYear.kind, StockYear.reason, StockYear.source, func.sum(StockYear.grams),
                   func.sum(StockYear.market_value))
            .where(StockYear.year == start, StockYear.kind.in_(("intake", "loss")))
            .group_by(StockYear.site_id, StockYear.kind, StockYear.reason, StockYear.source)).all()
        labels = dict(session.execute(select(FoodGroup.code, FoodGroup.label).order_by(FoodGroup.label)).all())
        return cls(labels, _by_site(sales), _by_site(entries), people.unique_counts(session, start, bounds),
                   _by_site(stock))

    def figures(self, scope: Scope, year: int, settings: Settings) -> StateFigures:
        report = StateFigures(scope.label, year, indicators.band_labels(settings.age_bounds))
        self._groups(report, scope)
        self._people(report, scope, settings)
        self._entries(report, scope)
        self._stock(report, scope)
        return report

    def _groups(self, report: StateFigures, scope: Scope) -> None:
        groups = {code: GroupFigures(code, label) for code, label in self.group_labels.items()}
        for shop, code, fse, grams, value in _rows(self.sales, scope):
            group = groups.setdefault(code, GroupFigures(code, code or "Sans groupe"))
            (group.fse_plus if fse or shop == Shop.FSE.value else group.distributed).add(grams, value)
            if shop == Shop.FSE.value:
                report.free_line.add(grams, value)
        report.groups = list(groups.values())

    def _people(self, report: StateFigures, scope: Scope, settings: Settings) -> None:
        found = self.unique.get(scope.key) or people.Counts(bands=[0] * (len(settings.age_bounds) + 1))
        report.households, report.persons = found.households, sum(found.bands)
        report.persons_by_band = list(found.bands)
        report.persons_by_sex = {label: found.sexes.get(sex, 0) for sex, label in SEX_LABELS.items()}
        report.households_by_type = {label: found.types.get(kind, 0) for kind, label in HOUSEHOLD_TYPE_LABELS.items()}
        report.new_households, report.returning_households = found.households - found.returning, found.returning

    def _entries(self, report: StateFigures, scope: Scope) -> None:
        for shop, kind, count, paid in _rows(self.entries, scope):
            if shop == Shop.EPICERIE.value and kind in (EntryKind.SALE.value, EntryKind.VOID.value):
                report.visits += int(count) * (1 if kind == EntryKind.SALE.value else -1)
            if shop == Shop.FSE.value and kind in (EntryKind.SALE.value, EntryKind.VOID.value):
                report.free_line_distributions += int(count) * (1 if kind == EntryKind.SALE.value else -1)
            if shop == Shop.VESTI.value:
                report.vesti_revenue = indicators.cents(report.vesti_revenue + Decimal(str(paid or 0)))

    def _stock(self, report: StateFigures, scope: Scope) -> None:
        report.donations = {source.label: Kg() for source in LotSource}
        report.losses = {reason.label: Kg() for reason in LossReason}
        for kind, reason, source, grams, value in _rows(self.stock, scope):
            if kind == "intake" and source:
                report.donations[SOURCE_LABELS[LotSource(source)]].add(grams, value)
            elif kind == "loss" and reason:
                report.losses[LOSS_LABELS[LossReason(reason)]].add(-int(grams), -Decimal(str(value or 0)))


def _by_site(rows) -> dict[uuid.UUID, list]:
    by_site: dict[uuid.UUID, list] = defaultdict(list)
    for site_id, *figures in rows:
        by_site[site_id].append(figures)
    return by_site


def _rows(by_site: dict[uuid.UUID, list], scope: Scope):
    return (figures for site_id in scope.site_ids for figures in by_site.get(site_id, ()))


def report_year_default(today: dt.date) -> int:
    """The report is sent early in the year for the year before."""
    return today.year - 1 if today.month <= 3 else today.year
