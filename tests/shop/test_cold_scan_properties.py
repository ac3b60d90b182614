"""Readings by scan: whatever a thermometer or a scanner types, the parsers answer a value or a French
refusal, never another exception; every plausible reading, as thermometers type it, reads back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from shop.cold_scan import default_moment, label_value, read_scanned_celsius, read_unit_scan, unit_key
from shop.coldchain import PLAUSIBLE, ColdChainError

FRENCH_STARTS = ("Température impossible", "«", "Aucune température", "Le thermomètre envoie des degrés Fahrenheit")


@given(st.text(max_size=24))
@example("900")
@example("900 °C")
@example("1e5")
@example("NaN C")
@example("٣,5 C")
@example("+-3")
@example("3.5 F")
@example("T=")
@example("\r\n")
@example("\x00\x1b[A")
def test_a_scanned_reading_is_plausible_or_refused_in_french(raw):
    try:
        value = read_scanned_celsius(raw)
    except ColdChainError as error:
        assert str(error).startswith(FRENCH_STARTS)
    else:
        assert PLAUSIBLE[0] <= value <= PLAUSIBLE[1] and value == value.quantize(Decimal("0.1"))


THERMOMETER_FORMATS = ("{:+.1f}", "{:.1f} C", "{:.1f}°C", "{:.1f} °C", "T={:.1f}C", "Temp: {:.1f} ºC", "{:.1f}\r",
                       "{:.2f}C\t")


@given(st.decimals(min_value=-40, max_value=40, places=1), st.sampled_from(THERMOMETER_FORMATS), st.booleans(),
       st.booleans())
@example(Decimal("-18.0"), "{:.1f}°C", True, True)
def test_every_plausible_reading_as_a_thermometer_types_it_reads_back(value, pattern, comma, unicode_minus):
    text = pattern.format(value)
    if comma:
        text = text.replace(".", ",")
    if unicode_minus:
        text = text.replace("-", "−")
    assert read_scanned_celsius(text) == value


@given(st.text(max_size=40))
@example("FROID-")
@example("FROID-FRIGO 1")
@example("\x00")
def test_a_scanned_label_gives_a_unit_code_or_a_french_refusal(raw):
    try:
        code = read_unit_scan(raw)
    except ColdChainError as error:
        assert str(error).startswith(("«", "Aucune étiquette"))
    else:
        assert code and len(code) <= 32 and code == unit_key(code)


@given(st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=32))
def test_a_units_label_scans_back_to_the_unit(code):
    assert read_unit_scan(label_value(unit_key(code))) == unit_key(code)


def test_the_default_moment_follows_the_paris_clock():
    # 13:30 UTC is 14:30 in Paris in winter, 15:30 in summer.
    assert default_moment(dt.datetime(2026, 11, 28, 12, 59, tzinfo=dt.UTC)) == "morning"
    assert default_moment(dt.datetime(2026, 11, 28, 13, 0, tzinfo=dt.UTC)) == "evening"
    assert default_moment(dt.datetime(2026, 7, 1, 11, 59, tzinfo=dt.UTC)) == "morning"
    assert default_moment(dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)) == "evening"
