"""Server-side login sessions: opened at login, revoked at logout, refused past their lifetime."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid

from sqlalchemy import delete
from sqlalchemy.orm import Session

from gers.models import LoginSession


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, user_id: uuid.UUID, now: dt.datetime, lifetime: dt.timedelta) -> str:
    """A fresh token for the cookie; sessions past their lifetime are swept on the way."""
    session.execute(delete(LoginSession).where(LoginSession.created_at < now - lifetime))
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(token_hash=_digest(token), user_id=user_id, created_at=now))
    session.flush()
    return token


def session_user(session: Session, token: str | None, now: dt.datetime, lifetime: dt.timedelta) -> uuid.UUID | None:
    """The user of a live session, or None when revoked, unknown or older than `lifetime`."""
    if not token:
        return None
    row = session.get(LoginSession, _digest(token))
    if row is None or now - row.created_at >= lifetime:
        return None
    return row.user_id


def revoke(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == _digest(token)))
