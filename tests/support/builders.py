"""Builder functions for test data: `make_product(...)`, `make_household(...)`, … (Indico style).

Each builder fills sensible defaults, lets a test override any field, flushes and returns the row.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from gers.auth.services import create_user
from gers.models import Role, User
from households.enums import HouseholdType, Sex
from households.models import Household, HouseholdMember
from inventory.enums import DateKind, ShelfLife, SiteKind, SoldBy, StorageClass
from inventory.gtin import with_check_digit
from inventory.models import Category, FoodGroup, OpeningSlot, Product, Site

OWNER = "CENTRAL"


class Builders:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._counter = itertools.count(1)

    def _add(self, row: Any) -> Any:
        self.session.add(row)
        self.session.flush()
        return row

    def site(self, **fields: Any) -> Site:
        n = next(self._counter)
        values = dict(code=f"SITE{n}", name=f"Site {n}", kind=SiteKind.CENTRE_BOURG, commune="Auch",
                      insee_code="32013", postcode="32000", has_epicerie=True, owner_node=OWNER)
        values.update(fields)
        return self._add(Site(**values))

    def opening_slot(self, site: Site, weekday: int = 1, opens: dt.time = dt.time(9),
                     closes: dt.time = dt.time(12), **fields: Any) -> OpeningSlot:
        return self._add(OpeningSlot(site=site, weekday=weekday, opens=opens, closes=closes,
                                     owner_node=OWNER, **fields))

    def food_group(self, **fields: Any) -> FoodGroup:
        n = next(self._counter)
        values = dict(code=f"group{n}", label=f"Groupe {n}", owner_node=OWNER)
        values.update(fields)
        return self._add(FoodGroup(**values))

    def category(self, **fields: Any) -> Category:
        n = next(self._counter)
        values = dict(code=f"cat{n}", label=f"Catégorie {n}", shelf_life=ShelfLife.LONG,
                      storage_class=StorageClass.AMBIENT, date_kind=DateKind.DDM, owner_node=OWNER)
        values.update(fields)
        if "food_group" not in values and "food_group_id" not in values:
            values["food_group"] = self.food_group()
        return self._add(Category(**values))

    def product(self, **fields: Any) -> Product:
        n = next(self._counter)
        values = dict(gtin=with_check_digit(f"3{n:011d}"), name=f"Produit {n}", sold_by=SoldBy.PIECE,
                      market_price=Decimal("1.50"), net_weight_g=500, storage_class=StorageClass.AMBIENT,
                      date_kind=DateKind.DDM, owner_node=OWNER)
        values.update(fields)
        if "category" not in values and "category_id" not in values:
            values["category"] = self.category()
        return self._add(Product(**values))

    def user(self, role: Role = Role.CASHIER, **fields: Any) -> User:
        n = next(self._counter)
        values: dict[str, Any] = dict(username=f"user{n}", display_name=f"Bénévole {n}", role=role,
                                      owner_node=OWNER, pin="1234", password="motdepasse-123")
        values.update(fields)
        return create_user(self.session, **values)

    def household(self, home_site: Site | None = None, birth_years: tuple[int, ...] = (1980,),
                  **fields: Any) -> Household:
        n = next(self._counter)
        values = dict(card_number=f"GS-{n:06d}", household_type=HouseholdType.SINGLE, owner_node=OWNER)
        values.update(fields)
        household = Household(home_site_id=(home_site or self.site()).id, **values)
        household.members = [HouseholdMember(birth_year=year, sex=Sex.UNSTATED, owner_node=OWNER)
                             for year in birth_years]
        return self._add(household)
