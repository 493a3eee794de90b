"""Composite safe-haven stress score, built from the parts of the monitor.

Each part is reduced to one number and its percentile *in the stress direction* (100 = the most
stressed reading on record for that part), with the date of the reading and whether it is stale
at the as-of date:

==================  ==========================================================  ===========
part                value                                                       stale after
==================  ==========================================================  ===========
cross_asset         triple-fall score today (max over k = 1, 3, 5); percentile  7 days
                    among every day's score
velocity            10y N-day rise with the highest percentile (last 10 years)  7 days
bond_vol            MOVE if present, else tsy's realised index TSYRVOL; pct      7 days
liquidity_price     the most stressed price measure (SOFR - IORB, ...)          7 days
liquidity_quantity  net liquidity (assets - TGA - ON RRP); low = stressed       14 days
basis_trade         leveraged funds' total net short, 10y-equivalents           14 days
auctions            proxy (or when-issued) tail of the latest coupon auction,   45 days
                    percentile against the previous auctions of its term
==================  ==========================================================  ===========

score = mean of the percentiles of the parts that are present and fresh. When any part is
missing or stale the score is labelled ``partial`` and lists them: it is the mean of the parts
it has, said so, and never re-weighted silently to look complete.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tsy.analytics._result import Result
from tsy.analytics._stats import percentile_rank

__all__ = [
    "PARTS",
    "StressScore",
    "auction_part",
    "basis_part",
    "composite",
    "cross_part",
    "liquidity_part",
    "stress_parts",
    "velocity_part",
    "vol_part",
]

#: Part name -> days after which its reading is stale.
PARTS: dict[str, int] = {
    "cross_asset": 7,
    "velocity": 7,
    "bond_vol": 7,
    "liquidity_price": 7,
    "liquidity_quantity": 14,
    "basis_trade": 14,
    "auctions": 45,
}

#: Verdict by score (lower bound, label), highest first.
VERDICTS: tuple[tuple[float, str], ...] = ((80.0, "high"), (60.0, "elevated"), (0.0, "normal"))


def _part(
    name: str,
    *,
    value: Any = np.nan,
    unit: str = "",
    pct: Any = np.nan,
    date: Any = None,
    series: str = "",
    note: str = "",
) -> dict[str, object]:
    ok = date is not None and not pd.isna(date) and pct is not None and np.isfinite(pct)
    return {
        "part": name,
        "status": "ok" if ok else "missing",
        "value": value,
        "unit": unit,
        "percentile": float(pct) if ok else np.nan,
        "date": pd.Timestamp(date) if ok else pd.NaT,
        "series": series,
        "note": note,
    }


def cross_part(res: Any) -> dict[str, object]:
    if res is None or res.daily.empty:
        return _part("cross_asset", series="SP500|SPY,DGS10,DTWEXBGS")
    cols = [c for c in res.daily.columns if str(c).startswith("score_k")]
    best = res.daily[cols].max(axis=1)
    v = float(best.iloc[-1])
    return _part(
        "cross_asset",
        value=v,
        unit="score",
        pct=percentile_rank(best, v),
        date=res.daily.index[-1],
        series="SP500|SPY,DGS10,DTWEXBGS",
        note="triple fall" if bool(res.daily["triple_fall"].iloc[-1]) else "",
    )


def velocity_part(res: Any, sid: str = "DGS10") -> dict[str, object]:
    if res is None or res.latest.empty:
        return _part("velocity", series=sid)
    t = res.latest[res.latest["series_id"] == sid]
    if t.empty:
        return _part("velocity", series=sid)
    row = t.loc[t["pct_recent"].idxmax()]
    return _part(
        "velocity",
        value=float(row["change_bp"]),
        unit=f"bp in {int(row['horizon'])}d",
        pct=float(row["pct_recent"]),
        date=row["date"],
        series=sid,
        note="alert" if bool(t["alert"].any()) else "",
    )


def vol_part(res: Any) -> dict[str, object]:
    if res is None:
        return _part("bond_vol", series="MOVE|TSYRVOL")
    lt = res.latest
    if lt.get("MOVE") is not None:
        return _part(
            "bond_vol",
            value=lt["MOVE"],
            unit="MOVE",
            pct=lt["MOVE_pct"],
            date=lt["MOVE_date"],
            series="MOVE",
        )
    return _part(
        "bond_vol",
        value=lt.get("TSYRVOL"),
        unit="bp/yr realised",
        pct=lt.get("TSYRVOL_pct", np.nan),
        date=lt.get("date"),
        series="DGS2,DGS5,DGS10,DGS30",
        note="MOVE missing: realised index used",
    )


def liquidity_part(res: Any, dim: str, pick: str | None) -> dict[str, object]:
    name = f"liquidity_{dim}"
    if res is None:
        return _part(name)
    t = res.table[(res.table["dimension"] == dim) & (res.table["status"] == "ok")]
    if pick is not None:
        t = t[t["measure"] == pick]
    if t.empty:
        return _part(name, series=pick or dim)
    row = t.loc[t["stress_pct"].idxmax()]
    return _part(
        name,
        value=float(row["value"]),
        unit=f"{row['measure']} ({row['unit']})",
        pct=float(row["stress_pct"]),
        date=row["date"],
        series=str(row["inputs"]),
    )


def basis_part(res: Any) -> dict[str, object]:
    if res is None or res.latest.empty:
        return _part("basis_trade", series="positions")
    row = res.latest[res.latest["contract"] == "total"].iloc[0]
    return _part(
        "basis_trade",
        value=float(row["net_short_10y_eq"]),
        unit="10y-eq contracts",
        pct=float(row["pct_net_short"]),
        date=row["report_date"],
        series="positions (CFTC TFF)",
    )


def auction_part(res: Any) -> dict[str, object]:
    if res is None or res.table.empty:
        return _part("auctions", series="auctions")
    t = res.table[(res.table["kind"].isin(["nominal", "tips"])) & res.table["tail_bp_pct"].notna()]
    if t.empty:
        return _part("auctions", series="auctions")
    row = t.iloc[-1]
    return _part(
        "auctions",
        value=float(row["tail_bp"]),
        unit=f"bp tail, {row['original_term']} {row['kind']}",
        pct=float(row["tail_bp_pct"]),
        date=row["auction_date"],
        series=f"auctions [{row['source']}] {row['cusip']}",
        note=str(row["tail_basis"]),
    )


def stress_parts(
    *,
    crossasset: Any = None,
    velocity: Any = None,
    volatility: Any = None,
    liquidity: Any = None,
    positioning: Any = None,
    auctions: Any = None,
) -> pd.DataFrame:
    """Reduce each analysis result to one row: value, percentile (stress direction), date.

    Parameters are the result objects of :mod:`tsy.analytics.crossasset`, ``velocity``,
    ``volatility``, ``liquidity``, ``positioning`` and ``auctions`` (None when missing).
    """
    rows = [
        cross_part(crossasset),
        velocity_part(velocity),
        vol_part(volatility),
        liquidity_part(liquidity, "price", None),
        liquidity_part(liquidity, "quantity", "net_liquidity"),
        basis_part(positioning),
        auction_part(auctions),
    ]
    return pd.DataFrame(rows)


@dataclass(frozen=True, repr=False)
class StressScore(Result, frame="parts"):
    """The composite score.

    Attributes
    ----------
    score : float
        Mean percentile (0-100) of the fresh parts present; NaN if none.
    status : {"complete", "partial", "empty"}
    verdict : str
        ``high`` (>= 80), ``elevated`` (>= 60), ``normal``; prefixed ``partial`` when partial.
    parts : DataFrame
        ``part, status ("ok", "stale", "missing"), value, unit, percentile, date, age_days,
        stale_after_days, series, note``.
    missing, stale : list of str
    """

    score: float
    status: str
    verdict: str
    parts: pd.DataFrame
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line."""
        if self.status == "empty":
            return "Stress score: no part available"
        s = f"Stress score {self.score:.0f}/100 ({self.verdict})"
        if self.status == "partial":
            n_ok = int((self.parts["status"] == "ok").sum())
            s += f" - PARTIAL: {n_ok} of {len(self.parts)} parts"
            if self.missing:
                s += f"; missing: {', '.join(self.missing)}"
            if self.stale:
                s += f"; stale: {', '.join(self.stale)}"
        return s


