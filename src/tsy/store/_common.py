"""Small shared pieces of the store: the write result, time stamps, date keys and value checks.

Everything here is pure (no database, no clock): the engine (:mod:`tsy.store.sqlite`) and the
generic tables (:mod:`tsy.store.tables`) both use it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from tsy.errors import InputError, StoreError

__all__ = [
    "REL_TOL",
    "WriteResult",
    "clean_series",
    "date_key",
    "same_value",
    "stamp",
    "to_timestamps",
]

#: Relative tolerance under which a re-fetched value counts as unchanged (``|a-b| <= tol*max|.|``).
#: 1e-12 absorbs float round trips through text (CSV, JSON) yet keeps every real revision, which
#: are at least one unit of the published precision (0.01 percentage point for yields).
REL_TOL = 1e-12
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class WriteResult:
    """What one upsert did.

    Attributes
    ----------
    new : int
        Rows (dates, or table keys) that were not in the store before.
    revised : int
        Rows whose value changed; the old value was kept in ``revisions`` / ``table_revisions``.
    unchanged : int
        Rows already stored with the same value (within :data:`REL_TOL`); not rewritten.
    """

    new: int
    revised: int
    unchanged: int

    @property
    def written(self) -> int:
        """Rows actually written: ``new + revised``."""
        return self.new + self.revised

    def __add__(self, other: WriteResult) -> WriteResult:
        return WriteResult(
            self.new + other.new, self.revised + other.revised, self.unchanged + other.unchanged
        )


def stamp(moment: datetime) -> str:
    """Return the store's text of a moment: UTC ISO 8601 to the second (``2026-01-05T14:30:00Z``).

    A naive ``datetime`` is taken as UTC. The fixed layout sorts lexically in time order, so
    ``max()`` in SQL finds the latest moment.
    """
    if not isinstance(moment, datetime):
        raise InputError(f"expected a datetime for a time stamp, got {type(moment).__name__}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_timestamps(values: Any) -> pd.Series:
    """Parse store stamps (see :func:`stamp`) into tz-aware UTC timestamps; missing -> NaT."""
    import pandas as pd

    return pd.to_datetime(pd.Series(values, dtype=object), utc=True, format="ISO8601")


def date_key(value: object, *, what: str = "date") -> str:
    """Return ``YYYY-MM-DD`` for a date-like bound (str, date, datetime, Timestamp).

    Raises
    ------
    InputError
        When ``value`` is not a date.
    """
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):  # the common case, without pandas
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError as exc:
            raise InputError(f"{what}: {value!r} is not a date (expected YYYY-MM-DD)") from exc
    if type(value) is date:
        return value.isoformat()
    import pandas as pd

    if isinstance(value, (date, datetime, pd.Timestamp, np.datetime64)):
        ts = pd.Timestamp(value)
    else:
        try:
            ts = pd.Timestamp(str(value))
        except (ValueError, TypeError) as exc:
            raise InputError(f"{what}: {value!r} is not a date (expected YYYY-MM-DD)") from exc
    if ts is pd.NaT:
        raise InputError(f"{what}: {value!r} is not a date (expected YYYY-MM-DD)")
    return ts.strftime("%Y-%m-%d")


def same_value(old: float, new: float, tol: float = REL_TOL) -> bool:
    """True when two stored floats are equal within the relative tolerance ``tol``."""
    return abs(new - old) <= tol * max(abs(old), abs(new))


def clean_series(series_id: str, values: pd.Series, where: str) -> tuple[list[str], np.ndarray]:
    """Validate a batch for ``observations`` and return (ISO dates, float values) without NaN.

    Rules: a non-empty ``series_id``; a timezone-naive ``DatetimeIndex`` of whole dates (no time
    of day, no NaT, no duplicates); values convertible to float and finite (NaN rows are dropped,
    +/-inf is refused).

    Raises
    ------
    StoreError
        Naming the series, the store path (``where``) and the first offending date.
    """
    import pandas as pd

    if not isinstance(series_id, str) or not series_id.strip():
        raise StoreError(f"{where}: series id must be a non-empty string, got {series_id!r}")
    head = f"{where}: series {series_id}"
    if not isinstance(values, pd.Series):
        raise StoreError(f"{head}: expected a pandas Series, got {type(values).__name__}")
    index = values.index
    if not isinstance(index, pd.DatetimeIndex):
        raise StoreError(
            f"{head}: expected a DatetimeIndex of dates, got {type(index).__name__}"
            f" (first label {index[0]!r})"
            if len(index)
            else f"{head}: expected a DatetimeIndex of dates, got {type(index).__name__}"
        )
    if index.tz is not None:
        raise StoreError(f"{head}: expected timezone-naive dates, got tz={index.tz}")
    if index.hasnans:
        raise StoreError(
            f"{head}: index holds NaT (missing date) at position {_first(np.asarray(index.isna()))}"
        )
    if len(index) and not (index == index.normalize()).all():
        bad = index[index != index.normalize()][0]
        raise StoreError(f"{head}: expected whole dates, got a time of day at {bad}")
    if index.has_duplicates:
        raise StoreError(
            f"{head}: duplicate date {index[index.duplicated()][0].date()}; one value per date"
        )
    try:
        floats = values.to_numpy(dtype=float, na_value=np.nan)
    except (ValueError, TypeError) as exc:
        raise StoreError(f"{head}: values are not numbers ({exc})") from exc
    infinite = np.isinf(floats)
    if infinite.any():
        raise StoreError(
            f"{head}: infinite value at {index[infinite][0].date()}; expected finite numbers"
        )
    keep = ~np.isnan(floats)
    return _iso_days(index[keep]), floats[keep]


#: Dates whose ISO text NumPy writes as pandas' ``strftime("%Y-%m-%d")`` does (4-digit years).
_FOUR_DIGIT_YEARS = (np.datetime64("1000-01-01", "D"), np.datetime64("9999-12-31", "D"))
#: The calendar whose ISO texts are made once per process (every observation tsy stores).
_CALENDAR = (np.datetime64("1900-01-01", "D"), np.datetime64("2100-01-01", "D"))


@lru_cache(maxsize=1)
def _calendar_texts() -> np.ndarray:
    """``YYYY-MM-DD`` of every day of :data:`_CALENDAR` (Python str objects, in order)."""
    first, end = _CALENDAR
    return np.datetime_as_string(np.arange(first, end), unit="D").astype(object)


def _iso_days(index: pd.DatetimeIndex) -> list[str]:
    """``YYYY-MM-DD`` of each whole date of ``index``: taken from the calendar's texts made once
    (:data:`_CALENDAR`), else NumPy's ISO text of the day when every year has four digits, else
    pandas' ``strftime``."""
    days = index.to_numpy().astype("datetime64[D]")
    if not len(days):
        return []
    first, end = _CALENDAR
    lo, hi = days.min(), days.max()
    if lo >= first and hi < end:
        return list(_calendar_texts()[(days - first).astype(np.int64)].tolist())
    if lo >= _FOUR_DIGIT_YEARS[0] and hi <= _FOUR_DIGIT_YEARS[1]:
        return list(np.datetime_as_string(days, unit="D").tolist())
    return list(index.strftime("%Y-%m-%d").tolist())


def new_content_version(current: int) -> int:
    """A random content version, different from ``current`` and from 0 (a new database), so a
    database deleted and built again does not meet its predecessor's numbers (1 in 2**31)."""
    import secrets

    new = current
    while new in (current, 0):
        new = secrets.randbelow(2**31)
    return new


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pandas NA (a NULL in the store)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (str, int)):
        return False
    import pandas as pd

    return value is pd.NaT or value is pd.NA
