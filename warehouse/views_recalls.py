"""Expiry dashboard, recalls (by hand or RappelConso CSV) with their traceability report, attestations."""

from __future__ import annotations

import datetime as dt
import re

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from gers.models import Role
from gers.web import db, now, roles
from inventory.ledger import StockError
from inventory.models import Site
from inventory.recalls import RecallTarget, lift_recall, record_recall
from inventory.stock_models import Recall
from warehouse.attestations import issue_attestation, issued_attestations
from warehouse.chart import kg_per_day_svg
from warehouse.dashboard import expiry_dashboard
from warehouse.locations import donors
from warehouse.models import DonorAttestation
from warehouse.recall_import import import_rappelconso
from warehouse.traceability import recall_report
from warehouse.web import (
    STAFF,
    actor_id,
    bp,
    get_or_404,
    owner_node,
    parse_date,
    parse_uuid,
    settings,
    today,
    warehouse_site,
)


@bp.route("/dates")
@roles(*STAFF)
def dashboard():
    site_id = parse_uuid(request.args.get("site"))
    board = expiry_dashboard(db(), today=today(), settings=settings(), site_id=site_id)
    chart = Markup(kg_per_day_svg(board.per_day, "Kilos arrivant en fin de vie par jour, 30 prochains jours"))
    sites = db().scalars(select(Site).order_by(Site.name)).all()
    return render_template("warehouse/dashboard.html", board=board, chart=chart, sites=sites, site_id=site_id)


@bp.route("/rappels")
@roles(*STAFF)
def recalls():
    rows = db().scalars(select(Recall).options(selectinload(Recall.items))
                        .order_by(Recall.recorded_at.desc()).limit(100)).all()
    return render_template("warehouse/recalls.html", recalls=rows, errors={}, form={})


@bp.route("/rappels", methods=["POST"])
@roles(*STAFF)
def create_recall():
    form = request.form
    lots = [lot.strip() for lot in re.split(r"[,;\n]", form.get("lots", "")) if lot.strip()]
    targets = [RecallTarget(form.get("gtin", "").strip(), lot) for lot in lots] or \
        [RecallTarget(form.get("gtin", "").strip())]
    try:
        recall, blocked = record_recall(db(), title=form.get("title", ""), targets=targets, now=now(),
                                        owner_node=owner_node(), reference=form.get("reference", ""),
                                        reason=form.get("reason", ""))
    except StockError as exc:
        db().rollback()
        rows = db().scalars(select(Recall).order_by(Recall.recorded_at.desc()).limit(100)).all()
        return render_template("warehouse/recalls.html", recalls=rows, errors={"recall": str(exc)}, form=form), 422
    db().commit()
    flash(f"Rappel enregistré : {len(blocked)} lot(s) bloqué(s) partout.", "success")
    return redirect(url_for("warehouse.recall", recall_id=recall.id))


@bp.route("/rappels/import", methods=["POST"])
@roles(*STAFF)
def import_recalls():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Choisissez le fichier CSV exporté de RappelConso.", "error")
        return redirect(url_for("warehouse.recalls"))
    text = upload.read().decode("utf-8-sig", errors="replace")
    summary = import_rappelconso(db(), text, now=now(), owner_node=owner_node())
    db().commit()
    flash(summary.message(), "success" if not summary.skipped else "warning")
    return redirect(url_for("warehouse.recalls"))


@bp.route("/rappels/<uuid:recall_id>")
@roles(*STAFF)
def recall(recall_id):
    row = get_or_404(Recall, recall_id)
    return render_template("warehouse/recall.html", report=recall_report(db(), row))


@bp.route("/rappels/<uuid:recall_id>/lever", methods=["POST"])
@roles(Role.COORDINATOR)
def lift(recall_id):
    row = get_or_404(Recall, recall_id)
    released = lift_recall(db(), row, now())
    db().commit()
    flash(f"Rappel levé : {released} lot(s) débloqué(s).", "success")
    return redirect(url_for("warehouse.recall", recall_id=recall_id))


@bp.route("/attestations", methods=["GET", "POST"])
@roles(Role.COORDINATOR, Role.WAREHOUSE)
def attestations():
    error = None
    if request.method == "POST":
        replaces = parse_uuid(request.form.get("replaces"))
        try:
            start, end = parse_date(request.form.get("start")), parse_date(request.form.get("end"))
            if start is None or end is None:
                raise StockError("Indiquez le début et la fin de la période.")
            old = get_or_404(DonorAttestation, replaces) if replaces else None
            attestation, data = issue_attestation(
                db(), parse_uuid(request.form.get("donor")), start, end, now=now(), owner_node=owner_node(),
                render_pdf=_render_pdf, actor_id=actor_id(), replaces=old, reason=request.form.get("reason", ""))
        except (StockError, ValueError) as exc:
            db().rollback()
            error = str(exc) if isinstance(exc, StockError) else "Date illisible (JJ/MM/AAAA)."
        else:
            db().commit()
            flash(f"Attestation {attestation.number} émise"
                  + (f", elle annule et remplace {old.number}." if old else ".")
                  + (" Des quantités sans valeur déclarée y sont signalées : le donateur les valorise."
                     if data.unvalued_grams or data.unvalued_units else ""), "success")
            return redirect(url_for("warehouse.attestations"))
    year = today().year
    return render_template("warehouse/attestations.html", donors=donors(db()), issued=issued_attestations(db()),
                           error=error, default_start=dt.date(year - 1, 1, 1), default_end=dt.date(year - 1, 12, 31),
                           form=request.form), 422 if error else 200


def _render_pdf(attestation: DonorAttestation, data) -> bytes:
    """The PDF as issued: rendered once, stored on the attestation, served as stored ever after."""
    from warehouse.documents import attestation_renderer  # reportlab: loaded when first needed

    return attestation_renderer(current_app.config["NETWORK_NAME"], warehouse_site())(attestation, data)


@bp.route("/attestations/<uuid:attestation_id>.pdf")
@roles(Role.COORDINATOR, Role.WAREHOUSE)
def attestation_document(attestation_id):
    attestation = get_or_404(DonorAttestation, attestation_id)
    if attestation.pdf is None:  # issued before attestations were frozen: nothing trustworthy to show
        abort(404)
    return Response(attestation.pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{attestation.number}.pdf"'})


@bp.context_processor
def recall_helpers() -> dict:
    from inventory.stock_models import MovementKind

    return {"MovementKind": MovementKind}
