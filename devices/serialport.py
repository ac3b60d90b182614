"""Opening a serial port with all its settings at once, and the errors that can come of it."""

from __future__ import annotations

import contextlib
import errno
import os
import termios
from collections.abc import Callable
from typing import Any

import serial

# termios.error is not an OSError: pyserial lets it through (tcsetattr refusing the settings,
# tcflush on a port that vanished).
LINK_ERRORS = (serial.SerialException, OSError, termios.error)
OPEN_ERRORS = (*LINK_ERRORS, ValueError)


def open_serial(port: str, factory: Callable[..., Any] = serial.Serial, **settings: Any) -> Any:
    """``factory(port, **settings)``, with every setting given to the constructor.

    A tty that cannot do parity (a pseudo-terminal) answers EINVAL to tcsetattr when the only
    change asked is the parity it ignores, e.g. when the port is opened again with the same
    7E1 settings. Changing one harmless flag first lets the real settings apply.
    """
    try:
        return factory(port, **settings)
    except termios.error as exc:
        if exc.args[0] != errno.EINVAL or factory is not serial.Serial:
            raise
    _toggle_parodd(port)
    return factory(port, **settings)


def _toggle_parodd(port: str) -> None:
    fd = os.open(port, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
    try:
        attrs = termios.tcgetattr(fd)
        attrs[2] ^= termios.PARODD
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSANOW, attrs)
    finally:
        os.close(fd)
