"""One exchange of a node with central: hello, pull, recovery if the node was restored, push.

Each batch is its own transaction on the node, committed with the position it moves, so a run cut at
any byte restarts where it stopped. The till never waits for this: it runs in its own process (the
CLI, the timer) or thread (the urgent pulls of `serve`), and SQLite's WAL lets the till write
between two batches.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from gers.backup import clear_restore_mark
from gers.clock import utcnow
from sync import node
from sync.client import SyncClient, SyncError
from sync.codec import PayloadError
from sync.lock import exclusive_run

# Recovery asks for the node's rows written since its last acknowledged push, with a margin for a
# clock that was set back meanwhile.
RECOVERY_MARGIN = dt.timedelta(days=1)

Progress = Callable[[str, int], None]  # (phase, rows in this step)


@dataclass
class Summary:
    up: Counter = field(default_factory=Counter)
    down: Counter = field(default_factory=Counter)
    recovered: Counter = field(default_factory=Counter)
    unchanged: int = 0
    deleted: int = 0
    clock_offset_seconds: int = 0
    restored: bool = False

    def as_json(self) -> dict:
        return {"up": dict(self.up), "down": dict(self.down), "recovered": dict(self.recovered),
                "unchanged": self.unchanged, "deleted": self.deleted, "restored": self.restored,
                "clock_offset_seconds": self.clock_offset_seconds}


def _noop(_phase: str, _rows: int) -> None:
    return None


def run(sessions: sessionmaker[Session], client: SyncClient, *, node_code: str,
        progress: Progress = _noop, clock: Callable[[], dt.datetime] = utcnow) -> Summary:
    """A full exchange. Raises SyncError (French) on failure; what was committed before stays."""
    summary = Summary()
    with sessions() as session:
        node.set_state(session, node.LAST_ATTEMPT_AT, clock().isoformat())
        session.commit()
        try:
            hello = client.post("/sync/v1/hello", {})
            summary.clock_offset_seconds = int(hello.get("clock_offset_seconds") or 0)
            # Pull first: what the node's own rows refer to (sites, products, lots) must be there
            # before a recovery brings them back.
            _pull(session, client, node_code, summary, progress)
            if node.restored_from_backup(session, str(hello.get("pushed_position") or "")) \
                    or not node.get_state(session, node.PUSHED_AT):
                # Restored from a backup, or a new Pi in place of a broken one: central has rows this
                # node wrote that its database lacks.
                summary.restored = bool(hello.get("pushed_position"))
                _recover(session, client, node_code, summary, progress)
            _push(session, client, summary, progress, clock)
        except (PayloadError, IntegrityError) as error:
            failure = SyncError(f"Une page reçue du serveur central n'a pas pu être appliquée : {error}. "
                                "Rien n'est perdu ; prévenez le coordinateur si cela se répète.")
            session.rollback()
            node.set_state(session, node.LAST_ERROR, str(failure))
            session.commit()
            raise failure from error
        except SyncError as failure:
            session.rollback()
            node.set_state(session, node.LAST_ERROR, str(failure))
            session.commit()
            raise
        node.set_state(session, node.LAST_SYNC_AT, clock().isoformat())
        node.set_state(session, node.LAST_ERROR, "")
        session.commit()
    return summary


def run_node(app: Flask, client: SyncClient, *, progress: Progress = _noop,
             clock: Callable[[], dt.datetime] = utcnow) -> Summary:
    """A full run of this server's node (the command, the button): one at a time per node, and the
    first successful one after a restore opens the till again."""
    instance = Path(app.instance_path)
    with exclusive_run(instance):
        summary = run(app.extensions["gers.sessionmaker"], client, node_code=app.config["NODE_CODE"],
                      progress=progress, clock=clock)
        clear_restore_mark(instance)
    return summary


def pull_urgent(sessions: sessionmaker[Session], client: SyncClient, *, node_code: str) -> int:
    """Recalls and blocked lots, between two nightly runs (start-up, then every 15 minutes)."""
    applied = 0
    with sessions() as session:
        cursor = node.get_state(session, node.URGENT_CURSOR) or node.get_state(session, node.PULL_CURSOR)
        if not cursor.startswith("c:"):
            return 0  # never synced in full: the first full run brings everything
        while True:
            page = client.post_packed("/sync/v1/pull", {"cursor": cursor, "only": list(node.URGENT_TABLES)})
            result = node.apply_pull(session, page, node_code=node_code)
            applied += sum(result.rows.values())
            cursor = str(page["cursor"])
            node.set_state(session, node.URGENT_CURSOR, cursor)
            session.commit()
            if not page.get("more"):
                return applied


def _recover(session: Session, client: SyncClient, node_code: str, summary: Summary,
             progress: Progress) -> None:
    pushed_at = node.get_state(session, node.PUSHED_AT)
    since = (dt.datetime.fromisoformat(pushed_at) - RECOVERY_MARGIN) if pushed_at else dt.datetime(2000, 1, 1,
                                                                                                   tzinfo=dt.UTC)
    cursor = ""
    while True:
        page = client.post_packed("/sync/v1/recover", {"since": since.isoformat(), "cursor": cursor})
        result = node.apply_pull(session, page, node_code=node_code, own_rows=True)
        summary.recovered.update(result.rows)
        progress("reprise", sum(result.rows.values()))
        cursor = str(page.get("cursor") or "")
        if not page.get("more"):
            break
        session.commit()
    node.after_recovery(session, node_code)
    session.commit()


def _push(session: Session, client: SyncClient, summary: Summary, progress: Progress,
          clock: Callable[[], dt.datetime]) -> None:
    """Batch after batch; the next one is read from the outbox while central applies the current one
    (on two machines, the node's work and central's overlap instead of adding up)."""
    outgoing = node.next_push(session)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="gers-sync-push") as sender:
        while True:
            outgoing.payload["backlog"] = node.backlog(session)
            outgoing.payload["last"] = node.backlog(session, outgoing.position) == 0  # central may now sum up
            outgoing.payload["node_time"] = clock().isoformat()
            # What the node has applied of central's changes: shares that grow wait for it.
            outgoing.payload["pulled"] = node.get_state(session, node.PULL_CURSOR)
            in_flight = sender.submit(client.post_packed, "/sync/v1/push", outgoing.payload)
            upcoming = None if outgoing.empty else node.next_push(session, after=outgoing.position)
            answer = in_flight.result()
            if answer.get("acked") != outgoing.position:
                raise SyncError("Le serveur central n'a pas accusé réception du bon lot : réessayez.")
            node.acknowledge_push(session, outgoing.position, now=clock())
            session.commit()
            summary.up.update(outgoing.rows)
            summary.unchanged += int(answer.get("unchanged") or 0)
            progress("envoi", sum(outgoing.rows.values()))
            if upcoming is None or upcoming.empty:
                return
            outgoing = upcoming


def _pull(session: Session, client: SyncClient, node_code: str, summary: Summary, progress: Progress) -> None:
    cursor = node.get_state(session, node.PULL_CURSOR)
    while True:
        page = client.post_packed("/sync/v1/pull", {"cursor": cursor})
        result = node.apply_pull(session, page, node_code=node_code)
        cursor = str(page["cursor"])
        node.set_state(session, node.PULL_CURSOR, cursor)
        session.commit()
        summary.down.update({name: n for name, n in result.rows.items() if n})
        summary.deleted += result.deleted
        progress("réception", sum(result.rows.values()))
        if not page.get("more"):
            return
