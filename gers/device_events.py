"""The site's device hub inside the web app: one hub per process, events to screens by SSE.

The hub (devices/) owns the scanner, scale and printer in threads; this module only builds it from
the node's configuration (the [devices] table of gers.toml), hands it to the views and streams its
events to the browser, so a scan reaches the till whatever has the focus.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request

from devices.hub import DeviceHub
from gers.config import ConfigError
from gers.models import Role
from gers.web import current_user, roles

HEARTBEAT_SECONDS = 15

bp = Blueprint("device_events", __name__, url_prefix="/api/appareils")


@bp.before_request
def _own_workstation_only() -> None:
    """A node's devices serve its own workstation. Central's are the warehouse's scale and scanner:
    a site account (a cashier with a central password) never reads or drives them."""
    user = current_user()
    if current_app.config["ROLE"] == "central" and user is not None and not user.role.spans_network:
        abort(403)


def start_device_hub(app: Flask) -> DeviceHub | None:
    """Open the node's scanner, scale and print queue: only the long-running server calls this
    (`serve`), never the app factory nor a CLI command, so that a command run beside the server
    neither steals its scans nor prints its spooled receipts."""
    if not wants_device_hub(app.config):
        return None
    from devices.config import DeviceConfigError, build_hub  # the drivers load in the server only

    devices = {key: dict(value) if isinstance(value, Mapping) else value
               for key, value in (app.config.get("DEVICES") or {}).items()}
    if "printer" in devices:  # the receipt queue survives power cuts inside the node's own folder
        devices["printer"].setdefault("spool_dir", str(Path(app.instance_path) / "spool-imprimante"))
    try:
        hub = build_hub(devices)
    except DeviceConfigError as exc:
        raise ConfigError(f"Matériel : {exc}") from exc
    app.extensions["gers.device_hub"] = hub.start()
    return hub


def stop_device_hub(app: Flask) -> None:
    hub = app.extensions.pop("gers.device_hub", None)
    if hub is not None:
        hub.stop()


def device_hub() -> DeviceHub | None:
    return current_app.extensions.get("gers.device_hub")


def wants_device_hub(config: Mapping) -> bool:
    """Every site node has one (the till); central only when devices are attached to it (the
    warehouse's scale and scanner on the server at the warehouse)."""
    return config["ROLE"] == "site" or bool(config.get("DEVICES"))


def _hub_or_404() -> DeviceHub:
    hub = device_hub()
    if hub is None:
        abort(404, "Aucun appareil n'est configuré sur ce poste.")
    return hub


@bp.app_context_processor
def devices_available() -> dict:
    return {"devices_available": device_hub() is not None}


@bp.route("/evenements")
@roles(Role.CASHIER, Role.COORDINATOR, Role.WAREHOUSE)
def events() -> Response:
    """Server-sent events: scans, weights, printer and device states (JSON, one event a message)."""
    subscription = _hub_or_404().subscribe(replay=True)

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
    """Demo and development: publish a scan as if the scanner had read it (same path as a real
    scan). Absent (404) unless DEVICE_SIMULATOR is on: any session could push scans into every till."""
    if not current_app.config["DEVICE_SIMULATOR"]:
        abort(404)
    data = request.get_json(silent=True)
    text = data.get("code") if isinstance(data, dict) else None
    if not isinstance(text, str) or not text.strip():
        return {"error": "Code vide."}, 422
    _hub_or_404().simulate_scan(text.strip())
    return {"ok": True}


@bp.route("/balance/<command>", methods=["POST"])
@roles(Role.CASHIER, Role.COORDINATOR, Role.WAREHOUSE)
def scale_command(command: str):
    if command not in {"zero", "tare", "clear_tare"}:
        return {"error": "Commande de balance inconnue."}, 404
    _hub_or_404().scale_command(command)
    return {"ok": True}


@bp.route("/balance")
@roles(Role.CASHIER, Role.COORDINATOR, Role.WAREHOUSE)
def scale_reading():
    """The scale's latest reading, exactly as given (weight text, state, French message)."""
    reading = _hub_or_404().last_reading()
    if reading is None:
        return {"reading": None, "message": "Balance : aucune lecture reçue (branchée ? allumée ?)"}
    return {"reading": reading.to_dict(), "message": reading.message_fr}
