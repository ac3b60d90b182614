"""Login use cases: who may open a session on this node, and the lock after repeated failures."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from gers.auth.secrets import check_password_format, check_pin_format, hash_secret, verify_secret
from gers.clock import paris_now
from gers.formatting import time_fr
from gers.models import Role, User


class LoginRefused(Exception):
    """The login failed; str(exc) is the French message shown to the person."""


WRONG_CREDENTIALS = "Identifiant ou code incorrect."
WRONG_PASSWORD = "Identifiant ou mot de passe incorrect."
PIN_NEEDS_IDENTITY = ("Ce poste n'est pas enrôlé auprès du central (il n'a pas d'identité de nœud) : "
                      "un code PIN n'y suffit pas, tapez votre mot de passe.")
# Admins unlock the others: a lock on them would let anyone shut the network's administration out.
# Throttling (per client and per account) is what slows guesses on their accounts.
NEVER_LOCKED = frozenset({Role.ADMIN})


def authenticate(session: Session, username: str, secret: str, *, node_role: str, by_pin: bool,
                 node_site_id: uuid.UUID | None, now: dt.datetime, max_failures: int, lock_minutes: int,
                 count_failures: bool = True) -> User:
    """Return the user when the secret matches; count failures and lock after `max_failures`.

    An enrolled site node asks for the short PIN (`by_pin`: touch screen at the counter), central and
    a site without its device identity for the password. Every refusal before the check costs one
    hash verification, so timing does not tell which accounts exist. `count_failures=False` (the
    till's override dialog) never moves the account towards its lock.
    """
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    known = user is not None and user.active
    stored = (user.pin_hash if by_pin else user.password_hash) if known else None
    if known and user.locked_until is not None and user.locked_until > now:
        verify_secret(None, secret)
        raise LoginRefused(
            f"Compte verrouillé après {max_failures} essais erronés : réessayez à "
            f"{time_fr(paris_now(user.locked_until).time())} ou demandez à un coordinateur ou un "
            "administrateur de le débloquer.")
    needs_identity = f" {PIN_NEEDS_IDENTITY}" if node_role == "site" and not by_pin else ""
    if not verify_secret(stored, secret):
        if known and stored is None:
            kind = "code PIN" if by_pin else "mot de passe"
            raise LoginRefused(f"Ce compte n'a pas de {kind} pour ce poste ; demandez à la coordination."
                               + needs_identity)
        if known and count_failures:
            _record_failure(user, now, max_failures, lock_minutes)
        raise LoginRefused((WRONG_PASSWORD + needs_identity) if needs_identity else WRONG_CREDENTIALS)
    if node_role == "site" and not user.role.spans_network and (user.site_id is None
                                                                or user.site_id != node_site_id):
        raise LoginRefused("Ce compte appartient à un autre site.")
    user.failed_attempts = 0
    user.locked_until = None
    return user


def _record_failure(user: User, now: dt.datetime, max_failures: int, lock_minutes: int) -> None:
    user.failed_attempts += 1
    if user.failed_attempts >= max_failures and user.role not in NEVER_LOCKED:
        user.locked_until = now + dt.timedelta(minutes=lock_minutes)
        user.failed_attempts = 0


def unlock(user: User) -> None:
    user.failed_attempts = 0
    user.locked_until = None


def create_user(session: Session, *, username: str, display_name: str, role: Role, owner_node: str,
                pin: str | None = None, password: str | None = None,
                site_id: uuid.UUID | None = None, user_id: uuid.UUID | None = None) -> User:
    user = User(id=user_id or uuid.uuid4(), username=username.strip().lower(),
                display_name=display_name, role=role, site_id=site_id, owner_node=owner_node,
                pin_hash=hash_secret(check_pin_format(pin)) if pin else None,
                password_hash=hash_secret(check_password_format(password)) if password else None)
    session.add(user)
    session.flush()
    return user
