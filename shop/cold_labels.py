"""The label stuck on a cold unit: its code in Code 128 (FROID-<code>) and in clear, its name and its
temperature limit, on a small label (62 × 29 mm, the common thermal roll) — scanning it selects the
unit on the « Relevé par scan » screen. reportlab is imported when a label is drawn."""

from __future__ import annotations

import io

from shop.cold_scan import label_value, unit_key
from shop.models import ColdUnit

MM = 72 / 25.4
PAGE = (62 * MM, 29 * MM)


def unit_label_pdf(unit: ColdUnit, limit_text: str) -> bytes:
    from reportlab.graphics.barcode.code128 import Code128
    from reportlab.pdfgen.canvas import Canvas

    value = label_value(unit_key(unit.code))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=0)
    canvas.setTitle(f"Étiquette {value}")
    barcode = Code128(value, barHeight=11 * MM, barWidth=0.3 * MM, humanReadable=False, quiet=False)
    room = PAGE[0] - 4 * MM
    if barcode.width > room:  # a long code: thinner bars (a scanner reads down to ~0.17 mm)
        barcode = Code128(value, barHeight=11 * MM, barWidth=0.3 * MM * room / barcode.width, humanReadable=False,
                          quiet=False)
    barcode.drawOn(canvas, max((PAGE[0] - barcode.width) / 2, 2 * MM), 12 * MM)
    canvas.setFont("Helvetica-Bold", 8)
    canvas.drawCentredString(PAGE[0] / 2, 8 * MM, value)
    canvas.setFont("Helvetica", 7)
    canvas.drawCentredString(PAGE[0] / 2, 3 * MM, f"{unit.label[:40]} · {limit_text}")
    canvas.save()
    return buffer.getvalue()
