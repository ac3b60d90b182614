"""Printed documents: the A4 sheet of cards (Code 128 + network name) and the right-of-access export.

reportlab's built-in Helvetica covers € and French accents when text is passed as str. Cards are
ID-1 size (85.6 × 54 mm), ten to a sheet, to cut out or print on pre-cut card stock.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Preformatted, SimpleDocTemplate, Spacer

CARD_W, CARD_H = 85.6 * mm, 54 * mm
COLUMNS, ROWS = 2, 5
GAP_X, GAP_Y = 6 * mm, 3 * mm


@dataclass(frozen=True)
class CardFace:
    card_number: str
    site_name: str


def card_barcode(card_number: str) -> Code128:
    """Code 128 of the card number, dense enough for the counter's handheld scanners."""
    return Code128(card_number, barHeight=13 * mm, barWidth=0.33 * mm, humanReadable=False, quiet=True)


def card_sheet_pdf(cards: Sequence[CardFace], network_name: str, *, compress: bool = True) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1 if compress else 0)
    canvas.setTitle(f"Cartes {network_name}")
    per_page = COLUMNS * ROWS
    for index, card in enumerate(cards):
        if index and index % per_page == 0:
            canvas.showPage()
        slot = index % per_page
        _draw_card(canvas, card, network_name, *_origin(slot % COLUMNS, slot // COLUMNS))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _origin(column: int, row: int) -> tuple[float, float]:
    page_w, page_h = A4
    left = (page_w - COLUMNS * CARD_W - (COLUMNS - 1) * GAP_X) / 2
    top = (page_h + ROWS * CARD_H + (ROWS - 1) * GAP_Y) / 2
    return left + column * (CARD_W + GAP_X), top - (row + 1) * CARD_H - row * GAP_Y


def _draw_card(canvas: Canvas, card: CardFace, network_name: str, x: float, y: float) -> None:
    canvas.setStrokeGray(0.6)
    canvas.roundRect(x, y, CARD_W, CARD_H, 3 * mm)
    canvas.setFillColorRGB(0, 0.353, 0.549)
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(x + 5 * mm, y + CARD_H - 9 * mm, network_name)
    canvas.setFillGray(0.2)
    canvas.setFont("Helvetica", 7.5)
    canvas.drawString(x + 5 * mm, y + CARD_H - 13 * mm, "Carte d'accès · épicerie sociale")
    barcode = card_barcode(card.card_number)
    barcode.drawOn(canvas, x + (CARD_W - barcode.width) / 2, y + 14 * mm)
    canvas.setFillGray(0)
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawCentredString(x + CARD_W / 2, y + 8.5 * mm, card.card_number)
    canvas.setFont("Helvetica", 7)
    canvas.drawCentredString(x + CARD_W / 2, y + 4 * mm, card.site_name[:60])


def export_pdf(data: dict[str, Any], network_name: str, *, compress: bool = True) -> bytes:
    """A readable copy of the right-of-access export: one section per kind of record."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    document = SimpleDocTemplate(buffer, pagesize=A4, title="Données enregistrées", author=network_name,
                                 pageCompression=1 if compress else 0)
    story: list[Any] = [Paragraph(f"{network_name} — données enregistrées sur le foyer "
                                  f"{data['foyer']['card_number']}", styles["Title"])]
    for section, content in data.items():
        story.append(Paragraph(SECTION_TITLES.get(section, section), styles["Heading2"]))
        text = json.dumps(content, ensure_ascii=False, indent=1) if content else "(aucune donnée)"
        story += [Preformatted(text, styles["Code"], maxLineLength=95), Spacer(1, 4 * mm)]
    document.build(story)
    return buffer.getvalue()


SECTION_TITLES = {
    "foyer": "Foyer", "membres": "Composition", "coordonnees": "Coordonnées (serveur central uniquement)",
    "demandes": "Demandes et évaluations", "decisions": "Décisions de commission", "acces": "Périodes d'accès",
    "droits": "Droits d'achat", "achats": "Achats (date, site, valeur marchande, montant payé, articles)",
    "activites": "Ateliers, bourse des compétences et point informatique",
    "journal": "Journal des consultations et modifications",
}
