"""Cold chain and quarantine screens of a site: readings, the alert that proposes loss or quarantine,
lots on hold and their release."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gers.scope import scoped_get
from gers.web import db, now, roles
from inventory.ledger import StockError, record_loss
from inventory.stock_models import LossReason, Lot
from shop import cold
from shop.coldchain import MOMENTS, UNIT_KINDS, ColdChainError, ColdSettings, class_label, read_celsius
from shop.hold_forms import decide_posted_hold, hold_posted_lot, posted_loss
from shop.models import ColdUnit, LotHold, TemperatureReading
from shop.web import SITE_STAFF, bp, site_id
from warehouse.web import actor_id, get_or_404, owner_node, parse_uuid


def _settings() -> ColdSettings:
    return ColdSettings.from_config(current_app.config)


@bp.route("/froid", methods=["GET", "POST"])
@roles(*SITE_STAFF)
def cold_chain():
    site, error = site_id(), None
    if request.method == "POST":
        try:
            if request.form.get("what") == "unit":
                _create_unit(site, request.form)
            else:
                reading = _record_reading(request.form)
        except (StockError, ColdChainError) as exc:
            db().rollback()
            error = str(exc)
        else:
            db().commit()
            if request.form.get("what") == "unit":
                flash("Appareil enregistré.", "success")
            elif reading.out_of_range:
                flash("Température hors limite : décidez du sort des lots.", "error")
                return redirect(url_for("shop.cold_alert", reading_id=reading.id))
            else:
                flash("Relevé enregistré.", "success")
            return redirect(url_for("shop.cold_chain"))
    units = db().scalars(select(ColdUnit).where(ColdUnit.site_id == site, ColdUnit.active)
                         .order_by(ColdUnit.code)).all()
    return render_template("shop/cold.html", units=units, readings=cold.last_readings(db(), site), error=error,
                           form=request.form, kinds=UNIT_KINDS, moments=MOMENTS, classes=_settings().classes,
                           class_label=class_label), 422 if error else 200


def _create_unit(site, form) -> None:
    cold.create_unit(db(), site_id=site, code=form.get("code", ""), label=form.get("label", ""),
                     kind=form.get("kind", ""), limit_class=form.get("limit_class", ""),
                     location=form.get("location", ""), settings=_settings(), owner_node=owner_node())


def _record_reading(form) -> TemperatureReading:
    unit = scoped_get(ColdUnit.site_id, parse_uuid(form.get("unit")))
    return cold.record_reading(db(), unit, celsius=read_celsius(form.get("celsius")), moment=form.get("moment", ""),
                               now=now(), settings=_settings(), owner_node=owner_node(), actor_id=actor_id())


@bp.route("/froid/releves/<uuid:reading_id>", methods=["GET", "POST"])
@roles(*SITE_STAFF)
def cold_alert(reading_id):
    reading = scoped_get(TemperatureReading.site_id, reading_id)
    unit = db().get(ColdUnit, reading.unit_id)
    error = None
    if request.method == "POST":
        try:
            count = _decide(unit, reading, request.form.get("action"))
        except StockError as exc:
            db().rollback()
            error = str(exc)
        else:
            db().commit()
            flash(f"{count} lot(s) {'mis en quarantaine' if request.form.get('action') == 'hold' else 'déclarés en perte'}.",
                  "success")
            return redirect(url_for("shop.cold_chain"))
    return render_template("shop/cold_alert.html", reading=reading, unit=unit, lots=cold.stock_in(db(), unit),
                           error=error), 422 if error else 200


def _decide(unit: ColdUnit, reading: TemperatureReading, action: str | None) -> int:
    lots = cold.stock_in(db(), unit)
    if not lots:
        raise StockError("Aucun lot enregistré dans cet appareil.")
    why = f"{unit.label} à {reading.celsius:.1f} °C le {reading.taken_at:%d/%m/%Y}".replace(".", ",", 1)
    for held in lots:
        if action == "hold":
            cold.hold_lot(db(), lot=held.lot, site_id=unit.site_id, location=held.location, reason=why, now=now(),
                          owner_node=owner_node(), actor_id=actor_id())
        elif action == "loss":
            record_loss(db(), lot=held.lot, site_id=unit.site_id, location=held.location, units=held.units,
                        grams=held.grams, reason=LossReason.COLD_CHAIN, now=now(), owner_node=owner_node(),
                        actor_id=actor_id(), note=why[:200])
        else:
            raise StockError("Choisissez : quarantaine ou perte.")
    return len(lots)


@bp.route("/quarantaine", methods=["GET", "POST"])
@roles(*SITE_STAFF)
def holds():
    site, error = site_id(), None
    lot = get_or_404(Lot, request.values.get("lot")) if request.values.get("lot") else None
    location = request.values.get("emplacement", "")
    if request.method == "POST" and lot is not None:
        error = hold_posted_lot(lot, site, location)
        if error is None:
            flash(f"Lot {lot.lot_code or 'sans numéro'} mis en quarantaine : ni vendu ni expédié.", "success")
            return redirect(url_for("shop.holds"))
    return _holds_page(lot, location, error)


def _holds_page(lot: Lot | None, location: str, error: str | None):
    return render_template("shop/holds.html", holds=cold.open_holds(db(), site_id()), lot=lot, location=location,
                           error=error), 422 if error else 200


@bp.route("/quarantaine/<uuid:hold_id>", methods=["POST"])
@roles(*SITE_STAFF)
def hold_decision(hold_id):
    hold = scoped_get(LotHold.site_id, hold_id)
    error = decide_posted_hold(hold)
    if error is not None:
        return _holds_page(None, "", error)
    flash("Lot détruit : perte enregistrée." if posted_loss() else "Quarantaine levée.", "success")
    return redirect(url_for("shop.holds"))
