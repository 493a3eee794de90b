"""The SQLite engine of the tsy store (standard-library ``sqlite3``, WAL mode).

One file holds everything. WAL mode lets readers (dashboard, ``tsy series``) keep reading a
consistent snapshot while an update writes; ``synchronous=NORMAL`` keeps every committed
transaction across a killed process (a power cut may lose the last commits but never corrupts);
``busy_timeout`` makes a connection wait instead of failing on a lock. Every write runs in one
``BEGIN IMMEDIATE`` transaction (which also serialises writers), so a bad batch or a crash
writes nothing of it. The writer lock is an ``flock`` on ``<db>.lock`` (:mod:`tsy.store._lock`).

A database on a read-only directory or mount cannot be opened ``mode=ro`` in WAL mode (SQLite
needs to create ``-shm``); a reader then falls back to ``immutable=1`` and says so in
:attr:`SqliteEngine.note`.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from tsy.errors import StoreError
from tsy.store import _lock
from tsy.store._common import new_content_version
from tsy.store._engine import DATE_TEXT, PACKED, REAL, TEXT

__all__ = ["BUSY_TIMEOUT_S", "SqliteEngine", "connect"]

#: Seconds a connection waits on a lock before giving up.
BUSY_TIMEOUT_S = 30.0

# SQLite documents that a bare column beside a single max() comes from that row.
_LATEST_SOURCE = (
    "SELECT series_id, source FROM"
    " (SELECT series_id, source, max(last_seen) FROM observations GROUP BY series_id)"
)


class SqliteTx:
    """A transaction on a ``sqlite3`` connection (see :class:`tsy.store._engine.Tx`)."""

    latest_source_sql = _LATEST_SOURCE
    content_version_sql = "PRAGMA user_version"
    signed_zero = False

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        return max(self.conn.executemany(sql, rows).rowcount, 0)

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        marks = ", ".join("?" * len(columns))
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def columns(self, table: str) -> dict[str, str]:
        kinds = {REAL: REAL, DATE_TEXT: DATE_TEXT}
        return {
            row[1]: kinds.get(str(row[2]).upper(), TEXT)
            for row in self.conn.execute(f'PRAGMA table_info("{table}")')
        }

    def column_type(self, kind: str) -> str:
        return kind

    def tables(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name <> ? ORDER BY name",
            (PACKED,),
        ).fetchall()
        return [r[0] for r in rows]

    def bump_content(self) -> None:
        """A new random ``PRAGMA user_version`` (in the database header)."""
        current = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        self.conn.execute(f"PRAGMA user_version = {new_content_version(current)}")

    def reset_ids(self) -> None:
        """Nothing to do: ``INTEGER PRIMARY KEY`` continues after the largest id."""


class SqliteEngine:
    """One ``sqlite3`` connection (autocommit; transactions are explicit) behind a mutex."""

    name = "sqlite"

    def __init__(self, path: Path, conn: sqlite3.Connection, note: str | None = None) -> None:
        self.path = path
        self.where = str(path)
        self.note = note
        self._conn = conn
        self._mutex = threading.RLock()
        self._commits = 0

    @contextmanager
    def read(self) -> Iterator[SqliteTx]:
        with self._mutex:
            self._conn.execute("BEGIN")
            try:
                yield SqliteTx(self._conn)
            finally:
                self._conn.execute("COMMIT")

    @contextmanager
    def write(self) -> Iterator[SqliteTx]:
        with self._mutex:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                before = conn.total_changes
                yield SqliteTx(conn)
                conn.execute("COMMIT")
                if conn.total_changes != before:
                    self._commits += 1
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def ddl(self, statement: str) -> str:
        return statement

    def writer_lock(self, command: str) -> AbstractContextManager[str]:
        return _lock.writer_lock(self.path, command)

    def data_version(self) -> int:
        """``PRAGMA data_version`` (other connections' commits) plus this one's commits."""
        with self._mutex:
            row = self._conn.execute("PRAGMA data_version").fetchone()
        return int(row[0]) + self._commits

    def content_version(self) -> int:
        with self._mutex:
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def size_bytes(self) -> int:
        return sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"))
            if p.exists()
        )

    def check(self) -> list[str]:
        with self._mutex:
            rows = self._conn.execute("PRAGMA integrity_check").fetchall()
        return [str(r[0]) for r in rows if str(r[0]) != "ok"]

    def error_text(self, exc: BaseException) -> str | None:
        if not isinstance(exc, sqlite3.Error):
            return None
        if "malformed" in str(exc) or "not a database" in str(exc):  # a damaged file
            return f"{exc}; run `tsy db check`, then restore a backup (`tsy db copy` makes one)"
        return str(exc)

    def close(self) -> None:
        with self._mutex:
            self._conn.close()


def _connect(uri: str, *, uri_mode: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(
        uri, uri=uri_mode, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


def _set_wal(conn: sqlite3.Connection) -> None:
    """Switch ``conn``'s file to WAL, waiting up to ``BUSY_TIMEOUT_S`` for other openers.

    SQLite answers ``database is locked`` at once, without calling the busy handler, when two
    processes switch a new file's journal mode at the same moment, so this retries the pragma.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def connect(target: str, *, readonly: bool) -> SqliteEngine:
    """Open the SQLite file ``target`` (created, with its folder, unless ``readonly``).

    Raises
    ------
    StoreError
        The file is missing (read-only) or cannot be opened.
    """
    db = Path(target).expanduser().absolute()
    if readonly and not db.is_file():
        raise StoreError(
            f"no tsy database at {db}: run `tsy update` (download) or `tsy import DIR` first"
        )
    note = None
    try:
        if readonly:
            conn = _connect(f"{db.as_uri()}?mode=ro", uri_mode=True)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                # WAL on a read-only folder or mount: no -shm can be made; read it as immutable.
                conn.close()
                conn = _connect(f"{db.as_uri()}?mode=ro&immutable=1", uri_mode=True)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                note = (
                    f"{db}: the folder is read-only; reading the database as immutable"
                    " (changes made while this runs are not seen)"
                )
        else:
            db.parent.mkdir(parents=True, exist_ok=True)
            conn = _connect(str(db), uri_mode=False)
            _set_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{db}: cannot open the database: {exc}") from exc
    return SqliteEngine(db, conn, note)
