"""Ringing up a basket: the household's card, scans, weighed items, garments and manual lines.

Every line is priced and checked against the allowance and quotas when it is added, so the
volunteer sees a refusal at once, with the figures, and never at payment time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from devices.interfaces import ScaleReading
from gers.formatting import weight_kg
from households.errors import HouseholdError
from households.services import CounterLookup, counter_lookup, exception_grant
from inventory.barcodes import ScannedCode, parse_code
from inventory.enums import SoldBy
from inventory.expiry import paris_today
from inventory.models import Category, GarmentType, Product
from inventory.prices import garment_price_on, market_price_on
from inventory.selling import LotShare, date_refusal, held_refusal, lot_refusal
from inventory.stock_models import FREE_OF_CHARGE_SOURCES, Lot
from pos.context import BASKET_MEMO, TillContext
from pos.enums import Shop
from pos.errors import TillError
from pos.limits import OverrideRequest, authorise_override, check_limits
from pos.lots import is_free, lot_shares
from pos.models import Basket, BasketLine, CashSession, InStoreItem
from pos.pricing import (
    GRAMS_PER_KG,
    PricingError,
    market_value_by_piece,
    market_value_by_weight,
    participation,
    split_value,
)

ONE = Decimal(1)
ZERO = Decimal("0.00")
CARD_FIRST = frozenset({Shop.EPICERIE, Shop.FSE})

# A vesti-boutique basket has no card, allowance or quota: food (FSE+ above all) never goes through it.
VESTI_GARMENTS_ONLY = ("La vesti-boutique ne vend que des vêtements : passez en mode « Épicerie » pour les "
                       "produits alimentaires et d'hygiène.")
FSE_LOTS_ONLY = ("La distribution gratuite n'accepte que les lots FSE+ : passez en mode « Épicerie » pour les "
                 "autres produits.")


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
    free_of_charge: bool = False  # FSE+ food taken FEFO at payment (no single lot)


def open_basket(session: Session, ctx: TillContext, cash_session: CashSession, shop: Shop) -> Basket:
    """The cashier's basket in progress for this shop, or a new one."""
    basket = session.execute(select(Basket).where(Basket.cash_session_id == cash_session.id,
                                                  Basket.cashier_id == ctx.cashier_id, Basket.shop == shop)
                             .options(joinedload(Basket.lines))).unique().scalars().first()  # one query
    if basket is None:
        basket = Basket(site_id=ctx.site_id, cash_session_id=cash_session.id, cashier_id=ctx.cashier_id,
                        shop=shop, owner_node=ctx.owner_node, created_at=ctx.now)
        session.add(basket)
        session.flush()
    return basket


def price_day(basket: Basket, ctx: TillContext) -> dt.date:
    """The day whose prices the basket takes: the day it was opened, so a price taking effect at
    midnight never changes a basket in the middle (the next basket takes it)."""
    return paris_today(basket.created_at) if basket.created_at else ctx.today


def lookup_household(session: Session, ctx: TillContext, basket: Basket) -> CounterLookup | None:
    if basket.card_number is None:
        return None
    card, exception = basket.card_number, basket.exception_by_id is not None
    return BASKET_MEMO.get(("lookup", basket.id, card, ctx.today, exception),
                           lambda: _lookup(session, ctx, card, exception=exception))


def _lookup(session: Session, ctx: TillContext, card: str, *, exception: bool) -> CounterLookup:
    """The household's rights; under an exception without a grant, the default tier and the quotas."""
    lookup = counter_lookup(session, card, ctx.site_id, ctx.today)
    if not exception or lookup.grant is not None:
        return lookup
    grant, notice = exception_grant(session, lookup.household_id, ctx.site_id, ctx.today)
    return replace(lookup, grant=grant, warnings=(*lookup.warnings, notice))


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
    # The free line needs only a known card (FSE+ counts unique beneficiaries), never a grant.
    if basket.shop is Shop.EPICERIE and lookup.grant is None:
        if exception is None:
            raise TillError(" ".join(lookup.warnings) or "Ce foyer n'a pas de droit d'achat ouvert ici.",
                            needs_exception=True, card_number=lookup.card_number)
        basket.exception_by_id = authorise_override(session, ctx, exception).id
        basket.exception_reason = exception.reason.strip()
    basket.household_id, basket.card_number = lookup.household_id, lookup.card_number
    session.flush()
    return lookup_household(session, ctx, basket)


