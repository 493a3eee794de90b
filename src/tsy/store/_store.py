"""The tsy store: one class over any engine, and :func:`open_store` choosing the engine.

The target picks the engine through :data:`ENGINES`: a ``postgresql://`` (or ``postgres://``)
URL opens :mod:`tsy.store.postgres`; a plain path (or ``sqlite:///path``) the embedded SQLite
file (:mod:`tsy.store.sqlite`). Every write runs in one transaction after the batch has been
validated, so a bad batch or a crash writes nothing of it; every read of several rows or series
runs in one read transaction (one snapshot). All SQL is parameterised; identifiers of the generic
tables are checked against a strict pattern before being quoted (see :mod:`tsy.store.tables`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from tsy.errors import StoreError
from tsy.store import _memo, _packed, _series, postgres, sqlite, tables
from tsy.store._common import WriteResult, clean_series, stamp, to_timestamps
from tsy.store._engine import Engine, Tx, redact
from tsy.store._series import CATALOG_COLUMNS, FETCH_OK
from tsy.store.migrations import MIGRATIONS, apply_migrations, check_version, schema_version

__all__ = [
    "CATALOG_COLUMNS",
    "ENGINES",
    "FETCH_OK",
    "Store",
    "open_store",
    "store_exists",
    "store_identity",
]

_Batch = tuple[str, list[str], np.ndarray]

#: URL scheme -> engine connector ``(target, readonly=...) -> Engine``; no scheme = SQLite file.
ENGINES: dict[str, Callable[..., Engine]] = {
    "sqlite": sqlite.connect,
    "postgresql": postgres.connect,
    "postgres": postgres.connect,
}


def _resolve(target: str | Path) -> tuple[str, str]:
    """(scheme, target for the engine) of a path or URL; unknown schemes are refused."""
    text = str(target)
    if "://" not in text:
        return "sqlite", text
    scheme = text.split("://", 1)[0].lower()
    if scheme not in ENGINES:
        raise StoreError(
            f"{redact(text)}: unknown database URL scheme {scheme!r}; expected a file path,"
            " sqlite:///path or postgresql://user@host:port/dbname"
        )
    if scheme == "sqlite":
        return scheme, text.split("://", 1)[1]
    return scheme, text


def store_exists(target: str | Path) -> bool:
    """True when ``target`` may hold a store: an existing SQLite file, or any server URL (the
    server answers for itself when opened)."""
    scheme, resolved = _resolve(target)
    return scheme != "sqlite" or Path(resolved).expanduser().exists()


def store_identity(target: str | Path) -> Hashable | None:
    """What identifies the database behind ``target`` right now, for a long-running reader
    (``tsy serve``) to notice a store replaced under it: a SQLite file's ``(device, inode)``
    (None while the file is missing), a server URL itself (without its password; a server
    database is not swapped like a file)."""
    scheme, resolved = _resolve(target)
    if scheme != "sqlite":
        return redact(resolved)
    try:
        st = Path(resolved).expanduser().stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def open_store(target: str | Path, *, readonly: bool = False) -> Store:
    """Open (and if needed create and migrate) the tsy database at ``target``.

    Parameters
    ----------
    target : str or Path
        A SQLite file (missing parent folders are created unless ``readonly``), or a
        ``postgresql://user@host:port/dbname`` URL (password from the URL, ``PGPASSWORD`` or
        ``~/.pgpass``; never shown).
    readonly : bool
        Open without write access; the database must exist and be fully migrated.

    Returns
    -------
    Store
        Usable as a context manager that closes it.

    Raises
    ------
    StoreError
        Unknown URL scheme, unreachable server, missing file (read-only), not a tsy database, a
        schema newer than this tsy, or a failed migration; one line, nothing written.

    Examples
    --------
    >>> with open_store(tmp / "tsy.db") as store:  # doctest: +SKIP
    ...     store.upsert_series("DGS10", series, source="fred", seen_at=now)
    """
    scheme, resolved = _resolve(target)
    engine = ENGINES[scheme](resolved, readonly=readonly)
    where = engine.where
    try:
        if readonly:
            with engine.read() as tx:
                version = schema_version(tx)
            check_version(version, where)
            if version < MIGRATIONS[-1].version:
                raise StoreError(
                    f"{where}: database schema is at version {version}, this tsy needs"
                    f" {MIGRATIONS[-1].version}; open it once for writing (`tsy db init`)"
                )
        else:
            apply_migrations(engine, where=where)
    except StoreError:
        engine.close()
        raise
    except Exception as exc:
        engine.close()
        text = engine.error_text(exc)
        if text is None:
            raise
        raise StoreError(f"{where}: not a usable tsy database: {text}") from None
    note = getattr(engine, "note", None)
    if note:
        logging.getLogger(__name__).warning(note)
    return Store(engine, readonly=readonly)


class Store:
    """The tsy store: series observations, catalogue, fetch log and generic tables.

    Obtain one with :func:`open_store`. Thread-safe (one connection behind a lock); each process
    opens its own. Every public method raises :class:`~tsy.errors.StoreError` (never a raw
    driver error) naming the database and what failed; a failed write leaves nothing.
    """

    def __init__(self, engine: Engine, *, readonly: bool) -> None:
        self._engine = engine
        self._readonly = readonly
        self._mutex = threading.RLock()
        self._snap: Tx | None = None  # the open read transaction of :meth:`snapshot`

    # -- life cycle ---------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        """The database file (SQLite), or the redacted URL as a Path-like label (servers)."""
        return Path(self._engine.where)

    @property
    def where(self) -> str:
        """Where the store is, safe to print: the file, or the URL without its password."""
        return self._engine.where

    @property
    def engine(self) -> str:
        """The engine's name (``"sqlite"``, ``"postgresql"``)."""
        return self._engine.name

    @property
    def note(self) -> str | None:
        """A remark of the engine worth telling the user (e.g. read-only folder fallback)."""
        return getattr(self._engine, "note", None)

    @property
    def readonly(self) -> bool:
        """True when opened with ``readonly=True``."""
        return self._readonly

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._mutex:
            self._engine.close()

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
        return f"Store({self.where!r}, {mode})"

    # -- transactions -------------------------------------------------------------------------
    def _fail(self, what: str, exc: BaseException) -> StoreError | None:
        text = self._engine.error_text(exc)
        return None if text is None else StoreError(f"{self.where}: {what} failed: {text}")

    @contextmanager
    def _engine_errors(self, what: str) -> Iterator[None]:
        """Turn an engine error raised inside the block into one-line StoreError."""
        try:
            yield
        except StoreError:
            raise
        except Exception as exc:
            error = self._fail(what, exc)
            if error is None:
                raise
            raise error from None

    @contextmanager
    def _read(self, what: str) -> Iterator[Tx]:
        """One consistent snapshot for several SELECTs (the one of :meth:`snapshot` when the
        calling thread holds one); errors become StoreError."""
        with self._mutex, self._engine_errors(what):
            if self._snap is not None:  # only the snapshot's thread can hold the mutex now
                yield self._snap
                return
            with self._engine.read() as tx:
                yield tx

    @contextmanager
    def _write(self, what: str) -> Iterator[Tx]:
        """One serialised write transaction: all of it commits, or none of it."""
        if self._readonly:
            raise StoreError(f"{self.where}: {what}: the store was opened read-only")
        with self._mutex, self._engine_errors(what):
            if self._snap is not None:
                raise StoreError(f"{self.where}: {what}: not allowed inside a read snapshot")
            with self._engine.write() as tx:
                yield tx

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """Hold one read transaction for the ``with`` block: every read of this store inside
        it (``read_series``, ``last_date``, ``revisions``...) sees the same committed state, so
        a frame assembled from several calls never mixes an old batch with a new one. Other
        threads using this store wait until the block ends; nested blocks share the outer
        snapshot; a write inside one is refused."""
        with self._mutex:
            if self._snap is not None:
                yield self
                return
            with self._engine_errors("snapshot"), self._engine.read() as tx:
                self._snap = tx
                try:
                    yield self
                finally:
                    self._snap = None

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
        where = self.where
        cleaned: list[_Batch] = [
            (sid, *clean_series(sid, values, where)) for sid, values in batches.items()
        ]
        seen = stamp(seen_at)
        results: dict[str, WriteResult] = {}
        if not any(len(dates) for _, dates, _ in cleaned):
            return {sid: WriteResult(0, 0, 0) for sid, _, _ in cleaned}
        with self._write(f"upsert of {len(cleaned)} series") as tx:
            for sid, dates, floats in cleaned:
                results[sid] = _series.upsert_observations(tx, sid, dates, floats, source, seen)
            if any(r.written for r in results.values()):
                tx.bump_content()
        return results

    def read_series(self, series_id: str, start: object = None, end: object = None) -> pd.Series:
        """Read one series, optionally between ``start`` and ``end`` (inclusive dates).

        Returns
        -------
        pandas.Series
            Float values on a ``DatetimeIndex`` named ``date``, named ``series_id``; empty (same
            dtype and index type) when the store holds nothing for it.
        """
        days, values = self.read_arrays([series_id], start, end)[series_id]
        return _series.packed_series(series_id, days, values)

    def read_frame(
        self, series_ids: Sequence[str], start: object = None, end: object = None
    ) -> pd.DataFrame:
        """Read several series outer-joined on date, one column per id in the given order.

        Missing values (and ids without data) are NaN. All columns come from one snapshot.
        """
        return _series.align(self.read_arrays(series_ids, start, end))

    def read_arrays(
        self, series_ids: Sequence[str], start: object = None, end: object = None
    ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Read several series as NumPy arrays, from one snapshot, without pandas.

        Parameters
        ----------
        series_ids : sequence of str
            Catalogue ids (repeats are read once).
        start, end : date-like, optional
            Inclusive bounds (``YYYY-MM-DD`` text or a date).

        Returns
        -------
        dict of str to (numpy.ndarray, numpy.ndarray)
            Per id, in the given order: the dates (``datetime64[D]``, ascending, unique) and the
            values (``float64``); both empty when the store holds nothing for it.

        Examples
        --------
        >>> days, values = store.read_arrays(["DGS10"], "2022-02-11")["DGS10"]  # doctest: +SKIP
        >>> str(days[0]), float(values[0])  # doctest: +SKIP
        ('2022-02-11', 1.92)
        """
        ids = list(dict.fromkeys(series_ids))
        with self._read("read of " + ", ".join(ids)) as tx:
            if _memo.enabled():
                return _memo.read_arrays(tx, self.where, ids, start, end, _packed.read)
            return _packed.read(tx, ids, start, end)

    def last_date(self, series_id: str) -> pd.Timestamp | None:
        """Latest stored date of a series, or None when it has no observations."""
        import pandas as pd

        with self._read(f"last date of {series_id}") as tx:
            row = tx.execute(
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
        with self._read("series stats") as tx:
            return _series.stats(tx, series_ids)

    def revisions(self, series_id: str | None = None) -> pd.DataFrame:
        """Old values replaced by revisions, oldest first.

        Columns: ``series_id, date, old_value, new_value, old_first_seen, revised_at, source``;
        ``old_value`` was the stored value from ``old_first_seen`` until ``revised_at`` (UTC).
        """
        import pandas as pd

        sql = (
            "SELECT series_id, date, old_value, new_value, old_first_seen, revised_at, source"
            " FROM revisions"
        )
        params: list[Any] = []
        if series_id is not None:
            sql += " WHERE series_id = ?"
            params.append(series_id)
        with self._read("read of revisions") as tx:
            rows = tx.execute(sql + " ORDER BY id", params).fetchall()
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
        records = _series.catalog_records(rows, self.where)
        if not records:
            return
        now = stamp(datetime.now().astimezone())
        with self._write(f"catalogue sync of {len(records)} rows") as tx:
            if tx.executemany(_series.CATALOG_SQL, [(*r, now) for r in records]):
                tx.bump_content()

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
        with self._write(f"fetch log of {source}/{key}") as tx:
            tx.execute(
                "INSERT INTO fetch_log (source, key, started, finished, rows, status, error, url,"
                " bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (source, key, stamp(started), stamp(finished), int(rows), status, error, url,
                 int(bytes)),
            )  # fmt: skip

    def fetch_log(self, limit: int = 100, source: str | None = None) -> pd.DataFrame:
        """Latest fetches first: ``source, key, started, finished, rows, status, error, url,
        bytes`` (times UTC)."""
        import pandas as pd

        sql = (
            "SELECT source, key, started, finished, rows, status, error, url, bytes FROM fetch_log"
        )
        params: list[Any] = []
        if source is not None:
            sql += " WHERE source = ?"
            params.append(source)
        params.append(int(limit))
        with self._read("read of the fetch log") as tx:
            rows = tx.execute(sql + " ORDER BY id DESC LIMIT ?", params).fetchall()
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
        spec = tables.spec_of(name, self.where)
        prepared = tables.prepare(name, spec, frame, self.where)
        if prepared.empty:
            return WriteResult(0, 0, 0)
        with self._write(f"upsert into table {name}") as tx:
            result = tables.upsert(tx, name, spec, prepared, stamp(seen_at), self.where, fill_only)
            if result.written:
                tx.bump_content()
            return result

    def read_table(
        self,
        name: str,
        *,
        where: Mapping[str, object] | None = None,
        since: object = None,
        until: object = None,
        columns: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Rows of a registered table; ``where`` is equality per column (None matches NULL),
        ``since``/``until`` bound the table's date column (inclusive). Date columns come back as
        ``datetime64``. ``columns`` reads only those (with the key and date columns, in the
        table's order; a named column the table does not hold is left out, as a whole read
        would not have it): the monitor reads 21 of the 115 auction fields. Unknown table or
        ``where`` column -> StoreError."""
        spec = tables.spec_of(name, self.where)
        with self._read(f"read of table {name}") as tx:
            return tables.read(tx, name, spec, where, since, until, self.where, columns)

    def table_last_date(self, name: str) -> pd.Timestamp | None:
        """Latest value of the table's date column, or None when the table is empty."""
        spec = tables.spec_of(name, self.where)
        with self._read(f"last date of table {name}") as tx:
            return tables.last_date(tx, name, spec, self.where)

    def table_revisions(self, name: str | None = None) -> pd.DataFrame:
        """Old versions of generic-table rows, oldest first.

        Columns: ``table_name, key`` (dict of the key columns), ``old_row`` (dict of every stored
        column of the row before the change) and ``revised_at`` (UTC).
        """
        if name is not None:
            tables.spec_of(name, self.where)
        with self._read("read of table revisions") as tx:
            return tables.revisions(tx, name)

    # -- coordination -------------------------------------------------------------------------
    def writer_lock(self, command: str = "update") -> AbstractContextManager[str]:
        """Exclusive cross-process writer lock, non-blocking (SQLite: ``flock`` on
        ``<db>.lock``; PostgreSQL: an advisory lock).

        ``command`` (``"update"``, ``"import"``) is what a second writer is told is running:
        StoreError ``"another tsy import is running (pid N, since T)"``. Released on exit, and
        by the kernel or the server when the holding process dies.
        """
        if self._readonly:
            raise StoreError(f"{self.where}: writer lock: the store was opened read-only")
        return self._guard("writer lock", lambda: self._engine.writer_lock(command))

    @contextmanager
    def _guard(self, what: str, make: Callable[[], AbstractContextManager[str]]) -> Iterator[str]:
        with self._engine_errors(what), make() as held:
            yield held

    def data_version(self) -> int:
        """A number that changes whenever anyone commits a change to the database.

        Compare for inequality only (cache invalidation).
        """
        return self._call("data_version", self._engine.data_version)

    def content_version(self) -> int:
        """A persistent number that changes whenever stored content changes.

        Observations, generic-table rows and the catalogue count as content; the fetch log does
        not, so an update that brings nothing new leaves it as it was. Kept in the database
        (SQLite: ``PRAGMA user_version``) and set to a new random number in the same transaction
        as each write that changed content, so every process and every later run sees the same
        number, and a database deleted and built again does not meet its predecessor's numbers:
        the key of on-disk caches of derived results (:mod:`tsy.cache`). Compare for inequality.
        """
        return int(self._call("content_version", self._engine.content_version))

    def _call(self, what: str, fn: Callable[[], Any]) -> Any:
        with self._mutex, self._engine_errors(what):
            return fn()

    # -- administration (``tsy db``) ----------------------------------------------------------
    def table_names(self) -> list[str]:
        """Every table of the store (core tables and generic tables written so far), sorted."""
        with self._read("list of tables") as tx:
            return tx.tables()

    def status(self) -> dict[str, Any]:
        """Engine, schema version, size in bytes and rows per table (one snapshot)."""
        with self._read("status") as tx:
            version = schema_version(tx)
            counts = {
                t: int(tx.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tx.tables()
            }
        size = self._call("size", self._engine.size_bytes)
        return {
            "engine": self.engine,
            "where": self.where,
            "schema_version": version,
            "size_bytes": int(size),
            "rows": counts,
        }

    def check(self) -> list[str]:
        """Problems found by the engine's integrity check (SQLite ``integrity_check``,
        PostgreSQL a sanity check), then any series whose packed copy (:mod:`tsy.store._packed`)
        differs from its observations; empty when healthy."""
        problems = list(self._call("integrity check", self._engine.check))
        if problems:
            return problems
        with self._read("check of the packed series") as tx:
            return _packed.verify(tx)

    def dump_rows(self, table: str) -> tuple[dict[str, str], list[tuple[Any, ...]]]:
        """Column kinds (in column order) and every row of ``table`` (``tsy db copy``)."""
        tables.check_name(table, self.where)
        with self._read(f"read of table {table}") as tx:
            kinds = tx.columns(table)
            if not kinds:
                raise StoreError(f"{self.where}: no table {table!r}")
            rows = [tuple(r) for r in tx.execute(f'SELECT * FROM "{table}"')]
        return kinds, rows

    def load_rows(
        self,
        contents: Mapping[str, tuple[dict[str, str], list[tuple[Any, ...]]]],
        *,
        replace: bool,
    ) -> None:
        """Write whole tables (``tsy db copy``) in ONE transaction.

        ``contents`` maps table -> (column kinds, rows) as :meth:`dump_rows` gives them; a
        generic table the target lacks is created from its registry key. With ``replace`` every
        table's rows are deleted first; otherwise the store must hold no rows at all. The packed
        copy of the series is derived again from the observations written.
        """
        with self._write("copy into the store") as tx:
            present = [t for t in tx.tables() if t != "schema_migrations"]
            filled = [t for t in present if tx.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()]
            if filled and not replace:
                raise StoreError(
                    f"{self.where}: the target is not empty (rows in {', '.join(filled)});"
                    " use --replace to overwrite it"
                )
            for table in filled:
                tx.execute(f'DELETE FROM "{table}"')
            for table, (kinds, rows) in contents.items():
                tables.ensure_columns(tx, table, kinds, self.where)
                if rows:
                    tx.insert(f'"{table}"', [f'"{c}"' for c in kinds], rows)
            tx.reset_ids()
            _packed.rebuild(tx)
            tx.bump_content()
