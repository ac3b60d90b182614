"""A dispatch on its way to a site: what the arrival screens and the site scope are tested on."""

from __future__ import annotations

from tests.inventory.stock_builders import NOW
from warehouse.models import Dispatch, DispatchLine


def shipped_dispatch(session, lot, warehouse, site, number: str) -> Dispatch:
    """Ten units (10 kg) of `lot` shipped from `warehouse` to `site`; flushed, not committed."""
    dispatch = Dispatch(number=number, from_site_id=warehouse.id, to_site_id=site.id, status="shipped",
                        planned_on=NOW.date(), prepared_at=NOW, shipped_at=NOW, owner_node="CENTRAL",
                        lines=[DispatchLine(lot_id=lot.id, location="A-01", units=10, grams=10_000,
                                            owner_node="CENTRAL")])
    session.add(dispatch)
    session.flush()
    return dispatch
