"""The packed copy of each series: its dates and values as two binary arrays in one row.

``observations`` stays the source of truth (one row per date, with ``first_seen``,
``last_seen`` and ``source``; revisions beside it). Reading a long history row by row costs a
Python object per cell, so every series also has one row in :data:`PACKED`
(``series_id, dates, vals``): ``dates`` the stored dates as little-endian ``int32`` days since
1970-01-01, ascending, ``vals`` the stored values as little-endian ``float64`` in the same order
(SQLite ``BLOB``, PostgreSQL ``bytea``). Readers fetch one row per series instead of one per
date.

The copy is derived, never edited by hand: every write of ``observations`` updates it in the
same transaction (:func:`merge` after an upsert, :func:`rebuild` after ``tsy db copy`` and in
migration 3 for a database written before it), so a reader's snapshot always sees both agree.
It holds exactly what ``observations`` reads back: an engine that stores ``-0.0`` as ``0.0``
(SQLite) gets ``0.0`` here too (:attr:`tsy.store._engine.Tx.signed_zero`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tsy.store._common import date_key
from tsy.store._engine import PACKED, Tx

__all__ = ["merge", "read", "rebuild", "verify"]

_DAYS, _VALS = np.dtype("<i4"), np.dtype("<f8")
_UPSERT = (
    f"INSERT INTO {PACKED} (series_id, dates, vals) VALUES (?, ?, ?)"
    " ON CONFLICT (series_id) DO UPDATE SET dates = excluded.dates, vals = excluded.vals"
)


def _unpack(dates: bytes, vals: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(days as ``datetime64[D]``, float64 values), both fresh writable arrays."""
    days = np.frombuffer(bytes(dates), dtype=_DAYS).astype("i8").view("datetime64[D]")
    return days, np.frombuffer(bytes(vals), dtype=_VALS).astype(float)


def _write(tx: Tx, series_id: str, days: np.ndarray, values: np.ndarray) -> None:
    if not tx.signed_zero:
        values = values + 0.0  # -0.0 -> 0.0, as the engine stores it; everything else as is
    blob_d = days.astype("datetime64[D]").astype(_DAYS).tobytes()
    tx.execute(_UPSERT, (series_id, blob_d, np.asarray(values, dtype=_VALS).tobytes()))


def merge(tx: Tx, series_id: str, dates: Sequence[str], values: Sequence[float]) -> None:
    """Update the packed copy of ``series_id`` after ``dates`` were written with ``values``
    (new dates inserted, stored dates revised) in the current write transaction."""
    if not len(dates):
        return
    new_days = np.array(dates, dtype="datetime64[D]")
    new_vals = np.asarray(values, dtype=float)
    row = tx.execute(f"SELECT dates, vals FROM {PACKED} WHERE series_id = ?", (series_id,))
    found = row.fetchone()
    if found is None:
        order = np.argsort(new_days, kind="stable")
        _write(tx, series_id, new_days[order], new_vals[order])
        return
    old_days, old_vals = _unpack(*found)
    days = np.concatenate([old_days, new_days])
    vals = np.concatenate([old_vals, new_vals])
    order = np.argsort(days, kind="stable")  # a written date sorts after its old value
    days, vals = days[order], vals[order]
    last = np.ones(len(days), dtype=bool)
    last[:-1] = days[1:] != days[:-1]  # keep the last entry of each date: the written one
    _write(tx, series_id, days[last], vals[last])


def rebuild(tx: Tx) -> None:
    """Derive the whole packed copy from ``observations`` again (inside a write transaction)."""
    tx.execute(f"DELETE FROM {PACKED}")
    ids = [r[0] for r in tx.execute("SELECT DISTINCT series_id FROM observations").fetchall()]
    for sid in ids:
        rows = tx.execute(
            "SELECT date, value FROM observations WHERE series_id = ? ORDER BY date", (sid,)
        ).fetchall()
        days = np.array([r[0] for r in rows], dtype="datetime64[D]")
        _write(tx, sid, days, np.array([r[1] for r in rows], dtype=float))


def verify(tx: Tx) -> list[str]:
    """Series whose packed copy differs from ``observations`` (``tsy db check``), one line
    each; empty when every copy holds exactly the stored dates and values."""
    rows = tx.execute(
        "SELECT series_id, date, value FROM observations ORDER BY series_id, date"
    ).fetchall()
    stored: dict[str, tuple[list[str], list[float]]] = {}
    for sid, day, value in rows:
        got_days, got_values = stored.setdefault(sid, ([], []))
        got_days.append(day)
        got_values.append(value)
    packed = {
        sid: _unpack(d, v)
        for sid, d, v in tx.execute(f"SELECT series_id, dates, vals FROM {PACKED}").fetchall()
    }
    problems = []
    for sid in sorted(stored.keys() | packed.keys()):
        want = stored.get(sid, ([], []))
        days, vals = packed.get(sid, (np.array([], "datetime64[D]"), np.array([], float)))
        same = len(days) == len(want[0]) and (
            days.astype(str).tolist() == want[0]
            and np.array_equal(vals, np.array(want[1], dtype=float))
        )
        if not same:
            problems.append(
                f"{PACKED}: series {sid} holds {len(days)} values, observations {len(want[0])}"
                " (or other values); copy the store (`tsy db copy`) to derive it again"
            )
    return problems


def read(
    tx: Tx, series_ids: Sequence[str], start: object = None, end: object = None
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(days as ``datetime64[D]``, values) per requested id, in the given order, between
    ``start`` and ``end`` (inclusive dates); empty arrays for an id the store does not hold."""
    ids = list(dict.fromkeys(series_ids))
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = tx.execute(
        f"SELECT series_id, dates, vals FROM {PACKED} WHERE series_id IN ({marks})", ids
    ).fetchall()
    found = {sid: _unpack(d, v) for sid, d, v in rows}
    lo = np.datetime64(date_key(start, what="start"), "D") if start is not None else None
    hi = np.datetime64(date_key(end, what="end"), "D") if end is not None else None
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for sid in ids:
        days, vals = found.get(sid) or (np.array([], "datetime64[D]"), np.array([], float))
        if lo is not None or hi is not None:
            i = int(np.searchsorted(days, lo, side="left")) if lo is not None else 0
            j = int(np.searchsorted(days, hi, side="right")) if hi is not None else len(days)
            days, vals = days[i:j], vals[i:j]
        out[sid] = (days, vals)
    return out
