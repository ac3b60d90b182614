"""Which site's objects a request may touch: one rule for every view of both nodes.

On a site node everyone works for the node's site. On central, network staff (coordination,
administration, warehouse) see every site and a site account only its own. Views load site-owned
rows by id through `scoped_get` (a 404 outside the scope, as if the row did not exist) and filter
their lists with `scoped`; a test walks the URL map with an account of another site.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from flask import abort, current_app
from sqlalchemy import Select, or_
from sqlalchemy.orm import InstrumentedAttribute

from gers.web import current_user, db, node_site_id

S = TypeVar("S", bound=Select)


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
    if user.role.spans_network:
        return None
    if user.site_id is None:  # an account made before accounts belonged to a site
        abort(403, "Ce compte n'est rattaché à aucun site : demandez à la coordination.")
    return user.site_id


def scoped(query: S, *site_columns: InstrumentedAttribute) -> S:
    """The query restricted to rows of the scope's site in any of `site_columns`."""
    scope = current_scope()
    return query if scope is None else query.where(or_(*(column == scope for column in site_columns)))


def scoped_get(site_column: InstrumentedAttribute, row_id: Any) -> Any:
    """The row of `site_column`'s model with this id, or a 404 when it is absent or out of scope."""
    row = db().get(site_column.class_, row_id) if isinstance(row_id, uuid.UUID) else None
    scope = current_scope()
    if row is None or (scope is not None and getattr(row, site_column.key) != scope):
        abort(404)
    return row
