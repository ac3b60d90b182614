"""The usual procedures of the computer corner, as a starting text coordinators then edit (data, not
code: the steps change when the sites change)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProcedureText:
    name: str
    summary: str
    steps: str
    documents: str


USUAL = (
    ProcedureText("CAF", "Allocations familiales, logement, RSA, prime d'activité : déclarer ses ressources.",
                  "Aller sur caf.fr, « Mon Compte »\nSe connecter avec son numéro d'allocataire ou FranceConnect\n"
                  "Déclarer ses ressources du trimestre\nTélécharger une attestation si besoin",
                  "Numéro d'allocataire\nMot de passe CAF (ou identifiants FranceConnect)\n"
                  "Montants des ressources des 3 derniers mois"),
    ProcedureText("CPAM", "Carte Vitale, complémentaire santé solidaire, remboursements (ameli).",
                  "Aller sur ameli.fr, « Compte ameli »\nSe connecter avec son numéro de sécurité sociale\n"
                  "Faire la demande (attestation, complémentaire santé solidaire…)",
                  "Carte Vitale ou attestation de droits\nRelevé d'identité bancaire (RIB)\n"
                  "Justificatifs de ressources des 12 derniers mois pour la complémentaire santé"),
    ProcedureText("France Travail", "S'inscrire, s'actualiser chaque mois, consulter les offres.",
                  "Aller sur francetravail.fr, « Candidat »\nSe connecter avec son identifiant\n"
                  "S'actualiser ou compléter son inscription",
                  "Identifiant France Travail\nCV si possible (clé USB ou papier)\nPièce d'identité"),
    ProcedureText("impots.gouv", "Déclarer ses revenus, obtenir un avis d'imposition.",
                  "Aller sur impots.gouv.fr, « Votre espace particulier »\n"
                  "Se connecter avec son numéro fiscal\nDéclarer ou télécharger l'avis",
                  "Numéro fiscal (sur un ancien avis d'imposition)\nMot de passe ou FranceConnect\n"
                  "Montants des revenus de l'année"),
    ProcedureText("ANTS", "Carte d'identité, passeport, permis de conduire, carte grise.",
                  "Aller sur ants.gouv.fr\nSe connecter avec FranceConnect\n"
                  "Faire la pré-demande et noter son numéro\nPrendre rendez-vous en mairie si besoin",
                  "Ancien titre (carte, passeport, permis)\nJustificatif de domicile de moins d'un an\n"
                  "Photo d'identité avec code (photomaton agréé)\nTimbre fiscal si le titre est perdu"),
)
