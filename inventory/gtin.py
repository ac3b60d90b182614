"""GTIN (EAN-8, UPC-A, EAN-13, GTIN-14) check digits: the GS1 mod-10 rule, pure."""

from __future__ import annotations

GTIN_LENGTHS = frozenset({8, 12, 13, 14})


def ascii_digits(text: str) -> bool:
    """Only 0-9: str.isdigit() also accepts "²" and Arabic-Indic or full-width digits."""
    return text.isascii() and text.isdigit()


class InvalidGtin(ValueError):
    """A code that is not a GTIN; the message is French because it reaches the counter as is."""


def gtin_check_digit(body: str) -> int:
    """Check digit for the digits of a GTIN without its last digit.

    Weights 3 and 1 alternate from the rightmost digit of the body (GS1 General Specifications 7.9.1).
    """
    if not ascii_digits(body):
        raise InvalidGtin(f"« {body} » ne contient pas que des chiffres")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def validate_gtin(code: str) -> str:
    """Return the code when it is a well-formed GTIN, else raise InvalidGtin with a French reason."""
    code = code.strip()
    if not ascii_digits(code):
        raise InvalidGtin(f"Le code « {code} » ne contient pas que des chiffres.")
    if len(code) not in GTIN_LENGTHS:
        raise InvalidGtin(f"Le code « {code} » a {len(code)} chiffres ; un GTIN en a 8, 12, 13 ou 14.")
    if gtin_check_digit(code[:-1]) != int(code[-1]):
        raise InvalidGtin(f"Le code « {code} » a une clé de contrôle fausse.")
    return code


def with_check_digit(body: str) -> str:
    """Complete a GTIN body with its check digit (used to build demo and in-store codes)."""
    return body + str(gtin_check_digit(body))
