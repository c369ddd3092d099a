"""The import layers between the apps hold (pyproject's `[tool.importlinter]` contracts):
cases never imports the apps built on it; archive, incidents and insights are imported only
by the URLs and the demo data; no import cycle inside apologies. `make lint` runs the same."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
