"""The nightly rebalancing of site shares, worked out by hand (pure)."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from households.shares import split_value
from sync.rebalance import rebalanced_shares, split_steps


def test_each_site_keeps_what_it_spent_and_the_rest_is_shared_again_as_before():
    # 100 € a month, Auch 50 % and the van 50 %: Auch spent 30 €, the van nothing.
    # Unspent 70 € shared 50/50: Auch 30 + 35 = 65 %, the van 35 %.
    assert rebalanced_shares(D("100"), {"AUCH": D("50"), "VAN": D("50")}, {"AUCH": D("30")},
                             {"AUCH", "VAN"}) == {"AUCH": D("65.00"), "VAN": D("35.00")}


def test_a_silent_node_keeps_its_share_and_the_others_share_only_their_own_rest():
    shares = {"AUCH": D("40"), "VAN": D("30"), "GIMONT": D("30")}
    # GIMONT has not reported: its 30 % stay. Auch (spent 20 of 40) and the van (0 of 30) share their
    # 50 € left 40:30: Auch 20 + 28,571 = 48,57 %, the van 21,42 %, and the hundredth that rounding
    # down freed goes to Auch, which spent most.
    new = rebalanced_shares(D("100"), shares, {"AUCH": D("20"), "GIMONT": D("30")}, {"AUCH", "VAN"})
    assert new == {"AUCH": D("48.58"), "VAN": D("21.42"), "GIMONT": D("30")}


def test_nothing_spent_or_one_site_nothing_moves():
    shares = {"AUCH": D("60"), "VAN": D("40")}
    assert rebalanced_shares(D("100"), shares, {}, {"AUCH", "VAN"}) == shares
    assert rebalanced_shares(D("100"), shares, {"AUCH": D("60")}, {"AUCH"}) == shares


def test_shrinking_shares_go_first_and_growing_ones_wait():
    first, second = split_steps({"AUCH": D("50"), "VAN": D("50")}, {"AUCH": D("65"), "VAN": D("35")})
    assert first == {"AUCH": D("50"), "VAN": D("35")} and second == {"AUCH": D("65")}


percents = st.integers(min_value=1, max_value=9_999).map(lambda n: D(n) / 100)


@given(st.lists(percents, min_size=2, max_size=4), st.integers(min_value=100, max_value=100_000),
       st.lists(st.integers(min_value=0, max_value=100_000), min_size=4, max_size=4),
       st.sets(st.integers(min_value=0, max_value=3)))
def test_never_more_than_the_allowance_at_any_step(raw, total_cents, spent_cents, reported_index):
    shares = {f"S{i}": p for i, p in enumerate(raw)}
    scale = D(100) / sum(shares.values())
    shares = {k: (p * scale).quantize(D("0.01")) for k, p in shares.items()}
    shares[next(iter(shares))] += D(100) - sum(shares.values())
    if min(shares.values()) <= 0:
        return
    total = D(total_cents) / 100
    caps = split_value(total, shares)
    spent = {k: min(D(spent_cents[i]) / 100, caps[k]) for i, k in enumerate(shares)}
    reported = {f"S{i}" for i in reported_index}
    after = rebalanced_shares(total, shares, spent, reported)
    first, second = split_steps(shares, after)
    assert sum(after.values()) == D(100) and all(p > 0 for p in after.values())
    assert sum(first.values()) <= D(100)
    for key in shares:
        if key not in reported:
            assert after[key] == shares[key]
        elif sum(spent[k] for k in reported if k in shares) > 0 and len(reported & set(shares)) > 1:
            # A site that reported keeps what it spent, but for what two-decimal percents lose
            # (a hundredth of a percent of the total) and a cent of the split.
            assert split_value(total, after)[key] >= spent[key] - total / 10_000 - D("0.01")
