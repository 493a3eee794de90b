"""Shared test fixtures: where the real data lives, and loaders through tsy's own parsers."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from tsy.sources.fred import parse_csv

REPO = Path(__file__).resolve().parents[1]
#: ``../shared`` beside the repository (real public data and recorded API responses).
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
FIXTURES = SHARED / "fixtures"


@cache
def load_shared_series(series_id: str) -> pd.Series:
    """Read ``data/fred/ID.csv`` or ``data/market/ID.csv`` with tsy's real FRED-layout parser."""
    for folder in ("fred", "market"):
        path = DATA / folder / f"{series_id}.csv"
        if path.is_file():
            return parse_csv(path.read_bytes(), series_id)
    raise FileNotFoundError(f"no shared file for {series_id}")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"../shared not found beside the repository (looked in {SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def series():
    """Return the cached loader ``series("DGS10") -> pd.Series`` over ``../shared/data``."""
    return load_shared_series


def run_tsy(
    *args: str,
    db: Path,
    timeout: float = 300,
    columns: int = 200,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the ``tsy`` command as a user would (a subprocess), on database ``db``.

    The user's own ``TSY_*`` settings are dropped so that tests never touch their store.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSY_")}
    env.update({"TSY_DB": str(db), "TSY_DATA_DIR": str(Path(db).parent), "COLUMNS": str(columns)})
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "tsy.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
