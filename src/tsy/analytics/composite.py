"""Composite stress score: every part scored so that a normal day is 0.

Each part gives one value per date *in its stress direction* (higher = more stress). Its score on
a date is a two-sided rank against the part's own trailing three years (1,096 calendar days,
the day included), mapped so that the median day and everything calmer is 0:

    score = max(0, 2 * rank - 100),   rank = (average rank in the window - 1/2) / n * 100

(the mid-rank: the share of the window below the value plus half the share equal to it). Ties
take their average rank, so a run of identical calm readings ranks at exactly 50 (score 0), never
"at or below" everything; the day that is the highest of n scores 100 - 100/n.

The composite takes the mean of the fresh parts' scores on each business day and scores *that*
the same way against its own trailing three years: a day whose parts are, on average, more
stressed than on all but 5 % of the last three years' days scores 90. (The plain mean dilutes a
fast episode with slow weekly parts that cannot have moved yet: on 2025-04-10 the mean is 55 with
reserves and CFTC positions at 0, and it ranks in the top 3 % of its three years.) Both numbers
are reported.

=================  =======================================================  ===========
part               value (stress direction)                                  stale after
=================  =======================================================  ===========
cross_asset        haven-failure intensity ``min(-z_eq, z_10y)`` (sigmas)    5 days
velocity           largest ``|z|`` of coupon tenors, N = 1, 3, 5, 10         5 days
bond_vol           MOVE index (implied Treasury volatility)                  5 days
liquidity_price    most stressed price measure's rank (repo spreads, cash)   7 days
liquidity_quantity reserves / assets below its 250-day median (pp)           14 days
basis_trade        4-week unwind of the DV01-weighted net short (%)          17 days
auctions           worst stress z of coupon auctions, last 10 bus. days      14 days
=================  =======================================================  ===========

Vulnerabilities (position size, reserve cushion, ON RRP buffer) are levels, not stress: they are
reported apart and never enter the score. No score is given unless at least 5 of the 7 parts are
fresh, including ``cross_asset`` and ``liquidity_price``; otherwise the result says "not enough
fresh data" and names what is missing or stale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tsy.analytics._result import Result

__all__ = [
    "MIN_FRESH",
    "PARTS",
    "REQUIRED",
    "Composite",
    "PartReading",
    "composite",
    "rank_score",
    "reading",
]

#: Part -> days after which its last reading is stale (at the as-of date).
PARTS: dict[str, int] = {
    "cross_asset": 5,
    "velocity": 5,
    "bond_vol": 5,
    "liquidity_price": 7,
    "liquidity_quantity": 14,
    "basis_trade": 17,
    "auctions": 14,
}
REQUIRED: tuple[str, ...] = ("cross_asset", "liquidity_price")
MIN_FRESH = 5
WINDOW = "1096D"

#: Verdict by score (lower bound, label), highest first.
VERDICTS: tuple[tuple[float, str], ...] = ((90.0, "high"), (70.0, "elevated"), (0.0, "normal"))


def rank_score(values: pd.Series, *, min_obs: int = 150) -> pd.Series:
    """Score of each value against the trailing three years of the series (0 = a normal day).

    Parameters
    ----------
    values : Series
        The part's value in its stress direction, on a DatetimeIndex.
    min_obs : int
        Fewest observations in the window before a score is given (default 150; use about 50
        for weekly series).

    Examples
    --------
    >>> d = pd.bdate_range("2020-01-01", periods=400)
    >>> s = pd.Series(np.r_[np.zeros(399), 5.0], index=d)
    >>> sc = rank_score(s)
    >>> float(sc.iloc[-2]), round(float(sc.iloc[-1]), 2)
    (0.0, 99.75)
    """
    v = values.dropna().astype(float).sort_index()
    if v.empty:
        return v
    roll = v.rolling(WINDOW, min_periods=min_obs)
    r = (roll.rank(method="average") - 0.5) / roll.count() * 100.0
    return (2.0 * r - 100.0).clip(lower=0.0)


@dataclass(frozen=True)
class PartReading:
    """One part's reading at the as-of date."""

    part: str
    status: str  # "ok" or "missing"
    score: float = float("nan")
    value: float = float("nan")
    unit: str = ""
    date: pd.Timestamp | None = None
    inputs: str = ""
    note: str = ""


def reading(
    part: str,
    values: pd.Series | None,
    as_of: Any,
    *,
    unit: str,
    inputs: str,
    note: str = "",
    min_obs: int = 150,
    scores: pd.Series | None = None,
) -> PartReading:
    """The part's last value on or before ``as_of`` and its score ("missing" when none).

    ``scores`` may carry :func:`rank_score` of the whole series, computed once (the score of a
    date uses only the window up to it, so it is the same as scoring the cut series).
    """
    if values is None or values.dropna().empty:
        return PartReading(part, "missing", inputs=inputs, note=note or "no input data")
    v = values.dropna().loc[: pd.Timestamp(as_of)]
    sc = (rank_score(v, min_obs=min_obs) if scores is None else scores.reindex(v.index)).dropna()
    if sc.empty:
        return PartReading(part, "missing", inputs=inputs, note="not enough history to score")
    d = pd.Timestamp(sc.index[-1])
    return PartReading(
        part, "ok", float(sc.iloc[-1]), float(v.loc[d]), unit, d, inputs, note
    )  # fmt: skip


