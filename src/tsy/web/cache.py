"""A results cache for the web app, emptied whenever the store changes.

The key of freshness is :meth:`tsy.store.Store.data_version` read on a long-lived read-only
connection: SQLite bumps it on every commit by another connection (``tsy update``, ``tsy
import``), so a running server shows new data on the next request, without a restart. Each key
is computed once even under concurrent requests (a lock per key); errors are not cached.

Load: at most ``max_computations`` computations run at once; a request that waits longer than
``slot_wait_s`` for a slot is shed (:class:`Busy`, 503 with Retry-After), and a request whose
client has gone (:data:`CANCEL`, set by :class:`tsy.web.disconnect.CancelOnDisconnect`) stops
waiting (:class:`Cancelled`) instead of starting work nobody reads. Memory is bounded twice: at most
``max_items`` values, of which at most ``max_dated`` are sections computed for an asked date
(``as_of``; a monitor result holds about 30 MB), each dropped ``dated_ttl_s`` after it was
computed (a page for one date fetches its parts within seconds); the default view's sections
(one per section name) and the JSON bodies are small in number or in size. Entries are dropped
least recently used first, and freed memory is handed back to the system (glibc
``malloc_trim``) whenever the last running computation ends or dated sections expire: without
it the heap keeps its peak after a burst of requests.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from tsy.config import Settings
from tsy.errors import StoreError, TsyError
from tsy.store import Store, open_store, store_exists, store_identity

__all__ = ["CANCEL", "Busy", "Cancelled", "FairSlots", "StoreCache", "trim", "tune_allocator"]

#: Computations (uncached sections, figures, frames) running at once; more wait for a slot.
MAX_COMPUTATIONS = 2
#: Seconds a request waits for a computation slot before it is shed with 503 + Retry-After.
SLOT_WAIT_S = 15.0
#: Sections computed for an asked date (``as_of``) kept in memory (their JSON bodies are kept
#: apart, within ``max_items``).
MAX_DATED = 4
#: Seconds a section computed for an asked date is kept.
DATED_TTL_S = 30.0
#: Seconds between two looks at :data:`CANCEL` while a request waits.
_POLL_S = 0.05

#: Set by the app for each request: an event that is set when its client disconnects.
CANCEL: ContextVar[threading.Event | None] = ContextVar("tsy_web_cancel", default=None)


class Busy(TsyError):
    """Every computation slot stayed taken for :data:`SLOT_WAIT_S`: the request is shed."""


class Cancelled(TsyError):
    """The client of the request disconnected while it waited: no work is started for it."""


def _wait(lock: threading.Lock) -> None:
    """Acquire ``lock``, giving up if the client has gone.

    Raises
    ------
    Cancelled
        :data:`CANCEL` of this request was set while waiting.
    """
    gone = CANCEL.get()
    if gone is None:
        lock.acquire()
        return
    while True:
        if gone.is_set():
            raise Cancelled("the client disconnected")
        if lock.acquire(timeout=_POLL_S):
            return


class FairSlots:
    """At most ``n`` holders at once; waiters get a freed slot first come, first served.

    A semaphore polled with timeouts hands a freed slot to whichever waiter looks first: under
    10 concurrent uncached requests some waited 5x longer than the median (p50 1.36 s, p95 6.3 s
    on 2026-12-02). Here a released slot goes straight to the oldest waiter.

    Parameters
    ----------
    n : int
        Slots (at least 1).
    """

    def __init__(self, n: int) -> None:
        self._free = max(1, n)
        self._queue: deque[threading.Event] = deque()
        self._lock = threading.Lock()

    def acquire(self, timeout: float | None) -> bool:
        """Take a slot within ``timeout`` seconds (None: no limit), in arrival order.

        Returns
        -------
        bool
            False when the wait timed out (the caller holds nothing).

        Raises
        ------
        Cancelled
            :data:`CANCEL` of this request was set while waiting (the caller holds nothing).
        """
        with self._lock:
            if self._free and not self._queue:
                self._free -= 1
                return True
            turn = threading.Event()
            self._queue.append(turn)
        gone = CANCEL.get()
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            step = left if gone is None else min(_POLL_S, left if left is not None else _POLL_S)
            if turn.wait(None if step is None else max(0.0, step)):
                return True
            stop = gone is not None and gone.is_set()
            if stop or (deadline is not None and time.monotonic() >= deadline):
                with self._lock:
                    granted = turn.is_set()  # handed over just now
                    if not granted:
                        self._queue.remove(turn)
                if granted:
                    if not stop:
                        return True
                    self.release()
                if stop:
                    raise Cancelled("the client disconnected")
                return False

    def release(self) -> None:
        """Give the slot to the oldest waiter, or back to the free ones."""
        with self._lock:
            if self._queue:
                self._queue.popleft().set()
            else:
                self._free += 1


T = TypeVar("T")


class StoreCache:
    """Memoise values per key until the store's data version changes.

    Parameters
    ----------
    settings : Settings
        Where the store is (``settings.db``).
    max_items : int
        Least recently used entries are dropped beyond this many (bounded memory under varied
        queries).
    max_dated : int
        Of those, at most this many sections computed for an asked date (keys
        ``("section", name, as_of)`` with an ``as_of``): each is tens of MB.
    dated_ttl_s : float
        Such a section is dropped this many seconds after it was computed (a timer thread; the
        freed memory is handed back to the system).
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
        max_dated: int = MAX_DATED,
        dated_ttl_s: float = DATED_TTL_S,
        max_computations: int = MAX_COMPUTATIONS,
        slot_wait_s: float = SLOT_WAIT_S,
    ) -> None:
        self._settings = settings
        self._max = max_items
        self._max_dated = max_dated
        self._dated_ttl = dated_ttl_s
        self._dated_at: dict[Any, float] = {}  # dated key -> time.monotonic() when kept
        self._timer: threading.Timer | None = None
        self._running = 0  # computations running now (memory is trimmed when it drops to 0)
        self._slots = FairSlots(max_computations)
        self._slot_wait = slot_wait_s
        self._held = threading.local()  # whether this thread holds a slot already
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._file: Hashable | None = None  # identity of the open database (store_identity)
        self._generation = 0  # bumped whenever the database file is reopened
        self._version: tuple[int, int] | None = None
        self._values: OrderedDict[Any, Any] = OrderedDict()
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

    def get(self, key: Any, compute: Callable[[], T], *, bounded: bool = True) -> T:
        """The cached value of ``key`` for the current data version, computing it if needed.

        Identical concurrent requests wait for one computation (a lock per key). Without a
        database file every cached value is dropped and ``compute`` runs uncached (it meets the
        missing store itself), so old data is never served. ``bounded=False`` computes without
        taking a slot (the server's own start-up work, which requests may be waiting for).
        """
        run = self._bounded if bounded else _call
        v = self._stamp()
        if v is None:  # no database (yet, or any more): nothing old may be served
            with self._lock:
                self._values.clear()
                self._version = None
            return run(compute)
        with self._lock:
            if v != self._version:
                self._values.clear()
                self._version = v
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        _wait(key_lock)  # the same computation in flight: share it (or leave if gone)
        try:
            with self._lock:
                if key in self._values and self._version == v:
                    return self._values[key]
            value = run(compute)
            with self._lock:
                if self._version == v:
                    self._keep(key, value)
        finally:
            with self._lock:
                self._key_locks.pop(key, None)
            key_lock.release()
        return value

    def _keep(self, key: Any, value: Any) -> None:
        """Store ``value``, dropping least recently used entries beyond the bounds (locked)."""
        self._values[key] = value
        if _dated(key):
            self._dated_at[key] = time.monotonic()
            self._schedule_expiry()
        dated = [k for k in self._values if _dated(k)]
        while len(dated) > self._max_dated:
            old = dated.pop(0)
            self._values.pop(old)
            self._dated_at.pop(old, None)
        while len(self._values) > self._max:
            self._values.popitem(last=False)

    def _bounded(self, compute: Callable[[], T]) -> T:
        """Run ``compute`` in one of the bounded slots, or shed the request (:class:`Busy`).

        A computation nested in another (a figure needing a section) runs in its caller's slot.
        """
        if getattr(self._held, "slot", False):
            return compute()
        if not self._slots.acquire(self._slot_wait):
            raise Busy(f"server busy: {self._slot_wait:g} s without a free computation slot; retry")
        self._held.slot = True
        with self._lock:
            self._running += 1
        try:
            return compute()
        finally:
            self._held.slot = False
            with self._lock:
                self._running -= 1
                idle = self._running == 0
            self._slots.release()
            if idle:
                trim()

    def __len__(self) -> int:
        return len(self._values)

    def _schedule_expiry(self, delay: float | None = None) -> None:
        """Start the expiry timer unless one is pending (called with the lock held)."""
        if self._timer is None:
            self._timer = threading.Timer(self._dated_ttl if delay is None else delay, self._expire)
            self._timer.daemon = True
            self._timer.start()

    def _expire(self) -> None:
        """Drop the dated sections older than the TTL; re-arm while some remain."""
        now = time.monotonic()
        with self._lock:
            self._timer = None
            for key, at in list(self._dated_at.items()):
                if now - at >= self._dated_ttl:
                    self._values.pop(key, None)
                    del self._dated_at[key]
            if self._dated_at:  # re-arm for the oldest one left
                self._schedule_expiry(
                    max(0.0, min(self._dated_at.values()) + self._dated_ttl - now)
                )
        trim()

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


