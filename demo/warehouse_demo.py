"""Warehouse demo: storage locations, donors, deliveries with lots in every expiry bucket, dispatches
(received at Auch and partly sold, in transit to Condom, in preparation for a van), a recall that
reaches all of them, and a donor attestation.

Ids are `demo_id` of natural keys and stock movements are written with known ids, so central and a
site build the same rows, as the sync would leave them. A site node keeps what it would hold: the
lots and recalls (central's, synced), the dispatches addressed to it, its own receipts and sales.
Dates are relative to `today`, so every bucket of the expiry dashboard is filled whatever the day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from demo.builder import OWNER, demo_id
from inventory.enums import DateKind, SiteKind, StorageClass
from inventory.expiry import add_months
from inventory.ledger import record_movement
from inventory.models import Product, Site
from inventory.recalls import apply_recall
from inventory.stock_models import Lot, LotSource, MovementKind, Recall, RecallItem
from warehouse.attestations import issue_attestation
from warehouse.donor_enums import PickupFrequency, RefusalReason
from warehouse.donor_models import DonationRefusal, DonorConvention
from warehouse.models import (
    Delivery,
    Dispatch,
    DispatchLine,
    DispatchReceipt,
    DispatchReceiptLine,
    DispatchStatus,
    Donor,
    DonorKind,
    IntakeLine,
    StorageLocation,
)

LOCATIONS = (
    ("A-01", StorageClass.AMBIENT, "Allée A, épicerie sèche"),
    ("A-02", StorageClass.AMBIENT, "Allée A, conserves"),
    ("A-03", StorageClass.AMBIENT, "Allée A, produits d'hygiène"),
    ("F-01", StorageClass.CHILLED, "Chambre froide 1"),
    ("F-02", StorageClass.CHILLED, "Chambre froide 2"),
    ("S-01", StorageClass.FROZEN, "Congélateur"),
    ("QUAI", StorageClass.AMBIENT, "Quai de réception"),
)
DONORS = (("garros", "Supermarché du Garros (Auch)", DonorKind.STORE, "Auch", "32000"),
          ("fleurance", "Hypermarché de Fleurance", DonorKind.STORE, "Fleurance", "32500"),
          ("coteaux", "EARL des Coteaux de Gascogne", DonorKind.FARM, "Lectoure", "32700"),
          ("fam", "FranceAgriMer (FSE+)", DonorKind.PUBLIC_BODY, "Montreuil", "93100"),
          ("ffba", "Fédération des Banques Alimentaires", DonorKind.NETWORK, "Arcueil", "94110"))


@dataclass(frozen=True)
class DemoLot:
    key: str  # lot code, unique in the demo
    product: str  # product name in the demo catalogue
    days: int | None  # printed date relative to today; None: no date
    cartons: int
    units_per_carton: int
    location: str
    value: str  # declared unit value (€)


@dataclass(frozen=True)
class DemoDelivery:
    key: str
    source: LotSource
    donor: str | None
    days_ago: int
    lots: tuple[DemoLot, ...]


DELIVERIES = (
    DemoDelivery("FAM-0412", LotSource.FSE_PLUS, "fam", 20, (
        DemoLot("FSE-P2611", "Pâtes coquillettes 500 g", 300, 10, 24, "A-01", "0.80"),
        DemoLot("FSE-R2609", "Riz long grain 1 kg", 250, 5, 12, "A-01", "1.40"),
        DemoLot("FSE-L2612", "Lait demi-écrémé UHT 1 L", 5, 4, 6, "A-01", "0.95"))),
    DemoDelivery("BA-2026-118", LotSource.BANQUE_ALIMENTAIRE, "ffba", 12, (
        DemoLot("HV2510", "Haricots verts extra-fins 800 g", -30, 4, 12, "A-02", "1.60"),
        DemoLot("CAF2509", "Café moulu 250 g", -70, 2, 12, "A-01", "2.50"),
        DemoLot("B2611", "Petits-beurre 200 g", 20, 6, 24, "A-01", "0.90"),
        DemoLot("CS2701", "Cassoulet 840 g", 400, 3, 6, "A-02", "3.20"))),
    DemoDelivery("GAR-7781", LotSource.RAMASSE, "garros", 3, (
        DemoLot("Y-2611A", "Yaourts nature 4×125 g", 2, 6, 12, "F-01", "1.10"),
        DemoLot("PO-2611", "Filets de poulet 600 g", 0, 2, 8, "F-01", "5.90"),
        DemoLot("JB-2611", "Jambon blanc 4 tranches 180 g", -1, 2, 10, "F-02", "2.10"),
        DemoLot("HP-2612", "Hachis parmentier 300 g", 6, 2, 6, "F-02", "2.80"),
        DemoLot("BE-2612", "Beurre doux 250 g", 18, 2, 20, "F-01", "1.90"))),
    DemoDelivery("COT-14", LotSource.AGRICULTURAL, "coteaux", 1, (
        DemoLot("", "Pommes Golden sachet 1,5 kg", None, 20, 8, "QUAI", "2.20"),)),
    DemoDelivery("", LotSource.COLLECTE, None, 0, (
        DemoLot("SU2811", "Sucre en poudre 1 kg", 500, 3, 10, "A-01", "1.10"),
        DemoLot("", "Couches taille 3 (4-9 kg) ×56", None, 2, 4, "A-03", "12.90"))),
)
# (number, destination, shipped days ago (None: draft), received days ago, lines: lot key → units)
DISPATCHES = (
    ("00001", "AUCH", 2, 1, {"FSE-P2611": 48, "Y-2611A": 24, "B2611": 24, "HV2510": 12}),
    ("00002", "CONDOM", 0, None, {"B2611": 12, "FSE-R2609": 12, "HP-2612": 6}),
    ("00003", "CRR-NORD", None, None, {"FSE-L2612": 12, "CS2701": 6}),
)
SALES_AT_AUCH = {"FSE-P2611": 10, "Y-2611A": 6, "B2611": 5}


def build_warehouse_demo(session: Session, *, scope_site: str | None, today: dt.date) -> int:
    """Fill the warehouse of an empty demo network; returns the number of lots. Idempotent."""
    if session.get(Lot, demo_id("lot", "B2611")) is not None:
        return 0
    sites = {site.code: site for site in session.scalars(select(Site))}
    warehouse = next(site for site in sites.values() if site.kind is SiteKind.WAREHOUSE)
    products = {p.name: p for p in session.scalars(select(Product))}
    builder = _Builder(session, warehouse, sites, products, today, central=scope_site is None)
    builder.receive_all()
    builder.dispatch_all(scope_site)
    builder.recall()
    if builder.central:
        from warehouse.documents import attestation_renderer  # reportlab: loaded when first needed

        # From the 1st of the month of a week ago: it covers the delivery of 3 days ago even on the 2nd.
        month_start = (today - dt.timedelta(days=7)).replace(day=1)
        issue_attestation(session, demo_id("donor", "garros"), month_start, today,
                          now=_at(today, 0), owner_node=OWNER,
                          render_pdf=attestation_renderer("Gers Solidaire", warehouse))
    session.flush()
    return len(builder.lots)


def _at(today: dt.date, days_ago: int, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour), tzinfo=dt.UTC)


class _Builder:
    def __init__(self, session: Session, warehouse: Site, sites: dict[str, Site],
                 products: dict[str, Product], today: dt.date, central: bool) -> None:
        self.session, self.warehouse, self.sites, self.products = session, warehouse, sites, products
        self.today, self.central = today, central
        self.lots: dict[str, Lot] = {}
        self.places: dict[str, str] = {}

    def receive_all(self) -> None:
        if self.central:
            self._locations_and_donors()
        for delivery in DELIVERIES:
            self._receive(delivery)

    def _locations_and_donors(self) -> None:
        for code, storage, label in LOCATIONS:
            self.session.add(StorageLocation(id=demo_id("location", code), site_id=self.warehouse.id,
                                             code=code, label=label, storage_class=storage, owner_node=OWNER))
        for key, name, kind, commune, postcode in DONORS:
            self.session.add(Donor(id=demo_id("donor", key), name=name, kind=kind, commune=commune,
                                   postcode=postcode, owner_node=OWNER))
        self.session.flush()
        self._conventions_and_a_refusal()

    def _conventions_and_a_refusal(self) -> None:
        """The two stores' loi Garot conventions (Garros runs out in 20 days: flagged), and a crate of
        yoghurts refused at the warehouse's door for a broken cold chain."""
        for key, signed_days_ago, months, frequency in (("garros", 345, 12, PickupFrequency.SEVERAL_WEEKLY),
                                                        ("fleurance", 100, 24, PickupFrequency.WEEKLY)):
            signed = self.today - dt.timedelta(days=signed_days_ago)
            self.session.add(DonorConvention(
                id=demo_id("convention", key), donor_id=demo_id("donor", key), signed_on=signed, starts_on=signed,
                ends_on=add_months(signed, months) - dt.timedelta(days=1), duration_months=months,
                goods="Produits frais, boulangerie, fruits et légumes", food_groups=["produits_laitiers"],
                pickup_frequency=frequency, owner_node=OWNER))
        self.session.add(DonationRefusal(
            id=demo_id("refusal", "garros:froid"), donor_id=demo_id("donor", "garros"), site_id=self.warehouse.id,
            product_label="Yaourts aux fruits", reason=RefusalReason.COLD_CHAIN, detail="11 °C à cœur à l'arrivée",
            units=24, grams=3000, refused_at=_at(self.today, 3), owner_node=OWNER))

    def _receive(self, data: DemoDelivery) -> None:
        received_at = _at(self.today, data.days_ago)
        delivery = None
        if self.central:
            delivery = Delivery(
                id=demo_id("delivery", f"{data.key}:{data.days_ago}"), site_id=self.warehouse.id,
                source=data.source, donor_id=demo_id("donor", data.donor) if data.donor else None,
                delivery_note=data.key, note_key=f"{data.source.value}:{data.key}" if data.key else None,
                received_at=received_at, closed_at=received_at, owner_node=OWNER)
            self.session.add(delivery)
            self.session.flush()
        for item in data.lots:
            self._lot(item, data, received_at, delivery)

    def _lot(self, item: DemoLot, data: DemoDelivery, received_at: dt.datetime,
             delivery: Delivery | None) -> None:
        product = self.products[item.product]
        key = item.key or f"{data.key}:{item.product}"
        date_kind = product.date_kind if item.days is not None else DateKind.NONE
        lot = Lot(id=demo_id("lot", key), product=product, lot_code=item.key, date_kind=date_kind,
                  expiry_date=None if item.days is None else self.today + dt.timedelta(days=item.days),
                  source=data.source, received_at=received_at, received_site_id=self.warehouse.id,
                  unit_weight_g=product.net_weight_g, owner_node=OWNER)
        self.session.add(lot)
        self.lots[key], self.places[key] = lot, item.location
        if not self.central:
            return
        units = item.cartons * item.units_per_carton
        movement = record_movement(self.session, kind=MovementKind.INTAKE, lot=lot, site_id=self.warehouse.id,
                                   location=item.location, units=units, grams=units * product.net_weight_g,
                                   now=received_at, owner_node=OWNER, reference=f"delivery:{delivery.id}",
                                   movement_id=demo_id("movement", f"intake:{key}"))
        self.session.add(IntakeLine(id=demo_id("intake", key), delivery_id=delivery.id, lot_id=lot.id,
                                    product_id=product.id, cartons=item.cartons, units=units,
                                    grams=units * product.net_weight_g, location=item.location,
                                    unit_value=Decimal(item.value), movement_id=movement.id,
                                    short_shelf_life_override=False, owner_node=OWNER))

    def dispatch_all(self, scope_site: str | None) -> None:
        for number, destination, shipped, received, lines in DISPATCHES:
            if scope_site in (None, destination):
                self._dispatch(number, self.sites[destination], shipped, received, lines)

    def _dispatch(self, number: str, to_site: Site, shipped: int | None, received: int | None,
                  lines: dict[str, int]) -> None:
        key = f"EXP-{self.today.year}-{number}"
        status = DispatchStatus.DRAFT if shipped is None else DispatchStatus.SHIPPED
        dispatch = Dispatch(id=demo_id("dispatch", key), number=key, from_site_id=self.warehouse.id,
                            to_site_id=to_site.id, status=status,
                            planned_on=self.today - dt.timedelta(days=shipped or -1),
                            prepared_at=_at(self.today, (shipped or 0) + 1),
                            shipped_at=None if shipped is None else _at(self.today, shipped), owner_node=OWNER)
        dispatch.lines = [DispatchLine(id=demo_id("dispatch-line", f"{key}:{lot_key}"),
                                       lot_id=self.lots[lot_key].id, location=self.places[lot_key], units=units,
                                       grams=units * self.lots[lot_key].unit_weight_g, position=n,
                                       owner_node=OWNER)
                          for n, (lot_key, units) in enumerate(lines.items())]
        self.session.add(dispatch)
        self.session.flush()
        if shipped is not None and self.central:
            for line in dispatch.lines:
                record_movement(self.session, kind=MovementKind.DISPATCH_OUT, lot=line.lot,
                                site_id=self.warehouse.id, location=line.location, units=-line.units,
                                grams=-line.grams, now=dispatch.shipped_at, owner_node=OWNER,
                                reference=f"dispatch:{dispatch.id}",
                                movement_id=demo_id("movement", f"out:{line.id}"))
        if received is not None:
            self._receipt(dispatch, to_site, received)

    def _receipt(self, dispatch: Dispatch, site: Site, days_ago: int) -> None:
        """Written by the site (its owner node), then its first sales on the shelf."""
        at = _at(self.today, days_ago, hour=9)
        receipt = DispatchReceipt(id=demo_id("receipt", dispatch.number), dispatch_id=dispatch.id,
                                  site_id=site.id, received_at=at, with_differences=False, owner_node=site.code)
        self.session.add(receipt)
        for line in dispatch.lines:
            receipt.lines.append(DispatchReceiptLine(id=demo_id("receipt-line", str(line.id)),
                                                     dispatch_line_id=line.id, units=line.units,
                                                     grams=line.grams, owner_node=site.code))
            record_movement(self.session, kind=MovementKind.RECEIPT, lot=line.lot, site_id=site.id,
                            units=line.units, grams=line.grams, now=at, owner_node=site.code,
                            reference=f"dispatch:{dispatch.id}",
                            movement_id=demo_id("movement", f"receipt:{line.id}"))
        if site.code == "AUCH":
            self._sales(site, at + dt.timedelta(hours=3))

    def _sales(self, site: Site, at: dt.datetime) -> None:
        for lot_key, units in SALES_AT_AUCH.items():
            lot = self.lots[lot_key]
            record_movement(self.session, kind=MovementKind.SALE, lot=lot, site_id=site.id, units=-units,
                            grams=-units * lot.unit_weight_g, now=at, owner_node=site.code,
                            reference="demo:ventes", movement_id=demo_id("movement", f"sale:{lot_key}"))

    def recall(self) -> None:
        """Metal fragments in a batch of biscuits: at the warehouse, at Auch (some sold), on the road."""
        biscuits = self.lots["B2611"]
        reference = f"{self.today.year}-DEMO-0421"
        recall = Recall(id=demo_id("recall", reference), reference=reference, title="Petits-beurre 200 g",
                        reason="Présence possible de fragments métalliques (fiche de démonstration)",
                        origin="manual", published_on=self.today, recorded_at=_at(self.today, 0, hour=7),
                        owner_node=OWNER,
                        items=[RecallItem(id=demo_id("recall-item", reference), gtin=biscuits.product.gtin,
                                          lot_code="B2611", owner_node=OWNER)])
        self.session.add(recall)
        self.session.flush()
        apply_recall(self.session, recall)


