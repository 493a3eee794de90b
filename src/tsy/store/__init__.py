"""tsy.store: the local database behind one small interface.

Sources write through it, analytics and the dashboard read through it; nothing else touches SQL.
The engine is SQLite in WAL mode (:mod:`tsy.store.sqlite`); the schema is a list of named,
numbered migrations (:mod:`tsy.store.migrations`); generic keyed tables such as auctions are
declared in a registry (:mod:`tsy.store.tables`). A server engine (PostgreSQL) can be added
behind the same :class:`Store` methods later without touching sources or analytics.

Examples
--------
>>> from tsy.store import open_store  # doctest: +SKIP
>>> with open_store("tsy.db") as store, store.writer_lock():  # doctest: +SKIP
...     result = store.upsert_series("DGS10", series, source="fred", seen_at=now)
...     result.new, result.revised, result.unchanged
"""

from tsy.errors import StoreError
from tsy.store._common import REL_TOL, WriteResult
from tsy.store.sqlite import CATALOG_COLUMNS, FETCH_OK, Store, open_store
from tsy.store.tables import TABLES, TableSpec

__all__ = [
    "CATALOG_COLUMNS",
    "FETCH_OK",
    "REL_TOL",
    "TABLES",
    "Store",
    "StoreError",
    "TableSpec",
    "WriteResult",
    "open_store",
]
