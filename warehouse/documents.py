"""Printed documents of the warehouse, A4, French: the dispatch note and the donor attestation.

reportlab's built-in Helvetica covers € and French accents when text is passed as str.
`compress=False` keeps the page streams readable, which the tests use.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gers.formatting import date_fr, datetime_fr, money, weight_kg
from inventory.expiry import paris_today
from warehouse.attestations import HALF_VALUE_LAST_DAYS, AttestationData
from warehouse.models import DonorAttestation

STYLES = getSampleStyleSheet()
SMALL = ParagraphStyle("small", parent=STYLES["Normal"], fontSize=8, leading=10)
GRID = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                   ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.93, 0.97)),
                   ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                   ("ALIGN", (-2, 1), (-1, -1), "RIGHT")])


@dataclass(frozen=True)
class PartyBlock:
    name: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoteLine:
    product: str
    lot_code: str
    date_label: str  # "DLC 30/11/2026"
    location: str
    units: int
    grams: int
    free_of_charge: bool


@dataclass(frozen=True)
class DispatchNote:
    network_name: str
    number: str
    status_label: str
    sender: PartyBlock
    recipient: PartyBlock
    planned_on: dt.date
    shipped_at: dt.datetime | None
    lines: Sequence[NoteLine]


def _document(buffer: io.BytesIO, title: str, compress: bool) -> SimpleDocTemplate:
    return SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Gers Solidaire", leftMargin=15 * mm,
                             rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
                             pageCompression=1 if compress else 0)


def _party(label: str, party: PartyBlock) -> Paragraph:
    return Paragraph(f"<b>{label}</b><br/>{_esc(party.name)}<br/>" + "<br/>".join(_esc(x) for x in party.lines),
                     STYLES["Normal"])


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def dispatch_note_pdf(note: DispatchNote, *, compress: bool = True) -> bytes:
    buffer = io.BytesIO()
    story = [Paragraph(f"{_esc(note.network_name)} — Bon d'expédition n° {note.number}", STYLES["Title"]),
             Paragraph(f"{note.status_label} · départ prévu le {date_fr(note.planned_on)}"
                       + (f" · expédié le {datetime_fr(note.shipped_at)}" if note.shipped_at else ""),
                       STYLES["Normal"]), Spacer(1, 4 * mm),
             Table([[_party("Expéditeur", note.sender), _party("Destinataire", note.recipient)]],
                   colWidths=[90 * mm, 90 * mm]), Spacer(1, 5 * mm)]
    rows = [["Produit", "Lot", "Date", "Empl.", "Qté", "Poids"]]
    for line in note.lines:
        product = line.product + (" (FSE+, gratuit)" if line.free_of_charge else "")
        rows.append([Paragraph(_esc(product), SMALL), line.lot_code or "—", line.date_label, line.location,
                     str(line.units) if line.units else "—", weight_kg(line.grams)])
    rows.append(["Total", "", "", "", str(sum(line.units for line in note.lines)),
                 weight_kg(sum(line.grams for line in note.lines))])
    table = Table(rows, colWidths=[68 * mm, 26 * mm, 28 * mm, 18 * mm, 14 * mm, 26 * mm], repeatRows=1)
    table.setStyle(GRID)
    story += [table, Spacer(1, 8 * mm), _signatures()]
    _document(buffer, f"Bon d'expédition {note.number}", compress).build(story)
    return buffer.getvalue()


def _signatures() -> Table:
    cells = [[Paragraph("<b>Préparé et chargé par</b><br/>Nom, date, signature<br/><br/><br/>", STYLES["Normal"]),
              Paragraph("<b>Reçu par le site</b><br/>Nom, date, signature, écarts constatés<br/><br/><br/>",
                        STYLES["Normal"])]]
    table = Table(cells, colWidths=[90 * mm, 90 * mm], rowHeights=[32 * mm])
    table.setStyle(TableStyle([("BOX", (0, 0), (0, 0), 0.4, colors.grey),
                               ("BOX", (1, 0), (1, 0), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


@dataclass(frozen=True)
class AttestationHeader:
    network_name: str
    number: str
    association: PartyBlock
    issued_on: dt.date
    place: str
    replaces: str = ""  # number of the attestation this one cancels and replaces


COPIES = ("Exemplaire du donateur", "Exemplaire de l'association")


def attestation_renderer(network_name: str, site) -> Callable[[DonorAttestation, AttestationData], bytes]:
    """The PDF of an attestation being issued, signed for the warehouse `site` (rendered once, stored)."""
    association = PartyBlock(site.organisation or network_name,
                             tuple(x for x in (site.name, site.address, f"{site.postcode} {site.commune}") if x))

    def render(attestation: DonorAttestation, data: AttestationData) -> bytes:
        header = AttestationHeader(network_name, attestation.number, association,
                                   paris_today(attestation.issued_at), site.commune,
                                   replaces=attestation.replaces.number if attestation.replaces else "")
        return attestation_pdf(header, data)

    return render


def attestation_pdf(header: AttestationHeader, data: AttestationData, *, compress: bool = True) -> bytes:
    """Two copies, one per page, identical but for the copy label."""
    buffer = io.BytesIO()
    story = []
    for index, copy in enumerate(COPIES):
        if index:
            story.append(PageBreak())
        story += _attestation_page(header, data, copy)
    _document(buffer, f"Attestation de don {header.number}", compress).build(story)
    return buffer.getvalue()


def _attestation_page(header: AttestationHeader, data: AttestationData, copy: str) -> list:
    donor = data.donor
    donor_block = PartyBlock(donor.name, tuple(x for x in (
        f"SIRET {donor.siret}" if donor.siret else "", donor.address,
        f"{donor.postcode} {donor.commune}".strip()) if x))
    dates = ", ".join(date_fr(day) for day in data.donation_dates)
    rows = [["Nature des biens donnés", "Unités", "Poids", "Dont valorisé à 50 %", "Valorisation"]]
    rows += [[Paragraph(_esc(line.nature), SMALL), str(line.units) if line.units else "—", weight_kg(line.grams),
              money(line.halved_value), money(line.value)] for line in data.lines]
    rows.append(["Total", "", weight_kg(data.total_grams), "", money(data.total_value)])
    unvalued = []
    if data.unvalued_grams or data.unvalued_units:
        quantity = weight_kg(data.unvalued_grams) + (f" ({data.unvalued_units} unités)" if data.unvalued_units else "")
        unvalued = [Spacer(1, 2 * mm), Paragraph(
            f"<b>Dont {quantity} sans valeur déclarée</b> : non valorisés par l'association, à valoriser par "
            "le donateur à leur prix de revient.", STYLES["Normal"])]
    replaces = [Paragraph(f"Annule et remplace l'attestation n° {_esc(header.replaces)}.", STYLES["Normal"])
                ] if header.replaces else []
    table = Table(rows, colWidths=[70 * mm, 18 * mm, 28 * mm, 32 * mm, 32 * mm], repeatRows=1)
    table.setStyle(GRID)
    return [
        Paragraph(f"<i>{copy}</i>", STYLES["Normal"]),
        Paragraph(f"Attestation de don en nature n° {header.number}", STYLES["Title"]),
        *replaces,
        Table([[_party("Organisme bénéficiaire", header.association), _party("Donateur", donor_block)]],
              colWidths=[90 * mm, 90 * mm]),
        Spacer(1, 4 * mm),
        Paragraph(f"Dons reçus du {date_fr(data.start)} au {date_fr(data.end)}, aux dates suivantes : {dates}.",
                  STYLES["Normal"]),
        Spacer(1, 3 * mm), table, *unvalued, Spacer(1, 4 * mm),
        Paragraph(
            "Valorisation au prix de revient déclaré par le donateur ; "
            f"les denrées remises dans les {HALF_VALUE_LAST_DAYS} derniers jours avant leur date limite de "
            "consommation sont valorisées à 50 %. Don ouvrant droit, le cas échéant, à la réduction d'impôt "
            "prévue à l'article 238 bis du code général des impôts.", SMALL),
        Spacer(1, 8 * mm),
        Paragraph(f"Fait à {_esc(header.place)}, le {date_fr(header.issued_on)}.<br/>Pour "
                  f"{_esc(header.association.name)}, nom, qualité et signature :", STYLES["Normal"]),
    ]
