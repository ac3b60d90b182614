"""Settings screens for coordinators: durations, thresholds, tiers, supplements, site and category rules."""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gers.models import Role
from gers.web import db, roles
from households import forms, rules, settings_service
from households.enums import ELIGIBILITY_METHOD_LABELS, PERIOD_KIND_LABELS, EligibilityMethod, PeriodKind
from households.errors import InvalidInput
from inventory.models import Site

bp = Blueprint("settings", __name__, url_prefix="/parametres")


def _page(errors: dict | None = None, form: dict | None = None, section: str = ""):
    session = db()
    network = rules.network_rules(session)
    sites = list(session.scalars(select(Site).where(Site.has_epicerie).order_by(Site.name)))
    site_rows = [(site, rules.site_settings(session, site.id, network)) for site in sites]
    return render_template(
        "households/settings.html", network=network, fields=settings_service.NETWORK_FIELDS,
        tiers=rules.tiers(session), supplements=rules.supplement_rules(session), site_rows=site_rows,
        category_rows=rules.category_rules(session), methods=ELIGIBILITY_METHOD_LABELS,
        kinds=PERIOD_KIND_LABELS, errors=errors or {}, form=form or {}, section=section), 422 if errors else 200


def _saved(message: str):
    db().commit()
    flash(message, "info")
    return redirect(url_for("households.settings.index"))


def _failed(refused: InvalidInput, section: str):
    db().rollback()
    return _page(refused.errors, request.form, section)


@bp.route("/")
@roles(Role.COORDINATOR)
def index():
    return _page()


@bp.route("/reseau", methods=["POST"])
@roles(Role.COORDINATOR)
def network():
    read = forms.Reader(request.form)
    values = {name: (read.integer(name, label) if kind is int else read.decimal(name, label))
              for name, label, kind, _minimum in settings_service.NETWORK_FIELDS}
    try:
        read.done()
        settings_service.update_network(db(), values)
    except InvalidInput as refused:
        return _failed(refused, "network")
    return _saved("Paramètres du réseau enregistrés.")


@bp.route("/baremes", methods=["POST"])
@roles(Role.COORDINATOR)
def tier():
    read = forms.Reader(request.form)
    kind = read.choice("period_kind", PeriodKind, "la période")
    values = dict(adults=read.integer("adults", "le nombre d'adultes"),
                  base=read.decimal("base_amount", "le montant de base"),
                  per_adult=read.decimal("per_adult_amount", "le montant par adulte supplémentaire"),
                  per_child=read.decimal("per_child_amount", "le montant par enfant"),
                  cap=read.decimal("cap_amount", "le plafond", required=False))
    try:
        read.done()
        settings_service.save_tier(db(), kind=kind, owner_node=current_app.config["NODE_CODE"], **values)
    except InvalidInput as refused:
        return _failed(refused, "tiers")
    return _saved("Barème enregistré.")


@bp.route("/supplements/<uuid:rule_id>", methods=["POST"])
@roles(Role.COORDINATOR)
def supplement(rule_id: uuid.UUID):
    read = forms.Reader(request.form)
    values = dict(label=read.text("label", 120), under_age=read.integer("under_age", "l'âge"),
                  amount=read.decimal("amount", "le montant"), active=request.form.get("active") == "on")
    try:
        read.done()
        settings_service.save_supplement(db(), rule_id, **values)
    except InvalidInput as refused:
        return _failed(refused, "supplements")
    return _saved("Supplément enregistré.")


@bp.route("/sites/<uuid:site_id>", methods=["POST"])
@roles(Role.COORDINATOR)
def site(site_id: uuid.UUID):
    read = forms.Reader(request.form)
    values = dict(method=read.choice("eligibility_method", EligibilityMethod, "la méthode"),
                  rav_threshold=read.decimal("rav_threshold", "le seuil de reste à vivre"),
                  qf_threshold=read.decimal("qf_threshold", "le seuil de quotient familial"),
                  participation_rate=read.decimal("participation_rate", "le taux de participation"),
                  card_first=read.integer("emergency_card_first", "le premier numéro", required=False),
                  card_last=read.integer("emergency_card_last", "le dernier numéro", required=False))
    try:
        read.done()
        settings_service.save_site_rules(db(), site_id, owner_node=current_app.config["NODE_CODE"], **values)
    except InvalidInput as refused:
        return _failed(refused, f"site-{site_id}")
    return _saved("Règles du site enregistrées.")


@bp.route("/categories/<uuid:category_id>", methods=["POST"])
@roles(Role.COORDINATOR)
def category(category_id: uuid.UUID):
    read = forms.Reader(request.form)
    values = dict(rate=read.decimal("participation_rate", "le taux", required=False),
                  quota_base=read.integer("quota_base", "la limite", required=False),
                  quota_per_person=read.integer("quota_per_person", "la limite par personne", required=False) or 0)
    try:
        read.done()
        settings_service.save_category_rule(db(), category_id, owner_node=current_app.config["NODE_CODE"],
                                            **values)
    except InvalidInput as refused:
        return _failed(refused, f"category-{category_id}")
    return _saved("Règle de catégorie enregistrée.")