def scan(session: Session, ctx: TillContext, basket: Basket, raw: str,
         override: OverrideRequest | None = None) -> BasketLine:
    """A barcode read by the scanner (or typed): a product, a lot, or a weighted in-store label."""
    code = parse_code(raw, today=ctx.today, in_store_layouts=ctx.instore_layouts)
    if code.errors:
        raise TillError(" ".join(code.errors))
    if code.kind == "in_store":
        return _add_instore(session, ctx, basket, code, override)
    product = _product_for(session, code)
    if code.expiry_date and (refusal := date_refusal(product.category, code.date_kind, code.expiry_date,
                                                     ctx.today, ctx.expiry)):
        raise TillError(refusal)  # the date printed on this very pack, before any line exists
    if product.sold_by is SoldBy.WEIGHT and code.net_weight_g is None:
        raise TillError(f"« {product.name} » se vend au poids : posez-le sur la balance puis appuyez sur « Peser ».",
                        needs_weight=True, product_id=str(product.id))
    lot = _lot_from_label(session, ctx, product, code.lot)
    return add_product(session, ctx, basket, product, quantity=code.count or 1, grams=code.net_weight_g or 0,
                       lot=lot, identified=bool(code.lot or code.expiry_date), override=override)


def _product_for(session: Session, code: ScannedCode) -> Product:
    gtins = {g for g in (code.gtin, code.base_gtin) if g}
    product = session.scalar(select(Product).where(Product.gtin.in_(gtins), Product.active)
                             .options(joinedload(Product.category))) if gtins else None
    if product is None:
        raise TillError(f"Code « {code.gtin or code.raw} » inconnu au catalogue : cherchez l'article par son "
                        "nom ou saisissez une ligne manuelle.", unknown_code=True)
    return product


def _lot_from_label(session: Session, ctx: TillContext, product: Product, lot_code: str | None) -> Lot | None:
    if not lot_code:
        return None
    lot = session.scalar(select(Lot).where(Lot.product_id == product.id, Lot.lot_code == lot_code))
    if lot is not None and (refusal := lot_refusal(lot, ctx.today, ctx.expiry)
                            or held_refusal(session, lot, ctx.site_id)):
        raise TillError(refusal)
    return lot


def _add_instore(session: Session, ctx: TillContext, basket: Basket, code: ScannedCode,
                 override: OverrideRequest | None) -> BasketLine:
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
        per_kg = market_price_on(session, product, price_day(basket, ctx))
        return add_product(session, ctx, basket, product, grams=_grams_for_price(product, per_kg, code.price),
                           label_price=code.price, override=override)
    if not code.net_weight_g:
        raise TillError("Code magasin : poids nul, étiquette à refaire.")
    return add_product(session, ctx, basket, product, grams=code.net_weight_g, override=override)


def _grams_for_price(product: Product, per_kg: Decimal, price: Decimal) -> int:
    """A price label carries no weight: the stock and the kilos distributed take the weight that price
    buys at the catalog's price per kg (a packed article: its net weight)."""
    if product.sold_by is SoldBy.PIECE:
        return product.net_weight_g
    if per_kg <= 0:
        raise TillError(f"« {product.name} » n'a pas de prix au kilo au catalogue : impossible de savoir quel "
                        "poids cette étiquette représente. Saisissez une ligne manuelle.")
    return max(1, round(price * GRAMS_PER_KG / per_kg))


