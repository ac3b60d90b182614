"""Build the demo network into a migrated database: the same rows, with the same ids, on every node.

Ids are UUIDv5 of natural keys, so the central database and a site's database agree on every id,
as they will once the nightly sync carries rows between them. Rows are owned by CENTRAL, which
writes the catalog, the sites, the users and the household registry.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from demo import catalog_data, households_data, network_data
from demo.accounts import DEMO_USERS
from gers.auth.services import create_user
from gers.models import User
from households.enums import HouseholdType, Sex
from households.models import Household, HouseholdMember
from inventory.enums import DateKind, ShelfLife, SiteKind, SoldBy, StorageClass
from inventory.models import Category, FoodGroup, GarmentType, OpeningSlot, Product, Site

OWNER = "CENTRAL"
NAMESPACE = uuid.UUID("6f1c2a52-32a0-4c3e-9d59-1b2c3d4e5f60")


def demo_id(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


@dataclass(frozen=True)
class DemoSummary:
    built: bool
    sites: int
    products: int
    households: int
    users: int


def build_demo(session: Session, *, scope_site: str | None, reference_year: int) -> DemoSummary:
    """Fill an empty database. `scope_site` keeps only what a site node needs (its households)."""
    if session.scalar(select(func.count()).select_from(Site)):
        return _summary(session, built=False)
    sites = _build_sites(session)
    _build_catalog(session)
    _build_users(session, sites, scope_site)
    _build_households(session, sites, scope_site, reference_year)
    session.flush()
    return _summary(session, built=True)


def _summary(session: Session, built: bool) -> DemoSummary:
    def count(model: type) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0
    return DemoSummary(built, count(Site), count(Product), count(Household), count(User))


def all_sites() -> tuple[network_data.SiteData, ...]:
    return (network_data.WAREHOUSE, *network_data.CENTRE_BOURG_SITES, *network_data.MOBILE_UNITS)


def _build_sites(session: Session) -> dict[str, Site]:
    sites = {}
    for data in all_sites():
        capacity = dict(data.capacity_kg)
        site = Site(id=demo_id("site", data.code), owner_node=OWNER, code=data.code, name=data.name_fr,
                    kind=SiteKind(data.kind), commune=data.commune, insee_code=data.insee_code,
                    postcode=data.postcode, address=data.address, organisation=data.organisation,
                    has_epicerie=data.has_epicerie, has_vesti_boutique=data.has_vesti_boutique,
                    capacity_ambient_kg=capacity.get("ambient", 0),
                    capacity_chilled_kg=capacity.get("chilled", 0),
                    capacity_frozen_kg=capacity.get("frozen", 0))
        site.opening_slots = [*_opening_slots(data), *_tour_slots(data)]
        session.add(site)
        sites[data.code] = site
    return sites


def _opening_slots(data: network_data.SiteData) -> list[OpeningSlot]:
    return [OpeningSlot(id=demo_id("slot", f"{data.code}:{i}"), owner_node=OWNER, weekday=slot.weekday,
                        opens=slot.opens, closes=slot.closes)
            for i, slot in enumerate(data.opening_slots)]


def _tour_slots(data: network_data.SiteData) -> list[OpeningSlot]:
    return [OpeningSlot(id=demo_id("stop", f"{data.code}:{i}"), owner_node=OWNER, weekday=stop.weekday,
                        opens=stop.opens, closes=stop.closes, village=stop.commune,
                        village_insee_code=stop.insee_code)
            for i, stop in enumerate(data.tour_stops)]


def _build_catalog(session: Session) -> None:
    groups = {g.code: FoodGroup(id=demo_id("group", g.code), owner_node=OWNER, code=g.code,
                                label=g.label_fr) for g in catalog_data.FOOD_GROUPS}
    categories = {c.code: Category(id=demo_id("category", c.code), owner_node=OWNER, code=c.code,
                                   label=c.label_fr, food_group=groups[c.food_group],
                                   shelf_life=ShelfLife(c.shelf_life),
                                   storage_class=StorageClass(c.storage_class),
                                   date_kind=DateKind(c.date_kind)) for c in catalog_data.CATEGORIES}
    session.add_all([*groups.values(), *categories.values()])
    for p in catalog_data.PRODUCTS:
        session.add(Product(id=demo_id("product", p.gtin or p.name_fr), owner_node=OWNER, gtin=p.gtin,
                            name=p.name_fr, category=categories[p.category], sold_by=SoldBy(p.sold_by),
                            market_price=Decimal(p.market_price), net_weight_g=p.net_weight_g,
                            storage_class=StorageClass(p.storage_class), date_kind=DateKind(p.date_kind)))
    for g in catalog_data.GARMENT_TYPES:
        session.add(GarmentType(id=demo_id("garment", g.code), owner_node=OWNER, code=g.code,
                                label=g.label_fr, price=Decimal(g.price)))


def _build_users(session: Session, sites: dict[str, Site], scope_site: str | None) -> None:
    session.flush()
    for user in DEMO_USERS:
        if scope_site and user.site_code not in (None, scope_site):
            continue
        create_user(session, user_id=demo_id("user", user.username), username=user.username,
                    display_name=user.display_name, role=user.role, owner_node=OWNER, pin=user.pin,
                    password=user.password,
                    site_id=sites[user.site_code].id if user.site_code else None)


def _build_households(session: Session, sites: dict[str, Site], scope_site: str | None,
                      reference_year: int) -> None:
    home_sites = tuple(s.code for s in (*network_data.CENTRE_BOURG_SITES, *network_data.MOBILE_UNITS))
    contact = dt.datetime(reference_year, 1, 15, 9, 0, tzinfo=dt.UTC)
    for data in households_data.generate(home_sites, reference_year):
        if scope_site and data.home_site != scope_site:
            continue  # a site keeps only its own households (data minimisation)
        household = Household(id=demo_id("household", data.card_number), owner_node=OWNER,
                              card_number=data.card_number, home_site_id=sites[data.home_site].id,
                              household_type=HouseholdType(data.household_type),
                              commune=sites[data.home_site].commune, last_contact_at=contact)
        household.members = [
            HouseholdMember(id=demo_id("member", f"{data.card_number}:{i}"), owner_node=OWNER,
                            birth_year=m.birth_year, sex=Sex(m.sex))
            for i, m in enumerate(data.members)]
        session.add(household)
