"""`gers-solidaire reports …`: bring the summaries up to date, export the yearly report, settings.

No command opens a device: the app is built for its configuration and database only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from gers.cli_base import INSTANCE_OPTION, FrenchGroup, OperatorError, load_app
from gers.clock import paris_midnight, paris_today, utcnow
from reports import exports, settings, summaries
from reports.state import report_year_default, scopes, yearly_report

FORMATS = {"xlsx": exports.to_xlsx, "csv": exports.to_csv}


@click.group("reports", cls=FrenchGroup)
def reports_group() -> None:
    """Rapports : bilan annuel État / FSE+, tableaux de synthèse, paramètres."""


@reports_group.command("refresh")
@INSTANCE_OPTION
@click.option("--depuis", "since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Recalcule aussi les mouvements de stock survenus depuis ce jour (AAAA-MM-JJ).")
@click.option("--tout", "everything", is_flag=True, help="Vide les tableaux de synthèse et recalcule tout.")
def refresh_command(instance: Path, since: dt.datetime | None, everything: bool) -> None:
    """Met à jour les tableaux de synthèse avec les ventes et mouvements reçus."""
    app = load_app(instance)
    with app.extensions["gers.sessionmaker"]() as session:
        sites = _site_count(session)
        with click.progressbar(length=sites, label="Sites") as bar:
            tick = lambda _code: bar.update(1)  # noqa: E731
            if everything:
                result = summaries.rebuild(session, progress=tick)
            else:
                result = summaries.refresh(session, since=paris_midnight(since.date()) if since else None,
                                           progress=tick)
        session.commit()
    click.echo(f"{result.entries} écritures de caisse ajoutées, {result.stock_days} journées de stock recalculées.")
    if result.sites_waiting:
        click.echo(f"{result.sites_waiting} site(s) attendent des ventes manquantes (trou dans la numérotation) : "
                   "elles seront comptées à leur arrivée.")


def _site_count(session) -> int:
    from sqlalchemy import func, select

    from inventory.models import Site

    return session.scalar(select(func.count()).select_from(Site))


@reports_group.command("export")
@INSTANCE_OPTION
@click.option("--year", "--annee", "year", type=click.IntRange(2000, 2100), default=None,
              help="Année du bilan (par défaut : l'année écoulée jusqu'en mars, puis l'année en cours).")
@click.option("--format", "kind", type=click.Choice(["xlsx", "csv", "pdf"]), default="xlsx", show_default=True)
@click.option("--sortie", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Fichier à écrire (par défaut : bilan-AAAA.<format> dans le dossier courant).")
def export_command(instance: Path, year: int | None, kind: str, output: Path | None) -> None:
    """Bilan annuel État / FSE+ : réseau, associations et sites, en XLSX, CSV ou PDF."""
    app = load_app(instance)
    now = utcnow()
    year = year or report_year_default(paris_today(now))
    with app.extensions["gers.sessionmaker"]() as session:
        summaries.refresh(session)
        session.commit()
        with click.progressbar(length=len(scopes(session)), label=f"Bilan {year}") as bar:
            figures = yearly_report(session, year, settings.load(session), progress=lambda _s: bar.update(1))
    content = (exports.to_pdf(figures, app.config["NETWORK_NAME"]) if kind == "pdf"
               else FORMATS[kind](figures))
    target = output or Path(f"bilan-{year}.{kind}")
    try:
        target.write_bytes(content)
    except OSError as error:
        raise OperatorError(f"Impossible d'écrire {target} : {error.strerror}.") from error
    click.echo(f"Bilan {year} écrit dans {target} ({len(figures)} périmètres).")


@reports_group.command("settings")
@INSTANCE_OPTION
@click.option("--secret", "small_cell_min", type=int, default=None,
              help="Nombre minimal de foyers affiché ou exporté par la veille sociale (défaut 5).")
@click.option("--tranches", "age_bounds", default=None, help="Bornes des tranches d'âge, ex. 3,18,30,65.")
@click.option("--absence", "absent_days", type=int, default=None,
              help="Jours sans passage après lesquels un foyer avec accès est signalé (défaut 30).")
@click.option("--couverture", "cover_days", type=int, default=None,
              help="Jours de ventes qui donnent le rythme de la couverture de stock (défaut 28).")
def settings_command(instance: Path, **values) -> None:
    """Affiche ou modifie les paramètres des rapports."""
    app = load_app(instance)
    with app.extensions["gers.sessionmaker"]() as session:
        try:
            current = (settings.save(session, **values)
                       if any(v is not None for v in values.values()) else settings.load(session))
        except ValueError as error:
            raise OperatorError(str(error)) from error
        session.commit()
    click.echo(f"Secret statistique : moins de {current.small_cell_min} foyers jamais affichés ni exportés")
    click.echo(f"Tranches d'âge : {', '.join(str(b) for b in current.age_bounds)}")
    click.echo(f"Foyers signalés après {current.absent_days} jours sans passage ; "
               f"couverture de stock au rythme des {current.cover_days} derniers jours")
