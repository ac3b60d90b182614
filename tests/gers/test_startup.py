"""A site node starts on what it serves: heavy libraries load when first needed (a PDF, a GS1 scan,
a migration, a receipt), not at start-up — the start-up benchmark's ratio to the import floor
depends on it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("reportlab", "biip", "alembic", "escpos", "PIL", "demo", "households.views", "warehouse.views", "scipy",
         "numpy")

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
