"""Series-side helpers of the store: observation diffs, result frames, catalogue rows.

Functions take an open transaction (:class:`tsy.store._engine.Tx`, any engine) or plain rows;
the :class:`tsy.store.Store` methods wrap them with locking and error translation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from tsy.errors import StoreError
from tsy.store import _packed
from tsy.store._common import WriteResult, same_value, to_timestamps
from tsy.store._engine import Tx

__all__ = ["CATALOG_COLUMNS", "CATALOG_SQL", "FETCH_OK"]

#: Columns of the ``series`` catalogue table accepted by :meth:`Store.sync_catalog`.
CATALOG_COLUMNS = (
    "id",
    "source",
    "source_key",
    "title_en",
    "title_zh",
    "units",
    "frequency",
    "grp",
    "tenor",
)
#: ``fetch_log.status`` of a successful fetch (the only status that counts as "last fetched").
FETCH_OK = "ok"


@lru_cache(maxsize=1)
def _date_dtype() -> Any:
    """dtype of the date index: pandas' default for parsed ISO dates (as in :mod:`tsy.sources`)."""
    import pandas as pd

    return pd.to_datetime(["2000-01-03"], format="%Y-%m-%d").dtype


_cols = ", ".join(CATALOG_COLUMNS)
_sets = ", ".join(f"{c} = excluded.{c}" for c in CATALOG_COLUMNS[1:])
_differs = " OR ".join(f"series.{c} IS DISTINCT FROM excluded.{c}" for c in CATALOG_COLUMNS[1:])
CATALOG_SQL = (
    f"INSERT INTO series ({_cols}, updated_at) VALUES ({', '.join('?' * len(CATALOG_COLUMNS))}, ?)"
    f" ON CONFLICT (id) DO UPDATE SET {_sets}, updated_at = excluded.updated_at"
    f" WHERE {_differs}"
)


def upsert_observations(
    tx: Tx,
    series_id: str,
    dates: list[str],
    values: np.ndarray,
    source: str,
    seen: str,
) -> WriteResult:
    """Diff one cleaned batch against the stored rows and write only what changed."""
    if not dates:
        return WriteResult(0, 0, 0)
    stored = {
        d: (v, s)
        for d, v, s in tx.execute(
            "SELECT date, value, last_seen FROM observations"
            " WHERE series_id = ? AND date BETWEEN ? AND ?",
            (series_id, min(dates), max(dates)),
        )
    }
    new: list[tuple[object, ...]] = []
    updates: list[tuple[object, ...]] = []
    revisions: list[tuple[object, ...]] = []
    unchanged = 0
    written_days: list[str] = []
    written_values: list[float] = []
    if not stored:  # nothing stored in the range (a first import): every row is new
        floats = values.tolist()
        new = list(zip(repeat(series_id), dates, floats, repeat(seen), repeat(seen),
                       repeat(source)))  # fmt: skip
        written_days, written_values = list(dates), floats
    else:
        for day, value in zip(dates, values.tolist(), strict=True):
            old = stored.get(day)
            if old is None:
                new.append((series_id, day, value, seen, seen, source))
            elif same_value(old[0], value):
                unchanged += 1
                continue
            else:
                updates.append((value, seen, source, series_id, day))
                revisions.append((series_id, day, old[0], value, old[1], seen, source))
            written_days.append(day)
            written_values.append(value)
    if new:
        tx.insert(
            "observations", ("series_id", "date", "value", "first_seen", "last_seen", "source"), new
        )
    if updates:
        tx.executemany(
            "UPDATE observations SET value = ?, last_seen = ?, source = ?"
            " WHERE series_id = ? AND date = ?",
            updates,
        )
        tx.executemany(
            "INSERT INTO revisions (series_id, date, old_value, new_value, old_first_seen,"
            " revised_at, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
            revisions,
        )
    _packed.merge(tx, series_id, written_days, written_values)  # same transaction
    return WriteResult(len(new), len(updates), unchanged)


