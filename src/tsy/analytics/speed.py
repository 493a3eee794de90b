"""Yield velocity as z-scores: how many sigmas did each tenor move in N days?

For a yield ``y`` (percent) and a horizon of N published observations (N = 1, 3, 5, 10):

    z_N(t) = (y(t) - y(t-N)) * 100 / (sigma(t) * sqrt(N))

with ``sigma(t)`` the standard deviation of the daily changes (bp) over the 250 observations
before ``t`` (the day itself excluded: no look-ahead; at least 120 needed), the same one-year
volatility as the haven legs. The test is two-sided and the sign is named (a yield *rise* is a
sell-off). A rule is one (tenor, N); it fires when ``|z| >= threshold`` of the tenor's bucket:

=======================  =========  =========================================================
bucket                   threshold  why
=======================  =========  =========================================================
bills (1m - 1y)          5.0        policy steps move bills in jumps against a tiny daily vol
front (2y, 3y)           3.5        hiking cycles trend the front end (2022)
belly (5y)               3.0
long (7y - 30y)          2.5        the 10y's 5-day +47bp to 2025-04-11 is 3.7 sigma, the
                                    3-day +27bp to 2025-04-10 2.5 sigma
=======================  =========  =========================================================

Calibrated on the shared data 2006-2025 so that no rule fires on more than 10 % of the days of
any year (the highest is the 2y 10-day rule, 8.4 % of 2022's days) while the 10y fires on
2025-04-09, -10 and -11 and 2020-03-19 and the 2y on 2023-03-13 (a 3-day fall of 6.8 sigma).

Alerts on consecutive days (at most two business days apart, in the same direction) form an
*episode*; its line says how
many tenors fired (breadth), the direction of the coupon tenors' largest move (bull = yields down,
bear = up) and the curve shape from the 2y and 10y changes over that horizon (steepener when the
10y minus 2y spread widened).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tsy.errors import InputError

__all__ = [
    "BUCKETS",
    "HORIZONS",
    "VelocityZ",
    "bucket_of",
    "velocity_z",
    "z_moves",
]

HORIZONS: tuple[int, ...] = (1, 3, 5, 10)
VOL_WINDOW = 250
VOL_MIN = 120

#: Buckets: name -> (lowest tenor in years, threshold in sigmas), checked from the longest.
BUCKETS: dict[str, tuple[float, float]] = {
    "long": (7.0, 2.5),
    "belly": (5.0, 3.0),
    "front": (2.0, 3.5),
    "bills": (0.0, 5.0),
}


def bucket_of(years: float) -> str:
    """Bucket of a tenor in years.

    Examples
    --------
    >>> bucket_of(10.0), bucket_of(2.0), bucket_of(0.25)
    ('long', 'front', 'bills')
    """
    for name, (lo, _) in BUCKETS.items():
        if years >= lo:
            return name
    return "bills"


def z_moves(yield_pct: pd.Series, horizons: tuple[int, ...] = HORIZONS) -> pd.DataFrame:
    """N-day changes (bp), the trailing daily sigma (bp) and the z-scores of one yield.

    Returns
    -------
    DataFrame indexed by date: ``sigma_bp``, and per N ``chg{N}_bp`` and ``z{N}``.

    Examples
    --------
    >>> d = pd.bdate_range("2024-01-01", periods=300)
    >>> y = pd.Series(4.0 + 0.01 * (np.arange(300) % 2), index=d)
    >>> round(float(z_moves(y, (1,))["z1"].iloc[-1]), 2)  # +1bp against a 1.0bp sigma
    1.0
    """
    idx, cols = _moves(yield_pct, horizons)
    return pd.DataFrame(cols, index=idx)


def _moves(
    yield_pct: pd.Series, horizons: tuple[int, ...]
) -> tuple[pd.Index, dict[str, np.ndarray]]:
    """The columns of :func:`z_moves` as arrays, and their date index."""
    v = yield_pct.to_numpy(dtype=float)
    ok = ~np.isnan(v)
    y = v[ok]
    index = yield_pct.index[ok]  # what dropna keeps
    d = np.full(len(y), np.nan)
    d[1:] = np.round((y[1:] - y[:-1]) * 100.0, 6)
    sd = pd.Series(d).rolling(VOL_WINDOW, min_periods=VOL_MIN).std().to_numpy()
    sigma = np.r_[np.nan, sd[:-1]] if len(sd) else sd  # the day itself excluded
    cols: dict[str, np.ndarray] = {"sigma_bp": sigma}
    for n in horizons:
        if n < 1:
            raise InputError(f"velocity: horizon must be >= 1 observation, got {n}")
        chg = np.full(len(y), np.nan)
        chg[n:] = np.round((y[n:] - y[:-n]) * 100.0, 6)
        cols[f"chg{n}_bp"] = chg
        with np.errstate(divide="ignore", invalid="ignore"):
            cols[f"z{n}"] = chg / (sigma * np.sqrt(n))
    return index.rename("date"), cols


@dataclass(frozen=True)
class VelocityZ:
    """Result of :func:`velocity_z`.

    Attributes
    ----------
    alerts : DataFrame
        Every alert: ``date, tenor, years, bucket, horizon, change_bp, sigma_bp, z, threshold,
        direction`` ("rise" or "fall").
    latest : DataFrame
        Per tenor and horizon on each tenor's last date: ``tenor, years, bucket, horizon, date,
        change_bp, sigma_bp, z, threshold, alert``.
    daily_max : Series
        Per date, the largest ``|z|`` over the coupon tenors (2y and longer) and horizons: the
        velocity part of the composite.
    episodes : DataFrame
        ``start, end, days, tenors, breadth, direction, shape, peak_tenor, peak_horizon,
        peak_z, peak_change_bp``.
    """

    alerts: pd.DataFrame
    latest: pd.DataFrame
    daily_max: pd.Series
    episodes: pd.DataFrame
    z: dict[str, pd.DataFrame] = field(default_factory=dict)

    def alert_days_per_year(self) -> pd.DataFrame:
        """Per rule (tenor, horizon) and year: alert days as a percent of the tenor's days."""
        rows = []
        for tenor, zt in self.z.items():
            for n in HORIZONS:
                col = f"z{n}"
                if col not in zt:
                    continue
                ok = zt[col].dropna()
                thr = float(zt["threshold"].iloc[0]) if len(zt) else np.nan
                hit = ok.abs() >= thr
                years = pd.DatetimeIndex(hit.index).year
                g = pd.DataFrame({"hit": hit.to_numpy(), "year": years}).groupby("year")["hit"]
                agg = pd.DataFrame({"pct": g.mean() * 100.0, "n": g.sum(), "size": g.size()})
                for year, a in agg.iterrows():
                    rows.append(
                        {"tenor": tenor, "horizon": n, "year": int(str(year)),
                         "pct_days": float(a["pct"]), "alert_days": int(a["n"]),
                         "days": int(a["size"])}
                    )  # fmt: skip
        return pd.DataFrame(rows)

    def lines(self, since: Any = None, k: int = 5) -> list[str]:
        """One line per episode ending on or after ``since`` (the last ``k``)."""
        e = self.episodes
        if since is not None:
            e = e[e["end"] >= pd.Timestamp(since)]
        out = []
        for r in e.tail(k).to_dict("records"):
            span = str(r["start"])[:10]
            if r["end"] != r["start"]:
                span += f"..{str(r['end'])[:10]}"
            out.append(
                f"velocity {span}: {r['peak_tenor']} {r['peak_change_bp']:+.0f}bp in "
                f"{r['peak_horizon']}d ({r['peak_z']:+.1f} sd); {r['breadth']} tenor(s) "
                f"[{r['tenors']}]; {r['direction']} {r['shape']}"
            )
        return out


