"""Demo till settings of a site: its table of weighted in-store codes and the shop's article numbers.

Shops label loose cheese, meat and produce with EAN-13 codes starting with 2 (DOMAIN.md); the demo
site reads `21 IIIII WWWWW C` as a weight in grams and `23 IIIII PPPPP C` as a price in cents.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from demo.builder import demo_id
from inventory.enums import SoldBy
from inventory.models import Product, Site
from pos.models import InStoreItem, InStoreLayoutRow

LAYOUTS = (("21", "weight_g"), ("23", "price_cents"))


def build_pos_demo(session: Session, *, scope_site: str | None) -> int:
    """Give the site (every centre-bourg site on central) its in-store code table. Idempotent."""
    if session.scalar(select(InStoreLayoutRow.id).limit(1)) is not None:
        return 0
    sites = session.scalars(select(Site).where(Site.has_epicerie)).all()
    if scope_site:
        sites = [s for s in sites if s.code == scope_site]
    weighed = session.scalars(select(Product).where(Product.sold_by == SoldBy.WEIGHT).order_by(Product.name)).all()
    for site in sites:
        for prefix, measure in LAYOUTS:
            session.add(InStoreLayoutRow(id=demo_id("instore-layout", f"{site.code}:{prefix}"), site_id=site.id,
                                         prefix=prefix, measure=measure, owner_node=site.code))
        for number, product in enumerate(weighed, start=1):
            session.add(InStoreItem(id=demo_id("instore-item", f"{site.code}:{number}"), site_id=site.id,
                                    item_code=f"{number:05d}", product_id=product.id, owner_node=site.code))
    session.flush()
    return len(sites)
