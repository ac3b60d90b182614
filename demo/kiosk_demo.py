"""What the beneficiaries' kiosk shows in the demo: workshops of the coming weeks, offers and asks of
the « bourse des compétences », « accès aux droits » pages and the computer corner's procedures
(written by central; both demo nodes get the same rows, as sync would bring them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from activities.enums import Side, Skill, WorkshopTopic
from activities.models import RightsProcedure, SkillEntry, Workshop
from activities.procedures import USUAL
from demo.builder import OWNER, demo_id
from gers.clock import PARIS
from inventory.models import Site
from kiosk.models import RightsPage

# (key, topic, site code, title, days from today, hour, place, places)
WORKSHOPS = (
    ("cuisine", WorkshopTopic.COOKING, "AUCH", "Cuisiner les légumes de saison", 2, 14, "Cuisine de l'épicerie", 8),
    ("budget", WorkshopTopic.BUDGET, "AUCH", "Faire son budget du mois", 6, 10, "Salle d'accueil", 10),
    ("cv", WorkshopTopic.CV, "AUCH", "Écrire son CV", 9, 14, "Point informatique", 6),
)
# (key, side, skill, volunteer's pseudonym, detail) at Auch
SKILLS = (
    ("velo", Side.OFFER, Skill.REPAIRS, "Main verte", "Vélos et petit électroménager"),
    ("ourlets", Side.OFFER, Skill.SEWING, "Fil d'or", "Ourlets et boutons"),
    ("devoirs", Side.ASK, Skill.HOMEWORK, "Parent de CM1", "Mathématiques, une heure par semaine"),
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
    for key, topic, site, title, days, hour, place, places in WORKSHOPS:
        starts = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour), tzinfo=PARIS)
        session.add(Workshop(id=demo_id("workshop", key), owner_node=OWNER, site_id=sites[site], topic=topic,
                             title=title, starts_at=starts.astimezone(dt.UTC), place=place, places=places))
    for key, side, skill, pseudonym, detail in SKILLS:
        session.add(SkillEntry(id=demo_id("skill", key), owner_node=OWNER, site_id=sites["AUCH"], side=side,
                               skill=skill, pseudonym=pseudonym, detail=detail))
    for position, (key, title, who, place, hours) in enumerate(RIGHTS):
        session.add(RightsPage(id=demo_id("rights", key), owner_node=OWNER, title=title, who=who, place=place,
                               hours=hours, position=position))
    for position, text in enumerate(USUAL):
        session.add(RightsProcedure(id=demo_id("procedure", text.name), owner_node=OWNER, name=text.name,
                                    summary=text.summary, steps=text.steps, documents=text.documents,
                                    position=position))
    return len(WORKSHOPS) + len(SKILLS) + len(RIGHTS) + len(USUAL)
