"""Receipts and Z reports as printer-independent documents (devices.receipt), in French.

A receipt shows, for each line, the market value and the price paid (DOMAIN.md), the allowance
left, the journal sequence number and a short hash; never a name. Any receipt can be printed again
from the journal, identical.
"""

from __future__ import annotations

from decimal import Decimal

from devices.receipt import Columns, Feed, Receipt, Separator, Text
from gers.formatting import datetime_fr, money, weight_kg
from inventory.models import Site
from pos.enums import ENTRY_KIND_LABELS, SHOP_LABELS, EntryKind, Shop
from pos.models import CashClosing, JournalEntry
from pos.payments import METHOD_LABELS, Method


def _header(network: str, site: Site, entry: JournalEntry) -> list:
    lines = [Text(network, bold=True, align="center", double=True), Text(site.name, align="center"),
             Text(f"{site.address}, {site.postcode} {site.commune}".strip(", "), align="center"), Separator()]
    title = f"{ENTRY_KIND_LABELS[entry.kind]} n° {entry.sequence}"
    if entry.kind is not EntryKind.CLOSING:
        title += f" — {SHOP_LABELS[entry.shop]}"
    lines += [Text(title, bold=True), Text(datetime_fr(entry.created_at))]
    return lines


def receipt_for(entry: JournalEntry, site: Site, network: str, card_number: str | None,
                duplicate: bool = False) -> Receipt:
    lines = _header(network, site, entry)
    if duplicate:
        lines.append(Text("DUPLICATA", bold=True, align="center"))
    if card_number:
        lines.append(Text(f"Carte {card_number}"))
    lines.append(Separator())
    for line in entry.lines:
        quantity = line.weight_display or f"{line.quantity} x"
        lines.append(Text(f"{quantity} {line.description}"))
        paid = "gratuit (FSE+)" if line.fse_plus else money(line.price)
        lines.append(Columns(f"  valeur {money(line.market_value)}", paid))
    if entry.shop is Shop.FSE:
        lines.append(Text("Aide alimentaire de l'Union européenne (FSE+) : gratuite, hors droit d'achat."))
    lines += [Separator(), Columns("Valeur marchande", money(entry.market_value)),
              Columns("Total payé", money(entry.amount_paid), bold=True)]
    lines += _tenders(entry)
    if entry.allowance_left is not None:
        lines += [Separator(), Columns("Droit d'achat restant", money(entry.allowance_left), bold=True)]
    if entry.reason:
        lines.append(Text(entry.reason))
    lines += _footer(entry)
    return Receipt(tuple(lines))


def _tenders(entry: JournalEntry) -> list:
    lines = []
    for tender in entry.tenders:
        if tender.method is Method.FREE:
            continue
        lines.append(Columns(METHOD_LABELS[tender.method], money(tender.tendered)))
        if tender.method is Method.CASH and tender.tendered > tender.amount:
            lines.append(Columns("Rendu", money(tender.tendered - tender.amount)))
    return lines


def _footer(entry: JournalEntry) -> list:
    return [Separator(), Text(f"Journal n° {entry.sequence} · empreinte {entry.short_hash}", align="center"),
            Text("Merci et à bientôt !", align="center"), Feed(2)]


def z_rows(z: CashClosing) -> list[tuple[str, str, bool]]:
    """The Z report's figures as (label, French value, bold), the same on paper and on screen;
    an empty label is a separator."""
    difference: Decimal = z.counted_cash - z.expected_cash
    return [
        ("Ventes", str(z.sales_count), False), ("Annulations", str(z.voids_count), False),
        ("Retours", str(z.returns_count), False), ("", "", False),
        ("Espèces", money(z.cash_total), False), ("Carte bancaire", money(z.card_total), False),
        ("Chèques", money(z.cheque_total), False), ("Participation encaissée", money(z.amount_paid), True),
        ("", "", False),
        ("Valeur marchande distribuée", money(z.market_value), False),
        ("Poids distribué", weight_kg(z.grams), False), ("Droits d'achat consommés", money(z.allowance_used), False),
        ("", "", False),
        ("Fond de caisse", money(z.opening_float), False), ("Espèces attendues", money(z.expected_cash), False),
        ("Espèces comptées", money(z.counted_cash), False), ("Écart", money(difference), True),
        ("", "", False), ("Grand total perpétuel", money(z.perpetual_total), True),
    ]


def z_report_for(entry: JournalEntry, site: Site, network: str) -> Receipt:
    lines = _header(network, site, entry) + [Separator()] + [
        Columns(label, value, bold=bold) if label else Separator() for label, value, bold in z_rows(entry.closing)]
    return Receipt(tuple(lines + _footer(entry)[:2] + [Feed(2)]))
