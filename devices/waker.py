"""A pipe that interrupts a blocking select() from another thread (used to stop readers)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Waker:
    """The pipe exists only while a reader loop runs, so nothing leaks if the loop never starts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fds: tuple[int, int] | None = None

    @contextmanager
    def active(self) -> Iterator[int]:
        read_fd, write_fd = os.pipe()
        with self._lock:
            self._fds = (read_fd, write_fd)
        try:
            yield read_fd
        finally:
            with self._lock:
                self._fds = None
            os.close(read_fd)
            os.close(write_fd)

    def wake(self) -> None:
        with self._lock:
            if self._fds is not None:
                os.write(self._fds[1], b"x")