def add_product(session: Session, ctx: TillContext, basket: Basket, product: Product, *, quantity: int = 1,
                grams: int = 0, lot: Lot | None = None, weight_display: str = "",
                label_price: Decimal | None = None, identified: bool = False,
                override: OverrideRequest | None = None) -> BasketLine:
    """Lines for `quantity` pieces or `grams` of the product: one line per lot it draws on (each lot is
    priced by its own source: FSE+ free), or the lot read on the pack. Returns the first line.

    `label_price`: an in-store label's price is the article's market value, one article whatever it weighs.
    `identified`: the pack's own lot or date was read and checked, so blocked lots in stock are not it."""
    by_weight = product.sold_by is SoldBy.WEIGHT
    units = 0 if by_weight else quantity
    grams = grams if by_weight else product.net_weight_g * quantity
    unit_price = market_price_on(session, product, price_day(basket, ctx))
    try:
        value = label_price if label_price is not None else (
            market_value_by_weight(unit_price, grams) if by_weight
            else market_value_by_piece(unit_price, quantity))
    except PricingError as error:
        raise TillError(str(error)) from error
    free_only = basket.shop is Shop.FSE
    shares = (LotShare(lot.id, units, grams),) if lot else lot_shares(session, ctx, basket, product, units, grams,
                                                                      identified=identified, free_only=free_only)
    weighed = by_weight and label_price is None
    if free_only and all(share.lot_id is None for share in shares):
        raise TillError(FSE_LOTS_ONLY)
    if free_only and any(share.lot_id is None for share in shares):
        raise TillError(f"« {product.name} » : pas assez de stock FSE+ pour cette quantité.")
    if weighed and not free_only and len(shares) > 1 and len(free := {is_free(session, share) for share in shares}) == 1:
        # One piece on the scale, lots that price alike: one line as the scale showed it, and the sale
        # takes its lots FEFO at payment, each decremented by what it gives.
        return add_candidates(session, ctx, basket, [Candidate(
            product.name, product.category, 1, value, unit_price, product=product, grams=grams,
            weight_display=weight_display or weight_kg(grams), free_of_charge=free.pop())], override)[0]
    values = split_value(value, [share.grams if by_weight else share.units for share in shares])
    candidates = []
    for share, share_value in zip(shares, values, strict=True):
        display = (weight_display or weight_kg(grams)) if len(shares) == 1 else weight_kg(share.grams)
        candidates.append(Candidate(
            product.name, product.category, 1 if by_weight else share.units, share_value,
            share_value if label_price is not None else unit_price, product=product,
            grams=share.grams if by_weight else product.net_weight_g * share.units,
            lot=session.get(Lot, share.lot_id) if share.lot_id else None, weight_display=display if weighed else ""))
    return add_candidates(session, ctx, basket, candidates, override)[0]


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
    unit_price = garment_price_on(session, garment, ctx.site_id, price_day(basket, ctx))
    value = market_value_by_piece(unit_price, quantity)
    return add_candidate(session, ctx, basket, Candidate(garment.label, None, quantity, value, unit_price,
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
    return add_candidates(session, ctx, basket, [candidate], override)[0]


def add_candidates(session: Session, ctx: TillContext, basket: Basket, candidates: list[Candidate],
                   override: OverrideRequest | None) -> list[BasketLine]:
    """One article's shares (one per lot): the limits are checked once for them all, then each share
    joins the same article's line or makes a new one."""
    if basket.shop is Shop.VESTI and any(c.garment is None for c in candidates):
        raise TillError(VESTI_GARMENTS_ONLY)
    if basket.shop is Shop.FSE and not all(c.lot is not None and c.lot.source in FREE_OF_CHARGE_SOURCES
                                           for c in candidates):
        raise TillError(FSE_LOTS_ONLY)
    lookup = _household_for(session, ctx, basket)
    code = candidates[0].category.code if candidates[0].category else ""
    overridden = None
    if override is not None:
        overridden = (authorise_override(session, ctx, override).id, override.reason.strip())
    else:
        check_limits(session, ctx, basket, lookup, category_code=code, quantity=sum(c.quantity for c in candidates),
                     market_value=sum((c.market_value for c in candidates), ZERO))
    lines = [_place(session, ctx, basket, lookup, candidate, code, overridden) for candidate in candidates]
    session.flush()
    return lines


def _place(session: Session, ctx: TillContext, basket: Basket, lookup: CounterLookup | None,
           candidate: Candidate, code: str, overridden: tuple[uuid.UUID, str] | None) -> BasketLine:
    if overridden is None and (same := _same_article(basket, candidate)) is not None:
        _resize(same, same.quantity + candidate.quantity)
        return same
    line = _priced_line(session, ctx, basket, lookup, candidate, code)
    if overridden is not None:
        line.override_by_id, line.override_reason = overridden
    basket.lines.append(line)
    return line


def _same_article(basket: Basket, candidate: Candidate) -> BasketLine | None:
    """A second scan of the same packed article adds one to its line instead of a new line."""
    if candidate.weight_display or (candidate.product is None and candidate.garment is None):
        return None
    return next((line for line in basket.lines
                 if not line.weight_display and line.override_by_id is None
                 and line.product_id == (candidate.product.id if candidate.product else None)
                 and line.garment_type_id == (candidate.garment.id if candidate.garment else None)
                 and line.lot_id == (candidate.lot.id if candidate.lot else None)
                 and line.unit_price == candidate.unit_price), None)  # two shop labels, two prices


def _household_for(session: Session, ctx: TillContext, basket: Basket) -> CounterLookup | None:
    if basket.shop in CARD_FIRST and basket.card_number is None:
        raise TillError("Scannez d'abord la carte du foyer.")
    try:
        return lookup_household(session, ctx, basket)
    except HouseholdError as error:
        raise TillError(str(error)) from error


def _priced_line(session: Session, ctx: TillContext, basket: Basket, lookup: CounterLookup | None,
                 candidate: Candidate, code: str) -> BasketLine:
    fse_plus = candidate.free_of_charge or (candidate.lot is not None and candidate.lot.source in FREE_OF_CHARGE_SOURCES)
    if basket.shop is Shop.VESTI:
        rate = ONE  # symbolic prices are paid in full
    elif basket.shop is Shop.FSE:
        rate = ZERO  # given, whatever the household's rates
    elif lookup is not None and lookup.grant is not None:  # an exception has its default grant
        rate = lookup.grant.rates.fraction_for(code)
    else:  # rights that ended while the basket was open (midnight)
        raise TillError(" ".join(lookup.warnings if lookup else ()) or "Ce foyer n'a pas de droit d'achat ouvert ici.")
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
    product = session.get(Product, line.product_id) if line.product_id else None
    if quantity > line.quantity and product is not None and product.sold_by is SoldBy.PIECE:
        _grow(session, ctx, basket, line, product, quantity - line.quantity)
    else:
        if line.override_by_id is None and quantity > line.quantity:
            # Only what is added is checked: the line's current pieces already count as taken.
            check_limits(session, ctx, basket, _household_for(session, ctx, basket),
                         category_code=line.category_code, quantity=quantity - line.quantity,
                         market_value=market_value_by_piece(line.unit_price, quantity) - line.market_value)
        _resize(line, quantity)
    session.flush()
    return line


def _grow(session: Session, ctx: TillContext, basket: Basket, line: BasketLine, product: Product,
          extra: int) -> None:
    """More pieces of a line: from its own lot while it has some, then FEFO, each other lot on its line."""
    shares = lot_shares(session, ctx, basket, product, extra, 0, first_lot_id=line.lot_id,
                        free_only=basket.shop is Shop.FSE)
    if basket.shop is Shop.FSE and any(share.lot_id is None for share in shares):
        raise TillError(f"« {product.name} » : pas assez de stock FSE+ pour cette quantité.")
    lookup = _household_for(session, ctx, basket)
    overridden = (line.override_by_id, line.override_reason) if line.override_by_id else None
    if overridden is None:
        check_limits(session, ctx, basket, lookup, category_code=line.category_code, quantity=extra,
                     market_value=market_value_by_piece(line.unit_price, extra))
    for share in shares:
        if share.lot_id == line.lot_id:
            _resize(line, line.quantity + share.units)
            continue
        candidate = Candidate(line.description, product.category, share.units,
                              market_value_by_piece(line.unit_price, share.units), line.unit_price, product=product,
                              grams=product.net_weight_g * share.units,
                              lot=session.get(Lot, share.lot_id) if share.lot_id else None)
        _place(session, ctx, basket, lookup, candidate, line.category_code, overridden)


def _resize(line: BasketLine, quantity: int) -> None:
    per_piece_grams = line.grams // line.quantity if line.quantity else 0
    value = market_value_by_piece(line.unit_price, quantity)
    line.quantity, line.grams, line.market_value = quantity, per_piece_grams * quantity, value
    line.price = ZERO if line.fse_plus else participation(value, line.rate).price


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

