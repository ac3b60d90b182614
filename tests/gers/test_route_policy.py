"""The route × role policy of both nodes, written down: who may open each route, and which site's
objects a site account may touch. A new route without a row here fails the suite.

Roles: C cashier, S social worker, W warehouse, K coordination, A administration; "public" is open
to everyone (login, health, static files); "-" means the route is not mounted on that node.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest

from gers.models import Role
from households import commission
from inventory.counts import open_count
from inventory.models import GarmentType, Site
from pos import basket as baskets
from pos import cash, checkout
from pos.context import TillContext
from pos.enums import Shop
from pos.payments import Method, Tender
from shop.intake import open_local_intake
from tests.conftest import csrf_token
from tests.gers.test_site_scope import shipped_to

NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
LETTERS = {"C": Role.CASHIER, "S": Role.SOCIAL_WORKER, "W": Role.WAREHOUSE, "K": Role.COORDINATOR,
           "A": Role.ADMIN}

# (method, rule): (on a site node, on central)
POLICY = {
    ("GET", "/"): ("CSWKA", "CSWKA"),
    ("GET", "/admin/utilisateurs/"): ("KA", "KA"),
    ("POST", "/admin/utilisateurs/<uuid:user_id>/debloquer"): ("KA", "KA"),
    # Workshops, the bourse des compétences, the computer corner (activities/): registrations, attendance
    # and bookings at the site; the procedures written on central.
    ("GET", "/activites/"): ("CSKA", "CSKA"),
    ("POST", "/activites/ateliers"): ("KA", "KA"),
    ("GET", "/activites/ateliers/<uuid:workshop_id>"): ("CSKA", "CSKA"),
    ("POST", "/activites/ateliers/<uuid:workshop_id>"): ("KA", "KA"),
    ("POST", "/activites/ateliers/<uuid:workshop_id>/inscriptions"): ("CKA", "-"),
    ("POST", "/activites/ateliers/<uuid:workshop_id>/presences"): ("CKA", "-"),
    ("POST", "/activites/ateliers/<uuid:workshop_id>/retirer"): ("KA", "KA"),
    ("GET", "/activites/bourse"): ("CSKA", "CSKA"),
    ("POST", "/activites/bourse"): ("CKA", "CKA"),
    ("POST", "/activites/bourse/<uuid:entry_id>/retirer"): ("CKA", "CKA"),
    ("POST", "/activites/bourse/echanges"): ("KA", "KA"),
    ("GET", "/activites/chiffres"): ("SKA", "SKA"),
    ("GET", "/activites/demarches"): ("CSKA", "CSKA"),
    ("POST", "/activites/demarches"): ("-", "KA"),
    ("POST", "/activites/demarches/<uuid:procedure_id>"): ("-", "KA"),
    ("POST", "/activites/demarches/<uuid:procedure_id>/retirer"): ("-", "KA"),
    ("POST", "/activites/demarches/courantes"): ("-", "KA"),
    ("GET", "/activites/informatique"): ("CKA", "-"),
    ("POST", "/activites/informatique"): ("CKA", "-"),
    ("POST", "/activites/informatique/<uuid:booking_id>/annuler"): ("CKA", "-"),
    ("POST", "/activites/inscriptions/<uuid:registration_id>/annuler"): ("CKA", "-"),
    ("GET", "/api/appareils/balance"): ("CWKA", "WKA"),
    ("POST", "/api/appareils/balance/<command>"): ("CWKA", "WKA"),
    ("GET", "/api/appareils/evenements"): ("CWKA", "WKA"),
    ("POST", "/api/appareils/simuler-scan"): ("CWKA", "WKA"),
    ("POST", "/api/caisse/article"): ("CKA", "-"),
    ("GET", "/api/caisse/etat"): ("CKA", "-"),
    ("POST", "/api/caisse/foyer"): ("CKA", "-"),
    ("DELETE", "/api/caisse/lignes/<uuid:line_id>"): ("CKA", "-"),
    ("POST", "/api/caisse/lignes/<uuid:line_id>"): ("CKA", "-"),
    ("POST", "/api/caisse/manuel"): ("CKA", "-"),
    ("POST", "/api/caisse/pesee"): ("CKA", "-"),
    ("GET", "/api/caisse/recherche"): ("CKA", "-"),
    ("POST", "/api/caisse/scan"): ("CKA", "-"),
    ("POST", "/api/caisse/session"): ("CKA", "-"),
    ("POST", "/api/caisse/session/apercu-z"): ("CKA", "-"),
    ("POST", "/api/caisse/session/cloture"): ("CKA", "-"),
    ("POST", "/api/caisse/valider"): ("CKA", "-"),
    ("GET", "/api/caisse/ventes"): ("CKA", "-"),
    ("POST", "/api/caisse/ventes/<uuid:entry_id>/annulation"): ("CKA", "-"),
    ("POST", "/api/caisse/ventes/<uuid:entry_id>/reimpression"): ("CKA", "-"),
    ("POST", "/api/caisse/ventes/<uuid:entry_id>/retour"): ("CKA", "-"),
    ("POST", "/api/caisse/ventes/derniere/reimpression"): ("CKA", "-"),
    ("POST", "/api/caisse/vetement"): ("CKA", "-"),
    ("POST", "/api/caisse/vider"): ("CKA", "-"),
    ("GET", "/api/openapi.json"): ("CSWKA", "-"),
    ("GET", "/arrivages/"): ("CWKA", "CWKA"),
    ("GET", "/arrivages/<uuid:dispatch_id>"): ("CWKA", "CWKA"),
    ("POST", "/arrivages/<uuid:dispatch_id>"): ("CWKA", "CWKA"),
    # The beneficiaries' kiosk: no login, but only from KIOSK_ADDRESSES (tests/kiosk/test_kiosk_access.py).
    ("GET", "/borne"): ("public", "-"),
    ("GET", "/borne/ateliers"): ("public", "-"),
    ("POST", "/borne/ateliers/<uuid:workshop_id>/inscription"): ("public", "-"),
    ("POST", "/borne/ateliers/inscription"): ("public", "-"),
    ("GET", "/borne/camion"): ("public", "-"),
    ("POST", "/borne/carte"): ("public", "-"),
    ("GET", "/borne/droits"): ("public", "-"),
    ("GET", "/borne/horaires"): ("public", "-"),
    ("GET", "/borne/ressources/<path:filename>"): ("public", "-"),
    ("GET", "/borne-contenu/"): ("-", "KA"),
    ("POST", "/borne-contenu/creneaux"): ("-", "KA"),
    ("POST", "/borne-contenu/creneaux/<uuid:slot_id>/supprimer"): ("-", "KA"),
    ("POST", "/borne-contenu/droits"): ("-", "KA"),
    ("POST", "/borne-contenu/droits/<uuid:page_id>/supprimer"): ("-", "KA"),
    ("GET", "/caisse"): ("CKA", "-"),
    ("GET", "/caisse/journal"): ("KA", "-"),
    ("POST", "/caisse/journal/verification"): ("KA", "-"),
    ("GET", "/caisse/ressources/<path:filename>"): ("public", "-"),
    ("GET", "/catalogue"): ("CSWKA", "CSWKA"),
    ("GET", "/catalogue/gestion/"): ("-", "KA"),
    ("POST", "/catalogue/gestion/categories"): ("-", "KA"),
    ("POST", "/catalogue/gestion/groupes"): ("-", "KA"),
    ("GET", "/catalogue/gestion/produits/<uuid:product_id>"): ("-", "KA"),
    ("POST", "/catalogue/gestion/produits/<uuid:product_id>"): ("-", "KA"),
    ("GET", "/catalogue/gestion/produits/nouveau"): ("-", "KA"),
    ("POST", "/catalogue/gestion/produits/nouveau"): ("-", "KA"),
    ("GET", "/catalogue/gestion/vetements/<uuid:garment_id>"): ("-", "KA"),
    ("POST", "/catalogue/gestion/vetements/<uuid:garment_id>"): ("-", "KA"),
    ("POST", "/catalogue/gestion/vetements"): ("-", "KA"),
    ("GET", "/collectes/"): ("-", "WKA"),
    ("POST", "/collectes/"): ("-", "KA"),
    ("GET", "/collectes/<uuid:collecte_id>"): ("-", "WKA"),
    ("POST", "/collectes/<uuid:collecte_id>/magasins"): ("-", "KA"),
    ("POST", "/collectes/benevoles/<uuid:volunteer_id>/retirer"): ("-", "KA"),
    ("POST", "/collectes/creneaux/<uuid:shift_id>/benevoles"): ("-", "KA"),
    ("GET", "/collectes/magasins/<uuid:shop_id>"): ("-", "WKA"),
    ("POST", "/collectes/magasins/<uuid:shop_id>/creneaux"): ("-", "KA"),
    ("GET", "/collectes/magasins/<uuid:shop_id>/remerciements.pdf"): ("-", "WKA"),
    ("POST", "/collectes/magasins/<uuid:shop_id>/resultats"): ("-", "WKA"),
    ("GET", "/tournees/"): ("-", "KA"),
    ("POST", "/tournees/generer"): ("-", "KA"),
    ("POST", "/tournees/arrets"): ("-", "KA"),
    ("POST", "/tournees/arrets/<uuid:stop_id>/annuler"): ("-", "KA"),
    ("POST", "/tournees/arrets/<uuid:stop_id>/retablir"): ("-", "KA"),
    ("GET", "/tournees/calendrier.pdf"): ("-", "KA"),
    ("GET", "/tournees/chiffres"): ("-", "KA"),
    ("GET", "/connexion"): ("public", "public"),
    ("POST", "/connexion"): ("public", "public"),
    ("POST", "/deconnexion"): ("public", "public"),
    ("GET", "/entrepot/"): ("-", "WKA"),
    ("GET", "/entrepot/attestations"): ("-", "WKA"),
    ("POST", "/entrepot/attestations"): ("-", "WKA"),
    ("GET", "/entrepot/attestations/<uuid:attestation_id>.pdf"): ("-", "WKA"),
    ("GET", "/entrepot/commandes"): ("-", "WKA"),
    ("GET", "/entrepot/dates"): ("-", "WKA"),
    ("GET", "/entrepot/donateurs"): ("-", "WKA"),
    ("GET", "/entrepot/donateurs/<uuid:donor_id>"): ("-", "WKA"),
    ("POST", "/entrepot/donateurs/<uuid:donor_id>/conventions"): ("-", "WKA"),
    ("GET", "/entrepot/donateurs/<uuid:donor_id>/refus"): ("-", "WKA"),
    ("GET", "/entrepot/donateurs/<uuid:donor_id>/bilan"): ("-", "WKA"),
    ("GET", "/entrepot/donateurs/<uuid:donor_id>/bilan.<kind>"): ("-", "WKA"),
    ("GET", "/entrepot/expeditions"): ("-", "WKA"),
    ("POST", "/entrepot/expeditions"): ("-", "WKA"),
    ("GET", "/entrepot/expeditions/<uuid:dispatch_id>"): ("-", "WKA"),
    ("POST", "/entrepot/expeditions/<uuid:dispatch_id>/annuler"): ("-", "WKA"),
    ("GET", "/entrepot/expeditions/<uuid:dispatch_id>/bon.pdf"): ("-", "WKA"),
    ("POST", "/entrepot/expeditions/<uuid:dispatch_id>/expedier"): ("-", "WKA"),
    ("GET", "/entrepot/expeditions/nouvelle"): ("-", "WKA"),
    ("GET", "/entrepot/inventaires"): ("-", "WKA"),
    ("POST", "/entrepot/inventaires"): ("-", "WKA"),
    ("GET", "/entrepot/inventaires/<uuid:count_id>"): ("-", "WKA"),
    ("POST", "/entrepot/inventaires/<uuid:count_id>"): ("-", "WKA"),
    ("GET", "/entrepot/pertes"): ("-", "WKA"),
    ("POST", "/entrepot/pertes"): ("-", "WKA"),
    ("GET", "/entrepot/quarantaine"): ("-", "WKA"),
    ("POST", "/entrepot/quarantaine"): ("-", "WKA"),
    ("POST", "/entrepot/quarantaine/<uuid:hold_id>"): ("-", "WKA"),
    ("GET", "/entrepot/rappels"): ("-", "WKA"),
    ("POST", "/entrepot/rappels"): ("-", "WKA"),
    ("GET", "/entrepot/rappels/<uuid:recall_id>"): ("-", "WKA"),
    ("POST", "/entrepot/rappels/<uuid:recall_id>/lever"): ("-", "KA"),
    ("POST", "/entrepot/rappels/import"): ("-", "WKA"),
    ("GET", "/entrepot/receptions"): ("-", "WKA"),
    ("POST", "/entrepot/receptions"): ("-", "WKA"),
    ("GET", "/entrepot/receptions/<uuid:delivery_id>"): ("-", "WKA"),
    ("POST", "/entrepot/receptions/<uuid:delivery_id>/cloture"): ("-", "WKA"),
    ("POST", "/entrepot/receptions/<uuid:delivery_id>/lignes"): ("-", "WKA"),
    ("POST", "/entrepot/receptions/<uuid:delivery_id>/refus"): ("-", "WKA"),
    ("GET", "/entrepot/reglages"): ("-", "WKA"),
    ("POST", "/entrepot/reglages"): ("-", "WKA"),
    ("GET", "/entrepot/ressources/<path:filename>"): ("-", "public"),
    ("GET", "/entrepot/stock"): ("-", "WKA"),
    ("GET", "/foyers/"): ("-", "SKA"),
    ("GET", "/foyers/<card>"): ("-", "SKA"),
    ("GET", "/foyers/<card>/carte.pdf"): ("-", "SKA"),
    ("GET", "/foyers/<card>/demande"): ("-", "SKA"),
    ("POST", "/foyers/<card>/demande"): ("-", "SKA"),
    ("GET", "/foyers/<card>/droits/<uuid:grant_id>/parts"): ("-", "KA"),
    ("POST", "/foyers/<card>/droits/<uuid:grant_id>/parts"): ("-", "KA"),
    ("POST", "/foyers/<card>/evaluation"): ("-", "SKA"),
    ("GET", "/foyers/<card>/export.<kind>"): ("-", "SKA"),
    ("GET", "/foyers/<card>/modifier"): ("-", "SKA"),
    ("POST", "/foyers/<card>/modifier"): ("-", "SKA"),
    ("GET", "/foyers/cartes.pdf"): ("-", "SKA"),
    ("GET", "/foyers/commissions/"): ("-", "SKA"),
    ("POST", "/foyers/commissions/"): ("-", "SKA"),
    ("GET", "/foyers/commissions/<uuid:session_id>"): ("-", "SKA"),
    ("POST", "/foyers/commissions/<uuid:session_id>/cloture"): ("-", "SKA"),
    ("POST", "/foyers/commissions/<uuid:session_id>/decision"): ("-", "SKA"),
    ("GET", "/foyers/nouveau"): ("-", "SKA"),
    ("POST", "/foyers/nouveau"): ("-", "SKA"),
    ("GET", "/foyers/parametres/"): ("-", "KA"),
    ("POST", "/foyers/parametres/baremes"): ("-", "KA"),
    ("POST", "/foyers/parametres/categories/<uuid:category_id>"): ("-", "KA"),
    ("POST", "/foyers/parametres/reseau"): ("-", "KA"),
    ("POST", "/foyers/parametres/sites/<uuid:site_id>"): ("-", "KA"),
    ("POST", "/foyers/parametres/supplements/<uuid:rule_id>"): ("-", "KA"),
    ("GET", "/foyers/ressources/<path:filename>"): ("-", "public"),
    ("GET", "/magasin/a-retirer"): ("CWKA", "-"),
    ("POST", "/magasin/a-retirer"): ("CWKA", "-"),
    # Orders to the warehouse: the site's stock staff, not the counter.
    ("GET", "/magasin/commandes"): ("WKA", "-"),
    ("POST", "/magasin/commandes"): ("WKA", "-"),
    ("GET", "/magasin/commandes/<uuid:order_id>"): ("WKA", "-"),
    ("POST", "/magasin/commandes/<uuid:order_id>"): ("WKA", "-"),
    ("GET", "/magasin/etiquettes"): ("CWKA", "-"),
    ("POST", "/magasin/etiquettes"): ("CWKA", "-"),
    ("GET", "/magasin/froid"): ("CWKA", "-"),
    ("POST", "/magasin/froid"): ("CWKA", "-"),
    ("GET", "/magasin/froid/scan"): ("CWKA", "-"),
    ("POST", "/magasin/froid/scan"): ("CWKA", "-"),
    ("GET", "/magasin/froid/appareils/<uuid:unit_id>/etiquette.pdf"): ("CWKA", "-"),
    ("GET", "/magasin/froid/releves/<uuid:reading_id>"): ("CWKA", "-"),
    ("POST", "/magasin/froid/releves/<uuid:reading_id>"): ("CWKA", "-"),
    ("GET", "/magasin/inventaires"): ("CWKA", "-"),
    ("POST", "/magasin/inventaires"): ("CWKA", "-"),
    ("GET", "/magasin/inventaires/<uuid:count_id>"): ("CWKA", "-"),
    ("POST", "/magasin/inventaires/<uuid:count_id>"): ("CWKA", "-"),
    ("GET", "/magasin/pertes"): ("CWKA", "-"),
    ("GET", "/magasin/quarantaine"): ("CWKA", "-"),
    ("POST", "/magasin/quarantaine"): ("CWKA", "-"),
    ("POST", "/magasin/quarantaine/<uuid:hold_id>"): ("CWKA", "-"),
    ("POST", "/magasin/pertes"): ("CWKA", "-"),
    ("GET", "/magasin/ramasses"): ("CWKA", "-"),
    ("POST", "/magasin/ramasses"): ("CWKA", "-"),
    ("GET", "/magasin/ramasses/<uuid:delivery_id>"): ("CWKA", "-"),
    ("POST", "/magasin/ramasses/<uuid:delivery_id>/cloture"): ("CWKA", "-"),
    ("POST", "/magasin/ramasses/<uuid:delivery_id>/lignes"): ("CWKA", "-"),
    ("POST", "/magasin/ramasses/<uuid:delivery_id>/refus"): ("CWKA", "-"),
    ("GET", "/magasin/ressources/<path:filename>"): ("public", "-"),
    ("GET", "/magasin/stock"): ("CWKA", "-"),
    ("GET", "/reseau"): ("CSWKA", "CSWKA"),
    ("GET", "/sante"): ("public", "public"),
    ("GET", "/rapports/"): ("-", "SKA"),
    ("POST", "/rapports/actualiser"): ("-", "KA"),
    ("GET", "/rapports/bilan"): ("-", "SKA"),
    ("GET", "/rapports/bilan/export"): ("-", "SKA"),
    ("GET", "/rapports/detail"): ("-", "SKA"),
    ("GET", "/rapports/ressources/<path:filename>"): ("-", "public"),
    ("GET", "/rapports/tableau.csv"): ("-", "SKA"),
    ("GET", "/rapports/veille"): ("-", "KA"),
    ("GET", "/rapports/veille.csv"): ("-", "KA"),
    ("GET", "/static/<path:filename>"): ("public", "public"),
    # Central: the network status page; a site: its sync page and « Synchroniser maintenant ».
    ("GET", "/synchronisation/"): ("KA", "KA"),
    ("POST", "/synchronisation/lancer"): ("KA", "-"),
    # No login: the node's Ed25519 signature is the authentication (sync/views.py signed_by_node).
    ("POST", "/sync/v1/hello"): ("-", "public"),
    ("POST", "/sync/v1/push"): ("-", "public"),
    ("POST", "/sync/v1/pull"): ("-", "public"),
    ("POST", "/sync/v1/recover"): ("-", "public"),
    ("GET", "/sync/v1/openapi.json"): ("-", "public"),
    ("GET", "/urgence/"): ("KA", "KA"),
    ("POST", "/urgence/"): ("KA", "KA"),
    ("GET", "/urgence/ressources/<path:filename>"): ("public", "public"),
}

# Routes that load a site-owned object by id and that a site account (C, S) may open: how the route
# answers a site account for another site's object (a household of another site with no share or
# access there, another site's commission session).
ANOTHER_SITES_OBJECT = {
    ("GET", "/activites/ateliers/<uuid:workshop_id>"): 404,
    ("POST", "/activites/ateliers/<uuid:workshop_id>/inscriptions"): 404,
    ("POST", "/activites/ateliers/<uuid:workshop_id>/presences"): 404,
    ("POST", "/activites/bourse/<uuid:entry_id>/retirer"): 404,
    ("POST", "/activites/informatique/<uuid:booking_id>/annuler"): 404,
    ("POST", "/activites/inscriptions/<uuid:registration_id>/annuler"): 404,
    ("GET", "/arrivages/<uuid:dispatch_id>"): 404,
    ("POST", "/arrivages/<uuid:dispatch_id>"): 404,
    ("GET", "/magasin/inventaires/<uuid:count_id>"): 404,
    ("POST", "/magasin/inventaires/<uuid:count_id>"): 404,
    ("GET", "/magasin/froid/appareils/<uuid:unit_id>/etiquette.pdf"): 404,
    ("GET", "/magasin/froid/releves/<uuid:reading_id>"): 404,
    ("POST", "/magasin/froid/releves/<uuid:reading_id>"): 404,
    ("POST", "/magasin/quarantaine/<uuid:hold_id>"): 404,
    ("GET", "/magasin/ramasses/<uuid:delivery_id>"): 404,
    ("POST", "/magasin/ramasses/<uuid:delivery_id>/cloture"): 404,
    ("POST", "/magasin/ramasses/<uuid:delivery_id>/lignes"): 404,
    ("POST", "/magasin/ramasses/<uuid:delivery_id>/refus"): 404,
    # The till reads sales and basket lines through its TillContext, whose site is the scope's.
    ("DELETE", "/api/caisse/lignes/<uuid:line_id>"): 422,
    ("POST", "/api/caisse/lignes/<uuid:line_id>"): 422,
    ("POST", "/api/caisse/ventes/<uuid:entry_id>/annulation"): 422,
    ("POST", "/api/caisse/ventes/<uuid:entry_id>/reimpression"): 422,
    ("POST", "/api/caisse/ventes/<uuid:entry_id>/retour"): 422,
    ("GET", "/foyers/<card>"): 404,
    ("GET", "/foyers/<card>/carte.pdf"): 404,
    ("GET", "/foyers/<card>/demande"): 404,
    ("POST", "/foyers/<card>/demande"): 404,
    ("POST", "/foyers/<card>/evaluation"): 404,
    ("GET", "/foyers/<card>/export.<kind>"): 404,
    ("GET", "/foyers/<card>/modifier"): 404,
    ("POST", "/foyers/<card>/modifier"): 404,
    ("GET", "/foyers/commissions/<uuid:session_id>"): 404,
    ("POST", "/foyers/commissions/<uuid:session_id>/cloture"): 404,
    ("POST", "/foyers/commissions/<uuid:session_id>/decision"): 404,
}
NOT_SITE_OWNED = {
    ("GET", "/caisse/ressources/<path:filename>"): "static file",
    ("GET", "/magasin/ressources/<path:filename>"): "static file",
    ("POST", "/api/appareils/balance/<command>"): "a scale command, not a row",
    ("GET", "/borne/ressources/<path:filename>"): "static file",
}
ARGUMENTS = {"filename": "gers.css", "card": "GS-999999", "kind": "csv", "command": "zero"}


def _routes(app) -> set[tuple[str, str]]:
    return {(method, rule.rule) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def _path(rule: str, objects: dict[str, str] | None = None) -> str:
    def value(match: re.Match) -> str:
        name = match.group(2)
        return (objects or {}).get(name) or ARGUMENTS.get(name) or str(uuid.uuid4())
    return re.sub(r"<(?:(\w+):)?(\w+)>", value, rule)


def _node_policy(node_role: str) -> dict[tuple[str, str], str]:
    column = 0 if node_role == "site" else 1
    return {key: who[column] for key, who in POLICY.items() if who[column] != "-"}


@pytest.mark.parametrize("node_role", ["site", "central"])
def test_every_route_has_a_row(app, node_role):
    assert _routes(app) == set(_node_policy(node_role)), "a route without a row (or a row without a route)"


@pytest.mark.parametrize("node_role", ["site", "central"])
def test_every_site_owned_object_route_has_an_other_site_check(app, node_role):
    policy = _node_policy(node_role)
    object_routes = {key for key, who in policy.items()
                     if "<" in key[1] and who != "public" and set(who) & {"C", "S"}}
    assert object_routes <= set(ANOTHER_SITES_OBJECT) | set(NOT_SITE_OWNED)


@pytest.fixture
def app_overrides(node_role: str) -> dict:
    # Server errors as the browser sees them (a 500 page), so the walk reports them as statuses.
    return {"ROLE": node_role, "NODE_CODE": "AUCH" if node_role == "site" else "CENTRAL", "TESTING": False}


@pytest.fixture
def accounts(app, make_site, make_user):
    """One client per role, signed in; site accounts belong to Auch (the site node's site)."""
    app.extensions["gers.clock"] = lambda: NOW
    auch = make_site(code="AUCH", name="Auch")
    clients = {}
    for letter, role in LETTERS.items():
        site_id = None if role.spans_network else auch.id
        make_user(username=f"u{letter.lower()}", role=role, pin="2468", password="mot-de-passe-2026",
                  site_id=site_id)
        client = app.test_client()
        secret = "2468" if app.config["ROLE"] == "site" else "mot-de-passe-2026"
        response = client.post("/connexion", data={"username": f"u{letter.lower()}", "secret": secret,
                                                    "csrf_token": csrf_token(client)})
        assert response.status_code == 302, letter
        clients[letter] = client
    return clients


class Answer:
    """Status and redirect of a response, read before it is closed (static files stay open otherwise)."""

    def __init__(self, response) -> None:
        self.status_code, self.headers = response.status_code, dict(response.headers)
        response.close()


def _request(client, method: str, path: str) -> Answer:
    token = csrf_token(client, "/connexion")
    return Answer(client.open(path, method=method, data={"csrf_token": token}, headers={"X-CSRFToken": token}))


def _walk_order(policy):
    return sorted(policy.items(), key=lambda item: item[0] == ("POST", "/deconnexion"))


@pytest.mark.parametrize("node_role", ["site", "central"])
def test_every_role_gets_what_the_table_says(app, client, accounts, node_role):
    wrong = []
    for (method, rule), who in _walk_order(_node_policy(node_role)):
        path = _path(rule)
        anonymous = _request(client, method, path)
        if who == "public":
            expected_anonymous = anonymous.status_code != 403 and anonymous.status_code < 500
        elif path.startswith("/api/"):
            expected_anonymous = anonymous.status_code == 401
        else:
            expected_anonymous = (anonymous.status_code == 302
                                  and anonymous.headers["Location"].startswith("/connexion"))
        if not expected_anonymous:
            wrong.append((method, rule, "anonymous", anonymous.status_code))
        for letter, account in accounts.items():
            status = _request(account, method, path).status_code
            # A failed login answers 401: the public login page is still open.
            refused = status == 403 if who == "public" else status in (401, 403)
            allowed = who == "public" or letter in who
            if (allowed and (refused or status >= 500)) or (not allowed and status != 403):
                wrong.append((method, rule, letter, status))
    assert wrong == []


@pytest.mark.parametrize("node_role", ["site", "central"])
def test_routes_of_the_other_node_do_not_exist_here(client, accounts, node_role):
    other = {key for key, who in POLICY.items() if who[0 if node_role == "site" else 1] == "-"}
    for method, rule in other:
        assert _request(accounts["A"], method, _path(rule)).status_code in (404, 405), (method, rule)


# --- another site's objects ------------------------------------------------------------------

def _condom_cold_chain(session, build, condom: Site) -> dict[str, str]:
    """A temperature reading and a lot on hold at Condom, written as Condom's node writes them."""
    from inventory.ledger import record_movement
    from inventory.stock_models import Lot, LotSource, MovementKind
    from shop import cold
    from shop.coldchain import ColdSettings

    unit = cold.create_unit(session, site_id=condom.id, code="FRIGO", label="Frigo", kind="fridge",
                            limit_class="le4", location="FRIGO", settings=ColdSettings(), owner_node="CONDOM")
    reading = cold.record_reading(session, unit, celsius=Decimal("9"), moment="morning", now=NOW,
                                  settings=ColdSettings(), owner_node="CONDOM")
    product = build.product()
    lot = Lot(product_id=product.id, lot_code="L1", date_kind=product.date_kind, source=LotSource.COLLECTE,
              received_at=NOW, received_site_id=condom.id, owner_node="CENTRAL")
    session.add(lot)
    record_movement(session, kind=MovementKind.RECEIPT, site_id=condom.id, now=NOW, owner_node="CONDOM", lot=lot,
                    location="FRIGO", units=2)
    hold = cold.hold_lot(session, lot=lot, site_id=condom.id, location="FRIGO", reason="porte ouverte", now=NOW,
                         owner_node="CONDOM")
    return {"reading_id": str(reading.id), "hold_id": str(hold.id), "unit_id": str(unit.id)}


def _condom_sale(session, build, condom: Site) -> dict[str, str]:
    """A paid sale and a basket line at Condom, written as Condom's till writes them."""
    cashier = build.user(username="condom-caisse", role=Role.CASHIER, site_id=condom.id)
    ctx = TillContext(site_id=condom.id, owner_node="CONDOM", cashier_id=cashier.id, now=NOW)
    cash_session = cash.open_session(session, ctx, Decimal("0"))
    jumper = GarmentType(code="pull", label="Pull", price=Decimal("2.00"), owner_node="CENTRAL")
    session.add(jumper)
    sold = baskets.open_basket(session, ctx, cash_session, Shop.VESTI)
    baskets.add_garment(session, ctx, sold, jumper)
    entry = checkout.complete_sale(session, ctx, sold, [Tender(Method.CASH, Decimal("2.00"))], "k-1").entry
    waiting = baskets.open_basket(session, ctx, cash_session, Shop.VESTI)  # a new basket after the sale
    line = baskets.add_garment(session, ctx, waiting, jumper)
    session.commit()
    return {"entry_id": str(entry.id), "line_id": str(line.id)}


def _condom_activities(session, build, condom: Site) -> dict[str, str]:
    """A workshop of Condom with a registration, an offer of its bourse, a booking of its computer."""
    from activities.enums import Channel, Side, Skill, WorkshopTopic
    from activities.models import ComputerBooking, SkillEntry, Workshop, WorkshopRegistration

    household = build.household(home_site=condom)
    workshop = Workshop(site_id=condom.id, topic=WorkshopTopic.BUDGET, title="Budget", starts_at=NOW,
                        place="Condom", places=5, owner_node="CENTRAL")
    session.add(workshop)
    session.flush()
    rows = [WorkshopRegistration(workshop_id=workshop.id, site_id=condom.id, household_id=household.id,
                                 channel=Channel.COUNTER, owner_node="CONDOM"),
            SkillEntry(site_id=condom.id, side=Side.OFFER, skill=Skill.SEWING, pseudonym="Fil", owner_node="CONDOM"),
            ComputerBooking(site_id=condom.id, starts_at=NOW, owner_node="CONDOM")]
    session.add_all(rows)
    session.commit()
    return {"workshop_id": str(workshop.id), "registration_id": str(rows[0].id), "entry_id": str(rows[1].id),
            "booking_id": str(rows[2].id)}


def _condom_files(session, build, condom: Site) -> dict[str, str]:
    """A household of Condom and a session of Condom's commission (central's registry)."""
    household = build.household(home_site=condom)
    meeting = commission.open_session(session, site_id=condom.id, held_on=NOW.date(), owner_node="CENTRAL")
    session.commit()
    return {"card": household.card_number, "kind": "json", "session_id": str(meeting.id)}


@pytest.mark.parametrize("node_role", ["site", "central"])
def test_a_site_account_never_reaches_another_sites_objects(app, accounts, session, build, node_role):
    """The signed-in site accounts belong to Auch; every object below belongs to Condom."""
    auch = session.query(Site).filter_by(code="AUCH").one()
    condom, warehouse = build.site(code="CONDOM"), build.site(code="ENTREPOT", kind="warehouse")
    objects = {"dispatch_id": str(shipped_to(session, build, condom, warehouse, "EXP-2026-00002").id)}
    objects |= _condom_activities(session, build, condom)
    if node_role == "central":
        objects |= _condom_files(session, build, condom)
    if node_role == "site":
        objects |= _condom_sale(session, build, condom)
        objects["count_id"] = str(open_count(session, site_id=condom.id, now=NOW, owner_node="CONDOM").id)
        objects |= _condom_cold_chain(session, build, condom)
        objects["delivery_id"] = str(open_local_intake(session, site_id=condom.id, source="collecte", donor_id=None,
                                                       now=NOW, owner_node="CONDOM").id)
        session.commit()
        accounts["C"].post("/api/caisse/session", json={"opening_float": "0"},
                           headers={"X-CSRFToken": csrf_token(accounts["C"], "/caisse")})
    policy = _node_policy(node_role)
    wrong = []
    for (method, rule), status in ANOTHER_SITES_OBJECT.items():
        if (method, rule) not in policy:
            continue
        for letter in set(policy[(method, rule)]) & {"C", "S"}:
            answer = _request(accounts[letter], method, _path(rule, objects) + "?mode=vesti")
            if answer.status_code != status:
                wrong.append((method, rule, letter, answer.status_code))
    assert wrong == []
    assert auch.id != condom.id
