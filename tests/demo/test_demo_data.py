"""Invariants of the demo data: the demo, sync and reports lean on them, so they are checked here."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections import Counter
from dataclasses import FrozenInstanceError
from datetime import time
from decimal import Decimal

import pytest

from demo.catalog_data import (
    CATEGORIES,
    DATE_KINDS,
    FOOD_GROUPS,
    GARMENT_TYPES,
    PRODUCTS,
    SHELF_LIVES,
    STORAGE_CLASSES,
)
from demo.network_data import (
    ALL_SITES,
    CENTRE_BOURG_SITES,
    MOBILE_UNITS,
    ORGANISATIONS,
    WAREHOUSE,
)
from inventory.gtin import validate_gtin

# Official commune codes (INSEE code, postcode), kept here as a second, independent entry.
EXPECTED_TOWNS = {
    "Auch": ("32013", "32000"),
    "Condom": ("32107", "32100"),
    "Fleurance": ("32132", "32500"),
    "L'Isle-Jourdain": ("32160", "32600"),
    "Eauze": ("32119", "32800"),
    "Lectoure": ("32208", "32700"),
    "Mirande": ("32256", "32300"),
    "Nogaro": ("32296", "32110"),
    "Vic-Fezensac": ("32462", "32190"),
    "Samatan": ("32410", "32130"),
    "Gimont": ("32147", "32200"),
    "Riscle": ("32344", "32400"),
    "Masseube": ("32242", "32140"),
    "Marciac": ("32233", "32230"),
    "Mauvezin": ("32249", "32120"),
}
EXPECTED_VILLAGES = {
    "Saint-Clar": "32370", "Tournecoupe": "32452", "Blaziert": "32057", "Montréal": "32290",
    "Miélan": "32252", "Villecomtal-sur-Arros": "32464", "Montesquiou": "32285", "Bassoues": "32032",
    "Aignan": "32001", "Cazaubon": "32096", "Plaisance": "32319", "Roquebrune": "32346",
}

CATEGORY_BY_CODE = {category.code: category for category in CATEGORIES}
WEIGHT_ITEMS = [product for product in PRODUCTS if product.sold_by == "weight"]


def has_two_decimals(amount: Decimal) -> bool:
    return isinstance(amount, Decimal) and amount.as_tuple().exponent == -2


# --- catalogue ---------------------------------------------------------------------------------


def test_product_count_is_about_300():
    assert 280 <= len(PRODUCTS) <= 320


def test_every_gtin_is_valid_unique_and_french():
    gtins = [product.gtin for product in PRODUCTS if product.gtin is not None]
    assert len(gtins) >= 270
    assert len(set(gtins)) == len(gtins)
    for gtin in gtins:
        assert validate_gtin(gtin) == gtin
        assert len(gtin) == 13 and 300 <= int(gtin[:3]) <= 379


def test_only_weighed_products_may_lack_a_gtin():
    assert all(product.sold_by == "weight" for product in PRODUCTS if product.gtin is None)


def test_product_names_are_unique():
    names = [product.name_fr for product in PRODUCTS]
    assert [name for name, count in Counter(names).items() if count > 1] == []


def test_food_groups_are_unique_and_all_used():
    codes = [group.code for group in FOOD_GROUPS]
    assert len(set(codes)) == len(codes)
    assert {category.food_group for category in CATEGORIES} == set(codes)


def test_every_category_is_well_formed_and_has_products():
    codes = [category.code for category in CATEGORIES]
    assert len(set(codes)) == len(codes)
    group_codes = {group.code for group in FOOD_GROUPS}
    used = Counter(product.category for product in PRODUCTS)
    for category in CATEGORIES:
        assert category.food_group in group_codes
        assert category.shelf_life in SHELF_LIVES
        assert category.storage_class in STORAGE_CLASSES
        assert category.date_kind in DATE_KINDS
        assert used[category.code] > 0, category.code


def test_frozen_categories_have_a_very_long_shelf_life():
    # DOMAIN: frozen food is in the "very long" DDM class.
    for category in CATEGORIES:
        if category.storage_class == "frozen":
            assert (category.shelf_life, category.date_kind) == ("very_long", "DDM")


def test_non_food_carries_no_date():
    for category in CATEGORIES:
        if category.food_group == "hygiene":
            assert category.date_kind == "none"


def test_products_reference_known_categories_and_classes():
    for product in PRODUCTS:
        assert product.category in CATEGORY_BY_CODE
        assert product.sold_by in ("piece", "weight")
        assert product.storage_class in STORAGE_CLASSES
        assert product.date_kind in DATE_KINDS
        assert product.net_weight_g > 0 and isinstance(product.net_weight_g, int)


def test_prices_are_positive_with_two_decimals():
    for product in PRODUCTS:
        assert has_two_decimals(product.market_price), product.name_fr
        assert Decimal("0.10") <= product.market_price < Decimal("30"), product.name_fr


def test_weighed_products_are_priced_per_kg():
    assert 15 <= len(WEIGHT_ITEMS) <= 25
    for product in WEIGHT_ITEMS:
        assert product.net_weight_g == 1000, product.name_fr
        assert product.category in {"fruits_frais", "legumes_frais", "fromages", "viandes_volailles"}
    loose = [product for product in WEIGHT_ITEMS if product.gtin is None]
    assert loose and all("(vrac)" in product.name_fr for product in loose)


def test_catalogue_is_deterministic_across_processes():
    script = (
        "import hashlib, demo.catalog_data as c;"
        "print(hashlib.sha256(repr(c.PRODUCTS).encode()).hexdigest())"
    )
    # A fresh interpreter has another hash seed: set or dict ordering could not hide here.
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == hashlib.sha256(repr(PRODUCTS).encode()).hexdigest()


def test_records_are_frozen():
    with pytest.raises(FrozenInstanceError):
        PRODUCTS[0].market_price = Decimal("0.01")  # type: ignore[misc]


def test_garment_prices_are_symbolic():
    codes = [garment.code for garment in GARMENT_TYPES]
    assert len(set(codes)) == len(codes) and len(codes) >= 12
    for garment in GARMENT_TYPES:
        assert has_two_decimals(garment.price)
        assert Decimal("0.50") <= garment.price <= Decimal("3.00")


# --- network -----------------------------------------------------------------------------------


def test_warehouse_is_in_auch():
    assert (WAREHOUSE.kind, WAREHOUSE.commune, WAREHOUSE.insee_code, WAREHOUSE.postcode) == (
        "warehouse", "Auch", "32013", "32000"
    )
    assert WAREHOUSE.tour_stops == ()


def test_exactly_the_fifteen_centre_bourg_towns_with_their_official_codes():
    assert len(CENTRE_BOURG_SITES) == 15
    assert {site.commune: (site.insee_code, site.postcode) for site in CENTRE_BOURG_SITES} == EXPECTED_TOWNS
    for site in CENTRE_BOURG_SITES:
        assert site.kind == "centre_bourg" and site.has_epicerie and site.tour_stops == ()
        assert site.commune in site.name_fr
    assert sum(site.has_vesti_boutique for site in CENTRE_BOURG_SITES) >= 10


def test_site_codes_are_unique_and_short_uppercase():
    codes = [site.code for site in ALL_SITES]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert code == code.upper() and 2 <= len(code) <= 12 and code.replace("-", "").isalnum()


def test_sites_are_managed_by_network_members():
    assert all(site.organisation in ORGANISATIONS for site in ALL_SITES)
    assert all(site.address.strip() for site in ALL_SITES)


def test_capacities_cover_every_storage_class():
    for site in ALL_SITES:
        assert [storage for storage, _ in site.capacity_kg] == list(STORAGE_CLASSES)
        assert all(isinstance(kg, int) and kg > 0 for _, kg in site.capacity_kg)
        assert site.capacity_for("frozen") <= site.capacity_for("chilled") <= site.capacity_for("ambient")
    assert WAREHOUSE.capacity_for("ambient") > max(s.capacity_for("ambient") for s in CENTRE_BOURG_SITES)


def test_opening_slots_are_valid_half_days():
    for site in (WAREHOUSE, *CENTRE_BOURG_SITES):
        assert site.opening_slots
        for slot in site.opening_slots:
            assert 0 <= slot.weekday <= 6
            assert isinstance(slot.opens, time) and slot.opens < slot.closes
    for site in CENTRE_BOURG_SITES:
        assert 2 <= len(site.opening_slots) <= 4, site.code
        assert len(set(site.opening_slots)) == len(site.opening_slots)


def test_three_mobile_units_with_tours_in_real_villages():
    assert len(MOBILE_UNITS) == 3
    towns = {site.commune for site in CENTRE_BOURG_SITES}
    villages = []
    for unit in MOBILE_UNITS:
        assert unit.kind == "mobile_unit" and unit.code.startswith("CRR-")
        assert unit.commune in towns and unit.opening_slots == ()
        assert len(unit.tour_stops) >= 3
        for stop in unit.tour_stops:
            assert 0 <= stop.weekday <= 6 and stop.opens < stop.closes
            villages.append((stop.commune, stop.insee_code))
    assert dict(villages) == EXPECTED_VILLAGES
    assert len(villages) == len(EXPECTED_VILLAGES)  # each village served by one van
    assert not {name for name, _ in villages} & towns
