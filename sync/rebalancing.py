"""Central's nightly rebalancing of site shares, in two safe steps (rules in sync/rebalance.py).

`rebalance` lowers the shares that shrink at once and records the shares that grow as pending
ShareIncrease rows; `apply_ready_increases` (run at every pull and by the nightly command) raises
them once every node whose share shrank has pulled past the change that lowered it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gers.changes import COUNTER, ChangeCounter
from households.allowance import NoAllowance, period_bounds
from households.grant_models import AllowanceGrant, GrantShare
from pos.spending import household_spending
from sync.models import ShareIncrease, SyncNode
from sync.rebalance import rebalanced_shares, split_steps


@dataclass
class RebalanceSummary:
    grants: int = 0  # grants whose shares moved
    lowered: int = 0
    pending: int = 0


def rebalance(session: Session, *, today: dt.date, now: dt.datetime, reported_since: dt.datetime) -> RebalanceSummary:
    """Rebalance every current grant split between sites; nodes silent since `reported_since` keep
    their shares. Flushes; the caller commits once (the pending increases wait for that commit)."""
    # The change that lowers shares is numbered at our commit: holding the counter from now on makes
    # that number the next one, so pending increases know exactly which change nodes must have.
    counter = session.scalar(select(ChangeCounter).where(ChangeCounter.name == COUNTER).with_for_update())
    after_seq = counter.value + 1
    nodes = {node.site_id: node for node in session.scalars(select(SyncNode).where(SyncNode.revoked_at.is_(None)))}
    reported = {site_id for site_id, node in nodes.items()
                if node.last_push_at is not None and node.last_push_at >= reported_since}
    summary = RebalanceSummary()
    # A grant whose last move is not finished waits: its shares sum to less than 100 % until then.
    unfinished = select(GrantShare.grant_id).join(ShareIncrease, ShareIncrease.share_id == GrantShare.id).where(
        ShareIncrease.applied_at.is_(None))
    grants = session.scalars(select(AllowanceGrant).where(AllowanceGrant.starts_on <= today,
                                                          AllowanceGrant.ends_on >= today,
                                                          AllowanceGrant.id.not_in(unfinished))
                             .options(selectinload(AllowanceGrant.shares)))
    for grant in grants:
        if len(grant.shares) < 2:
            continue
        sites = {share.site_id for share in grant.shares}
        known = {site_id for site_id in sites if site_id in reported or site_id not in nodes}  # no node: no sale
        if _rebalance_grant(session, grant, today, known, nodes, after_seq, now, summary):
            summary.grants += 1
    session.flush()
    return summary


def _rebalance_grant(session: Session, grant: AllowanceGrant, today: dt.date, known: set, nodes: dict,
                     after_seq: int, now: dt.datetime, summary: RebalanceSummary) -> bool:
    try:
        first_day, last_day = period_bounds(grant.period_kind, grant.starts_on, grant.ends_on, today)
    except NoAllowance:
        return False
    before = {share.site_id: share.percent for share in grant.shares}
    spent = {site_id: household_spending(session, grant.household_id, site_id, first_day, last_day).market_value
             for site_id in known}
    after = rebalanced_shares(grant.value, before, spent, known)
    if after == before:
        return False
    lowered, raised = split_steps(before, after)
    shrunk = [str(site_id) for site_id, percent in lowered.items() if percent < before[site_id] and site_id in nodes]
    for share in grant.shares:
        if lowered[share.site_id] != share.percent:
            share.percent = lowered[share.site_id]
            summary.lowered += 1
        if share.site_id in raised:
            session.add(ShareIncrease(share_id=share.id, target_percent=raised[share.site_id], after_seq=after_seq,
                                      waits_for=json.dumps(shrunk), created_at=now))
            summary.pending += 1
    return True


def apply_ready_increases(session: Session, *, now: dt.datetime) -> int:
    """Raise the shares whose shrunk counterparts every node concerned has pulled. Flushes."""
    pending = session.scalars(select(ShareIncrease).where(ShareIncrease.applied_at.is_(None))).all()
    if not pending:
        return 0
    nodes = {str(node.site_id): node for node in session.scalars(select(SyncNode).where(SyncNode.revoked_at.is_(None)))}
    applied = 0
    for increase in pending:
        waiting = [site for site in json.loads(increase.waits_for)
                   if site in nodes and (nodes[site].pulled_seq or 0) < increase.after_seq]
        if waiting:
            continue
        share = session.get(GrantShare, increase.share_id)
        if share is not None and share.percent < increase.target_percent:
            share.percent = increase.target_percent
            applied += 1
        increase.applied_at = now
    session.flush()
    return applied
