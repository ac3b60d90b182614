"""Coordinators' dashboard: the week's or month's figures per site, read from the summaries.

Every table carries, per row, the query of its drill-down (reports.drill) so a coordinator clicks a
number and sees the pseudonymous rows behind it. `Filters.site_ids` is already restricted to the
person's scope by the view (a site account sees its own site only).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from gers.formatting import money
from households.access_models import AccessPeriod
from households.enums import PeriodKind
from households.grant_models import AllowanceGrant, GrantShare
from households.models import Household
from inventory.models import Category, FoodGroup, Product, Site
from inventory.stock_models import LOSS_LABELS, LossReason, Lot, StockBalance
from pos.enums import EntryKind, Shop
from pos.payments import METHOD_LABELS, Method
from reports import indicators
from reports.models import NO_GROUP, EntriesDay, HouseholdDay, SalesDay, StockDay, TendersDay
from reports.settings import Settings
from reports.tables import DAYS, GRAMS, INT, MONEY, PERCENT, Column, Table
from tours.figures import stop_figures

EPICERIE = Shop.EPICERIE.value
EXPIRY_DAYS = 7


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    site_ids: frozenset[uuid.UUID] | None = None  # None: every site
    group: str | None = None  # a food group code

    def query(self, **extra) -> dict:
        values = {"du": self.start.isoformat(), "au": self.end.isoformat(), "groupe": self.group or ""}
        if self.site_ids is not None and len(self.site_ids) == 1:
            values["site"] = str(next(iter(self.site_ids)))
        return values | extra

    def sites(self, column):
        return True if self.site_ids is None else column.in_(self.site_ids)

    def sites_allow(self, site_id: uuid.UUID) -> bool:
        return self.site_ids is None or site_id in self.site_ids


def site_names(session: Session) -> dict[uuid.UUID, str]:
    return dict(session.execute(select(Site.id, Site.name).order_by(Site.name)).all())


def dashboard(session: Session, filters: Filters, settings: Settings, today: dt.date) -> list[Table]:
    names = site_names(session)
    return [sales_by_day(session, filters), kg_by_group(session, filters), payments(session, filters),
            sites_table(session, filters, names, settings), stock_table(session, filters, names, settings, today),
            waste_table(session, filters, names), stops_table(session, filters)]


def stops_table(session: Session, filters: Filters) -> Table:
    """The mobile units' stops of the period: counts per stop (never a name)."""
    table = Table("arrets", "Unités mobiles : fréquentation et kilos par arrêt",
                  [Column("Arrêt"), Column("Foyers servis", INT), Column("Passages (ligne payante)", INT),
                   Column("Distributions gratuites FSE+", INT), Column("Kilos ligne payante", GRAMS),
                   Column("Kilos gratuits FSE+", GRAMS)], chart_columns=(4, 5))
    for figures in stop_figures(session, filters.start, filters.end, filters.site_ids):
        stop = figures.stop
        label = f"{stop.day:%d/%m} {stop.commune} ({stop.site.name})" + (" — annulé" if stop.cancelled else "")
        table.add([label, figures.households, figures.visits, figures.distributions, figures.grams_paid,
                   figures.grams_free])
    return table


def sales_by_day(session: Session, filters: Filters) -> Table:
    table = Table("ventes", "Ventes par jour (épicerie)",
                  [Column("Jour"), Column("Paniers", INT), Column("Valeur marchande", MONEY),
                   Column("Participation", MONEY), Column("Panier moyen", MONEY)], chart_columns=(2, 3))
    baskets = case((EntriesDay.kind == EntryKind.SALE.value, EntriesDay.entries),
                   (EntriesDay.kind == EntryKind.VOID.value, -EntriesDay.entries), else_=0)
    rows = session.execute(
        select(EntriesDay.day, func.sum(baskets), func.sum(EntriesDay.market_value), func.sum(EntriesDay.paid))
        .where(EntriesDay.day.between(filters.start, filters.end), EntriesDay.shop == EPICERIE,
               filters.sites(EntriesDay.site_id))
        .group_by(EntriesDay.day).order_by(EntriesDay.day))
    for day, count, value, paid in rows:
        value = indicators.cents(value or 0)
        table.add([day.strftime("%d/%m/%Y"), int(count), value, indicators.cents(paid or 0),
                   indicators.average(value, int(count))], filters.query(figure="ventes", jour=day.isoformat()))
    return table


def kg_by_group(session: Session, filters: Filters) -> Table:
    table = Table("groupes", "Kilos distribués par groupe d'aliments",
                  [Column("Groupe"), Column("Poids", GRAMS), Column("Valeur marchande", MONEY),
                   Column("dont FSE+ (gratuit)", GRAMS), Column("Participation", MONEY)], chart_columns=(1, 3))
    fse = case((SalesDay.fse_plus, SalesDay.grams), else_=0)
    where = [SalesDay.day.between(filters.start, filters.end), SalesDay.shop.in_((EPICERIE, Shop.FSE.value)),
             filters.sites(SalesDay.site_id)]
    if filters.group:
        where.append(SalesDay.food_group == filters.group)
    labels = dict(session.execute(select(FoodGroup.code, FoodGroup.label)).all())
    rows = session.execute(select(SalesDay.food_group, func.sum(SalesDay.grams), func.sum(SalesDay.market_value),
                                  func.sum(fse), func.sum(SalesDay.paid))
                           .where(*where).group_by(SalesDay.food_group).order_by(SalesDay.food_group))
    for code, grams, value, fse_grams, paid in rows:
        table.add([labels.get(code, code or "Sans groupe"), int(grams or 0), indicators.cents(value or 0),
                   int(fse_grams or 0), indicators.cents(paid or 0)],
                  filters.query(figure="groupe", cle=code or NO_GROUP))
    return table


