"""Parsing the screens' forms into service inputs: French messages on the field for unreadable values."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from decimal import Decimal

from gers.formatting import read_decimal
from households.eligibility import Figures
from households.enums import EligibilityMethod, HouseholdType, Sex
from households.errors import InvalidInput
from households.registry import ContactInput, HouseholdInput, MemberInput

MEMBER_ROWS = 8


class Reader:
    """Reads typed values from a form, collecting one French message per bad field."""

    def __init__(self, form: Mapping[str, str]) -> None:
        self.form = form
        self.errors: dict[str, str] = {}

    def text(self, name: str, limit: int = 250) -> str:
        value = (self.form.get(name) or "").strip()
        if len(value) > limit:
            self.errors[name] = f"Texte trop long ({limit} caractères au plus)."
        return value[:limit]

    def decimal(self, name: str, label: str, required: bool = True) -> Decimal | None:
        try:
            value = read_decimal(self.form.get(name))
        except ValueError:
            self.errors[name] = f"{label.capitalize()} illisible : « {self.form.get(name)} »."
            return None
        if value is None and required:
            self.errors[name] = f"Indiquez {label}."
        return value

    def integer(self, name: str, label: str, required: bool = True) -> int | None:
        raw = (self.form.get(name) or "").strip()
        if not raw:
            if required:
                self.errors[name] = f"Indiquez {label}."
            return None
        # ASCII only and short: "²".isdigit() is True but int("²") raises.
        if not re.fullmatch(r"-?[0-9]{1,9}", raw):
            self.errors[name] = f"{label.capitalize()} : un nombre entier est attendu (« {raw[:30]} »)."
            return None
        return int(raw)

    def date(self, name: str, label: str) -> dt.date | None:
        raw = (self.form.get(name) or "").strip()
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            self.errors[name] = f"Indiquez {label} (jj/mm/aaaa)."
            return None

    def uuid(self, name: str) -> uuid.UUID | None:
        try:
            return uuid.UUID(self.form.get(name) or "")
        except ValueError:
            return None

    def choice(self, name: str, enum_class, label: str):
        try:
            return enum_class(self.form.get(name) or "")
        except ValueError:
            self.errors[name] = f"Choisissez {label}."
            return None

    def choices(self, name: str, enum_class) -> tuple:
        """Every box ticked under `name` (a form posts one value per box), each once, in the enum's order."""
        raw = self.form.getlist(name) if hasattr(self.form, "getlist") else []
        known = {member.value: member for member in enum_class}
        unknown = [value for value in raw if value not in known]
        if unknown:
            self.errors[name] = f"Choix inconnu : « {unknown[0][:30]} »."
        return tuple(member for member in enum_class if member.value in set(raw))

    def done(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


def household_input(form: Mapping[str, str]) -> HouseholdInput:
    read = Reader(form)
    members, unsexed = [], []
    for i in range(MEMBER_ROWS):
        year = read.integer(f"member_year_{i}", "l'année de naissance", required=False)
        if year is None:
            continue
        # No default: a pre-selected « Femme » was recorded for whoever the worker skipped.
        if form.get(f"member_sex_{i}") not in set(Sex):
            unsexed.append(str(i + 1))
            continue
        members.append(MemberInput(year, Sex(form[f"member_sex_{i}"])))
    if unsexed:
        read.errors["members"] = (f"Choisissez le sexe de la personne {', '.join(unsexed)} "
                                  "(« Non précisé » si la personne ne souhaite pas le dire).")
    if any(key.startswith("member_year_") for key in read.errors):
        read.errors["members"] = "Année de naissance illisible : quatre chiffres, par exemple 1984."
    data = HouseholdInput(
        home_site_id=read.uuid("home_site_id"),
        household_type=read.choice("household_type", HouseholdType, "le type de foyer"),
        members=tuple(members), commune=read.text("commune", 80), card_number=read.text("card_number", 20),
        participation_rate=read.decimal("participation_rate", "le taux", required=False),
        contact=ContactInput(read.text("contact_name", 120), read.text("phone", 30), read.text("email", 120),
                             read.text("postal_address", 250)))
    read.done()
    return data


def figures(form: Mapping[str, str]) -> tuple[EligibilityMethod | None, Figures]:
    read = Reader(form)
    method = EligibilityMethod(form["method"]) if form.get("method") in set(EligibilityMethod) else None
    result = Figures(
        monthly_resources=read.decimal("monthly_resources", "les ressources mensuelles") or Decimal(0),
        fixed_charges=read.decimal("fixed_charges", "les charges fixes") or Decimal(0),
        persons=read.integer("persons", "le nombre de personnes") or 0,
        parts=read.decimal("parts", "le nombre de parts", required=False),
        quotient_familial=read.decimal("quotient_familial", "le quotient familial", required=False))
    read.done()
    return method, result
