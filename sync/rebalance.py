"""Nightly rebalancing of a household's site shares (pure: no I/O, no clock).

A node spends only its share of the allowance, so nodes offline on the same day can never overspend
together. At night central gives each site what it has spent and shares the rest again, among the sites whose
spending it knows up to date (`reported`): the shares then follow where the household shops. A
silent node keeps its share untouched, since it may have spent it meanwhile.

The move is made safe in two steps (sync/rebalancing.py): shares that shrink are published first,
and those that grow only once every node whose share shrank has pulled its new, smaller share.
Between the two, the shares sum to less than 100 %: never more.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal
from typing import TypeVar

from households.shares import HUNDRED, split_value

K = TypeVar("K")
STEP = Decimal("0.01")  # shares are stored with two decimals


def rebalanced_shares(total: Decimal, shares: Mapping[K, Decimal], spent: Mapping[K, Decimal],
                      reported: set[K]) -> dict[K, Decimal]:
    """New percents: each reported site keeps what it spent, and the reported sites' unspent value is
    shared again in proportion to their shares (the household's choice of sites stays, and no site
    loses it); nothing spent, nothing moves."""
    movable = [key for key in shares if key in reported]
    if len(movable) < 2 or total <= 0:
        return dict(shares)
    caps = split_value(total, shares)
    spent_here = {key: min(max(spent.get(key, Decimal(0)), Decimal(0)), caps[key]) for key in movable}
    used = sum(spent_here.values(), Decimal(0))
    if used <= 0:
        return dict(shares)
    pool = sum((caps[key] for key in movable), Decimal(0))
    unspent = pool - used
    pool_percent = sum((shares[key] for key in movable), Decimal(0))
    result = dict(shares)
    for key in movable:
        value = spent_here[key] + unspent * shares[key] / pool_percent
        result[key] = max((value * HUNDRED / total).quantize(STEP, rounding=ROUND_DOWN), STEP)
    # Rounding down frees a few hundredths: they go to the site that spent most (ties by key), so the
    # reported sites hold exactly the percent they held before.
    left = pool_percent - sum((result[key] for key in movable), Decimal(0))
    busiest = max(movable, key=lambda key: (spent_here[key], str(key)))
    result[busiest] += left
    return result


def split_steps(before: Mapping[K, Decimal], after: Mapping[K, Decimal]) -> tuple[dict[K, Decimal], dict[K, Decimal]]:
    """(first step, second step): the first lowers what shrinks and keeps what grows; the second
    raises what grows. The first never sums to more than `before`."""
    first = {key: min(percent, after.get(key, percent)) for key, percent in before.items()}
    raise_to = {key: percent for key, percent in after.items() if percent > before.get(key, Decimal(0))}
    return first, raise_to
