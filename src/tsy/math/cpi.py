"""The CPI-U that TIPS use: reported months plus Treasury's index numbers for months not reported.

31 CFR 356, Appendix B, section I, paragraph B.4(iv) (index contingencies; paraphrased): if the
CPI for month M is not reported by the last day of the following month, Treasury announces an
index number based on the last available twelve-month change in the CPI,

    CPI_M = CPI_(M-1) x (CPI_(M-1) / CPI_(M-13)) ^ (1/12),

or, the last reported CPI being N months before M,

    CPI_M = CPI_(M-N) x (CPI_(M-N) / CPI_(M-N-12)) ^ (N/12).

That number is used for every later calculation that needs month M's index and is not replaced
by the actual CPI when it is reported (the actual CPI is used only inside these formulas); the
last reported CPI is the base for the months not reported in time.

The one case so far: the CPI-U for October 2025 was never published (federal shutdown).
Treasury announced 325.604 = 324.800 x (324.800 / 315.301)^(1/12) (September 2025 and
September 2024), rounded to three decimals, the precision BLS publishes; tsy rounds the same way.

A month counts as "not reported in time" here when it is missing from the series while a later
month is present (a later release means its deadline has passed). Pure functions: no store, no
clock; the store keeps the announced numbers as labelled values (never in ``CPIAUCNS``) so that
they stay fixed when the actual CPI appears.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tsy.errors import InputError

__all__ = [
    "SUBSTITUTE_DECIMALS",
    "SUBSTITUTE_RULE",
    "contingency_index",
    "index_substitutes",
    "tips_cpi",
]

#: Decimals of an announced index number: 325.604 for October 2025, as BLS publishes CPI-U.
SUBSTITUTE_DECIMALS = 3

#: The label stored with every substitute index number.
SUBSTITUTE_RULE = "31 CFR 356 App. B I.B.4(iv): last available twelve-month change"


def _monthly(cpi_monthly: pd.Series) -> pd.Series:
    if not isinstance(cpi_monthly, pd.Series) or not isinstance(
        cpi_monthly.index, pd.DatetimeIndex
    ):
        raise InputError("cpi_monthly must be a pandas Series indexed by dates (FRED CPIAUCNS)")
    s = cpi_monthly.dropna().astype(float)
    idx = pd.DatetimeIndex(s.index).to_period("M").to_timestamp()
    return pd.Series(s.to_numpy(), index=idx).groupby(level=0).last().sort_index()


def contingency_index(cpi_monthly: pd.Series, month: Any) -> float:
    """Treasury's index number for a month whose CPI was not reported in time.

    ``CPI_M = CPI_(M-N) x (CPI_(M-N) / CPI_(M-N-12))^(N/12)`` with ``M - N`` the last month
    before ``M`` that has a reported CPI (31 CFR 356 App. B I.B.4(iv)), rounded to
    :data:`SUBSTITUTE_DECIMALS` decimals.

    Parameters
    ----------
    cpi_monthly : pandas.Series
        Reported CPI-U NSA by month (FRED ``CPIAUCNS``), NaN or absent where not reported.
    month : date-like
        Any day of month ``M``.

    Examples
    --------
    >>> cpi = pd.Series([315.301, 324.800], index=pd.to_datetime(["2024-09-01", "2025-09-01"]))
    >>> contingency_index(cpi, "2025-10-01")  # Treasury's announced October 2025 number
    325.604
    """
    s = _monthly(cpi_monthly)
    m = pd.Timestamp(month).to_period("M").to_timestamp()
    before = s[s.index < m]
    if before.empty:
        raise InputError(f"month {m.date()}: no reported CPI before it to base an index number on")
    last = before.index[-1]
    n = (m.year - last.year) * 12 + m.month - last.month
    year_ago = last - pd.DateOffset(months=12)
    if year_ago not in s.index:
        raise InputError(
            f"month {m.date()}: the rule needs the CPI of {year_ago.date()} (twelve months "
            f"before the last reported month {last.date()}), which cpi_monthly lacks"
        )
    base, ago = float(s[last]), float(s[year_ago])
    return round(base * (base / ago) ** (n / 12.0), SUBSTITUTE_DECIMALS)


def _interior_gaps(s: pd.Series) -> pd.DatetimeIndex:
    if s.empty:
        return pd.DatetimeIndex([])
    every = pd.date_range(s.index[0], s.index[-1], freq="MS")
    return every.difference(pd.DatetimeIndex(s.index))


def index_substitutes(cpi_monthly: pd.Series, months: Any = None) -> pd.Series:
    """Index numbers for the months not reported in time (or for ``months`` if given).

    Without ``months``: every month missing between the first and the last reported month.
    Each is computed from reported CPI only (:func:`contingency_index`).

    Returns
    -------
    pandas.Series
        Index numbers by first-of-month date, name ``"cpi_substitute"``; empty if none.

    Examples
    --------
    >>> idx = pd.to_datetime(["2024-09-01", "2025-09-01", "2025-11-01"])
    >>> cpi = pd.Series([315.301, 324.8, 324.122], index=idx)
    >>> index_substitutes(cpi, ["2025-10-01"]).to_dict()
    {Timestamp('2025-10-01 00:00:00'): 325.604}
    """
    s = _monthly(cpi_monthly)
    wanted = (
        _interior_gaps(s)
        if months is None
        else pd.DatetimeIndex(pd.to_datetime(list(np.atleast_1d(months))))
        .to_period("M")
        .to_timestamp()
    )
    values = [contingency_index(s, m) for m in wanted]
    out = pd.Series(values, index=pd.DatetimeIndex(wanted, name="date"), dtype=float)
    out.name = "cpi_substitute"
    return out


def tips_cpi(cpi_monthly: pd.Series, substitutes: pd.Series | None = None) -> pd.Series:
    """The CPI by month that TIPS calculations use.

    Reported values, except where ``substitutes`` (announced index numbers, e.g. from the
    store) give a month: those win even over a CPI reported later (App. B I.B.4(iv)). Months
    still missing between the first and last reported month get :func:`contingency_index`
    (those it cannot give, lacking the CPI a year before the last reported month, stay missing).

    Examples
    --------
    >>> idx = pd.to_datetime(["2024-09-01", "2025-09-01", "2025-11-01"])
    >>> tips_cpi(pd.Series([315.301, 324.8, 324.122], index=idx))["2025-10-01"]
    np.float64(325.604)
    """
    reported = _monthly(cpi_monthly)
    s = reported
    if substitutes is not None and len(substitutes):
        sub = _monthly(substitutes)
        s = pd.concat([s[~s.index.isin(sub.index)], sub]).sort_index()
    filled = {}
    for month in _interior_gaps(s):  # from reported CPI only, as the rule says
        try:
            filled[month] = contingency_index(reported, month)
        except InputError:  # no CPI a year before the last reported one: the month stays missing
            continue
    if filled:
        s = pd.concat([s, pd.Series(filled, dtype=float)]).sort_index()
    s.index.name = "date"
    s.name = cpi_monthly.name
    return s
