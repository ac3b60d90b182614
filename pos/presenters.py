"""JSON shapes the till screen reads (also documented in the OpenAPI document)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gers.formatting import date_fr, datetime_fr, money, percent
from households.allowance import Remaining
from households.services import CounterLookup
from pos.basket_version import basket_version
from pos.enums import ENTRY_KIND_LABELS
from pos.models import Basket, CashClosing, JournalEntry
from pos.receipts import z_rows

ZERO = Decimal("0.00")


def amount(value: Decimal | None) -> dict[str, str] | None:
    """Amounts travel as exact strings plus their French display: no float ever."""
    return None if value is None else {"value": f"{value:.2f}", "display": money(value)}


def household_json(lookup: CounterLookup | None, left: Remaining | None) -> dict[str, Any] | None:
    if lookup is None:
        return None
    grant = lookup.grant
    return {
        "card_number": lookup.card_number, "composition": lookup.composition_summary,
        "type": lookup.household_type_label, "access": lookup.access_status_label,
        "access_ends_on": date_fr(lookup.access_ends_on), "warnings": list(lookup.warnings),
        "may_shop": lookup.may_shop,
        "allowance_left": amount(left.allowance) if left else None,
        "period_ends_on": date_fr(left.period_ends_on) if left else None,
        "site_value": amount(grant.site_value) if grant else None,
        "rate_percent": percent(grant.participation_rate) if grant else None,
        "quotas": [{"category": left.labels.get(code, code), "left": rest, "limit": left.limits[code]}
                   for code, rest in sorted(left.quotas.items())] if left else [],
    }


def basket_json(basket: Basket | None, lookup: CounterLookup | None, left: Remaining | None) -> dict[str, Any]:
    lines = basket.lines if basket else []
    value = sum((line.market_value for line in lines), ZERO)
    return {
        "shop": basket.shop.value if basket else None,
        "version": basket_version(basket),
        "lines": [{"id": str(line.id), "no": line.line_no, "description": line.description,
                   "quantity": line.quantity, "weight": line.weight_display,
                   "market_value": amount(line.market_value), "price": amount(line.price),
                   "fse_plus": line.fse_plus, "override": bool(line.override_by_id),
                   "editable": not line.weight_display and (line.product_id or line.garment_type_id) is not None}
                  for line in lines],
        "market_value": amount(value),
        "to_pay": amount(sum((line.price for line in lines), ZERO)),
        "household": household_json(lookup, left),
        "exception": basket.exception_reason if basket and basket.exception_by_id else "",
    }


def entry_json(entry: JournalEntry) -> dict[str, Any]:
    return {
        "id": str(entry.id), "sequence": entry.sequence, "kind": entry.kind.value,
        "kind_label": ENTRY_KIND_LABELS[entry.kind], "at": datetime_fr(entry.created_at),
        "market_value": amount(entry.market_value), "paid": amount(entry.amount_paid),
        "allowance_left": amount(entry.allowance_left), "hash": entry.short_hash,
        "lines": [{"id": str(line.id), "description": line.description, "quantity": line.quantity,
                   "weight": line.weight_display, "price": amount(line.price)} for line in entry.lines],
    }


def refund_json(entry: JournalEntry) -> dict[str, Any]:
    """A void or return, with what is handed back to the household (shown on screen)."""
    return {**entry_json(entry), "refund": amount(-entry.amount_paid)}


def z_json(closing: CashClosing) -> list[dict[str, Any]]:
    """The Z report's figures for the screen: the same rows as on paper."""
    return [{"label": label, "value": value, "bold": bold} for label, value, bold in z_rows(closing)]
