"""Read use cases over the catalog and the network (writes come with the warehouse issues)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from inventory.enums import SiteKind
from inventory.models import Category, GarmentType, Product, Site

PAGE_SIZE = 50


@dataclass(frozen=True)
class ProductPage:
    products: list[Product]
    total: int
    page: int
    pages: int


def search_products(session: Session, text: str = "", category_code: str = "", page: int = 1) -> ProductPage:
    """Products whose name contains `text` or whose GTIN starts with it, one page at a time."""
    query = select(Product).where(Product.active)
    text = text.strip()
    if text:
        query = query.where(or_(Product.name.ilike(f"%{text}%"), Product.gtin.startswith(text)))
    if category_code:
        query = query.join(Product.category).where(Category.code == category_code)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    products = session.scalars(query.options(joinedload(Product.category)).order_by(Product.name)
                               .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return ProductPage(list(products), total, page, pages)


def categories(session: Session) -> list[Category]:
    return list(session.scalars(select(Category).order_by(Category.label)))


def garment_types(session: Session) -> list[GarmentType]:
    return list(session.scalars(select(GarmentType).where(GarmentType.active).order_by(GarmentType.label)))


def network(session: Session) -> dict[SiteKind, list[Site]]:
    """Every site grouped by kind, warehouse first, with its opening slots."""
    sites = session.scalars(select(Site).options(selectinload(Site.opening_slots)).order_by(Site.name))
    grouped: dict[SiteKind, list[Site]] = {kind: [] for kind in SiteKind}
    for site in sites:
        grouped[site.kind].append(site)
    return grouped
