"""`gers-solidaire barcode parse CODE` and the `warehouse` command group."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from devices.cli_fr import FrenchGroup
from gers.cli_base import INSTANCE_OPTION, OperatorError, load_app
from gers.clock import utcnow
from inventory.barcodes import parse_code
from inventory.expiry import paris_today


@click.group("barcode", cls=FrenchGroup)
def barcode_group() -> None:
    """Codes-barres : ce que le système lit sur une étiquette."""


@barcode_group.command("parse")
@click.argument("code")
@click.option("--date", "on_date", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]), default=None,
              help="Date du jour à utiliser (siècle des dates GS1, dates invraisemblables). Par défaut : "
                   "aujourd'hui.")
def parse_command(code: str, on_date: dt.datetime | None) -> None:
    """Affiche en JSON ce que le système lit dans CODE : GTIN, lot, dates, poids, quantité, prix, erreurs.

    Le séparateur GS1 invisible peut s'écrire <GS>. Exemple :
    gers-solidaire barcode parse '(01)03017620422003(17)261130(10)L4521'
    """
    today = on_date.date() if on_date else paris_today(utcnow())
    click.echo(json.dumps(parse_code(code, today=today).as_dict(), ensure_ascii=False, indent=2))


@click.group("warehouse", cls=FrenchGroup)
def warehouse_group() -> None:
    """Entrepôt : imports de rappels, entretien du stock."""


@warehouse_group.command("import-rappelconso")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@INSTANCE_OPTION
def import_rappelconso_command(csv_file: Path, instance: Path) -> None:
    """Importe un export CSV RappelConso : bloque les lots des produits du catalogue."""
    from warehouse.recall_import import import_rappelconso

    app = load_app(instance)
    try:
        text = csv_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OperatorError(f"Fichier illisible : {csv_file} ({exc})") from exc
    with app.extensions["gers.sessionmaker"]() as session:
        summary = import_rappelconso(session, text, now=utcnow(), owner_node=app.config["NODE_CODE"])
        session.commit()
    click.echo(summary.message())
    for line in summary.skipped:
        click.echo(f"  {line}")


@warehouse_group.command("rebuild-balances")
@INSTANCE_OPTION
def rebuild_balances_command(instance: Path) -> None:
    """Recalcule le stock courant à partir du journal des mouvements (après une synchronisation)."""
    from inventory.ledger import rebuild_balances

    app = load_app(instance)
    with app.extensions["gers.sessionmaker"]() as session:
        rows = rebuild_balances(session)
        session.commit()
    click.echo(f"Stock recalculé : {rows} ligne(s) lot / site / emplacement.")


@warehouse_group.command("plan-dispatch")
@click.option("--jsonl", is_flag=True, help="Une requête JSON par ligne sur l'entrée standard, une réponse par ligne "
                                            "sur la sortie standard (seul format disponible).")
def plan_dispatch_command(jsonl: bool) -> None:
    """Planificateur anti-gaspillage : propose les expéditions d'un jour, sans toucher à la base.

    Lit des requêtes « gers-antiwaste-plan-request/1 » (une par ligne) jusqu'à la fin de l'entrée et
    répond à chacune par {"dispatch": [{"lot_id", "site_id", "kg"}, …]}. Voir docs/entrepot.md.
    """
    from warehouse.plan_dispatch import plan
    from warehouse.plan_request import RequestError, parse_line

    if not jsonl:
        raise OperatorError("Précisez --jsonl : une requête JSON par ligne sur l'entrée standard.")
    for number, text in enumerate(click.get_text_stream("stdin"), start=1):
        if not text.strip():
            continue
        try:
            request = parse_line(text)
        except RequestError as exc:
            raise OperatorError(f"ligne {number} : {exc}") from exc
        lines = plan(request).lines
        click.echo(json.dumps({"dispatch": [{"lot_id": line.lot_id, "site_id": line.site_id, "kg": line.kg}
                                            for line in lines]}, ensure_ascii=False))
        click.get_text_stream("stdout").flush()
