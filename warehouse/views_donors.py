"""Donor screens on central: the donors and their conventions (loi Garot), the log of refused donations,
the yearly summary (screen, PDF, CSV), and a refusal typed at the warehouse's intake."""

from __future__ import annotations

import datetime as dt

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gers.clock import paris_midnight
from gers.web import db, now, roles
from inventory.ledger import StockError
from inventory.models import FoodGroup, Site
from warehouse import donors
from warehouse.donor_documents import summary_pdf
from warehouse.donor_enums import FREQUENCY_LABELS, REFUSAL_LABELS, TYPED_REASONS
from warehouse.donor_summary import check_year, donor_year, to_csv
from warehouse.intake_edge import read_field, typed_refusal
from warehouse.locations import InputError
from warehouse.locations import donors as active_donors
from warehouse.models import Delivery, Donor
from warehouse.views_intake import _delivery_page  # the reception screen, shown again with the errors
from warehouse.web import (
    STAFF,
    actor_id,
    bp,
    get_or_404,
    owner_node,
    parse_date,
    parse_int,
    parse_uuid,
    today,
)


def warning_days() -> int:
    return int(current_app.config["DONOR_CONVENTION_WARNING_DAYS"])


@bp.route("/donateurs")
@roles(*STAFF)
def donor_list():
    views = donors.conventions(db(), today=today(), warning_days=warning_days())
    latest = {}
    for view in views:
        latest.setdefault(view.convention.donor_id, view)
    return render_template("warehouse/donors.html", donors=active_donors(db()), latest=latest,
                           expiring=donors.expiring_conventions(db(), today=today(), warning_days=warning_days()))


@bp.route("/donateurs/<uuid:donor_id>")
@roles(*STAFF)
def donor_page(donor_id):
    return _donor_page(get_or_404(Donor, donor_id))


def _donor_page(donor: Donor, errors=None, form=None, status: int = 200):
    return render_template(
        "warehouse/donor.html", donor=donor, errors=errors or {}, form=form or {},
        conventions=donors.conventions(db(), today=today(), warning_days=warning_days(), donor_id=donor.id),
        refusals=donors.refusals(db(), donor_id=donor.id)[:20],
        food_groups=(groups := db().scalars(select(FoodGroup).order_by(FoodGroup.label)).all()),
        group_labels={group.code: group.label for group in groups},
        sites=db().scalars(select(Site).order_by(Site.name)).all(),
        frequencies=FREQUENCY_LABELS, year=today().year), status


@bp.route("/donateurs/<uuid:donor_id>/conventions", methods=["POST"])
@roles(*STAFF)
def add_convention(donor_id):
    donor = get_or_404(Donor, donor_id)
    form = request.form
    errors: dict[str, str] = {}
    data = donors.ConventionInput(
        signed_on=read_field(form, "signed_on", parse_date, "Date illisible : « {} » (JJ/MM/AAAA).", errors),
        starts_on=read_field(form, "starts_on", parse_date, "Date illisible : « {} » (JJ/MM/AAAA).", errors),
        ends_on=read_field(form, "ends_on", parse_date, "Date illisible : « {} » (JJ/MM/AAAA).", errors),
        duration_months=read_field(form, "duration_months", _optional_int, "Durée illisible : « {} » (en mois).", errors),
        goods=form.get("goods", ""), food_groups=tuple(form.getlist("food_groups")),
        pickup_frequency=form.get("pickup_frequency", ""), site_id=parse_uuid(form.get("site")),
        comment=form.get("comment", ""))
    try:
        convention = donors.add_convention(db(), donor, data, owner_node=owner_node())
        if errors:
            raise InputError({})
    except InputError as exc:
        db().rollback()
        if errors.keys() & {"duration_months", "ends_on", "starts_on", "signed_on"}:
            exc.errors.pop("ends_on", None)  # « give a duration or an end »: they gave one, unreadable
        return _donor_page(donor, errors={**exc.errors, **errors}, form=form, status=422)
    db().commit()
    flash(f"Convention enregistrée : du {convention.starts_on:%d/%m/%Y} au {convention.ends_on:%d/%m/%Y}.", "success")
    return redirect(url_for("warehouse.donor_page", donor_id=donor.id))


def _optional_int(raw: str | None) -> int | None:
    return parse_int(raw) if (raw or "").strip() else None


@bp.route("/donateurs/<uuid:donor_id>/refus")
@roles(*STAFF)
def donor_refusals(donor_id):
    donor = get_or_404(Donor, donor_id)
    error = None
    start, end = dt.date(today().year, 1, 1), today()
    try:
        start = parse_date(request.args.get("du")) or start
        end = parse_date(request.args.get("au")) or end
        if end < start:
            raise ValueError("order")
    except ValueError:
        error = "Période illisible : dates JJ/MM/AAAA, la fin après le début."
        start, end = dt.date(today().year, 1, 1), today()
    rows = donors.refusals(db(), donor_id=donor.id, start=paris_midnight(start),
                           end=paris_midnight(end + dt.timedelta(days=1)))
    return render_template("warehouse/donor_refusals.html", donor=donor, rows=rows, start=start, end=end,
                           error=error), 422 if error else 200


def _summary(donor: Donor):
    raw = request.args.get("annee", "")
    try:
        year = int(raw) if raw.strip() else today().year
        check_year(year, today())
    except (ValueError, StockError) as exc:
        return None, str(exc) if isinstance(exc, StockError) else f"Année illisible : « {raw[:10]} »."
    return donor_year(db(), donor, year), None


@bp.route("/donateurs/<uuid:donor_id>/bilan")
@roles(*STAFF)
def donor_summary(donor_id):
    donor = get_or_404(Donor, donor_id)
    summary, error = _summary(donor)
    return render_template("warehouse/donor_summary.html", donor=donor, summary=summary, error=error,
                           year=summary.year if summary else today().year), 422 if error else 200


@bp.route("/donateurs/<uuid:donor_id>/bilan.<kind>")
@roles(*STAFF)
def donor_summary_export(donor_id, kind: str):
    donor = get_or_404(Donor, donor_id)
    summary, error = _summary(donor)
    if summary is None or kind not in ("pdf", "csv"):
        return render_template("warehouse/donor_summary.html", donor=donor, summary=None, year=today().year,
                               error=error or "Format inconnu : PDF ou CSV."), 422
    name = f"bilan-dons-{summary.year}"
    if kind == "csv":
        return Response(to_csv(summary), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return Response(summary_pdf(summary, current_app.config["NETWORK_NAME"]), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}.pdf"'})


@bp.route("/receptions/<uuid:delivery_id>/refus", methods=["POST"])
@roles(*STAFF)
def refuse_at_intake(delivery_id):
    """Broken packaging, broken cold chain…: what the volunteer refuses at the truck's door."""
    delivery = get_or_404(Delivery, delivery_id)
    try:
        refusal = donors.refuse_donation(db(), delivery, typed_refusal(request.form), now=now(),
                                         owner_node=owner_node(), actor_id=actor_id())
    except InputError as exc:
        db().rollback()
        return _delivery_page(delivery, errors={f"refuse_{k}": v for k, v in exc.errors.items()},
                              form=request.form, status=422)
    db().commit()
    flash(f"Refus noté : {refusal.product_label} ({refusal.reason.label.lower()}).", "success")
    return redirect(url_for("warehouse.delivery", delivery_id=delivery.id))


@bp.context_processor
def refusal_helpers() -> dict:
    return {"typed_reasons": [(reason.value, REFUSAL_LABELS[reason]) for reason in TYPED_REASONS]}

