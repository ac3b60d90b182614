"""The yearly report as files: CSV and XLSX with the form's field names, a French PDF, from the CLI."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from gers.cli import build_cli
from reports import exports, summaries
from reports.settings import Settings
from reports.state import yearly_report


@pytest.fixture
def run(tmp_path, database_url):
    runner = CliRunner()
    cli = build_cli()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), env={"GERS_INSTANCE": str(tmp_path / "instance"),
                                                   "GERS_DATABASE_URL": database_url})
    return invoke


def _figures(session):
    summaries.refresh(session)
    return yearly_report(session, 2026, Settings())


def test_csv_has_the_form_fields_one_row_per_scope(session, net):
    rows = list(csv.DictReader(io.StringIO(exports.to_csv(_figures(session)).decode("utf-8-sig")), delimiter=";"))
    assert [row["perimetre"] for row in rows] == [
        "Réseau", "Association : Banque Alimentaire du Gers", "Association : Croix-Rouge",
        "Association : Secours Populaire", "Site : Auch", "Site : Condom", "Site : Entrepot"]
    network = rows[0]
    assert (network["kg_distribues"], network["valeur_distribuee_eur"]) == ("5.000", "24.00")
    assert (network["kg_feculents"], network["fse_tonnes"], network["fse_valeur_eur"]) == ("2.500", "0.002", "6.00")
    assert (network["foyers_aides"], network["personnes_aidees"]) == ("3", "7")
    assert [network[f] for f in ("personnes_moins_de_3_ans", "personnes_3_a_17_ans", "personnes_18_a_29_ans",
                                 "personnes_30_a_64_ans", "personnes_plus_de_65_ans")] == ["1", "2", "0", "3", "1"]
    assert (network["foyers_nouveaux"], network["foyers_deja_aides"], network["passages"]) == ("2", "1", "4")
    assert (network["dons_kg_fse"], network["dons_valeur_ramasse_eur"]) == ("100.000", "15.00")
    assert network["pertes_kg_casse"] == "1.000"
    assert rows[4]["foyers_aides"] == "2" and rows[5]["foyers_aides"] == "2"  # Auch, Condom: H2 at both


def test_xlsx_carries_the_same_figures(session, net):
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(_figures(session))))
    sheet = workbook["Formulaire"]
    header = [cell.value for cell in sheet[1]]
    network = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert (network["foyers_aides"], network["kg_distribues"], network["fse_valeur_eur"]) == (3, 5.0, 6.0)
    assert workbook.sheetnames == ["Formulaire", "Groupes alimentaires", "Personnes"]


def test_pdf_summary_is_french(session, net):
    pdf = exports.to_pdf(_figures(session), "Gers Solidaire", compress=False)
    assert pdf.startswith(b"%PDF")
    assert b"Bilan d'activit" in pdf and b"Foyers aid" in pdf and b"24,00" in pdf


def test_export_command_writes_the_file_with_a_progress_bar(run, session, net, tmp_path):
    target = tmp_path / "bilan.xlsx"
    result = run("reports", "export", "--year", "2026", "--format", "xlsx", "--sortie", str(target))
    assert result.exit_code == 0, result.output
    assert "Bilan 2026" in result.output and "7 périmètres" in result.output
    assert load_workbook(target)["Formulaire"]["B2"].value == "Réseau"


def test_settings_command_refuses_a_threshold_below_two(run, session):
    result = run("reports", "settings", "--secret", "1")
    assert result.exit_code != 0 and "au moins 2 foyers" in result.output
    assert "moins de 7 foyers" in run("reports", "settings", "--secret", "7").output
