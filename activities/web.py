"""Flask glue shared by the activities' screens: who may do what, this node, the sites in scope."""

from __future__ import annotations

import uuid

from flask import current_app, flash, redirect, url_for
from sqlalchemy import select

from activities.errors import ActivityError
from gers.models import Role, User
from gers.scope import current_scope, scoped
from gers.web import current_user, db
from inventory.enums import SiteKind
from inventory.models import Site

VIEWERS = (Role.CASHIER, Role.SOCIAL_WORKER, Role.COORDINATOR, Role.ADMIN)
COUNTER = (Role.CASHIER, Role.COORDINATOR, Role.ADMIN)  # the site's counter: registrations, bookings
PLANNERS = (Role.COORDINATOR, Role.ADMIN)  # coordination on central, the site's coordinator at a site
FIGURES = (Role.SOCIAL_WORKER, Role.COORDINATOR, Role.ADMIN)


def node() -> str:
    return current_app.config["NODE_CODE"]


def on_site() -> bool:
    return current_app.config["ROLE"] == "site"


def can(roles: tuple[Role, ...]) -> bool:
    user = current_user()
    return user is not None and user.role in roles


def sites() -> list[Site]:
    """The sites the signed-in person plans for: the node's own at a site, those in scope on central."""
    return list(db().scalars(scoped(select(Site).where(Site.kind != SiteKind.WAREHOUSE).order_by(Site.name), Site.id)))


def site_in_scope(site_id: uuid.UUID | None) -> uuid.UUID:
    """A site chosen in a form, or the node's own: never one outside the person's scope."""
    scope = current_scope()
    if scope is not None:
        return scope
    if site_id is None or site_id not in {site.id for site in sites()}:
        raise ActivityError("Site : choisissez un site de la liste.")
    return site_id


def facilitators() -> list[User]:
    return list(db().scalars(select(User).where(User.active, User.role.in_(
        (Role.CASHIER, Role.SOCIAL_WORKER, Role.COORDINATOR))).order_by(User.display_name)))


def done(message: str, endpoint: str, **values):
    db().commit()
    flash(message, "success")
    return redirect(url_for(endpoint, **values))
