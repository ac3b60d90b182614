"""Prices with a date of effect: what a product or a garment type is worth on a given day.

A coordinator's change takes effect on a later morning, never today: a basket being rung up and the
shelf labels already printed stay right for the day. The till prices a basket on the day it was
opened (`pos.basket.price_day`). `Product.market_price` and `GarmentType.price` are the price a row
was created with; central moves them to the price in force (`apply_due_prices`) so every reader
that does not ask for a day (valuations, exports) sees today's price.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from inventory.ledger import StockError
from inventory.models import GarmentType, Product
from inventory.price_models import GarmentPrice, ProductPrice

MAX_PRICE = Decimal("10000")  # far above any item of a social grocery: a typing slip, not a price


@dataclass(frozen=True)
class GarmentBounds:
    """Symbolic prices of the vesti-boutique (DOMAIN.md: 0.50–3 €), as settings."""

    minimum: Decimal = Decimal("0.50")
    maximum: Decimal = Decimal("3.00")

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> GarmentBounds:
        """[GARMENT_PRICE_MIN] and [GARMENT_PRICE_MAX] in euros; missing keys keep the defaults."""
        return cls(Decimal(str(config.get("GARMENT_PRICE_MIN", cls.minimum))),
                   Decimal(str(config.get("GARMENT_PRICE_MAX", cls.maximum))))

    def check(self, price: Decimal) -> None:
        if not self.minimum <= price <= self.maximum:
            raise StockError(f"Le prix d'un vêtement doit être compris entre {_euros(self.minimum)} et "
                             f"{_euros(self.maximum)} (réglage du réseau).")


def _euros(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",") + " €"


def product_prices_on(session: Session, products: Iterable[Product], day: dt.date) -> dict[uuid.UUID, Decimal]:
    """Each product's market value on `day`: its latest price taking effect on or before that day."""
    products = list(products)
    prices = {product.id: product.market_price for product in products}
    if not prices:
        return prices
    latest = (select(ProductPrice.product_id, func.max(ProductPrice.effective_from).label("day"))
              .where(ProductPrice.product_id.in_(list(prices)), ProductPrice.effective_from <= day)
              .group_by(ProductPrice.product_id).subquery())
    rows = session.execute(select(ProductPrice.product_id, ProductPrice.market_price).join(
        latest, (latest.c.product_id == ProductPrice.product_id) & (latest.c.day == ProductPrice.effective_from)))
    prices.update({row.product_id: row.market_price for row in rows})
    return prices


_PRICE_ON = (select(ProductPrice.market_price)
             .where(ProductPrice.product_id == bindparam("product_id"), ProductPrice.effective_from <= bindparam("day"))
             .order_by(ProductPrice.effective_from.desc()).limit(1))


def market_price_on(session: Session, product: Product, day: dt.date) -> Decimal:
    """One product's market value on `day` (the till's scan): one index range read, the latest first."""
    price = session.scalar(_PRICE_ON, {"product_id": product.id, "day": day})
    return product.market_price if price is None else price


def garment_price_on(session: Session, garment: GarmentType, site_id: uuid.UUID | None, day: dt.date) -> Decimal:
    """The site's own price when it has one in force, else the network's, else the type's first price."""
    for site in ([site_id] if site_id else []) + [None]:
        price = session.scalar(select(GarmentPrice.price).where(
            GarmentPrice.garment_type_id == garment.id,
            GarmentPrice.site_id.is_(None) if site is None else GarmentPrice.site_id == site,
            GarmentPrice.effective_from <= day).order_by(GarmentPrice.effective_from.desc()).limit(1))
        if price is not None:
            return price
    return garment.price


def price_history(session: Session, product: Product) -> list[ProductPrice]:
    return list(session.scalars(select(ProductPrice).where(ProductPrice.product_id == product.id)
                                .order_by(ProductPrice.effective_from.desc())))


def garment_history(session: Session, garment: GarmentType) -> list[GarmentPrice]:
    return list(session.scalars(select(GarmentPrice).where(GarmentPrice.garment_type_id == garment.id)
                                .order_by(GarmentPrice.effective_from.desc())))


def _check_day(effective_from: dt.date, today: dt.date) -> None:
    if effective_from <= today:
        raise StockError("Un changement de prix prend effet au plus tôt demain matin : choisissez une date "
                         "postérieure à aujourd'hui.")


def _check_price(price: Decimal) -> None:
    if price < 0 or price > MAX_PRICE:
        raise StockError(f"Prix impossible : {_euros(price)}.")


def schedule_product_price(session: Session, product: Product, *, price: Decimal, effective_from: dt.date,
                           today: dt.date, owner_node: str, note: str = "") -> ProductPrice:
    """A new market value from a later morning; a second change for the same day replaces the first."""
    _check_price(price)
    _check_day(effective_from, today)
    row = session.scalar(select(ProductPrice).where(ProductPrice.product_id == product.id,
                                                    ProductPrice.effective_from == effective_from))
    if row is None:
        row = ProductPrice(product_id=product.id, effective_from=effective_from, owner_node=owner_node)
        session.add(row)
    row.market_price, row.note = price, note.strip()[:200]
    session.flush()
    return row


def schedule_garment_price(session: Session, garment: GarmentType, *, price: Decimal, effective_from: dt.date,
                           today: dt.date, owner_node: str, bounds: GarmentBounds,
                           site_id: uuid.UUID | None = None) -> GarmentPrice:
    """A network price (site_id None) or one site's own price, from a later morning, within the bounds."""
    _check_price(price)
    bounds.check(price)
    _check_day(effective_from, today)
    row = session.scalar(select(GarmentPrice).where(
        GarmentPrice.garment_type_id == garment.id, GarmentPrice.effective_from == effective_from,
        GarmentPrice.site_id.is_(None) if site_id is None else GarmentPrice.site_id == site_id))
    if row is None:
        row = GarmentPrice(garment_type_id=garment.id, site_id=site_id, effective_from=effective_from,
                           owner_node=owner_node)
        session.add(row)
    row.price = price
    session.flush()
    return row


def apply_due_prices(session: Session, today: dt.date) -> int:
    """Central only: move each product's and garment type's own price to the one in force today.
    Returns how many rows changed (they travel to the sites by the nightly sync)."""
    changed = 0
    products = session.scalars(select(Product).where(Product.id.in_(select(ProductPrice.product_id)))).all()
    for product in products:
        price = market_price_on(session, product, today)
        if price != product.market_price:
            product.market_price, changed = price, changed + 1
    garments = session.scalars(select(GarmentType).where(GarmentType.id.in_(
        select(GarmentPrice.garment_type_id).where(GarmentPrice.site_id.is_(None))))).all()
    for garment in garments:
        price = garment_price_on(session, garment, None, today)
        if price != garment.price:
            garment.price, changed = price, changed + 1
    session.flush()
    return changed
