"""Dollar liquidity as distance to the 2019 and 2020 peaks, on stationary forms.

Each measure declares its stress direction (+1: higher is more stress, -1: lower) and is put in a
form that does not trend with the size of the balance sheet:

=================  ===========================================  =====  =====================
measure            form                                          dir.   judged against
=================  ===========================================  =====  =====================
sofr_iorb          SOFR - interest on reserves (IOER to          +1     Sep 2019 (repo)
                   2021-07-28, IORB after), bp
effr_iorb          EFFR - interest on reserves, bp               +1     Sep 2019 (repo)
effr_target        EFFR - the FOMC's target (DFEDTAR to          +1     Sep 2019 (and the
                   2008-12-15, mid of the range after), bp              2007-08 funding stress)
tsy_rvol_20d       20-day sd of the 10-year's daily changes, bp  +1     Mar 2020 (cash market)
reserves_share     reserve balances / Fed total assets, %        -1     Sep 2019
rrp_buffer         ON RRP take-up, USD bn: the buffer left       -1     (vulnerability only)
tga, fed_assets    USD bn: drivers, shown, never stress          0
=================  ===========================================  =====  =====================

Baseline ``b(t)`` = median of the measure over the 250 business days (350 calendar days) before
``t``. An episode's *peak* is the date inside it where ``dir * (x - b)`` is largest; its value
``p`` and baseline ``b_p`` are taken on that date. Then

    distance(t) = (x(t) - b(t)) / (p - b_p),   floored at 0,

defined only when the episode was a stress deviation for the measure (``dir * (p - b_p) > 0``);
otherwise ``n/a`` with the reason (ON RRP was unused in 2019; reserves rose in March 2020;
March 2020 is judged on cash-market measures, not repo spreads, which the Fed's repo operations
held down). Distance 1 = as far from normal as at the episode's peak; as of 2019-09-17 SOFR - IOER
is at distance 1.0 of Sep 2019 by construction (shared data: SOFR 5.25 %, IOER 2.10 %).

The price measures also carry a fixed scoring scale for the monitor's ``liquidity_price`` part
(:data:`MEASURES` ``scale``: the deviation ``dir * (x - b)`` up to ``normal`` scores 0, from
``full`` 100; the part is the most stressed measure's score). Calibrated on 2006-2025: SOFR -
IORB 10/100bp (the deviation's 95th percentile is 9bp, 2019-09-17 312bp, quarter ends
15-40bp), EFFR - IORB 5/25bp (95 %: 5bp; 2019-09-17 19bp), EFFR - target 5/40bp (2007-08 and
2008-09 prints of 25-60bp above target), 10y realised vol 2/8 bp/day (95 %: 3.3; 2020-03-18
9.0, 2008-10-10 7.1).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tsy.analytics._result import Result
from tsy.analytics.composite import Scale
from tsy.analytics.liquidity import EPISODES, admin_rate

__all__ = [
    "EPISODES",
    "MEASURES",
    "LiquidityDistance",
    "LiquidityMeasure",
    "admin_rate",
    "baseline",
    "liquidity_distance",
]

#: Trailing baseline window: 250 business days as calendar days.
BASELINE_WINDOW = "350D"
BASELINE_MIN = 12


def _spread(a: pd.Series, b: pd.Series) -> pd.Series:
    j = pd.concat([a, b], axis=1, join="inner").dropna()
    return ((j.iloc[:, 0] - j.iloc[:, 1]) * 100.0).round(6)


def _ratio_pct(a: pd.Series, b: pd.Series) -> pd.Series:
    j = pd.concat([a, b], axis=1, join="inner").dropna()
    return j.iloc[:, 0] / j.iloc[:, 1] * 100.0


def _rvol(y: pd.Series) -> pd.Series:
    d = y.dropna().astype(float).diff() * 100.0
    return d.rolling(20, min_periods=15).std()


Inputs = Mapping[str, pd.Series | None]


@dataclass(frozen=True)
class LiquidityMeasure:
    """A measure: roles it needs, its form, unit, stress direction and the episodes it answers."""

    name: str
    title: str
    roles: tuple[str, ...]
    unit: str
    direction: int
    fn: Callable[[Inputs], pd.Series]
    dimension: str  # "price", "quantity", "driver"
    episodes: tuple[str, ...] = ()
    not_judged: str = ""
    #: Scale of the stress-direction deviation, for the monitor's score (price measures only).
    scale: Scale | None = None


def _admin(s: Inputs) -> pd.Series:
    return admin_rate(s.get("ioer"), s.get("iorb"))


def _target(s: Inputs) -> pd.Series:
    """The FOMC's target: DFEDTAR to 2008-12-15, the middle of the range from 2008-12-16."""
    parts = []
    t = s.get("target")
    if t is not None and len(t.dropna()):
        parts.append(t.dropna().astype(float))
    up, lo = s.get("target_upper"), s.get("target_lower")
    if up is not None and lo is not None and len(up.dropna()):
        mid = pd.concat([up, lo], axis=1, join="inner").dropna().astype(float).mean(axis=1)
        if parts:
            mid = mid[mid.index > parts[0].index[-1]]
        parts.append(mid)
    return pd.concat(parts).sort_index() if parts else pd.Series(dtype=float)