def _call(compute: Callable[[], T]) -> T:
    return compute()


def _dated(key: Any) -> bool:
    """A section computed for an asked date: ``("section", name, as_of)`` with an ``as_of``."""
    return isinstance(key, tuple) and len(key) == 3 and key[0] == "section" and key[2] is not None


def _glibc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim  # noqa: B018 - only glibc has it (not macOS, not musl)
        libc.mallopt  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _glibc()
#: glibc's ``mallopt`` parameter number of ``M_ARENA_MAX`` (malloc.h).
_M_ARENA_MAX = -8


def tune_allocator(arenas: int = 2) -> bool:
    """Limit glibc to ``arenas`` malloc arenas (for the server process; call before threads).

    Each worker thread otherwise gets its own arena, and freed memory stays spread over them:
    with 10 worker threads asking 30 monitor dates, RSS went 225 -> 303 MB once the cache had
    let go (+35%); with 2 arenas and the trimming below, 223 -> 258 MB after three such bursts
    (+16%; measured in one process on 2026-12-02). A no-op off glibc.

    Returns
    -------
    bool
        Whether the limit was set.
    """
    return _LIBC is not None and _LIBC.mallopt(_M_ARENA_MAX, arenas) == 1


def trim() -> None:
    """Hand freed memory back to the system: glibc's heap (``malloc_trim``) and, when loaded,
    pyarrow's pool (pandas' string columns); a no-op elsewhere."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
    pa = sys.modules.get("pyarrow")
    if pa is not None:
        pa.default_memory_pool().release_unused()
