"""Schema upgrades on both engines: an older store is brought up to date with its data kept, and
a migration that fails leaves the previous schema and every row as they were.

The older store is made the way an old tsy left it: schema version 1 (migration ``core``, see
:data:`tsy.store.migrations.MIGRATIONS`), without the tables of migrations 2
(``table_revisions``) and 3 (``observations_packed``) and their ledger rows.
Values: ``../shared/data/fred/DGS10.csv`` rows 2026-08-19 = 4.65, 2026-08-20 = 4.69.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import load_shared_series, raw_sql, store_fingerprint
from tsy.errors import StoreError
from tsy.store import open_store

T0 = datetime(2026, 8, 21, tzinfo=UTC)


def _version_1_store(db: str) -> None:
    """A store at schema version 1 holding the last two DGS10 rows of the shared file."""
    with open_store(db) as store:
        store.upsert_series(
            "DGS10", load_shared_series("DGS10").iloc[-2:], source="fred", seen_at=T0
        )
    raw_sql(db, "DROP TABLE table_revisions")
    raw_sql(db, "DROP TABLE observations_packed")
    raw_sql(db, "DELETE FROM schema_migrations WHERE version >= 2")


def test_older_schema_is_upgraded_and_keeps_its_data(db_target: str) -> None:
    db = db_target
    _version_1_store(db)
    with pytest.raises(StoreError, match="schema is at version 1, this tsy needs 3"):
        open_store(db, readonly=True)  # a reader never migrates
    with open_store(db) as store:  # a writer upgrades
        s = store.read_series("DGS10")
        # data/fred/DGS10.csv: 2026-08-19 4.65, 2026-08-20 4.69
        assert s.loc["2026-08-19"] == pytest.approx(4.65, abs=1e-12)
        assert s.loc["2026-08-20"] == pytest.approx(4.69, abs=1e-12)
    versions = raw_sql(db, "SELECT version, name FROM schema_migrations ORDER BY version")
    assert versions == [(1, "core"), (2, "table_revisions"), (3, "observations_packed")]
    assert _has_table(db, "table_revisions")  # migration 2's table exists now
    assert _has_table(db, "observations_packed")  # and 3's, filled from the observations
    open_store(db, readonly=True).close()  # and readers accept it now


def test_failed_migration_rolls_back_whole(db_target: str) -> None:
    db = db_target
    _version_1_store(db)
    # An index already holding the name migration 2 gives its own index: its first statement
    # (CREATE TABLE table_revisions) runs, the second (CREATE INDEX) fails.
    raw_sql(db, "CREATE INDEX table_revisions_name ON observations (date)")
    before = store_fingerprint_raw(db)
    with pytest.raises(StoreError, match=r"migration 2 \(table_revisions\) failed") as err:
        open_store(db)
    assert "\n" not in str(err.value) and "Traceback" not in str(err.value)
    # nothing of migration 2 is kept: no table, no ledger row, the data as it was
    assert store_fingerprint_raw(db) == before
    assert not _has_table(db, "table_revisions")
    # once the obstacle is gone, the next open applies it
    raw_sql(db, "DROP INDEX table_revisions_name")
    open_store(db).close()
    assert raw_sql(db, "SELECT max(version) FROM schema_migrations") == [(3,)]
    with open_store(db) as store:
        assert len(store.read_series("DGS10")) == 2
    assert "table_revisions" in store_fingerprint(db)


def _has_table(db: str, name: str) -> bool:
    if "://" in db:
        return bool(raw_sql(db, f"SELECT 1 FROM pg_tables WHERE tablename = '{name}'"))
    return bool(
        raw_sql(db, f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{name}'")
    )


def store_fingerprint_raw(db: str) -> list[tuple[object, ...]]:
    """Rows of the ledger and the observations, read behind tsy's back (the store will not open)."""
    return raw_sql(db, "SELECT version, name FROM schema_migrations ORDER BY version") + raw_sql(
        db, "SELECT series_id, date, value FROM observations ORDER BY date"
    )
