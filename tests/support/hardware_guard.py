"""Fail any test that opens real hardware: tests run on machines with no scanner, scale or printer,
and must never grab a developer's real devices. Pseudo-terminals (/dev/ptmx, /dev/pts/N) stay allowed:
they are how the suite simulates serial devices.
"""

from __future__ import annotations

import os
import re
import sys

FORBIDDEN = re.compile(r"^/dev/(tty(S|USB|ACM|AMA)\d*|input/|bus/usb/|serial/|hidraw|usb/|lp\d)")


class HardwareAccess(RuntimeError):
    pass


_state = {"active": False, "installed": False}


def _hook(event: str, args: tuple) -> None:
    if event != "open" or not _state["active"]:
        return
    path = args[0]
    if isinstance(path, int):
        return
    path = os.fsdecode(path) if isinstance(path, bytes | os.PathLike) else str(path)
    if FORBIDDEN.match(path):
        raise HardwareAccess(f"test touched real hardware: {path} (use a pty, a capture or a fake)")


def activate() -> None:
    if not _state["installed"]:
        sys.addaudithook(_hook)
        _state["installed"] = True
    _state["active"] = True


def deactivate() -> None:
    _state["active"] = False