_REPO_NOTE = "Mar 2020 is judged on cash-market measures (repo spreads held down by Fed repo)"
_M = LiquidityMeasure
#: The measures, by name. Roles are mapped to series by the caller (no catalogue ids here).
MEASURES: dict[str, LiquidityMeasure] = {
    m.name: m
    for m in [
        _M("sofr_iorb", "SOFR - IORB (IOER before 2021-07-29)", ("sofr", "ioer|iorb"), "bp", 1,
           lambda s: _spread(s["sofr"], _admin(s)), "price", ("sep2019",), _REPO_NOTE,  # type: ignore[arg-type]
           Scale(10.0, 100.0)),
        _M("effr_iorb", "EFFR - IORB (IOER before 2021-07-29)", ("effr", "ioer|iorb"), "bp", 1,
           lambda s: _spread(s["effr"], _admin(s)), "price", ("sep2019",), _REPO_NOTE,  # type: ignore[arg-type]
           Scale(5.0, 25.0)),
        _M("effr_target", "EFFR - FOMC target (mid of the range from 2008-12-16)",
           ("effr", "target|target_upper"), "bp", 1,
           lambda s: _spread(s["effr"], _target(s)), "price", ("sep2019",),  # type: ignore[arg-type]
           _REPO_NOTE, Scale(5.0, 40.0)),
        _M("tsy_rvol_20d", "10y Treasury realised vol, 20 days", ("ten_year",), "bp/day", 1,
           lambda s: _rvol(s["ten_year"]), "price", ("mar2020",),  # type: ignore[arg-type]
           "Sep 2019 was a repo-market episode", Scale(2.0, 8.0)),
        _M("reserves_share", "Reserves / Fed total assets", ("reserves", "fed_assets"), "%", -1,
           lambda s: _ratio_pct(s["reserves"], s["fed_assets"]), "quantity", ("sep2019",),  # type: ignore[arg-type]
           "reserves rose in Mar 2020 (asset purchases)"),
        _M("rrp_buffer", "ON RRP take-up (buffer left)", ("rrp",), "USD bn", -1,
           lambda s: s["rrp"].dropna().astype(float), "vulnerability", (),  # type: ignore[union-attr]
           "ON RRP was unused in 2019-2020: shown as buffer left, not as distance"),
        _M("tga", "Treasury General Account", ("tga",), "USD bn", 0,
           lambda s: s["tga"].dropna().astype(float) * 1e-3, "driver"),  # type: ignore[union-attr]
        _M("fed_assets", "Fed total assets", ("fed_assets",), "USD bn", 0,
           lambda s: s["fed_assets"].dropna().astype(float) * 1e-3, "driver"),  # type: ignore[union-attr]
    ]
}  # fmt: skip


def baseline(x: pd.Series) -> pd.Series:
    """Median of ``x`` over the 350 calendar days (250 business days) before each date."""
    return x.rolling(BASELINE_WINDOW, closed="left", min_periods=BASELINE_MIN).median()


def _has(s: Inputs, role: str) -> bool:
    return any(s.get(r) is not None and len(s[r].dropna()) for r in role.split("|"))  # type: ignore[union-attr]


