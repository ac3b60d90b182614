"""Demo households: ~600 pseudonymous households of varied composition, generated from a fixed seed.

No names anywhere: a card number, a home site, a type and the members' birth years and sex — the
minimum the counter and the reports need (DOMAIN.md, RGPD).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

HOUSEHOLD_COUNT = 600
SEED = 32  # the Gers département number: any fixed value keeps the demo reproducible

# (household type, weight in the mix): single people and single parents dominate in food aid.
TYPE_MIX = (("single", 38), ("single_parent", 27), ("couple_with_children", 18), ("couple", 10),
            ("other", 7))


@dataclass(frozen=True, slots=True)
class MemberData:
    birth_year: int
    sex: str  # "F", "M" or "X"


@dataclass(frozen=True, slots=True)
class HouseholdData:
    card_number: str
    home_site: str
    household_type: str
    members: tuple[MemberData, ...]


def card_number(serial: int) -> str:
    return f"GS-{serial:06d}"


def generate(site_codes: tuple[str, ...], reference_year: int) -> tuple[HouseholdData, ...]:
    """Deterministic households spread over the given home sites (bigger towns first get more)."""
    rng = random.Random(SEED)
    types = [t for t, _ in TYPE_MIX]
    weights = [w for _, w in TYPE_MIX]
    site_weights = [max(1, len(site_codes) - i) for i in range(len(site_codes))]
    households = []
    for serial in range(1, HOUSEHOLD_COUNT + 1):
        kind = rng.choices(types, weights)[0]
        home = rng.choices(site_codes, site_weights)[0]
        households.append(HouseholdData(card_number(serial), home, kind,
                                        _members(rng, kind, reference_year)))
    return tuple(households)


def _members(rng: random.Random, kind: str, year: int) -> tuple[MemberData, ...]:
    def adult(min_age: int = 18, max_age: int = 85) -> MemberData:
        return MemberData(year - rng.randint(min_age, max_age), rng.choice("FFM"))

    def child() -> MemberData:
        return MemberData(year - rng.randint(0, 17), rng.choice("FM"))

    children = [child() for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))]
    match kind:
        case "single":
            return (adult(),)
        case "couple":
            return (adult(), adult())
        case "single_parent":
            return (adult(18, 55), *children)
        case "couple_with_children":
            return (adult(18, 55), adult(18, 55), *children)
        case _:  # e.g. an adult hosting a parent, or siblings
            return (adult(), adult(), *children[:1])
