"""What the beneficiaries' kiosk shows in the demo: workshops of the coming weeks and « accès aux
droits » pages (written by central; both demo nodes get the same rows, as sync would bring them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from demo.builder import OWNER, demo_id
from gers.clock import PARIS
from inventory.models import Site
from kiosk.enums import WorkshopKind
from kiosk.models import RightsPage, Workshop

# (key, kind, site code or None for the network, title, days from today, hour, place, places, taken)
WORKSHOPS = (
    ("cuisine", WorkshopKind.WORKSHOP, "AUCH", "Cuisiner les légumes de saison", 2, 14,
     "Cuisine de l'épicerie", 8, 5),
    ("budget", WorkshopKind.WORKSHOP, "AUCH", "Faire son budget du mois", 6, 10, "Salle d'accueil", 10, 3),
    ("velo", WorkshopKind.SKILLS, None, "Réparer son vélo", 4, 15, "Garage solidaire, Auch", 6, 6),
    ("couture", WorkshopKind.SKILLS, None, "Couture : ourlets et boutons", 9, 14, "Vesti-boutique d'Auch", 6, 2),
)
RIGHTS = (
    ("caf", "CAF du Gers", "Aide pour les allocations familiales, le logement et la prime d'activité.",
     "France Services, Auch", "Mardi et jeudi, 9 h – 12 h"),
    ("cpam", "CPAM du Gers", "Aide pour la carte Vitale et la complémentaire santé solidaire.",
     "Maison France Services de votre canton", "Sur rendez-vous, le lundi après-midi"),
    ("ccas", "CCAS de votre commune", "Aides d'urgence, domiciliation, dossiers d'aide sociale.", "Votre mairie",
     "Aux heures d'ouverture de la mairie"),
    ("fs", "France Services", "Une personne vous aide pour vos démarches en ligne : impôts, retraite, emploi.",
     "Auch, Condom, Mirande, Fleurance", "Du lundi au vendredi"),
)


def build_kiosk_demo(session: Session, *, today: dt.date) -> int:
    """Idempotent: returns how many rows were added."""
    if session.get(RightsPage, demo_id("rights", "caf")) is not None:
        return 0
    sites = {site.code: site.id for site in session.scalars(select(Site))}
    for key, kind, site, title, days, hour, place, places, taken in WORKSHOPS:
        starts = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour), tzinfo=PARIS)
        session.add(Workshop(id=demo_id("workshop", key), owner_node=OWNER, site_id=sites.get(site) if site else None,
                             kind=kind, title=title, starts_at=starts.astimezone(dt.UTC), place=place, places=places,
                             places_taken=taken))
    for position, (key, title, who, place, hours) in enumerate(RIGHTS):
        session.add(RightsPage(id=demo_id("rights", key), owner_node=OWNER, title=title, who=who, place=place,
                               hours=hours, position=position))
    return len(WORKSHOPS) + len(RIGHTS)
