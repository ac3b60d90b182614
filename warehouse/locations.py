"""Storage locations of the warehouse, donors, and the numbering of documents."""

from __future__ import annotations

import uuid

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from inventory.enums import STORAGE_LABELS, StorageClass
from inventory.ledger import StockError
from warehouse.models import Donor, DonorKind, StorageLocation


class InputError(StockError):
    """Bad input on a form: French messages by field name; nothing has been saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def locations(session: Session, site_id: uuid.UUID) -> list[StorageLocation]:
    return list(session.scalars(select(StorageLocation).where(
        StorageLocation.site_id == site_id, StorageLocation.active).order_by(StorageLocation.code)))


def create_location(session: Session, *, site_id: uuid.UUID, code: str, storage_class: StorageClass,
                    owner_node: str, label: str = "") -> StorageLocation:
    code = code.strip().upper()
    if not code:
        raise InputError({"code": "Indiquez le code de l'emplacement (ex. A-01-2)."})
    if session.scalar(select(StorageLocation.id).where(StorageLocation.site_id == site_id,
                                                       StorageLocation.code == code)):
        raise InputError({"code": f"L'emplacement {code} existe déjà."})
    location = StorageLocation(site_id=site_id, code=code, label=label.strip(), storage_class=storage_class,
                               owner_node=owner_node)
    session.add(location)
    session.flush()
    return location


_LOCATION_CLASS = select(StorageLocation.__table__.c.storage_class).where(
    StorageLocation.__table__.c.site_id == bindparam("site_id"), StorageLocation.__table__.c.code == bindparam("code"),
    StorageLocation.__table__.c.active)


def check_location(session: Session, site_id: uuid.UUID, code: str, storage_class: StorageClass) -> str:
    """The location code if goods of this storage class may go there; else a French InputError."""
    code = code.strip().upper()
    found = session.scalar(_LOCATION_CLASS, {"site_id": site_id, "code": code})
    if found is None:
        raise InputError({"location": f"Emplacement « {code} » inconnu dans l'entrepôt."})
    if found is not storage_class:
        raise InputError({"location": (
            f"L'emplacement {code} est « {STORAGE_LABELS[found]} » ; ce produit se "
            f"conserve en « {STORAGE_LABELS[storage_class]} ».")})
    return code


def donors(session: Session) -> list[Donor]:
    return list(session.scalars(select(Donor).where(Donor.active).order_by(Donor.name)))


def create_donor(session: Session, *, name: str, kind: DonorKind, owner_node: str, siret: str = "",
                 address: str = "", postcode: str = "", commune: str = "") -> Donor:
    name = " ".join(name.split())
    errors = {}
    if not name:
        errors["name"] = "Indiquez le nom du donateur."
    elif session.scalar(select(Donor.id).where(func.lower(Donor.name) == name.lower())):
        errors["name"] = f"Le donateur « {name} » existe déjà."
    siret = siret.replace(" ", "")
    if siret and not (siret.isdigit() and len(siret) == 14):
        errors["siret"] = "Le SIRET compte 14 chiffres."
    if errors:
        raise InputError(errors)
    donor = Donor(name=name, kind=kind, siret=siret, address=address.strip(), postcode=postcode.strip(),
                  commune=commune.strip(), owner_node=owner_node)
    session.add(donor)
    session.flush()
    return donor


def next_number(session: Session, column, prefix: str, year: int) -> str:
    """PREFIX-YYYY-NNNNN, gapless per year on the one node (central) that issues them."""
    stem = f"{prefix}-{year}-"
    last = session.scalar(select(func.max(column)).where(column.like(f"{stem}%")))
    return f"{stem}{(int(last.rsplit('-', 1)[1]) if last else 0) + 1:05d}"
