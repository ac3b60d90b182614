"""`gers-solidaire catalog apply-prices`: central moves the catalogue to the prices in force."""

from __future__ import annotations

from click.testing import CliRunner

from gers.cli import build_cli


def test_apply_prices_on_central_and_refused_on_a_site(tmp_path):
    runner, cli = CliRunner(), build_cli()
    env = {"GERS_INSTANCE": str(tmp_path / "instance")}
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    result = runner.invoke(cli, ["catalog", "apply-prices"], env=env)
    assert result.exit_code == 0 and result.output == "Prix en vigueur appliqués : 0 article(s) changé(s).\n"
    refused = runner.invoke(cli, ["catalog", "apply-prices"], env={**env, "GERS_ROLE": "site", "GERS_NODE_CODE": "AUCH"})
    assert refused.exit_code != 0 and "Seul le serveur central modifie le catalogue" in refused.output
