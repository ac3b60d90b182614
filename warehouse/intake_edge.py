"""The edge of an intake line, shared by the warehouse's reception screen and a site's local intake:
the line is recorded and committed; or the goods are refused by the intake rules, and then the line
is rolled back but the refusal is logged for the donor and committed (décret 2020-1274).
"""

from __future__ import annotations

from dataclasses import dataclass

from gers.web import db, now
from warehouse import donors, intake
from warehouse.locations import InputError
from warehouse.models import Delivery, IntakeLine
from warehouse.web import actor_id, owner_node, parse_date, parse_grams, parse_int, parse_uuid, settings

REFUSAL_LOGGED = "Lot refusé : noté au registre des dons refusés du donateur."


@dataclass(frozen=True)
class LineOutcome:
    line: IntakeLine | None
    errors: dict[str, str]


def record_line(delivery: Delivery, build_input, location_rule: intake.LocationRule = intake.check_location
                ) -> LineOutcome:
    """`build_input()` reads the form (it may raise InputError); commits whatever is kept."""
    try:
        line = intake.record_intake(db(), delivery, build_input(), now=now(), owner_node=owner_node(),
                                    settings=settings(), actor_id=actor_id(), location_rule=location_rule)
    except intake.IntakeRefused as refused:
        db().rollback()
        donors.log_refusal(db(), delivery, refused, now=now(), owner_node=owner_node(), actor_id=actor_id())
        db().commit()
        return LineOutcome(None, {**refused.errors, "refusal": REFUSAL_LOGGED})
    except InputError as exc:
        db().rollback()
        return LineOutcome(None, exc.errors)
    db().commit()
    return LineOutcome(line, {})


def read_field(form, name: str, parse, message: str, errors: dict[str, str]):
    """One field parsed; an unreadable one gets its French message under itself."""
    raw = form.get(name)
    try:
        return parse(raw)
    except ValueError:
        errors[name] = message.format((raw or "").strip()[:30])
        return None


def typed_refusal(form) -> donors.TypedRefusal:
    """The refusal form (shared with the site's local intake); unreadable numbers: InputError."""
    errors: dict[str, str] = {}
    units = read_field(form, "refuse_units", parse_int, "Nombre illisible : « {} ».", errors)
    grams = read_field(form, "refuse_kg", parse_grams, "Poids illisible : « {} » (en kg, ex. 2,5).", errors)
    expiry = read_field(form, "refuse_expiry_date", parse_date, "Date illisible : « {} » (JJ/MM/AAAA).", errors)
    if errors:
        raise InputError({"quantity" if k != "refuse_expiry_date" else "expiry_date": v for k, v in errors.items()})
    return donors.TypedRefusal(reason=form.get("refuse_reason", ""), product_id=parse_uuid(form.get("product_id")),
                               description=form.get("refuse_description", ""), lot_code=form.get("refuse_lot", ""),
                               expiry_date=expiry, units=units or 0, grams=grams or 0,
                               note=form.get("refuse_note", ""))
