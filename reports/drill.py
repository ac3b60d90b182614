"""The rows behind a figure of the dashboard: pseudonymous (card numbers and sale numbers, never a
name), limited to the person's scope by the same filters as the figure."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gers.clock import paris_midnight
from gers.formatting import datetime_fr
from households.access_models import AccessPeriod
from households.models import Household
from inventory.models import Category, FoodGroup, Product, Site
from inventory.stock_models import LOSS_LABELS, MovementKind, StockMovement
from pos.enums import ENTRY_KIND_LABELS, Shop
from pos.models import JournalEntry, JournalLine
from reports.dashboard import Filters
from reports.models import NO_GROUP, HouseholdDay
from reports.settings import Settings
from reports.tables import GRAMS, INT, MONEY, Column, Table

LIMIT = 500
FIGURES = {"ventes": "Ventes du jour", "groupe": "Lignes vendues du groupe", "absents": "Foyers avec accès sans passage récent",
           "pertes": "Pertes enregistrées"}


@dataclass(frozen=True)
class Request:
    figure: str
    day: dt.date | None = None
    key: str = ""
    site_id: uuid.UUID | None = None


def rows_behind(session: Session, request: Request, filters: Filters, settings: Settings) -> Table:
    if request.figure == "ventes":
        return _sales(session, request, filters)
    if request.figure == "groupe":
        return _lines(session, request, filters)
    if request.figure == "absents":
        return _absent(session, request, filters, settings)
    return _losses(session, filters)


def _window(filters: Filters, day: dt.date | None) -> tuple[dt.datetime, dt.datetime]:
    start, end = (day, day) if day else (filters.start, filters.end)
    return paris_midnight(start), paris_midnight(end + dt.timedelta(days=1))


def _sales(session: Session, request: Request, filters: Filters) -> Table:
    table = Table("detail", FIGURES["ventes"], [Column("Date et heure"), Column("Site"), Column("N°", INT), Column("Type"),
                                                Column("Carte du foyer"), Column("Poids", GRAMS),
                                                Column("Valeur marchande", MONEY), Column("Participation", MONEY)])
    start, end = _window(filters, request.day)
    rows = session.execute(
        select(JournalEntry.created_at, Site.name, JournalEntry.sequence, JournalEntry.kind, Household.card_number,
               JournalEntry.grams, JournalEntry.market_value, JournalEntry.amount_paid)
        .join(Site, Site.id == JournalEntry.site_id)
        .outerjoin(Household, Household.id == JournalEntry.household_id)
        .where(JournalEntry.created_at >= start, JournalEntry.created_at < end, JournalEntry.shop == Shop.EPICERIE,
               JournalEntry.kind.in_(list(ENTRY_KIND_LABELS)[:3]), filters.sites(JournalEntry.site_id))
        .order_by(JournalEntry.created_at).limit(LIMIT))
    for at, site, sequence, kind, card, grams, value, paid in rows:
        table.add([datetime_fr(at), site, sequence, ENTRY_KIND_LABELS[kind], card or "—", grams, value,
                   paid])
    return table


def _lines(session: Session, request: Request, filters: Filters) -> Table:
    table = Table("detail", FIGURES["groupe"], [Column("Date et heure"), Column("Site"), Column("Vente n°", INT),
                                                Column("Article"), Column("Poids", GRAMS),
                                                Column("Valeur marchande", MONEY), Column("FSE+")])
    start, end = _window(filters, None)
    group = (FoodGroup.code == request.key if request.key != NO_GROUP else JournalLine.category_id.is_(None))
    rows = session.execute(
        select(JournalEntry.created_at, Site.name, JournalEntry.sequence, JournalLine.description, JournalLine.grams,
               JournalLine.market_value, JournalLine.fse_plus)
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id).join(Site, Site.id == JournalEntry.site_id)
        .outerjoin(Category, Category.id == JournalLine.category_id)
        .outerjoin(FoodGroup, FoodGroup.id == Category.food_group_id)
        .where(JournalEntry.created_at >= start, JournalEntry.created_at < end,
               JournalEntry.shop.in_((Shop.EPICERIE, Shop.FSE)), group, filters.sites(JournalEntry.site_id))
        .order_by(JournalEntry.created_at).limit(LIMIT))
    for at, site, sequence, description, grams, value, fse in rows:
        table.add([datetime_fr(at), site, sequence, description, grams, value, "oui" if fse else ""])
    return table


def _absent(session: Session, request: Request, filters: Filters, settings: Settings) -> Table:
    table = Table("detail", FIGURES["absents"], [Column("Carte du foyer"), Column("Site de rattachement"),
                                                 Column("Accès jusqu'au"), Column("Dernier passage")])
    since = filters.end - dt.timedelta(days=settings.absent_days - 1)
    last_visit = (select(HouseholdDay.household_id, func.max(HouseholdDay.day).label("last"))
                  .where(HouseholdDay.visits > 0).group_by(HouseholdDay.household_id).subquery())
    site_ids = {request.site_id} if request.site_id and filters.sites_allow(request.site_id) else filters.site_ids
    rows = session.execute(
        select(Household.card_number, Site.name, func.max(AccessPeriod.ends_on), last_visit.c.last)
        .join(AccessPeriod, AccessPeriod.household_id == Household.id).join(Site, Site.id == Household.home_site_id)
        .outerjoin(last_visit, last_visit.c.household_id == Household.id)
        .where(AccessPeriod.starts_on <= filters.end, AccessPeriod.ends_on >= filters.end,
               True if site_ids is None else Household.home_site_id.in_(site_ids))
        .group_by(Household.card_number, Site.name, last_visit.c.last).order_by(Household.card_number))
    for card, site, until, last in rows:
        if last is None or last < since:
            table.add([card, site, until.strftime("%d/%m/%Y"), last.strftime("%d/%m/%Y") if last else "jamais"])
    return table


def _losses(session: Session, filters: Filters) -> Table:
    table = Table("detail", FIGURES["pertes"], [Column("Date et heure"), Column("Site"), Column("Produit"),
                                                Column("Motif"), Column("Unités", INT), Column("Poids", GRAMS)])
    start, end = _window(filters, None)
    rows = session.execute(
        select(StockMovement.occurred_at, Site.name, Product.name, StockMovement.loss_reason, StockMovement.units,
               StockMovement.grams)
        .join(Site, Site.id == StockMovement.site_id).join(Product, Product.id == StockMovement.product_id)
        .where(StockMovement.kind == MovementKind.LOSS, StockMovement.occurred_at >= start,
               StockMovement.occurred_at < end, filters.sites(StockMovement.site_id))
        .order_by(StockMovement.occurred_at).limit(LIMIT))
    for at, site, product, reason, units, grams in rows:
        table.add([datetime_fr(at), site, product, LOSS_LABELS.get(reason, "") if reason else "",
                   -units, -grams])
    return table
