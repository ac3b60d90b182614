"""The activities' enumerations and their French labels (no SQLAlchemy: pure rules may use them)."""

from __future__ import annotations

import enum


class WorkshopTopic(enum.StrEnum):
    COOKING = "cuisine"
    ANTI_WASTE = "anti_gaspi"
    BUDGET = "budget"
    HEALTH = "sante"
    DIGITAL = "numerique"
    CV = "cv"
    OTHER = "autre"


TOPIC_LABELS = {
    WorkshopTopic.COOKING: "Cuisine à petit budget",
    WorkshopTopic.ANTI_WASTE: "Anti-gaspillage",
    WorkshopTopic.BUDGET: "Budget",
    WorkshopTopic.HEALTH: "Santé",
    WorkshopTopic.DIGITAL: "Numérique",
    WorkshopTopic.CV: "CV et emploi",
    WorkshopTopic.OTHER: "Autre atelier",
}


class Channel(enum.StrEnum):
    """Where a registration was taken."""

    COUNTER = "accueil"
    KIOSK = "borne"


class Skill(enum.StrEnum):
    REPAIRS = "reparations"
    SEWING = "couture"
    LIFTS = "trajets"
    LANGUAGE = "langue"
    HOMEWORK = "devoirs"
    OTHER = "autre"


SKILL_LABELS = {
    Skill.REPAIRS: "Petites réparations",
    Skill.SEWING: "Couture",
    Skill.LIFTS: "Trajets en voiture",
    Skill.LANGUAGE: "Langue (français, conversation)",
    Skill.HOMEWORK: "Aide aux devoirs",
    Skill.OTHER: "Autre savoir-faire",
}


class Side(enum.StrEnum):
    OFFER = "offre"
    ASK = "demande"


SIDE_LABELS = {Side.OFFER: "Propose", Side.ASK: "Cherche"}
