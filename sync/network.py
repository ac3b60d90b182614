"""The network's state: central's status page, and a site node's header (read-only), and a node's
own silence threshold. Services take the session and `now`; they flush, the edge commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gers.changes import ChangeBatch
from inventory.enums import SiteKind
from inventory.models import Site
from sync import node
from sync.identity import REFUSAL_LABELS
from sync.models import SyncNode, SyncRefusal, SyncState
from sync.services import SyncError, active_node
from sync.status import HeaderStatus, NodeFacts, NodeStatus, Thresholds, header_status, node_status

REFUSALS_SHOWN = 30
REFUSALS_DAYS = 14


@dataclass(frozen=True)
class NodeLine:
    node: SyncNode
    site_name: str
    mobile: bool
    status: NodeStatus


@dataclass(frozen=True)
class RefusalLine:
    refusal: SyncRefusal
    label: str


@dataclass(frozen=True)
class NetworkReport:
    active: list[NodeLine]
    revoked: list[NodeLine]
    not_enrolled: list[Site]  # sites and mobile units without an active key
    refusals: list[RefusalLine]

    @property
    def silent(self) -> list[NodeLine]:
        return [line for line in self.active if line.status.alert]


def facts_of(row: SyncNode, mobile: bool) -> NodeFacts:
    return NodeFacts(code=row.code, mobile=mobile, enrolled_at=row.enrolled_at, revoked_at=row.revoked_at,
                     last_seen_at=row.last_seen_at, last_push_at=row.last_push_at, last_pull_at=row.last_pull_at,
                     backlog=row.backlog, clock_offset_seconds=row.clock_offset_seconds,
                     silence_alert_hours=row.silence_alert_hours)


def network_report(session: Session, *, now: dt.datetime, thresholds: Thresholds) -> NetworkReport:
    rows = session.execute(select(SyncNode, Site.name, Site.kind).join(Site, Site.id == SyncNode.site_id)
                           .order_by(SyncNode.code, SyncNode.enrolled_at.desc())).all()
    lines = [NodeLine(row, name, kind == SiteKind.MOBILE_UNIT,
                      node_status(facts_of(row, kind == SiteKind.MOBILE_UNIT), now, thresholds))
             for row, name, kind in rows]
    enrolled = {line.node.site_id for line in lines if line.node.revoked_at is None}
    sites = session.scalars(select(Site).where(Site.kind != SiteKind.WAREHOUSE).order_by(Site.code)).all()
    return NetworkReport(active=[line for line in lines if line.node.revoked_at is None],
                         revoked=[line for line in lines if line.node.revoked_at is not None],
                         not_enrolled=[site for site in sites if site.id not in enrolled],
                         refusals=recent_refusals(session, now=now))


def recent_refusals(session: Session, *, now: dt.datetime) -> list[RefusalLine]:
    since = now - dt.timedelta(days=REFUSALS_DAYS)
    refusals = session.scalars(select(SyncRefusal).where(SyncRefusal.refused_at >= since)
                               .order_by(SyncRefusal.refused_at.desc()).limit(REFUSALS_SHOWN))
    return [RefusalLine(refusal, REFUSAL_LABELS[refusal.reason]) for refusal in refusals]


def header_of_node(session: Session) -> HeaderStatus:
    """One query (three scalar subqueries on primary keys): the header is on every page of a site."""
    state = {key: select(SyncState.value).where(SyncState.key == key).scalar_subquery()
             for key in (node.LAST_SYNC_AT, node.PUSH_POSITION)}
    last_seq = select(func.max(ChangeBatch.seq)).scalar_subquery()
    last_sync, position, last = session.execute(
        select(state[node.LAST_SYNC_AT], state[node.PUSH_POSITION], last_seq)).one()
    try:
        pending_from, _index = node.parse_position(position or "")
    except ValueError:
        pending_from = 0
    return header_status(last_sync or "", pending_from, last)


def set_silence_threshold(session: Session, *, code: str, hours: int | None) -> SyncNode:
    """A node's own alert threshold (None: the network's setting for its kind)."""
    code = code.strip().upper()
    row = active_node(session, code)
    if row is None:
        raise SyncError(f"Aucun nœud {code} enrôlé et actif.")
    row.silence_alert_hours = hours
    session.flush()
    return row
