"""Unique households and persons helped in a year, per site, association and network, counted by the
database from the yearly household summary (one row per household and site it went to).

A household that went to two sites is one household of their association and of the network: each
level counts distinct household ids, never a sum of the levels below. Persons come from the
households' current composition, by the age reached during the year (only birth years are kept).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import String, Uuid, and_, case, cast, func, literal, null, select, true, union_all
from sqlalchemy.orm import Session

from households.enums import HouseholdType, Sex
from households.models import Household, HouseholdMember
from inventory.models import Site
from reports.models import HouseholdFirst, HouseholdYear


@dataclass
class Counts:
    households: int = 0
    bands: list[int] = field(default_factory=list)
    sexes: dict[Sex, int] = field(default_factory=dict)
    types: dict[HouseholdType, int] = field(default_factory=dict)
    returning: int = 0  # helped before this year too


def unique_counts(session: Session, year_start: dt.date, bounds: tuple[int, ...]) -> dict[tuple, Counts]:
    """Scope key (("network",), ("organisation", name), ("site", id)) -> its counts; one statement."""
    helped = (select(HouseholdYear.household_id, HouseholdYear.site_id, Site.organisation)
              .join(Site, Site.id == HouseholdYear.site_id)
              .where(HouseholdYear.year == year_start, HouseholdYear.visits > 0)).cte("helped")
    profile = _profile(helped, year_start, bounds).cte("profile")
    figures = [column for column in profile.columns if column.name != "household_id"]

    def level(name: str, rows=None, site=None, organisation=None):
        keys = [key for key in (site, organisation) if key is not None]
        statement = select(literal(name, String).label("level"), cast(null(), Uuid) if site is None else site,
                           cast(null(), String) if organisation is None else organisation, func.count(),
                           *(func.sum(column) for column in figures))
        if rows is None:  # the profile has one row per household helped anywhere
            return statement.select_from(profile)
        return statement.select_from(rows.join(profile, profile.c.household_id == rows.c.household_id)).group_by(*keys)

    by_org = (select(helped.c.household_id, helped.c.organisation)
              .where(func.coalesce(helped.c.organisation, "") != "").distinct().subquery())
    statement = union_all(
        level("site", helped, site=helped.c.site_id),
        level("organisation", by_org, organisation=by_org.c.organisation),
        level("network"))
    return {_key(row): _counts(row[3:], bounds) for row in session.execute(statement)}


def _profile(helped, year_start: dt.date, bounds: tuple[int, ...]):
    """Per household helped: persons by age band and by sex, a flag per household type, returning or not."""
    age = year_start.year - HouseholdMember.birth_year
    ids = select(helped.c.household_id).distinct().cte("ids")  # each household helped, once
    limits = list(zip((None, *bounds), (*bounds, None), strict=True))
    members = (select(HouseholdMember.household_id,
                      *(_count(and_(true() if low is None else age >= low, true() if high is None else age < high))
                        .label(f"band_{n}") for n, (low, high) in enumerate(limits)),
                      *(_count(HouseholdMember.sex == sex).label(f"sex_{sex.value}") for sex in Sex))
               .where(HouseholdMember.household_id.in_(select(ids.c.household_id)))
               .group_by(HouseholdMember.household_id)).subquery()
    person_columns = [column for column in members.columns if column.name != "household_id"]
    return (select(ids.c.household_id, *(func.coalesce(column, 0).label(column.name) for column in person_columns),
                   *(case((Household.household_type == kind, 1), else_=0).label(f"type_{kind.value}")
                     for kind in HouseholdType),
                   case((HouseholdFirst.first_day < year_start, 1), else_=0).label("came_before"))
            .select_from(ids)
            .outerjoin(members, members.c.household_id == ids.c.household_id)
            .outerjoin(Household, Household.id == ids.c.household_id)
            .outerjoin(HouseholdFirst, HouseholdFirst.household_id == ids.c.household_id))


def _count(condition):
    return func.count().filter(condition)


def _key(row) -> tuple:
    level, site_id, organisation = row[0], row[1], row[2]
    if level == "site":
        return ("site", site_id)
    return ("organisation", organisation) if level == "organisation" else ("network",)


def _counts(values, bounds: tuple[int, ...]) -> Counts:
    numbers = [int(value or 0) for value in values]
    households, numbers = numbers[0], numbers[1:]
    bands, numbers = numbers[:len(bounds) + 1], numbers[len(bounds) + 1:]
    sexes, numbers = dict(zip(Sex, numbers[:len(Sex)], strict=True)), numbers[len(Sex):]
    types, returning = dict(zip(HouseholdType, numbers[:len(HouseholdType)], strict=True)), numbers[-1]
    return Counts(households, bands, sexes, types, returning)
