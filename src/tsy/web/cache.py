"""A results cache for the web app, emptied whenever the store changes.

The key of freshness is :meth:`tsy.store.Store.data_version` read on a long-lived read-only
connection: SQLite bumps it on every commit by another connection (``tsy update``, ``tsy
import``), so a running server shows new data on the next request, without a restart. Each key
is computed once even under concurrent requests (a lock per key); errors are not cached.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from tsy.config import Settings
from tsy.errors import StoreError
from tsy.store import Store, open_store, store_exists

__all__ = ["StoreCache"]

T = TypeVar("T")


class StoreCache:
    """Memoise values per key until the store's data version changes.

    Parameters
    ----------
    settings : Settings
        Where the store is (``settings.db``).
    max_items : int
        Oldest entries are dropped beyond this many (bounded memory under varied queries).
    """

    def __init__(self, settings: Settings, *, max_items: int = 512) -> None:
        self._settings = settings
        self._max = max_items
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._version: int | None = None
        self._values: dict[Any, Any] = {}
        self._key_locks: dict[Any, threading.Lock] = {}

    def version(self) -> int | None:
        """The store's data version (None when there is no database file yet)."""
        with self._lock:
            if self._store is None:
                if not store_exists(self._settings.db):
                    return None
                try:
                    self._store = open_store(self._settings.db, readonly=True)
                except StoreError:
                    return None
            store = self._store
        try:
            return store.data_version()
        except StoreError:
            self.close()
            return None

    def get(self, key: Any, compute: Callable[[], T]) -> T:
        """The cached value of ``key`` for the current data version, computing it if needed."""
        v = self.version()
        with self._lock:
            if v != self._version:
                self._values.clear()
                self._version = v
            if key in self._values:
                return self._values[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._values and self._version == v:
                    return self._values[key]
            value = compute()
            with self._lock:
                if self._version == v:
                    if len(self._values) >= self._max:
                        self._values.pop(next(iter(self._values)))
                    self._values[key] = value
                self._key_locks.pop(key, None)
        return value

    def clear(self) -> None:
        """Forget every cached value."""
        with self._lock:
            self._values.clear()

    def close(self) -> None:
        """Close the version-watching connection (reopened on the next call)."""
        with self._lock:
            if self._store is not None:
                self._store.close()
            self._store = None
