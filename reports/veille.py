"""The « veille sociale » for the Conseil départemental and the CCAS: anonymised counts of households,
with small-cell suppression — no count of 1 to (setting − 1) households is shown or exported, and
when a row would give a hidden cell back by subtraction, a second cell is hidden too.

Read from the registry (central only): households with an access during the period, by commune of
residence and composition; referring structures and referral reasons; waiting times from request to decision; accesses,
renewals, emergencies and households in their waiting period (carence).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from gers.clock import paris_today
from households.access import last_chain, waiting_until
from households.access_models import AccessPeriod, AccessRequest, CommissionDecision, CommissionSession
from households.enums import (
    HOUSEHOLD_TYPE_LABELS,
    NO_REASON_LABEL,
    REFERRAL_REASON_LABELS,
    AccessKind,
    HouseholdType,
    Outcome,
    parse_reasons,
)
from households.models import Household
from households.rules import access_rules, network_rules
from reports import indicators

WAIT_BUCKETS = ((15, "15 jours ou moins"), (30, "16 à 30 jours"), (60, "31 à 60 jours"), (None, "plus de 60 jours"))
DAY = dt.timedelta(days=1)


@dataclass
class Row:
    label: str
    cells: dict[str, int | None]  # suppressed cells are None
    total: int | None


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    note: str = ""


@dataclass
class Veille:
    start: dt.date
    end: dt.date
    minimum: int
    sections: list[Section]


def veille(session: Session, start: dt.date, end: dt.date, minimum: int) -> Veille:
    periods = session.execute(select(AccessPeriod.household_id, AccessPeriod.kind, AccessPeriod.starts_on,
                                     AccessPeriod.ends_on)).all()
    helped = {household for household, _k, starts, ends in periods if starts <= end and ends >= start}
    requests = _requests(session, start, end)
    return Veille(start, end, minimum, [
        _by_commune(session, helped, minimum),
        _referrers(requests, minimum),
        _reasons(requests, minimum),
        _waiting(session, start, end, minimum),
        _accesses(session, periods, start, end, minimum),
    ])


def _suppressed(label: str, counts: dict[str, int], minimum: int) -> Row:
    return Row(label, indicators.suppress_row(counts, minimum),
               indicators.suppress_total(sum(counts.values()), minimum))


def _by_commune(session: Session, helped: set, minimum: int) -> Section:
    types = list(HOUSEHOLD_TYPE_LABELS.values())
    section = Section("communes", "Foyers aidés par commune de résidence et composition", types)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(types, 0))
    for commune, kind in session.execute(select(Household.commune, Household.household_type)
                                         .where(Household.id.in_(helped))) if helped else []:
        counts[commune or "Commune non renseignée"][HOUSEHOLD_TYPE_LABELS[HouseholdType(kind)]] += 1
    section.rows = [_suppressed(commune, cells, minimum) for commune, cells in sorted(counts.items())]
    totals = {label: sum(cells[label] for cells in counts.values()) for label in types}
    section.rows.append(_suppressed("Total", totals, minimum))
    return section


def _requests(session: Session, start: dt.date, end: dt.date) -> list[tuple[str, object, str]]:
    """(referring structure, household, stored reasons) of the requests made during the period."""
    rows = session.execute(select(AccessRequest.referring_organisation, AccessRequest.household_id,
                                  AccessRequest.created_at, AccessRequest.referral_reasons))
    return [(structure, household, reasons) for structure, household, created, reasons in rows
            if start <= paris_today(created) <= end]


def _referrers(requests: list, minimum: int) -> Section:
    """The structure is typed freely on the request: spellings that differ only by case or spaces
    (« CCAS d'Auch », « ccas  d'Auch ») are one structure, shown under its most frequent spelling."""
    section = Section("orienteurs", "Demandes par structure qui oriente (foyers distincts)", ["Foyers"])
    by_structure: dict[str, set] = defaultdict(set)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for structure, household, _reasons in requests:
        spelling = " ".join(structure.split()) or "Non renseignée"
        by_structure[spelling.casefold()].add(household)
        spellings[spelling.casefold()][spelling] += 1
    named = {min(spellings[key].items(), key=lambda item: (-item[1], item[0]))[0]: households
             for key, households in by_structure.items()}
    for structure, households in sorted(named.items()):
        count = indicators.suppress_total(len(households), minimum)
        section.rows.append(Row(structure, {"Foyers": count}, count))
    return section


def _reasons(requests: list, minimum: int) -> Section:
    """Each household once per reason given on any of its requests of the period; requests made before
    the reasons were asked count under « Non renseigné »."""
    section = Section("motifs", "Motifs de l'orientation (foyers distincts, plusieurs motifs possibles)",
                      ["Foyers"])
    by_reason: dict[str, set] = {label: set() for label in [*REFERRAL_REASON_LABELS.values(), NO_REASON_LABEL]}
    for _structure, household, stored in requests:
        for label in [REFERRAL_REASON_LABELS[reason] for reason in parse_reasons(stored)] or [NO_REASON_LABEL]:
            by_reason[label].add(household)
    for label, households in by_reason.items():
        count = indicators.suppress_total(len(households), minimum)
        section.rows.append(Row(label, {"Foyers": count}, count))
    section.note = "Un foyer orienté pour plusieurs motifs compte dans chacun : les lignes ne s'additionnent pas."
    return section


def _waiting(session: Session, start: dt.date, end: dt.date, minimum: int) -> Section:
    labels = [label for _limit, label in WAIT_BUCKETS]
    section = Section("delais", "Délai entre la demande et la décision de la commission", labels)
    rows = session.execute(select(AccessRequest.id, AccessRequest.created_at, CommissionSession.held_on)
                           .join(CommissionDecision, CommissionDecision.request_id == AccessRequest.id)
                           .join(CommissionSession, CommissionSession.id == CommissionDecision.session_id)
                           .where(CommissionDecision.outcome != Outcome.ADJOURNED,
                                  CommissionSession.held_on.between(start, end)))
    decided: dict = {}  # request -> (first decision's day, request time)
    for request_id, created, held_on in rows:
        if request_id not in decided or held_on < decided[request_id][0]:
            decided[request_id] = (held_on, created)
    waits = [max((held_on - paris_today(created)).days, 0) for held_on, created in decided.values()]
    counts = dict.fromkeys(labels, 0)
    for days in waits:
        counts[next(label for limit, label in WAIT_BUCKETS if limit is None or days <= limit)] += 1
    section.rows.append(_suppressed("Décisions", counts, minimum))
    median = indicators.median_days(waits) if len(waits) >= minimum else None
    section.note = (f"Délai médian : {median} jours." if median is not None
                    else "Délai médian non publié (moins de décisions que le seuil du secret statistique).")
    return section


def _accesses(session: Session, periods, start: dt.date, end: dt.date, minimum: int) -> Section:
    columns = ["Foyers"]
    section = Section("acces", "Accès, renouvellements, carences et accès d'urgence", columns)
    started: dict[AccessKind, set] = defaultdict(set)
    by_household: dict = defaultdict(list)
    for household, kind, starts, ends in periods:
        by_household[household].append(_Period(kind, starts, ends))
        if start <= starts <= end:
            started[kind].add(household)
    rules = access_rules(network_rules(session))
    in_carence = set()
    for household, own in by_household.items():
        chain = last_chain(own, end + DAY, rules)
        last_day = waiting_until(chain, rules)
        if last_day is not None and chain[-1].ends_on + DAY <= end and last_day >= start:
            in_carence.add(household)
    for label, households in (("Premiers accès", started[AccessKind.INITIAL]),
                              ("Renouvellements", started[AccessKind.RENEWAL]),
                              ("Accès d'urgence", started[AccessKind.EMERGENCY]),
                              ("Foyers en délai de carence", in_carence)):
        count = indicators.suppress_total(len(households), minimum)
        section.rows.append(Row(label, {"Foyers": count}, count))
    return section


@dataclass(frozen=True)
class _Period:
    kind: AccessKind
    starts_on: dt.date
    ends_on: dt.date


def to_csv(report: Veille) -> bytes:
    """Suppressed cells are written « s » (secret), never the figure."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["section", "ligne", "colonne", "foyers"])
    for section in report.sections:
        for row in section.rows:
            for column, value in row.cells.items():
                writer.writerow([section.key, row.label, column, indicators.SECRET if value is None else value])
            if len(row.cells) > 1:
                writer.writerow([section.key, row.label, "total",
                                 indicators.SECRET if row.total is None else row.total])
    return ("\ufeff" + buffer.getvalue()).encode()
