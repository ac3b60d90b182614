"""A small hand-built network for the reports' tests: rows written straight into the journal and the
ledger (the till's own rules are tested in tests/pos), with figures chosen to be added up by hand."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from decimal import Decimal

from gers.clock import PARIS
from gers.models import Role
from households.enums import HouseholdType, Sex
from households.models import Household, HouseholdMember
from inventory.enums import DateKind, SiteKind, SoldBy
from inventory.stock_models import LossReason, Lot, LotSource, MovementKind, StockMovement
from pos.enums import EntryKind, Shop
from pos.models import CashSession, JournalEntry, JournalLine, JournalTender
from pos.payments import Method

UTC = dt.UTC


def paris(year, month, day, hour=10, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS).astimezone(UTC)


class Network:
    def __init__(self, session, build) -> None:
        self.session, self.build = session, build
        self.sequences: dict[uuid.UUID, int] = defaultdict(int)
        self.cash: dict[uuid.UUID, CashSession] = {}
        self.cashier = build.user(role=Role.CASHIER, username="caissier")
        self.groups = {code: build.food_group(code=code, label=label)
                       for code, label in (("feculents", "Féculents"), ("fruits_legumes", "Fruits et légumes"))}
        self.categories = {code: build.category(food_group=group) for code, group in self.groups.items()}

    def site(self, code: str, organisation: str, kind: SiteKind = SiteKind.CENTRE_BOURG):
        site = self.build.site(code=code, name=code.title(), organisation=organisation, kind=kind)
        self.cash[site.id] = CashSession(site_id=site.id, opened_at=paris(2025, 1, 1), opened_by_id=self.cashier.id,
                                         opening_float=Decimal("0"), owner_node=code)
        self.session.add(self.cash[site.id])
        self.session.flush()
        return site

    def household(self, home, kind: HouseholdType, members: list[tuple[int, Sex]], card: str) -> Household:
        household = Household(card_number=card, home_site_id=home.id, household_type=kind, owner_node="CENTRAL",
                              commune="Auch")
        household.members = [HouseholdMember(birth_year=year, sex=sex, owner_node="CENTRAL") for year, sex in members]
        self.session.add(household)
        self.session.flush()
        return household

    def entry(self, site, at: dt.datetime, lines: list[tuple[str | None, int, str, str, bool]], *,
              household=None, kind: EntryKind = EntryKind.SALE, shop: Shop = Shop.EPICERIE,
              method: Method = Method.CASH, sequence: int | None = None) -> JournalEntry:
        """lines: (food group code or None, grams, market value, price, fse_plus)."""
        if sequence is None:
            self.sequences[site.id] += 1
            sequence = self.sequences[site.id]
        entry_id = uuid.uuid4()
        rows = [JournalLine(entry_id=entry_id, line_no=n, category_id=self.categories[group].id if group else None,
                            description="article", quantity=1 if grams >= 0 else -1, grams=grams,
                            market_value=Decimal(value), price=Decimal(price), fse_plus=fse, owner_node=site.code,
                            created_at=at)
                for n, (group, grams, value, price, fse) in enumerate(lines, 1)]
        paid = sum((line.price for line in rows), Decimal("0"))
        value = sum((line.market_value for line in rows), Decimal("0"))
        entry = JournalEntry(id=entry_id, site_id=site.id, sequence=sequence, kind=kind, shop=shop,
                             cash_session_id=self.cash[site.id].id, cashier_id=self.cashier.id,
                             household_id=household.id if household else None, market_value=value, amount_paid=paid,
                             allowance_used=value if household else Decimal("0"),
                             grams=sum(line.grams for line in rows), previous_hash="0" * 64,
                             hash=uuid.uuid4().hex * 2, owner_node=site.code, created_at=at)
        self.session.add(entry)
        self.session.flush()
        self.session.add_all(rows)
        self.session.add(JournalTender(entry_id=entry_id, position=1, method=method, amount=paid, tendered=paid,
                                       owner_node=site.code, created_at=at))
        self.session.flush()
        return entry

    def lot(self, site, group: str, source: LotSource, *, sold_by=SoldBy.WEIGHT, price="2.00", net_weight_g=0,
            expiry: dt.date | None = None) -> Lot:
        product = self.build.product(category=self.categories[group], sold_by=sold_by, market_price=Decimal(price),
                                     net_weight_g=net_weight_g)
        lot = Lot(product_id=product.id, date_kind=DateKind.DDM, expiry_date=expiry, source=source,
                  received_at=paris(2026, 1, 2), received_site_id=site.id, owner_node="CENTRAL")
        self.session.add(lot)
        self.session.flush()
        return lot

    def movement(self, site, lot: Lot, kind: MovementKind, at: dt.datetime, *, units: int = 0, grams: int = 0,
                 reason: LossReason | None = None) -> StockMovement:
        row = StockMovement(kind=kind, lot_id=lot.id, product_id=lot.product_id, site_id=site.id, units=units,
                            grams=grams, occurred_at=at, loss_reason=reason, owner_node=site.code, created_at=at)
        self.session.add(row)
        self.session.flush()
        return row
