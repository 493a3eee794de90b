"""Read the user's store for the API, the CLI and the report: series, tables, freshness.

Glue only: no analytics here. Every function takes ``settings`` (default: :func:`load_settings`)
and opens the store read-only, so it never blocks an update that is writing.

Point in time: with ``as_of=D`` an observation is used only when it was *released* by ``D``
under its catalogue row's release rule (:mod:`tsy.catalog.release`; store tables by
:data:`tsy.catalog.release.TABLE_RELEASES`), and, where the store holds revisions of it, with
the value it had on ``D``: the value after the last revision recorded on or before ``D``, else
the value first seen (the oldest value the store holds; a store filled after ``D`` has nothing
older).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tsy import catalog
from tsy.catalog.release import TABLE_RELEASES, release_dates
from tsy.config import Settings, load_settings
from tsy.dates import parse_date
from tsy.errors import InputError
from tsy.store import open_store

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "freshness",
    "load",
    "load_arrays",
    "load_table",
    "parse_date",
    "point_in_time",
    "released",
]


def _range(start: Any, end: Any, as_of: Any) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    s, e = parse_date(start, "start"), parse_date(end, "end", end=True)
    a = parse_date(as_of, "as_of")
    if s is not None and e is not None and e < s:
        raise InputError(f"end {e.date()} is before start {s.date()}")
    if a is not None:
        e = a if e is None else min(e, a)
    return s, e


def load(
    ids: Sequence[str],
    *,
    start: Any = None,
    end: Any = None,
    as_of: Any = None,
    settings: Settings | None = None,
    required: bool = True,
) -> dict[str, pd.Series]:
    """Load catalogue series from the store.

    Parameters
    ----------
    ids : sequence of str
        Catalogue ids (unknown ids raise ``InputError``).
    start, end : date-like, optional
        Inclusive range.
    as_of : date-like, optional
        Use only observations released by it, with their values as of it (see the module
        docstring).
    settings : Settings, optional
    required : bool
        Raise ``InputError`` naming every missing series (default); else leave them out.

    Returns
    -------
    dict of str to pandas.Series
    """
    infos = catalog.resolve(ids)
    s, e = _range(start, end, as_of)
    asof = parse_date(as_of, "as_of")
    settings = settings or load_settings()
    out: dict[str, pd.Series] = {}
    empty: list[str] = []
    with open_store(settings.db, readonly=True) as store, store.snapshot():  # one state
        revs = store.revisions() if asof is not None else None
        for info in infos:
            if asof is not None and revs is not None:
                # the release dates of the whole history recur across as-of dates (memoised);
                # the observations dated after ``e`` are released after it too
                full = store.read_series(info.id, s, None)
                keep = _released_index(info.release, full.index) <= asof
                mine = revs[revs.series_id == info.id] if len(revs) else revs
                series = _revised(full[keep & np.asarray(full.index <= e)], asof, mine)
            else:
                series = store.read_series(info.id, s, e)
            if len(series):
                out[info.id] = series
            elif store.last_date(info.id) is not None:
                empty.append(info.id)
    if required:
        _require([i.id for i in infos], out, empty, s, e)
    return out


def load_arrays(
    ids: Sequence[str],
    *,
    start: Any = None,
    end: Any = None,
    settings: Settings | None = None,
    required: bool = True,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Load catalogue series as NumPy arrays (current values), without importing pandas unless
    ``start`` or ``end`` is given (to parse them) or a series is missing (to say so).

    Parameters are those of :func:`load` (no ``as_of``: point-in-time views need the revisions
    and :func:`load`).

    Returns
    -------
    dict of str to (numpy.ndarray, numpy.ndarray)
        Per id in catalogue order, the dates (``datetime64[D]``, ascending) and the float
        values, as :meth:`tsy.store.Store.read_arrays`; series without data in the range are
        absent (or, with ``required``, raise ``InputError`` as :func:`load` does).

    Examples
    --------
    >>> days, values = load_arrays(["DGS10"], start="2022-02-11")["DGS10"]  # doctest: +SKIP
    """
    infos = catalog.resolve(ids)
    s, e = (None, None) if start is None and end is None else _range(start, end, None)
    settings = settings or load_settings()
    bounds = [b.date().isoformat() if b is not None else None for b in (s, e)]
    with open_store(settings.db, readonly=True) as store, store.snapshot():  # one state
        read = store.read_arrays([i.id for i in infos], *bounds)
        out = {sid: arrays for sid, arrays in read.items() if len(arrays[0])}
        empty = [sid for sid in read if sid not in out and store.last_date(sid) is not None]
    if required:
        _require(list(read), out, empty, s, e)
    return out


def _require(
    ids: Sequence[str],
    found: Mapping[str, object],
    empty: Sequence[str],
    s: pd.Timestamp | None,
    e: pd.Timestamp | None,
) -> None:
    """Raise ``InputError`` naming the ids not in the store, then those without data from
    ``s`` to ``e``."""
    missing = [sid for sid in ids if sid not in found and sid not in empty]
    if missing:
        raise InputError(
            f"not in the store: {', '.join(missing)}; run `tsy update {' '.join(missing)}` "
            f"or `tsy import DIR` with files holding them"
        )
    if empty:
        window = f"{s.date() if s is not None else '...'} to {e.date() if e is not None else '...'}"
        raise InputError(f"no observations of {', '.join(empty)} from {window}")


