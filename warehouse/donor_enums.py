"""Enums of the donors' paperwork and their French labels (no SQLAlchemy: pure rules use them)."""

from __future__ import annotations

import enum


class RefusalReason(enum.StrEnum):
    """Why a donation (or part of it) was refused at intake (décret 2020-1274: the log per donor)."""

    EXPIRED = "expired"
    SHORT_SHELF_LIFE = "short_shelf_life"  # a DLC donation with less than 48 h left (décret 2016-1962)
    RECALLED = "recalled"
    PACKAGING = "packaging"  # typed by staff
    COLD_CHAIN = "cold_chain"  # typed by staff
    OTHER = "other"  # typed by staff

    @property
    def label(self) -> str:
        return REFUSAL_LABELS[self]


REFUSAL_LABELS = {
    RefusalReason.EXPIRED: "Périmé",
    RefusalReason.SHORT_SHELF_LIFE: "DLC à moins de 48 h",
    RefusalReason.RECALLED: "Lot rappelé",
    RefusalReason.PACKAGING: "Emballage abîmé",
    RefusalReason.COLD_CHAIN: "Chaîne du froid rompue",
    RefusalReason.OTHER: "Autre défaut",
}
# The reasons a volunteer types; the others come from the intake rules themselves.
TYPED_REASONS = (RefusalReason.PACKAGING, RefusalReason.COLD_CHAIN, RefusalReason.OTHER)


class PickupFrequency(enum.StrEnum):
    DAILY = "daily"
    SEVERAL_WEEKLY = "several_weekly"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    ON_CALL = "on_call"

    @property
    def label(self) -> str:
        return FREQUENCY_LABELS[self]


FREQUENCY_LABELS = {
    PickupFrequency.DAILY: "Tous les jours",
    PickupFrequency.SEVERAL_WEEKLY: "Plusieurs fois par semaine",
    PickupFrequency.WEEKLY: "Une fois par semaine",
    PickupFrequency.FORTNIGHTLY: "Tous les quinze jours",
    PickupFrequency.MONTHLY: "Une fois par mois",
    PickupFrequency.ON_CALL: "Sur appel du magasin",
}
