"""Use cases of the collectes: declare a collecte and its shops, plan the shifts, sign volunteers up,
enter each shop's figures, add them up. They flush; the edge (view) commits once."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from collectes.forms import CollecteError
from collectes.models import Collecte, CollecteResult, CollecteShift, CollecteShop, ShiftVolunteer
from warehouse.models import Donor, DonorKind


def create_collecte(session: Session, *, name: str, national: bool, starts_on: dt.date, ends_on: dt.date,
                    owner_node: str) -> Collecte:
    name = name.strip()
    if not name:
        raise CollecteError("Nom : indiquez le nom de la collecte (par exemple « Collecte nationale 2026 »).")
    if ends_on < starts_on:
        raise CollecteError("Dates : le dernier jour est avant le premier.")
    if session.scalar(select(Collecte.id).where(Collecte.name == name)):
        raise CollecteError(f"Une collecte s'appelle déjà « {name} ».")
    collecte = Collecte(name=name, national=national, starts_on=starts_on, ends_on=ends_on, owner_node=owner_node)
    session.add(collecte)
    session.flush()
    return collecte


def add_shop(session: Session, collecte: Collecte, *, owner_node: str, donor: Donor | None = None, name: str = "",
             commune: str = "", address: str = "") -> CollecteShop:
    """A shop taking part; a shop that is already a donor takes the donor's name, commune and address."""
    if donor is not None:
        name, commune, address = donor.name, donor.commune, donor.address
    name = name.strip()
    if not name:
        raise CollecteError("Magasin : choisissez un donateur ou indiquez le nom du magasin.")
    if any(shop.name == name for shop in collecte.shops):
        raise CollecteError(f"« {name} » participe déjà à cette collecte.")
    shop = CollecteShop(collecte=collecte, donor=donor, name=name, commune=commune.strip(),
                        address=address.strip(), owner_node=owner_node)
    session.add(shop)
    session.flush()
    return shop


def _check_day(collecte: Collecte, day: dt.date) -> None:
    if not collecte.starts_on <= day <= collecte.ends_on:
        raise CollecteError(f"Le {day:%d/%m/%Y} n'est pas un jour de la collecte « {collecte.name} » "
                            f"(du {collecte.starts_on:%d/%m/%Y} au {collecte.ends_on:%d/%m/%Y}).")


def add_shift(session: Session, shop: CollecteShop, *, day: dt.date, starts_at: dt.time, ends_at: dt.time,
              places: int, owner_node: str) -> CollecteShift:
    _check_day(shop.collecte, day)
    if ends_at <= starts_at:
        raise CollecteError("Horaires : la fin du créneau doit être après son début.")
    if places < 1:
        raise CollecteError("Places : au moins une place par créneau.")
    shift = CollecteShift(shop=shop, day=day, starts_at=starts_at, ends_at=ends_at, places=places,
                          owner_node=owner_node)
    session.add(shift)
    session.flush()
    return shift


def sign_up(session: Session, shift: CollecteShift, display_name: str, *, owner_node: str) -> ShiftVolunteer:
    """A coordinator signs a volunteer up; a full shift or a name already there is refused."""
    display_name = " ".join(display_name.split())
    if not display_name or len(display_name) > 60:
        raise CollecteError("Bénévole : indiquez un nom d'affichage de 1 à 60 caractères (par exemple « Marie D. »).")
    if any(volunteer.display_name == display_name for volunteer in shift.volunteers):
        raise CollecteError(f"« {display_name} » est déjà inscrit sur ce créneau.")
    if len(shift.volunteers) >= shift.places:
        raise CollecteError(f"Ce créneau est complet ({shift.places} places).")
    volunteer = ShiftVolunteer(display_name=display_name, owner_node=owner_node)
    shift.volunteers.append(volunteer)
    session.flush()
    return volunteer


def withdraw(session: Session, volunteer: ShiftVolunteer) -> None:
    volunteer.shift.volunteers.remove(volunteer)
    session.flush()


def record_result(session: Session, shop: CollecteShop, *, day: dt.date, cartons: int, grams: int,
                  actor_id: uuid.UUID | None, owner_node: str) -> CollecteResult:
    """The shop's figures for the day; entering the same day again corrects them."""
    _check_day(shop.collecte, day)
    if cartons < 0 or grams < 0:
        raise CollecteError("Les cartons et les kilos ne peuvent pas être négatifs.")
    result = next((row for row in shop.results if row.day == day), None)
    if result is None:
        result = CollecteResult(shop=shop, day=day, cartons=cartons, grams=grams, owner_node=owner_node)
        session.add(result)
    result.cartons, result.grams, result.entered_by_id = cartons, grams, actor_id
    session.flush()
    return result


@dataclass(frozen=True)
class ShopTotal:
    shop: CollecteShop
    cartons: int
    grams: int
    days_entered: int


@dataclass(frozen=True)
class CollecteTotals:
    collecte: Collecte
    shops: list[ShopTotal]

    @property
    def cartons(self) -> int:
        return sum(shop.cartons for shop in self.shops)

    @property
    def grams(self) -> int:
        return sum(shop.grams for shop in self.shops)


def shop_total(shop: CollecteShop) -> ShopTotal:
    return ShopTotal(shop, sum(row.cartons for row in shop.results), sum(row.grams for row in shop.results),
                     len(shop.results))


def collecte_totals(session: Session, collecte_id: uuid.UUID) -> CollecteTotals | None:
    collecte = session.scalar(select(Collecte).where(Collecte.id == collecte_id).options(
        selectinload(Collecte.shops).selectinload(CollecteShop.results),
        selectinload(Collecte.shops).selectinload(CollecteShop.shifts).selectinload(CollecteShift.volunteers)))
    if collecte is None:
        return None
    return CollecteTotals(collecte, [shop_total(shop) for shop in collecte.shops])


def collectes(session: Session) -> list[Collecte]:
    return list(session.scalars(select(Collecte).order_by(Collecte.starts_on.desc(), Collecte.name)))


def store_donors(session: Session) -> list[Donor]:
    """The shops that already give to the warehouse (ramasse), offered when a shop joins a collecte."""
    return list(session.scalars(select(Donor).where(Donor.active, Donor.kind == DonorKind.STORE).order_by(Donor.name)))
