"""The site's device hub inside the web app: one hub per process, events to screens by SSE.

The hub (devices/) owns the scanner, scale and printer in threads; this module only builds it from
the node's configuration (the [devices] table of gers.toml), hands it to the views and streams its
events to the browser, so a scan reaches the till whatever has the focus.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, request

from devices.config import DeviceConfigError, build_hub
from devices.hub import DeviceHub
from gers.config import ConfigError
from gers.models import Role
from gers.web import roles

HEARTBEAT_SECONDS = 15

bp = Blueprint("device_events", __name__, url_prefix="/api/appareils")


def init_device_hub(app: Flask) -> None:
    devices = {key: dict(value) if isinstance(value, Mapping) else value
               for key, value in (app.config.get("DEVICES") or {}).items()}
    if "printer" in devices:  # the receipt queue survives power cuts inside the node's own folder
        devices["printer"].setdefault("spool_dir", str(Path(app.instance_path) / "spool-imprimante"))
    try:
        hub = build_hub(devices)
    except DeviceConfigError as exc:
        raise ConfigError(f"Matériel : {exc}") from exc
    app.extensions["gers.device_hub"] = hub.start()


def device_hub() -> DeviceHub | None:
    return current_app.extensions.get("gers.device_hub")


@bp.route("/evenements")
@roles(Role.CASHIER, Role.COORDINATOR, Role.WAREHOUSE)
def events() -> Response:
    """Server-sent events: scans, weights, printer and device states (JSON, one event a message)."""
    subscription = device_hub().subscribe(replay=True)

    def stream() -> Iterator[str]:
        try:
            yield "retry: 2000\n\n"
            while True:
                event = subscription.get(timeout=HEARTBEAT_SECONDS)
                yield ": keep-alive\n\n" if event is None else f"data: {json.dumps(event, ensure_ascii=False)}\n\n"
                if subscription.closed:
                    return
        finally:
            subscription.close()

    return Response(stream(), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


@bp.route("/simuler-scan", methods=["POST"])
@roles(Role.CASHIER, Role.COORDINATOR, Role.WAREHOUSE)
def simulate_scan():
    """Demo and support: publish a scan as if the scanner had read it (same path as a real scan)."""
    text = (request.get_json(silent=True) or {}).get("code", "")
    if not text.strip():
        return {"error": "Code vide."}, 422
    device_hub().simulate_scan(text.strip())
    return {"ok": True}


@bp.route("/balance/<command>", methods=["POST"])
@roles(Role.CASHIER, Role.COORDINATOR, Role.WAREHOUSE)
def scale_command(command: str):
    if command not in {"zero", "tare", "clear_tare"}:
        return {"error": "Commande de balance inconnue."}, 404
    device_hub().scale_command(command)
    return {"ok": True}
