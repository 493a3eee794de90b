"""The SQLite engine of the tsy store (standard-library ``sqlite3``, WAL mode).

One file holds everything. WAL mode lets readers (dashboard, ``tsy series``) keep reading a
consistent snapshot while an update writes; ``synchronous=NORMAL`` keeps every committed
transaction across a killed process (a power cut may lose the last commits but never corrupts);
``busy_timeout`` makes a connection wait instead of failing on a lock. Every write runs in one
``BEGIN IMMEDIATE`` transaction after the batch has been validated, so a bad batch or a crash
writes nothing of it. All SQL is parameterised; identifiers of the generic tables are checked
against a strict pattern before being quoted (see :mod:`tsy.store.tables`).
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import pandas as pd

from tsy.errors import StoreError
from tsy.store import _lock, _series, tables
from tsy.store._common import WriteResult, clean_series, stamp, to_timestamps
from tsy.store._series import CATALOG_COLUMNS, FETCH_OK
from tsy.store.migrations import MIGRATIONS, apply_migrations, schema_version

__all__ = ["CATALOG_COLUMNS", "FETCH_OK", "Store", "open_store"]

#: Seconds a connection waits on a lock before giving up.
BUSY_TIMEOUT_S = 30.0

_Batch = tuple[str, list[str], np.ndarray]


def open_store(path: str | Path, *, readonly: bool = False) -> Store:
    """Open (and if needed create and migrate) the tsy database at ``path``.

    Parameters
    ----------
    path : str or Path
        The SQLite file. Missing parent folders are created unless ``readonly``.
    readonly : bool
        Open without write access (``mode=ro``); the file must exist and be fully migrated.

    Returns
    -------
    Store
        Usable as a context manager that closes it.

    Raises
    ------
    StoreError
        The file is missing (read-only), is not a tsy database, or cannot be created/migrated.

    Examples
    --------
    >>> with open_store(tmp / "tsy.db") as store:  # doctest: +SKIP
    ...     store.upsert_series("DGS10", series, source="fred", seen_at=now)
    """
    db = Path(path).expanduser().absolute()
    where = str(db)
    if readonly and not db.is_file():
        raise StoreError(
            f"no tsy database at {db}: run `tsy update` (download) or `tsy import DIR` first"
        )
    try:
        if readonly:
            conn = sqlite3.connect(
                f"{db.as_uri()}?mode=ro",
                uri=True,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
            )
        else:
            db.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                db, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{where}: cannot open the database: {exc}") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if readonly:
            version = schema_version(conn)
            if version < MIGRATIONS[-1].version:
                raise StoreError(
                    f"{where}: database schema is at version {version}, this tsy needs"
                    f" {MIGRATIONS[-1].version}; open it once for writing (`tsy update`)"
                )
        else:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            apply_migrations(conn, where=where)
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"{where}: not a usable tsy database: {exc}") from exc
    except StoreError:
        conn.close()
        raise
    return Store(db, conn, readonly=readonly)


class Store:
    """The tsy store: series observations, catalogue, fetch log and generic tables.

    Obtain one with :func:`open_store`. Thread-safe (one connection behind a lock); each process
    opens its own. Every public method raises :class:`~tsy.errors.StoreError` (never a raw
    ``sqlite3`` error) naming the database path and what failed; a failed write leaves nothing.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool) -> None:
        self._path = path
        self._conn = conn
        self._readonly = readonly
        self._mutex = threading.RLock()
        self._commits = 0
        self._lock_depth = 0

    # -- life cycle ---------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    @property
    def readonly(self) -> bool:
        """True when opened with ``readonly=True``."""
        return self._readonly

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._mutex:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "ro" if self._readonly else "rw"
        return f"Store({str(self._path)!r}, {mode})"

    # -- transactions -------------------------------------------------------------------------
    @contextmanager
    def _read(self, what: str) -> Iterator[sqlite3.Connection]:
        """One consistent snapshot for several SELECTs; errors become StoreError."""
        with self._mutex:
            try:
                self._conn.execute("BEGIN")
                try:
                    yield self._conn
                finally:
                    self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(f"{self._path}: {what} failed: {exc}") from exc

    @contextmanager
    def _write(self, what: str) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction: all of it commits, or none of it."""
        if self._readonly:
            raise StoreError(f"{self._path}: {what}: the store was opened read-only")
        with self._mutex:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"{self._path}: {what}: cannot start a write: {exc}") from exc
            try:
                before = conn.total_changes
                yield conn
                conn.execute("COMMIT")
                if conn.total_changes != before:
                    self._commits += 1
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"{self._path}: {what} failed: {exc}") from exc
                raise

    # -- series -------------------------------------------------------------------------------
    def upsert_series(
        self, series_id: str, values: pd.Series, *, source: str, seen_at: datetime
    ) -> WriteResult:
        """Validate and write one series in one transaction; unchanged rows are not rewritten.

        Parameters
        ----------
        series_id : str
            Catalogue id, e.g. ``"DGS10"``.
        values : pandas.Series
            Float values on a timezone-naive ``DatetimeIndex`` of whole dates. NaN rows are
            skipped (missing is an absent row); +/-inf and duplicate dates are refused.
        source : str
            Who supplied the values (``"fred"``, ``"file"``...); kept per row and per revision.
        seen_at : datetime
            When the values were fetched (naive = UTC); never read from the clock here.

        Returns
        -------
        WriteResult
            ``new`` dates, ``revised`` dates (old value moved to ``revisions``) and ``unchanged``
            dates (equal within a relative 1e-12; nothing written for them).

        Raises
        ------
        StoreError
            Invalid batch (nothing written) or database failure (nothing written).
        """
        return self.upsert_many({series_id: values}, source=source, seen_at=seen_at)[series_id]

    def upsert_many(
        self, batches: Mapping[str, pd.Series], *, source: str, seen_at: datetime
    ) -> dict[str, WriteResult]:
        """Write several series in ONE transaction: every batch is validated first, and any
        failure writes none of them (used by file import).

        Returns
        -------
        dict of str to WriteResult
            Per series id, as :meth:`upsert_series`.
        """
        where = str(self._path)
        cleaned: list[_Batch] = [
            (sid, *clean_series(sid, values, where)) for sid, values in batches.items()
        ]
        seen = stamp(seen_at)
        results: dict[str, WriteResult] = {}
        if not any(len(dates) for _, dates, _ in cleaned):
            return {sid: WriteResult(0, 0, 0) for sid, _, _ in cleaned}
        with self._write(f"upsert of {len(cleaned)} series") as conn:
            for sid, dates, floats in cleaned:
                results[sid] = _series.upsert_observations(conn, sid, dates, floats, source, seen)
            if any(r.written for r in results.values()):
                _bump_content_version(conn)
        return results

    def read_series(self, series_id: str, start: object = None, end: object = None) -> pd.Series:
        """Read one series, optionally between ``start`` and ``end`` (inclusive dates).

        Returns
        -------
        pandas.Series
            Float values on a ``DatetimeIndex`` named ``date``, named ``series_id``; empty (same
            dtype and index type) when the store holds nothing for it.
        """
        sql, params = _series.range_sql(
            "SELECT date, value FROM observations WHERE series_id = ?", [series_id], start, end
        )
        with self._read(f"read of {series_id}") as conn:
            rows = conn.execute(sql + " ORDER BY date", params).fetchall()
        return _series.to_series(series_id, rows)

    def read_frame(
        self, series_ids: Sequence[str], start: object = None, end: object = None
    ) -> pd.DataFrame:
        """Read several series outer-joined on date, one column per id in the given order.

        Missing values (and ids without data) are NaN. All columns come from one snapshot.
        """
        ids = list(dict.fromkeys(series_ids))
        sql, params = _series.range_sql(
            "SELECT date, value FROM observations WHERE series_id = ?", [""], start, end
        )
        columns: dict[str, pd.Series] = {}
        with self._read("read of " + ", ".join(ids)) as conn:
            for sid in ids:
                rows = conn.execute(sql + " ORDER BY date", [sid, *params[1:]]).fetchall()
                columns[sid] = _series.to_series(sid, rows)
        if not ids:
            return pd.DataFrame(index=_series.date_index([]))
        frame = pd.concat(columns, axis=1, join="outer", sort=True)
        frame.index.name = "date"
        return frame

    def last_date(self, series_id: str) -> pd.Timestamp | None:
        """Latest stored date of a series, or None when it has no observations."""
        with self._read(f"last date of {series_id}") as conn:
            row = conn.execute(
                "SELECT max(date) FROM observations WHERE series_id = ?", (series_id,)
            ).fetchone()
        return pd.Timestamp(row[0]) if row and row[0] else None

    def series_stats(self, series_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """One row per series: ``series_id, rows, first_date, last_date, last_fetched, source``.

        ``last_fetched`` (UTC) is the later of the latest ``last_seen`` and the latest successful
        (status ``"ok"``) ``fetch_log`` entry whose key is the series id. ``source`` is the
        catalogue's source, else the source of the latest written value. Without ``series_ids``
        every series with data or a catalogue row is listed; requested ids without data get
        ``rows = 0``.
        """
        with self._read("series stats") as conn:
            return _series.stats(conn, series_ids)

    def revisions(self, series_id: str | None = None) -> pd.DataFrame:
        """Old values replaced by revisions, oldest first.

        Columns: ``series_id, date, old_value, new_value, old_first_seen, revised_at, source``;
        ``old_value`` was the stored value from ``old_first_seen`` until ``revised_at`` (UTC).
        """
        sql = (
            "SELECT series_id, date, old_value, new_value, old_first_seen, revised_at, source"
            " FROM revisions"
        )
        params: list[Any] = []
        if series_id is not None:
            sql += " WHERE series_id = ?"
            params.append(series_id)
        with self._read("read of revisions") as conn:
            rows = conn.execute(sql + " ORDER BY id", params).fetchall()
        cols = ["series_id", "date", "old_value", "new_value", "old_first_seen", "revised_at"]
        frame = pd.DataFrame(rows, columns=[*cols, "source"])
        frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
        frame["old_value"] = frame["old_value"].astype(float)
        frame["new_value"] = frame["new_value"].astype(float)
        frame["old_first_seen"] = to_timestamps(frame["old_first_seen"])
        frame["revised_at"] = to_timestamps(frame["revised_at"])
        return frame

    # -- catalogue and fetch log --------------------------------------------------------------
    def sync_catalog(self, rows: Sequence[Mapping[str, object]]) -> None:
        """Insert or update catalogue rows in ``series`` (only rows that differ are written).

        Each row needs ``id``; other keys must be among :data:`CATALOG_COLUMNS` (``group`` is
        accepted for ``grp``). Raises StoreError naming an unknown key or a missing id.
        """
        records = _series.catalog_records(rows, str(self._path))
        if not records:
            return
        now = stamp(datetime.now().astimezone())
        with self._write(f"catalogue sync of {len(records)} rows") as conn:
            before = conn.total_changes
            conn.executemany(_series.CATALOG_SQL, [(*r, now) for r in records])
            if conn.total_changes != before:
                _bump_content_version(conn)

    def log_fetch(
        self,
        *,
        source: str,
        key: str,
        started: datetime,
        finished: datetime,
        rows: int,
        status: str,
        error: str | None = None,
        url: str | None = None,
        bytes: int = 0,
    ) -> None:
        """Record one fetch in ``fetch_log`` (``status`` ``"ok"`` marks success; ``url`` must
        already be redacted)."""
        with self._write(f"fetch log of {source}/{key}") as conn:
            conn.execute(
                "INSERT INTO fetch_log (source, key, started, finished, rows, status, error, url,"
                " bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (source, key, stamp(started), stamp(finished), int(rows), status, error, url,
                 int(bytes)),
            )  # fmt: skip

    def fetch_log(self, limit: int = 100, source: str | None = None) -> pd.DataFrame:
        """Latest fetches first: ``source, key, started, finished, rows, status, error, url,
        bytes`` (times UTC)."""
        sql = (
            "SELECT source, key, started, finished, rows, status, error, url, bytes FROM fetch_log"
        )
        params: list[Any] = []
        if source is not None:
            sql += " WHERE source = ?"
            params.append(source)
        params.append(int(limit))
        with self._read("read of the fetch log") as conn:
            rows = conn.execute(sql + " ORDER BY id DESC LIMIT ?", params).fetchall()
        cols = ["source", "key", "started", "finished", "rows", "status", "error", "url", "bytes"]
        frame = pd.DataFrame(rows, columns=cols)
        frame["started"] = to_timestamps(frame["started"])
        frame["finished"] = to_timestamps(frame["finished"])
        frame["rows"] = frame["rows"].astype("int64")
        frame["bytes"] = frame["bytes"].astype("int64")
        return frame

    # -- generic tables -----------------------------------------------------------------------
    def upsert_table(
        self, name: str, frame: pd.DataFrame, *, seen_at: datetime, fill_only: bool = False
    ) -> WriteResult:
        """Validate and write rows of a registered table (see :mod:`tsy.store.tables`).

        Rows are matched on the table's key; columns beyond the key are created on demand
        (REAL for numeric, TEXT otherwise; dates as ISO text). Unchanged rows are not rewritten;
        a changed row is counted as revised and its old version kept as JSON in
        ``table_revisions``. One transaction; an invalid frame writes nothing. With
        ``fill_only`` (a secondary source) stored rows are only completed, never overwritten.
        """
        spec = tables.spec_of(name, str(self._path))
        prepared = tables.prepare(name, spec, frame, str(self._path))
        if prepared.empty:
            return WriteResult(0, 0, 0)
        with self._write(f"upsert into table {name}") as conn:
            result = tables.upsert(
                conn, name, spec, prepared, stamp(seen_at), str(self._path), fill_only
            )
            if result.written:
                _bump_content_version(conn)
            return result

    def read_table(
        self,
        name: str,
        *,
        where: Mapping[str, object] | None = None,
        since: object = None,
        until: object = None,
    ) -> pd.DataFrame:
        """Rows of a registered table; ``where`` is equality per column (None matches NULL),
        ``since``/``until`` bound the table's date column (inclusive). Date columns come back as
        ``datetime64``. Unknown table or column -> StoreError."""
        spec = tables.spec_of(name, str(self._path))
        with self._read(f"read of table {name}") as conn:
            return tables.read(conn, name, spec, where, since, until, str(self._path))

    def table_last_date(self, name: str) -> pd.Timestamp | None:
        """Latest value of the table's date column, or None when the table is empty."""
        spec = tables.spec_of(name, str(self._path))
        with self._read(f"last date of table {name}") as conn:
            return tables.last_date(conn, name, spec, str(self._path))

    def table_revisions(self, name: str | None = None) -> pd.DataFrame:
        """Old versions of generic-table rows, oldest first.

        Columns: ``table_name, key`` (dict of the key columns), ``old_row`` (dict of every stored
        column of the row before the change) and ``revised_at`` (UTC).
        """
        if name is not None:
            tables.spec_of(name, str(self._path))
        with self._read("read of table revisions") as conn:
            return tables.revisions(conn, name)

    # -- coordination -------------------------------------------------------------------------
    def writer_lock(self) -> AbstractContextManager[Path]:
        """Exclusive cross-process writer lock (``flock`` on ``<db>.lock``, non-blocking).

        Raises StoreError ``"another tsy update is running (pid N, since T)"`` when held
        elsewhere. Released on exit, and by the kernel when the holding process dies.
        """
        if self._readonly:
            raise StoreError(f"{self._path}: writer lock: the store was opened read-only")
        return _lock.writer_lock(self._path)

    def data_version(self) -> int:
        """A number that changes whenever anyone commits a change to the database.

        ``PRAGMA data_version`` (changes on commits by other connections) plus the count of this
        connection's own committed changes. Compare for inequality only (cache invalidation).
        """
        with self._mutex:
            try:
                row = self._conn.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error as exc:
                raise StoreError(f"{self._path}: data_version failed: {exc}") from exc
        return int(row[0]) + self._commits

    def content_version(self) -> int:
        """A persistent number that changes whenever stored content changes.

        Observations, generic-table rows and the catalogue count as content; the fetch log does
        not, so an update that brings nothing new leaves it as it was. Kept in the database
        header (``PRAGMA user_version``) and set to a new random number in the same transaction
        as each write that changed content, so every process and every later run sees the same
        number, and a database deleted and built again does not meet its predecessor's numbers
        (1 in 2**31): the key of on-disk caches of derived results (:mod:`tsy.cache`). Compare
        for inequality only.
        """
        with self._mutex:
            try:
                row = self._conn.execute("PRAGMA user_version").fetchone()
            except sqlite3.Error as exc:
                raise StoreError(f"{self._path}: content_version failed: {exc}") from exc
        return int(row[0])


def _bump_content_version(conn: sqlite3.Connection) -> None:
    """Give the content version a new random value inside the current write transaction."""
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    new = current
    while new in (current, 0):
        new = secrets.randbelow(2**31)
    conn.execute(f"PRAGMA user_version = {new}")
