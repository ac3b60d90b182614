"""Tier table, supplements, site shares, participation rates and the remaining allowance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from households.allowance import (
    AllowanceExceeded,
    GrantTerms,
    NoAllowance,
    Spending,
    check_line,
    period_bounds,
    remaining,
)
from households.composition import composition
from households.enums import PeriodKind
from households.errors import HouseholdError, InvalidInput
from households.participation import RateBounds, RateTable, resolve_rate
from households.shares import check_shares, share_quantity, share_value, split_value
from households.tiers import allowance_value, category_quotas, tier_value

D = Decimal
TODAY = dt.date(2026, 11, 28)
M, W = PeriodKind.MONTHLY, PeriodKind.WEEKLY


def nbsp(text: str) -> str:
    return text.replace("\xa0", " ")


@dataclass
class Tier:
    period_kind: PeriodKind
    adults: int
    base_amount: Decimal
    per_child_amount: Decimal
    cap_amount: Decimal | None
    per_adult_amount: Decimal = D("0")


@dataclass
class Rule:
    code: str
    label: str
    period_kind: PeriodKind
    under_age: int
    amount: Decimal
    active: bool = True


TIERS = [Tier(M, 1, D("20"), D("5"), D("50"), D("10")), Tier(M, 2, D("30"), D("5"), D("50"), D("10")),
         Tier(W, 1, D("18"), D("0"), None, D("9"))]
INFANT = Rule("nourrisson", "Nourrisson de moins de 3 ans", M, 3, D("10"))


@pytest.mark.parametrize("birth_years,value", [
    ((1980,), D("20")),  # single person 20 €/month
    ((1980, 1982), D("30")),  # couple 30 €
    ((1980, 1982, 2012, 2014), D("40")),  # + 5 € per child
    ((1980, 1982, 2010, 2011, 2012, 2013, 2014), D("50")),  # capped at 50 €
    ((1980, 2012), D("25")),  # single parent: single tier + child
    ((1940, 1945, 1980), D("40")),  # three adults: the 2-adult tier + 10 € for the third adult
    ((1980, 1982, TODAY.year - 19), D("40")),  # couple + a 19-year-old: the young adult counts
    ((1980, 1982, TODAY.year - 17), D("35")),  # couple + a 17-year-old: a child
    ((1950,) * 8, D("50")),  # eight adults: capped, not the couple's 30 €
    ((1950,) * 4, D("50")),
])
def test_tier_table_by_composition(birth_years, value):
    assert tier_value(TIERS, M, composition(birth_years, TODAY)) == value


def test_every_person_counts_an_adult_at_least_as_much_as_a_child():
    couple = (1980, 1982)
    for extra in range(0, 8):
        kids = couple + (2015,) * extra
        adults = couple + (1990,) * extra
        assert tier_value(TIERS, M, composition(adults, TODAY)) >= tier_value(TIERS, M, composition(kids, TODAY))
        grown = composition(adults + (1990,), TODAY)
        assert tier_value(TIERS, M, grown) >= tier_value(TIERS, M, composition(adults, TODAY))
    uncapped = [Tier(M, 1, D("20"), D("5"), None, D("10")), Tier(M, 2, D("30"), D("5"), None, D("10"))]
    assert tier_value(uncapped, M, composition((1950,) * 8, TODAY)) == D("90")  # 30 + 6 × 10


def test_weekly_tier_and_missing_tier_message():
    assert tier_value(TIERS, W, composition((1980,), TODAY)) == D("18")
    with pytest.raises(HouseholdError, match="Aucun barème par semaine pour 1 adulte"):
        tier_value([t for t in TIERS if t.period_kind is M], W, composition((1980,), TODAY))


def test_infant_supplement_per_child_under_three():
    family = composition((1990, 2024, 2025, 2020), TODAY)  # two under 3, one aged 6
    value = allowance_value(TIERS, [INFANT, Rule("x", "Inactif", M, 3, D("99"), active=False)], M, family)
    assert value.base == D("35")
    assert [(s.code, s.count, s.amount) for s in value.supplements] == [("nourrisson", 2, D("20"))]
    assert value.total == D("55")
    assert allowance_value(TIERS, [INFANT], W, family).supplements == ()  # monthly rule only


def test_category_quotas_scale_with_persons():
    assert category_quotas({"huiles": (1, 1), "cafe_the": (2, 0), "pates": (None, 3)}, 3) == {
        "huiles": 4, "cafe_the": 2}


def test_shares_must_sum_to_one_hundred():
    check_shares({"AUCH": D("70"), "CRR-SUD": D("30")})
    with pytest.raises(InvalidInput) as short:
        check_shares({"AUCH": D("70"), "CRR-SUD": D("20")})
    assert short.value.errors == {"shares": "Les parts doivent totaliser 100 % (total saisi : 90 %)."}
    with pytest.raises(InvalidInput, match="Chaque part doit être comprise entre 0 et 100 %"):
        check_shares({"AUCH": D("110"), "CRR-SUD": D("-10")})
    assert share_value(D("45"), D("70")) == D("31.50")
    assert share_quantity(3, D("50")) == 1  # rounded down: two sites never give 4 of 3


def test_site_shares_sum_exactly_to_the_allowance():
    halves = GrantTerms(period_kind=M, period_value=D("20.01"), starts_on=GRANT.starts_on, ends_on=GRANT.ends_on,
                        site_share_percent=D("50"), shares={"AUCH": D("50"), "CRR-SUD": D("50")})
    values = {key: GrantTerms(**{**halves.__dict__, "site_key": key}).site_value for key in ("AUCH", "CRR-SUD")}
    assert sorted(values.values()) == [D("10.00"), D("10.01")] and sum(values.values()) == D("20.01")
    assert split_value(D("20.01"), {"a": D("50"), "b": D("50")}) == {"a": D("10.01"), "b": D("10.00")}
    thirds = split_value(D("10.00"), {"a": D("33.33"), "b": D("33.33"), "c": D("33.34")})
    assert sum(thirds.values()) == D("10.00") and thirds["c"] == D("3.34")


@pytest.mark.parametrize("total,percents", [
    (D("20.01"), (D("50"), D("50"))), (D("0.01"), (D("70"), D("30"))), (D("45.67"), (D("33.33"), D("66.67"))),
    (D("99.99"), (D("10"), D("20"), D("30"), D("40"))), (D("1.00"), (D("12.5"),) * 8)])
def test_split_never_loses_or_invents_a_cent(total, percents):
    parts = split_value(total, dict(enumerate(percents)))
    assert sum(parts.values()) == total
    assert all(abs(parts[i] - total * p / 100) < D("0.01") for i, p in enumerate(percents))


def test_rate_precedence_household_then_category_then_site():
    assert resolve_rate(household_rate=D("15"), category_rate=D("20"), site_rate=D("10")) == D("15")
    assert resolve_rate(household_rate=None, category_rate=D("20"), site_rate=D("10")) == D("20")
    assert resolve_rate(household_rate=None, category_rate=None, site_rate=D("10")) == D("10")
    table = RateTable(site_rate=D("10"), category_rates={"cafe_the": D("30")})
    assert table.rate_for("cafe_the") == D("30") and table.fraction_for("pates") == D("0.1")


def test_rates_outside_the_andes_bounds_are_refused():
    bounds = RateBounds(D("10"), D("30"))
    assert bounds.check(D("30")) == D("30")
    with pytest.raises(InvalidInput) as refused:
        bounds.check(D("5"))
    assert refused.value.errors == {"participation_rate": (
        "Le taux de participation doit être compris entre 10 % et 30 % du prix habituel (charte ANDES).")}


GRANT = GrantTerms(period_kind=M, period_value=D("30"), starts_on=dt.date(2026, 11, 15),
                   ends_on=dt.date(2027, 2, 14), site_share_percent=D("100"), supplements=(D("10"),),
                   category_limits={"huiles": 2}, category_labels={"huiles": "Huiles"})


def test_monthly_periods_count_from_the_grant_start_and_stop_at_its_end():
    assert period_bounds(M, GRANT.starts_on, GRANT.ends_on, dt.date(2026, 12, 14)) == (
        dt.date(2026, 11, 15), dt.date(2026, 12, 14))
    assert period_bounds(M, GRANT.starts_on, GRANT.ends_on, dt.date(2026, 12, 15)) == (
        dt.date(2026, 12, 15), dt.date(2027, 1, 14))
    assert period_bounds(W, dt.date(2026, 11, 2), dt.date(2026, 11, 20), dt.date(2026, 11, 18)) == (
        dt.date(2026, 11, 16), dt.date(2026, 11, 20))
    with pytest.raises(NoAllowance, match="Aucun droit d'achat le 15/02/2027"):
        period_bounds(M, GRANT.starts_on, GRANT.ends_on, dt.date(2027, 2, 15))


def test_remaining_allowance_and_quota_with_supplements():
    left = remaining(GRANT, Spending(D("12.50"), {"huiles": 1}), TODAY)
    assert left.site_value == D("40.00") and left.allowance == D("27.50")
    assert left.quotas == {"huiles": 1}
    assert (left.period_starts_on, left.period_ends_on) == (dt.date(2026, 11, 15), dt.date(2026, 12, 14))


def test_no_rollover_a_new_period_starts_afresh():
    spent_nothing_last_month = remaining(GRANT, Spending(), dt.date(2026, 12, 20))
    assert spent_nothing_last_month.allowance == D("40.00")  # not 80 €


def test_site_share_limits_value_and_quotas():
    auch = GrantTerms(**{**GRANT.__dict__, "site_share_percent": D("70")})
    left = remaining(auch, Spending(), TODAY)
    assert left.allowance == D("28.00") and left.quotas == {"huiles": 1}


def test_a_line_over_the_allowance_is_refused_with_figures():
    left = remaining(GRANT, Spending(D("38.00")), TODAY)
    check_line(left, category_code="pates", quantity=1, market_value=D("2.00"))
    with pytest.raises(AllowanceExceeded) as refused:
        check_line(left, category_code="pates", quantity=1, market_value=D("3.50"))
    assert nbsp(str(refused.value)) == ("Droit d'achat insuffisant : cet article vaut 3,50 €, "
                                        "il reste 2,00 € jusqu'au 14/12/2026.")
    assert refused.value.remaining == D("2.00")


def test_a_line_over_the_category_quota_is_refused_with_figures():
    left = remaining(GRANT, Spending(D("5"), {"huiles": 2}), TODAY)
    with pytest.raises(AllowanceExceeded) as refused:
        check_line(left, category_code="huiles", quantity=1, market_value=D("1.00"))
    assert str(refused.value) == ("Limite atteinte pour « Huiles » : 2 par mois dans ce site, déjà 2 pris, "
                                  "il en reste 0 (jusqu'au 14/12/2026).")
    assert refused.value.category_code == "huiles"