def load_table(
    name: str,
    *,
    where: Mapping[str, object] | None = None,
    since: Any = None,
    until: Any = None,
    as_of: Any = None,
    settings: Settings | None = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Load a store table (``auctions``, ``positions``, ``foreign_holders``, ...).

    With ``as_of``, only rows released by it (:data:`tsy.catalog.release.TABLE_RELEASES`, e.g.
    CFTC positions as of Tuesday from the Friday after). With ``columns``, only those of them
    the table has (see :meth:`tsy.store.Store.read_table`).
    """
    import pandas as pd

    s, e = _range(since, until, as_of)
    asof = parse_date(as_of, "as_of")
    settings = settings or load_settings()
    with open_store(settings.db, readonly=True) as store:
        col, rule = TABLE_RELEASES.get(name, ("", "same_day"))
        t = store.read_table(
            name,
            where=where,
            since=s.date().isoformat() if s is not None else None,
            until=e.date().isoformat() if e is not None else None,
            columns=None if columns is None else [*columns, col] if col else list(columns),
        )
    if asof is None or rule == "same_day" or col not in t.columns or not len(t):
        return t
    keep = released(rule, pd.to_datetime(t[col]), asof)
    return t[keep].reset_index(drop=True)


def released(rule: str, dates: pd.Series | pd.Index, as_of: pd.Timestamp) -> Any:
    """Boolean mask: which observation ``dates`` are released by ``as_of`` under ``rule``."""
    import pandas as pd

    return np.asarray(release_dates(rule, pd.DatetimeIndex(dates)) <= as_of)


def point_in_time(
    series: pd.Series, rule: str, as_of: pd.Timestamp, revisions: pd.DataFrame | None = None
) -> pd.Series:
    """The series as it was known on ``as_of``: released observations, values of that day.

    Parameters
    ----------
    series : Series
        Stored observations (current values).
    rule : str
        The series' release rule.
    as_of : Timestamp
    revisions : DataFrame, optional
        The store's revisions of this series (:meth:`tsy.store.Store.revisions`).
    """
    return _revised(series[released(rule, series.index, as_of)], as_of, revisions)


#: Release dates of whole series histories kept (key: rule and a digest of the dates).
_RELEASED_MAX = 256
_released_kept: OrderedDict[tuple[str, int, bytes], pd.DatetimeIndex] = OrderedDict()
_released_lock = threading.Lock()


def _released_index(rule: str, index: pd.Index) -> pd.DatetimeIndex:
    """``release_dates(rule, index)``, memoised: a server asked the monitor as of many dates
    computes the release dates of the same histories again and again (each is elementwise, so
    a history cut at any date has the cut of these)."""
    days = np.ascontiguousarray(index.to_numpy(dtype="datetime64[ns]").view("i8"))
    key = (rule, len(days), hashlib.blake2b(days.tobytes(), digest_size=16).digest())
    with _released_lock:
        if key in _released_kept:
            _released_kept.move_to_end(key)
            return _released_kept[key]
    out = release_dates(rule, index)
    with _released_lock:
        _released_kept[key] = out
        while len(_released_kept) > _RELEASED_MAX:
            _released_kept.popitem(last=False)
    return out


def _revised(out: pd.Series, as_of: pd.Timestamp, revisions: pd.DataFrame | None) -> pd.Series:
    """The released observations ``out`` with each value as it was on ``as_of`` (the store's
    ``revisions`` of this series)."""
    import pandas as pd

    if revisions is None or revisions.empty or out.empty:
        return out
    revs = revisions[revisions["date"].isin(out.index)]
    if revs.empty:
        return out
    out = out.copy()
    at = pd.to_datetime(revs["revised_at"], utc=True).dt.tz_convert(None).dt.normalize()
    revs = revs.assign(_at=at.to_numpy()).sort_values(["date", "_at"], kind="stable")
    day: Any
    for day, grp in revs.groupby("date", sort=False):
        seen = grp[grp["_at"] <= as_of]
        out.loc[day] = seen["new_value"].iloc[-1] if len(seen) else grp["old_value"].iloc[0]
    return out


def freshness(ids: Sequence[str], *, as_of: Any, settings: Settings | None = None) -> pd.DataFrame:
    """Last observation released by ``as_of`` and its staleness (:func:`tsy.catalog.staleness`).

    Returns
    -------
    pandas.DataFrame
        Columns ``series_id, last_date, frequency, age_days, stale``; a series not in the store
        has ``last_date`` NaT and ``stale`` True.
    """
    import pandas as pd

    infos = catalog.resolve(ids)
    asof = parse_date(as_of, "as_of")
    if asof is None:
        raise InputError("freshness needs an as_of date")
    settings = settings or load_settings()
    rows = []
    with open_store(settings.db, readonly=True) as store, store.snapshot():
        # each series' last stored date from its packed arrays (no scan of observations),
        # as Timestamps of the same unit as Store.series_stats gives
        arrays = store.read_arrays([i.id for i in infos])
        texts = [pd.Timestamp(str(d[-1])) if len(d) else pd.NaT for d, _ in arrays.values()]
        lasts = dict(zip(arrays, pd.to_datetime(pd.Series(texts, dtype=object)), strict=True))
        for info in infos:
            last: pd.Timestamp | None = lasts.get(info.id)
            if last is not None and release_dates(info.release, [last])[0] > asof:
                upto = store.read_series(info.id, None, asof)  # the last date released by as_of
                upto = upto[released(info.release, upto.index, asof)]
                last = pd.Timestamp(upto.index.max()) if len(upto) else None
            age, stale = catalog.staleness(info, last, asof)
            rows.append(
                {
                    "series_id": info.id,
                    "last_date": last if last is not None else pd.NaT,
                    "frequency": info.frequency,
                    "age_days": age,
                    "stale": stale,
                }
            )
    return pd.DataFrame(rows)
