"""An opt-in, in-process memo of what a long-running reader reads again and again.

``tsy serve`` answers the monitor as of any date: every such request reads the same series
(full history, then cut at the date) and the same table rows from the database, only to keep a
different part of them. With the memo on (:func:`enable`, done by the server's section workers),
a process reads each series' packed arrays and each table's rows once per content version of
the database (:meth:`tsy.store.Store.content_version`) and answers later reads from memory:
the same arrays, cut to the asked bounds, and the same rows, turned into a frame by the same
code as a read from the database (so the result is identical, dtypes included).

The version is read in the reader's own transaction (:attr:`tsy.store._engine.Tx.
content_version_sql`), so what is kept under a version is what that version holds; a write
that changes content sets a new version and the next read starts a new memo. One database
version is kept (the newest seen); bounded to :data:`MAX_ENTRIES` series and tables.
Commands that run once (the CLI) leave it off: they read each thing once anyway. A server's
worker clears it after a while without reads (``idle_s``), so memory comes back after a burst.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from functools import partial
from typing import Any

import numpy as np

from tsy.store._common import date_key
from tsy.store._engine import Tx

__all__ = ["enable", "enabled", "read_arrays", "rows"]

#: Series and table reads kept for one database version (a few MB: every catalogue series and
#: the monitor's table columns fit many times over).
MAX_ENTRIES = 512

_lock = threading.Lock()
_on = False
_key: Hashable | None = None
_kept: dict[Hashable, Any] = {}
_idle_s: float | None = None  # forget everything after this long unused
_on_clear: Callable[[], None] | None = None
_used = 0.0  # time.monotonic() of the last read
_timer: threading.Timer | None = None


def enable(
    on: bool = True, *, idle_s: float | None = None, on_clear: Callable[[], None] | None = None
) -> None:
    """Turn the memo on (or off, forgetting what it holds) for this process.

    Parameters
    ----------
    on : bool
    idle_s : float, optional
        Forget what the memo holds once it has not been read for this many seconds (a server
        gives its memory back after a burst of requests); None keeps it.
    on_clear : callable, optional
        Called after such a clear (e.g. to hand the freed memory back to the system).
    """
    global _on, _key, _idle_s, _on_clear
    with _lock:
        _on, _idle_s, _on_clear = on, idle_s, on_clear
        if not on:
            _kept.clear()
            _key = None


def enabled() -> bool:
    """Whether the memo is on in this process."""
    return _on


def _touch() -> None:
    """Note a read; arm the idle timer unless one is pending (called with the lock held)."""
    global _used, _timer
    _used = time.monotonic()
    if _idle_s is not None and _timer is None:
        _timer = threading.Timer(_idle_s, _expire)
        _timer.daemon = True
        _timer.start()


def _expire() -> None:
    """Clear the memo if it stayed unread for ``idle_s``; else wait for the rest."""
    global _timer, _key
    with _lock:
        _timer = None
        if _idle_s is None:
            return
        left = _used + _idle_s - time.monotonic()
        if left > 0:
            _timer = threading.Timer(left, _expire)
            _timer.daemon = True
            _timer.start()
            return
        _kept.clear()
        _key = None
        done = _on_clear
    if done is not None:
        done()


def _get(tx: Tx, where: str, item: Hashable, load: Callable[[], Any]) -> Any:
    """``load()`` once per (database, content version, item)."""
    global _key
    version = tx.execute(tx.content_version_sql).fetchone()
    key = (where, int(version[0]) if version else 0)
    with _lock:
        _touch()
        if key != _key:
            _kept.clear()
            _key = key
        if item in _kept:
            return _kept[item]
    value = load()
    with _lock:
        if _key == key and len(_kept) < MAX_ENTRIES:
            _kept[item] = value
    return value


def read_arrays(
    tx: Tx,
    where: str,
    series_ids: Sequence[str],
    start: object,
    end: object,
    read: Callable[[Tx, Sequence[str]], dict[str, tuple[np.ndarray, np.ndarray]]],
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """As :func:`tsy.store._packed.read` (``read``) with ``start``/``end``, from the memo: each
    series' whole arrays read once, then cut (fresh copies, so callers may write to them)."""
    ids = list(dict.fromkeys(series_ids))
    whole = {sid: _get(tx, where, ("series", sid), partial(_one, read, tx, sid)) for sid in ids}
    lo = np.datetime64(date_key(start, what="start"), "D") if start is not None else None
    hi = np.datetime64(date_key(end, what="end"), "D") if end is not None else None
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for sid in ids:
        days, vals = whole[sid]
        i = int(np.searchsorted(days, lo, side="left")) if lo is not None else 0
        j = int(np.searchsorted(days, hi, side="right")) if hi is not None else len(days)
        out[sid] = (days[i:j].copy(), vals[i:j].copy())
    return out


def _one(
    read: Callable[[Tx, Sequence[str]], dict[str, tuple[np.ndarray, np.ndarray]]],
    tx: Tx,
    sid: str,
) -> tuple[np.ndarray, np.ndarray]:
    return read(tx, [sid])[sid]


def rows(
    tx: Tx,
    where: str,
    item: Hashable,
    since: str | None,
    until: str | None,
    date_at: int | None,
    read: Callable[[], list[tuple[Any, ...]]],
) -> list[tuple[Any, ...]]:
    """The rows a table read would return, from the memo.

    Parameters
    ----------
    item : hashable
        What identifies the read without its date bounds (table, columns).
    since, until : str, optional
        Inclusive bounds on the date column (``YYYY-MM-DD``), compared as the SQL does (text,
        or the ISO text of a date); a row without a date never meets a bound.
    date_at : int, optional
        Position of the date column in a row (None: the table has none, and no bounds).
    read : callable
        The read without date bounds, ordered on the date column first.
    """
    table, dated, dates = _get(tx, where, item, lambda: _keyed(read(), date_at))
    if since is None and until is None:
        return list(table)
    i = bisect.bisect_left(dates, since) if since is not None else 0
    j = bisect.bisect_right(dates, until) if until is not None else len(dates)
    return dated[i:j]


def _keyed(
    table: list[tuple[Any, ...]], date_at: int | None
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[str]]:
    """All rows; the rows with a date (in the read's order: ascending dates); their dates."""
    if date_at is None:
        return table, [], []
    dated = [r for r in table if r[date_at] is not None]
    return table, dated, [str(r[date_at]) for r in dated]
