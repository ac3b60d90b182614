"""A ramasse received at a site node (offline) reaches central by sync, with its refusals, and counts in
the donor's yearly summary (and attestations) there."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from demo.builder import demo_id
from inventory.expiry import ExpirySettings
from inventory.models import Product, Site
from inventory.stock_models import StockBalance
from shop.intake import LocalLine, open_local_intake, shelf_location
from tests.conftest import BOTH_BACKENDS
from tests.sync.inprocess import NOW
from warehouse import donors, intake
from warehouse.donor_enums import RefusalReason
from warehouse.donor_models import DonationRefusal
from warehouse.donor_summary import donor_year
from warehouse.models import Delivery, Donor, IntakeLine


def receive_ramasse_at(node) -> dict:
    """At the node: yoghurts received, a lot with too little time left refused, a crate refused typed."""
    with node.session() as session:
        site_id = session.scalar(select(Site.id).where(Site.code == node.code))
        yoghurt = session.scalar(select(Product).where(Product.name == "Yaourts nature 4×125 g"))
        garros = demo_id("donor", "garros")
        delivery = open_local_intake(session, site_id=site_id, source="ramasse", donor_id=garros, now=NOW,
                                     owner_node=node.code)
        line = intake.record_intake(session, delivery, LocalLine(
            product_id=yoghurt.id, units=12, grams=None, lot_code="Y-AUCH", expiry_date=dt.date(2026, 12, 6),
            location="FRIGO").intake_input(), now=NOW, owner_node=node.code, settings=ExpirySettings(),
            location_rule=shelf_location)
        session.commit()
        try:
            intake.record_intake(session, delivery, LocalLine(
                product_id=yoghurt.id, units=4, grams=None, lot_code="Y-COURT",
                expiry_date=dt.date(2026, 11, 28)).intake_input(), now=NOW, owner_node=node.code,
                settings=ExpirySettings(), location_rule=shelf_location)
        except intake.IntakeRefused as refused:
            session.rollback()
            donors.log_refusal(session, delivery, refused, now=NOW, owner_node=node.code)
        donors.refuse_donation(session, delivery, donors.TypedRefusal(reason="cold_chain", product_id=yoghurt.id,
                                                                      units=6, note="11 °C"),
                               now=NOW, owner_node=node.code)
        session.commit()
        return {"delivery": delivery.id, "line": line.id, "lot": line.lot_id, "site": site_id, "grams": line.grams,
                "yoghurt": yoghurt.id}


@BOTH_BACKENDS
def test_a_site_intake_and_its_refusals_reach_central_and_count_for_the_donor(central, auch, central_session):
    auch.sync()
    garros = central_session.get(Donor, demo_id("donor", "garros"))
    before = donor_year(central_session, garros, NOW.year)
    made = receive_ramasse_at(auch)

    summary = auch.sync()
    assert summary.up["delivery"] == 1 and summary.up["intake_line"] == 1 and summary.up["donation_refusal"] == 2

    central_session.expire_all()
    delivery = central_session.get(Delivery, made["delivery"])
    assert (delivery.site_id, delivery.owner_node, delivery.donor_id) == (made["site"], "AUCH", garros.id)
    assert central_session.get(IntakeLine, made["line"]).units == 12
    assert central_session.scalar(select(StockBalance.units).where(
        StockBalance.lot_id == made["lot"], StockBalance.site_id == made["site"],
        StockBalance.location == "FRIGO")) == 12
    reasons = sorted(central_session.scalars(select(DonationRefusal.reason).where(
        DonationRefusal.delivery_id == made["delivery"])))
    assert reasons == sorted([RefusalReason.SHORT_SHELF_LIFE, RefusalReason.COLD_CHAIN])

    after = donor_year(central_session, garros, NOW.year)
    assert after.pickups == before.pickups + 1
    assert after.grams == before.grams + made["grams"]
    assert after.refused == before.refused + 2
    assert central_session.get(Site, made["site"]).name in after.sites

    # Pushed again (central forgot nothing): nothing doubles.
    again = auch.sync()
    assert sum(again.up.values()) == 0
    central_session.expire_all()
    assert central_session.scalar(select(func.count()).select_from(DonationRefusal).where(
        DonationRefusal.delivery_id == made["delivery"])) == 2
