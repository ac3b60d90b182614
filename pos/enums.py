"""The counter's enumerations and their French labels.

Kept apart from the models so that pure rules can use them without loading SQLAlchemy.
"""

from __future__ import annotations

import enum


class Shop(enum.StrEnum):
    EPICERIE = "epicerie"
    VESTI = "vesti"


class EntryKind(enum.StrEnum):
    SALE = "sale"
    VOID = "void"
    RETURN = "return"
    CLOSING = "closing"  # Z report at the close of a cash session


ENTRY_KIND_LABELS = {EntryKind.SALE: "Vente", EntryKind.VOID: "Annulation", EntryKind.RETURN: "Retour",
                     EntryKind.CLOSING: "Clôture (Z)"}
