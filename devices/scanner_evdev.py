"""Keyboard-mode scanner read through evdev: exclusive grab, decoding, unplug and replug.

Name the device by its stable path (/dev/input/by-id/usb-...-event-kbd): the path comes back
when the scanner is plugged in again, so polling it is all the hot-plug support needed.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import select
from collections.abc import Callable, Iterator
from typing import Any

from devices.interfaces import Scan
from devices.keydecoder import KeyDecoder
from devices.keymaps import get_layout
from devices.scanner_base import ReconnectingScanner, StateCallback

log = logging.getLogger(__name__)

LED_CAPSL = 1


def open_input_device(path: str) -> Any:
    import evdev  # Linux only; imported here so the decoder works anywhere

    return evdev.InputDevice(path)


def _open_error_fr(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "Lecteur : accès refusé (ajoutez l'utilisateur au groupe input)"
    if exc.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return "Lecteur : débranché (en attente de rebranchement)"
    return f"Lecteur : erreur d'ouverture ({exc.strerror or exc})"


def _capslock_on(device: Any) -> bool:
    # Scanners that watch the CapsLock LED type letters accordingly: start from the LED state.
    try:
        return LED_CAPSL in device.leds()
    except (AttributeError, OSError):
        return False


class EvdevScanner(ReconnectingScanner):
    """Yields scans from a keyboard-mode scanner; never raises on device trouble."""

    def __init__(self, path: str, layout: str = "us", *, gs_substitute: str | None = None,
                 grab: bool = True, source: str | None = None, reconnect_interval: float = 1.0,
                 scan_timeout: float = 1.0, opener: Callable[[str], Any] = open_input_device,
                 on_state: StateCallback | None = None) -> None:
        super().__init__(path, reconnect_interval, on_state)
        self.path = path
        self.grab = grab
        self.scan_timeout = scan_timeout
        self.decoder = KeyDecoder(get_layout(layout), gs_substitute=gs_substitute,
                                  source=source or path)
        self._opener = opener
        self._device: Any = None

    def _connected(self) -> bool:
        return self._device is not None

    def _connect(self) -> bool:
        try:
            device = self._opener(self.path)
        except ImportError:
            self._set_state("error", "Lecteur : module evdev absent (Linux uniquement)")
            return False
        except OSError as exc:
            self._set_state("disconnected" if exc.errno in (errno.ENOENT, errno.ENODEV) else "error",
                            _open_error_fr(exc))
            return False
        self._device = device
        self.decoder.reset()
        self.decoder.release_all(capslock=_capslock_on(device))
        self._set_state("connected", self._grab(device))
        return True

    def _grab(self, device: Any) -> str:
        if not self.grab:
            return "Lecteur : prêt"
        try:
            device.grab()
        except OSError:
            # Still usable, but its scans also reach the focused window: say so.
            return "Lecteur : prêt, mais utilisé aussi par un autre programme (accès exclusif refusé)"
        return "Lecteur : prêt"

    def _read_available(self, wake_fd: int) -> Iterator[Scan]:
        device = self._device
        try:
            ready, _, _ = select.select([device.fileno(), wake_fd], [], [], self.scan_timeout)
            if not ready:
                self._drop_partial("connected", "Lecteur : lecture incomplète ignorée, scannez à nouveau")
                return
            if device.fileno() not in ready:
                return
            for event in device.read():
                scan = self.decoder.feed(event.type, event.code, event.value)
                if scan is not None:
                    yield scan
        except BlockingIOError:
            return
        except OSError as exc:
            log.warning("scanner %s lost: %s", self.path, exc)
            self._disconnect()
            self._drop_partial("disconnected", "Lecteur : débranché pendant une lecture, scannez à nouveau")
            self._set_state("disconnected", "Lecteur : débranché (en attente de rebranchement)")

    def _drop_partial(self, state: str, message: str) -> None:
        if self.decoder.reset():
            self._set_state(state, message)

    def _disconnect(self) -> None:
        device, self._device = self._device, None
        if device is None:
            return
        with contextlib.suppress(OSError):
            device.close()
