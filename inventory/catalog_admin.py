"""Central's catalogue, kept by the coordinators: food groups, categories, products, garment types.

Central owns these rows; the sites receive them by the nightly sync. A product's market value is
set once at creation; any later change is a price with a date of effect (inventory.prices), so the
value of past sales and of the baskets being rung up never moves.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.barcodes import canonical_gtin
from inventory.enums import DateKind, ShelfLife, SoldBy, StorageClass
from inventory.gtin import InvalidGtin, validate_gtin
from inventory.ledger import StockError
from inventory.models import Category, FoodGroup, GarmentType, Product
from inventory.prices import MAX_PRICE, GarmentBounds

MAX_NET_WEIGHT_G = 1_000_000  # 1 t: a typing slip beyond


class CatalogError(StockError):
    """Refused input, field by field (French messages); nothing is written."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class ProductInput:
    name: str
    category_id: uuid.UUID | None
    sold_by: SoldBy
    net_weight_g: int
    storage_class: StorageClass
    date_kind: DateKind
    gtin: str = ""
    active: bool = True


def _code(raw: str, errors: dict[str, str]) -> str:
    code = raw.strip().lower()
    if not code or len(code) > 40 or not all(c.isalnum() or c in "_-" for c in code):
        errors["code"] = "Code obligatoire : lettres, chiffres, « - » ou « _ » (40 au plus)."
    return code


def _label(raw: str, errors: dict[str, str], size: int = 120) -> str:
    label = " ".join(raw.split())
    if not label or len(label) > size:
        errors["label"] = f"Libellé obligatoire ({size} caractères au plus)."
    return label


def save_food_group(session: Session, *, code: str, label: str, owner_node: str) -> FoodGroup:
    """A new reporting group, or the label of an existing one (same code)."""
    errors: dict[str, str] = {}
    code, label = _code(code, errors), _label(label, errors)
    if errors:
        raise CatalogError(errors)
    group = session.scalar(select(FoodGroup).where(FoodGroup.code == code))
    if group is None:
        group = FoodGroup(code=code, owner_node=owner_node)
        session.add(group)
    group.label = label
    session.flush()
    return group


def save_category(session: Session, *, code: str, label: str, food_group_id: uuid.UUID | None,
                  shelf_life: ShelfLife, storage_class: StorageClass, date_kind: DateKind,
                  owner_node: str) -> Category:
    """A new category, or an existing one (same code) changed."""
    errors: dict[str, str] = {}
    code, label = _code(code, errors), _label(label, errors)
    group = session.get(FoodGroup, food_group_id) if food_group_id else None
    if group is None:
        errors["food_group"] = "Choisissez le groupe d'aliments de la catégorie."
    if errors:
        raise CatalogError(errors)
    category = session.scalar(select(Category).where(Category.code == code))
    if category is None:
        category = Category(code=code, owner_node=owner_node)
        session.add(category)
    category.label, category.food_group, category.shelf_life = label, group, shelf_life
    category.storage_class, category.date_kind = storage_class, date_kind
    session.flush()
    return category


def _product_errors(session: Session, data: ProductInput, product: Product | None) -> tuple[dict[str, str], str | None]:
    errors: dict[str, str] = {}
    if not data.name.strip() or len(data.name.strip()) > 160:
        errors["name"] = "Indiquez le nom du produit (160 caractères au plus)."
    if data.category_id is None or session.get(Category, data.category_id) is None:
        errors["category"] = "Choisissez la catégorie du produit."
    if not 0 <= data.net_weight_g <= MAX_NET_WEIGHT_G:
        errors["net_weight"] = "Le poids net doit être compris entre 0 et 1 000 kg."
    gtin = None
    if data.gtin.strip():
        try:
            gtin = canonical_gtin(validate_gtin(data.gtin))
        except InvalidGtin as exc:
            errors["gtin"] = str(exc)
        else:
            other = session.scalar(select(Product.id).where(Product.gtin == gtin))
            if other is not None and (product is None or other != product.id):
                errors["gtin"] = f"Le code-barres {gtin} est déjà celui d'un autre produit."
    return errors, gtin


def create_product(session: Session, data: ProductInput, *, market_price: Decimal | None,
                   owner_node: str) -> Product:
    """A new product with its first market value (it has no sale nor basket yet: it applies at once)."""
    errors, gtin = _product_errors(session, data, None)
    if market_price is None or not 0 <= market_price <= MAX_PRICE:
        errors["price"] = "Indiquez la valeur marchande (en euros, ex. 1,25)."
    if errors:
        raise CatalogError(errors)
    product = Product(owner_node=owner_node, market_price=market_price)
    _fill(product, data, gtin)
    session.add(product)
    session.flush()
    return product


def update_product(session: Session, product: Product, data: ProductInput) -> Product:
    """Everything but the price (a price changes with a date of effect: inventory.prices)."""
    errors, gtin = _product_errors(session, data, product)
    if errors:
        raise CatalogError(errors)
    _fill(product, data, gtin)
    session.flush()
    return product


def _fill(product: Product, data: ProductInput, gtin: str | None) -> None:
    product.name, product.gtin, product.category_id = " ".join(data.name.split()), gtin, data.category_id
    product.sold_by, product.net_weight_g, product.active = data.sold_by, data.net_weight_g, data.active
    product.storage_class, product.date_kind = data.storage_class, data.date_kind


def create_garment_type(session: Session, *, code: str, label: str, price: Decimal | None, bounds: GarmentBounds,
                        owner_node: str) -> GarmentType:
    errors: dict[str, str] = {}
    code, label = _code(code, errors), _label(label, errors)
    if price is None:
        errors["price"] = "Indiquez le prix du vêtement (ex. 1,50)."
    else:
        try:
            bounds.check(price)
        except StockError as exc:
            errors["price"] = str(exc)
    if session.scalar(select(GarmentType.id).where(GarmentType.code == code)):
        errors["code"] = f"Le code « {code} » existe déjà."
    if errors:
        raise CatalogError(errors)
    garment = GarmentType(code=code, label=label, price=price, owner_node=owner_node)
    session.add(garment)
    session.flush()
    return garment
