"""Which site's objects a request may touch: one rule for every view of both nodes.

On a site node everyone works for the node's site. On central, network staff (coordination,
administration, warehouse) see every site and a site account only its own. Views load site-owned
rows by id through `scoped_get` (a 404 outside the scope, as if the row did not exist) and filter
their lists with `scoped`; a test walks the URL map with an account of another site.

A row belongs to a site through a site column, or through a *reach*: a function giving the SQL
condition "this row is at site S for this user" (a household: its home site, an allowance share or
an access there, or a file the user registered). `scoped` and `in_scope` take either.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, current_app
from sqlalchemy import ColumnElement, Select, inspect, literal, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from gers.models import Role, User
from gers.web import current_user, db, node_site_id

S = TypeVar("S", bound=Select)
T = TypeVar("T")
Reach = InstrumentedAttribute | Callable[[uuid.UUID, User | None], ColumnElement[bool]]

# A social worker with no site works for the whole département (Conseil départemental): the whole
# registry, as network staff. One attached to a site sees that site's households only.
NETWORK_WITHOUT_SITE = frozenset({Role.SOCIAL_WORKER})


def current_scope() -> uuid.UUID | None:
    """The site whose objects this request may touch; None for every site."""
    if current_app.config["ROLE"] == "site":
        site_id = node_site_id()
        if site_id is None:
            abort(409, f"Le site {current_app.config['NODE_CODE']} n'est pas connu de ce poste : synchronisez-le.")
        return site_id
    user = current_user()
    if user is None:  # never "every site" by default: only a signed-in network account sees them all
        abort(401)
    if user.role.spans_network or (user.site_id is None and user.role in NETWORK_WITHOUT_SITE):
        return None
    if user.site_id is None:  # an account made before accounts belonged to a site
        abort(403, "Ce compte n'est rattaché à aucun site : demandez à la coordination.")
    return user.site_id


def _at(scope: uuid.UUID, reaches: tuple[Reach, ...]) -> ColumnElement[bool]:
    user = current_user()
    return or_(*(reach == scope if isinstance(reach, InstrumentedAttribute) else reach(scope, user)
                 for reach in reaches))


def scoped(query: S, *reaches: Reach) -> S:
    """The query restricted to rows at the scope's site through any of `reaches`."""
    scope = current_scope()
    return query if scope is None else query.where(_at(scope, reaches))


def in_scope(row: T | None, *reaches: Reach) -> T:
    """The row, or a 404 when it is absent or out of scope (the same SQL condition as `scoped`)."""
    if row is None:
        abort(404)
    scope = current_scope()
    if scope is None:
        return row
    mapper = inspect(type(row))
    key = zip(mapper.primary_key, inspect(row).identity, strict=True)
    query = select(literal(1)).select_from(mapper).where(*(column == value for column, value in key),
                                                        _at(scope, reaches))
    if db().scalar(query) is None:
        abort(404)
    return row


def scoped_get(site_column: InstrumentedAttribute, row_id: Any) -> Any:
    """The row of `site_column`'s model with this id, or a 404 when it is absent or out of scope."""
    row = db().get(site_column.class_, row_id) if isinstance(row_id, uuid.UUID) else None
    scope = current_scope()
    if row is None or (scope is not None and getattr(row, site_column.key) != scope):
        abort(404)
    return row
