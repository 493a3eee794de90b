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
    s = yield_pct.dropna().astype(float)
    d = (s.diff() * 100.0).round(6)
    sigma = d.rolling(VOL_WINDOW, min_periods=VOL_MIN).std().shift(1)
    out = pd.DataFrame({"sigma_bp": sigma})
    for n in horizons:
        if n < 1:
            raise InputError(f"velocity: horizon must be >= 1 observation, got {n}")
        chg = ((s - s.shift(n)) * 100.0).round(6)
        out[f"chg{n}_bp"] = chg
        out[f"z{n}"] = chg / (sigma * np.sqrt(n))
    out.index.name = "date"
    return out


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


def _shape(
    z: Mapping[str, pd.DataFrame], date: pd.Timestamp, n: int, years: Mapping[str, float]
) -> tuple[str, str]:
    def chg(target: float) -> float:
        best = min(years, key=lambda t: abs(years[t] - target), default=None)
        if best is None or abs(years[best] - target) > 1.0:
            return float("nan")
        zt = z[best]
        return float(zt[f"chg{n}_bp"].get(date, np.nan))

    c2, c10 = chg(2.0), chg(10.0)
    if not (np.isfinite(c2) and np.isfinite(c10)):
        return "bear" if np.nansum([c2, c10]) > 0 else "bull", "shape n/a"
    direction = "bear" if (c2 + c10) > 0 else "bull"
    return direction, "steepener" if c10 - c2 > 0 else "flattener"


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
    rows: list[pd.DataFrame] = []
    latest: list[dict[str, Any]] = []
    coupon_max: list[pd.Series] = []
    for tenor, s in yields.items():
        if s is None or s.dropna().empty:
            continue
        yrs = float(years[tenor])
        bucket = bucket_of(yrs)
        thr = BUCKETS[bucket][1]
        zt = z_moves(s, horizons)
        zt["threshold"] = thr
        z[tenor] = zt
        zcols = [f"z{n}" for n in horizons]
        if bucket != "bills":
            coupon_max.append(zt[zcols].abs().max(axis=1, skipna=True))
        for n in horizons:
            col = zt[f"z{n}"]
            hit = col.abs() >= thr
            if hit.any():
                h = zt[hit]
                rows.append(
                    pd.DataFrame(
                        {
                            "date": h.index,
                            "tenor": tenor,
                            "years": yrs,
                            "bucket": bucket,
                            "horizon": n,
                            "change_bp": h[f"chg{n}_bp"].to_numpy(),
                            "sigma_bp": h["sigma_bp"].to_numpy(),
                            "z": h[f"z{n}"].to_numpy(),
                            "threshold": thr,
                            "direction": np.where(h[f"chg{n}_bp"] > 0, "rise", "fall"),
                        }
                    )
                )
            last = zt.dropna(subset=[f"z{n}"])
            if len(last):
                r = last.iloc[-1]
                latest.append(
                    {"tenor": tenor, "years": yrs, "bucket": bucket, "horizon": n,
                     "date": last.index[-1], "change_bp": float(r[f"chg{n}_bp"]),
                     "sigma_bp": float(r["sigma_bp"]), "z": float(r[f"z{n}"]),
                     "threshold": thr, "alert": bool(abs(r[f"z{n}"]) >= thr)}
                )  # fmt: skip
    acols = ["date", "tenor", "years", "bucket", "horizon", "change_bp", "sigma_bp", "z"]
    acols += ["threshold", "direction"]
    alerts = (
        pd.concat(rows, ignore_index=True).sort_values(["date", "years", "horizon"])
        if rows
        else pd.DataFrame(columns=acols)
    ).reset_index(drop=True)
    daily_max = (
        pd.concat(coupon_max, axis=1, sort=True).max(axis=1, skipna=True)
        if coupon_max
        else pd.Series(dtype=float)
    )
    daily_max.name = "velocity_max_abs_z"
    return VelocityZ(
        alerts=alerts,
        latest=pd.DataFrame(latest),
        daily_max=daily_max.dropna(),
        episodes=_episodes(alerts, z, years, episode_gap),
        z=z,
    )


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
    days = pd.DatetimeIndex(sorted(alerts["date"].unique()))
    bd = np.asarray(np.busday_count(days[0].date(), [d.date() for d in days]))
    # the day's sign: of its largest coupon alert (of its largest alert when only bills fired)
    ranked = alerts.assign(coupon=alerts["bucket"] != "bills", absz=alerts["z"].abs())
    ranked = ranked.sort_values(["date", "coupon", "absz"])
    sign = np.sign(ranked.groupby("date")["z"].last().reindex(days).to_numpy())
    new = np.r_[True, (np.diff(bd) > gap) | (sign[1:] != sign[:-1])]
    ep_id = np.cumsum(new)
    day_ep = dict(zip(days, ep_id, strict=True))
    al = alerts.assign(ep=alerts["date"].map(day_ep)).sort_values(["ep", "date"])
    ep = al["ep"].to_numpy()
    date = al["date"].to_numpy()
    tenor = al["tenor"].to_numpy()
    horizon = al["horizon"].to_numpy()
    zz = al["z"].to_numpy(dtype=float)
    chg = al["change_bp"].to_numpy(dtype=float)
    coupon = (al["bucket"] != "bills").to_numpy()
    coupon_years = {k: years[k] for k in z if years[k] >= 1.5}
    bounds = np.flatnonzero(np.r_[True, ep[1:] != ep[:-1], True])
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        sl = slice(lo, hi)
        c = coupon[sl]
        absz = np.abs(zz[sl])
        if c.any():  # the peak is the largest coupon move; bills only when nothing else fired
            absz = np.where(c, absz, -1.0)
        i = lo + int(np.argmax(absz))
        if c.any():
            direction, shape = _shape(z, pd.Timestamp(date[i]), int(horizon[i]), coupon_years)
        else:
            direction, shape = ("bear" if chg[i] > 0 else "bull"), "(bills only)"
        tenors = sorted(set(tenor[sl]), key=lambda t: years[t])
        out.append(
            {
                "start": pd.Timestamp(date[lo]),
                "end": pd.Timestamp(date[hi - 1]),
                "days": len(set(date[sl])),
                "tenors": ",".join(tenors),
                "breadth": len(tenors),
                "direction": direction,
                "shape": shape,
                "peak_tenor": tenor[i],
                "peak_horizon": int(horizon[i]),
                "peak_z": float(zz[i]),
                "peak_change_bp": float(chg[i]),
            }
        )
    return pd.DataFrame(out, columns=cols)
