"""Payments of a sale (pure): several methods on one sale, change given only in cash."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from gers.formatting import money


class Method(enum.StrEnum):
    CASH = "cash"
    CARD = "card"  # a reference only: no card data is ever stored
    CHEQUE = "cheque"
    FREE = "free"  # nothing to pay (FSE+ or 0 % participation)


METHOD_LABELS = {Method.CASH: "Espèces", Method.CARD: "Carte bancaire", Method.CHEQUE: "Chèque",
                 Method.FREE: "Gratuit"}


@dataclass(frozen=True)
class Tender:
    method: Method
    amount: Decimal
    reference: str = ""


@dataclass(frozen=True)
class Settlement:
    tenders: tuple[Tender, ...]
    change: Decimal


class PaymentError(ValueError):
    """French message for the cashier."""


def settle(total: Decimal, tenders: Sequence[Tender]) -> Settlement:
    """Check the tenders cover the total; only cash may exceed it (the excess is the change)."""
    if any(t.amount < 0 for t in tenders):
        raise PaymentError("Un montant de paiement ne peut pas être négatif.")
    paid = sum((t.amount for t in tenders), Decimal("0.00"))
    if paid < total:
        raise PaymentError(f"Paiement insuffisant : {money(paid)} reçus pour {money(total)} à payer "
                           f"(il manque {money(total - paid)}).")
    non_cash = sum((t.amount for t in tenders if t.method is not Method.CASH), Decimal("0.00"))
    if non_cash > total:
        raise PaymentError("Seules les espèces peuvent dépasser le total : pas de rendu sur carte ou chèque.")
    if total == 0 and not tenders:
        return Settlement((Tender(Method.FREE, Decimal("0.00")),), Decimal("0.00"))
    return Settlement(tuple(t for t in tenders if t.amount > 0 or t.method is Method.FREE), paid - total)
