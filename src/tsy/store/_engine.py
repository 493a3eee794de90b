"""The one small interface between the store and a database engine.

:class:`tsy.store.Store` speaks to an :class:`Engine` (open, transactions, writer lock, data
version, size, integrity check) and runs its SQL through a :class:`Tx` (one open transaction:
``execute`` / ``executemany`` with ``?`` placeholders, a bulk ``insert``, the column kinds of a
table). Each engine module (:mod:`tsy.store.sqlite`, :mod:`tsy.store.postgres`) implements both;
nothing outside ``tsy.store`` knows which engine is in use.

Column kinds are engine-neutral names: :data:`REAL` (float), :data:`TEXT` and :data:`DATE_TEXT`
(ISO ``YYYY-MM-DD`` text that reads back as ``datetime64``); each engine maps them to its types.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from tsy.config import redact  # the one redaction of a database target (a base-layer helper)

__all__ = ["DATE_TEXT", "PACKED", "REAL", "TEXT", "Engine", "Tx", "redact"]

REAL, TEXT, DATE_TEXT = "REAL", "TEXT", "DATE_TEXT"
#: The derived table of packed series (:mod:`tsy.store._packed`); not listed by ``Tx.tables``
#: (neither counted by ``tsy db status`` nor copied by ``tsy db copy``, which rebuilds it).
PACKED = "observations_packed"


class Cursor(Protocol):
    """What a query returns: rows as tuples."""

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Tx(Protocol):
    """One open transaction of an engine (SQL uses ``?`` placeholders on every engine)."""

    #: SQL returning ``(series_id, source)`` of the latest ``last_seen`` row of each series.
    latest_source_sql: str
    #: SQL returning the content version (:meth:`tsy.store.Store.content_version`) as this
    #: transaction sees it.
    content_version_sql: str
    #: Whether a stored REAL keeps the sign of zero (PostgreSQL) or reads ``-0.0`` back as
    #: ``0.0`` (SQLite).
    signed_zero: bool

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        """Run ``sql`` once per row; return the number of rows changed."""
        ...

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Bulk-insert ``rows`` (the engine's fast path); names already checked and quoted."""
        ...

    def columns(self, table: str) -> dict[str, str]:
        """Column name -> kind (REAL, TEXT, DATE_TEXT) of ``table``; {} when it does not exist."""
        ...

    def column_type(self, kind: str) -> str:
        """The engine's SQL type for a column kind."""
        ...

    def tables(self) -> list[str]:
        """Names of the tables in the store's schema (sorted), without :data:`PACKED`."""
        ...

    def bump_content(self) -> None:
        """Raise the persistent content version by one (inside this write transaction)."""
        ...

    def reset_ids(self) -> None:
        """After rows were inserted with explicit ``id`` values, move id generators past them."""
        ...


class Engine(Protocol):
    """An open database connection behind the store."""

    #: Engine name shown by ``tsy db status`` ("sqlite", "postgresql").
    name: str
    #: Where the store is, safe to print (a path, or a URL without its password).
    where: str

    def read(self) -> AbstractContextManager[Tx]:
        """One consistent snapshot (read-only transaction) for several SELECTs."""
        ...

    def write(self) -> AbstractContextManager[Tx]:
        """One write transaction, serialised against other writers; all or nothing."""
        ...

    def ddl(self, statement: str) -> str:
        """A schema statement of :mod:`tsy.store.migrations` in this engine's dialect."""
        ...

    def writer_lock(self, command: str) -> AbstractContextManager[str]:
        """The exclusive cross-process writer lock, non-blocking; yields a description."""
        ...

    def data_version(self) -> int:
        """A number that changes when anyone commits a change (compare for inequality)."""
        ...

    def content_version(self) -> int:
        """The persistent content version (see :meth:`tsy.store.Store.content_version`)."""
        ...

    def size_bytes(self) -> int:
        """Size of the database on disk."""
        ...

    def check(self) -> list[str]:
        """Problems found by the engine's integrity check (empty when healthy)."""
        ...

    def error_text(self, exc: BaseException) -> str | None:
        """One line for an engine error, or None when ``exc`` is not an engine error."""
        ...

    def close(self) -> None: ...
