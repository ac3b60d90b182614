"""Central's side of trust: the nodes it knows (public keys only), the nonces it has seen, the
requests it refused. All central-only: none of it ever travels to a node."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import BigInteger, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gers.db import CENTRAL_ONLY, NODE_ONLY, Base
from gers.models import enum_column
from sync.identity import Refusal


class SyncNode(Base):
    """One enrolled key of a node. Re-enrolling a stolen Pi's replacement adds a row: the revoked
    key stays, so the refusals that name it still make sense."""

    __tablename__ = "sync_node"
    __table_args__ = {"info": CENTRAL_ONLY}

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(32), index=True)
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    public_key: Mapped[str] = mapped_column(String(64))  # Ed25519, raw 32 bytes in base64
    enrolled_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    last_seen_at: Mapped[dt.datetime | None]
    # Central's clock minus the node's, in seconds, at its last accepted request.
    clock_offset_seconds: Mapped[int | None] = mapped_column(Integer)
    # What the node reported at its last exchanges: the status page reads them.
    last_push_at: Mapped[dt.datetime | None]
    last_pull_at: Mapped[dt.datetime | None]
    pushed_position: Mapped[str] = mapped_column(String(40), default="", server_default="")  # the node's outbox position
    backlog: Mapped[int | None] = mapped_column(Integer)  # rows waiting on the node after its last push
    # Hours of silence before the status page raises an alert (None: the network's setting by kind).
    silence_alert_hours: Mapped[int | None] = mapped_column(Integer)
    # The change log number up to which the node has applied everything (from its pull cursor).
    pulled_seq: Mapped[int | None] = mapped_column(BigInteger)


class ShareIncrease(Base):
    """The second step of a rebalancing (sync/rebalance.py): a site share that grows, held until every
    node whose share shrank has pulled its smaller share (change log number `after_seq`)."""

    __tablename__ = "sync_share_increase"
    __table_args__ = {"info": CENTRAL_ONLY}

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    share_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("allowance_grant_share.id", ondelete="CASCADE"),
                                                index=True)
    target_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2, asdecimal=True))
    after_seq: Mapped[int] = mapped_column(BigInteger)
    waits_for: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of site ids whose share shrank
    created_at: Mapped[dt.datetime]
    applied_at: Mapped[dt.datetime | None] = mapped_column(index=True)


class SyncNonce(Base):
    """A nonce already used by a node, kept while a request carrying it could still be accepted."""

    __tablename__ = "sync_nonce"
    __table_args__ = (UniqueConstraint("node_id", "nonce"), {"info": CENTRAL_ONLY})

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sync_node.id", ondelete="CASCADE"))
    nonce: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)


class SyncRefusal(Base):
    """A refused sync request, with the reason: the trail an operator reads after an incident."""

    __tablename__ = "sync_refusal"
    __table_args__ = {"info": CENTRAL_ONLY}

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    refused_at: Mapped[dt.datetime] = mapped_column(index=True)
    node_code: Mapped[str] = mapped_column(String(64))  # as claimed by the request, possibly unknown
    reason: Mapped[Refusal] = mapped_column(enum_column(Refusal, "sync_refusal_reason"))
    method: Mapped[str] = mapped_column(String(10))
    target: Mapped[str] = mapped_column(String(300))
    remote_addr: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class SyncState(Base):
    """A node's own bookkeeping of the exchange (positions, last run). Never travels."""

    __tablename__ = "sync_state"
    __table_args__ = {"info": NODE_ONLY}

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
