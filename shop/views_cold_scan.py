"""Readings by scan: scan the cold unit's label, then the thermometer types (or a person types) the
temperature; the same record and the same alert as a typed reading. And the unit's label to print."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gers.scope import scoped_get
from gers.web import db, now, roles
from shop import cold
from shop.cold_labels import unit_label_pdf
from shop.cold_scan import default_moment, read_scanned_celsius, read_unit_scan, unit_key
from shop.coldchain import MOMENTS, ColdChainError, ColdSettings, class_label
from shop.models import ColdUnit
from shop.web import SITE_STAFF, bp, site_id
from warehouse.web import actor_id, owner_node, parse_uuid


def _settings() -> ColdSettings:
    return ColdSettings.from_config(current_app.config)


def _unit_scanned(raw: str) -> ColdUnit:
    key = read_unit_scan(raw)
    units = db().scalars(select(ColdUnit).where(ColdUnit.site_id == site_id(), ColdUnit.active)).all()
    unit = next((u for u in units if unit_key(u.code) == key), None)
    if unit is None:
        raise ColdChainError(f"Aucun appareil « {key} » sur ce site : vérifiez l'étiquette.")
    return unit


@bp.route("/froid/scan", methods=["GET", "POST"])
@roles(*SITE_STAFF)
def cold_scan():
    unit, error = None, None
    try:
        if request.method == "POST":
            unit = scoped_get(ColdUnit.site_id, parse_uuid(request.form.get("unit")))
            reading = cold.record_reading(db(), unit, celsius=read_scanned_celsius(request.form.get("celsius")),
                                          moment=request.form.get("moment", ""), now=now(), settings=_settings(),
                                          owner_node=owner_node(), actor_id=actor_id())
            db().commit()
            if reading.out_of_range:
                flash("Température hors limite : décidez du sort des lots.", "error")
                return redirect(url_for("shop.cold_alert", reading_id=reading.id))
            flash(f"Relevé enregistré : {unit.code} à {reading.celsius:.1f} °C.".replace(".", ",", 1), "success")
            return redirect(url_for("shop.cold_scan"))
        if request.args.get("appareil") is not None:
            unit = _unit_scanned(request.args["appareil"])
    except ColdChainError as exc:
        db().rollback()
        error = str(exc)
    return render_template("shop/cold_scan.html", unit=unit, error=error, moments=MOMENTS,
                           moment=request.form.get("moment") or default_moment(now()),
                           limit=_limit_text(unit) if unit else "",
                           scanned=request.values.get("appareil", "")), 422 if error else 200


@bp.route("/froid/appareils/<uuid:unit_id>/etiquette.pdf")
@roles(*SITE_STAFF)
def cold_unit_label(unit_id):
    unit = scoped_get(ColdUnit.site_id, unit_id)
    return Response(unit_label_pdf(unit, _limit_text(unit)), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="etiquette-{unit_key(unit.code)}.pdf"'})


def _limit_text(unit: ColdUnit) -> str:
    limits = _settings().classes
    return class_label(limits[unit.limit_class]) if unit.limit_class in limits else unit.limit_class
