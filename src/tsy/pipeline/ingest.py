"""Write a parsed batch into the store: the one place ``tsy update`` and ``tsy import`` share.

Series go through :meth:`Store.upsert_many` (one transaction for all series of the batch), each
table through :meth:`Store.upsert_table` (one transaction per table; a secondary source only
fills gaps, see :attr:`Parsed.fill_only`). No parser returns both series and tables, so a batch
is written in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from tsy import catalog, cpi_substitutes
from tsy.pipeline.validate import check_parsed
from tsy.sources.base import Parsed
from tsy.store import Store

__all__ = ["DERIVED", "Written", "sync_catalog", "write_parsed"]

#: Values derived from a series once it is written: series id -> writer(store, seen_at) -> rows.
DERIVED: dict[str, Callable[[Store, datetime], int]] = {
    # a CPI month not reported in time gets Treasury's index number (31 CFR 356 App. B I.B.4(iv))
    cpi_substitutes.CPI_ID: cpi_substitutes.record_substitutes,
}


@dataclass
class Written:
    """What a batch changed: series written, new and revised rows, the newest date stored."""

    series: int = 0
    new: int = 0
    revised: int = 0
    last_date: pd.Timestamp | None = None


def write_parsed(
    store: Store,
    parsed: Parsed,
    seen_at: datetime,
    default_source: str,
    *,
    as_of: pd.Timestamp | None = None,
    label: str = "batch",
) -> Written:
    """Validate and write ``parsed``; return what changed.

    The batch is checked whole first (:func:`tsy.pipeline.validate.check_parsed`: plausible
    dates and values per series); an implausible row rejects all of it and nothing is written.

    Parameters
    ----------
    store : Store
    parsed : Parsed
    seen_at : datetime
        When the data was fetched or read (stored as first/last seen).
    default_source : str
        Source name when the batch does not carry one.
    as_of : pandas.Timestamp, optional
        The run's date that bounds observation dates (default: the date of ``seen_at``).
    label : str
        The file or task named in a rejection.

    Raises
    ------
    InputError
        An implausible row (nothing written).
    """
    run_date = pd.Timestamp(as_of if as_of is not None else seen_at.date())
    check_parsed(parsed, as_of=run_date, label=label)
    out = Written()
    if parsed.series:
        res = store.upsert_many(
            parsed.series, source=parsed.source or default_source, seen_at=seen_at
        )
        out.series = len(res)
        out.new += sum(r.new for r in res.values())
        out.revised += sum(r.revised for r in res.values())
        ends = [s.index.max() for s in parsed.series.values() if len(s)]
        out.last_date = max(ends) if ends else None
        for series_id in parsed.series.keys() & DERIVED.keys():
            DERIVED[series_id](store, seen_at)
    for name, frame in parsed.tables.items():
        r = store.upsert_table(name, frame, seen_at=seen_at, fill_only=parsed.fill_only)
        out.new += r.new
        out.revised += r.revised
        last = store.table_last_date(name)
        if last is not None and (out.last_date is None or last > out.last_date):
            out.last_date = last
    return out


def sync_catalog(store: Store) -> None:
    """Keep the store's ``series`` table equal to the catalogue (writes only rows that differ)."""
    store.sync_catalog([_store_row(i) for i in catalog.all_series()])


def _store_row(info: catalog.SeriesInfo) -> dict[str, object]:
    """The catalogue row as the store's ``series`` table holds it (the release rule stays in
    the catalogue, where the read side takes it from)."""
    row = info.as_row()
    row.pop("release", None)
    return row
