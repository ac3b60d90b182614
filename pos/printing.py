"""Hand receipts to the device hub's printer queue and report what the screen should say.

Printing happens after the sale is committed and never blocks it: an offline printer or one out of
paper keeps the job in its spool and prints it when it comes back.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from gers.device_events import device_hub
from gers.web import db
from households.models import Household
from inventory.models import Site
from pos.models import JournalEntry
from pos.receipts import receipt_for, z_report_for

NO_PRINTER = "Imprimante : aucune configurée"


def printer_state() -> dict[str, Any]:
    hub = device_hub()
    printer = hub.printer if hub else None
    if printer is None:
        return {"state": "absent", "message": NO_PRINTER, "pending": 0}
    status = printer.status()
    return {"state": status.state.value, "message": status.message_fr, "pending": status.pending_jobs}


def _queue(doc: Any) -> dict[str, Any]:
    hub = device_hub()
    job = hub.print_receipt(doc) if hub else None
    state = printer_state()
    if job is None:
        return {**state, "queued": False, "message": f"{state['message']} : ticket non imprimé (réimpression possible)."}
    waiting = state["state"] not in ("ok", "paper_low")
    message = f"{state['message']} : le ticket attend et sortira dès que possible." if waiting else "Ticket envoyé à l'imprimante."
    return {**state, "queued": True, "job": job, "message": message}


def print_receipt(entry: JournalEntry, duplicate: bool = False) -> dict[str, Any]:
    site = db().get(Site, entry.site_id)
    household = db().get(Household, entry.household_id) if entry.household_id else None
    doc = receipt_for(entry, site, current_app.config["NETWORK_NAME"],
                      household.card_number if household else None, duplicate=duplicate)
    return _queue(doc)


def print_z(entry: JournalEntry) -> dict[str, Any]:
    return _queue(z_report_for(entry, db().get(Site, entry.site_id), current_app.config["NETWORK_NAME"]))
