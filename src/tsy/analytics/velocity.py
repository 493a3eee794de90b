"""Yield velocity: how fast each tenor moved over N trading days, against its own history.

For each constant-maturity yield (FRED ``DGS*``, percent) and each horizon N (default 1, 3, 5, 10
trading days, counted in published observations so a holiday is skipped, never zero-filled):

    change_N(t) = (y(t) - y(t - N observations)) * 100        [bp]

is ranked against every N-day change in the history given (since 1962 for the 10-year) and
against the last ``lookback_years`` years. An alert rule (:class:`VelocityRule`) fires, by default,
when an N-day *rise* exceeds the 99th percentile of the N-day changes of the previous 10 years
(the threshold uses data before the day only, so the alert list is point in time). On official
closes it fires for the 10-year on 2025-04-09 (3 days, +33bp), 2025-04-11 (5 days, +47bp) and
2020-03-19 (3 days, +39bp); intraday moves (e.g. the 60bp quoted in April 2025) are not in the
published closes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from tsy.analytics._result import Result
from tsy.analytics._stats import percentile_rank
from tsy.errors import InputError

__all__ = [
    "VelocityResult",
    "VelocityRule",
    "nday_change_bp",
    "velocity",
]


def nday_change_bp(yield_pct: pd.Series, n: int) -> pd.Series:
    """N-observation change of a yield, in basis points: ``(y_t - y_{t-n}) * 100``."""
    if n < 1:
        raise InputError(f"velocity: horizon must be >= 1 trading day, got {n}")
    s = yield_pct.dropna().astype(float)
    # rounded to 1e-6 bp so that 4.15 - 4.01 is 14bp, not 14.000000000000012bp
    return ((s - s.shift(n)) * 100.0).round(6)


#: Direction of a move that the rule watches: maps the N-day change to the "signed" change.
_DIRECTIONS: dict[str, Callable[[pd.Series], pd.Series]] = {
    "rise": lambda c: c,
    "fall": lambda c: -c,
    "both": lambda c: c.abs(),
}


@dataclass(frozen=True)
class VelocityRule:
    """Alert rule: an N-day move beyond a trailing percentile.

    Attributes
    ----------
    horizons : tuple of int
        N, in trading days (published observations).
    quantile : float
        Percentile threshold as a fraction (default 0.99).
    lookback_years : float
        Trailing window for the threshold, in years (default 10).
    direction : {"rise", "fall", "both"}
        Which moves count: yield rises (default), falls, or either (absolute change).
    min_obs : int
        Fewest past N-day changes needed before the rule can fire (default 500).
    """

    horizons: tuple[int, ...] = (1, 3, 5, 10)
    quantile: float = 0.99
    lookback_years: float = 10.0
    direction: Literal["rise", "fall", "both"] = "rise"
    min_obs: int = 500

    def __post_init__(self) -> None:
        if not 0.5 <= self.quantile < 1.0:
            raise InputError(f"velocity rule: quantile must be in [0.5, 1), got {self.quantile}")
        if self.direction not in _DIRECTIONS:
            raise InputError(
                f"velocity rule: direction {self.direction!r}; expected one of {list(_DIRECTIONS)}"
            )
        if not self.horizons or min(self.horizons) < 1:
            raise InputError(f"velocity rule: horizons must be >= 1, got {self.horizons}")

    @property
    def window(self) -> str:
        """Pandas time window of the lookback (365.25 days a year)."""
        return f"{int(round(self.lookback_years * 365.25))}D"


@dataclass(frozen=True, repr=False)
class VelocityResult(Result, frame="latest"):
    """Result of :func:`velocity`.

    Attributes
    ----------
    latest : DataFrame
        One row per (series_id, horizon) on the last date: ``date, change_bp, pct_all,
        pct_recent, threshold_bp, alert``; ``pct_all`` against every N-day change in the data
        given, ``pct_recent`` against the last ``lookback_years``.
    alerts : DataFrame
        Every past alert: ``date, series_id, horizon, change_bp, threshold_bp``.
    rule : VelocityRule
    sources : dict
        Series used with their first and last dates.
    """

    latest: pd.DataFrame
    alerts: pd.DataFrame
    rule: VelocityRule
    sources: dict[str, object] = field(default_factory=dict)

    @property
    def firing(self) -> pd.DataFrame:
        """Rows of :attr:`latest` whose alert fires."""
        return self.latest[self.latest["alert"].astype(bool)]

    def summary(self) -> str:
        """A few lines in plain words."""
        if self.latest.empty:
            return "velocity: no data"
        date = str(self.latest["date"].max())[:10]
        lines = [
            f"Velocity {date} (rule: {self.rule.direction} above the "
            f"{self.rule.quantile:.0%} quantile of the last {self.rule.lookback_years:g}y):"
        ]
        fire = self.firing
        if fire.empty:
            lines.append("  no alert")
        for r in fire.to_dict("records"):
            lines.append(
                f"  ALERT {r['series_id']} {r['horizon']}d {r['change_bp']:+.0f}bp "
                f"(threshold {r['threshold_bp']:+.1f}bp, {r['pct_all']:.1f} pct since start)"
            )
        return "\n".join(lines)


def velocity(
    yields: Mapping[str, pd.Series],
    rule: VelocityRule | None = None,
) -> VelocityResult:
    """N-day yield changes, their percentiles and the alerts of a rule.

    Parameters
    ----------
    yields : mapping of id -> Series
        Yields in percent (e.g. ``{"DGS10": ..., "DGS2": ...}``), already cut at the as-of date.
    rule : VelocityRule, optional
        Defaults to a rise above the 99th percentile of the last 10 years.

    Returns
    -------
    VelocityResult

    Examples
    --------
    >>> import numpy as np
    >>> idx = pd.DatetimeIndex(pd.bdate_range("2000-01-03", periods=800), name="date")
    >>> s = pd.Series(np.r_[np.zeros(799), 1.0] + 4.0, index=idx, name="DGS10")
    >>> velocity({"DGS10": s}, VelocityRule(horizons=(1,), min_obs=100)).firing["change_bp"].item()
    100.0
    """
    rule = rule or VelocityRule()
    if not yields:
        raise InputError("velocity: no yield series given")
    signed = _DIRECTIONS[rule.direction]
    rows: list[dict[str, object]] = []
    alerts: list[pd.DataFrame] = []
    sources: dict[str, object] = {}
    for sid, s in yields.items():
        s = s.dropna().astype(float)
        if s.empty:
            continue
        sources[sid] = {"first": s.index[0], "last": s.index[-1]}
        for n in rule.horizons:
            chg = nday_change_bp(s, n).dropna()
            if chg.empty:
                continue
            x = signed(chg)
            thr = x.rolling(rule.window, min_periods=rule.min_obs).quantile(rule.quantile).shift(1)
            hit = x > thr
            if hit.any():
                alerts.append(
                    pd.DataFrame(
                        {
                            "date": chg.index[hit.to_numpy()],
                            "series_id": sid,
                            "horizon": n,
                            "change_bp": chg[hit].to_numpy(),
                            "threshold_bp": thr[hit].round(2).to_numpy(),
                        }
                    )
                )
            last = chg.index[-1]
            recent = chg[chg.index > last - pd.Timedelta(rule.window)]
            rows.append(
                {
                    "series_id": sid,
                    "horizon": n,
                    "date": last,
                    "change_bp": float(chg.iloc[-1]),
                    "pct_all": percentile_rank(chg, float(chg.iloc[-1])),
                    "pct_recent": percentile_rank(recent, float(chg.iloc[-1])),
                    "threshold_bp": round(float(thr.iloc[-1]), 2),
                    "alert": bool(hit.iloc[-1]),
                    "history_start": chg.index[0],
                }
            )
    cols = ["date", "series_id", "horizon", "change_bp", "threshold_bp"]
    latest_cols = ["series_id", "horizon", "date", "change_bp", "pct_all", "pct_recent"]
    latest_cols += ["threshold_bp", "alert", "history_start"]
    alert_frame = (
        pd.concat(alerts).sort_values(["date", "series_id", "horizon"]).reset_index(drop=True)
        if alerts
        else pd.DataFrame(columns=cols)
    )
    return VelocityResult(
        latest=pd.DataFrame(rows, columns=latest_cols),
        alerts=alert_frame,
        rule=rule,
        sources=sources,
    )
