"""Integer civil-calendar arithmetic for coupon schedules (Python ints and int64 arrays alike).

Day numbers count days since 1970-01-01 (the integer view of ``datetime64[D]``); month indexes
are ``12 * year + month - 1``. H. Hinnant's algorithms serve Python ints (the scalar path);
arrays use lookup tables (a gather is much faster than integer division). Quasi-coupon dates
step six months back from maturity with the end-of-month rule (31 CFR 356 App. B, Table 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


# --- integer calendar arithmetic, valid for Python ints and int64 arrays ----------------------
def _where(cond: Any, a: Any, b: Any) -> Any:
    if isinstance(cond, np.ndarray):
        return np.where(cond, a, b)
    return a if cond else b


def _minimum(a: Any, b: Any) -> Any:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.minimum(a, b)
    return min(a, b)


def days_from_civil(y: Any, m: Any, d: Any) -> Any:
    """Day number (days since 1970-01-01) of a proleptic Gregorian date (H. Hinnant)."""
    y = y - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    mp = m + _where(m > 2, -3, 9)
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z: Any) -> tuple[Any, Any, Any]:
    """Year, month, day of a day number (inverse of :func:`days_from_civil`)."""
    z = z + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + _where(mp < 10, 3, -9)
    y = yoe + era * 400 + (m <= 2)
    return y, m, d


# Month-start table for the array path: a gather instead of integer divisions (the hot spot when
# building a million schedules). Covers years 1700-2299; dates outside are rejected as input.
_FIRST_YEAR, _LAST_YEAR = 1700, 2299
_MI_BASE = 12 * _FIRST_YEAR
_MONTH_STARTS = (
    (np.arange(_MI_BASE, 12 * (_LAST_YEAR + 1) + 13) - 1970 * 12)
    .astype("datetime64[M]")
    .astype("datetime64[D]")
    .astype(np.int64)
)
_MIN_DAY = int(_MONTH_STARTS[0])
_MAX_DAY = int(_MONTH_STARTS[12 * (_LAST_YEAR + 1 - _FIRST_YEAR)]) - 1
# Day number -> month index minus _MI_BASE (int16 fits 7,200 months), another gather.
_DAY_MONTHS = np.repeat(np.arange(len(_MONTH_STARTS) - 1, dtype=np.int16), np.diff(_MONTH_STARTS))


def _month_start(mi: Any) -> Any:
    """Day number of the first day of month index ``mi`` (= 12 * year + month - 1)."""
    if isinstance(mi, np.ndarray):
        return np.take(_MONTH_STARTS, mi - _MI_BASE, mode="clip")
    return days_from_civil(mi // 12, mi % 12 + 1, 1)


def _month_index(days: Any) -> Any:
    """Month index (12 * year + month - 1) of a day number."""
    if isinstance(days, np.ndarray):
        return np.take(_DAY_MONTHS, days - _MIN_DAY, mode="clip").astype(np.int64) + _MI_BASE
    y, m, _ = civil_from_days(days)
    return y * 12 + m - 1


def _day_in_month(mi: Any, dom: Any, eom: Any) -> Any:
    """Day number of day ``dom`` of month ``mi``, clipped to the month; its last day if ``eom``."""
    start = _month_start(mi)
    length = _month_start(mi + 1) - start
    day = _where(eom, length, _minimum(dom, length))
    return start + day - 1


@dataclass(frozen=True)
class _Maturity:
    """Maturity split for quasi-coupon arithmetic: month index, day of month, end-of-month flag."""

    mi: Any
    dom: Any
    eom: Any


def _maturity_parts(maturity: Any) -> _Maturity:
    mi = _month_index(maturity)
    start = _month_start(mi)
    dom = maturity - start + 1
    eom = (maturity + 1) == _month_start(mi + 1)
    return _Maturity(mi, dom, eom)


def _quasi(mat: _Maturity, j: Any) -> Any:
    """Quasi-coupon date ``j`` half-years before maturity (``j = 0`` is the maturity)."""
    return _day_in_month(mat.mi - 6 * j, mat.dom, mat.eom)


def _periods_after(mat: _Maturity, date: Any) -> Any:
    """Largest ``j`` with quasi date ``j`` after ``date`` (date before maturity)."""
    j0 = (mat.mi - _month_index(date)) // 6
    return _where(_quasi(mat, j0) > date, j0, j0 - 1)
