"""A site node starts on what it serves: heavy libraries load when first needed (a PDF, a GS1 scan,
a migration, a receipt), not at start-up, and central's own rooms not at all — the start-up
benchmark's ratio to the import floor depends on it."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from gers.cli import build_cli

HEAVY = ("reportlab", "biip", "alembic", "escpos", "PIL", "demo", "households.views", "warehouse.views", "scipy",
         "numpy", "collectes", "reports")  # the last two: central's rooms, models included

SERVE_PATH = """
import json, sys
from gers.cli import main  # what `gers-solidaire serve` imports before serving
from gers.app import create_app
from gers import migrate

url, instance = sys.argv[1], sys.argv[2]
app = create_app({"ROLE": "site", "NODE_CODE": "AUCH", "DATABASE_URL": url, "SECRET_KEY": "x"},
                 instance_path=instance, environ={})
assert not migrate.pending(url)
with app.test_client() as client:
    assert client.get("/sante").status_code == 200
heavy = %r
print(json.dumps(sorted(name for name in sys.modules if name in heavy or name.startswith(tuple(h + "." for h in heavy)))))
"""


def test_a_site_serves_without_loading_the_heavy_libraries(database_url: str, tmp_path: Path):
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", SERVE_PATH % (HEAVY,), database_url, str(tmp_path / "i")],
                            capture_output=True, text=True, cwd=root, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_serve_builds_the_app_without_the_cyclic_collector_then_serves_with_it(tmp_path: Path, monkeypatch):
    """The ~150,000 objects of start-up live as long as the server: scanning them while they are
    made is wasted (a tenth of a site's start); they are set aside (frozen) once, before serving."""
    import gers.app

    seen = {}
    build = gers.app.create_app

    def create_app(**kwargs):
        seen["building"] = gc.isenabled()
        return build(**kwargs)

    def serving(app, **kwargs):
        seen["serving"] = (gc.isenabled(), gc.get_freeze_count() > 0)

    env = {"GERS_INSTANCE": str(tmp_path / "i"), "GERS_DEMO": "true"}
    runner, cli = CliRunner(), build_cli()
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    monkeypatch.setattr(gers.app, "create_app", create_app)
    monkeypatch.setattr("waitress.serve", serving)
    result = runner.invoke(cli, ["serve"], env=env)
    assert result.exit_code == 0, result.output
    assert seen == {"building": False, "serving": (True, True)}
    assert gc.isenabled() and gc.get_freeze_count() == 0  # the stopped server hands back what it froze
