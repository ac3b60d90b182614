"""Users of the software (volunteers and staff — never beneficiaries) and their roles."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from gers.db import NODE_ONLY, Base, SyncedRow


class Role(enum.StrEnum):
    CASHIER = "cashier"
    WAREHOUSE = "warehouse"
    COORDINATOR = "coordinator"
    SOCIAL_WORKER = "social_worker"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def spans_network(self) -> bool:
        """Network staff work for every site; every other account belongs to one site."""
        return self in NETWORK_ROLES


NETWORK_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN, Role.WAREHOUSE})

ROLE_LABELS = {
    Role.CASHIER: "Bénévole caisse",
    Role.WAREHOUSE: "Équipe entrepôt",
    Role.COORDINATOR: "Coordination",
    Role.SOCIAL_WORKER: "Travailleur social",
    Role.ADMIN: "Administration",
}


def enum_column(enum_class: type[enum.Enum], name: str) -> Enum:
    """Enums stored as their values in a VARCHAR with a CHECK: portable, readable in SQL."""
    return Enum(enum_class, name=name, native_enum=False, create_constraint=True, length=32,
                values_callable=lambda members: [m.value for m in members])


class User(SyncedRow, Base):
    __tablename__ = "user_account"

    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    # Home site for counter and warehouse staff; None for network-wide staff.
    site_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("site.id"))
    # A short PIN on site nodes (touch screen at the counter), a password on central.
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]


class LoginSession(Base):
    """A signed-in browser, held on this node so that logout and the absolute lifetime end it for
    good (a signed cookie alone stays valid until it expires). Local to the node: never synced."""

    __tablename__ = "login_session"

    # SHA-256 of the random token in the cookie: a copy of the database opens no session.
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime]


class LoginThrottle(Base):
    """Failed logins of one client address, account or till session (gers.auth.throttle), kept in the
    node's database so that a restart does not reset the growing delays. Never leaves the node."""

    __tablename__ = "login_throttle"
    __table_args__ = {"info": NODE_ONLY}

    # SHA-256 of kind and key: a name typed in the wrong field (a password?) is not kept in clear.
    key_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int]
    last_failure_at: Mapped[dt.datetime] = mapped_column(index=True)
    blocked_until: Mapped[dt.datetime]
