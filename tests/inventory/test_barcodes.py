"""Reading carton labels: GS1-128 and GS1 DataMatrix in every form a scanner or a person may give."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from inventory.barcodes import InStoreLayout, canonical_gtin, decode_gs1_date, normalise, parse_code
from inventory.gtin import with_check_digit

TODAY = dt.date(2026, 11, 28)
GS = "\x1d"


def read(code: str, **kwargs):
    return parse_code(code, today=TODAY, **kwargs)


# --- real label layouts ----------------------------------------------------------------------------

# GS1-128 carton of chocolate spread, as a scanner in GS1 mode sends it: symbology id ]C1, GS after lot.
SPREAD_CARTON = f"]C10103017620422003152710311024153A{GS}3712"
# The same label typed from the human-readable line under the bars.
SPREAD_CARTON_HRI = "(01)03017620422003(15)271031(10)24153A(37)12"
# Variable-measure chilled meat (indicator 9), weight in kg with 3 decimals, use-by, lot last.
MEAT_LABEL = "]C1019301762000158431030025401726121210LOT7781"
# GS1 DataMatrix on a yoghurt tray (]d2), lot then GS then use-by.
YOGHURT_DM = f"]d2010301234500000010Y2611C{GS}17261207"
# Pallet label: SSCC, content GTIN (02), count, best-before, lot (GS after the count).
PALLET_LABEL = f"]C100376123450000000013020301762042200337240{GS}152710311024153A"
# The GS1 DataMatrix guideline example, printed in 2014.
GS1_GUIDELINE_EXAMPLE = "(01)09501101530003(17)140704(10)AB-123"


def test_gs1_128_carton_with_symbology_id_and_gs():
    code = read(SPREAD_CARTON)
    assert code.ok, code.errors
    assert (code.gtin, code.lot, code.best_before, code.count) == ("3017620422003", "24153A",
                                                                   dt.date(2027, 10, 31), 12)
    assert code.date_kind == "DDM" and code.use_by is None


def test_bracketed_human_readable_form_reads_the_same():
    raw, hri = read(SPREAD_CARTON), read(SPREAD_CARTON_HRI)
    assert (hri.gtin, hri.lot, hri.best_before, hri.count) == (raw.gtin, raw.lot, raw.best_before, raw.count)


def test_human_readable_form_with_spaces_as_printed():
    code = read("(01) 03017620422003 (15) 271031 (10) 24153A")
    assert (code.gtin, code.lot, code.best_before) == ("3017620422003", "24153A", dt.date(2027, 10, 31))


def test_variable_measure_meat_label_gives_grams_and_use_by():
    code = read(MEAT_LABEL)
    assert code.ok, code.errors
    assert code.net_weight_g == 2540
    assert code.use_by == dt.date(2026, 12, 12)
    assert code.date_kind == "DLC"
    assert code.lot == "LOT7781"
    assert code.gtin == "93017620001584"


def test_datamatrix_with_dm_prefix_and_fnc1_separator():
    code = read(YOGHURT_DM)
    assert code.ok, code.errors
    assert (code.gtin, code.lot, code.use_by) == ("3012345000000", "Y2611C", dt.date(2026, 12, 7))


def test_pallet_label_with_sscc_and_content_gtin():
    code = read(PALLET_LABEL)
    assert code.ok, code.errors
    assert code.sscc == "376123450000000013"
    assert (code.gtin, code.count, code.lot) == ("3017620422003", 240, "24153A")
    assert "unité logistique" in code.warnings[0]


def test_fixed_length_fields_need_no_separator():
    """Without any GS: fine as long as the only variable field (lot) comes last."""
    code = read("010301762042200317261130" + "3103001250" + "10L4521")
    assert (code.use_by, code.net_weight_g, code.lot) == (dt.date(2026, 11, 30), 1250, "L4521")


def test_raw_fnc1_at_start_and_doubled_gs_are_tolerated():
    code = read(f"{GS}0103017620422003" + f"10L4521{GS}{GS}17261130")
    assert (code.lot, code.use_by) == ("L4521", dt.date(2026, 11, 30))


@pytest.mark.parametrize("separator", ["<GS>", "{GS}", "[GS]", "\\x1d"])
def test_typed_substitutes_for_the_gs_separator(separator):
    code = read("0103017620422003" + f"10L4521{separator}17261130")
    assert (code.lot, code.use_by) == ("L4521", dt.date(2026, 11, 30))


def test_use_by_wins_over_best_before_for_the_date_kind():
    code = read("(01)03017620422003(15)261231(17)261215")
    assert code.date_kind == "DLC" and code.expiry_date == dt.date(2026, 12, 15)


def test_day_00_means_end_of_month():
    assert read("(01)03017620422003(15)270200").best_before == dt.date(2027, 2, 28)


def test_price_and_variable_count():
    code = read("0103017620422003" + f"307{GS}" + "3922001250")
    assert code.price == Decimal("12.50") and code.count == 7


def test_carton_gtin14_points_to_its_consumer_unit():
    code = read("(01)13017620422000(10)A1")
    assert code.gtin == "13017620422000"
    assert code.base_gtin == "3017620422003"


# --- plain EAN ------------------------------------------------------------------------------------

def test_plain_ean13_is_trusted_as_a_gtin():
    code = read("3017620422003")
    assert (code.kind, code.gtin, code.lot, code.errors) == ("ean13", "3017620422003", None, ())


def test_ean13_with_symbology_identifier():
    assert read("]E03017620422003").gtin == "3017620422003"


def test_ean8_and_itf14():
    ean8 = with_check_digit("9638507")
    assert read(ean8).gtin == ean8 and read(ean8).kind == "ean8"
    itf = read("13017620422000")
    assert (itf.kind, itf.base_gtin) == ("gtin14", "3017620422003")


def test_wrong_check_digit_is_refused_in_french():
    assert read("3017620422004").errors == ("Le code « 3017620422004 » a une clé de contrôle fausse.",)


def test_in_store_weight_code_needs_the_site_table():
    code = with_check_digit("211234501234")
    assert read(code).net_weight_g is None
    assert "absent de la table des codes du site" in read(code).warnings[0]
    weighed = read(code, in_store_layouts=(InStoreLayout("21", "weight_g"),))
    assert (weighed.in_store_item, weighed.net_weight_g) == ("12345", 1234)
    priced = read(with_check_digit("231234500350"), in_store_layouts=(InStoreLayout("23", "price_cents"),))
    assert priced.price == Decimal("3.50")


# --- bad input: clear French messages, no half reading --------------------------------------------

def test_lot_without_separator_swallowing_a_date_is_refused():
    code = read("0103017620422003" + "10L4521" + "17261130")
    assert code.lot is None and not code.ok
    assert code.errors == (
        "Séparateur GS manquant : le lot (10) « L452117261130 » semble contenir la suite du code "
        "(« 17261130 »). Lot probable : « L4521 ». Scannez à nouveau (scanner en mode GS1) ou saisissez "
        "le lot à la main.",)


def test_lot_swallowing_a_weight_is_refused():
    code = read("0103017620422003" + "10AB12" + "3103001250")
    assert not code.ok and "Lot probable : « AB12 »" in code.errors[0]


def test_plain_numeric_lot_is_not_mistaken_for_a_swallowed_field():
    code = read("0103017620422003" + "17261130" + "10202611")
    assert code.ok and code.lot == "202611"


def test_count_without_separator_swallowing_a_date():
    code = read("0103017620422003" + "3712" + "15261130")
    assert not code.ok
    assert "Quantité (37) invraisemblable : 12152611. Séparateur GS manquant après la quantité ?" in code.errors


def test_impossible_date_31_february():
    code = read("0103017620422003" + "17260231" + "10L1")
    assert code.errors == ("Date DLC (17) impossible : le 31/02 n'existe pas (« 260231 »).",)
    assert code.use_by is None


def test_impossible_month_13():
    assert read("(01)03017620422003(15)261301").errors == (
        "Date DDM (15) impossible : mois 13 dans « 261301 ».",)
    assert read("0103017620422003" + "17261301").errors == ("Date DLC (17) impossible : mois 13 dans « 261301 ».",)


def test_best_before_in_1999_is_implausible():
    assert read("(01)03017620422003(15)990101").errors == (
        "Date DDM (15) invraisemblable : 01/01/1999, plus de 3 ans dans le passé.",)


def test_guideline_example_from_2014_is_too_old_to_be_in_stock():
    code = read(GS1_GUIDELINE_EXAMPLE)
    assert code.gtin == "9501101530003" and code.lot == "AB-123"
    assert code.errors == ("Date DLC (17) invraisemblable : 04/07/2014, plus de 3 ans dans le passé.",)


def test_zero_weight_and_zero_count():
    assert read("(01)03017620422003(3103)000000").errors == ("Poids net (310x) nul : l'étiquette est mal lue.",)
    assert read("(01)03017620422003(37)0").errors == (
        "Quantité (37) nulle : un colis contient au moins une unité.",)


def test_absurd_weight():
    code = read("(01)03017620422003(3100)999999")
    assert code.errors == ("Poids net (310x) invraisemblable : 999\u202f999,000 kg sur une seule étiquette.",)


def test_wrong_gtin_check_digit_inside_gs1():
    assert read("(01)03017620422004(10)A").errors == ("GTIN (01) « 03017620422004 » : clé de contrôle fausse.",)


def test_empty_lot_in_bracketed_form():
    assert read("(01)03017620422003(10)(17)261130").errors == (
        "Champ (10) vide : rien entre (10) et le champ suivant.",)


def test_garbage_and_empty_scans():
    assert read("").errors == ("Code vide : rien n'a été lu.",)
    assert read("hello").errors == (
        "Code GS1 mal formé : « hello » ne commence pas par un identifiant d'application (AI) connu.",)
    assert read("(01)0301762042200(10)A").errors[0].startswith("Champ (01) mal formé")


def test_gs1_without_gtin():
    assert read("(10)L4521(17)261130").errors == (
        "Aucun GTIN (01) dans ce code : impossible de savoir quel produit c'est.",)


# --- helpers --------------------------------------------------------------------------------------

def test_century_follows_gs1_rule_relative_to_today():
    assert decode_gs1_date("761130", dt.date(2026, 1, 1)) == dt.date(2076, 11, 30)
    assert decode_gs1_date("771130", dt.date(2026, 1, 1)) == dt.date(1977, 11, 30)
    assert decode_gs1_date("010101", dt.date(2099, 6, 1)) == dt.date(2101, 1, 1)


def test_canonical_gtin_and_normalise():
    assert canonical_gtin("03017620422003") == "3017620422003"
    assert canonical_gtin("00000096385074") == "96385074"
    assert canonical_gtin("13017620422000") == "13017620422000"
    assert normalise("  0103017620422003<GS>\r\n") == "0103017620422003\x1d"


def test_as_dict_is_json_ready():
    data = read(MEAT_LABEL).as_dict()
    assert data["use_by"] == "2026-12-12" and data["net_weight_g"] == 2540 and data["errors"] == []
