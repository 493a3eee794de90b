"""Basis-trade deleveraging proxies: leveraged funds' Treasury futures shorts and repo activity.

The cash-futures basis trade is long cash Treasuries (financed in repo) and short futures, so
hedge funds' futures shorts (CFTC Traders in Financial Futures, "leveraged money") measure its
size, and a quick fall in them is a sign of unwinding. Inputs:

* table ``positions`` (CFTC TFF, futures only; one row per report date and contract): the
  ``lev_money_long`` / ``lev_money_short`` columns, contracts;
* ``BOGZ1FL153061105Q``: Z.1 households and nonprofits' Treasury holdings (USD millions,
  quarterly), the residual sector that contains hedge funds;
* ``SOFR_VOLUME``: SOFR transaction volume (NY Fed, USD billions), a repo-activity proxy.

10-year equivalents
-------------------
Contracts differ in size and duration, so each is converted to 10-year note contracts by DV01:

    eq10 = contracts * face * D / (100,000 * D_10y)

with CBOT face values (2-year note $200,000; the others $100,000) and these *assumed* modified
durations of the cheapest-to-deliver (typical values, not live CTD analytics):
2y 1.9, 5y 4.1, 10y 6.3, ultra 10y 8.5, bond 11.5, ultra bond 17.0 years.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tsy.analytics._result import Result
from tsy.analytics._stats import expanding_percentile, percentile_rank
from tsy.errors import InputError

__all__ = ["CONTRACTS", "Positioning", "leveraged_shorts", "positioning"]


@dataclass(frozen=True)
class Contract:
    """A Treasury futures contract: face value (USD) and assumed CTD modified duration (years)."""

    face_usd: float
    duration: float


#: CBOT Treasury futures (face, assumed CTD modified duration). Keys are ``positions.contract``.
CONTRACTS: dict[str, Contract] = {
    "2y": Contract(200_000.0, 1.9),
    "5y": Contract(100_000.0, 4.1),
    "10y": Contract(100_000.0, 6.3),
    "ultra10y": Contract(100_000.0, 8.5),
    "bond": Contract(100_000.0, 11.5),
    "ultrabond": Contract(100_000.0, 17.0),
}


def _eq10_factor(contract: str) -> float:
    c, ten = CONTRACTS[contract], CONTRACTS["10y"]
    return c.face_usd * c.duration / (ten.face_usd * ten.duration)


def leveraged_shorts(positions: pd.DataFrame) -> pd.DataFrame:
    """Leveraged funds' net short per contract and report date, in contracts and 10y-equivalents.

    Parameters
    ----------
    positions : DataFrame
        The ``positions`` table (``report_date``, ``contract``, ``lev_money_long``,
        ``lev_money_short``, ``open_interest``).

    Returns
    -------
    DataFrame with ``report_date, contract, lev_long, lev_short, net_short, net_short_10y_eq,
    lev_short_share_oi`` (percent of open interest), ``wk_chg_net_short``,
    ``wk_chg_10y_eq`` (change from the previous report, NaN if it is more than 8 days earlier)
    and ``pct_net_short`` (percentile of the net short in its contract's history up to that
    date). A row ``contract == "total"`` sums the 10y-equivalents over the contracts present.
    """
    need = ["report_date", "contract", "lev_money_long", "lev_money_short", "open_interest"]
    miss = [c for c in need if c not in positions]
    if miss:
        raise InputError(f"positions table lacks columns {miss}; expected CFTC TFF fields")
    p = positions[positions["contract"].isin(list(CONTRACTS))].copy()
    if p.empty:
        raise InputError(f"positions: no rows for the Treasury contracts {list(CONTRACTS)}")
    p["report_date"] = pd.to_datetime(p["report_date"])
    p = p.sort_values(["contract", "report_date"]).drop_duplicates(
        ["contract", "report_date"], keep="last"
    )
    out = pd.DataFrame(
        {
            "report_date": p["report_date"],
            "contract": p["contract"],
            "lev_long": p["lev_money_long"].astype(float),
            "lev_short": p["lev_money_short"].astype(float),
        }
    )
    out["net_short"] = out["lev_short"] - out["lev_long"]
    out["net_short_10y_eq"] = out["net_short"] * out["contract"].map(_eq10_factor)
    out["lev_short_share_oi"] = out["lev_short"] / p["open_interest"].astype(float) * 100.0
    tot = out.groupby("report_date", as_index=False)[["net_short_10y_eq"]].sum()
    # One block per contract (in sorted order, as p is), then the total; each block by date
    # (p is sorted by contract and date, the groupby's total by date).
    when = np.concatenate([out["report_date"].to_numpy(), tot["report_date"].to_numpy()])
    label = np.concatenate([out["contract"].to_numpy(dtype=object), np.full(len(tot), "total")])
    eq10 = np.concatenate([out["net_short_10y_eq"].to_numpy(), tot["net_short_10y_eq"].to_numpy()])
    blank = np.full(len(tot), np.nan)
    cols = {
        "report_date": when,
        "contract": label,
        **{c: np.concatenate([out[c].to_numpy(), blank]) for c in ("lev_long", "lev_short")},
        "net_short": np.concatenate([out["net_short"].to_numpy(), blank]),
        "net_short_10y_eq": eq10,
        "lev_short_share_oi": np.concatenate([out["lev_short_share_oi"].to_numpy(), blank]),
    }
    first = np.r_[True, label[1:] != label[:-1]] if len(label) else np.zeros(0, dtype=bool)
    # the change from the previous report of the same contract, if at most 8 days before
    gap = np.full(len(when), np.nan)
    gap[1:] = (when[1:] - when[:-1]) // np.timedelta64(1, "D")
    recent = ~first & (gap <= 8)
    for col, name in (("net_short", "wk_chg_net_short"), ("net_short_10y_eq", "wk_chg_10y_eq")):
        v = cols[col]
        chg = np.full(len(v), np.nan)
        chg[1:] = v[1:] - v[:-1]
        cols[name] = np.where(recent, chg, np.nan)
    pct = np.empty(len(eq10))
    bounds = [*np.flatnonzero(first).tolist(), len(eq10)]
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        pct[a:b] = expanding_percentile(eq10[a:b])
    cols["pct_net_short"] = pct
    order = np.lexsort((label, when))  # by date, then contract
    return pd.DataFrame({c: v[order] for c, v in cols.items()}, index=order)


@dataclass(frozen=True, repr=False)
class Positioning(Result, frame="latest"):
    """Result of :func:`positioning`.

    Attributes
    ----------
    latest : DataFrame
        The last report date's rows of :func:`leveraged_shorts` (one per contract + total).
    history : DataFrame
        Every report date (for charts).
    household : dict
        Z.1 household Treasury holdings: ``status``, ``date``, ``value_usd_bn``,
        ``qoq_chg_usd_bn``.
    sofr_volume : dict
        ``status``, ``date``, ``value_usd_bn``, ``pct``, ``chg_20d_usd_bn``.
    durations : dict
        The duration/face assumptions used.
    """

    latest: pd.DataFrame
    history: pd.DataFrame
    household: dict[str, object]
    sofr_volume: dict[str, object]
    durations: dict[str, dict[str, float]] = field(default_factory=dict)

    def summary(self) -> str:
        """A few lines in plain words."""
        lines = []
        if self.latest.empty:
            lines.append("CFTC positions: missing")
        else:
            d = str(self.latest["report_date"].iloc[0])[:10]
            tot = self.latest[self.latest["contract"] == "total"].iloc[0]
            lines.append(
                f"Leveraged funds' net short {d}: {tot['net_short_10y_eq'] / 1e6:.2f}m 10y-eq "
                f"contracts (week {tot['wk_chg_10y_eq']:+,.0f}; pct {tot['pct_net_short']:.0f})"
            )
        for name, part in (("household Z.1", self.household), ("SOFR volume", self.sofr_volume)):
            if part.get("status") != "ok":
                lines.append(f"{name}: missing ({part.get('series_id')})")
        return "\n".join(lines)


def _quarterly(s: pd.Series | None, sid: str) -> dict[str, object]:
    if s is None or s.dropna().empty:
        return {"series_id": sid, "status": "missing"}
    v = s.dropna().astype(float) * 1e-3  # USD millions -> USD billions
    return {
        "series_id": sid,
        "status": "ok",
        "date": v.index[-1],
        "value_usd_bn": float(v.iloc[-1]),
        "qoq_chg_usd_bn": float(v.iloc[-1] - v.iloc[-2]) if len(v) > 1 else np.nan,
        "pct": percentile_rank(v, float(v.iloc[-1])),
    }


def _volume(s: pd.Series | None, sid: str) -> dict[str, object]:
    if s is None or s.dropna().empty:
        return {"series_id": sid, "status": "missing"}
    v = s.dropna().astype(float)
    return {
        "series_id": sid,
        "status": "ok",
        "date": v.index[-1],
        "value_usd_bn": float(v.iloc[-1]),
        "pct": percentile_rank(v, float(v.iloc[-1])),
        "chg_20d_usd_bn": float(v.iloc[-1] - v.iloc[-21]) if len(v) > 20 else np.nan,
    }


def positioning(
    positions: pd.DataFrame | None,
    series: Mapping[str, pd.Series] | None = None,
    ids: Mapping[str, str] | None = None,
) -> Positioning:
    """Basis-trade proxies as of the last date in the inputs.

    Parameters
    ----------
    positions : DataFrame or None
        The ``positions`` table, cut at the as-of date (None or empty: reported missing).
    series : mapping role -> Series, optional
        ``household`` (Z.1 households' Treasuries, USD millions, FRED ``BOGZ1FL153061105Q``)
        and ``sofr_volume`` (SOFR volume, USD billions, NY Fed ``SOFR_VOLUME``), if present.
    ids : mapping role -> str, optional
        The catalogue id of each role, reported as ``series_id`` (default: the role).

    Returns
    -------
    Positioning

    Examples
    --------
    On 2025-04-29 leveraged funds were short 2,070,536 10-year note contracts (CFTC TFF).
    """
    series = series or {}
    ids = ids or {}
    if positions is None or positions.empty:
        hist = pd.DataFrame()
        latest = pd.DataFrame()
    else:
        hist = leveraged_shorts(positions)
        latest = hist[hist["report_date"] == hist["report_date"].max()].reset_index(drop=True)
    return Positioning(
        latest=latest,
        history=hist,
        household=_quarterly(series.get("household"), ids.get("household", "household")),
        sofr_volume=_volume(series.get("sofr_volume"), ids.get("sofr_volume", "sofr_volume")),
        durations={
            k: {"face_usd": c.face_usd, "duration": c.duration, "eq10_factor": _eq10_factor(k)}
            for k, c in CONTRACTS.items()
        },
    )
