"""Plain French answers for what a newcomer types in the till's scan field instead of a barcode
(pure): a product name or a card number gets advice, not the GS1 parser's jargon."""

from __future__ import annotations

import re

CARD_LIKE = re.compile(r"[A-Za-z]{1,4}[\s._/-]*\d{3,10}")
WORDS = re.compile(r"[^\W\d_]{2,}")  # two letters in a row: a word, not a code


def plain_answer(raw: str) -> str | None:
    """Advice when ``raw`` is obviously not a barcode, else None (the barcode reader answers)."""
    text = raw.strip()
    if not text or text.startswith(("(", "]")):  # GS1 human-readable form, symbology identifier
        return None
    if CARD_LIKE.fullmatch(text):
        return (f"Ceci ressemble à un numéro de carte : « {text} ». Tapez-le tel qu'il est imprimé sur la "
                "carte (par exemple GS-000123) ou scannez la carte, de préférence panier vide.")
    if text[0].isalpha() and WORDS.search(text):
        return (f"« {text} » n'est pas un code-barres. Pour chercher un produit par son nom, utilisez "
                "« Rechercher (F6) » ; sans code lisible, saisissez une « Ligne manuelle ».")
    return None
