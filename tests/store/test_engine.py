"""Engine plumbing: migrations, WAL mode, data_version, error translation."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime

import pandas as pd
import pytest

from tests.conftest import DATA, load_shared_series, raw_sql, run_tsy
from tsy.errors import StoreError
from tsy.store import open_store, redact
from tsy.store.migrations import MIGRATIONS

T0 = datetime(2026, 1, 5, tzinfo=UTC)


def test_migrations_recorded_once_and_wal(tmp_path) -> None:
    db = tmp_path / "deep" / "dir" / "tsy.db"
    open_store(db).close()
    open_store(db).close()  # reopening applies nothing twice
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert rows == [(m.version, m.name) for m in MIGRATIONS]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"series", "observations", "revisions", "fetch_log", "table_revisions"} <= tables
    conn.close()


def test_concurrent_first_open_migrates_once(db_target: str) -> None:
    db = db_target
    errors: list[BaseException] = []

    def opener() -> None:
        try:
            open_store(db).close()
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert raw_sql(db, "SELECT version, name FROM schema_migrations ORDER BY version") == [
        (m.version, m.name) for m in MIGRATIONS
    ]


def test_newer_schema_is_refused(db_target: str, tmp_path) -> None:
    db = db_target
    open_store(db).close()
    raw_sql(db, "INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01T00:00:00Z')")
    before = store_fingerprint_raw(db)
    for readonly in (False, True):
        with pytest.raises(StoreError, match="schema version 999 is newer than this tsy") as info:
            open_store(db, readonly=readonly)
        assert "\n" not in str(info.value)
    # the commands: one line naming the store, a non-zero exit, no traceback
    for command in (
        ["import", str(DATA / "fred" / "DGS10.csv")],
        ["series", "DGS10"],
        ["db", "init"],
    ):
        proc = run_tsy(*command, db=db, data_dir=tmp_path)
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        assert proc.returncode != 0 and len(lines) == 1, proc.stderr
        assert "schema version 999 is newer than this tsy" in lines[0]
        assert redact(db) in lines[0]
    assert store_fingerprint_raw(db) == before  # nothing written


def store_fingerprint_raw(db: str) -> list[tuple[object, ...]]:
    return raw_sql(db, "SELECT count(*) FROM observations") + raw_sql(
        db, "SELECT count(*) FROM schema_migrations"
    )


def test_unrelated_sqlite_file_is_refused(tmp_path) -> None:
    db = tmp_path / "notes.db"
    raw_sql(db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    with pytest.raises(StoreError, match="not a tsy database .*notes.*refusing"):
        open_store(db)
    tables = raw_sql(db, "SELECT name FROM sqlite_master WHERE type = 'table'")
    assert tables == [("notes",)]  # no tsy table was added


def test_data_version_moves_on_any_commit(db_target: str) -> None:
    db = db_target
    with open_store(db) as dashboard, open_store(db) as updater:
        v0 = dashboard.data_version()
        assert dashboard.data_version() == v0  # stable while nothing happens
        s = load_shared_series("DGS10").iloc[-10:]
        updater.upsert_series("DGS10", s, source="fred", seen_at=T0)
        v1 = dashboard.data_version()
        assert v1 != v0  # another connection committed
        own = updater.data_version()
        updater.upsert_series("DGS10", s + 0.01, source="fred", seen_at=T0)
        assert updater.data_version() != own  # its own commit counts too
        assert dashboard.data_version() != v1


def test_sqlite_failure_becomes_store_error(tmp_path) -> None:
    db = tmp_path / "tsy.db"
    with open_store(db) as store:
        conn = sqlite3.connect(db)
        conn.execute("DROP TABLE revisions")  # sabotage: the revision insert will fail
        conn.commit()
        conn.close()
        s = pd.Series([1.0, 2.0], index=pd.to_datetime(["2024-01-02", "2024-01-03"]))
        store.upsert_series("X", s, source="t", seen_at=T0)
        with pytest.raises(StoreError, match="no such table: revisions") as info:
            store.upsert_series("X", s + 1, source="t", seen_at=T0)
        assert str(db) in str(info.value)
        # the failed batch left nothing behind: the first values are intact
        assert store.read_series("X").tolist() == pytest.approx([1.0, 2.0], abs=0)
        store.upsert_series("Y", s, source="t", seen_at=T0)  # and the store still works
