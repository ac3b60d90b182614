"""Domain errors of the registry: every message is French, ready to be shown to a person."""

from __future__ import annotations

from collections.abc import Mapping


class HouseholdError(Exception):
    """A rule refused the operation; str(exc) is the French message."""


class InvalidInput(HouseholdError):
    """Bad input on one or more fields: {field name: French message}. Nothing is saved."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))


class UnknownCard(HouseholdError):
    """A well-formed card number that matches no household of this node."""


class ForeignCard(HouseholdError):
    """A code that is not a card of this network (another network's card, a product scanned…)."""


class AccessRefused(HouseholdError):
    """An access period that the rules do not allow (overlap, waiting period, duration)."""