def align_arrays(
    columns: Mapping[str, tuple[np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray]:
    """Outer-join per-series (days, values) on date, without pandas.

    Each ``days`` is ascending ``datetime64[D]`` without repeats (as the store keeps them). The
    union of the dates is marked on one calendar from the first to the last date (a few tens of
    thousands of days), so the dates are never sorted as a whole.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The union of the dates (``datetime64[D]``, ascending) and a float matrix with one row per
        date and one column per series in the given order, NaN where a series has no value.
    """
    numbers = [days.astype("datetime64[D]").view("i8") for days, _ in columns.values()]
    filled = [n for n in numbers if len(n)]
    if filled:
        first = min(int(n[0]) for n in filled)
        calendar = np.zeros(max(int(n[-1]) for n in filled) - first + 1, dtype=bool)
        for n in filled:
            calendar[n - first] = True
        rank = np.cumsum(calendar) - 1  # calendar day -> row of the union
        union = (np.flatnonzero(calendar) + first).view("datetime64[D]")
        positions = [rank[n - first] for n in numbers]
    else:
        union, positions = np.array([], dtype="datetime64[D]"), numbers
    out = np.full((len(union), len(columns)), np.nan)
    for j, (pos, (_, values)) in enumerate(zip(positions, columns.values(), strict=True)):
        out[pos, j] = values
    return union, out


def align(columns: Mapping[str, tuple[np.ndarray, np.ndarray]]) -> pd.DataFrame:
    """Outer-join per-series (days, values) on date into a frame (NaN where a series has no
    value), one column per id in the given order, index ``date`` as the parsers make it."""
    import pandas as pd

    if not columns:
        return pd.DataFrame(index=date_index([]))
    union, out = align_arrays(columns)
    index = pd.DatetimeIndex(pd.DatetimeIndex(union).astype(_date_dtype()), name="date")
    return pd.DataFrame(out, index=index, columns=list(columns))


def packed_series(series_id: str, days: np.ndarray, values: np.ndarray) -> pd.Series:
    """Build the contract Series from (``datetime64[D]`` days, float values) of the store."""
    import pandas as pd

    index = pd.DatetimeIndex(pd.DatetimeIndex(days).astype(_date_dtype()), name="date")
    return pd.Series(np.asarray(values, dtype=float), index=index, name=series_id)


def date_index(dates: Sequence[str]) -> pd.DatetimeIndex:
    """ISO date strings -> ``DatetimeIndex`` named ``date`` (pandas' default unit, as parsers)."""
    import pandas as pd

    parsed = pd.to_datetime(list(dates), format="%Y-%m-%d")
    return pd.DatetimeIndex(parsed.astype(_date_dtype()), name="date")


def stats(tx: Tx, series_ids: Sequence[str] | None) -> pd.DataFrame:
    """Rows of :meth:`tsy.store.Store.series_stats` from one snapshot ``tx``."""
    import pandas as pd

    obs = tx.execute(
        "SELECT series_id, count(*), min(date), max(date), max(last_seen)"
        " FROM observations GROUP BY series_id"
    ).fetchall()
    latest_src = dict(tx.execute(tx.latest_source_sql).fetchall())
    catalog = dict(tx.execute("SELECT id, source FROM series").fetchall())
    fetched = dict(
        tx.execute(
            "SELECT key, max(finished) FROM fetch_log WHERE status = ? GROUP BY key",
            (FETCH_OK,),
        ).fetchall()
    )
    by_id = {row[0]: row for row in obs}
    ids = list(series_ids) if series_ids is not None else sorted(set(by_id) | set(catalog))
    records = []
    for sid in ids:
        _, n, first, last, seen = by_id.get(sid, (sid, 0, None, None, None))
        stamps = [s for s in (seen, fetched.get(sid)) if s]
        records.append(
            {
                "series_id": sid,
                "rows": int(n),
                "first_date": pd.Timestamp(first) if first else pd.NaT,
                "last_date": pd.Timestamp(last) if last else pd.NaT,
                "last_fetched": max(stamps) if stamps else None,
                "source": catalog.get(sid) or latest_src.get(sid),
            }
        )
    frame = pd.DataFrame(
        records, columns=["series_id", "rows", "first_date", "last_date", "last_fetched", "source"]
    )
    frame["rows"] = frame["rows"].astype("int64")
    frame["first_date"] = pd.to_datetime(frame["first_date"])
    frame["last_date"] = pd.to_datetime(frame["last_date"])
    frame["last_fetched"] = to_timestamps(frame["last_fetched"])
    return frame


def catalog_records(rows: Sequence[Mapping[str, object]], where: str) -> list[tuple[object, ...]]:
    """Validate catalogue rows (see :meth:`tsy.store.Store.sync_catalog`) into value tuples."""
    records = []
    for i, row in enumerate(rows):
        row = {("grp" if k == "group" else k): v for k, v in row.items()}
        unknown = sorted(set(row) - set(CATALOG_COLUMNS))
        if unknown:
            raise StoreError(
                f"{where}: catalogue row {i}: unknown field(s) {unknown};"
                f" expected some of {list(CATALOG_COLUMNS)}"
            )
        if not row.get("id"):
            raise StoreError(f"{where}: catalogue row {i} has no id")
        records.append(tuple(row.get(c) for c in CATALOG_COLUMNS))
    return records
