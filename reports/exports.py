"""The yearly report as files: CSV and XLSX with the form's field names, and a French PDF summary.

Field names are the ones of the yearly activity form (snake case, French, stable): one row per scope
(network, association, site). Weights in kg with 3 decimals, values in euros with 2, in the files;
the PDF is formatted for people (fr_FR).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from decimal import Decimal

from gers.formatting import money, weight_kg
from inventory.stock_models import LOSS_LABELS, SOURCE_LABELS, LossReason, LotSource
from reports.state import StateFigures

# The form's names of the donation sources and loss reasons (French, whatever the screen labels say).
SOURCE_FIELDS = {SOURCE_LABELS[LotSource.FSE_PLUS]: "fse", SOURCE_LABELS[LotSource.BANQUE_ALIMENTAIRE]: "banque_alimentaire",
                 SOURCE_LABELS[LotSource.RAMASSE]: "ramasse", SOURCE_LABELS[LotSource.COLLECTE]: "collecte",
                 SOURCE_LABELS[LotSource.AGRICULTURAL]: "agriculture", SOURCE_LABELS[LotSource.PURCHASE]: "achat",
                 SOURCE_LABELS[LotSource.OTHER_DONATION]: "autres_dons"}
LOSS_FIELDS = {LOSS_LABELS[LossReason.BREAKAGE]: "casse", LOSS_LABELS[LossReason.EXPIRED]: "perime",
               LOSS_LABELS[LossReason.COLD_CHAIN]: "chaine_du_froid", LOSS_LABELS[LossReason.RECALL]: "rappel",
               LOSS_LABELS[LossReason.OTHER]: "autre"}


def slug(label: str) -> str:
    """'Fruits et légumes' -> 'fruits_et_legumes'; '< 3 ans' -> 'moins_de_3_ans'."""
    text = label.replace("≥", "plus de ").replace("<", "moins de ")
    text = text.replace("–", "_a_").replace("+", "plus")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def kg(grams: int) -> Decimal:
    return (Decimal(grams) / 1000).quantize(Decimal("0.001"))


def form_row(report: StateFigures) -> dict[str, object]:
    row: dict[str, object] = {"annee": report.year, "perimetre": report.scope,
                              "kg_distribues": kg(report.total.grams), "valeur_distribuee_eur": report.total.value}
    for group in report.groups:
        key = slug(group.code)
        row[f"kg_{key}"] = kg(group.distributed.grams + group.fse_plus.grams)
        row[f"valeur_{key}_eur"] = group.distributed.value + group.fse_plus.value
    row |= {"fse_tonnes": report.fse_plus_tonnes, "fse_valeur_eur": report.fse_plus.value,
            "foyers_aides": report.households, "personnes_aidees": report.persons}
    for label, count in zip(report.band_labels, report.persons_by_band, strict=True):
        row[f"personnes_{slug(label)}"] = count
    row |= {f"personnes_{slug(label)}": count for label, count in report.persons_by_sex.items()}
    row |= {f"foyers_{slug(label)}": count for label, count in report.households_by_type.items()}
    row |= {"foyers_nouveaux": report.new_households, "foyers_deja_aides": report.returning_households,
            "passages": report.visits, "distributions_gratuites_fse": report.free_line_distributions,
            "kg_distribution_gratuite_fse": kg(report.free_line.grams)}
    for label, amount in report.donations.items():
        key = SOURCE_FIELDS.get(label, slug(label))
        row[f"dons_kg_{key}"] = kg(amount.grams)
        row[f"dons_valeur_{key}_eur"] = amount.value
    for label, amount in report.losses.items():
        row[f"pertes_kg_{LOSS_FIELDS.get(label, slug(label))}"] = kg(amount.grams)
    row["vesti_recettes_eur"] = report.vesti_revenue
    return row


def form_table(reports: list[StateFigures]) -> tuple[list[str], list[dict]]:
    rows = [form_row(report) for report in reports]
    fields = list(dict.fromkeys(key for row in rows for key in row))
    return fields, rows


def to_csv(reports: list[StateFigures]) -> bytes:
    """UTF-8 with BOM and ';' (what a French spreadsheet opens without asking), '.' decimals for tools."""
    fields, rows = form_table(reports)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def to_xlsx(reports: list[StateFigures]) -> bytes:
    from openpyxl import Workbook  # only the export loads it

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Formulaire"
    fields, rows = form_table(reports)
    sheet.append(fields)
    for row in rows:
        sheet.append([_cell(row.get(field)) for field in fields])
    groups = workbook.create_sheet("Groupes alimentaires")
    groups.append(["perimetre", "groupe", "kg_distribues", "valeur_eur", "kg_fse", "valeur_fse_eur"])
    for report in reports:
        for group in report.groups:
            groups.append([report.scope, group.label, _cell(kg(group.distributed.grams)),
                           _cell(group.distributed.value), _cell(kg(group.fse_plus.grams)), _cell(group.fse_plus.value)])
    people = workbook.create_sheet("Personnes")
    people.append(["perimetre", "tranche_age", "personnes"])
    for report in reports:
        for label, count in zip(report.band_labels, report.persons_by_band, strict=True):
            people.append([report.scope, label, count])
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value):
    return float(value) if isinstance(value, Decimal) else value


def to_pdf(reports: list[StateFigures], network_name: str, *, compress: bool = True) -> bytes:
    """A French summary: one section per scope with the figures people read first."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

    from warehouse.documents import GRID  # the network's table style

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    year = reports[0].year if reports else ""
    story = [Paragraph(f"{_esc(network_name)} — Bilan d'activité {year}", styles["Title"]),
             Paragraph("Aide alimentaire : kg et valeur distribués par groupe d'aliments, FSE+ à part, personnes "
                       "et foyers aidés (chaque foyer compté une fois, quel que soit le nombre de sites et de "
                       "passages).", styles["Normal"]), Spacer(1, 4 * mm)]
    for report in reports:
        table = Table(_summary_rows(report), colWidths=[95 * mm, 40 * mm, 40 * mm], repeatRows=1)
        table.setStyle(GRID)
        story.append(KeepTogether([Paragraph(_esc(report.scope), styles["Heading2"]), table, Spacer(1, 4 * mm)]))
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=f"Bilan d'activité {year}", author=network_name,
                            leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
                            pageCompression=1 if compress else 0)
    doc.build(story)
    return buffer.getvalue()


