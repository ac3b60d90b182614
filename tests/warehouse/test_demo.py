"""The warehouse demo fills every bucket of the dashboard, a traced recall and a site's stock."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from demo.builder import build_demo, demo_id
from demo.warehouse_demo import build_warehouse_demo
from inventory.expiry import ExpirySettings
from inventory.ledger import balance_of
from inventory.models import Site
from inventory.stock_models import Lot, MovementKind, Recall
from warehouse.dashboard import expiry_dashboard
from warehouse.models import Delivery, DonorAttestation
from warehouse.traceability import recall_report

TODAY = dt.date(2026, 11, 28)


def test_central_demo_fills_every_bucket_and_traces_the_recall(session):
    build_demo(session, scope_site=None, reference_year=2026)
    assert build_warehouse_demo(session, scope_site=None, today=TODAY) == 15
    session.commit()
    board = expiry_dashboard(session, today=TODAY, settings=ExpirySettings())
    assert {bucket.key for bucket in board.buckets if bucket.lots} == {
        "expired", "today", "d3", "d7", "d30", "ddm_past", "recalled"}
    recall = session.scalar(select(Recall))
    (trace,) = recall_report(session, recall).lots
    sites = {site.site_name: site for site in trace.sites}
    assert sites["Épicerie solidaire d'Auch"].moved(MovementKind.SALE).units == 5
    warehouse = next(site for name, site in sites.items() if "entrepôt" in name)
    assert warehouse.on_hand_total.units == 144 - 24 - 12  # 6 cartons of 24, two dispatches
    assert trace.in_transit.units == 12
    assert session.scalar(select(func.count()).select_from(DonorAttestation)) == 1
    assert build_warehouse_demo(session, scope_site=None, today=TODAY) == 0


def test_site_demo_keeps_what_the_site_holds_with_the_same_ids(session):
    build_demo(session, scope_site="AUCH", reference_year=2026)
    build_warehouse_demo(session, scope_site="AUCH", today=TODAY)
    session.commit()
    auch = session.scalar(select(Site).where(Site.code == "AUCH"))
    pasta = session.get(Lot, demo_id("lot", "FSE-P2611"))
    assert pasta.is_free_of_charge
    assert balance_of(session, pasta.id, auch.id, "") == (38, 19_000)
    assert session.get(Lot, demo_id("lot", "B2611")).recall_id == demo_id("recall", "2026-DEMO-0421")
    assert session.scalar(select(func.count()).select_from(Delivery)) == 0


def test_the_demo_builds_on_the_first_days_of_a_month(session):
    """The donor attestation covers the demo's deliveries whatever the day: on 2 January the 1st of
    the month is after them."""
    build_demo(session, scope_site=None, reference_year=2027)
    assert build_warehouse_demo(session, scope_site=None, today=dt.date(2027, 1, 2)) == 15
    attestation = session.scalar(select(DonorAttestation))
    assert attestation.period_start == dt.date(2026, 12, 1) and attestation.period_end == dt.date(2027, 1, 2)
