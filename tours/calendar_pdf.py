"""A van's month on one A4 page, in French, for the villages' notice boards and the town halls.

reportlab's built-in Helvetica covers French accents when text is passed as str; `compress=False`
keeps the page stream readable for the tests (as collectes/letters.py does).
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gers.formatting import date_fr, time_fr
from inventory.models import WEEKDAY_LABELS, Site
from tours.models import TourStop

STYLES = getSampleStyleSheet()
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def month_label(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _row(stop: TourStop) -> list:
    hours = f"{time_fr(stop.opens)} – {time_fr(stop.closes)}"
    place = _esc(stop.place)
    if stop.cancelled:
        hours = "annulé"
        place = f"<i>{_esc(stop.note)}</i>"
    return [f"{WEEKDAY_LABELS[stop.day.weekday()]} {date_fr(stop.day)}", hours,
            Paragraph(_esc(stop.commune), STYLES["Normal"]), Paragraph(place, STYLES["Normal"])]


def month_pdf(network_name: str, van: Site, year: int, month: int, stops: list[TourStop], *,
              compress: bool = True) -> bytes:
    title = f"{van.name} : tournée de {month_label(year, month)}"
    story = [Paragraph(_esc(network_name), STYLES["Title"]), Paragraph(_esc(title), STYLES["Heading2"]),
             Spacer(1, 4 * mm)]
    if stops:
        table = Table([["Jour", "Horaires", "Commune", "Lieu"]] + [_row(stop) for stop in stops],
                      colWidths=(42 * mm, 30 * mm, 45 * mm, 53 * mm), repeatRows=1)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                                   ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    else:
        story.append(Paragraph("Aucun arrêt prévu ce mois-ci.", STYLES["Normal"]))
    story += [Spacer(1, 6 * mm), Paragraph(
        "Venez avec votre carte : épicerie solidaire (participation) et distribution gratuite de denrées "
        "FSE+ au camion. Les horaires peuvent changer : la borne de votre épicerie affiche la semaine à jour.",
        STYLES["Normal"])]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=title, author=network_name, leftMargin=20 * mm, rightMargin=20 * mm,
                      topMargin=20 * mm, bottomMargin=20 * mm, pageCompression=1 if compress else 0).build(story)
    return buffer.getvalue()
