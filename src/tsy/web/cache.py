"""A results cache for the web app, emptied whenever the store changes.

The key of freshness is :meth:`tsy.store.Store.data_version` read on a long-lived read-only
connection: SQLite bumps it on every commit by another connection (``tsy update``, ``tsy
import``), so a running server shows new data on the next request, without a restart. Each key
is computed once even under concurrent requests (a lock per key); errors are not cached.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from tsy.config import Settings
from tsy.errors import StoreError, TsyError
from tsy.store import Store, open_store, store_exists, store_identity

__all__ = ["Busy", "StoreCache"]

#: Computations (uncached sections, figures, frames) running at once; more wait for a slot.
MAX_COMPUTATIONS = 2
#: Seconds a request waits for a computation slot before it is shed with 503 + Retry-After.
SLOT_WAIT_S = 15.0


class Busy(TsyError):
    """Every computation slot stayed taken for :data:`SLOT_WAIT_S`: the request is shed."""


T = TypeVar("T")


class StoreCache:
    """Memoise values per key until the store's data version changes.

    Parameters
    ----------
    settings : Settings
        Where the store is (``settings.db``).
    max_items : int
        Oldest entries are dropped beyond this many (bounded memory under varied queries).
    max_computations : int
        Uncached computations running at once (load shedding: a small pool, default 2 for a
        2-core machine); identical requests already share one computation.
    slot_wait_s : float
        How long a request waits for a slot before :class:`Busy` (503 with Retry-After).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        max_items: int = 256,
        max_computations: int = MAX_COMPUTATIONS,
        slot_wait_s: float = SLOT_WAIT_S,
    ) -> None:
        self._settings = settings
        self._max = max_items
        self._slots = threading.BoundedSemaphore(max_computations)
        self._slot_wait = slot_wait_s
        self._held = threading.local()  # whether this thread holds a slot already
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._file: Hashable | None = None  # identity of the open database (store_identity)
        self._generation = 0  # bumped whenever the database file is reopened
        self._version: tuple[int, int] | None = None
        self._values: dict[Any, Any] = {}
        self._key_locks: dict[Any, threading.Lock] = {}

    def _identity(self) -> Hashable | None:
        return store_identity(self._settings.db)

    def _stamp(self) -> tuple[int, int] | None:
        """(generation, data version); a replaced or deleted file is noticed on every call."""
        ident = self._identity()
        with self._lock:
            if self._store is not None and ident != self._file:
                self._store.close()  # the file was replaced (new inode) or deleted
                self._store = None
            if ident is None:
                return None
            if self._store is None:
                if not store_exists(self._settings.db):
                    return None
                try:
                    self._store = open_store(self._settings.db, readonly=True)
                except StoreError:
                    return None
                self._file = ident
                self._generation += 1
            store, generation = self._store, self._generation
        try:
            return (generation, store.data_version())
        except StoreError:
            self.close()
            return None

    def version(self) -> int | None:
        """The store's data version (None when there is no readable database file).

        Raises
        ------
        StoreError
            The database file is missing now (deleted or moved away while serving).
        """
        stamp = self._stamp()
        if stamp is None:
            raise StoreError("no tsy database: it was removed or is not readable")
        return stamp[1]

    def get(self, key: Any, compute: Callable[[], T]) -> T:
        """The cached value of ``key`` for the current data version, computing it if needed.

        Identical concurrent requests wait for one computation (a lock per key). Without a
        database file every cached value is dropped and ``compute`` runs uncached (it meets the
        missing store itself), so old data is never served.
        """
        v = self._stamp()
        if v is None:  # no database (yet, or any more): nothing old may be served
            with self._lock:
                self._values.clear()
                self._version = None
            return self._bounded(compute)
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
            value = self._bounded(compute)
            with self._lock:
                if self._version == v:
                    if len(self._values) >= self._max:
                        self._values.pop(next(iter(self._values)))
                    self._values[key] = value
                self._key_locks.pop(key, None)
        return value

    def _bounded(self, compute: Callable[[], T]) -> T:
        """Run ``compute`` in one of the bounded slots, or shed the request (:class:`Busy`).

        A computation nested in another (a figure needing a section) runs in its caller's slot.
        """
        if getattr(self._held, "slot", False):
            return compute()
        if not self._slots.acquire(timeout=self._slot_wait):
            raise Busy(f"server busy: {self._slot_wait:g} s without a free computation slot; retry")
        self._held.slot = True
        try:
            return compute()
        finally:
            self._held.slot = False
            self._slots.release()

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
