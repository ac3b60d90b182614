"""The kiosk's enumerations and their French labels (no SQLAlchemy: pure rules may use them)."""

from __future__ import annotations

import enum


class WorkshopKind(enum.StrEnum):
    WORKSHOP = "atelier"
    SKILLS = "bourse"  # « bourse des compétences »: people offer and learn a skill from each other


WORKSHOP_KIND_LABELS = {WorkshopKind.WORKSHOP: "Atelier", WorkshopKind.SKILLS: "Bourse des compétences"}
