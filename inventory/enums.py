"""The catalog's and the sites' enumerations and their French labels.

Kept apart from the models so that pure rules (expiry dates, FEFO) can use them without loading
SQLAlchemy.
"""

from __future__ import annotations

import enum


class SiteKind(enum.StrEnum):
    WAREHOUSE = "warehouse"
    CENTRE_BOURG = "centre_bourg"
    MOBILE_UNIT = "mobile_unit"


class StorageClass(enum.StrEnum):
    AMBIENT = "ambient"
    CHILLED = "chilled"
    FROZEN = "frozen"


class DateKind(enum.StrEnum):
    DLC = "DLC"  # use-by: never distributed after the date
    DDM = "DDM"  # best-before: grace period by category
    NONE = "none"


class SoldBy(enum.StrEnum):
    PIECE = "piece"
    WEIGHT = "weight"  # market price is per kg


class ShelfLife(enum.StrEnum):
    """Drives the DDM grace period (a setting per class, see DOMAIN.md)."""

    VERY_LONG = "very_long"
    LONG = "long"
    SHORT = "short"


SITE_KIND_LABELS = {
    SiteKind.WAREHOUSE: "Entrepôt départemental",
    SiteKind.CENTRE_BOURG: "Site centre-bourg",
    SiteKind.MOBILE_UNIT: "Unité mobile",
}
STORAGE_LABELS = {StorageClass.AMBIENT: "Ambiant", StorageClass.CHILLED: "Frais",
                  StorageClass.FROZEN: "Surgelé"}
