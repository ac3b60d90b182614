"""The rooms keep their one-way dependencies (import-linter contracts in .importlinter)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is part of the dev extra"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]
    names = re.findall(r"^name = (.+)$", (ROOT / ".importlinter").read_text(), flags=re.MULTILINE)
    assert len(names) >= 5
    for name in names:  # every contract was checked, none silently dropped
        assert f"{name} KEPT" in result.stdout
