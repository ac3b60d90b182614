"""Property tests: whatever a scanner or a keyboard sends, the code reader answers, never raises."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from inventory.barcodes import GS, InStoreLayout, parse_code
from inventory.gtin import InvalidGtin, validate_gtin, with_check_digit

TODAY = dt.date(2026, 11, 28)
FAST = settings(max_examples=300, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
LAYOUTS = (InStoreLayout("21", "weight_g"), InStoreLayout("23", "price_cents"), InStoreLayout("26", "weight_g"))

# What reaches the scan field: GS1 fragments, brackets, digits of any script, French keyboard keys.
PIECES = st.sampled_from(["]", "]C1", "]d2", "(", ")", "(01)", "(10)", "(17)", "(3103)", "01", "10", "17", "15",
                          "3103", "37", "00", "²", "²²", "٣", "٠", "１", "⁵", GS, "<GS>", " ", "\n", "é", "€",
                          "0", "9", "A", "-", "\x00"])
CODES = st.one_of(st.text(max_size=60), st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=12).map("".join),
                  st.text(alphabet="0123456789", min_size=1, max_size=48))


@FAST
@given(CODES)
@example("]")
@example("²²")
@example("17²²²²²²")
@example("٣٠١٧٦٢٠٤٢٢٠٠٣")
@example("(17)²²²²²²(01)03017620422003")
@example("0103017620422003" + "37" + "²")
def test_any_input_gives_a_reading_never_an_exception(raw):
    code = parse_code(raw, today=TODAY, in_store_layouts=LAYOUTS)
    assert code.ok or all(isinstance(error, str) and error for error in code.errors)
    if code.gtin is not None:
        assert code.gtin.isascii() and code.gtin.isdigit()
        validate_gtin(code.gtin.zfill(14))


@FAST
@given(st.text(max_size=20))
@example("٣٠١٧٦٢٠٤٢٢٠٠٣")
@example("３０１７６２０４２２００３")
def test_a_gtin_is_ascii_digits_with_a_valid_check_digit(raw):
    try:
        code = validate_gtin(raw)
    except InvalidGtin as error:
        assert str(error)
        return
    assert code.isascii() and code.isdigit() and len(code) in (8, 12, 13, 14)


def test_arabic_indic_digits_are_not_a_gtin():
    code = parse_code("٣٠١٧٦٢٠٤٢٢٠٠٣", today=TODAY)
    assert not code.ok and code.gtin is None


@FAST
@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_a_gtin_built_with_its_check_digit_reads_back(body):
    code = parse_code(with_check_digit(body), today=TODAY, in_store_layouts=LAYOUTS)
    assert code.ok
    if body[0] != "2":  # 2x: in-store codes, read by the site's table
        assert code.gtin.zfill(14) == with_check_digit(body).zfill(14)


@FAST
@given(st.sampled_from(LAYOUTS), st.text(alphabet="0123456789", min_size=5, max_size=5),
       st.integers(min_value=0, max_value=99_999))
def test_an_in_store_code_built_from_its_fields_reads_them_back(layout, item, value):
    code = parse_code(with_check_digit(f"{layout.prefix}{item}{value:05d}"), today=TODAY, in_store_layouts=LAYOUTS)
    assert (code.ok, code.kind, code.in_store_item) == (True, "in_store", item)
    if layout.measure == "weight_g":
        assert code.net_weight_g == value
    else:
        assert code.price * 100 == value


@FAST
@given(gtin_body=st.text(alphabet="0123456789", min_size=13, max_size=13),
       lot=st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXYZ0123456789-", min_size=1, max_size=20),
       use_by=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2036, 12, 31)),
       grams=st.integers(min_value=1, max_value=999_999), hri=st.booleans())
def test_a_gs1_label_built_from_known_fields_reads_them_back(gtin_body, lot, use_by, grams, hri):
    gtin14 = with_check_digit(gtin_body)
    fields = [("01", gtin14), ("17", use_by.strftime("%y%m%d")), ("3103", f"{grams:06d}"), ("10", lot)]
    raw = ("".join(f"({ai}){value}" for ai, value in fields) if hri
           else "]C1" + "".join(ai + value for ai, value in fields))
    code = parse_code(raw, today=TODAY)
    assert code.ok, code.errors
    assert (code.lot, code.use_by, code.net_weight_g) == (lot, use_by, grams)
    assert code.gtin.zfill(14) == gtin14
