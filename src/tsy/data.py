"""Read the user's store for the API, the CLI and the report: series, tables, freshness.

Glue only: no analytics here. Every function takes ``settings`` (default: :func:`load_settings`)
and opens the store read-only, so it never blocks an update that is writing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from tsy import catalog
from tsy.config import Settings, load_settings
from tsy.dates import parse_date
from tsy.errors import InputError
from tsy.store import open_store

__all__ = ["freshness", "load", "load_table", "parse_date"]


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
        Drop observations dated after it (no look-ahead).
    settings : Settings, optional
    required : bool
        Raise ``InputError`` naming every missing series (default); else leave them out.

    Returns
    -------
    dict of str to pandas.Series
    """
    infos = catalog.resolve(ids)
    s, e = _range(start, end, as_of)
    settings = settings or load_settings()
    out: dict[str, pd.Series] = {}
    empty: list[str] = []
    with open_store(settings.db, readonly=True) as store:
        read = store.read_many([i.id for i in infos], s, e)  # one snapshot for all of them
        for info in infos:
            series = read[info.id]
            if len(series):
                out[info.id] = series
            elif store.last_date(info.id) is not None:
                empty.append(info.id)
    missing = [i.id for i in infos if i.id not in out and i.id not in empty]
    if missing and required:
        raise InputError(
            f"not in the store: {', '.join(missing)}; run `tsy update {' '.join(missing)}` "
            f"or `tsy import DIR` with files holding them"
        )
    if empty and required:
        window = f"{s.date() if s is not None else '...'} to {e.date() if e is not None else '...'}"
        raise InputError(f"no observations of {', '.join(empty)} from {window}")
    return out


def load_table(
    name: str,
    *,
    where: Mapping[str, object] | None = None,
    since: Any = None,
    until: Any = None,
    as_of: Any = None,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Load a store table (``auctions``, ``positions``, ``foreign_holders``, ...)."""
    s, e = _range(since, until, as_of)
    settings = settings or load_settings()
    with open_store(settings.db, readonly=True) as store:
        return store.read_table(
            name,
            where=where,
            since=s.date().isoformat() if s is not None else None,
            until=e.date().isoformat() if e is not None else None,
        )


def freshness(ids: Sequence[str], *, as_of: Any, settings: Settings | None = None) -> pd.DataFrame:
    """Last date and staleness of each series against its frequency.

    Returns
    -------
    pandas.DataFrame
        Columns ``series_id, last_date, frequency, age_days, stale``; a series not in the store
        has ``last_date`` NaT and ``stale`` True.
    """
    infos = catalog.resolve(ids)
    asof = parse_date(as_of, "as_of")
    if asof is None:
        raise InputError("freshness needs an as_of date")
    settings = settings or load_settings()
    rows = []
    with open_store(settings.db, readonly=True) as store:
        stats = store.series_stats([i.id for i in infos])
        lasts = dict(zip(stats["series_id"], pd.to_datetime(stats["last_date"]), strict=True))
        for info in infos:
            last: pd.Timestamp | None = lasts.get(info.id)
            if last is not None and last > asof:  # data after as_of: the last date up to it
                upto = store.read_series(info.id, None, asof)
                last = pd.Timestamp(upto.index.max()) if len(upto) else None
            age, stale = catalog.staleness(info.frequency, last, asof)
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
