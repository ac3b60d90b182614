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

from sqlalchemy import String, cast, func, select, type_coerce
from sqlalchemy.orm import Session

from households.enums import HOUSEHOLD_TYPE_LABELS, SEX_LABELS, HouseholdType, Sex
from households.models import Household, HouseholdMember
from inventory.models import FoodGroup, Site
from inventory.stock_models import LOSS_LABELS, SOURCE_LABELS, LossReason, LotSource
from pos.enums import EntryKind, Shop
from reports import indicators
from reports.models import EntriesDay, HouseholdFirst, HouseholdMonth, SalesDay, StockDay
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


def scopes(session: Session, only_site: uuid.UUID | None = None) -> list[Scope]:
    """Network, each association (site.organisation), each site — or the one site of a site account."""
    sites = session.execute(select(Site.id, Site.name, Site.organisation).order_by(Site.name)).all()
    if only_site is not None:
        return [Scope(name, frozenset({site_id})) for site_id, name, _org in sites if site_id == only_site]
    by_org: dict[str, set] = defaultdict(set)
    for site_id, _name, organisation in sites:
        if organisation:
            by_org[organisation].add(site_id)
    return ([Scope("Réseau", frozenset(site_id for site_id, _n, _o in sites))]
            + [Scope(f"Association : {org}", frozenset(ids)) for org, ids in sorted(by_org.items())]
            + [Scope(f"Site : {name}", frozenset({site_id})) for site_id, name, _org in sites])


def yearly_report(session: Session, year: int, settings: Settings, only_site: uuid.UUID | None = None,
                  progress=None) -> list[StateFigures]:
    data = _YearData.read(session, year)
    reports = []
    for scope in scopes(session, only_site):
        reports.append(data.figures(scope, year, settings))
        if progress is not None:
            progress(scope.label)
    return reports


