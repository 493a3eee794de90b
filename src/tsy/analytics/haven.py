"""Haven state: on each day, did Treasuries act as the safe haven when equities fell?

Three legs, each the day's move as a z-score against the leg's trailing one-year volatility:

    z_leg(t) = move(t) / sd(move(t-250) .. move(t-1))

with ``move`` the equity return (percent), the 10-year yield change (bp) and the dollar return
(percent), all on the dates where the three are published (a holiday of one market never pairs a
one-day move with a two-day move). The standard deviation excludes the day itself (no look-ahead)
and needs at least 120 of the 250 previous moves. A one-year window, not a fast EWMA: a fast
EWMA hides a leg inside a volatile week (on 2025-04-21 it puts the S&P's -2.36 % at -0.8 sigma,
the one-year figure is -1.96).

State of the day (thresholds in :data:`THRESHOLDS`, chosen on the episodes of seed article 000
and documented in the tests):

==============================  ================================================================
``calm``                        equities not down by at least 1 sigma (``z_eq > -1``)
``haven working``               equities down; Treasuries held or rallied (``z_y < +0.5``)
``haven failing: dash for cash`` equities and Treasuries down (``z_y >= +0.5``); the dollar up or
                                steady (``z_usd > -0.5``): everything sold for dollars
``haven failing: sell America`` equities, Treasuries and the dollar all down (``z_usd <= -0.5``)
``haven failing: dollar n/a``   equities and Treasuries down on a day whose dollar is not given
                                (not yet published: the Fed's H.10 broad index of a week comes
                                out the Monday after); which kind of failure it is waits for it
==============================  ================================================================

Only the kind of failure needs the dollar: the days after the dollar's last observation (given
equity and 10-year data) are kept, with the dollar leg empty, so a view as of a Wednesday is not
pushed back to the last Friday the weekly dollar release covers.

A Treasury *sell-off* is a yield rise. The threshold of 0.5 sigma for the Treasury and dollar
legs keeps 2025-04-10 (10y +6bp = +1.03 sigma) failing while a one- or two-basis-point drift on an
equity sell-off (noise: half a sigma of a 6bp-a-day market is 3bp) counts as holding.

Alongside: the 60-day correlation of equity returns with Treasury price returns (approximated
as minus the yield change) and its percentile in the history given (a positive correlation means
bonds fall with stocks: no hedge), and the 10-year move split into real yield and breakeven
(nominal = real + breakeven, same tenor, same date), and into expected path and term premium
where a term-premium series is given (expected path = nominal - term premium).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tsy.analytics._result import Result
from tsy.errors import InputError

__all__ = [
    "STATES",
    "THRESHOLDS",
    "HavenResult",
    "classify",
    "haven",
    "haven_legs",
    "spliced_returns",
    "stock_bond_correlation",
    "ten_year_split",
]

#: The states, calmest first (the last: failing, the dollar of the day not given).
STATES: tuple[str, ...] = (
    "calm",
    "haven working",
    "haven failing: dash for cash",
    "haven failing: sell America",
    "haven failing: dollar n/a",
)

#: Gates in sigmas: equities down at ``equity``; Treasuries sold at ``treasury`` (yield rise);
#: dollar down at ``dollar`` (a fall of at least this many sigmas).
THRESHOLDS: dict[str, float] = {"equity": -1.0, "treasury": 0.5, "dollar": -0.5}

#: Trailing window (moves) for the volatility, and the fewest moves it needs.
VOL_WINDOW = 250
VOL_MIN = 120


def spliced_returns(
    levels: Sequence[tuple[str, pd.Series | None]], dates: pd.Index
) -> pd.DataFrame:
    """Percent returns between consecutive ``dates``, from the first source that has both ends.

    Parameters
    ----------
    levels : sequence of (name, Series)
        Price or index levels in order of preference (e.g. the ICE dollar index on New York
        close timing first, the Fed's noon broad index second). None or empty entries are skipped.
    dates : Index
        The common calendar (sorted).

    Returns
    -------
    DataFrame on ``dates[1:]`` with ``ret_pct`` (``(L_t / L_{t-1} - 1) * 100`` of the chosen
    source) and ``source`` (its name, or None where no source has both ends).
    Returns are never computed across two sources.

    Examples
    --------
    >>> d = pd.DatetimeIndex(["2025-01-02", "2025-01-03", "2025-01-06"])
    >>> a = pd.Series([100.0, 101.0], index=d[1:])
    >>> b = pd.Series([50.0, 51.0, 51.0], index=d)
    >>> spliced_returns([("a", a), ("b", b)], d)["source"].tolist()
    ['b', 'a']
    """
    idx = pd.DatetimeIndex(dates)
    ret = np.full(max(len(idx) - 1, 0), np.nan)
    src = np.full(len(ret), np.nan, dtype=object)  # what pandas makes of None here
    for name, s in levels:
        if s is None or s.dropna().empty:
            continue
        lev = s.dropna().astype(float).reindex(idx).to_numpy()
        r = (lev[1:] / lev[:-1] - 1.0) * 100.0
        take = np.isnan(ret) & ~np.isnan(r)
        ret[take] = r[take]
        src[take] = name
    on = idx[1:]
    return pd.DataFrame(
        {"ret_pct": pd.Series(ret, index=on), "source": pd.Series(src, index=on, dtype=object)}
    )


def _trailing_z(move: pd.Series, window: int = VOL_WINDOW) -> tuple[pd.Series, pd.Series]:
    sd = move.rolling(window, min_periods=VOL_MIN).std().shift(1)
    return move / sd, sd


def classify(z_eq: float, z_y: float, z_usd: float) -> str | None:
    """State of one day from the three z-scores (None when the equity or Treasury leg is missing;
    a missing dollar leg leaves a failure's kind open).

    Examples
    --------
    >>> classify(-2.95, 1.03, -4.9)   # 2025-04-10 (shared data)
    'haven failing: sell America'
    >>> classify(-7.8, -4.3, 2.1)     # 2020-03-09
    'haven working'
    >>> classify(-2.3, 1.9, float("nan"))  # 2020-03-18 before the H.10 release of 2020-03-23
    'haven failing: dollar n/a'
    """
    if any(v is None or not np.isfinite(v) for v in (z_eq, z_y)):
        return None
    t = THRESHOLDS
    if z_eq > t["equity"]:
        return STATES[0]
    if z_y < t["treasury"]:
        return STATES[1]
    if z_usd is None or not np.isfinite(z_usd):
        return STATES[4]
    return STATES[3] if z_usd <= t["dollar"] else STATES[2]


def haven_legs(
    equity: Sequence[tuple[str, pd.Series | None]],
    ten_year: pd.Series,
    dollar: Sequence[tuple[str, pd.Series | None]],
    *,
    window: int = VOL_WINDOW,
) -> pd.DataFrame:
    """Daily legs, z-scores and state.

    Parameters
    ----------
    equity : sequence of (name, Series)
        Equity levels by preference (the S&P 500 index first, an S&P 500 ETF's adjusted close for
        earlier dates).
    ten_year : Series
        10-year constant-maturity yield, percent.
    dollar : sequence of (name, Series)
        Dollar index levels by preference.
    window : int
        Trailing moves for the volatility (default 250).

    Returns
    -------
    DataFrame indexed by ``date``: ``eq_ret_pct, y_chg_bp, usd_ret_pct, eq_sd, y_sd, usd_sd, z_eq,
    z_y, z_usd, state, failure`` (``min(-z_eq, z_y)`` when both are positive, else 0: the
    haven-failure intensity in sigmas), ``equity_source, dollar_source``.
    """
    y = ten_year.dropna().astype(float) if ten_year is not None else pd.Series(dtype=float)
    if y.empty:
        raise InputError("haven: the 10-year yield series is empty")
    eq_dates = _all_dates([s for _, s in equity if s is not None])
    usd_dates = _all_dates([s for _, s in dollar if s is not None])
    if eq_dates.empty or usd_dates.empty:
        raise InputError("haven: no equity or no dollar series")
    cal = y.index.intersection(eq_dates).intersection(usd_dates).sort_values()
    # the days after the dollar's last observation: equity and 10y known, dollar leg empty
    tail = y.index.intersection(eq_dates)
    cal = cal.union(tail[tail > usd_dates.max()]).sort_values()
    if len(cal) < 3:
        raise InputError("haven: fewer than 3 common dates of equity, 10-year yield and dollar")
    eq = spliced_returns(equity, cal)
    usd = spliced_returns(dollar, cal)
    cols: dict[str, Any] = {
        "eq_ret_pct": eq["ret_pct"].to_numpy(),
        "y_chg_bp": ((y.reindex(cal).diff()) * 100.0).round(6).iloc[1:].to_numpy(),
        "usd_ret_pct": usd["ret_pct"].to_numpy(),
    }
    for leg, col in (("eq", "eq_ret_pct"), ("y", "y_chg_bp"), ("usd", "usd_ret_pct")):
        z, sd = _trailing_z(pd.Series(cols[col]), window)
        cols[f"z_{leg}"], cols[f"{leg}_sd"] = z.to_numpy(), sd.to_numpy()
    cols["state"] = _classify_all(cols["z_eq"], cols["z_y"], cols["z_usd"])
    z_eq, z_y = cols["z_eq"], cols["z_y"]
    with np.errstate(invalid="ignore"):
        failure = np.where((z_eq < 0) & (z_y > 0), np.minimum(-z_eq, z_y), 0.0)
    failure[np.isnan(z_eq) | np.isnan(z_y)] = np.nan
    cols["failure"] = failure
    cols["equity_source"] = eq["source"]  # object Series (None: no source), on cal[1:]
    cols["dollar_source"] = usd["source"]
    out = pd.DataFrame(cols, index=cal[1:])
    out.index.name = "date"
    return out


def _all_dates(series: list[pd.Series]) -> pd.DatetimeIndex:
    """The sorted union of the dates with a value in any of ``series``."""
    dates = [s.dropna().index.to_numpy() for s in series]
    return pd.DatetimeIndex(np.unique(np.concatenate(dates)) if dates else [])


def _classify_all(z_eq: np.ndarray, z_y: np.ndarray, z_usd: np.ndarray) -> list[str | None]:
    """:func:`classify` of every day at once."""
    t = THRESHOLDS
    with np.errstate(invalid="ignore"):
        state = np.select(
            [
                ~(np.isfinite(z_eq) & np.isfinite(z_y)),
                z_eq > t["equity"],
                z_y < t["treasury"],
                ~np.isfinite(z_usd),
                z_usd <= t["dollar"],
            ],
            [-1, 0, 1, 4, 3],
            2,
        )
    names: list[str | None] = [*STATES, None]  # -1 -> None
    return [names[i] for i in state.tolist()]


def stock_bond_correlation(legs: pd.DataFrame, window: int = 60) -> pd.DataFrame:
    """Rolling correlation of equity returns with Treasury price returns, and its percentile.

    Treasury price return is taken as minus the 10-year yield change (the sign is what matters for
    a correlation; duration scales it). ``pct`` = percent of the correlations up to that day at or
    below it (point in time). Needs two thirds of the window.
    """
    corr = legs["eq_ret_pct"].rolling(window, min_periods=window * 2 // 3).corr(-legs["y_chg_bp"])
    pct = corr.dropna().expanding().rank(method="max", pct=True) * 100.0
    return pd.DataFrame({"stock_bond_corr": corr, "pct": pct.reindex(corr.index)})


def ten_year_split(
    nominal: pd.Series,
    real: pd.Series | None,
    term_premium: pd.Series | None = None,
    *,
    start: Any,
    end: Any,
) -> dict[str, Any]:
    """Split the 10-year move from ``start`` to ``end`` into real yield and breakeven, and into
    expected path and term premium.

    Parameters
    ----------
    nominal, real : Series
        10-year nominal and TIPS yields, percent (same tenor).
    term_premium : Series, optional
        10-year term premium, percent (e.g. the Kim-Wright zero-coupon term premium). The
        expected path is then ``nominal - term premium``.
    start, end : date-like
        Values are the last observations on or before each date.

    Returns
    -------
    dict with ``nominal_bp, real_bp, breakeven_bp`` (``nominal = real + breakeven``),
    ``term_premium_bp, expected_path_bp`` (None where missing) and the dates used.
    """
    a, b = pd.Timestamp(start), pd.Timestamp(end)

    def chg(s: pd.Series | None) -> tuple[float | None, Any, Any]:
        if s is None:
            return None, None, None
        s = s.dropna()
        s0, s1 = s.loc[:a], s.loc[:b]
        if s0.empty or s1.empty or s1.index[-1] <= a:
            return None, None, None
        return float((s1.iloc[-1] - s0.iloc[-1]) * 100.0), s0.index[-1], s1.index[-1]

    n, n0, n1 = chg(nominal)
    r, r0, r1 = chg(real)
    tp, t0, t1 = chg(term_premium)
    out: dict[str, Any] = {
        "nominal_bp": n,
        "real_bp": r,
        "breakeven_bp": None if n is None or r is None or (n0, n1) != (r0, r1) else n - r,
        "term_premium_bp": tp,
        "expected_path_bp": None if n is None or tp is None or (n0, n1) != (t0, t1) else n - tp,
        "dates": {"nominal": (n0, n1), "real": (r0, r1), "term_premium": (t0, t1)},
    }
    return out


@dataclass(frozen=True, repr=False)
class HavenResult(Result, frame="legs"):
    """Result of :func:`haven`.

    Attributes
    ----------
    legs : DataFrame
        :func:`haven_legs` output, up to the as-of date.
    correlation : DataFrame
        :func:`stock_bond_correlation` output.
    date : Timestamp or None
        The as-of row's date (the last common date).
    state : str or None
    split_1d, split_5d : dict
        :func:`ten_year_split` over one and five common days.
    """

    legs: pd.DataFrame
    correlation: pd.DataFrame
    date: pd.Timestamp | None
    state: str | None
    split_1d: dict[str, Any] = field(default_factory=dict)
    split_5d: dict[str, Any] = field(default_factory=dict)

    def evidence(self) -> dict[str, Any]:
        """The as-of day's moves, z-scores, sources and the correlation."""
        if self.date is None:
            return {}
        r: Any = self.legs.loc[self.date]
        c: Any = self.correlation.loc[self.date]
        return {
            "date": self.date,
            "state": self.state,
            "eq_ret_pct": float(r["eq_ret_pct"]),
            "z_eq": float(r["z_eq"]),
            "y_chg_bp": float(r["y_chg_bp"]),
            "z_y": float(r["z_y"]),
            "usd_ret_pct": float(r["usd_ret_pct"]),
            "z_usd": float(r["z_usd"]),
            "equity_source": r["equity_source"],
            "dollar_source": r["dollar_source"],
            "stock_bond_corr_60d": float(c["stock_bond_corr"]),
            "stock_bond_corr_pct": float(c["pct"]),
        }

    def summary(self) -> str:
        """The state line and its evidence."""
        e = self.evidence()
        if not e:
            return "Haven state: missing (no common day of equity, 10-year yield and dollar)"
        usd = (
            f"dollar [{e['dollar_source']}] {e['usd_ret_pct']:+.2f}% ({e['z_usd']:+.1f} sd)"
            if np.isfinite(e["usd_ret_pct"]) and np.isfinite(e["z_usd"])
            else "dollar n/a"
        )
        line = (
            f"Haven state {str(e['date'])[:10]}: {e['state']} - equities {e['eq_ret_pct']:+.2f}% "
            f"({e['z_eq']:+.1f} sd), 10y {e['y_chg_bp']:+.0f}bp ({e['z_y']:+.1f} sd), {usd}; 60d "
            f"stock-bond corr {e['stock_bond_corr_60d']:+.2f} (pct {e['stock_bond_corr_pct']:.0f})"
        )
        s = self.split_1d
        if s.get("nominal_bp") is not None:
            parts = []
            if s.get("real_bp") is not None:
                parts.append(f"real {round(s['real_bp']):+d}bp")
            if s.get("breakeven_bp") is not None:
                parts.append(f"breakeven {round(s['breakeven_bp']):+d}bp")
            if s.get("term_premium_bp") is not None:
                parts.append(f"term premium {round(s['term_premium_bp']):+d}bp")
            if parts:
                line += f"; 10y move = {', '.join(parts)}"
        return line


def haven(
    equity: Sequence[tuple[str, pd.Series | None]],
    ten_year: pd.Series,
    dollar: Sequence[tuple[str, pd.Series | None]],
    *,
    real_10y: pd.Series | None = None,
    term_premium: pd.Series | None = None,
    as_of: Any = None,
) -> HavenResult:
    """Haven state on the last common date on or before ``as_of``, with its evidence.

    Parameters are those of :func:`haven_legs` and :func:`ten_year_split`; ``as_of`` defaults to
    the last common date of the three legs (the monitor's default as-of date).

    Examples
    --------
    On the shared data, 2025-04-10 reads ``haven failing: sell America`` (S&P -3.46 % = -2.95 sd,
    10y +6bp = +1.03 sd, DXY -1.97 %).
    """
    legs = haven_legs(equity, ten_year, dollar)
    if as_of is not None:
        legs = legs.loc[: pd.Timestamp(as_of)]
    corr = stock_bond_correlation(legs)
    ok = np.flatnonzero(legs["z_eq"].notna().to_numpy() & legs["z_y"].notna().to_numpy())
    if not len(ok):
        return HavenResult(legs, corr, None, None)
    date = pd.Timestamp(legs.index[ok[-1]])
    pos = int(legs.index.searchsorted(date))
    prev1 = legs.index[pos - 1] if pos >= 1 else date
    prev5 = legs.index[pos - 5] if pos >= 5 else legs.index[0]
    return HavenResult(
        legs=legs,
        correlation=corr,
        date=date,
        state=str(legs["state"].iloc[ok[-1]]),
        split_1d=ten_year_split(ten_year, real_10y, term_premium, start=prev1, end=date),
        split_5d=ten_year_split(ten_year, real_10y, term_premium, start=prev5, end=date),
    )
