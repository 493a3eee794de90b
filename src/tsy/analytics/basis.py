"""Basis trade: leveraged funds' Treasury futures shorts weighted by a DV01 that moves with yields.

The cash-futures basis trade is long cash Treasuries (financed in repo) and short futures, so
leveraged funds' net futures short (CFTC Traders in Financial Futures) measures its size. Sizes
are added across contracts by their dollar value of a basis point:

    DV01_contract = DV01_CTD(per 100 face) * face / 100 / CF

for a *representative* cheapest-to-deliver: a bond of the contract's shortest deliverable
remaining maturity (yields have been below the 6 % notional coupon since 2006, so the
shortest-duration deliverable is usually cheapest), with a coupon equal to the constant-maturity
yield at that maturity (linear in maturity across the tenors given), rounded to 1/8, priced at
that yield. DV01 and the conversion factor (the bond's clean price per 1 of face at a 6 % yield,
CBOT's definition, without CBOT's rounding of the term to whole quarters) come from
:mod:`tsy.math` (street convention, settlement on the report date). The DV01 therefore moves with
yields: at 1.2 % a 25-year CTD has roughly three times the contract DV01 it has at 4.5 %.

Stress = the 4-week *fall* of the DV01-weighted net short (an unwind), with the positions of four
weeks earlier valued at today's DV01 so a yield move alone is never read as an unwind:

    unwind_pct(t) = sum_c (N_c(t-4w) - N_c(t)) * DV01_c(t) / sum_c N_c(t-4w) * DV01_c(t) * 100

The level (USD per bp) is shown apart as a vulnerability, with its percentile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tsy.analytics._result import Result
from tsy.analytics._stats import expanding_percentile
from tsy.errors import InputError
from tsy.math import bond_price, bond_risk

__all__ = ["CONTRACTS", "BasisResult", "FuturesContract", "basis_trade", "contract_dv01"]


@dataclass(frozen=True)
class FuturesContract:
    """A CBOT Treasury futures contract: face value (USD) and shortest deliverable term (years)."""

    face_usd: float
    ctd_years: float


#: Keyed by the ``positions.contract`` short names. Deliverable terms: CBOT contract specs
#: (2y: 1y9m; 5y: 4y2m; 10y: 6y6m; ultra 10y: 9y5m; bond: 15y; ultra bond: 25y).
CONTRACTS: dict[str, FuturesContract] = {
    "2y": FuturesContract(200_000.0, 1.75),
    "5y": FuturesContract(100_000.0, 4 + 2 / 12),
    "10y": FuturesContract(100_000.0, 6.5),
    "ultra10y": FuturesContract(100_000.0, 9 + 5 / 12),
    "bond": FuturesContract(100_000.0, 15.0),
    "ultrabond": FuturesContract(100_000.0, 25.0),
}


#: Rows of the curve's dates (and the report dates) a last observation is carried over.
_CARRY_ROWS = 5


def _curve_on(curve: Mapping[float, pd.Series], dates: pd.DatetimeIndex) -> pd.DataFrame:
    """Each tenor's yield on each of ``dates``: its last observation on or before the date,
    carried over at most :data:`_CARRY_ROWS` rows of the union of every tenor's dates and
    ``dates`` (columns: tenor in years, in the mapping's order).

    The same cells as aligning the tenors in one frame, forward-filling it with that limit and
    reading ``dates``, without building the whole-history frame.
    """
    cols = {float(k): v for k, v in curve.items()}
    idx = [pd.DatetimeIndex(v.index) for v in cols.values()]
    if not all(i.is_monotonic_increasing and i.is_unique for i in idx) or not dates.is_unique:
        cv = pd.DataFrame(cols).sort_index()
        return cv.reindex(cv.index.union(dates)).ffill(limit=_CARRY_ROWS).reindex(dates)
    raw = [i.to_numpy() for i in idx]
    unit = np.result_type(dates.to_numpy().dtype, *(r.dtype for r in raw))
    want = dates.to_numpy().astype(unit)
    rows = _union_sorted([want, *(r.astype(unit) for r in raw)])
    at = np.searchsorted(rows, want)  # row of each date in the union
    out = np.full((len(dates), len(cols)), np.nan)
    for j, (v, r) in enumerate(zip(cols.values(), raw, strict=True)):
        val = v.to_numpy(dtype=float)
        ok = ~np.isnan(val)
        obs = np.searchsorted(rows, r.astype(unit)[ok])  # rows with a value
        k = np.searchsorted(obs, at, side="right") - 1  # last value on or before the row
        got = k >= 0
        carry = np.zeros(len(at), dtype=bool)
        carry[got] = at[got] - obs[k[got]] <= _CARRY_ROWS
        out[carry, j] = val[ok][k[carry]]
    return pd.DataFrame(out, index=dates, columns=list(cols))


def _union_sorted(arrays: list[np.ndarray]) -> np.ndarray:
    """The sorted distinct values of sorted arrays (a merge of their runs: timsort)."""
    out = np.sort(np.concatenate(arrays), kind="stable")
    return out[np.r_[True, out[1:] != out[:-1]]] if len(out) else out


def _curve_yield(curve: pd.DataFrame, years: float) -> pd.Series:
    """Yield at ``years`` by linear interpolation in maturity across the curve's columns."""
    cols = sorted(curve.columns, key=float)
    x = np.array([float(c) for c in cols])
    vals = curve[cols].to_numpy(dtype=float)
    out = np.full(len(curve), np.nan)
    ok = np.isfinite(vals)
    # rows with the same tenors quoted share one bracket: np.interp's formula on all of them
    patterns, which = np.unique(ok, axis=0, return_inverse=True)
    for k, pat in enumerate(patterns):
        rows = np.flatnonzero(which.ravel() == k)
        xs, fp = x[pat], vals[np.ix_(rows, np.flatnonzero(pat))]
        if len(xs) >= 2 and xs[0] <= years <= xs[-1]:
            out[rows] = _interp(years, xs, fp)
        elif len(xs):
            out[rows] = fp[:, np.abs(xs - years).argmin()]
    return pd.Series(out, index=curve.index)


def _interp(x: float, xp: np.ndarray, fp: np.ndarray) -> np.ndarray:
    """``np.interp(x, xp, row)`` for every row of ``fp`` (finite), ``xp[0] <= x <= xp[-1]``.

    NumPy's own steps: ``fp[-1]`` at the last knot, ``fp[j]`` on a knot, else
    ``slope * (x - xp[j]) + fp[j]`` with ``slope = (fp[j+1] - fp[j]) / (xp[j+1] - xp[j])``.
    """
    if x == xp[-1]:
        return fp[:, -1].copy()
    j = int(np.searchsorted(xp, x, side="right")) - 1
    if xp[j] == x:
        return fp[:, j].copy()
    slope = (fp[:, j + 1] - fp[:, j]) / (xp[j + 1] - xp[j])
    return slope * (x - xp[j]) + fp[:, j]


def contract_dv01(contract: str, yield_pct: pd.Series) -> pd.DataFrame:
    """Representative CTD coupon, conversion factor and contract DV01 (USD per bp) by date.

    Parameters
    ----------
    contract : str
        A key of :data:`CONTRACTS`.
    yield_pct : Series
        CTD yield in percent, indexed by settlement date.

    Examples
    --------
    >>> d = pd.DatetimeIndex(["2020-03-10", "2023-10-17"])
    >>> out = contract_dv01("ultrabond", pd.Series([1.2, 4.9], index=d))
    >>> bool(out["dv01_usd"].iloc[0] > 2.5 * out["dv01_usd"].iloc[1])
    True
    """
    c = CONTRACTS[contract]
    y = yield_pct.dropna().astype(float)
    if y.empty:
        return pd.DataFrame(columns=["ctd_yield_pct", "coupon_pct", "cf", "dv01_usd"])
    settle = pd.DatetimeIndex(y.index)
    months = int(round(c.ctd_years * 12))
    maturity = settle + pd.DateOffset(months=months)
    coupon = np.floor(np.maximum(y.to_numpy(), 0.125) * 8.0) / 8.0
    s64 = settle.to_numpy().astype("datetime64[D]")
    m64 = pd.DatetimeIndex(maturity).to_numpy().astype("datetime64[D]")
    risk = bond_risk(coupon, y.to_numpy(), s64, m64)
    cf = np.asarray(bond_price(coupon, np.full(len(y), 6.0), s64, m64).clean, dtype=float) / 100.0
    dv01 = np.asarray(risk.dv01, dtype=float) * c.face_usd / 100.0 / cf
    return pd.DataFrame(
        {"ctd_yield_pct": y.to_numpy(), "coupon_pct": coupon, "cf": cf, "dv01_usd": dv01},
        index=y.index,
    )


@dataclass(frozen=True, repr=False)
class BasisResult(Result, frame="history"):
    """Result of :func:`basis_trade`.

    Attributes
    ----------
    history : DataFrame
        Per report date: ``net_short_dv01_usd`` (USD per bp, all contracts), ``unwind_4w_pct``
        (stress), ``level_pctile`` (percentile of the level in the history so far: vulnerability),
        ``contracts`` (how many contracts were present).
    by_contract : DataFrame
        ``report_date, contract, net_short, ctd_yield_pct, coupon_pct, cf, dv01_usd,
        net_short_dv01_usd``.
    """

    history: pd.DataFrame
    by_contract: pd.DataFrame

    def latest(self) -> dict[str, Any]:
        """The last report date's figures."""
        if self.history.empty:
            return {}
        r: Any = self.history.iloc[-1]
        return {"report_date": self.history.index[-1], **{str(k): r[k] for k in self.history}}

    def summary(self) -> str:
        """One line."""
        x: dict[str, Any] = self.latest()
        if not x:
            return "Basis trade: missing (no CFTC positions)"
        u = x["unwind_4w_pct"]
        ut = f"{u:+.1f}%" if isinstance(u, float) and np.isfinite(u) else "n/a"
        return (
            f"Basis trade {str(x['report_date'])[:10]}: leveraged funds' net short "
            f"${x['net_short_dv01_usd'] / 1e6:.1f}m per bp (level pct {x['level_pctile']:.0f}, "
            f"vulnerability); 4-week unwind {ut} (stress)"
        )


def basis_trade(positions: pd.DataFrame, curve: Mapping[float, pd.Series]) -> BasisResult:
    """DV01-weighted leveraged-funds net short, its 4-week unwind and its level.

    Parameters
    ----------
    positions : DataFrame
        CFTC TFF rows: ``report_date, contract, lev_money_long, lev_money_short`` (contracts).
    curve : mapping years -> Series
        Constant-maturity yields (percent) by tenor in years, e.g. ``{2.0: ..., 10.0: ...}``.

    Returns
    -------
    BasisResult
    """
    need = ["report_date", "contract", "lev_money_long", "lev_money_short"]
    miss = [c for c in need if c not in positions]
    if miss:
        raise InputError(f"positions table lacks columns {miss}; expected CFTC TFF fields")
    if not curve:
        raise InputError("basis trade: no yield curve given")
    p = positions[positions["contract"].isin(list(CONTRACTS))].copy()
    p["report_date"] = pd.to_datetime(p["report_date"])
    p = p.drop_duplicates(["contract", "report_date"], keep="last")
    p["net_short"] = p["lev_money_short"].astype(float) - p["lev_money_long"].astype(float)
    dates = pd.DatetimeIndex(sorted(p["report_date"].unique()))
    # the curve as of each report date (last observation on or before it)
    cv_on = _curve_on(curve, dates)
    frames = []
    when, contract = p["report_date"].to_numpy(), p["contract"].to_numpy()
    labels = p["contract"].array  # the column's own type, also for no rows
    short = p["net_short"].to_numpy(dtype=float)
    for name, c in CONTRACTS.items():
        rows = np.flatnonzero(contract == name)
        if not len(rows):
            continue
        # the CTD yield on each of the contract's report dates (all of them are in ``dates``)
        on = _curve_yield(cv_on, c.ctd_years).to_numpy()[
            dates.get_indexer(pd.DatetimeIndex(when[rows]))
        ]
        rows = rows[~np.isnan(on)]  # the dates with a yield (contract_dv01 drops the others)
        d = contract_dv01(name, pd.Series(on[~np.isnan(on)], index=pd.DatetimeIndex(when[rows])))
        dv01 = d["dv01_usd"].to_numpy()
        frames.append(
            pd.DataFrame(
                {
                    "report_date": when[rows],
                    "contract": labels[rows],
                    "net_short": short[rows],
                    "ctd_yield_pct": d["ctd_yield_pct"].to_numpy(),
                    "coupon_pct": d["coupon_pct"].to_numpy(),
                    "cf": d["cf"].to_numpy(),
                    "dv01_usd": dv01,
                    "net_short_dv01_usd": short[rows] * dv01,
                }
            )  # fmt: skip
        )
    if not frames:
        empty = pd.DataFrame(columns=["net_short_dv01_usd", "unwind_4w_pct", "level_pctile"])
        return BasisResult(empty, pd.DataFrame())
    by = pd.concat(frames, ignore_index=True).sort_values(["report_date", "contract"])
    net = by.pivot(index="report_date", columns="contract", values="net_short")
    dv = by.pivot(index="report_date", columns="contract", values="dv01_usd")
    level = (net * dv).sum(axis=1, min_count=1)
    before = net.reindex(pd.DatetimeIndex(net.index) - pd.Timedelta(days=28))
    before.index = net.index
    both = before.notna() & net.notna()
    then = (before * dv).where(both).sum(axis=1, min_count=1)
    now = (net * dv).where(both).sum(axis=1, min_count=1)
    unwind = (then - now) / then * 100.0
    lv = level.to_numpy(dtype=float)
    hist = pd.DataFrame(
        {
            "net_short_dv01_usd": level,
            "unwind_4w_pct": unwind,
            "level_pctile": expanding_percentile(lv),
            "contracts": net.notna().sum(axis=1),
        }
    )
    hist.index.name = "report_date"
    return BasisResult(history=hist, by_contract=by.reset_index(drop=True))