def _summary_rows(report: StateFigures) -> list[list[str]]:
    rows = [["Indicateur", "Poids", "Valeur"]]
    rows += [[f"Distribué : {group.label}", weight_kg(group.distributed.grams), money(group.distributed.value)]
             for group in report.groups if group.distributed.grams or group.distributed.value]
    rows += [["FSE+ (gratuit), à part", weight_kg(report.fse_plus.grams), money(report.fse_plus.value)],
             ["Total distribué", weight_kg(report.total.grams), money(report.total.value)],
             ["Foyers aidés (uniques)", str(report.households), ""],
             ["Personnes aidées", str(report.persons), ""]]
    rows += [[f"Personnes {label}", str(count), ""] for label, count in zip(report.band_labels,
                                                                             report.persons_by_band, strict=True)]
    rows += [["Foyers nouveaux / déjà aidés", f"{report.new_households} / {report.returning_households}", ""],
             ["Passages", str(report.visits), ""],
             ["Distribution gratuite FSE+ : distributions", str(report.free_line_distributions), ""],
             ["Distribution gratuite FSE+ : kilos (inclus dans FSE+)", weight_kg(report.free_line.grams),
              money(report.free_line.value)]]
    rows += [[f"Dons reçus : {label}", weight_kg(amount.grams), money(amount.value)]
             for label, amount in report.donations.items() if amount.grams]
    rows += [[f"Pertes : {label}", weight_kg(amount.grams), money(amount.value)]
             for label, amount in report.losses.items() if amount.grams]
    rows.append(["Vesti-boutique : recettes", "", money(report.vesti_revenue)])
    return rows


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
