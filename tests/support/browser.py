"""Headless Debian Chromium through Playwright, and the app served on loopback for it."""

from __future__ import annotations

import shutil
import threading

from flask import Flask
from werkzeug.serving import make_server

from gers.device_events import start_device_hub, stop_device_hub

CHROMIUM = "/usr/bin/chromium"
# Without these flags Chromium tries to reach Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_path() -> str | None:
    return CHROMIUM if shutil.which(CHROMIUM) else shutil.which("chromium")


class LiveServer:
    """The Flask app on an ephemeral loopback port, in a thread, for the browser to talk to; like
    `serve`, it starts the node's device hub and stops it with the server."""

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        start_device_hub(self._app)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        stop_device_hub(self._app)
