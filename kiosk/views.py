"""The beneficiaries' kiosk (site node, no login): a card's rights, and what everyone may read.

Its own access rule: no account, but only from the addresses of the kiosk screens
(KIOSK_ADDRESSES, the Pi itself by default), so the card lookup is not open to the whole network.
Every answer is `no-store` and the card travels in a POST body, never in a URL: nothing of a card
stays in the history or in a cache once the screen goes back to the welcome page.
"""

from __future__ import annotations

import datetime as dt
import uuid

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from itsdangerous import BadData, URLSafeTimedSerializer

from activities import skills as bourse
from activities import workshops as planning
from activities.enums import Channel
from activities.errors import ActivityError, Reason
from activities.models import Workshop
from gers.auth.throttle import Throttle
from gers.clock import paris_now, paris_today
from gers.scope import current_scope
from gers.web import db, now, public
from households.models import Household
from kiosk import content
from kiosk.card import NOT_HERE, CardOutcome, read_card
from kiosk.texts import LANGUAGES, TEXTS, day_label, language

bp = Blueprint("kiosk", __name__, url_prefix="/borne", template_folder="templates", static_folder="static",
               static_url_path="/ressources")
THROTTLE = "kiosk.throttle"


@bp.record_once
def _make_throttle(state) -> None:
    config = state.app.config
    state.app.extensions[THROTTLE] = Throttle("kiosk", config["KIOSK_THROTTLE_FREE"],
                                              dt.timedelta(seconds=config["LOGIN_THROTTLE_FIRST_SECONDS"]),
                                              dt.timedelta(seconds=config["LOGIN_THROTTLE_MAX_SECONDS"]))


@bp.before_request
def _kiosk_screens_only() -> None:
    if request.endpoint == "kiosk.static":
        return
    if request.remote_addr not in current_app.config["KIOSK_ADDRESSES"]:
        abort(403, "La borne ne s'ouvre que sur les écrans prévus pour elle (KIOSK_ADDRESSES).")


@bp.after_request
def _nothing_kept(response):
    if request.endpoint != "kiosk.static":
        response.headers["Cache-Control"] = "no-store"
    return response


def _render(template: str, status: int = 200, **values) -> ResponseReturnValue:
    lang = language(request.values.get("lang"))
    return render_template(f"kiosk/{template}", lang=lang, t=TEXTS[lang], languages=LANGUAGES,
                           direction=LANGUAGES[lang][1], day=lambda d: day_label(d, lang),
                           idle_seconds=current_app.config["KIOSK_IDLE_SECONDS"], **values), status


@bp.route("")
@public
def welcome():
    return _render("welcome.html")


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="kiosk-sign-up")


def _card_page(seen, moment: dt.datetime) -> ResponseReturnValue:
    """A card's rights; with a button to the workshops it may sign up for, when there are some."""
    upcoming = seen.outcome is CardOutcome.OPEN and bool(planning.upcoming(db(), current_scope(), moment))
    return _render("card.html", seen=seen, Outcome=CardOutcome, token=_token(seen) if upcoming else "")


def _token(seen) -> str:
    """The household's random id, signed and short-lived, for the sign-up forms: never the card."""
    return _signer().dumps(str(seen.household_id))


def _sign_up_page(seen, moment: dt.datetime, message: str = "") -> ResponseReturnValue:
    return _render("sign_up.html", workshops=planning.upcoming(db(), current_scope(), moment), token=_token(seen),
                   message=message, local=paris_now)


def _seen_from_token(moment: dt.datetime):
    """The card view of the household named by the form's token; None for an old or forged page."""
    try:
        household_id = uuid.UUID(_signer().loads(request.form.get("token", ""),
                                                 max_age=2 * current_app.config["KIOSK_IDLE_SECONDS"]))
    except (BadData, ValueError):
        return None
    household = db().get(Household, household_id)
    return read_card(db(), household.card_number, current_scope(), moment) if household else NOT_HERE


@bp.route("/carte", methods=["POST"])
@public
def card():
    throttle: Throttle = current_app.extensions[THROTTLE]
    key, moment = request.remote_addr or "", now()
    if wait := throttle.wait_seconds(db(), key, moment):
        return _render("wait.html", 429, seconds=wait)
    seen = read_card(db(), request.form.get("card", "")[:40], current_scope(), moment)
    if seen.outcome is CardOutcome.OPEN:
        throttle.succeeded(db(), key)
    else:
        # Random digits meet growing delays: the card numbers cannot be walked through.
        throttle.failed(db(), key, moment)
    db().commit()  # the delay outlives a restart of the kiosk's server
    return _card_page(seen, moment)


SIGN_UP_REFUSALS = {Reason.FULL: "full_now", Reason.ALREADY: "already", Reason.PAST: "closed_now",
                    Reason.CARD: "closed_now"}


@bp.route("/ateliers/inscription", methods=["POST"])
@public
def sign_up_choices():
    """The workshops a card just read may sign up for (from the card's page)."""
    moment = now()
    seen = _seen_from_token(moment)
    if seen is None:
        return _render("welcome.html")  # an old or forged page: start again with the card
    if seen.outcome is not CardOutcome.OPEN:
        return _card_page(seen, moment)
    return _sign_up_page(seen, moment)


@bp.route("/ateliers/<uuid:workshop_id>/inscription", methods=["POST"])
@public
def sign_up(workshop_id: uuid.UUID):
    """« S'inscrire »: the token names the household whose card was just read (it expires with the
    idle delay); the answer names no one, only the workshop and the places."""
    moment = now()
    seen = _seen_from_token(moment)
    if seen is None:
        return _render("welcome.html")
    if seen.outcome is not CardOutcome.OPEN:
        return _card_page(seen, moment)
    t = TEXTS[language(request.values.get("lang"))]
    workshop = db().get(Workshop, workshop_id)
    try:
        if workshop is None:
            raise ActivityError("unknown", Reason.PAST)
        planning.register_household(db(), workshop, seen.household_id, site_id=current_scope(), channel=Channel.KIOSK,
                                    now=moment, owner_node=current_app.config["NODE_CODE"])
    except ActivityError as refused:
        db().rollback()
        return _sign_up_page(seen, moment, t[SIGN_UP_REFUSALS[refused.reason or Reason.PAST]])
    db().commit()
    return _sign_up_page(seen, moment, t["signed_up"].format(title=workshop.title))


@bp.route("/horaires")
@public
def hours():
    return _render("hours.html", sites=content.opening_hours(db()))


@bp.route("/camion")
@public
def van():
    return _render("van.html", stops=content.van_stops(db(), paris_today(now())))


@bp.route("/ateliers")
@public
def workshops():
    found = planning.upcoming(db(), current_scope(), now())
    return _render("workshops.html", workshops=found, skills=bourse.open_counts(db(), current_scope()),
                   local=paris_now)


@bp.route("/droits")
@public
def rights():
    return _render("rights.html", pages=content.rights_pages(db()))
