"""Errors the till shows to the volunteer: always a French sentence, sometimes figures."""

from __future__ import annotations

from typing import Any


class TillError(Exception):
    """Refused action; str() is the message for the screen."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.details = details


class LimitRefused(TillError):
    """A line over the allowance or a quota: a coordinator may override it with PIN and reason."""


class OverrideRefused(TillError):
    """Wrong coordinator credentials: the failure is kept (it counts towards their account lock)."""
