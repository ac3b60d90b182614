"""A pseudo-terminal pair: a faithful fake serial port for simulators, the demo and the tests.

The driver opens ``path`` (the slave side) with pyserial exactly as it would a real port; the
simulator reads and writes the master fd. The slave fd stays open until ``close`` (reading the
master after the slave closes raises EIO). ``link`` gives the port a stable name, like
/dev/serial/by-id does for a real scale; ``replug`` makes a new pair behind the same link.
"""

from __future__ import annotations

import contextlib
import os
import tty


class PtyPair:
    def __init__(self, link: str | None = None) -> None:
        self.link = link
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.tty_path = os.ttyname(self.slave)
        if link:
            temporary = f"{link}.{os.getpid()}.tmp"
            os.symlink(self.tty_path, temporary)
            os.replace(temporary, link)  # atomic: readers see the old or the new port, never none

    @property
    def path(self) -> str:
        return self.link or self.tty_path

    def close(self, *, keep_link: bool = False) -> None:
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.master = self.slave = -1
        if self.link and not keep_link:
            with contextlib.suppress(OSError):
                os.unlink(self.link)

    def __enter__(self) -> PtyPair:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
