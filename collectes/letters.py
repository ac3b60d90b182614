"""The thanks letter to a shop after a collecte, A4, French, with the shop's own figures.

reportlab's built-in Helvetica covers French accents when text is passed as str; `compress=False`
keeps the page stream readable for the tests (as warehouse/documents.py does).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from collectes.forms import kilos
from collectes.services import ShopTotal
from gers.formatting import date_fr

STYLES = getSampleStyleSheet()


@dataclass(frozen=True)
class Letterhead:
    network_name: str
    place: str
    written_on: dt.date


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _period(start: dt.date, end: dt.date) -> str:
    return f"le {date_fr(start)}" if start == end else f"du {date_fr(start)} au {date_fr(end)}"


def _welcomed(volunteers: int) -> str:
    if volunteers == 0:
        return ""
    if volunteers == 1:
        return "Un bénévole de l'association a été accueilli à vos portes. "
    return f"{volunteers} bénévoles de l'association ont été accueillis à vos portes. "


def thanks_letter_pdf(head: Letterhead, total: ShopTotal, *, compress: bool = True) -> bytes:
    shop, collecte = total.shop, total.shop.collecte
    volunteers = sum(len(shift.volunteers) for shift in shop.shifts)
    paragraphs = [
        "Madame, Monsieur,",
        f"Lors de la collecte « {_esc(collecte.name)} », {_period(collecte.starts_on, collecte.ends_on)}, "
        f"vos clients ont donné <b>{total.cartons} cartons</b>, soit <b>{kilos(total.grams)}</b> de denrées, "
        f"dans votre magasin {_esc(shop.name)}.",
        _welcomed(volunteers)
        + "Ces dons rejoignent l'entrepôt départemental et les épiceries sociales du Gers, où des familles "
        "les retrouvent dans leurs courses.",
        "Au nom des bénévoles et des personnes accueillies, merci à vous, à vos équipes et à vos clients.",
    ]
    address = "<br/>".join(_esc(x) for x in (shop.name, shop.address, shop.commune) if x)
    story = [Paragraph(_esc(head.network_name), STYLES["Title"]), Spacer(1, 6 * mm),
             Paragraph(address, STYLES["Normal"]), Spacer(1, 6 * mm),
             Paragraph((f"{_esc(head.place)}, le " if head.place else "Le ") + date_fr(head.written_on), STYLES["Normal"]), Spacer(1, 8 * mm),
             Paragraph(f"<b>Objet : merci pour la collecte « {_esc(collecte.name)} »</b>", STYLES["Normal"]),
             Spacer(1, 6 * mm)]
    for text in paragraphs:
        story += [Paragraph(text, STYLES["Normal"]), Spacer(1, 4 * mm)]
    story += [Spacer(1, 8 * mm), Paragraph(f"Pour {_esc(head.network_name)}, la coordination", STYLES["Normal"])]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=f"Merci — {shop.name}", author=head.network_name,
                      leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
                      pageCompression=1 if compress else 0).build(story)
    return buffer.getvalue()
