"""Read a RappelConso CSV export (data.economie.gouv.fr), pure: which GTINs and lots are recalled.

Both dataset generations are read. V2 ("rappelconso-v2-…") has `identification_produits` as
entries separated by "|", each "GTIN$lot$kind of date$date"; the "gtin" variants add a `gtin`
column, one row per GTIN. V1 ("rappelconso0") has free text in `identification_des_produits`: the
GTINs are found by their check digit and, lots being impossible to read reliably, EVERY lot of
those GTINs is recalled (over-blocking is the safe side; staff can lift it after reading the notice).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from inventory.barcodes import canonical_gtin
from inventory.gtin import InvalidGtin, validate_gtin
from inventory.recalls import RecallTarget

COLUMNS = {
    "reference": ("numero_fiche", "reference_fiche", "rappel_guid", "id"),
    "title": ("libelle", "modeles_ou_references", "noms_des_modeles_ou_references"),
    "brand": ("marque_produit", "nom_de_la_marque_du_produit"),
    "identification": ("identification_produits", "identification_des_produits"),
    "gtin": ("gtin",),
    "reason": ("motif_rappel", "motif_du_rappel"),
    "published": ("date_publication", "date_de_publication"),
}
ALL_LOTS = re.compile(r"^(tous|toutes|all|-|sans objet|non communiqu)", re.I)
GTIN_TOKEN = re.compile(r"(?<!\d)(\d{8}|\d{12,14})(?!\d)")


@dataclass
class RecallNotice:
    reference: str
    title: str
    reason: str
    published_on: dt.date | None
    targets: list[RecallTarget] = field(default_factory=list)
    lots_unreadable: bool = False


@dataclass
class ParsedExport:
    notices: list[RecallNotice]
    skipped: list[str]  # French, one per unusable row


def parse_rappelconso_csv(text: str) -> ParsedExport:
    text = text.lstrip("\ufeff")
    if not text.strip():
        return ParsedExport([], ["Fichier vide."])
    reader = csv.DictReader(io.StringIO(text), dialect=_dialect(text))
    headers = {_normalise_header(name): name for name in reader.fieldnames or []}
    columns = {key: next((headers[c] for c in candidates if c in headers), None)
               for key, candidates in COLUMNS.items()}
    if columns["identification"] is None and columns["gtin"] is None:
        return ParsedExport([], ["Colonnes RappelConso introuvables (identification des produits ou gtin)."])
    notices: dict[str, RecallNotice] = {}
    skipped = []
    for number, row in enumerate(reader, start=2):
        error = _read_row(row, columns, notices)
        if error:
            skipped.append(f"Ligne {number} : {error}")
    return ParsedExport(list(notices.values()), skipped)


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    header = text.splitlines()[0]
    return csv.excel if header.count(",") > header.count(";") else _Semicolon


class _Semicolon(csv.excel):
    delimiter = ";"


def _normalise_header(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def _read_row(row: dict, columns: dict, notices: dict[str, RecallNotice]) -> str | None:
    def value(key: str) -> str:
        return (row.get(columns[key]) or "").strip() if columns[key] else ""

    reference = value("reference")
    if not reference:
        return "numéro de fiche manquant."
    targets, unreadable = _targets(value("identification"), value("gtin"))
    if not targets:
        return f"fiche {reference} : aucun GTIN lisible."
    notice = notices.get(reference)
    if notice is None:
        title = " — ".join(part for part in (value("brand"), value("title")) if part) or f"Fiche {reference}"
        notice = notices[reference] = RecallNotice(reference, title, value("reason"), _date(value("published")))
    notice.targets.extend(t for t in targets if t not in notice.targets)
    notice.lots_unreadable |= unreadable
    return None


def _targets(identification: str, gtin_column: str) -> tuple[list[RecallTarget], bool]:
    if "$" in identification:
        return [t for entry in re.split(r"[|\n]", identification) if (t := _v2_entry(entry))], False
    gtins = [g for token in GTIN_TOKEN.findall(f"{gtin_column} {identification}") if (g := _gtin(token))]
    return [RecallTarget(g) for g in dict.fromkeys(gtins)], bool(gtins)


def _v2_entry(entry: str) -> RecallTarget | None:
    fields = [part.strip() for part in entry.split("$")]
    gtin = _gtin(fields[0]) if fields and fields[0] else None
    if gtin is None:
        return None
    lot = fields[1] if len(fields) > 1 else ""
    date = _date(fields[3]) if len(fields) > 3 else None
    return RecallTarget(gtin, None if not lot or ALL_LOTS.match(lot) else lot, date)


def _gtin(token: str) -> str | None:
    digits = re.sub(r"\D", "", token)
    try:
        return canonical_gtin(validate_gtin(digits))
    except InvalidGtin:
        return None


def _date(text: str) -> dt.date | None:
    text = text.strip()[:10]
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
