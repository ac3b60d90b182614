"""The activities' refusals: French messages for the person at the counter or the coordinator."""

from __future__ import annotations

import enum


class ActivityError(ValueError):
    """Refused input; the message is French. `reason` lets the kiosk say it in its own words."""

    def __init__(self, message: str, reason: Reason | None = None) -> None:
        super().__init__(message)
        self.reason = reason


class Reason(enum.Enum):
    CARD = "card"  # a card this site cannot use: unknown, purged, another site's, random digits
    FULL = "full"
    ALREADY = "already"
    PAST = "past"
