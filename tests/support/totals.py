"""What a site node wrote, summed the same way on the node and on central: after any fault and its
recovery, central's totals for the node equal the node's, exactly."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inventory.models import Site
from inventory.stock_models import StockBalance, StockMovement
from pos.models import CashClosing, CashSession, JournalEntry, JournalLine, JournalTender


@dataclass(frozen=True)
class Totals:
    # kind → (count, market value, participation paid, allowance used, grams)
    entries: dict[str, tuple[int, Decimal, Decimal, Decimal, int]]
    lines: tuple[int, int, Decimal, Decimal]            # count, grams, market value, price
    tenders: dict[str, tuple[int, Decimal]]             # method → (count, amount)
    grams_by_lot: dict[str, tuple[int, int]]            # lot id → (movements, grams), the node's own
    units_by_kind: dict[str, int]                       # movement kind → units, the node's own
    allowance_spent: dict[str, Decimal]                 # household id → allowance used at this site
    cash_sessions: int
    closings: tuple[int, Decimal]                       # Z reports, their perpetual total at the last one
    last_sequence: int                                  # the journal's last number at this site
    balances: dict[str, tuple[int, int]]                # lot id → (units, grams) in stock at this site

    @property
    def sales(self) -> int:
        return self.entries.get("sale", (0,))[0]


def totals(session: Session, site_code: str) -> Totals:
    site_id = session.scalar(select(Site.id).where(Site.code == site_code))
    entry_filter = (JournalEntry.site_id == site_id, JournalEntry.owner_node == site_code)
    return Totals(
        entries={str(kind): (count, _money(value), _money(paid), _money(used), int(grams or 0))
                 for kind, count, value, paid, used, grams in session.execute(
                     select(JournalEntry.kind, func.count(), func.sum(JournalEntry.market_value),
                            func.sum(JournalEntry.amount_paid), func.sum(JournalEntry.allowance_used),
                            func.sum(JournalEntry.grams)).where(*entry_filter).group_by(JournalEntry.kind))},
        lines=_lines(session, entry_filter),
        tenders={str(method): (count, _money(amount)) for method, count, amount in session.execute(
            select(JournalTender.method, func.count(), func.sum(JournalTender.amount))
            .join(JournalEntry, JournalTender.entry_id == JournalEntry.id).where(*entry_filter)
            .group_by(JournalTender.method))},
        grams_by_lot=_grams_by_lot(session, site_id, site_code),
        units_by_kind={str(kind): int(units or 0) for kind, units in session.execute(
            select(StockMovement.kind, func.sum(StockMovement.units))
            .where(StockMovement.site_id == site_id, StockMovement.owner_node == site_code)
            .group_by(StockMovement.kind))},
        allowance_spent={str(household): _money(used) for household, used in session.execute(
            select(JournalEntry.household_id, func.sum(JournalEntry.allowance_used))
            .where(*entry_filter, JournalEntry.household_id.is_not(None)).group_by(JournalEntry.household_id))},
        cash_sessions=session.scalar(select(func.count()).select_from(CashSession)
                                     .where(CashSession.site_id == site_id, CashSession.owner_node == site_code)),
        closings=_closings(session, entry_filter),
        last_sequence=session.scalar(select(func.coalesce(func.max(JournalEntry.sequence), 0))
                                     .where(*entry_filter)),
        balances={str(lot): (int(units), int(grams)) for lot, units, grams in session.execute(
            select(StockBalance.lot_id, func.sum(StockBalance.units), func.sum(StockBalance.grams))
            .where(StockBalance.site_id == site_id).group_by(StockBalance.lot_id))},
    )


def _lines(session: Session, entry_filter: tuple) -> tuple[int, int, Decimal, Decimal]:
    count, grams, value, price = session.execute(
        select(func.count(), func.sum(JournalLine.grams), func.sum(JournalLine.market_value),
               func.sum(JournalLine.price)).join(JournalEntry, JournalLine.entry_id == JournalEntry.id)
        .where(*entry_filter)).one()
    return count, int(grams or 0), _money(value), _money(price)


def _grams_by_lot(session: Session, site_id, site_code: str) -> dict[str, tuple[int, int]]:
    rows = session.execute(select(StockMovement.lot_id, func.count(), func.sum(StockMovement.grams))
                           .where(StockMovement.site_id == site_id, StockMovement.owner_node == site_code)
                           .group_by(StockMovement.lot_id))
    return {str(lot): (count, int(grams or 0)) for lot, count, grams in rows}


def _closings(session: Session, entry_filter: tuple) -> tuple[int, Decimal]:
    rows = session.execute(select(CashClosing.perpetual_total)
                           .join(JournalEntry, CashClosing.entry_id == JournalEntry.id)
                           .where(*entry_filter).order_by(JournalEntry.sequence)).scalars().all()
    return len(rows), _money(rows[-1] if rows else 0)


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))