def _shape(c2: float, c10: float) -> tuple[str, str]:
    """Direction and curve shape from the 2y and 10y changes (bp) over the peak's horizon."""
    if not (math.isfinite(c2) and math.isfinite(c10)):
        known = sum(c for c in (c2, c10) if not math.isnan(c))  # numpy's nansum of the two
        return "bear" if known > 0 else "bull", "shape n/a"
    direction = "bear" if (c2 + c10) > 0 else "bull"
    return direction, "steepener" if c10 - c2 > 0 else "flattener"


class _Changes:
    """The N-day change (bp) of the coupon tenor nearest a target maturity, by date."""

    def __init__(self, z: Mapping[str, pd.DataFrame], years: Mapping[str, float], target: float):
        best = min(years, key=lambda t: abs(years[t] - target), default=None)
        self.zt = None if best is None or abs(years[best] - target) > 1.0 else z[best]
        if self.zt is not None and not self.zt.index.is_monotonic_increasing:
            self.zt = self.zt.sort_index(kind="stable")
        self.dates = None if self.zt is None else self.zt.index.to_numpy()

    def at(self, dates: np.ndarray, ns: np.ndarray) -> list[float]:
        """The change over ``ns[k]`` observations to ``dates[k]`` (NaN when not there)."""
        out = np.full(len(dates), np.nan)
        if self.zt is None or self.dates is None or not len(dates) or not len(self.dates):
            return out.tolist()
        i = np.searchsorted(self.dates, dates).clip(max=len(self.dates) - 1)
        found = self.dates[i] == dates
        for n in np.unique(ns):
            col = f"chg{n}_bp"
            if col in self.zt:
                pick = found & (ns == n)
                out[pick] = self.zt[col].to_numpy()[i[pick]]
        return out.tolist()


