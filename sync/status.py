"""How each node of the network is doing, and what a node's header says of its own sync. Pure rules:
values in, values out, `now` passed in (no session, no clock, no Flask).

A node is, in this order of precedence:
- **révoqué**: its key was revoked (a replaced or stolen Pi) — shown apart;
- **silencieux**: central has heard nothing from it for longer than its threshold (48 h for a site;
  mobile units, which stay out on tour for days, have their own, 120 h by default);
- **en retard**: it talks to central but its last complete exchange is older than a night and a
  margin (a mobile unit: older than its silence threshold), or it stopped with rows still to send;
- **à jour** otherwise.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from gers.clock import PARIS

# A nightly run, plus the timer's randomised delay and a margin: a site synced last night is up to date.
LATE_AFTER_HOURS = 26
# A clock further off than this is worth a word on the status page (central tolerates 24 h).
OFFSET_WARNING_SECONDS = 5 * 60


class NodeState(enum.StrEnum):
    UP_TO_DATE = "a_jour"
    LATE = "en_retard"
    SILENT = "silencieux"
    REVOKED = "revoque"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    NodeState.UP_TO_DATE: "À jour",
    NodeState.LATE: "En retard",
    NodeState.SILENT: "Silencieux",
    NodeState.REVOKED: "Révoqué",
}


@dataclass(frozen=True)
class Thresholds:
    """Hours of silence before an alert, by kind of node (settings SYNC_SILENCE_HOURS*)."""

    site_hours: int = 48
    mobile_hours: int = 120


@dataclass(frozen=True)
class NodeFacts:
    """What central knows of one enrolled key (a sync_node row and its site's kind)."""

    code: str
    mobile: bool
    enrolled_at: dt.datetime
    revoked_at: dt.datetime | None = None
    last_seen_at: dt.datetime | None = None
    last_push_at: dt.datetime | None = None
    last_pull_at: dt.datetime | None = None
    backlog: int | None = None
    clock_offset_seconds: int | None = None
    silence_alert_hours: int | None = None  # this node's own threshold, if set


@dataclass(frozen=True)
class NodeStatus:
    state: NodeState
    last_sync_at: dt.datetime | None  # last complete exchange (pull and push both done since)
    silent_hours: int  # whole hours since central last heard from the node (or since enrolment)
    threshold_hours: int
    reason: str  # one French sentence: why this state

    @property
    def alert(self) -> bool:
        return self.state is NodeState.SILENT


def threshold_hours(facts: NodeFacts, thresholds: Thresholds) -> int:
    if facts.silence_alert_hours:
        return facts.silence_alert_hours
    return thresholds.mobile_hours if facts.mobile else thresholds.site_hours


def last_complete_sync(facts: NodeFacts) -> dt.datetime | None:
    """A run pulls then pushes: both have happened at least since the earlier of the two."""
    if facts.last_push_at is None or facts.last_pull_at is None:
        return None
    return min(facts.last_push_at, facts.last_pull_at)


def node_status(facts: NodeFacts, now: dt.datetime, thresholds: Thresholds = Thresholds()) -> NodeStatus:
    limit = threshold_hours(facts, thresholds)
    last_sync = last_complete_sync(facts)
    heard = facts.last_seen_at or facts.enrolled_at
    silent = max(0, int((now - heard).total_seconds() // 3600))

    def status(state: NodeState, reason: str) -> NodeStatus:
        return NodeStatus(state, last_sync, silent, limit, reason)

    if facts.revoked_at is not None:
        return status(NodeState.REVOKED, f"Identité révoquée le {_when(facts.revoked_at)}.")
    if now - heard > dt.timedelta(hours=limit):
        since = f"depuis le {_when(facts.last_seen_at)}" if facts.last_seen_at else "depuis son enrôlement"
        return status(NodeState.SILENT, f"Aucun contact {since} ({duration_words(silent)}, "
                                        f"seuil d'alerte {limit} h).")
    late = dt.timedelta(hours=limit if facts.mobile else min(limit, LATE_AFTER_HOURS))
    if last_sync is None:
        return status(NodeState.LATE, "Aucune synchronisation complète à ce jour.")
    if now - last_sync > late:
        return status(NodeState.LATE, f"Dernière synchronisation complète il y a "
                                      f"{duration_words(int((now - last_sync).total_seconds() // 3600))}.")
    if facts.backlog:
        return status(NodeState.LATE, f"{facts.backlog} lot(s) restaient à envoyer à son dernier envoi.")
    return status(NodeState.UP_TO_DATE, "Synchronisé cette nuit ou depuis.")


def duration_words(hours: int) -> str:
    """48 → « 2 jours », 30 → « 1 jour et 6 h », 5 → « 5 h »."""
    days, rest = divmod(max(0, hours), 24)
    if not days:
        return f"{rest} h"
    text = f"{days} jour{'s' if days > 1 else ''}"
    return f"{text} et {rest} h" if rest else text


def offset_words(seconds: int | None) -> str:
    """Central's clock minus the node's (sync_node.clock_offset_seconds), for a person."""
    if seconds is None:
        return "jamais mesuré"
    if abs(seconds) < 60:
        return "à l'heure"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    amount = f"{hours} h {minutes:02d}" if hours else f"{minutes} min"
    return f"horloge du nœud {'en retard' if seconds > 0 else 'en avance'} de {amount}"


def offset_is_worrying(seconds: int | None) -> bool:
    return seconds is not None and abs(seconds) > OFFSET_WARNING_SECONDS


def _when(moment: dt.datetime) -> str:
    local = moment.astimezone(PARIS)
    return f"{local:%d/%m/%Y} à {local:%H:%M}"


# --- a site node's header ----------------------------------------------------------------------

@dataclass(frozen=True)
class HeaderStatus:
    synced_text: str  # « Synchronisé le 28/11/2026 à 02:14 » or « Jamais synchronisé »
    waiting: bool  # rows written here that central has not acknowledged yet
    never: bool

    @property
    def waiting_text(self) -> str:
        return "Données en attente d'envoi" if self.waiting else "Tout est envoyé"


def header_status(last_sync_at: str, push_position_seq: int, last_outbox_seq: int | None) -> HeaderStatus:
    """From sync_state's LAST_SYNC_AT (UTC ISO, "" if never), the first outbox batch not yet
    acknowledged (PUSH_POSITION's seq) and the outbox's last batch number (None if empty)."""
    waiting = last_outbox_seq is not None and last_outbox_seq >= push_position_seq
    moment = parse_moment(last_sync_at)
    if moment is None:
        return HeaderStatus("Jamais synchronisé", waiting, True)
    return HeaderStatus(f"Synchronisé le {_when(moment)}", waiting, False)


def parse_moment(text: str) -> dt.datetime | None:
    """A moment kept as ISO text in sync_state ("" or unreadable: None)."""
    try:
        moment = dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment
