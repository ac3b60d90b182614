"""Ringing up a basket: the household's card, scans, weighed items, garments and manual lines.

Every line is priced and checked against the allowance and quotas when it is added, so the
volunteer sees a refusal at once, with the figures, and never at payment time.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from devices.interfaces import ScaleReading
from gers.formatting import weight_kg
from households import rules
from households.errors import HouseholdError
from households.services import CounterLookup, counter_lookup
from inventory.barcodes import ScannedCode, parse_code
from inventory.models import Category, GarmentType, Product, SoldBy
from inventory.selling import lot_refusal
from inventory.stock_models import FREE_OF_CHARGE_SOURCES, Lot
from inventory.stock_queries import pick_plan
from pos.context import BASKET_MEMO, TillContext
from pos.errors import TillError
from pos.limits import OverrideRequest, authorise_override, check_limits
from pos.models import Basket, BasketLine, CashSession, InStoreItem, Shop
from pos.pricing import PricingError, market_value_by_piece, market_value_by_weight, participation

ONE = Decimal(1)
# A vesti-boutique basket has no card, allowance or quota: food (FSE+ above all) never goes through it.
VESTI_GARMENTS_ONLY = ("La vesti-boutique ne vend que des vêtements : passez en mode « Épicerie » pour les "
                       "produits alimentaires et d'hygiène.")


@dataclass(frozen=True)
class Candidate:
    """A line about to enter the basket, before limits are checked."""

    description: str
    category: Category | None
    quantity: int
    market_value: Decimal
    unit_price: Decimal
    product: Product | None = None
    garment: GarmentType | None = None
    grams: int = 0
    lot: Lot | None = None
    weight_display: str = ""


def open_basket(session: Session, ctx: TillContext, cash_session: CashSession, shop: Shop) -> Basket:
    """The cashier's basket in progress for this shop, or a new one."""
    basket = session.scalar(select(Basket).where(Basket.cash_session_id == cash_session.id,
                                                 Basket.cashier_id == ctx.cashier_id, Basket.shop == shop))
    if basket is None:
        basket = Basket(site_id=ctx.site_id, cash_session_id=cash_session.id, cashier_id=ctx.cashier_id,
                        shop=shop, owner_node=ctx.owner_node)
        session.add(basket)
        session.flush()
    return basket


def lookup_household(session: Session, ctx: TillContext, basket: Basket) -> CounterLookup | None:
    if basket.card_number is None:
        return None
    card = basket.card_number
    return BASKET_MEMO.get(("lookup", basket.id, card, ctx.today),
                           lambda: counter_lookup(session, card, ctx.site_id, ctx.today))


def attach_household(session: Session, ctx: TillContext, basket: Basket, card_number: str,
                     exception: OverrideRequest | None = None) -> CounterLookup:
    """Scan or type the household's card. Without active access the épicerie refuses, unless a
    coordinator grants an exception (logged on the basket, then in the journal)."""
    if basket.lines:
        raise TillError("Le panier contient déjà des articles : validez ou videz-le avant de changer de foyer.")
    try:
        lookup = counter_lookup(session, card_number.strip(), ctx.site_id, ctx.today)
    except HouseholdError as error:
        raise TillError(str(error)) from error
    if basket.shop is Shop.EPICERIE and lookup.grant is None:
        if exception is None:
            raise TillError(" ".join(lookup.warnings) or "Ce foyer n'a pas de droit d'achat ouvert ici.",
                            needs_exception=True, card_number=lookup.card_number)
        basket.exception_by_id = authorise_override(session, ctx, exception).id
        basket.exception_reason = exception.reason.strip()
    basket.household_id, basket.card_number = lookup.household_id, lookup.card_number
    session.flush()
    return lookup


def scan(session: Session, ctx: TillContext, basket: Basket, raw: str,
         override: OverrideRequest | None = None) -> BasketLine:
    """A barcode read by the scanner (or typed): a product, a lot, or a weighted in-store label."""
    code = parse_code(raw, today=ctx.today, in_store_layouts=ctx.instore_layouts)
    if code.errors:
        raise TillError(" ".join(code.errors))
    if code.kind == "in_store":
        return add_candidate(session, ctx, basket, _instore_candidate(session, ctx, code), override)
    product = _product_for(session, code)
    if product.sold_by is SoldBy.WEIGHT and code.net_weight_g is None:
        raise TillError(f"« {product.name} » se vend au poids : posez-le sur la balance puis appuyez sur « Peser ».",
                        needs_weight=True, product_id=str(product.id))
    lot = _lot_from_label(session, ctx, product, code.lot)
    return add_product(session, ctx, basket, product, quantity=code.count or 1, grams=code.net_weight_g or 0,
                       lot=lot, override=override)


def _product_for(session: Session, code: ScannedCode) -> Product:
    gtins = {g for g in (code.gtin, code.base_gtin) if g}
    product = session.scalar(select(Product).where(Product.gtin.in_(gtins), Product.active)) if gtins else None
    if product is None:
        raise TillError(f"Code « {code.gtin or code.raw} » inconnu au catalogue : cherchez l'article par son "
                        "nom ou saisissez une ligne manuelle.", unknown_code=True)
    return product


