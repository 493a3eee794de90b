"""The inflation rule as a monthly switch between TIP (TIPS ETF) and IEF (7-10y nominal ETF).

Pure backtest on adjusted closes (dividends reinvested; catalogue ids ``TIP`` and ``IEF``), with
the usual honesty:

* Decision on the last trading day ``d`` of each month, from data known at its close: the
  breakeven of ``d`` (market close; FRED H.15 publishes it the next business day) and the latest
  CPI *released* by ``d`` (month m's CPI counts as known from day ``release_day`` of month m+1,
  see :func:`tsy.analytics.inflation.known_inflation`).
* Execution at the close ``execution_lag`` trading days after ``d`` (default 1); the new holding
  earns from the following day. No look-ahead: a return is never earned by a position chosen
  with data from the same day or later.
* Costs: ``cost_bp`` basis points of wealth per switch (selling one ETF and buying the other),
  charged on the day the new holding starts. The first purchase is free, as for buy-and-hold.

The choice: TIP when trailing inflation > breakeven, IEF otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tsy.analytics._result import Result
from tsy.analytics._stats import annualised_return, check_series, max_drawdown, resolve_as_of
from tsy.analytics.inflation import known_inflation, month_ends
from tsy.errors import InputError

__all__ = ["SwitchResult", "tips_switch"]


@dataclass(frozen=True, repr=False)
class SwitchResult(Result, frame="stats"):
    """Result of :func:`tips_switch`.

    Attributes
    ----------
    wealth : DataFrame
        Daily wealth (start = 1) of ``switch``, ``TIP`` and ``IEF``.
    decisions : DataFrame
        One row per month-end decision: ``execute`` (date), ``cpi_month``, ``trailing_pct``,
        ``breakeven_pct``, ``hold`` ("TIP"/"IEF").
    stats : DataFrame
        Rows ``switch``, ``TIP``, ``IEF``; columns ``ann_return_pct`` (CAGR), ``ann_vol_pct``,
        ``max_drawdown_pct``, ``start``, ``end``, and for the switch ``n_switches``,
        ``pct_days_in_tip``, ``cost_bp``.
    """

    wealth: pd.DataFrame
    decisions: pd.DataFrame
    stats: pd.DataFrame
    cost_bp: float
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Annualised returns of the switch against holding either ETF."""
        s = self.stats
        sw = s.loc["switch"]
        return "\n".join(
            [
                f"TIP/IEF monthly switch {pd.Timestamp(str(sw['start'])).date()}.."
                f"{pd.Timestamp(str(sw['end'])).date()}, {self.cost_bp:g}bp per switch, "
                f"{sw['n_switches']:.0f} switches, {sw['pct_days_in_tip']:.0f}% of days in TIP:",
                *(
                    f"  {k}: {r['ann_return_pct']:.2f}%/yr, vol {r['ann_vol_pct']:.2f}%, "
                    f"max drawdown {r['max_drawdown_pct']:.1f}%"
                    for k, r in s.iterrows()
                ),
                *self.notes,
            ]
        )