def payments(session: Session, filters: Filters) -> Table:
    table = Table("paiements", "Participation encaissée par moyen de paiement",
                  [Column("Moyen"), Column("Montant", MONEY), Column("Opérations", INT)], chart_type="doughnut")
    rows = dict((method, (amount, count)) for method, amount, count in session.execute(
        select(TendersDay.method, func.sum(TendersDay.amount), func.sum(TendersDay.tenders))
        .where(TendersDay.day.between(filters.start, filters.end), TendersDay.shop == EPICERIE,
               filters.sites(TendersDay.site_id)).group_by(TendersDay.method)))
    for method in Method:
        amount, count = rows.get(method.value, (0, 0))
        table.add([METHOD_LABELS[method], indicators.cents(amount or 0), int(count or 0)])
    vesti = session.scalar(select(func.sum(EntriesDay.paid)).where(
        EntriesDay.day.between(filters.start, filters.end), EntriesDay.shop == Shop.VESTI.value,
        filters.sites(EntriesDay.site_id)))
    table.note = f"Vesti-boutique, à part : {money(indicators.cents(vesti or 0))} de recettes."
    return table


def sites_table(session: Session, filters: Filters, names: dict, settings: Settings) -> Table:
    table = Table("foyers", "Foyers et allocation par site",
                  [Column("Site"), Column("Foyers avec accès", INT), Column("Foyers venus", INT),
                   Column(f"Sans passage depuis {settings.absent_days} j", INT), Column("Allocation accordée", MONEY),
                   Column("Allocation dépensée", MONEY), Column("Taux d'utilisation", PERCENT)],
                  chart_columns=(1, 2, 3))
    absent_since = filters.end - dt.timedelta(days=settings.absent_days - 1)
    access, absent = _households_with_access(session, filters, absent_since)
    seen = _households_seen(session, filters)
    granted = _granted(session, filters)
    spent = dict(session.execute(select(EntriesDay.site_id, func.sum(EntriesDay.allowance_used)).where(
        EntriesDay.day.between(filters.start, filters.end), EntriesDay.shop == EPICERIE,
        filters.sites(EntriesDay.site_id)).group_by(EntriesDay.site_id)).all())
    for site_id, name in names.items():
        if filters.site_ids is not None and site_id not in filters.site_ids:
            continue
        if not (access.get(site_id) or seen.get(site_id) or granted.get(site_id) or spent.get(site_id)):
            continue
        given, used = indicators.cents(granted.get(site_id, 0)), indicators.cents(spent.get(site_id) or 0)
        table.add([name, access.get(site_id, 0), seen.get(site_id, 0), absent.get(site_id, 0), given, used,
                   indicators.ratio(used, given)], filters.query(figure="absents", site=str(site_id)))
    return table


def _households_with_access(session: Session, filters: Filters, absent_since: dt.date) -> tuple[dict, dict]:
    """Per home site: households whose access covers the period's last day, and those of them not seen
    at any site since `absent_since` (counted by the database: no id leaves it)."""
    covered = (select(AccessPeriod.household_id).where(AccessPeriod.starts_on <= filters.end,
                                                        AccessPeriod.ends_on >= filters.end).distinct().subquery())
    came = (select(HouseholdDay.household_id).where(HouseholdDay.day.between(absent_since, filters.end),
                                                    HouseholdDay.visits > 0).distinct().subquery())
    rows = session.execute(select(Household.home_site_id, func.count(), func.count(came.c.household_id))
                           .join(covered, covered.c.household_id == Household.id)
                           .outerjoin(came, came.c.household_id == Household.id)
                           .where(filters.sites(Household.home_site_id)).group_by(Household.home_site_id))
    access, absent = {}, {}
    for site_id, households, recent in rows:
        access[site_id], absent[site_id] = households, households - recent
    return access, absent


def _households_seen(session: Session, filters: Filters) -> dict[uuid.UUID, int]:
    seen = (select(HouseholdDay.site_id, HouseholdDay.household_id)
            .where(HouseholdDay.day.between(filters.start, filters.end), filters.sites(HouseholdDay.site_id))
            .group_by(HouseholdDay.site_id, HouseholdDay.household_id)
            .having(func.sum(HouseholdDay.visits) > 0).subquery())
    return dict(session.execute(select(seen.c.site_id, func.count()).group_by(seen.c.site_id)).all())


