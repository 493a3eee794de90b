"""Plausibility checks on a parsed batch before anything of it is written.

The store checks shapes (dates, finite floats, no duplicates); this module checks that the
values are *believable* for the series they claim to be, so that one bad row (a date of
9999-12-31, a yield of 1e308) cannot poison the store, the monitor and every later update.

Rules, per series (registries, not if-chains):

* dates not before :data:`EARLIEST` (no catalogue series starts before 1913: CPI, FRED
  ``CPIAUCNS``) and not after the run's date plus the source's publication lead
  (:data:`LEAD_DAYS`; observations are dated on or before the day they are published, the lead
  absorbs time zones and week-ending dates);
* values within the range declared for the series' unit (:data:`UNIT_RANGES`);
* table rows: the table's date column not after the run date plus :data:`TABLE_LEAD_DAYS`
  (auction tables carry announced auctions a few weeks ahead).

A batch that breaks a rule is rejected whole with one line naming the file or task, the series
and the offending row. Pure: the run date is an argument, never read from the clock here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tsy import catalog
from tsy.errors import InputError
from tsy.sources.base import Parsed

__all__ = [
    "EARLIEST",
    "LEAD_DAYS",
    "TABLE_LEAD_DAYS",
    "UNIT_RANGES",
    "ValueRange",
    "check_parsed",
]

#: No observation of any catalogue series is dated before this (the oldest, CPI, starts 1913-01).
EARLIEST = pd.Timestamp("1900-01-01")

#: Days an observation may be dated after the run's date, per source (default ``"*"``).
LEAD_DAYS: dict[str, int] = {"*": 3}

#: Days a table row's date column may lie after the run's date (announced auctions).
TABLE_LEAD_DAYS: dict[str, int] = {
    "auctions": 120,
    "upcoming_auctions": 120,
    "auctions_secondary": 120,
    "when_issued": 120,
    "positions": 3,
    "foreign_holders": 3,
}


@dataclass(frozen=True)
class ValueRange:
    """Inclusive bounds of a believable value, in the unit the source publishes."""

    low: float
    high: float
    why: str


#: Believable values per catalogue unit. Generous by design: they stop corrupt rows (1e308,
#: a date typed as a value), not market moves. Treasury yields peaked at 15.8% (1981), real
#: yields bottomed near -1.9% (2021); a rate below -100% would mean paying more than principal.
UNIT_RANGES: dict[str, ValueRange] = {
    "percent": ValueRange(-100.0, 100.0, "a rate in percent"),
    "index": ValueRange(-1e6, 1e6, "an index level"),
    "index 1982-84=100": ValueRange(0.0, 1e5, "a price index (1982-84=100)"),
    "index Jan 2006=100": ValueRange(0.0, 1e5, "an index (Jan 2006=100)"),
    "USD millions": ValueRange(-1e9, 1e9, "an amount in USD millions"),
    "USD billions": ValueRange(-1e6, 1e6, "an amount in USD billions"),
    "USD": ValueRange(-1e15, 1e15, "an amount in USD"),
    "USD per metric ton": ValueRange(0.0, 1e7, "a price per metric ton"),
    "USD per troy ounce": ValueRange(0.0, 1e6, "a price per troy ounce"),
    "USD per share": ValueRange(0.0, 1e6, "a price per share"),
}


def _lead(source: str) -> int:
    return LEAD_DAYS.get(source, LEAD_DAYS["*"])


def _check_series(sid: str, s: pd.Series, source: str, as_of: pd.Timestamp, label: str) -> None:
    where = f"{label}: series {sid}"
    if not isinstance(s.index, pd.DatetimeIndex) or not len(s):
        return  # shapes are the store's job (clean_series names them)
    latest = as_of.normalize() + pd.Timedelta(days=_lead(source))
    late = np.flatnonzero(np.asarray(s.index > latest))
    if len(late):
        d = s.index[late[0]]
        raise InputError(
            f"{where}: row dated {d.date()} is after {latest.date()} (run date {as_of.date()}"
            f" + {_lead(source)} days' publication lead); batch rejected, nothing written"
        )
    early = np.flatnonzero(np.asarray(s.index < EARLIEST))
    if len(early):
        d = s.index[early[0]]
        raise InputError(
            f"{where}: row dated {d.date()} is before {EARLIEST.date()}, the first possible"
            " date; batch rejected, nothing written"
        )
    info = catalog.CATALOG.get(sid)
    rng = UNIT_RANGES.get(info.units) if info is not None else None
    if rng is None:
        return
    try:
        values = s.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        return  # not numbers: the store names it
    with np.errstate(invalid="ignore"):
        out = np.flatnonzero(np.isfinite(values) & ((values < rng.low) | (values > rng.high)))
    if len(out):
        i = int(out[0])
        raise InputError(
            f"{where}: value {values[i]:g} on {s.index[i].date()} is outside"
            f" [{rng.low:g}, {rng.high:g}] for {rng.why} ({info.units}); batch rejected,"  # type: ignore[union-attr]
            " nothing written"
        )


def _check_table(name: str, frame: pd.DataFrame, as_of: pd.Timestamp, label: str) -> None:
    from tsy.store import tables  # the registry of table specs (pure data)

    spec = tables.TABLES.get(name)
    col = spec.date_column if spec is not None else None
    if col is None or col not in frame.columns or frame.empty:
        return
    dates = pd.to_datetime(frame[col], errors="coerce")
    lead = TABLE_LEAD_DAYS.get(name, LEAD_DAYS["*"])
    latest = as_of.normalize() + pd.Timedelta(days=lead)
    for bad, why in (
        (dates > latest, f"is after {latest.date()} (run date {as_of.date()} + {lead} days)"),
        (dates < EARLIEST, f"is before {EARLIEST.date()}, the first possible date"),
    ):
        hits = np.flatnonzero(bad.fillna(False).to_numpy(dtype=bool))
        if len(hits):
            i = int(hits[0])
            raise InputError(
                f"{label}: table {name} row {i + 1}: {col} {dates.iloc[i].date()} {why};"
                " batch rejected, nothing written"
            )


def check_parsed(parsed: Parsed, *, as_of: pd.Timestamp, label: str) -> None:
    """Refuse ``parsed`` whole when any row is implausible (see the module rules).

    Parameters
    ----------
    parsed : Parsed
        The batch about to be written.
    as_of : pandas.Timestamp
        The run's date (``tsy update``'s as-of date; the day of ``tsy import``).
    label : str
        The file or task the batch came from, named in the error.

    Raises
    ------
    InputError
        One line: file/task, series or table, the row, the rule broken.

    Examples
    --------
    >>> s = pd.Series([4.1], index=pd.DatetimeIndex(["9999-12-31"]))
    >>> check_parsed(Parsed(series={"DGS10": s}), as_of=pd.Timestamp("2026-01-05"), label="f.csv")
    Traceback (most recent call last):
    ...
    tsy.errors.InputError: f.csv: series DGS10: row dated 9999-12-31 is after 2026-01-08 (run date 2026-01-05 + 3 days' publication lead); batch rejected, nothing written
    """  # noqa: E501
    for sid, s in parsed.series.items():
        _check_series(sid, s, parsed.source, pd.Timestamp(as_of), label)
    for name, frame in parsed.tables.items():
        _check_table(name, frame, pd.Timestamp(as_of), label)