def _lot_from_label(session: Session, ctx: TillContext, product: Product, lot_code: str | None) -> Lot | None:
    if not lot_code:
        return None
    lot = session.scalar(select(Lot).where(Lot.product_id == product.id, Lot.lot_code == lot_code))
    if lot is not None and (refusal := lot_refusal(lot, ctx.today, ctx.expiry)):
        raise TillError(refusal)
    return lot


def _instore_candidate(session: Session, ctx: TillContext, code: ScannedCode) -> Candidate:
    if code.in_store_item is None:
        raise TillError(" ".join(code.warnings) or "Code magasin illisible.")
    product = session.scalar(select(Product).join(InStoreItem, InStoreItem.product_id == Product.id).where(
        InStoreItem.site_id == ctx.site_id, InStoreItem.item_code == code.in_store_item))
    if product is None:
        raise TillError(f"Article magasin {code.in_store_item} absent de la table du site : ajoutez-le ou "
                        "saisissez une ligne manuelle.")
    if code.price is not None:
        if code.price <= 0:
            raise TillError("Code magasin : prix nul, étiquette à refaire.")
        return Candidate(product.name, product.category, 1, code.price, code.price, product=product)
    if not code.net_weight_g:
        raise TillError("Code magasin : poids nul, étiquette à refaire.")
    value = market_value_by_weight(product.market_price, code.net_weight_g)
    return Candidate(product.name, product.category, 1, value, product.market_price, product=product,
                     grams=code.net_weight_g, weight_display=weight_kg(code.net_weight_g))


def add_product(session: Session, ctx: TillContext, basket: Basket, product: Product, *, quantity: int = 1,
                grams: int = 0, lot: Lot | None = None, weight_display: str = "",
                override: OverrideRequest | None = None) -> BasketLine:
    try:
        if product.sold_by is SoldBy.WEIGHT:
            value = market_value_by_weight(product.market_price, grams)
        else:
            value = market_value_by_piece(product.market_price, quantity)
            grams = product.net_weight_g * quantity
    except PricingError as error:
        raise TillError(str(error)) from error
    lot = lot or _fefo_lot(session, ctx, product, quantity, grams)
    candidate = Candidate(product.name, product.category, quantity if product.sold_by is SoldBy.PIECE else 1,
                          value, product.market_price, product=product, grams=grams, lot=lot,
                          weight_display=weight_display or (weight_kg(grams) if product.sold_by is SoldBy.WEIGHT else ""))
    return add_candidate(session, ctx, basket, candidate, override)


def _fefo_lot(session: Session, ctx: TillContext, product: Product, quantity: int, grams: int) -> Lot | None:
    """The lot FEFO would hand over: it decides whether the line is FSE+ food (free)."""
    units = quantity if product.sold_by is SoldBy.PIECE else 0
    plan = pick_plan(session, ctx.site_id, product.id, today=ctx.today, settings=ctx.expiry, units=units,
                     grams=0 if units else grams)
    return session.get(Lot, plan.picks[0].lot_id) if plan.picks else None


def add_weighed(session: Session, ctx: TillContext, basket: Basket, product: Product,
                reading: ScaleReading | None, override: OverrideRequest | None = None) -> BasketLine:
    """Legal for trade: only a stable, positive reading is priced, shown exactly as the scale gave it."""
    if product.sold_by is not SoldBy.WEIGHT:
        raise TillError(f"« {product.name} » se vend à la pièce, pas au poids.")
    if reading is None:
        raise TillError("Balance : aucune lecture reçue (branchée ? allumée ?).")
    if not reading.priceable:
        raise TillError(reading.message_fr, scale_state=reading.state.value)
    return add_product(session, ctx, basket, product, grams=reading.grams,
                       weight_display=reading.display or weight_kg(reading.grams), override=override)


def add_garment(session: Session, ctx: TillContext, basket: Basket, garment: GarmentType, quantity: int = 1,
                override: OverrideRequest | None = None) -> BasketLine:
    if basket.shop is not Shop.VESTI:
        raise TillError("Les vêtements se vendent en mode vesti-boutique.")
    value = market_value_by_piece(garment.price, quantity)
    return add_candidate(session, ctx, basket, Candidate(garment.label, None, quantity, value, garment.price,
                                                         garment=garment), override)


def add_manual(session: Session, ctx: TillContext, basket: Basket, category: Category, description: str,
               market_value: Decimal, override: OverrideRequest | None = None) -> BasketLine:
    """An article without a usable code: a line by category at the value the volunteer reads."""
    if market_value <= 0:
        raise TillError("La valeur marchande d'une ligne manuelle doit être positive.")
    label = description.strip() or category.label
    return add_candidate(session, ctx, basket, Candidate(label, category, 1, market_value, market_value), override)


