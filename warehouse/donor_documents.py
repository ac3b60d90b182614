"""The donor's yearly summary as an A4 PDF, French (reportlab, as the attestations)."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from gers.formatting import money, weight_kg
from warehouse.documents import GRID, SMALL, STYLES, _document, _esc
from warehouse.donor_summary import DonorYear


def summary_pdf(summary: DonorYear, network_name: str, *, compress: bool = True) -> bytes:
    buffer = io.BytesIO()
    doc = _document(buffer, f"Bilan des dons {summary.year} · {summary.donor.name}", compress)
    groups = [["Groupe d'aliments", "Unités", "Poids", "Valeur marchande"]]
    groups += [[Paragraph(_esc(g.label), SMALL), str(g.units) if g.units else "—", weight_kg(g.grams), money(g.value)]
               for g in summary.groups]
    groups.append(["Total", "", weight_kg(summary.grams), money(summary.value)])
    received = Table(groups, colWidths=[80 * mm, 25 * mm, 35 * mm, 40 * mm], repeatRows=1)
    received.setStyle(GRID)
    story = [
        Paragraph(f"{_esc(network_name)} · bilan des dons {summary.year}", STYLES["Title"]),
        Paragraph(f"<b>Donateur</b> : {_esc(summary.donor.name)}", STYLES["Normal"]),
        Paragraph(f"Réceptions (ramasses, livraisons) : {summary.pickups} en {summary.pickup_days} jour(s)"
                  + (f", reçues à {_esc(', '.join(summary.sites))}" if summary.sites else "") + ".",
                  STYLES["Normal"]),
        Spacer(1, 4 * mm), Paragraph("Denrées reçues", STYLES["Heading2"]), received,
        Spacer(1, 4 * mm), Paragraph("Dons refusés ou non conformes (décret 2020-1274)", STYLES["Heading2"]),
    ]
    if summary.refusals:
        rows = [["Motif", "Refus", "Unités", "Poids"]]
        rows += [[r.reason.label, str(r.count), str(r.units) if r.units else "—", weight_kg(r.grams)]
                 for r in summary.refusals]
        refused = Table(rows, colWidths=[80 * mm, 25 * mm, 35 * mm, 40 * mm], repeatRows=1)
        refused.setStyle(GRID)
        story.append(refused)
    else:
        story.append(Paragraph("Aucun don refusé cette année.", STYLES["Normal"]))
    story += [Spacer(1, 4 * mm), Paragraph(
        "Valeur marchande : valeur du catalogue au jour de la réception, à titre d'information. La valorisation "
        "fiscale des dons (art. 238 bis CGI) figure sur les attestations de don.", SMALL)]
    doc.build(story)
    return buffer.getvalue()
