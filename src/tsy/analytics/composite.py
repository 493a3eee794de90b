"""Composite stress score: every part scored on a fixed scale so that a normal day is 0.

Each part gives one value per date *in its stress direction* (higher = more stress), already in a
stationary form (sigmas of its own trailing year, a ratio to its trailing median, a deviation
from its trailing median). Its score is a fixed, declared mapping of that value (:data:`SCALES`):

    score = 100 * clip((value - normal) / (full - normal), 0, 1)

``normal`` is the largest value a strategist would call an ordinary day (about the 90th
percentile of 2006-2025 business days for the fast parts), ``full`` the size of the crisis days
of the episode library (2008-10, 2020-03, 2022-06, 2025-04). A fixed scale, not a rank: a part
is not "high" because the last three years were quiet, and a stress that lasts does not fade
into the norm (the first edition re-ranked the parts and their mean against the trailing three
years: Q4 2025's repo spreads then read 85-96 with every market part at 0, and Lehman's 15
September 2008, after a stressed year, read 0).

The composite joins the fresh parts' scores like independent alarms (a noisy-OR):

    composite = 100 * (1 - prod(1 - weight_p * score_p / 100))

so one part at full stress alone gives ``100 * weight`` (1 for the market parts, 0.5-0.6 for the
slow plumbing parts, which cannot make a crisis on their own), two parts at 50 give 75, and a
quiet part adds nothing (a mean would dilute a fast episode with weekly parts that cannot have
moved yet). Verdicts: ``high`` from 70, ``elevated`` from 40.

==================  ===============================================  ======  =====  ======  =====
part                value (stress direction)                          normal  full   weight  stale
==================  ===============================================  ======  =====  ======  =====
cross_asset         haven-failure intensity ``min(-z_eq, z_10y)``,    0.4     1.4    1       5 d
                    sigmas of the trailing year
velocity            largest ``|z|`` of coupon tenors, N = 1,3,5,10    2.5     5.5    1       5 d
bond_vol            MOVE / its trailing 250-day median                1.25    2.25   1       5 d
liquidity_price     score of the most stressed price measure          0       100    1       7 d
                    (:data:`~tsy.analytics.liquidity_distance.MEASURES`)
liquidity_quantity  reserves / Fed assets below its 250-day median,   5       15     0.5     14 d
                    pp
basis_trade         4-week unwind of the DV01-weighted net short, %   10      35     0.6     17 d
auctions            worst stress z of coupon auctions, last 10 b.d.   2.5     6      0.6     14 d
==================  ===============================================  ======  =====  ======  =====

Calibration (``benchmarks/calibrate_monitor.py`` on ../shared/data, 240 month-ends 2006-2025):
business-day quantiles 90/99 % of the values: cross_asset 0.21/1.17, velocity 2.69/4.46,
bond_vol 1.41/1.88, auctions 2.97/14.6; crisis days: cross_asset 2.89 (2020-03-18), 3.28
(2022-06-13), 1.03 (2025-04-10); velocity 8.17 (2020-03-09), 7.07 (2023-03-13); bond_vol 2.56
(2020-03), 2.02 (2008-10-10); basis unwind 36 % (99th percentile, March 2020 -31 %).

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
    "SCALES",
    "Composite",
    "PartReading",
    "Scale",
    "combine",
    "composite",
    "daily_scores",
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

#: Verdict by score (lower bound, label), highest first.
VERDICTS: tuple[tuple[float, str], ...] = ((70.0, "high"), (40.0, "elevated"), (0.0, "normal"))


@dataclass(frozen=True)
class Scale:
    """A part's fixed scoring scale (see the module docstring for the values and their source).

    Attributes
    ----------
    normal : float
        The value up to which the part scores 0 (in the part's unit).
    full : float
        The value from which it scores 100.
    weight : float
        The most the part alone adds to the composite, as a share (0-1].
    """

    normal: float
    full: float
    weight: float = 1.0

    def score(self, values: pd.Series) -> pd.Series:
        """``100 * clip((value - normal) / (full - normal), 0, 1)``, NaN dropped.

        Examples
        --------
        >>> Scale(2.5, 5.5).score(pd.Series([1.0, 4.0, 9.0])).tolist()
        [0.0, 50.0, 100.0]
        """
        v = values.dropna().astype(float)
        x = 100.0 * (v.to_numpy() - self.normal) / (self.full - self.normal)
        x = np.where(x >= 0.0, x, 0.0)  # pandas' clip: where(x >= lower), then where(x <= upper)
        return pd.Series(np.where(x <= 100.0, x, 100.0), index=v.index, name=v.name)


#: Part -> its scale (module docstring: normal, full and weight, and how they were calibrated).
SCALES: dict[str, Scale] = {
    "cross_asset": Scale(0.4, 1.4),
    "velocity": Scale(2.5, 5.5),
    "bond_vol": Scale(1.25, 2.25),
    "liquidity_price": Scale(0.0, 100.0),
    "liquidity_quantity": Scale(5.0, 15.0, 0.5),
    "basis_trade": Scale(10.0, 35.0, 0.6),
    "auctions": Scale(2.5, 6.0, 0.6),
}


def combine(scores: Mapping[str, float]) -> float:
    """Noisy-OR of part scores: ``100 * (1 - prod(1 - weight * score / 100))``.

    Examples
    --------
    >>> combine({"cross_asset": 50.0, "velocity": 50.0})
    75.0
    >>> combine({"auctions": 100.0})  # a slow part alone: at most its weight
    60.0
    """
    keep = 1.0
    for p, sc in scores.items():
        keep *= 1.0 - SCALES[p].weight * float(sc) / 100.0
    return round(100.0 * (1.0 - keep), 9)


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
) -> PartReading:
    """The part's last value on or before ``as_of`` and its score ("missing" when none)."""
    if values is None or values.dropna().empty:
        return PartReading(part, "missing", inputs=inputs, note=note or "no input data")
    v = values.dropna().loc[: pd.Timestamp(as_of)]
    if v.empty:
        return PartReading(part, "missing", inputs=inputs, note="no data on or before the date")
    d = pd.Timestamp(v.index[-1])
    score = float(SCALES[part].score(v.iloc[-1:]).iloc[0])
    return PartReading(part, "ok", score, float(v.iloc[-1]), unit, d, inputs, note)


@dataclass(frozen=True, repr=False)
class Composite(Result, frame="parts"):
    """The composite at an as-of date.

    Attributes
    ----------
    score : float or None
        The noisy-OR of the fresh parts' scores (module docstring); None when there is not
        enough fresh data.
    verdict : str
        ``high`` (>= 70), ``elevated`` (>= 40), ``normal``, or ``insufficient`` (not enough
        fresh data).
    parts : DataFrame
        ``part, status ("ok" = fresh, "stale", "missing"), score, value, unit, date, age_days,
        stale_after_days, weight, inputs, note``.
    missing, stale : list of str
    message : str
    """

    score: float | None
    verdict: str
    parts: pd.DataFrame
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    message: str = ""

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
        if self.missing or self.stale:
            s += "; not scored: " + ", ".join([*self.missing, *self.stale])
        return s + ")"


def daily_scores(
    scores: Mapping[str, pd.Series],
    lags: Mapping[str, int] | None = None,
    end: Any = None,
) -> pd.DataFrame:
    """Per business day: each part's latest fresh score, the count of fresh parts, the composite.

    A part's score can be read from its release (observation date + ``lags[part]`` days) and is
    fresh while its observation date is at most :data:`PARTS` days old. ``score`` (the
    :func:`combine` of the fresh parts) is NaN where fewer than :data:`MIN_FRESH` parts are fresh
    or a :data:`REQUIRED` part is not.
    """
    lags = lags or {}
    ends = [s.index[-1] for s in scores.values() if len(s)]
    if not ends:
        return pd.DataFrame(columns=[*PARTS, "fresh", "score"])
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
    w = pd.Series({p: SCALES[p].weight for p in PARTS})
    keep_share = (1.0 - t[list(PARTS)].fillna(0.0) * w / 100.0).prod(axis=1)
    t["score"] = (100.0 * (1.0 - keep_share)).round(9).where(ok)
    return t


def composite(readings: Mapping[str, PartReading], as_of: Any) -> Composite:
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
             "stale_after_days": limit, "weight": SCALES[p].weight, "inputs": r.inputs,
             "note": r.note}
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
    score = combine(dict(zip(fresh["part"], fresh["score"], strict=True)))
    verdict = next(lab for lo, lab in VERDICTS if score >= lo)
    return Composite(score, verdict, t, missing, stale, "")