def velocity_z(
    yields: Mapping[str, pd.Series],
    years: Mapping[str, float],
    *,
    horizons: tuple[int, ...] = HORIZONS,
    episode_gap: int = 2,
) -> VelocityZ:
    """Two-sided N-day velocity z-scores, alerts and episodes for a set of tenors.

    Parameters
    ----------
    yields : mapping tenor label -> Series
        Constant-maturity yields, percent (e.g. ``{"2y": ..., "10y": ...}``).
    years : mapping tenor label -> float
        Tenor in years (decides the bucket and the curve shape).
    horizons : tuple of int
        N in published observations (default 1, 3, 5, 10).
    episode_gap : int
        Alert days at most this many business days apart are one episode.

    Returns
    -------
    VelocityZ
    """
    if not yields:
        raise InputError("velocity: no yield series given")
    z: dict[str, pd.DataFrame] = {}
    rows: list[dict[str, Any]] = []
    latest: list[dict[str, Any]] = []
    coupon_max: list[pd.Series] = []
    for tenor, s in yields.items():
        if s is None or s.dropna().empty:
            continue
        yrs = float(years[tenor])
        bucket = bucket_of(yrs)
        thr = BUCKETS[bucket][1]
        idx, cols = _moves(s, horizons)
        names = [*cols, "threshold"]
        block = np.column_stack([*cols.values(), np.full(len(idx), thr)])
        z[tenor] = pd.DataFrame(block, index=idx, columns=names)
        sigma = cols["sigma_bp"]
        zs = {n: cols[f"z{n}"] for n in horizons}
        if bucket != "bills":
            m = np.abs(zs[horizons[0]])  # fmax skips NaN; an all-NaN row is NaN (pandas' max)
            for n in horizons[1:]:
                m = np.fmax(m, np.abs(zs[n]))
            coupon_max.append(pd.Series(m, index=idx))
        for n in horizons:
            zn = zs[n]
            chg = cols[f"chg{n}_bp"]
            hit = np.abs(zn) >= thr
            if hit.any():
                rows.append(
                    {
                        "date": idx[hit],
                        "tenor": tenor,
                        "years": yrs,
                        "bucket": bucket,
                        "horizon": n,
                        "change_bp": chg[hit],
                        "sigma_bp": sigma[hit],
                        "z": zn[hit],
                        "threshold": thr,
                        "direction": np.where(chg[hit] > 0, "rise", "fall"),
                    }
                )
            valid = np.flatnonzero(~np.isnan(zn))
            if len(valid):
                i = valid[-1]
                latest.append(
                    {"tenor": tenor, "years": yrs, "bucket": bucket, "horizon": n,
                     "date": idx[i], "change_bp": float(chg[i]),
                     "sigma_bp": float(sigma[i]), "z": float(zn[i]),
                     "threshold": thr, "alert": bool(abs(zn[i]) >= thr)}
                )  # fmt: skip
    acols = ["date", "tenor", "years", "bucket", "horizon", "change_bp", "sigma_bp", "z"]
    acols += ["threshold", "direction"]
    alerts = (_by_date(_stack(rows)) if rows else pd.DataFrame(columns=acols)).reset_index(
        drop=True
    )
    daily_max = _union_max(coupon_max)
    return VelocityZ(
        alerts=alerts,
        latest=pd.DataFrame(latest),
        daily_max=daily_max.dropna(),
        episodes=_episodes(alerts, z, years, episode_gap),
        z=z,
    )


def _union_max(parts: list[pd.Series]) -> pd.Series:
    """Per date of the union of the indexes (sorted), the largest value (NaN: none)."""
    if not parts:
        return pd.Series(dtype=float, name="velocity_max_abs_z")
    union = parts[0].index
    for p in parts[1:]:
        union = union.union(p.index, sort=True) if not union.equals(p.index) else union
    if not union.is_monotonic_increasing:
        union = union.sort_values()
    out = np.full(len(union), np.nan)
    for p in parts:
        pos = union.get_indexer(p.index)
        out[pos] = np.fmax(out[pos], p.to_numpy())
    return pd.Series(out, index=union, name="velocity_max_abs_z")


def _by_date(alerts: pd.DataFrame) -> pd.DataFrame:
    """Alerts sorted by date, tenor (years) and horizon, ties in their order (a stable sort:
    ``sort_values`` on the three columns)."""
    keys = [alerts[c].to_numpy() for c in ("horizon", "years", "date")]
    return alerts.take(np.lexsort(keys))


