"""Shared test fixtures: where the real data lives, loaders through tsy's own parsers, and the
hermetic environment every test runs in.

Hermetic: each test gets an empty temporary data directory (``TSY_DATA_DIR``, and
``XDG_DATA_HOME``/``XDG_CONFIG_HOME`` so that a ``load_settings({...})`` without a data dir never
finds the developer's ``config.toml``), no ``TSY_*``, ``FRED_API_KEY`` or ``CFTC_APP_TOKEN``
from the outside, and a network guard: a connection to anything but loopback, from the test or
from a ``tsy`` subprocess it starts, fails the test (tests marked ``network`` are exempt).
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from tests._netguard import guard
from tsy.sources.fred import parse_csv

REPO = Path(__file__).resolve().parents[1]
#: ``../shared`` beside the repository (real public data and recorded API responses).
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
FIXTURES = SHARED / "fixtures"
_GUARD_DIR = Path(__file__).resolve().parent / "_netguard"
#: Outside settings that must never reach a test (secrets select live APIs).
_SCRUBBED = ("FRED_API_KEY", "CFTC_APP_TOKEN", "TSY_")


def _scrub(mp: pytest.MonkeyPatch, home: Path) -> None:
    for name in list(os.environ):
        if name.startswith(_SCRUBBED):
            mp.delenv(name)
    mp.setenv("TSY_DATA_DIR", str(home / "tsy"))
    mp.setenv("XDG_DATA_HOME", str(home / "share"))
    mp.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture(scope="session", autouse=True)
def _hermetic_session(tmp_path_factory):
    """For the whole session (module fixtures included): scrubbed env and the network guard."""
    home = tmp_path_factory.mktemp("session-home")
    log = home / "netguard.log"
    log.touch()
    with pytest.MonkeyPatch.context() as mp:
        _scrub(mp, home)
        mp.setenv("NETGUARD_LOG", str(log))
        path = os.environ.get("PYTHONPATH")
        mp.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(_GUARD_DIR), path) if p))
        guard.install(str(log))
        yield log


@pytest.fixture(autouse=True)
def _hermetic(request, tmp_path_factory, monkeypatch, _hermetic_session):
    """Per test: a fresh data dir; fails the test when it tried a non-loopback connection."""
    _scrub(monkeypatch, tmp_path_factory.mktemp("home"))
    if request.node.get_closest_marker("network"):
        guard.install(None)
        try:
            yield
        finally:
            guard.install(str(_hermetic_session))
        return
    log: Path = _hermetic_session
    before = log.stat().st_size
    yield
    with log.open(encoding="utf-8") as fh:
        fh.seek(before)
        attempts = fh.read().strip()
    if attempts:
        pytest.fail(f"test opened a non-loopback connection: {attempts.splitlines()[0]}")


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
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the ``tsy`` command as a user would (a subprocess), on database ``db``.

    The environment is the test's scrubbed one (see ``_hermetic``) without ``TSY_*`` or API
    secrets, plus ``env`` (e.g. ``TSY_FRED_URL`` of a local server).
    """
    base = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED)}
    base.update({"TSY_DB": str(db), "TSY_DATA_DIR": str(Path(db).parent), "COLUMNS": str(columns)})
    env = {**base, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tsy.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
