"""`gers-solidaire barcode parse` for staff puzzled by a label, and the `warehouse` commands."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import delete

from gers.cli import build_cli
from inventory.ledger import balance_of
from inventory.stock_models import StockBalance


@pytest.fixture
def run(tmp_path, database_url):
    runner = CliRunner()
    cli = build_cli()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), env={"GERS_INSTANCE": str(tmp_path / "instance"),
                                                   "GERS_DATABASE_URL": database_url})
    return invoke


def test_barcode_parse_prints_json(run):
    result = run("barcode", "parse", "(01)03017620422003(17)261130(10)L4521(3103)001250", "--date", "2026-11-28")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == {"code": "(01)03017620422003(17)261130(10)L4521(3103)001250", "kind": "gs1",
                    "gtin": "3017620422003", "base_gtin": None, "lot": "L4521", "use_by": "2026-11-30",
                    "best_before": None, "net_weight_g": 1250, "count": None, "price": None, "sscc": None,
                    "in_store_item": None, "errors": [], "warnings": []}


def test_barcode_parse_shows_errors_in_french_with_gs_typed_as_text(run):
    ok = json.loads(run("barcode", "parse", "0103017620422003" + "10L4521<GS>17261130", "--date", "28/11/2026").output)
    assert (ok["lot"], ok["use_by"]) == ("L4521", "2026-11-30")
    bad = json.loads(run("barcode", "parse", "(01)03017620422003(15)990101", "--date", "2026-11-28").output)
    assert bad["errors"] == ["Date DDM (15) invraisemblable : 01/01/1999, plus de 3 ans dans le passé."]


def test_import_rappelconso_from_the_command_line(run, tmp_path, network, stock, session):
    lot = stock.lot(network.spread, lot_code="24153A")
    session.commit()
    export = tmp_path / "rappelconso.csv"
    export.write_text("numero_fiche;libelle;identification_produits;motif_rappel;date_publication\n"
                      "2026-11-0042;Pâte;3017620422003$24153A$date de durabilité minimale$2027-10-31;"
                      "Salmonelle;2026-11-27\n", encoding="utf-8")
    result = run("warehouse", "import-rappelconso", str(export))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 rappel(s) enregistré(s), 1 lot(s) bloqué(s)")
    session.expire_all()
    assert lot.is_recalled


def test_rebuild_balances_from_the_ledger(run, network, stock, session):
    lot = stock.lot(network.spread)
    stock.stock(lot, network.warehouse, units=4, location="A-01")
    session.execute(delete(StockBalance))
    session.commit()
    result = run("warehouse", "rebuild-balances")
    assert result.output == "Stock recalculé : 1 ligne(s) lot / site / emplacement.\n"
    assert balance_of(session, lot.id, network.warehouse.id, "A-01") == (4, 3000)


def test_missing_file_is_refused_in_french(run):
    result = run("warehouse", "import-rappelconso", "/nonexistent.csv")
    assert result.exit_code != 0
    assert "n'existe pas" in result.output
