"""A print queue that survives restarts: one file per job, written atomically.

``pending/`` holds jobs still to print, in name order; ``done/`` keeps the last printed ones for
reprints. A job file is written to a temporary name, synced, then renamed: a crash leaves either
the whole job or nothing.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import threading
import time

log = logging.getLogger(__name__)

_SUFFIX = ".job"


def _fsync_dir(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Spool:
    def __init__(self, directory: str, keep_done: int = 50) -> None:
        self.directory = directory
        self.keep_done = keep_done
        self._pending = os.path.join(directory, "pending")
        self._done = os.path.join(directory, "done")
        os.makedirs(self._pending, exist_ok=True)
        os.makedirs(self._done, exist_ok=True)
        self._counter = itertools.count()
        self._lock = threading.Lock()

    def _new_id(self) -> str:
        with self._lock:
            return f"{time.time_ns():020d}-{os.getpid()}-{next(self._counter):06d}"

    def add(self, data: bytes) -> str:
        job_id = self._new_id()
        final = os.path.join(self._pending, job_id + _SUFFIX)
        temporary = os.path.join(self.directory, f".{job_id}.tmp")
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
        _fsync_dir(self._pending)
        return job_id

    @staticmethod
    def _ids(directory: str) -> list[str]:
        return sorted(name[: -len(_SUFFIX)] for name in os.listdir(directory) if name.endswith(_SUFFIX))

    def pending(self) -> list[str]:
        return self._ids(self._pending)

    def done(self) -> list[str]:
        return self._ids(self._done)

    def read(self, job_id: str) -> bytes | None:
        for directory in (self._pending, self._done):
            with contextlib.suppress(FileNotFoundError), \
                    open(os.path.join(directory, job_id + _SUFFIX), "rb") as handle:
                return handle.read()
        return None

    def mark_done(self, job_id: str) -> None:
        name = job_id + _SUFFIX
        os.replace(os.path.join(self._pending, name), os.path.join(self._done, name))
        done = self.done()
        for old in done[: max(len(done) - self.keep_done, 0)]:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(self._done, old + _SUFFIX))

    def discard(self, job_id: str) -> bool:
        try:
            os.unlink(os.path.join(self._pending, job_id + _SUFFIX))
        except FileNotFoundError:
            return False
        log.warning("print job %s discarded", job_id)
        return True

    def reprint(self, job_id: str | None = None) -> str | None:
        """Queue again a printed job (the last one by default); None if there is none."""
        done = self.done()
        if job_id is None and not done:
            return None
        data = self.read(job_id or done[-1])
        return None if data is None else self.add(data)
