"""Eligibility calculator (pure): reste à vivre per person or per part, or the CAF quotient familial,
read against the site's threshold. The commission decides; this only informs it.

RAV = (monthly resources − fixed charges) / divisor / days, in € per person (or part) per day.
A negative RAV (charges above resources) is a real situation, not an input error.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gers.formatting import money
from households.enums import ELIGIBILITY_METHOD_LABELS, EligibilityMethod
from households.errors import InvalidInput
from inventory.money import round_cents

ZERO = Decimal(0)


@dataclass(frozen=True)
class Figures:
    """What the social worker enters (QF may come straight from the CAF attestation)."""

    monthly_resources: Decimal
    fixed_charges: Decimal
    persons: int
    parts: Decimal | None = None
    quotient_familial: Decimal | None = None


@dataclass(frozen=True)
class Assessment:
    method: EligibilityMethod
    value: Decimal
    threshold: Decimal

    @property
    def below_threshold(self) -> bool:
        return self.value <= self.threshold

    @property
    def unit(self) -> str:
        return {EligibilityMethod.RAV_PERSONS: "par personne et par jour",
                EligibilityMethod.RAV_PARTS: "par part et par jour",
                EligibilityMethod.QUOTIENT_FAMILIAL: "par mois"}[self.method]

    def explanation(self) -> str:
        label = ELIGIBILITY_METHOD_LABELS[self.method]
        head = f"{label} : {money(self.value)} {self.unit}"
        if self.below_threshold:
            return (f"{head}, sous le seuil du site ({money(self.threshold)}) : "
                    "le foyer relève de l'épicerie sociale.")
        return (f"{head}, au-dessus du seuil du site ({money(self.threshold)}) : "
                "la commission devra motiver une aide exceptionnelle.")


def check_figures(figures: Figures, method: EligibilityMethod) -> None:
    errors = {}
    if figures.monthly_resources < ZERO:
        errors["monthly_resources"] = "Les ressources ne peuvent pas être négatives."
    if figures.fixed_charges < ZERO:
        errors["fixed_charges"] = "Les charges ne peuvent pas être négatives."
    if figures.persons < 1:
        errors["persons"] = "Le foyer compte au moins une personne."
    needs_parts = method is EligibilityMethod.RAV_PARTS or (
        method is EligibilityMethod.QUOTIENT_FAMILIAL and figures.quotient_familial is None)
    if needs_parts and (figures.parts is None or figures.parts <= ZERO):
        errors["parts"] = "Le nombre de parts doit être positif."
    if figures.quotient_familial is not None and figures.quotient_familial < ZERO:
        errors["quotient_familial"] = "Le quotient familial ne peut pas être négatif."
    if errors:
        raise InvalidInput(errors)


def reste_a_vivre(resources: Decimal, charges: Decimal, divisor: Decimal | int, days: int = 30) -> Decimal:
    return round_cents((resources - charges) / Decimal(divisor) / days)


def quotient_familial(monthly_resources: Decimal, parts: Decimal) -> Decimal:
    return round_cents(monthly_resources / parts)


def assess(method: EligibilityMethod, figures: Figures, threshold: Decimal, days: int = 30) -> Assessment:
    check_figures(figures, method)
    if method is EligibilityMethod.RAV_PERSONS:
        value = reste_a_vivre(figures.monthly_resources, figures.fixed_charges, figures.persons, days)
    elif method is EligibilityMethod.RAV_PARTS:
        value = reste_a_vivre(figures.monthly_resources, figures.fixed_charges, figures.parts, days)
    elif figures.quotient_familial is not None:
        value = figures.quotient_familial
    else:
        value = quotient_familial(figures.monthly_resources, figures.parts)
    return Assessment(method, value, threshold)
