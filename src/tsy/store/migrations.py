"""Schema of the tsy store as named, numbered migrations (the same ones on every engine).

Each :class:`Migration` is applied once, in order, inside one transaction together with its row
in ``schema_migrations(version, name, applied_at)``; a crash mid-way leaves the previous schema.
To change the schema, append a migration; never edit one that has shipped. Statements are
written in SQLite's dialect; each engine translates them (:meth:`tsy.store._engine.Engine.ddl`).

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
observations_packed
                  each series' dates and values as two binary arrays, derived from
                  ``observations`` in the same transaction as every write (:mod:`tsy.store._packed`)
The generic tables themselves (auctions, positions, ...) are created on demand from
:data:`tsy.store.tables.TABLES`, their columns from the frames written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from tsy.errors import StoreError
from tsy.store import _packed
from tsy.store._engine import PACKED, Engine, Tx

__all__ = ["MIGRATIONS", "Migration", "apply_migrations", "check_version", "schema_version"]


@dataclass(frozen=True)
class Migration:
    """One schema step: a version number, a short name, its SQL statements and, when the new
    schema holds derived data, the step that fills it from the rows already stored."""

    version: int
    name: str
    statements: tuple[str, ...]
    fill: Callable[[Tx], None] | None = None


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
    Migration(
        3,
        "observations_packed",
        (
            f"""CREATE TABLE {PACKED} (
                series_id TEXT PRIMARY KEY, dates BLOB NOT NULL, vals BLOB NOT NULL)""",
        ),
        _packed.rebuild,
    ),
)

_LEDGER = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"""


def schema_version(tx: Tx) -> int:
    """Return the highest applied migration version (0 for a new, empty database)."""
    if "schema_migrations" not in tx.tables():
        return 0
    row = tx.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def check_version(version: int, where: str) -> None:
    """Raise the one-line error for a database whose schema is newer than this tsy."""
    latest = MIGRATIONS[-1].version
    if version > latest:
        raise StoreError(
            f"{where}: database schema version {version} is newer than this tsy knows ({latest});"
            " upgrade tsy"
        )


def apply_migrations(engine: Engine, *, where: str) -> list[Migration]:
    """Apply every pending migration, each in its own write transaction.

    Safe when two processes open a new database at once: the applied set is re-read inside the
    (serialised) write transaction, so each migration runs exactly once. A database that holds
    other tables but no ``schema_migrations`` is not a tsy store and is left untouched.

    Returns
    -------
    list of Migration
        The migrations applied now (empty when the schema was current).

    Raises
    ------
    StoreError
        When the database is newer than this tsy, is not a tsy store, or a migration fails
        (nothing of it is kept).
    """
    latest = MIGRATIONS[-1].version
    with engine.read() as tx:
        current = schema_version(tx)
        foreign = [] if current else tx.tables()
    check_version(current, where)
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise StoreError(
            f"{where}: not a tsy database (it holds other tables: {shown});"
            " refusing to add tsy tables to it; point --db / TSY_DB at a new or tsy database"
        )
    applied: list[Migration] = []
    if current == latest:
        return applied
    for migration in MIGRATIONS:
        if migration.version <= current:
            continue
        try:
            with engine.write() as tx:
                tx.execute(engine.ddl(_LEDGER))
                done = tx.execute(
                    "SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)
                ).fetchone()
                if not done:
                    for statement in migration.statements:
                        tx.execute(engine.ddl(statement))
                    if migration.fill is not None:
                        migration.fill(tx)
                    tx.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at)"
                        " VALUES (?, ?, ?)",
                        (
                            migration.version,
                            migration.name,
                            datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                        ),
                    )
                    applied.append(migration)
        except StoreError:
            raise
        except Exception as exc:
            text = engine.error_text(exc)
            if text is None:
                raise
            raise StoreError(
                f"{where}: migration {migration.version} ({migration.name}) failed: {text}"
            ) from None
    return applied
