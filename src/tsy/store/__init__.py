"""tsy.store: the local database behind one small interface.

Sources write through it, analytics and the dashboard read through it; nothing else touches SQL.
Two engines sit behind the same :class:`Store` methods (:mod:`tsy.store._engine`): the embedded
SQLite file in WAL mode (:mod:`tsy.store.sqlite`, the default) and PostgreSQL for a desk
(:mod:`tsy.store.postgres`, chosen by a ``postgresql://`` URL). The schema is a list of named,
numbered migrations shared by both (:mod:`tsy.store.migrations`); generic keyed tables such as
auctions are declared in a registry (:mod:`tsy.store.tables`).

Examples
--------
>>> from tsy.store import open_store  # doctest: +SKIP
>>> with open_store("tsy.db") as store, store.writer_lock():  # doctest: +SKIP
...     result = store.upsert_series("DGS10", series, source="fred", seen_at=now)
...     result.new, result.revised, result.unchanged
"""

from tsy.errors import StoreError
from tsy.store._common import REL_TOL, WriteResult
from tsy.store._engine import redact
from tsy.store._memo import enable as enable_read_memo
from tsy.store._series import align_arrays
from tsy.store._store import (
    CATALOG_COLUMNS,
    ENGINES,
    FETCH_OK,
    Store,
    open_store,
    store_exists,
    store_identity,
)
from tsy.store.tables import TABLES, TableSpec

__all__ = [
    "CATALOG_COLUMNS",
    "ENGINES",
    "FETCH_OK",
    "REL_TOL",
    "TABLES",
    "Store",
    "StoreError",
    "TableSpec",
    "WriteResult",
    "align_arrays",
    "enable_read_memo",
    "open_store",
    "redact",
    "store_exists",
    "store_identity",
]
