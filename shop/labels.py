"""Shelf labels: the market value and the price paid at the site's participation rate, side by side
(« prix affiché deux fois », DOMAIN.md), on an A4 sheet of labels or one small label per page.

The price paid is computed by the till's own rule (pos.pricing.participation, rate of the category
or of the site), on the prices in force on the chosen day (a label printed the evening before a
price change shows the next morning's prices). reportlab's Helvetica covers € and French accents;
uncompressed page streams keep them readable for the tests. reportlab is imported when a sheet is
drawn: a site node starts without it (tests/gers/test_startup.py).
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from gers.formatting import date_fr, money, percent
from households.participation import RateTable
from households.rules import category_rates, site_settings
from inventory.enums import SoldBy
from inventory.ledger import StockError
from inventory.models import Product
from inventory.prices import product_prices_on
from pos.pricing import participation

NARROW_SPACE = "\u202f"  # not in Helvetica's WinAnsi encoding: printed as a plain space
NO_PRODUCT = "Aucun produit choisi : cochez au moins un produit pour imprimer des étiquettes."


@dataclass(frozen=True)
class ShelfLabel:
    name: str
    market_value: Decimal
    paid: Decimal
    rate: Decimal  # percent
    per_kg: bool
    gtin: str | None


MM = 72 / 25.4  # PDF points per millimetre
A4 = (210 * MM, 297 * MM)


@dataclass(frozen=True)
class Layout:
    """A page and its grid of labels (PDF points)."""

    page: tuple[float, float]
    columns: int
    rows: int
    width: float
    height: float
    margin_x: float
    margin_y: float


A4_SHEET = Layout(A4, 3, 8, 70 * MM, 37 * MM, 0, 0.5 * MM)  # the common 70 × 37 mm sheet (24 labels)
SMALL = Layout((58 * MM, 40 * MM), 1, 1, 58 * MM, 40 * MM, 0, 0)  # a small-label printer, one per page
LAYOUTS = {"a4": A4_SHEET, "petite": SMALL}


def shelf_labels(session: Session, site_id: uuid.UUID, product_ids: Sequence[uuid.UUID],
                 day: dt.date) -> list[ShelfLabel]:
    """The labels of the chosen products at the site's rates, prices in force on `day`."""
    if not product_ids:
        raise StockError(NO_PRODUCT)
    products = session.scalars(select(Product).where(Product.id.in_(list(product_ids)))
                               .options(joinedload(Product.category)).order_by(Product.name)).all()
    if not products:
        raise StockError(NO_PRODUCT)
    rates = RateTable(site_settings(session, site_id).participation_rate, None, category_rates(session))
    prices = product_prices_on(session, products, day)
    labels = []
    for product in products:
        rate = rates.rate_for(product.category.code)
        value = prices[product.id]
        labels.append(ShelfLabel(product.name, value, participation(value, rates.fraction_for(product.category.code)).price,
                                 rate, product.sold_by is SoldBy.WEIGHT, product.gtin))
    return labels


def labels_pdf(labels: Sequence[ShelfLabel], layout: Layout, day: dt.date) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    if not labels:
        raise StockError(NO_PRODUCT)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=layout.page, pageCompression=0)
    canvas.setTitle(f"Étiquettes de rayon du {date_fr(day)}")
    per_page = layout.columns * layout.rows
    for index, label in enumerate(labels):
        if index and index % per_page == 0:
            canvas.showPage()
        slot = index % per_page
        column, row = slot % layout.columns, slot // layout.columns
        x = layout.margin_x + column * layout.width
        y = layout.page[1] - layout.margin_y - (row + 1) * layout.height
        _draw(canvas, label, x, y, layout, day)
    canvas.save()
    return buffer.getvalue()


def _draw(canvas, label: ShelfLabel, x: float, y: float, layout: Layout, day: dt.date) -> None:
    unit = " / kg" if label.per_kg else ""
    pad, room = 3 * MM, layout.width - 6 * MM
    rate = percent(label.rate).replace(NARROW_SPACE, " ")
    _fit(canvas, label.name, "Helvetica-Bold", 9, room, x + pad, y + layout.height - 6 * MM)
    _fit(canvas, f"Valeur marchande : {money(label.market_value)}{unit}", "Helvetica", 8, room, x + pad,
         y + layout.height - 12 * MM)
    _fit(canvas, f"Vous payez {money(label.paid)}{unit}", "Helvetica-Bold", 14, room, x + pad, y + 12 * MM)
    _fit(canvas, f"Participation {rate} · prix au {date_fr(day)}", "Helvetica", 7, room, x + pad, y + 5 * MM)


def _fit(canvas, text: str, font: str, size: float, room: float, x: float, y: float) -> None:
    """Draw `text` at `size`, smaller when it would run over the label (down to 5 pt, then cut)."""
    while size > 5 and canvas.stringWidth(text, font, size) > room:
        size -= 0.5
    while canvas.stringWidth(text, font, size) > room:
        text = text[:-2] + "…"
    canvas.setFont(font, size)
    canvas.drawString(x, y, text)