@dataclass(frozen=True, repr=False)
class LiquidityDistance(Result, frame="table"):
    """Result of :func:`liquidity_distance`.

    Attributes
    ----------
    table : DataFrame
        One row per measure: ``measure, title, dimension, unit, direction, status ("ok" or
        "missing"), missing_roles, date, value, baseline`` and per episode ``<ep>_peak_date,
        <ep>_peak, <ep>_peak_baseline, <ep>_distance, <ep>_note``.
    history : dict
        Per measure, a DataFrame of ``value`` and ``baseline`` (the stress-direction deviation is
        ``direction * (value - baseline)``).
    """

    table: pd.DataFrame
    history: dict[str, pd.DataFrame] = field(default_factory=dict)

    def deviation(self, name: str) -> pd.Series:
        """``direction * (value - baseline)`` of a measure (empty when missing)."""
        h = self.history.get(name)
        if h is None:
            return pd.Series(dtype=float)
        return (MEASURES[name].direction * (h["value"] - h["baseline"])).dropna()

    def summary(self) -> str:
        """One line per measure."""
        lines = []
        for r in self.table.to_dict("records"):
            if r["status"] != "ok":
                lines.append(f"{r['title']}: missing ({r['missing_roles']})")
                continue
            d = f"{r['title']}: {r['value']:.2f} {r['unit']} ({str(r['date'])[:10]})"
            if r["dimension"] in ("price", "quantity"):
                d += f", baseline {r['baseline']:.2f}"
                for ep in EPISODES:
                    dist = r[f"{ep}_distance"]
                    d += (
                        f"; {ep} distance {dist:.2f}"
                        if isinstance(dist, float) and np.isfinite(dist)
                        else f"; {ep} n/a ({r[f'{ep}_note']})"
                    )
            else:
                d += f" [{r['dimension']}]"
            lines.append(d)
        return "\n".join(lines)


def liquidity_distance(inputs: Inputs, as_of: Any = None) -> LiquidityDistance:
    """Every measure's value, baseline and distance to the Sep 2019 and Mar 2020 peaks.

    Parameters
    ----------
    inputs : mapping role -> Series
        Roles: ``sofr, effr, ioer, iorb`` (percent), ``target`` (DFEDTAR), ``target_upper,
        target_lower`` (the range, percent), ``ten_year`` (percent), ``reserves,
        fed_assets, tga`` (USD millions, H.4.1), ``rrp`` (USD billions). Absent roles make their
        measures ``missing``.
    as_of : date-like, optional
        Cut every series at this date (default: use them as given).

    Returns
    -------
    LiquidityDistance

    Examples
    --------
    As of 2019-09-17, SOFR - IOER is 315bp against a baseline of a few bp: distance 1.0.
    """
    cut = pd.Timestamp(as_of) if as_of is not None else None
    s: dict[str, pd.Series | None] = {
        k: (v.loc[:cut] if cut is not None and v is not None else v) for k, v in inputs.items()
    }
    rows: list[dict[str, Any]] = []
    hist: dict[str, pd.DataFrame] = {}
    for m in MEASURES.values():
        row: dict[str, Any] = {
            "measure": m.name, "title": m.title, "dimension": m.dimension, "unit": m.unit,
            "direction": m.direction, "inputs": ",".join(m.roles),
        }  # fmt: skip
        absent = [r for r in m.roles if not _has(s, r)]
        x = m.fn(s).dropna() if not absent else pd.Series(dtype=float)
        if absent or x.empty:
            row.update(status="missing", missing_roles=",".join(absent) or "no common dates")
            rows.append(row)
            continue
        b = baseline(x)
        hist[m.name] = pd.DataFrame({"value": x, "baseline": b})
        row.update(
            status="ok", missing_roles="", date=x.index[-1], value=float(x.iloc[-1]),
            baseline=float(b.iloc[-1]), first_date=x.index[0],
        )  # fmt: skip
        for ep, (a, z) in EPISODES.items():
            row.update(_episode(m, ep, x, b, a, z))
        rows.append(row)
    return LiquidityDistance(table=pd.DataFrame(rows), history=hist)


def _episode(
    m: LiquidityMeasure, ep: str, x: pd.Series, b: pd.Series, a: str, z: str
) -> dict[str, Any]:
    out: dict[str, Any] = {f"{ep}_peak_date": pd.NaT, f"{ep}_peak": np.nan,
                           f"{ep}_peak_baseline": np.nan, f"{ep}_distance": np.nan}  # fmt: skip
    if m.direction == 0:
        out[f"{ep}_note"] = "a driver, not a stress measure"
        return out
    if ep not in m.episodes:
        out[f"{ep}_note"] = m.not_judged or "not judged on this episode"
        return out
    dev = (m.direction * (x.loc[a:z] - b.loc[a:z])).dropna()  # b shares x's dates
    if dev.empty:
        out[f"{ep}_note"] = "no data in the episode (or not yet reached)"
        return out
    d = pd.Timestamp(dev.index[int(np.argmax(dev.to_numpy()))])
    p, bp = float(x.loc[d]), float(b.loc[d])
    out.update({f"{ep}_peak_date": d, f"{ep}_peak": p, f"{ep}_peak_baseline": bp})
    if m.direction * (p - bp) <= 0:
        out[f"{ep}_note"] = "the measure was not stressed in the episode"
        return out
    today = float(x.iloc[-1]) - float(b.iloc[-1])
    out[f"{ep}_distance"] = max(0.0, today / (p - bp))
    out[f"{ep}_note"] = ""
    return out
