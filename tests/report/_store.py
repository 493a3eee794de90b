"""One store per test session, built with the real importer from ``../shared/data``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA
from tsy.config import Settings, load_settings

_BUILT: dict[str, Path] = {}


def shared_store(factory: pytest.TempPathFactory) -> Settings:
    """Settings of a store holding fred, market, treasury and cftc files (built once, ~6 s)."""
    if "db" not in _BUILT:
        if not DATA.is_dir():
            pytest.fail(f"shared data not found at {DATA}")
        from tsy.pipeline.importer import import_paths
        from tsy.store import open_store

        db = factory.mktemp("store") / "tsy.db"
        with open_store(db) as st:
            import_paths(st, [DATA / "fred", DATA / "market", DATA / "treasury", DATA / "cftc"])
        _BUILT["db"] = db
    return load_settings({"TSY_DB": str(_BUILT["db"])})