def _stack(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """One frame of the per-rule alert columns (scalars repeated), in the rows' order."""
    sizes = [len(r["date"]) for r in rows]
    out = {}
    for col in rows[0]:
        vals = [r[col] for r in rows]
        if np.ndim(vals[0]) == 0:
            out[col] = np.repeat(np.asarray(vals), sizes)
        elif col == "date":
            out[col] = vals[0].append(vals[1:]) if len(vals) > 1 else vals[0]
        else:
            out[col] = np.concatenate(vals)
    return pd.DataFrame(out)


def _episodes(
    alerts: pd.DataFrame,
    z: Mapping[str, pd.DataFrame],
    years: Mapping[str, float],
    gap: int,
) -> pd.DataFrame:
    cols = ["start", "end", "days", "tenors", "breadth", "direction", "shape", "peak_tenor"]
    cols += ["peak_horizon", "peak_z", "peak_change_bp"]
    if alerts.empty:
        return pd.DataFrame(columns=cols)
    all_dates = alerts["date"].to_numpy()
    all_z = alerts["z"].to_numpy(dtype=float)
    all_coupon = (alerts["bucket"] != "bills").to_numpy()
    days = np.unique(all_dates)
    day64 = days.astype("datetime64[D]")
    bd = np.asarray(np.busday_count(day64[0], day64))
    # the day's sign: of its largest coupon alert (of its largest alert when only bills fired;
    # of the later one of equal ones, as a stable sort by date, coupon and |z| puts it last)
    by_day = np.lexsort((np.abs(all_z), all_coupon, all_dates))
    last = np.r_[all_dates[by_day][1:] != all_dates[by_day][:-1], True]
    sign = np.sign(all_z[by_day][last])
    new = np.r_[True, (np.diff(bd) > gap) | (sign[1:] != sign[:-1])]
    ep_id = np.cumsum(new)
    ep_all = ep_id[np.searchsorted(days, all_dates)]
    order = np.lexsort((all_dates, ep_all))  # by episode, then date; ties in their order
    ep = ep_all[order]
    date = all_dates[order]
    tenor = alerts["tenor"].to_numpy()[order]
    horizon = alerts["horizon"].to_numpy()[order]
    zz = all_z[order]
    chg = alerts["change_bp"].to_numpy(dtype=float)[order]
    coupon = all_coupon[order]
    coupon_years = {k: years[k] for k in z if years[k] >= 1.5}
    two, ten = _Changes(z, coupon_years, 2.0), _Changes(z, coupon_years, 10.0)
    lo = np.flatnonzero(np.r_[True, ep[1:] != ep[:-1]])
    hi = np.r_[lo[1:], len(ep)]
    # the peak is the largest coupon move; bills only when nothing else fired
    any_coupon = np.logical_or.reduceat(coupon, lo)
    key = np.where(coupon | ~np.repeat(any_coupon, hi - lo), np.abs(zz), -1.0)
    top = np.repeat(np.maximum.reduceat(key, lo), hi - lo)
    peak = np.minimum.reduceat(np.where(key == top, np.arange(len(key)), len(key)), lo)
    new_day = np.r_[True, (date[1:] != date[:-1]) | (ep[1:] != ep[:-1])]
    n_days = np.add.reduceat(new_day.astype(np.int64), lo)
    c2, c10 = two.at(date[peak], horizon[peak]), ten.at(date[peak], horizon[peak])
    rise = (chg[peak] > 0).tolist()
    look: list[tuple[str, str]] = []
    for j in range(len(lo)):
        if any_coupon[j]:
            look.append(_shape(c2[j], c10[j]))
        else:
            look.append(("bear" if rise[j] else "bull", "(bills only)"))
    # the tenors of each episode as a bit set (bit = the tenor's place by maturity)
    by_years = sorted(set(tenor.tolist()), key=lambda t: years[t])
    bit = {t: 1 << i for i, t in enumerate(by_years)}
    kind = np.int64 if len(bit) < 63 else object
    sets = np.bitwise_or.reduceat(np.array([bit[t] for t in tenor.tolist()], dtype=kind), lo)
    spelled: dict[int, list[str]] = {}
    for m in set(sets.tolist()):
        spelled[m] = [t for t in by_years if m & bit[t]]
    names = [",".join(spelled[m]) for m in sets.tolist()]
    breadth = [len(spelled[m]) for m in sets.tolist()]
    out = {
        "start": date[lo],
        "end": date[hi - 1],
        "days": n_days,
        "tenors": names,
        "breadth": np.asarray(breadth, dtype=np.int64),
        "direction": [d for d, _ in look],
        "shape": [s for _, s in look],
        "peak_tenor": tenor[peak],
        "peak_horizon": horizon[peak].astype(np.int64),
        "peak_z": zz[peak],
        "peak_change_bp": chg[peak],
    }
    return pd.DataFrame(out, columns=cols)
