"""Allowance and quota checks for the basket, and the coordinator's override (journaled)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from gers.auth.services import LoginRefused, authenticate
from gers.auth.throttle import too_many
from gers.models import Role, User
from households.allowance import AllowanceExceeded, Remaining, Spending, check_line, remaining
from households.services import CounterLookup
from pos.context import BASKET_MEMO, TillContext
from pos.enums import Shop
from pos.errors import LimitRefused, OverrideRefused, TillError
from pos.models import Basket
from pos.spending import household_spending

OVERRIDE_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


@dataclass(frozen=True)
class OverrideRequest:
    username: str
    pin: str
    reason: str


def counts_against_allowance(shop: Shop, ctx: TillContext) -> bool:
    return shop is Shop.EPICERIE or (shop is Shop.VESTI and ctx.vesti_uses_allowance)


def left_for(session: Session, ctx: TillContext, basket: Basket, lookup: CounterLookup) -> Remaining:
    """What is left once the journal's spending and the basket's other lines are taken off."""
    grant = lookup.grant
    spent = BASKET_MEMO.get(("spent", basket.id, lookup.household_id, grant.period_starts_on), lambda: household_spending(
        session, lookup.household_id, ctx.site_id, grant.period_starts_on, grant.period_ends_on))
    value, quantities = spent.market_value, defaultdict(int, spent.quantities)
    for line in basket.lines:
        value += line.market_value
        quantities[line.category_code] += line.quantity
    return remaining(grant.terms, Spending(value, dict(quantities)), ctx.today)


def check_limits(session: Session, ctx: TillContext, basket: Basket, lookup: CounterLookup | None, *,
                 category_code: str, quantity: int, market_value: Decimal) -> None:
    if lookup is None or lookup.grant is None or not counts_against_allowance(basket.shop, ctx):
        return
    left = left_for(session, ctx, basket, lookup)
    try:
        check_line(left, category_code=category_code, quantity=quantity, market_value=market_value)
    except AllowanceExceeded as exceeded:
        raise LimitRefused(str(exceeded), requested=str(exceeded.requested),
                           remaining=str(exceeded.remaining), category=exceeded.category_code) from exceeded


def authorise_override(session: Session, ctx: TillContext, request: OverrideRequest) -> User:
    """A coordinator (or admin) confirms with their own PIN (their password on a Pi without its device
    identity: `ctx.pin_login`). A cashier typing in this dialog must not
    be able to lock the coordinator out: failures are throttled per till session instead."""
    if not request.reason.strip():
        raise TillError("Indiquez le motif de la dérogation.")
    throttle, key = ctx.override_throttle, str(ctx.cashier_id)
    if throttle is not None and (wait := throttle.wait_seconds(session, key, ctx.now)):
        raise OverrideRefused(f"Dérogation refusée : {too_many(wait)}")
    try:
        user = authenticate(session, request.username, request.pin, node_role="site", by_pin=ctx.pin_login,
                            node_site_id=ctx.site_id, now=ctx.now, max_failures=ctx.login_max_failures,
                            lock_minutes=ctx.login_lock_minutes, count_failures=False)
    except LoginRefused as refusal:
        if throttle is not None:
            throttle.failed(session, key, ctx.now)
        raise OverrideRefused(f"Dérogation refusée : {refusal}") from refusal
    if user.role not in OVERRIDE_ROLES:
        raise TillError("Dérogation refusée : seule la coordination peut autoriser un dépassement.")
    if throttle is not None:
        throttle.succeeded(session, key)
    return user
