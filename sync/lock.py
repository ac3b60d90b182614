"""One exchange at a time per node, across processes.

The nightly timer runs `gers-solidaire sync` in its own process while the server may be running a
« Synchroniser maintenant » in a thread. Both are idempotent, but two runs at once would push the same
batches twice and race on the node's positions; the second one is told so and does nothing.

An advisory `flock` on a file of the instance folder: the kernel drops it when the holder dies (a power
cut, a killed process), so a crash never leaves the node locked.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sync.client import SyncError

LOCK_FILE = "sync.lock"


class SyncBusy(SyncError):
    """Another exchange of this node is running (another process or thread)."""


@contextmanager
def exclusive_run(instance_path: str | Path) -> Iterator[None]:
    path = Path(instance_path) / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncBusy("Une autre synchronisation de ce nœud est en cours (bouton « Synchroniser "
                           "maintenant » ou synchronisation de la nuit) : attendez qu'elle se termine.") from None
        yield
    finally:
        os.close(descriptor)  # closing the only descriptor releases the lock
