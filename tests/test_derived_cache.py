"""Derived results cached on the store's content version (``tsy.cache``), through the CLI.

A second ``tsy monitor`` on an unchanged store reads the entry the first one wrote (the file is
not rewritten) and prints the same bytes; a write that adds data invalidates it, and the output
then equals a run with the cache turned off. The store holds the real data/fred files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from tests.conftest import DATA
from tsy.pipeline.importer import import_paths
from tsy.store import open_store

FILES = ["DGS10", "DGS2", "SP500", "DTWEXBGS"]


def _monitor(db: Path | str, *extra: str, cache: bool = True, data_dir: Path | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSY_")}
    home = data_dir if data_dir is not None else Path(db).parent
    env.update({"TSY_DB": str(db), "TSY_DATA_DIR": str(home), "COLUMNS": "200"})
    if not cache:
        env["TSY_CACHE"] = "0"
    out = subprocess.run(
        [sys.executable, "-m", "tsy.cli", "monitor", "--format", "json", *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert out.returncode in (0, 3), out.stderr
    return out.stdout


def _entries(db: Path) -> dict[str, int]:
    folder = db.with_name(db.name + ".cache")
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("monitor-*.pkl")}


def test_monitor_cache_hit_then_invalidated_by_new_data(tmp_path):
    db = tmp_path / "tsy.db"
    with open_store(db) as st:
        import_paths(st, [DATA / "fred" / f"{i}.csv" for i in FILES])
    first = _monitor(db)
    entries = _entries(db)
    assert len(entries) == 1
    second = _monitor(db)
    assert second == first
    assert _entries(db) == entries  # read back, not recomputed and rewritten
    assert first == _monitor(db, cache=False)

    # The monitor's default as-of is the latest date with equity, DGS10 and dollar data:
    # data/fred/DTWEXBGS.csv ends 2026-07-24 (SP500 and DGS10 run on); one more dollar day, a
    # constructed 120.50
    with open_store(db) as st:
        last = st.last_date("DTWEXBGS")
        assert last == pd.Timestamp("2026-07-24")
        day = pd.DatetimeIndex([last + pd.offsets.BDay(1)])
        st.upsert_series(
            "DTWEXBGS", pd.Series([120.5], index=day), source="file", seen_at=datetime.now(UTC)
        )
    third = _monitor(db)
    assert third != first
    assert '"as_of": "2026-07-27"' in third
    assert third == _monitor(db, cache=False)
    now = _entries(db)
    assert len(now) == 1 and not set(now) & set(entries)  # the stale entry was deleted


def test_cache_off_writes_nothing(tmp_path):
    db = tmp_path / "tsy.db"
    with open_store(db) as st:
        import_paths(st, [DATA / "fred" / "DGS10.csv"])
    _monitor(db, cache=False)
    assert _entries(db) == {}


def test_a_database_built_again_does_not_read_its_predecessors_entries(tmp_path):
    db = tmp_path / "tsy.db"
    with open_store(db) as st:
        import_paths(st, [DATA / "fred" / f"{i}.csv" for i in FILES])
    first = _monitor(db)
    # the same path, other content (no equities: no cross-asset part), same number of writes
    for p in tmp_path.glob("tsy.db*"):
        if p.is_file():
            p.unlink()
    with open_store(db) as st:
        import_paths(st, [DATA / "fred" / f"{i}.csv" for i in ["DGS10", "DGS2", "DGS5", "DGS30"]])
    again = _monitor(db)
    assert again != first
    assert again == _monitor(db, cache=False)


def test_other_versions_pruned_current_kept(tmp_path):
    # entries of an older content version are deleted; every entry of the current one stays
    from tsy.cache import DerivedCache

    old, new = DerivedCache(tmp_path, 11), DerivedCache(tmp_path, 12)
    for i in range(30):
        old.get("chart", (i,), lambda i=i: i)
    assert len(list(tmp_path.glob("chart-11-*.pkl"))) == 30
    for i in range(30):
        assert new.get("chart", (i,), lambda i=i: i) == i
    assert not list(tmp_path.glob("chart-11-*.pkl"))
    assert len(list(tmp_path.glob("chart-12-*.pkl"))) == 30
    assert new.get("chart", (3,), lambda: -1) == 3  # read back, not recomputed
    assert new.has("chart", (3,)) and not new.has("chart", (30,)) and not old.has("chart", (3,))


def test_postgresql_store_cached_under_the_data_dir(tmp_path, pg_server):
    # a desk's PostgreSQL store: entries under <data dir>/cache/<digest of the URL without
    # password>, read back on an unchanged store, recomputed after a write
    url = pg_server.new()
    with open_store(url) as st:
        import_paths(st, [DATA / "fred" / f"{i}.csv" for i in FILES])
    first = _monitor(url, data_dir=tmp_path)
    entries = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("cache/*/monitor-*.pkl")}
    assert len(entries) == 1
    (folder,) = tmp_path.glob("cache/*")
    assert url.split("@")[0].split(":")[-1] not in folder.name  # no password in the name
    assert _monitor(url, data_dir=tmp_path) == first
    again = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("cache/*/monitor-*.pkl")}
    assert again == entries  # read back, not recomputed and rewritten
    assert first == _monitor(url, data_dir=tmp_path, cache=False)
    # data/fred/DTWEXBGS.csv ends 2026-07-24; one more dollar day (a constructed 120.50)
    with open_store(url) as st:
        day = pd.DatetimeIndex([pd.Timestamp("2026-07-27")])
        st.upsert_series(
            "DTWEXBGS", pd.Series([120.5], index=day), source="file", seen_at=datetime.now(UTC)
        )
    third = _monitor(url, data_dir=tmp_path)
    assert '"as_of": "2026-07-27"' in third
    assert third == _monitor(url, data_dir=tmp_path, cache=False)