@dataclass(frozen=True, repr=False)
class Composite(Result, frame="parts"):
    """The composite at an as-of date.

    Attributes
    ----------
    score : float or None
        The mean of the fresh parts' scores, ranked against its trailing three years (or the mean
        itself when no history is given); None when there is not enough fresh data.
    mean : float or None
        The mean of the fresh parts' scores.
    verdict : str
        ``high`` (>= 90: the top 5 % of the last three years), ``elevated`` (>= 70: top 15 %),
        ``normal``, or ``insufficient`` (not enough fresh data).
    parts : DataFrame
        ``part, status ("ok" = fresh, "stale", "missing"), score, value, unit, date, age_days,
        stale_after_days, inputs, note``.
    missing, stale : list of str
    message : str
    """

    score: float | None
    verdict: str
    parts: pd.DataFrame
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    message: str = ""
    mean: float | None = None

    @property
    def status(self) -> str:
        """``complete`` (every part fresh), ``partial`` (scored without some) or ``empty``."""
        if self.score is None:
            return "empty"
        return "partial" if (self.missing or self.stale) else "complete"

    def summary(self) -> str:
        """One line."""
        if self.score is None:
            return f"Stress score: {self.message}"
        n = int((self.parts["status"] == "ok").sum())
        s = f"Stress score {self.score:.0f}/100 ({self.verdict}; {n} of {len(self.parts)} parts"
        if self.mean is not None and self.mean != self.score:
            s += f", mean part score {self.mean:.0f}"
        if self.missing or self.stale:
            s += "; not scored: " + ", ".join([*self.missing, *self.stale])
        return s + ")"


def daily_mean(
    scores: Mapping[str, pd.Series],
    lags: Mapping[str, int] | None = None,
    end: Any = None,
) -> pd.DataFrame:
    """Per business day: each part's latest fresh score, the count of fresh parts and their mean.

    A part's score can be read from its release (observation date + ``lags[part]`` days) and is
    fresh while its observation date is at most :data:`PARTS` days old. ``mean`` is NaN where
    fewer than :data:`MIN_FRESH` parts are fresh or a :data:`REQUIRED` part is not.
    """
    lags = lags or {}
    ends = [s.index[-1] for s in scores.values() if len(s)]
    if not ends:
        return pd.DataFrame(columns=[*PARTS, "fresh", "mean"])
    starts = [s.index[0] for s in scores.values() if len(s)]
    last = pd.Timestamp(end) if end is not None else max(ends)
    days = pd.bdate_range(min(starts), last)
    cols = {}
    for p, limit in PARTS.items():
        sc = scores.get(p)
        if sc is None or sc.dropna().empty:
            cols[p] = pd.Series(np.nan, index=days)
            continue
        sc = sc.dropna()
        obs = pd.DatetimeIndex(sc.index)
        rel_idx = obs + pd.Timedelta(days=lags.get(p, 0))
        rel = pd.Series(sc.to_numpy(), index=rel_idx)
        when = pd.Series(obs, index=rel_idx)  # observation date: age is counted from it
        keep = ~rel.index.duplicated(keep="last")
        rel, when = rel[keep], when[keep]
        both = (
            pd.DataFrame({"v": rel, "t": when})
            .reindex(days.union(pd.DatetimeIndex(rel.index)))
            .ffill()
        )
        both = both.reindex(days)
        fresh = (days - pd.DatetimeIndex(both["t"])).days <= limit
        cols[p] = both["v"].where(fresh)
    t = pd.DataFrame(cols, index=days)
    t["fresh"] = t[list(PARTS)].notna().sum(axis=1)
    ok = (t["fresh"] >= MIN_FRESH) & t[list(REQUIRED)].notna().all(axis=1)
    t["mean"] = t[list(PARTS)].mean(axis=1).where(ok)
    return t


def composite(
    readings: Mapping[str, PartReading], as_of: Any, history: pd.Series | None = None
) -> Composite:
    """Combine the parts' readings into the composite (see the module docstring).

    Examples
    --------
    >>> r = {p: PartReading(p, "ok", 0.0, 0.0, "", pd.Timestamp("2025-04-11")) for p in PARTS}
    >>> composite(r, "2025-04-11").score
    0.0
    >>> del r["cross_asset"]
    >>> composite(r, "2025-04-11").message
    'not enough fresh data: missing cross_asset (required: cross_asset, liquidity_price)'
    """
    asof = pd.Timestamp(as_of)
    rows = []
    for p, limit in PARTS.items():
        r = readings.get(p) or PartReading(p, "missing", note="not computed")
        age = (asof - r.date).days if r.date is not None else np.nan
        status = "missing" if r.status != "ok" else ("stale" if age > limit else "ok")
        rows.append(
            {"part": p, "status": status, "score": r.score if status == "ok" else np.nan,
             "value": r.value, "unit": r.unit, "date": r.date, "age_days": age,
             "stale_after_days": limit, "inputs": r.inputs, "note": r.note}
        )  # fmt: skip
    t = pd.DataFrame(rows)
    missing = t.loc[t["status"] == "missing", "part"].tolist()
    stale = t.loc[t["status"] == "stale", "part"].tolist()
    fresh = t[t["status"] == "ok"]
    lacking = [p for p in REQUIRED if p not in set(fresh["part"])]
    if len(fresh) < MIN_FRESH or lacking:
        bits = []
        if missing:
            bits.append("missing " + ", ".join(missing))
        if stale:
            bits.append("stale " + ", ".join(stale))
        msg = "not enough fresh data: " + "; ".join(bits)
        if lacking and len(fresh) >= MIN_FRESH:
            msg += f" (required: {', '.join(REQUIRED)})"
        return Composite(None, "insufficient", t, missing, stale, msg)
    mean = float(fresh["score"].mean())
    score = mean
    if history is not None:
        h = history.dropna().loc[:asof]
        ranked = rank_score(h, min_obs=250)
        if len(ranked) and ranked.index[-1] >= asof - pd.Timedelta(days=4):
            score = float(ranked.iloc[-1])
    verdict = next(lab for lo, lab in VERDICTS if score >= lo)
    return Composite(score, verdict, t, missing, stale, "", mean)
