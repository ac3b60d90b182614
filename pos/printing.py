"""Hand receipts to a printer port (devices.interfaces.ReceiptPrinter) and say what the screen shows.

Printing happens after the sale is committed and never blocks it: an offline printer or one out of
paper keeps the job in its spool and prints it when it comes back. The edge (the till's views)
passes the device hub's printer, or None when the node has none.

Each receipt handed over is recorded (ReceiptPrint) and committed *before* the job is spooled, then
given its job id: after a power cut a retry prints the original that never left, and a print whose
fate is unknown (cut between the record and the spool) is followed by a DUPLICATA, never by a
second original.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from devices.interfaces import ReceiptPrinter
from devices.receipt import Receipt
from households.models import Household
from inventory.models import Site
from pos.models import JournalEntry, ReceiptPrint
from pos.payments import Method
from pos.receipts import receipt_for, z_report_for

NO_PRINTER = "Imprimante : aucune configurée"


def printer_state(printer: ReceiptPrinter | None) -> dict[str, Any]:
    if printer is None:
        return {"state": "absent", "message": NO_PRINTER, "pending": 0}
    status = printer.status()
    return {"state": status.state.value, "message": status.message_fr, "pending": status.pending_jobs}


def _not_printed(printer: ReceiptPrinter | None) -> dict[str, Any]:
    state = printer_state(printer)
    return {**state, "queued": False, "message": f"{state['message']} : ticket non imprimé (réimpression possible)."}


def _queue(printer: ReceiptPrinter | None, doc: Receipt) -> tuple[str | None, dict[str, Any]]:
    job = printer.print(doc) if printer is not None else None
    if job is None:
        return None, _not_printed(printer)
    state = printer_state(printer)
    waiting = state["state"] not in ("ok", "paper_low")
    message = f"{state['message']} : le ticket attend et sortira dès que possible." if waiting else "Ticket envoyé à l'imprimante."
    return job, {**state, "queued": True, "job": job, "message": message}


def print_entry(session: Session, printer: ReceiptPrinter | None, entry: JournalEntry, network: str, *,
                only_if_unprinted: bool = False) -> dict[str, Any]:
    """Print the entry's receipt: the original the first time, a DUPLICATA afterwards. With
    ``only_if_unprinted`` (a retried payment) nothing is printed if a receipt already reached the spool."""
    prints = session.scalars(select(ReceiptPrint).where(ReceiptPrint.entry_id == entry.id)).all()
    if only_if_unprinted and any(p.job_id for p in prints):
        return {**printer_state(printer), "queued": False, "message": "Ticket déjà envoyé à l'imprimante."}
    if printer is None:
        return _not_printed(None)
    claim = ReceiptPrint(entry_id=entry.id, duplicate=bool(prints), owner_node=entry.owner_node)
    session.add(claim)
    session.commit()  # durable before any paper moves: see the module docstring
    job, answer = _queue(printer, _receipt(session, entry, network, claim.duplicate))
    claim.job_id = job
    session.commit()
    return answer


def _receipt(session: Session, entry: JournalEntry, network: str, duplicate: bool) -> Receipt:
    household = session.get(Household, entry.household_id) if entry.household_id else None
    return receipt_for(entry, session.get(Site, entry.site_id), network,
                       household.card_number if household else None, duplicate=duplicate)


def print_z(session: Session, printer: ReceiptPrinter | None, entry: JournalEntry, network: str) -> dict[str, Any]:
    return _queue(printer, z_report_for(entry, session.get(Site, entry.site_id), network))[1]


def open_drawer_for_cash(printer: ReceiptPrinter | None, entry: JournalEntry) -> bool:
    """Kick the cash drawer (through the printer, ESC p) when cash changes hands; True if asked."""
    if printer is None or not any(t.method is Method.CASH and t.tendered for t in entry.tenders):
        return False
    printer.open_drawer()
    return True
