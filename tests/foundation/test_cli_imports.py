"""Light commands load no heavy library: ``tsy --help`` and every sub-command's ``--help``.

Checked in a fresh interpreter through ``sys.modules`` (what was imported), never by wall-clock
time: pandas, numpy, httpx and matplotlib take most of a second to import, and help text needs
none of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Libraries a light command must not import (top-level package names).
HEAVY = ("pandas", "numpy", "httpx", "matplotlib", "plotly", "fastapi", "scipy")

_PROBE = """
import json, os, sys
from tsy.cli import app
try:
    app(sys.argv[1:], prog_name="tsy", standalone_mode=False)
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(os.environ["HEAVY"])))
print("HEAVY=" + json.dumps(heavy))
"""

LIGHT = [
    ["--help"],
    ["--version"],
    ["series", "--help"],
    ["monitor", "--help"],
    ["alerts", "--help"],
    ["auctions", "--help"],
    ["report", "--help"],
    ["serve", "--help"],
    ["status", "--help"],
    ["catalog", "--help"],
    ["import", "--help"],
    ["update", "--help"],
    ["calc", "--help"],
    ["calc", "bond", "--help"],
    ["study", "--help"],
    ["study", "metals", "--help"],
    ["chart", "curves", "--help"],
]


def _heavy_modules(args: list[str], tmp_path: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSY_")}
    env.update({"TSY_DB": str(tmp_path / "tsy.db"), "HEAVY": json.dumps(HEAVY)})
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    line = [x for x in out.stdout.splitlines() if x.startswith("HEAVY=")]
    assert line, out.stdout + out.stderr
    return list(json.loads(line[-1].removeprefix("HEAVY=")))


@pytest.mark.parametrize("args", LIGHT, ids=lambda a: " ".join(a))
def test_light_command_imports_no_heavy_library(args: list[str], tmp_path: Path) -> None:
    assert _heavy_modules(args, tmp_path) == []


def test_probe_sees_heavy_imports(tmp_path: Path) -> None:
    # The probe itself must be able to fail: `tsy catalog` builds a pandas frame.
    assert "pandas" in _heavy_modules(["catalog", "--format", "csv"], tmp_path)
