"""Schema of the tsy SQLite store as named, numbered migrations.

Each :class:`Migration` is applied once, in order, inside one transaction together with its row
in ``schema_migrations(version, name, applied_at)``; a crash mid-way leaves the previous schema.
To change the schema, append a migration; never edit one that has shipped.

Tables
------
series            the catalogue (synced from :mod:`tsy.catalog`)
observations      one value per (series_id, date); ``first_seen`` = when the date first arrived,
                  ``last_seen`` = when the current value was first seen (it moves only on a
                  revision: an unchanged re-fetch writes nothing), ``source`` = who gave it
revisions         old values replaced by a revision: ``old_value`` held from ``old_first_seen``
                  until ``revised_at``
fetch_log         every fetch: source, key, started, finished, rows, status, error, url, bytes
table_revisions   old rows of the generic tables (:mod:`tsy.store.tables`) as JSON
The generic tables themselves (auctions, positions, ...) are created on demand from
:data:`tsy.store.tables.TABLES`, their columns from the frames written.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from tsy.errors import StoreError

__all__ = ["MIGRATIONS", "Migration", "apply_migrations", "schema_version"]


@dataclass(frozen=True)
class Migration:
    """One schema step: a version number, a short name and its SQL statements."""

    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "core",
        (
            """CREATE TABLE series (
                id TEXT PRIMARY KEY, source TEXT, source_key TEXT, title_en TEXT, title_zh TEXT,
                units TEXT, frequency TEXT, grp TEXT, tenor, updated_at TEXT)""",
            """CREATE TABLE observations (
                series_id TEXT NOT NULL, date TEXT NOT NULL, value REAL NOT NULL,
                first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, source TEXT,
                PRIMARY KEY (series_id, date)) WITHOUT ROWID""",
            """CREATE TABLE revisions (
                id INTEGER PRIMARY KEY, series_id TEXT NOT NULL, date TEXT NOT NULL,
                old_value REAL, new_value REAL, old_first_seen TEXT, revised_at TEXT NOT NULL,
                source TEXT)""",
            "CREATE INDEX revisions_series ON revisions (series_id, date)",
            """CREATE TABLE fetch_log (
                id INTEGER PRIMARY KEY, source TEXT NOT NULL, key TEXT NOT NULL,
                started TEXT NOT NULL, finished TEXT NOT NULL, rows INTEGER NOT NULL,
                status TEXT NOT NULL, error TEXT, url TEXT, bytes INTEGER NOT NULL DEFAULT 0)""",
            "CREATE INDEX fetch_log_key ON fetch_log (key, status, finished)",
            "CREATE INDEX fetch_log_source ON fetch_log (source, id)",
        ),
    ),
    Migration(
        2,
        "table_revisions",
        (
            """CREATE TABLE table_revisions (
                id INTEGER PRIMARY KEY, table_name TEXT NOT NULL, key TEXT NOT NULL,
                old_row TEXT NOT NULL, revised_at TEXT NOT NULL)""",
            "CREATE INDEX table_revisions_name ON table_revisions (table_name, key)",
        ),
    ),
)

_LEDGER = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"""


def schema_version(conn: sqlite3.Connection) -> int:
    """Return the highest applied migration version (0 for a new, empty database)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def apply_migrations(conn: sqlite3.Connection, *, where: str) -> list[Migration]:
    """Apply every pending migration, each in its own ``BEGIN IMMEDIATE`` transaction.

    Safe when two processes open a new database at once: the applied set is re-read under the
    write lock, so each migration runs exactly once. ``conn`` must be in autocommit mode
    (``isolation_level=None``).

    Returns
    -------
    list of Migration
        The migrations applied now (empty when the schema was current).

    Raises
    ------
    StoreError
        When the database is newer than this tsy, or a migration fails (nothing of it is kept).
    """
    latest = MIGRATIONS[-1].version
    current = schema_version(conn)
    if current > latest:
        raise StoreError(
            f"{where}: database schema version {current} is newer than this tsy knows ({latest});"
            " upgrade tsy"
        )
    applied: list[Migration] = []
    if current == latest:
        return applied
    for migration in MIGRATIONS:
        if migration.version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(_LEDGER)
            done = conn.execute(
                "SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)
            ).fetchone()
            if not done:
                for statement in migration.statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (
                        migration.version,
                        migration.name,
                        datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    ),
                )
                applied.append(migration)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(
                f"{where}: migration {migration.version} ({migration.name}) failed: {exc}"
            ) from exc
    return applied
