"""Fail any test that opens real hardware: tests run on machines with no scanner, scale or printer,
and must never grab a developer's real devices. Pseudo-terminals (/dev/ptmx, /dev/pts/N) stay allowed:
they are how the suite simulates serial devices.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator

FORBIDDEN = re.compile(r"^/dev/(tty(S|USB|ACM|AMA)\d*|input/|bus/usb/|serial/|hidraw|usb/|lp\d)")


class HardwareAccess(RuntimeError):
    pass


_state = {"active": False, "installed": False}
_watched: list[tuple[tuple[str, ...], list[str]]] = []


def _hook(event: str, args: tuple) -> None:
    if event != "open" or not _state["active"]:
        return
    path = args[0]
    if isinstance(path, int):
        return
    path = os.fsdecode(path) if isinstance(path, bytes | os.PathLike) else str(path)
    for prefixes, opened in _watched:
        if path.startswith(prefixes):
            opened.append(path)
    if FORBIDDEN.match(path):
        raise HardwareAccess(f"test touched real hardware: {path} (use a pty, a capture or a fake)")


def activate() -> None:
    if not _state["installed"]:
        sys.addaudithook(_hook)
        _state["installed"] = True
    _state["active"] = True


def deactivate() -> None:
    _state["active"] = False


@contextlib.contextmanager
def watch(*prefixes: str) -> Iterator[list[str]]:
    """Record every open, from any thread, of a path starting with one of `prefixes` (the device
    paths a test configured), so it can assert that nothing touched them."""
    opened: list[str] = []
    entry = (tuple(prefixes), opened)
    _watched.append(entry)
    try:
        yield opened
    finally:
        _watched.remove(entry)
