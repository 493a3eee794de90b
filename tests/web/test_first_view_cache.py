"""The dashboard's first view is kept on disk on the store's content version (issue 13).

A server started again on an unchanged store answers ``/api/monitor`` and the tables of the
default view from the entries the previous server wrote (the same bytes, the files not
rewritten), equal to an answer computed with the cache off; a write that adds data gives a new
answer. The store holds the real data/fred files.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from tests.conftest import DATA
from tsy.config import load_settings
from tsy.pipeline.importer import import_paths
from tsy.store import open_store
from tsy.web.app import create_app

FILES = ["DGS10", "DGS2", "SP500", "DTWEXBGS"]
URLS = ["/api/monitor?lang=zh", "/api/tables/stress_parts?lang=en"]


def _bodies(settings) -> list[bytes]:
    with TestClient(create_app(settings, warm=False)) as client:  # a new server each time
        out = []
        for url in URLS:
            r = client.get(url)
            assert r.status_code == 200, r.text
            out.append(r.content)
        return out


def _entries(db: Path) -> dict[str, int]:
    folder = db.with_name(db.name + ".cache")
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("json-*.pkl")}


def test_a_restarted_server_answers_the_first_view_from_disk(tmp_path, monkeypatch):
    db = tmp_path / "tsy.db"
    with open_store(db) as st:
        import_paths(st, [DATA / "fred" / f"{i}.csv" for i in FILES])
    monkeypatch.delenv("TSY_CACHE", raising=False)
    settings = load_settings({"TSY_DATA_DIR": str(tmp_path), "TSY_DB": str(db)})
    first = _bodies(settings)
    entries = _entries(db)
    assert len(entries) == len(URLS)
    assert _bodies(settings) == first
    assert _entries(db) == entries  # read back, not computed and written again
    monkeypatch.setenv("TSY_CACHE", "0")
    assert _bodies(settings) == first
    monkeypatch.delenv("TSY_CACHE")
    # data/fred/DTWEXBGS.csv ends 2026-07-24, so the default as-of is that day; one more dollar
    # day (a constructed 120.50) moves it to Monday 2026-07-27
    assert b'"as_of":"2026-07-24"' in first[0]
    with open_store(db) as st:
        day = pd.DatetimeIndex([pd.Timestamp("2026-07-27")])
        st.upsert_series(
            "DTWEXBGS", pd.Series([120.5], index=day), source="file", seen_at=datetime.now(UTC)
        )
    after = _bodies(settings)
    assert b'"as_of":"2026-07-27"' in after[0]
    assert not set(_entries(db)) & set(entries)  # the old version's entries were deleted


def test_a_cache_kind_may_not_hold_the_name_separator(tmp_path):
    from tsy.cache import DerivedCache

    with pytest.raises(ValueError, match="no '-'"):
        DerivedCache(tmp_path, 1, (0, 0)).get("api-json", ("x",), lambda: b"")