def add_candidate(session: Session, ctx: TillContext, basket: Basket, candidate: Candidate,
                  override: OverrideRequest | None) -> BasketLine:
    if basket.shop is Shop.VESTI and candidate.garment is None:
        raise TillError(VESTI_GARMENTS_ONLY)
    if override is None and (same := _same_article(basket, candidate)) is not None:
        return set_quantity(session, ctx, basket, same.id, same.quantity + candidate.quantity)
    lookup = _household_for(session, ctx, basket)
    code = candidate.category.code if candidate.category else ""
    overrider = None
    if override is not None:
        overrider = authorise_override(session, ctx, override)
    else:
        check_limits(session, ctx, basket, lookup, category_code=code, quantity=candidate.quantity,
                     market_value=candidate.market_value)
    line = _priced_line(session, ctx, basket, lookup, candidate, code)
    if overrider is not None:
        line.override_by_id, line.override_reason = overrider.id, override.reason.strip()
    basket.lines.append(line)
    session.flush()
    return line


def _same_article(basket: Basket, candidate: Candidate) -> BasketLine | None:
    """A second scan of the same packed article adds one to its line instead of a new line."""
    if candidate.weight_display or (candidate.product is None and candidate.garment is None):
        return None
    return next((line for line in basket.lines
                 if not line.weight_display and line.override_by_id is None
                 and line.product_id == (candidate.product.id if candidate.product else None)
                 and line.garment_type_id == (candidate.garment.id if candidate.garment else None)
                 and line.lot_id == (candidate.lot.id if candidate.lot else None)), None)


def _household_for(session: Session, ctx: TillContext, basket: Basket) -> CounterLookup | None:
    if basket.shop is Shop.EPICERIE and basket.card_number is None:
        raise TillError("Scannez d'abord la carte du foyer.")
    try:
        return lookup_household(session, ctx, basket)
    except HouseholdError as error:
        raise TillError(str(error)) from error


def _priced_line(session: Session, ctx: TillContext, basket: Basket, lookup: CounterLookup | None,
                 candidate: Candidate, code: str) -> BasketLine:
    fse_plus = candidate.lot is not None and candidate.lot.source in FREE_OF_CHARGE_SOURCES
    if basket.shop is Shop.VESTI:
        rate = ONE  # symbolic prices are paid in full
    elif lookup is not None and lookup.grant is not None:
        rate = lookup.grant.rates.fraction_for(code)
    else:
        # An exception for a household without a grant: the site's default rate (a setting).
        rate = rules.site_settings(session, ctx.site_id).participation_rate / 100
    priced = participation(candidate.market_value, rate, fse_plus=fse_plus)
    return BasketLine(
        id=uuid.uuid4(), owner_node=basket.owner_node, line_no=len(basket.lines) + 1,
        product_id=candidate.product.id if candidate.product else None,
        garment_type_id=candidate.garment.id if candidate.garment else None,
        category_id=candidate.category.id if candidate.category else None, category_code=code,
        description=candidate.description, quantity=candidate.quantity, grams=candidate.grams,
        unit_price=candidate.unit_price, market_value=priced.market_value, price=priced.price, rate=rate,
        fse_plus=fse_plus, lot_id=candidate.lot.id if candidate.lot else None,
        weight_display=candidate.weight_display)


def set_quantity(session: Session, ctx: TillContext, basket: Basket, line_id: uuid.UUID, quantity: int) -> BasketLine:
    line = _line(basket, line_id)
    if line.garment_type_id is None and line.product_id is None:
        raise TillError("Une ligne manuelle ne change pas de quantité : supprimez-la et saisissez-la à nouveau.")
    if line.grams and line.weight_display:
        raise TillError("Un article pesé ne change pas de quantité : pesez-le à nouveau.")
    if quantity < 1:
        raise TillError("La quantité doit être d'au moins 1.")
    value = market_value_by_piece(line.unit_price, quantity)
    if line.override_by_id is None and quantity > line.quantity:
        # Only what is added is checked: the line's current pieces already count as taken.
        check_limits(session, ctx, basket, _household_for(session, ctx, basket), category_code=line.category_code,
                     quantity=quantity - line.quantity, market_value=value - line.market_value)
    per_piece_grams = line.grams // line.quantity if line.quantity else 0
    line.quantity, line.grams, line.market_value = quantity, per_piece_grams * quantity, value
    line.price = Decimal("0.00") if line.fse_plus else participation(value, line.rate).price
    session.flush()
    return line


def remove_line(session: Session, basket: Basket, line_id: uuid.UUID) -> None:
    basket.lines.remove(_line(basket, line_id))
    for number, line in enumerate(basket.lines, start=1):
        line.line_no = number
    session.flush()


def clear(session: Session, basket: Basket) -> None:
    """Empty the basket and forget the household (nothing was sold: no journal entry)."""
    basket.lines.clear()
    basket.household_id = basket.card_number = basket.exception_by_id = None
    basket.exception_reason = ""
    session.flush()


def _line(basket: Basket, line_id: uuid.UUID) -> BasketLine:
    line = next((line for line in basket.lines if line.id == line_id), None)
    if line is None:
        raise TillError("Cette ligne n'est plus dans le panier.")
    return line

