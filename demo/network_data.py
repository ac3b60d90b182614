"""Demo network: the departmental warehouse, 15 centre-bourg sites, 3 "Croix-Rouge sur roues" vans.

Why this module exists: the demo must show the real shape of the Gers network (DOMAIN: one
processing site in Auch, fifteen small-town épiceries with a vesti-boutique, vans touring isolated
villages) so that sync, allowances across sites, reports by commune and opening hours can be seen
working. It is pure, deterministic data: no database, no clock, no randomness.

Communes, INSEE codes and postcodes are real and were checked against the official commune records
(note Riscle 32344 and Masseube 32242). Street addresses, organisations managing each site, opening
hours and capacities are illustrative: they are plausible, not those of any real association — never
send anyone to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Literal

SiteKind = Literal["warehouse", "centre_bourg", "mobile_unit"]

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

BANQUE_ALIMENTAIRE = "Banque Alimentaire du Gers"
CROIX_ROUGE = "Croix-Rouge française"
SECOURS_POPULAIRE = "Secours populaire français"
SECOURS_CATHOLIQUE = "Secours Catholique"
CCAS = "CCAS"  # centre communal d'action sociale (the town hall's social service)
CIAS = "CIAS"  # its intercommunal counterpart
ORGANISATIONS: tuple[str, ...] = (
    BANQUE_ALIMENTAIRE, CROIX_ROUGE, SECOURS_POPULAIRE, SECOURS_CATHOLIQUE, CCAS, CIAS,
)


@dataclass(frozen=True, slots=True)
class OpeningSlot:
    weekday: int  # 0 = Monday … 6 = Sunday
    opens: time
    closes: time


@dataclass(frozen=True, slots=True)
class TourStop:
    weekday: int  # 0 = Monday … 6 = Sunday
    commune: str
    insee_code: str
    opens: time
    closes: time


@dataclass(frozen=True, slots=True)
class SiteData:
    code: str
    name_fr: str
    kind: SiteKind
    commune: str
    insee_code: str
    postcode: str
    address: str
    organisation: str
    has_epicerie: bool
    has_vesti_boutique: bool
    capacity_kg: tuple[tuple[str, int], ...]  # (storage class, kg), one pair per class
    opening_slots: tuple[OpeningSlot, ...]
    tour_stops: tuple[TourStop, ...] = ()

    def capacity_for(self, storage_class: str) -> int:
        """Storage capacity in kg for one class (0 when the site has none)."""
        return dict(self.capacity_kg).get(storage_class, 0)


_DAYS = {"Mon": MON, "Tue": TUE, "Wed": WED, "Thu": THU, "Fri": FRI, "Sat": SAT, "Sun": SUN}


def _span(spec: str) -> tuple[int, time, time]:
    """ "Tue 14:00-17:30" -> (1, 14:00, 17:30): keeps the tables below one readable line per site."""
    day, hours = spec.split(" ")
    opens, closes = hours.split("-")
    return _DAYS[day], time.fromisoformat(opens), time.fromisoformat(closes)


def _hours(*specs: str) -> tuple[OpeningSlot, ...]:
    return tuple(OpeningSlot(*_span(spec)) for spec in specs)


def _stop(spec: str, commune: str, insee_code: str) -> TourStop:
    weekday, opens, closes = _span(spec)
    return TourStop(weekday, commune, insee_code, opens, closes)


def _capacity(ambient: int, chilled: int, frozen: int) -> tuple[tuple[str, int], ...]:
    return (("ambient", ambient), ("chilled", chilled), ("frozen", frozen))


def _epicerie_name(commune: str) -> str:
    """ "Épicerie solidaire d'Auch", "… de L'Isle-Jourdain": French elision before a vowel."""
    elided = commune[0] in "AEÉIOU" and not commune.startswith("L'")
    return f"Épicerie solidaire d'{commune}" if elided else f"Épicerie solidaire de {commune}"


WAREHOUSE = SiteData(
    code="BA32",
    name_fr="Banque Alimentaire du Gers – entrepôt départemental",
    kind="warehouse",
    commune="Auch",
    insee_code="32013",
    postcode="32000",
    address="Zone artisanale Nord, 20 rue des Artisans",
    organisation=BANQUE_ALIMENTAIRE,
    has_epicerie=False,
    has_vesti_boutique=False,
    capacity_kg=_capacity(60_000, 8_000, 6_000),
    # Reception and dispatch: weekdays, with a lunch break.
    opening_slots=_hours(*(f"{day} {hours}" for day in ("Mon", "Tue", "Wed", "Thu", "Fri")
                           for hours in ("08:00-12:00", "13:30-17:00"))),
)

# Capacity tiers by town size (ambient, chilled, frozen kg): a back room, two fridges, a chest freezer.
_LARGE = _capacity(4_000, 500, 300)
_MEDIUM = _capacity(2_500, 300, 200)
_SMALL = _capacity(1_500, 180, 120)


def _centre_bourg(
    code: str,
    commune: str,
    insee_code: str,
    postcode: str,
    address: str,
    organisation: str,
    capacity: tuple[tuple[str, int], ...],
    slots: tuple[OpeningSlot, ...],
    *,
    vesti: bool = True,
) -> SiteData:
    return SiteData(
        code=code,
        name_fr=_epicerie_name(commune),
        kind="centre_bourg",
        commune=commune,
        insee_code=insee_code,
        postcode=postcode,
        address=address,
        organisation=organisation,
        has_epicerie=True,
        has_vesti_boutique=vesti,
        capacity_kg=capacity,
        opening_slots=slots,
    )


CENTRE_BOURG_SITES: tuple[SiteData, ...] = (
    _centre_bourg("AUCH", "Auch", "32013", "32000", "18 avenue de la Marne", CROIX_ROUGE, _LARGE,
                  _hours("Tue 14:00-17:30", "Wed 09:00-12:00", "Fri 09:00-12:00", "Fri 14:00-17:00")),
    _centre_bourg("CONDOM", "Condom", "32107", "32100", "7 rue Jean-Jaurès", SECOURS_POPULAIRE, _LARGE,
                  _hours("Mon 14:00-17:00", "Wed 14:00-17:30", "Sat 09:00-12:00")),
    _centre_bourg("FLEURANCE", "Fleurance", "32132", "32500", "3 place de la République",
                  SECOURS_POPULAIRE, _LARGE,
                  _hours("Tue 09:00-12:00", "Thu 14:00-17:30", "Sat 09:30-12:00")),
    _centre_bourg("ISLEJ", "L'Isle-Jourdain", "32160", "32600", "11 route de Toulouse", CCAS, _LARGE,
                  _hours("Mon 09:00-12:00", "Wed 14:00-17:30", "Thu 14:00-17:30", "Sat 09:00-12:00")),
    _centre_bourg("EAUZE", "Eauze", "32119", "32800", "4 rue des Écoles", CCAS, _MEDIUM,
                  _hours("Tue 14:00-17:00", "Thu 09:00-12:00")),
    _centre_bourg("LECTOURE", "Lectoure", "32208", "32700", "9 rue Nationale", SECOURS_CATHOLIQUE, _MEDIUM,
                  _hours("Mon 14:00-17:00", "Thu 14:00-17:00", "Sat 09:30-12:00")),
    _centre_bourg("MIRANDE", "Mirande", "32256", "32300", "6 avenue de la Gare", CIAS, _MEDIUM,
                  _hours("Tue 09:00-12:00", "Wed 14:00-17:30", "Fri 14:00-17:00")),
    _centre_bourg("NOGARO", "Nogaro", "32296", "32110", "5 place de l'Église", CROIX_ROUGE, _MEDIUM,
                  _hours("Wed 09:00-12:00", "Fri 14:00-17:30")),
    _centre_bourg("VICFEZ", "Vic-Fezensac", "32462", "32190", "14 boulevard Gambetta",
                  SECOURS_CATHOLIQUE, _MEDIUM,
                  _hours("Mon 09:00-12:00", "Wed 14:00-17:00", "Fri 09:00-12:00")),
    _centre_bourg("SAMATAN", "Samatan", "32410", "32130", "1 rue du Foirail", SECOURS_POPULAIRE, _MEDIUM,
                  _hours("Tue 14:00-17:30", "Sat 09:00-12:00")),
    _centre_bourg("GIMONT", "Gimont", "32147", "32200", "6 boulevard du Nord", SECOURS_POPULAIRE, _MEDIUM,
                  _hours("Mon 14:00-17:30", "Thu 09:00-12:00", "Thu 14:00-17:00")),
    _centre_bourg("RISCLE", "Riscle", "32344", "32400", "3 rue de l'Adour", CROIX_ROUGE, _SMALL,
                  _hours("Tue 09:00-12:00", "Fri 14:00-17:00"), vesti=False),
    _centre_bourg("MASSEUBE", "Masseube", "32242", "32140", "12 avenue du Gers", CIAS, _SMALL,
                  _hours("Wed 09:00-12:00", "Sat 09:30-12:00"), vesti=False),
    _centre_bourg("MARCIAC", "Marciac", "32233", "32230", "2 rue Saint-Pierre", CROIX_ROUGE, _SMALL,
                  _hours("Mon 14:00-17:00", "Thu 14:00-17:00"), vesti=False),
    _centre_bourg("MAUVEZIN", "Mauvezin", "32249", "32120", "9 place de la Libération",
                  SECOURS_CATHOLIQUE, _SMALL,
                  _hours("Tue 14:00-17:00", "Wed 09:00-12:00", "Sat 09:00-12:00")),
)

# Vans carry a small ambient load, a fridge and a freezer; they stay offline between returns to base.
_VAN_CAPACITY = _capacity(400, 120, 60)


def _mobile_unit(
    code: str, direction: str, base: SiteData, address: str, stops: tuple[TourStop, ...]
) -> SiteData:
    """A van based in a centre-bourg town (same commune, own garage address)."""
    return SiteData(
        code=code,
        name_fr=f"Croix-Rouge sur roues – {direction}",
        kind="mobile_unit",
        commune=base.commune,
        insee_code=base.insee_code,
        postcode=base.postcode,
        address=address,
        organisation=CROIX_ROUGE,
        has_epicerie=True,
        has_vesti_boutique=False,
        capacity_kg=_VAN_CAPACITY,
        opening_slots=(),  # a van opens at its tour stops
        tour_stops=stops,
    )


_BY_CODE = {site.code: site for site in CENTRE_BOURG_SITES}

MOBILE_UNITS: tuple[SiteData, ...] = (
    _mobile_unit("CRR-NORD", "Nord", _BY_CODE["LECTOURE"], "15 rue Nationale", (
        _stop("Mon 09:30-12:00", "Saint-Clar", "32370"),
        _stop("Tue 14:00-16:30", "Tournecoupe", "32452"),
        _stop("Thu 09:30-11:30", "Blaziert", "32057"),
        _stop("Fri 14:00-17:00", "Montréal", "32290"),
    )),
    _mobile_unit("CRR-SUD", "Sud", _BY_CODE["MIRANDE"], "8 avenue de la Gare", (
        _stop("Mon 14:00-17:00", "Miélan", "32252"),
        _stop("Tue 09:30-12:00", "Villecomtal-sur-Arros", "32464"),
        _stop("Wed 14:00-16:30", "Montesquiou", "32285"),
        _stop("Thu 09:30-12:00", "Bassoues", "32032"),
    )),
    _mobile_unit("CRR-OUEST", "Ouest", _BY_CODE["NOGARO"], "7 place de l'Église", (
        _stop("Tue 09:30-12:00", "Aignan", "32001"),
        _stop("Wed 14:00-17:00", "Cazaubon", "32096"),
        _stop("Thu 09:30-12:00", "Plaisance", "32319"),
        _stop("Fri 14:00-16:30", "Roquebrune", "32346"),
    )),
)

ALL_SITES: tuple[SiteData, ...] = (WAREHOUSE, *CENTRE_BOURG_SITES, *MOBILE_UNITS)