def tips_switch(
    tip: pd.Series,
    ief: pd.Series,
    breakeven: pd.Series,
    cpi: pd.Series,
    *,
    start: pd.Timestamp | str | None = None,
    as_of: pd.Timestamp | str | None = None,
    cost_bp: float = 5.0,
    trailing_months: int = 12,
    release_day: int = 15,
    execution_lag: int = 1,
) -> SwitchResult:
    """Backtest the monthly TIP/IEF switch against holding either.

    Parameters
    ----------
    tip, ief : Series
        Adjusted closes (total-return prices) of the TIP and IEF ETFs; their names (the
        catalogue ids) label the legs in the results (``tips`` and ``nominal`` when unnamed).
    breakeven : Series
        Daily breakeven in percent (default use: 10y, DGS10 - DFII10).
    cpi : Series
        CPIAUCNS, monthly.
    start, as_of : date, optional
        Backtest window (default: all common data up to the last ETF close).
    cost_bp : float
        Cost per switch in basis points of wealth (default 5).
    trailing_months, release_day : int
        Trailing inflation window and CPI release day (see module notes).
    execution_lag : int
        Trading days between the decision close and the execution close (>= 1).
    """
    if cost_bp < 0 or execution_lag < 1:
        raise InputError("cost_bp must be >= 0 and execution_lag >= 1")
    a = str(tip.name) if tip.name is not None else "tips"
    b = str(ief.name) if ief.name is not None else "nominal"
    p = pd.concat({a: check_series(tip, a), b: check_series(ief, b)}, axis=1, join="inner").dropna()
    when = resolve_as_of(as_of, p.iloc[:, 0])
    be = check_series(breakeven, "breakeven").loc[:when]
    p = p.loc[start:when]
    p = p.loc[max(p.index[0], be.index[0]) :] if len(p) and len(be) else p
    if len(p) < 60:
        raise InputError(f"{a}/{b} switch needs at least 60 common trading days of {a}, {b}, BE")
    days = pd.DatetimeIndex(p.index)
    decide = month_ends(days)
    pos = days.get_indexer(decide) + execution_lag
    keep = pos < len(days)
    decide, execute = decide[keep], days[pos[keep]]
    sig = known_inflation(cpi.loc[:when], decide, months=trailing_months, release_day=release_day)
    be_d = be.reindex(be.index.union(decide)).ffill().reindex(decide)
    be_age = pd.Series(be.index, index=be.index).reindex(be.index.union(decide)).ffill()
    stale = (decide - pd.DatetimeIndex(be_age.reindex(decide))).days > 5
    dec = pd.DataFrame(
        {
            "execute": execute,
            "cpi_month": sig["cpi_month"].to_numpy(),
            "trailing_pct": sig["trailing_pct"].to_numpy(),
            "breakeven_pct": be_d.to_numpy(),
        },
        index=decide,
    )
    dec.index.name = "date"
    dec.loc[stale, "breakeven_pct"] = np.nan
    dec = dec.dropna(subset=["trailing_pct", "breakeven_pct"])
    if dec.empty:
        raise InputError("no month-end with both a released CPI and a breakeven")
    dec["hold"] = np.where(dec["trailing_pct"] > dec["breakeven_pct"], a, b)
    # Holding decided at the execution close earns from the next day's return on.
    held = pd.Series(dec["hold"].to_numpy(), index=pd.DatetimeIndex(dec["execute"]))
    held = held.reindex(days).ffill().shift(1)
    rets = p.pct_change()
    live = held.notna()
    rets, held = rets[live], held[live]
    r_sw = np.where(held == a, rets[a], rets[b])
    switched = (held != held.shift(1)) & held.shift(1).notna()
    cost = switched.to_numpy() * cost_bp / 1e4
    growth = (1.0 + r_sw) * (1.0 - cost)
    base = days[days.searchsorted(rets.index[0]) - 1]
    wealth = pd.DataFrame(
        {
            "switch": np.concatenate([[1.0], np.cumprod(growth)]),
            a: np.concatenate([[1.0], (1.0 + rets[a]).cumprod().to_numpy()]),
            b: np.concatenate([[1.0], (1.0 + rets[b]).cumprod().to_numpy()]),
        },
        index=pd.DatetimeIndex(rets.index.insert(0, base), name="date"),
    )
    rows = {}
    for col in wealth:
        w = wealth[col]
        rows[col] = {
            "ann_return_pct": annualised_return(w),
            "ann_vol_pct": float(w.pct_change().std() * np.sqrt(252.0) * 100.0),
            "max_drawdown_pct": max_drawdown(w),
            "start": w.index[0],
            "end": w.index[-1],
        }
    stats = pd.DataFrame.from_dict(rows, orient="index")
    stats.index.name = "strategy"
    stats["n_switches"] = np.nan
    stats["pct_days_in_tip"] = np.nan
    stats.loc["switch", "n_switches"] = int(switched.sum())
    stats.loc["switch", "pct_days_in_tip"] = float((held == a).mean() * 100.0)
    stats.loc[a, "pct_days_in_tip"], stats.loc[b, "pct_days_in_tip"] = 100.0, 0.0
    stats["cost_bp"] = cost_bp
    notes = [
        f"decisions at month-end closes, executed {execution_lag} trading day(s) later; CPI of "
        f"month m used from day {release_day} of m+1"
    ]
    if stale.any():
        notes.append(f"{int(stale.sum())} month-ends skipped: breakeven older than 5 days")
    return SwitchResult(wealth=wealth, decisions=dec, stats=stats, cost_bp=cost_bp, notes=notes)
