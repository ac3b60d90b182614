"""The registry's enumerations and their French labels.

Kept apart from the models so that pure rules (allowance, eligibility, access periods) can use them
without loading SQLAlchemy.
"""

from __future__ import annotations

import enum


class PeriodKind(enum.StrEnum):
    MONTHLY = "monthly"
    WEEKLY = "weekly"


PERIOD_KIND_LABELS = {PeriodKind.MONTHLY: "par mois", PeriodKind.WEEKLY: "par semaine"}


class EligibilityMethod(enum.StrEnum):
    RAV_PERSONS = "rav_persons"
    RAV_PARTS = "rav_parts"
    QUOTIENT_FAMILIAL = "quotient_familial"


ELIGIBILITY_METHOD_LABELS = {
    EligibilityMethod.RAV_PERSONS: "Reste à vivre par personne",
    EligibilityMethod.RAV_PARTS: "Reste à vivre par part",
    EligibilityMethod.QUOTIENT_FAMILIAL: "Quotient familial CAF",
}


class PurgeMode(enum.StrEnum):
    ANONYMISE = "anonymise"
    DELETE = "delete"


class RequestStatus(enum.StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


REQUEST_STATUS_LABELS = {RequestStatus.PENDING: "En attente de commission",
                         RequestStatus.GRANTED: "Accordée", RequestStatus.REFUSED: "Refusée"}


class Outcome(enum.StrEnum):
    FAVOURABLE = "favourable"
    UNFAVOURABLE = "unfavourable"
    ADJOURNED = "adjourned"


OUTCOME_LABELS = {Outcome.FAVOURABLE: "Favorable", Outcome.UNFAVOURABLE: "Défavorable",
                  Outcome.ADJOURNED: "Ajourné"}


class AccessKind(enum.StrEnum):
    INITIAL = "initial"
    RENEWAL = "renewal"
    EMERGENCY = "emergency"


ACCESS_KIND_LABELS = {AccessKind.INITIAL: "Accès", AccessKind.RENEWAL: "Renouvellement",
                      AccessKind.EMERGENCY: "Accès d'urgence"}


class HouseholdType(enum.StrEnum):
    SINGLE = "single"
    COUPLE = "couple"
    COUPLE_WITH_CHILDREN = "couple_with_children"
    SINGLE_PARENT = "single_parent"
    OTHER = "other"


HOUSEHOLD_TYPE_LABELS = {
    HouseholdType.SINGLE: "Personne seule",
    HouseholdType.COUPLE: "Couple sans enfant",
    HouseholdType.COUPLE_WITH_CHILDREN: "Couple avec enfant(s)",
    HouseholdType.SINGLE_PARENT: "Famille monoparentale",
    HouseholdType.OTHER: "Autre",
}


class Sex(enum.StrEnum):
    FEMALE = "F"
    MALE = "M"
    UNSTATED = "X"


SEX_LABELS = {Sex.FEMALE: "Femme", Sex.MALE: "Homme", Sex.UNSTATED: "Non précisé"}


class ReferralReason(enum.StrEnum):
    """Why a household is referred (several may apply), for the veille sociale. Nothing about health:
    illness or disability is sensitive data (RGPD art. 9) that the registry does not collect."""

    JOB_LOSS = "job_loss"
    SEPARATION = "separation"
    DEBT = "debt"
    BENEFITS_DELAY = "benefits_delay"
    ISOLATION = "isolation"
    HOUSING = "housing"
    OTHER = "other"


REFERRAL_REASON_LABELS = {
    ReferralReason.JOB_LOSS: "Perte d'emploi, baisse de ressources",
    ReferralReason.SEPARATION: "Séparation, rupture familiale",
    ReferralReason.DEBT: "Surendettement",
    ReferralReason.BENEFITS_DELAY: "Retard ou rupture de prestations",
    ReferralReason.ISOLATION: "Isolement",
    ReferralReason.HOUSING: "Logement (loyer, énergie)",
    ReferralReason.OTHER: "Autre",
}
NO_REASON_LABEL = "Non renseigné"  # requests made before the reasons were asked


def parse_reasons(stored: str) -> list[ReferralReason]:
    """The reasons stored on a request ("job_loss,debt"), in the list's order."""
    codes = set(stored.split(",")) if stored else set()
    return [reason for reason in ReferralReason if reason.value in codes]


def store_reasons(reasons) -> str:
    return ",".join(reason.value for reason in ReferralReason if reason in set(reasons))


class AuditAction(enum.StrEnum):
    CREATED = "created"
    VIEWED = "viewed"
    UPDATED = "updated"
    REQUESTED = "requested"
    DECIDED = "decided"
    GRANT_CHANGED = "grant_changed"
    EMERGENCY = "emergency"
    CARD_PRINTED = "card_printed"
    EXPORTED = "exported"
    ANONYMISED = "anonymised"
    DELETED = "deleted"


AUDIT_LABELS = {
    AuditAction.CREATED: "Dossier créé",
    AuditAction.VIEWED: "Dossier consulté",
    AuditAction.UPDATED: "Dossier modifié",
    AuditAction.REQUESTED: "Demande enregistrée",
    AuditAction.DECIDED: "Décision de commission",
    AuditAction.GRANT_CHANGED: "Droit d'achat modifié",
    AuditAction.EMERGENCY: "Accès d'urgence",
    AuditAction.CARD_PRINTED: "Carte imprimée",
    AuditAction.EXPORTED: "Export (droit d'accès)",
    AuditAction.ANONYMISED: "Anonymisé (durée de conservation)",
    AuditAction.DELETED: "Supprimé (durée de conservation)",
}
