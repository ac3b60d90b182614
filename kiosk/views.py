"""The beneficiaries' kiosk (site node, no login): a card's rights, and what everyone may read.

Its own access rule: no account, but only from the addresses of the kiosk screens
(KIOSK_ADDRESSES, the Pi itself by default), so the card lookup is not open to the whole network.
Every answer is `no-store` and the card travels in a POST body, never in a URL: nothing of a card
stays in the history or in a cache once the screen goes back to the welcome page.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from gers.auth.throttle import Throttle
from gers.clock import paris_now, paris_today
from gers.scope import current_scope
from gers.web import db, now, public
from kiosk import content
from kiosk.card import CardOutcome, read_card
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
    return _render("card.html", seen=seen, Outcome=CardOutcome)


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
    found = content.upcoming_workshops(db(), current_scope(), now())
    return _render("workshops.html", workshops=found, local=lambda moment: paris_now(moment))


@bp.route("/droits")
@public
def rights():
    return _render("rights.html", pages=content.rights_pages(db()))
