"""Small statistics shared by the analytics modules (pure, no I/O, no clock).

Everything here works on float Series indexed by a ``DatetimeIndex`` named ``date`` (the tsy
series contract). Horizons are calendar offsets, looked up "as of" (the last observation on or
before the target date), so holidays and missing days never shift a change by a row.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from tsy.errors import InputError

__all__ = [
    "CHANGE_HORIZONS",
    "align",
    "annualised_return",
    "as_of_value",
    "check_series",
    "expanding_percentile",
    "last_valid_date",
    "max_drawdown",
    "newey_west_se",
    "percentile_rank",
    "realised_vol",
    "resolve_as_of",
    "snapshot",
    "zscore",
]

#: Change horizons of a snapshot, as calendar offsets (1w, 1m, 3m, 1y).
CHANGE_HORIZONS: dict[str, pd.DateOffset] = {
    "1w": pd.DateOffset(weeks=1),
    "1m": pd.DateOffset(months=1),
    "3m": pd.DateOffset(months=3),
    "1y": pd.DateOffset(years=1),
}


def check_series(series: pd.Series, what: str) -> pd.Series:
    """Validate the tsy series contract and return the series as float without NaN.

    Raises
    ------
    InputError
        When ``series`` is not a Series on a DatetimeIndex.
    """
    if not isinstance(series, pd.Series) or not isinstance(series.index, pd.DatetimeIndex):
        raise InputError(f"{what}: expected a pandas Series on a DatetimeIndex")
    out = series.astype(float).dropna().sort_index()
    out.index.name = "date"
    return out


def align(frames: Mapping[str, pd.Series]) -> pd.DataFrame:
    """Inner-join series on their common dates (same-date arithmetic, no fill)."""
    return pd.concat(list(frames.values()), axis=1, keys=list(frames), join="inner").dropna()


def resolve_as_of(as_of: pd.Timestamp | str | None, *series: pd.Series) -> pd.Timestamp:
    """Return ``as_of`` as a Timestamp, or the latest date among ``series`` when it is None."""
    if as_of is not None:
        return pd.Timestamp(as_of)
    dates = [pd.Timestamp(str(s.index[-1])) for s in series if len(s)]
    if not dates:
        raise InputError("no observations: cannot infer as_of")
    return max(dates)


def last_valid_date(series: pd.Series) -> pd.Timestamp | None:
    """Date of the last non-NaN observation, or None."""
    s = series.dropna()
    return pd.Timestamp(str(s.index[-1])) if len(s) else None


def as_of_value(series: pd.Series, when: pd.Timestamp) -> float:
    """Value of the last observation on or before ``when`` (NaN when there is none)."""
    s = series.loc[:when].dropna()
    return float(s.iloc[-1]) if len(s) else float("nan")


def _values(window: pd.Series | np.ndarray) -> np.ndarray:
    """The non-NaN values of a Series or array, as floats."""
    a = np.asarray(window, dtype=float)
    return a[~np.isnan(a)]


def percentile_rank(window: pd.Series | np.ndarray, value: float) -> float:
    """Percent of observations in ``window`` at or below ``value`` (0-100).

    NaN when ``value`` is not finite or the window has no observation.

    Examples
    --------
    >>> percentile_rank(pd.Series([1.0, 2.0, 3.0, 4.0]), 3.0)
    75.0
    """
    w = _values(window)
    if not w.size or value is None or not np.isfinite(value):
        return float("nan")
    return float((w <= value).mean() * 100.0)


def expanding_percentile(values: np.ndarray, block: int = 1024) -> np.ndarray:
    """Per position ``i``: :func:`percentile_rank` of ``values[i]`` in ``values[: i + 1]``.

    Formula: ``100 * #{j <= i : v_j <= v_i} / #{j <= i : v_j not NaN}``; NaN where ``v_i`` is
    not finite. The same numbers as the loop over :func:`percentile_rank`, in blocks of rows.

    Examples
    --------
    >>> expanding_percentile(np.array([2.0, 1.0, np.nan, 3.0])).tolist()
    [100.0, 50.0, nan, 100.0]
    """
    v = np.asarray(values, dtype=float)
    out = np.full(len(v), np.nan)
    seen = np.cumsum(~np.isnan(v))
    for a in range(0, len(v), block):
        b = min(a + block, len(v))
        rows = v[a:b]
        le = v[None, :b] <= rows[:, None]
        le &= np.arange(b)[None, :] <= np.arange(a, b)[:, None]
        cnt = le.sum(axis=1)
        ok = np.isfinite(rows)
        out[a:b][ok] = cnt[ok].astype(float) / seen[a:b][ok] * 100.0
    return out


def zscore(window: pd.Series | np.ndarray, value: float) -> float:
    """(value - mean) / sample standard deviation over ``window`` (NaN when the sd is 0 or NaN)."""
    w = _values(window)
    sd = float(w.std(ddof=1)) if w.size > 1 else float("nan")
    if not sd or np.isnan(sd):
        return float("nan")
    return float((value - w.mean()) / sd)


def snapshot(
    series: Mapping[str, pd.Series],
    *,
    as_of: pd.Timestamp,
    lookback: pd.DateOffset,
    units: str = "pct",
) -> pd.DataFrame:
    """Level, changes, percentile and z-score of each series as of a date.

    Parameters
    ----------
    series : mapping of name -> Series
        Levels in percent (yields, breakevens, spreads).
    as_of : Timestamp
        The date of the snapshot; the level is the last observation on or before it.
    lookback : DateOffset
        Window for the percentile and z-score: observations in ``(as_of - lookback, as_of]``.
    units : str
        Units of the levels, used in column names (changes are in basis points).

    Returns
    -------
    DataFrame indexed by ``series`` with columns ``date`` (of the level), ``level_<units>``,
    ``chg_1w_bp``, ``chg_1m_bp``, ``chg_3m_bp``, ``chg_1y_bp`` (level minus the level as of
    that many calendar units earlier, x100), ``percentile`` (0-100, share of the look-back at
    or below the level), ``zscore`` (over the look-back), ``lookback_start``, ``n_obs``.
    """
    rows: list[dict[str, object]] = []
    for name, s in series.items():
        s = s.loc[:as_of].dropna()
        if not len(s):
            rows.append({"series": name})
            continue
        date = pd.Timestamp(s.index[-1])
        level = float(s.iloc[-1])
        row: dict[str, object] = {"series": name, "date": date, f"level_{units}": level}
        for key, off in CHANGE_HORIZONS.items():
            row[f"chg_{key}_bp"] = (level - as_of_value(s, date - off)) * 100.0
        start = as_of - lookback
        window = s.loc[s.index > start]
        row["percentile"] = percentile_rank(window, level)
        row["zscore"] = zscore(window, level)
        row["lookback_start"] = max(start, s.index[0])
        row["n_obs"] = len(window)
        rows.append(row)
    return pd.DataFrame(rows).set_index("series")


def realised_vol(levels: pd.Series, *, in_bp: bool = True, annualise: bool = True) -> float:
    """Standard deviation of day-to-day changes of a level series.

    Formula: ``std(diff(levels)) * sqrt(252)`` when ``annualise`` (x100 for basis points when
    levels are in percent). Changes are between consecutive observations.
    """
    d = levels.dropna().diff().dropna()
    if len(d) < 2:
        return float("nan")
    vol = float(d.std(ddof=1))
    if annualise:
        vol *= float(np.sqrt(252.0))
    return vol * (100.0 if in_bp else 1.0)


def annualised_return(wealth: pd.Series) -> float:
    """Compound annual growth rate of a wealth curve, in percent (365.25-day years)."""
    w = wealth.dropna()
    if len(w) < 2 or w.iloc[0] <= 0:
        return float("nan")
    years = (w.index[-1] - w.index[0]).days / 365.25
    if years <= 0:
        return float("nan")
    return float(((w.iloc[-1] / w.iloc[0]) ** (1.0 / years) - 1.0) * 100.0)


def max_drawdown(wealth: pd.Series) -> float:
    """Largest peak-to-trough fall of a wealth curve, in percent (a negative number)."""
    w = wealth.dropna()
    if not len(w):
        return float("nan")
    return float(((w / w.cummax()) - 1.0).min() * 100.0)


def newey_west_se(x: pd.Series | np.ndarray, lags: int) -> float:
    """Newey-West (Bartlett kernel) standard error of the mean of ``x``, same units as ``x``.

    ``var = (g_0 + 2 sum_{l=1..L} (1 - l/(L + 1)) g_l) / n`` with ``g_l = sum_t (x_t - m)
    (x_{t-l} - m) / n`` (Newey and West 1987; no small-sample correction). For entries whose
    windows overlap by ``k`` observations, ``L = k`` covers the overlap. NaN for fewer than two
    values.

    Examples
    --------
    >>> round(newey_west_se(np.array([1.0, 0.0, 1.0, 0.0]), 0), 4)  # iid: sd / sqrt(n)
    0.25
    """
    v = _values(x)
    v = v[~np.isnan(v)]
    n = len(v)
    if n < 2:
        return float("nan")
    if lags < 0:
        raise InputError(f"lags must be >= 0, got {lags}")
    d = v - v.mean()
    total = float(d @ d) / n
    for lag in range(1, min(lags, n - 1) + 1):
        total += 2.0 * (1.0 - lag / (lags + 1.0)) * float(d[lag:] @ d[:-lag]) / n
    return float(np.sqrt(max(total, 0.0) / n))