def _granted(session: Session, filters: Filters) -> dict[uuid.UUID, Decimal]:
    """Allowance granted over the period per site: each grant's periods touched times the site's share."""
    rows = session.execute(select(GrantShare.site_id, GrantShare.percent, AllowanceGrant.value,
                                  AllowanceGrant.period_kind, AllowanceGrant.starts_on, AllowanceGrant.ends_on)
                           .join(AllowanceGrant, AllowanceGrant.id == GrantShare.grant_id)
                           .where(AllowanceGrant.starts_on <= filters.end, AllowanceGrant.ends_on >= filters.start,
                                  filters.sites(GrantShare.site_id)))
    result: dict[uuid.UUID, Decimal] = defaultdict(Decimal)
    for site_id, share, value, kind, starts_on, ends_on in rows:
        result[site_id] += indicators.granted_in_window(value * share / 100, kind is PeriodKind.WEEKLY, starts_on,
                                                        ends_on, filters.start, filters.end)
    return result


def stock_table(session: Session, filters: Filters, names: dict, settings: Settings, today: dt.date) -> Table:
    table = Table("stock", "Stock, couverture et dates courtes par site et groupe",
                  [Column("Site et groupe"), Column("Stock", GRAMS), Column(f"Vendu en {settings.cover_days} j", GRAMS),
                   Column("Couverture", DAYS), Column(f"Expire sous {EXPIRY_DAYS} j", GRAMS)], chart_columns=(1, 4))
    grams = case((StockBalance.grams != 0, StockBalance.grams),
                 else_=StockBalance.units * func.coalesce(func.nullif(Lot.unit_weight_g, 0), Product.net_weight_g))
    soon = case((and_(StockBalance.expiry_date >= today,
                      StockBalance.expiry_date <= today + dt.timedelta(days=EXPIRY_DAYS)), grams), else_=0)
    where = [filters.sites(StockBalance.site_id), or_(StockBalance.units > 0, StockBalance.grams > 0)]
    if filters.group:
        where.append(FoodGroup.code == filters.group)
    stock = session.execute(select(StockBalance.site_id, FoodGroup.code, FoodGroup.label, func.sum(grams),
                                   func.sum(soon))
                            .join(Lot, Lot.id == StockBalance.lot_id).join(Product, Product.id == StockBalance.product_id)
                            .join(Category, Category.id == Product.category_id)
                            .join(FoodGroup, FoodGroup.id == Category.food_group_id)
                            .where(*where).group_by(StockBalance.site_id, FoodGroup.code, FoodGroup.label)).all()
    window_start = today - dt.timedelta(days=settings.cover_days)
    sold = {(site_id, code): int(total or 0) for site_id, code, total in session.execute(
        select(SalesDay.site_id, SalesDay.food_group, func.sum(SalesDay.grams))
        .where(SalesDay.day >= window_start, SalesDay.day < today, filters.sites(SalesDay.site_id))
        .group_by(SalesDay.site_id, SalesDay.food_group))}
    for site_id, code, label, stock_grams, expiring in sorted(stock, key=lambda r: (names.get(r[0], ""), r[2])):
        pace = sold.get((site_id, code), 0)
        table.add([f"{names.get(site_id, '?')} · {label}", int(stock_grams or 0), pace,
                   indicators.cover_days(int(stock_grams or 0), pace, settings.cover_days), int(expiring or 0)])
    table.note = "Couverture : jours de stock au rythme des ventes récentes ; « — » quand rien n'a été vendu."
    return table


def waste_table(session: Session, filters: Filters, names: dict) -> Table:
    table = Table("pertes", "Pertes et taux de perte par site",
                  [Column("Site"), Column("Kilos reçus", GRAMS), Column("Pertes", GRAMS),
                   Column("Taux de perte", PERCENT)] + [Column(label, GRAMS) for label in LOSS_LABELS.values()],
                  chart_columns=(3,))
    rows = session.execute(select(StockDay.site_id, StockDay.kind, StockDay.reason, func.sum(StockDay.grams))
                           .where(StockDay.day.between(filters.start, filters.end), filters.sites(StockDay.site_id),
                                  StockDay.kind.in_(("intake", "receipt", "loss")),
                                  *([StockDay.food_group == filters.group] if filters.group else []))
                           .group_by(StockDay.site_id, StockDay.kind, StockDay.reason))
    handled: dict = defaultdict(int)
    losses: dict = defaultdict(lambda: defaultdict(int))
    for site_id, kind, reason, grams in rows:
        if kind == "loss":
            losses[site_id][reason] -= int(grams or 0)
        else:
            handled[site_id] += int(grams or 0)
    for site_id in sorted(set(handled) | set(losses), key=lambda s: names.get(s, "")):
        lost = sum(losses[site_id].values())
        table.add([names.get(site_id, "?"), handled[site_id], lost, indicators.ratio(lost, handled[site_id])]
                  + [losses[site_id].get(reason.value, 0) for reason in LossReason],
                  filters.query(figure="pertes", site=str(site_id)))
    table.note = "Taux de perte : kilos perdus / kilos reçus (entrées à l'entrepôt, réceptions sur site) sur la période."
    return table
