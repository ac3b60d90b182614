"""The counter's enumerations and their French labels.

Kept apart from the models so that pure rules can use them without loading SQLAlchemy.
"""

from __future__ import annotations

import enum


class Shop(enum.StrEnum):
    EPICERIE = "epicerie"
    VESTI = "vesti"
    # The free distribution line of FSE+ food (Reg. (EU) 2021/1057 art. 21(2)): a household's card,
    # FSE+ lots only, no allowance, no payment; counted apart in the reports.
    FSE = "fse"


SHOP_LABELS = {Shop.EPICERIE: "Épicerie sociale", Shop.VESTI: "Vesti-boutique",
               Shop.FSE: "Distribution gratuite FSE+"}


class EntryKind(enum.StrEnum):
    SALE = "sale"
    VOID = "void"
    RETURN = "return"
    CLOSING = "closing"  # Z report at the close of a cash session


ENTRY_KIND_LABELS = {EntryKind.SALE: "Vente", EntryKind.VOID: "Annulation", EntryKind.RETURN: "Retour",
                     EntryKind.CLOSING: "Clôture (Z)"}