@dataclass
class _YearData:
    """Everything the year's report needs, read once (a handful of queries over the summaries)."""

    group_labels: dict[str, str]
    sales: list  # (site, shop, group, fse, grams, value)
    entries: list  # (site, shop, kind, count, paid)
    visited: dict[str, set]  # household (id as text) -> sites
    seen_before: set
    households: dict[str, HouseholdType]
    members: dict[str, list[tuple[int, Sex]]]
    stock: list  # (site, kind, reason, source, grams, value)

    @classmethod
    def read(cls, session: Session, year: int) -> _YearData:
        start, end = indicators.year_bounds(year)
        in_year = SalesDay.day.between(start, end)
        sales = session.execute(
            select(SalesDay.site_id, SalesDay.shop, SalesDay.food_group, SalesDay.fse_plus, func.sum(SalesDay.grams),
                   func.sum(SalesDay.market_value))
            .where(in_year, SalesDay.shop.in_(FOOD_SHOPS))
            .group_by(SalesDay.site_id, SalesDay.shop, SalesDay.food_group, SalesDay.fse_plus)).all()
        entries = session.execute(
            select(EntriesDay.site_id, EntriesDay.shop, EntriesDay.kind, func.sum(EntriesDay.entries),
                   func.sum(EntriesDay.paid))
            .where(EntriesDay.day.between(start, end))
            .group_by(EntriesDay.site_id, EntriesDay.shop, EntriesDay.kind)).all()
        # Household ids as text: thousands of them go into sets, and uuid.UUID hashes in Python.
        visited: dict[str, set] = defaultdict(set)
        in_months = HouseholdMonth.month.between(start, end)
        for household_id, site_id in session.execute(
                select(_text(HouseholdMonth.household_id), HouseholdMonth.site_id).where(in_months)
                .group_by(HouseholdMonth.household_id, HouseholdMonth.site_id)
                .having(func.sum(HouseholdMonth.visits) > 0)):
            visited[household_id].add(site_id)
        year_households = (select(HouseholdMonth.household_id).where(in_months).distinct().scalar_subquery())
        seen_before = set(session.scalars(select(_text(HouseholdFirst.household_id)).where(
            HouseholdFirst.first_day < start, HouseholdFirst.household_id.in_(year_households))))
        # Enum columns read as their stored text and mapped by a dict: SQLAlchemy's enum processing per row
        # is most of the report's time with thousands of households.
        types = {kind.value: kind for kind in HouseholdType}
        households = {household_id: types[kind] for household_id, kind in session.execute(
            select(_text(Household.id), type_coerce(Household.household_type, String))
            .where(Household.id.in_(year_households)))}
        sexes = {sex.value: sex for sex in Sex}
        members: dict[str, list] = defaultdict(list)
        for household_id, birth_year, sex in session.execute(
                select(_text(HouseholdMember.household_id), HouseholdMember.birth_year,
                       type_coerce(HouseholdMember.sex, String))
                .where(HouseholdMember.household_id.in_(year_households))):
            members[household_id].append((birth_year, sexes[sex]))
        stock = session.execute(
            select(StockDay.site_id, StockDay.kind, StockDay.reason, StockDay.source, func.sum(StockDay.grams),
                   func.sum(StockDay.market_value))
            .where(StockDay.day.between(start, end), StockDay.kind.in_(("intake", "loss")))
            .group_by(StockDay.site_id, StockDay.kind, StockDay.reason, StockDay.source)).all()
        labels = dict(session.execute(select(FoodGroup.code, FoodGroup.label).order_by(FoodGroup.label)).all())
        return cls(labels, sales, entries, visited, seen_before, households, members, stock)

    def figures(self, scope: Scope, year: int, settings: Settings) -> StateFigures:
        report = StateFigures(scope.label, year, indicators.band_labels(settings.age_bounds))
        self._groups(report, scope)
        self._people(report, scope, settings)
        self._entries(report, scope)
        self._stock(report, scope)
        return report

    def _groups(self, report: StateFigures, scope: Scope) -> None:
        groups = {code: GroupFigures(code, label) for code, label in self.group_labels.items()}
        for site_id, shop, code, fse, grams, value in self.sales:
            if site_id in scope.site_ids:
                group = groups.setdefault(code, GroupFigures(code, code or "Sans groupe"))
                (group.fse_plus if fse or shop == Shop.FSE.value else group.distributed).add(grams, value)
                if shop == Shop.FSE.value:
                    report.free_line.add(grams, value)
        report.groups = list(groups.values())

    def _by_site(self) -> dict:
        if not hasattr(self, "_households_by_site"):
            by_site: dict = defaultdict(set)
            for household, sites in self.visited.items():
                for site_id in sites:
                    by_site[site_id].add(household)
            self._households_by_site = by_site
        return self._households_by_site

    def _person_counts(self, year: int, bounds: tuple[int, ...]) -> dict:
        """Per household, its persons by band and by sex: worked out once, added up per scope."""
        if getattr(self, "_counts_for", None) != (year, bounds):
            counts = {}
            for household, persons in self.members.items():
                bands, sexes = [0] * (len(bounds) + 1), {}
                for birth_year, sex in persons:
                    bands[indicators.band_of(indicators.age_in(year, birth_year), bounds)] += 1
                    sexes[sex] = sexes.get(sex, 0) + 1
                counts[household] = (bands, sexes)
            self._counts, self._counts_for = counts, (year, bounds)
        return self._counts

    def _people(self, report: StateFigures, scope: Scope, settings: Settings) -> None:
        helped = set().union(*(self._by_site().get(site_id, ()) for site_id in scope.site_ids))
        counts = self._person_counts(report.year, settings.age_bounds)
        bands = [0] * (len(settings.age_bounds) + 1)
        by_sex: dict = defaultdict(int)
        for household in helped:
            household_bands, household_sexes = counts.get(household, ((), {}))
            for index, count in enumerate(household_bands):
                bands[index] += count
            for sex, count in household_sexes.items():
                by_sex[sex] += count
        report.households, report.persons = len(helped), sum(bands)
        report.persons_by_band = bands
        report.persons_by_sex = {label: by_sex.get(sex, 0) for sex, label in SEX_LABELS.items()}
        by_type = indicators.tally(self.households[h] for h in helped if h in self.households)
        report.households_by_type = {label: by_type.get(kind, 0) for kind, label in HOUSEHOLD_TYPE_LABELS.items()}
        split = indicators.new_and_returning(helped, self.seen_before)
        report.new_households, report.returning_households = split.new, split.returning

    def _entries(self, report: StateFigures, scope: Scope) -> None:
        for site_id, shop, kind, count, paid in self.entries:
            if site_id not in scope.site_ids:
                continue
            if shop == Shop.EPICERIE.value and kind in (EntryKind.SALE.value, EntryKind.VOID.value):
                report.visits += int(count) * (1 if kind == EntryKind.SALE.value else -1)
            if shop == Shop.FSE.value and kind in (EntryKind.SALE.value, EntryKind.VOID.value):
                report.free_line_distributions += int(count) * (1 if kind == EntryKind.SALE.value else -1)
            if shop == Shop.VESTI.value:
                report.vesti_revenue = indicators.cents(report.vesti_revenue + Decimal(str(paid or 0)))

    def _stock(self, report: StateFigures, scope: Scope) -> None:
        report.donations = {source.label: Kg() for source in LotSource}
        report.losses = {reason.label: Kg() for reason in LossReason}
        for site_id, kind, reason, source, grams, value in self.stock:
            if site_id not in scope.site_ids:
                continue
            if kind == "intake" and source:
                report.donations[SOURCE_LABELS[LotSource(source)]].add(grams, value)
            elif kind == "loss" and reason:
                report.losses[LOSS_LABELS[LossReason(reason)]].add(-int(grams), -Decimal(str(value or 0)))


def _text(column):
    return cast(column, String)


def report_year_default(today: dt.date) -> int:
    """The report is sent early in the year for the year before."""
    return today.year - 1 if today.month <= 3 else today.year