def composite(
    parts: pd.DataFrame,
    as_of: pd.Timestamp | str,
    *,
    stale_after: Mapping[str, int] | None = None,
) -> StressScore:
    """Combine the parts into the safe-haven stress score.

    Parameters
    ----------
    parts : DataFrame
        Output of :func:`stress_parts`.
    as_of : date
        The monitor's as-of date (staleness is age at this date).
    stale_after : mapping part -> days, optional
        Defaults to :data:`PARTS`.

    Returns
    -------
    StressScore

    Examples
    --------
    >>> p = pd.DataFrame({"part": ["a", "b"], "status": ["ok", "missing"],
    ...                   "percentile": [90.0, np.nan],
    ...                   "date": [pd.Timestamp("2025-04-11"), pd.NaT]})
    >>> s = composite(p, "2025-04-11", stale_after={"a": 7, "b": 7})
    >>> s.score, s.status, s.missing
    (90.0, 'partial', ['b'])
    """
    limits = dict(PARTS if stale_after is None else stale_after)
    asof = pd.Timestamp(as_of)
    p = parts.copy()
    p["stale_after_days"] = p["part"].map(limits).astype(float)
    p["age_days"] = (asof - pd.to_datetime(p["date"])).dt.days
    stale = (p["status"] == "ok") & (p["age_days"] > p["stale_after_days"])
    p.loc[stale, "status"] = "stale"
    ok = p[p["status"] == "ok"]
    missing = p.loc[p["status"] == "missing", "part"].tolist()
    stale_l = p.loc[p["status"] == "stale", "part"].tolist()
    if ok.empty:
        return StressScore(np.nan, "empty", "unknown", p, missing, stale_l)
    score = float(ok["percentile"].mean())
    label = next(lab for lo, lab in VERDICTS if score >= lo)
    status = "complete" if not (missing or stale_l) else "partial"
    verdict = label if status == "complete" else f"{label} (partial)"
    return StressScore(score, status, verdict, p, missing, stale_l)
