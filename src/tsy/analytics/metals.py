"""Gold, silver and copper against the 10y nominal, 10y breakeven and 10y real yield.

Pure functions (no I/O, no clock). Inputs:

* metals: ``GOLDPMUSD`` (LBMA gold PM, USD/oz, daily), ``SILVERUSD`` (LBMA silver, USD/oz, daily),
  ``PCOPPUSDM`` (IMF global copper price, USD/t, monthly average, dated the first of the month);
* rates: ``DGS10`` and ``DFII10`` (percent, daily, FRED H.15); breakeven = DGS10 - DFII10.

Conventions
-----------
* Levels are aligned on common dates for the daily metals, and by month for copper (the monthly
  mean of the daily rates against the monthly average copper price).
* Changes: the London fixes (10:30/15:00 London) and the New York close of Treasury yields are
  hours apart, so daily changes are mismatched; gold and silver use weekly changes by default
  (last observation of each week, Friday-ended), copper monthly changes.
  Metal change = 100 x log ratio (percent); rate change in basis points.
* Beta = OLS slope (with intercept) of the metal's percent change on the rate change expressed in
  units of 100bp: "percent metal move per 100bp". Correlation = Pearson on the same changes.
* Regimes: ``hiking`` = dates inside a Fed hiking cycle (first to last hike, see
  :mod:`tsy.analytics.cycles`), ``not hiking`` = every other date, ``all`` = whole sample.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tsy.analytics._result import Result
from tsy.analytics._stats import as_of_value, check_series
from tsy.analytics.hiking_claims import hiking_claims
from tsy.errors import InputError

__all__ = [
    "METALS",
    "RATES",
    "MetalsStudy",
    "aligned_levels",
    "betas",
    "changes",
    "cycle_correlations",
    "cycle_levels",
    "metals_study",
    "rates_10y",
    "rolling_correlations",
]

#: Metal name -> (units, native frequency "D" or "M"); the series behind each name are the
#: indicator registry's (:data:`tsy.indicators.studies_defs.METAL_IDS`).
METALS: dict[str, tuple[str, str]] = {
    "gold": ("usd_oz", "D"),
    "silver": ("usd_oz", "D"),
    "copper": ("usd_t", "M"),
}

#: Rate columns of :func:`rates_10y`.
RATES = ("nominal_10y_pct", "breakeven_10y_pct", "real_10y_pct")

#: Change frequency by native metal frequency (pandas offset aliases).
CHANGE_FREQ = {"D": "W-FRI", "M": "MS"}
#: Default rolling-correlation window, in change periods (about 3 years).
ROLL_WINDOW = {"D": 156, "M": 36}


def _metal(name: str) -> tuple[str, str]:
    if name not in METALS:
        raise InputError(f"unknown metal {name!r}: expected one of {sorted(METALS)}")
    return METALS[name]


def rates_10y(nominal_10y: pd.Series, real_10y: pd.Series) -> pd.DataFrame:
    """10y nominal (DGS10), breakeven (nominal - real, same date) and real yield (DFII10), %."""
    n, r = check_series(nominal_10y, "nominal_10y"), check_series(real_10y, "real_10y")
    out = pd.concat({"nominal_10y_pct": n, "real_10y_pct": r}, axis=1, sort=True)
    out["breakeven_10y_pct"] = out["nominal_10y_pct"] - out["real_10y_pct"]
    out.index.name = "date"
    return out[list(RATES)]


def aligned_levels(metal: str, price: pd.Series, rates: pd.DataFrame) -> pd.DataFrame:
    """Metal price and the three 10y rates on common dates (daily) or months (copper).

    Returns
    -------
    DataFrame indexed by ``date`` with ``<metal>_<units>`` then :data:`RATES`. A rate missing on
    a date (e.g. before TIPS, 2003) is NaN; the row is kept when the nominal exists.
    """
    units, freq = _metal(metal)
    p = check_series(price, metal)
    col = f"{metal}_{units}"
    if freq == "M":
        monthly = rates.groupby(pd.DatetimeIndex(rates.index).to_period("M")).mean()
        monthly.index = pd.PeriodIndex(monthly.index).to_timestamp()
        p = p.copy()
        p.index = pd.DatetimeIndex(p.index).to_period("M").to_timestamp()
        out = pd.concat({col: p}, axis=1).join(monthly, how="inner")
    else:
        out = pd.concat({col: p}, axis=1).join(rates, how="inner")
    out = out.dropna(subset=[col, "nominal_10y_pct"])
    out.index.name = "date"
    return out


def changes(levels: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Changes at ``freq``: metal as 100 x log ratio (``<metal>_chg_pct``), rates in bp.

    Daily levels are sampled at the last observation of each period first (``freq`` a pandas
    offset alias such as ``"W-FRI"``); monthly levels (``"MS"``) are used as they are.
    """
    metal_col = levels.columns[0]
    # Weekly: the last day of each week with a metal price and a nominal yield (same date for all
    # columns; a rate missing that day stays NaN rather than borrowing another day).
    if freq == "MS":
        lv = levels
    else:
        days = pd.Series(levels.index, index=levels.index)
        lv = levels.loc[days.groupby(pd.Grouper(freq=freq)).last().dropna().to_numpy()]
    lv = lv.dropna(subset=[metal_col])
    out = pd.DataFrame(index=lv.index)
    out[f"{str(metal_col).rsplit('_', 2)[0]}_chg_pct"] = np.log(lv[metal_col]).diff() * 100.0
    for c in RATES:
        out[c.replace("_pct", "_chg_bp")] = lv[c].diff() * 100.0
    out.index.name = "date"
    return out.iloc[1:]


def _ols(y: pd.Series, x: pd.Series) -> tuple[float, float, pd.Index]:
    """Slope of y on x/100 (x in bp), Pearson correlation, and the dates of the pairs used."""
    if y.index.equals(x.index):  # columns of one frame: the pairs where both are known
        yv, xv = y.to_numpy(dtype=float), x.to_numpy(dtype=float)
        ok = ~(np.isnan(yv) | np.isnan(xv))
        used, yy, xx = y.index[ok], yv[ok], xv[ok] / 100.0
    else:
        both = pd.concat([y, x], axis=1).dropna()
        used = both.index
        yy, xx = both.iloc[:, 0].to_numpy(), both.iloc[:, 1].to_numpy() / 100.0
    if len(used) < 8:
        return float("nan"), float("nan"), used
    var = float(np.var(xx, ddof=1))
    if var == 0:
        return float("nan"), float("nan"), used
    beta = float(np.cov(yy, xx, ddof=1)[0, 1] / var)
    corr = float(np.corrcoef(yy, xx)[0, 1])
    return beta, corr, used


def regime_labels(index: pd.DatetimeIndex, cycles: pd.DataFrame | None) -> pd.Series:
    """``"hiking"`` for dates within a cycle's [start, end], else ``"not hiking"``."""
    lab = pd.Series("not hiking", index=index)
    if cycles is not None:
        for a, b in zip(cycles["start"], cycles["end"], strict=True):
            inside = (index >= pd.Timestamp(a)) & (index <= pd.Timestamp(b))
            lab[np.asarray(inside)] = "hiking"
    return lab


def betas(chg: pd.DataFrame, cycles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Beta (% metal per 100bp) and correlation of changes, whole sample and by regime.

    Columns: ``regime``, ``rate``, ``beta_pct_per_100bp``, ``corr``, ``n``, ``start``, ``end``.
    """
    metal_col = chg.columns[0]
    lab = regime_labels(pd.DatetimeIndex(chg.index), cycles)
    rows = []
    for regime in ("all", "hiking", "not hiking"):
        part = chg if regime == "all" else chg[lab == regime]
        for c in chg.columns[1:]:
            b, r, used = _ols(part[metal_col], part[c])
            rows.append(
                {
                    "regime": regime,
                    "rate": str(c).replace("_chg_bp", ""),
                    "beta_pct_per_100bp": b,
                    "corr": r,
                    "n": len(used),
                    "start": used.min(),
                    "end": used.max(),
                }
            )
    return pd.DataFrame(rows)


def rolling_correlations(chg: pd.DataFrame, window: int) -> pd.DataFrame:
    """Rolling Pearson correlation of the metal's changes with each rate's, ``corr_<rate>``.

    A window needs at least 80% of its ``window`` periods with both changes present.
    """
    metal_col = chg.columns[0]
    out = pd.DataFrame(index=chg.index)
    need = max(8, int(0.8 * window))
    for c in chg.columns[1:]:
        name = "corr_" + str(c).replace("_chg_bp", "")
        out[name] = chg[metal_col].rolling(window, min_periods=need).corr(chg[c])
    return out.dropna(how="all")


def cycle_levels(
    cycles: pd.DataFrame, prices: Mapping[str, pd.Series], rates: pd.DataFrame
) -> pd.DataFrame:
    """Start level, end level and change of each metal and rate over each hiking cycle.

    Start = last observation before the first hike; end = last observation on or before the last
    hike. Copper is a monthly average: its start is the average of the month *before* the month
    of the first hike (the first hike's month already contains days after it: June 2004's
    average for a hike on 2004-06-30 would be a mid-June price), its end the average of the
    month of the last hike; the ``note`` column says so. Change: metals in percent, rates in bp.

    Columns: ``cycle``, ``asset``, ``start_level``, ``end_level``, ``change``, ``change_units``
    (``pct`` or ``bp``), ``note`` (the dating of monthly data, or why a value is missing).
    """
    assets: dict[str, tuple[pd.Series, str, bool]] = {}
    for name, s in prices.items():
        _, freq = _metal(name)
        s = check_series(s, name)
        if freq == "M":
            s.index = pd.DatetimeIndex(s.index).to_period("M").to_timestamp()
        assets[name] = (s, "pct", freq == "M")
    for c in RATES:
        assets[c.removesuffix("_pct")] = (rates[c].dropna(), "bp", False)
    rows = []
    for cyc, r in cycles.iterrows():
        for asset, (s, unit, monthly) in assets.items():
            start = pd.Timestamp(r["start"])
            first_day = start.to_period("M").to_timestamp() if monthly else start
            before = s.loc[: first_day - pd.Timedelta(days=1)]
            a = as_of_value(s, first_day - pd.Timedelta(days=1))
            b = as_of_value(s, r["end"])
            note = ""
            if monthly and len(before):
                note = (
                    f"monthly average; start = {before.index[-1]:%Y-%m} (the month before the "
                    f"first hike), end = {pd.Timestamp(r['end']):%Y-%m}"
                )
            if not len(before) or (first_day - before.index[-1]).days > 40:
                a, b, note = np.nan, np.nan, f"no {asset} data at the cycle start"
            change = (b / a - 1.0) * 100.0 if unit == "pct" else (b - a) * 100.0
            rows.append(
                {
                    "cycle": cyc,
                    "asset": asset,
                    "start_level": a,
                    "end_level": b,
                    "change": change,
                    "change_units": unit,
                    "note": note,
                }
            )
    return pd.DataFrame(rows)


def cycle_correlations(
    cycles: pd.DataFrame, chg_by_metal: Mapping[str, pd.DataFrame]
) -> pd.DataFrame:
    """Correlation of metal and rate changes within each cycle, and the beta.

    Columns: ``cycle``, ``metal``, ``rate``, ``corr``, ``beta_pct_per_100bp``, ``n`` (changes;
    fewer than 8 gives NaN).
    """
    rows = []
    for cyc, r in cycles.iterrows():
        for metal, chg in chg_by_metal.items():
            part = chg.loc[r["start"] : r["end"]]
            for c in chg.columns[1:]:
                b, corr, used = _ols(part[chg.columns[0]], part[c])
                rows.append(
                    {
                        "cycle": cyc,
                        "metal": metal,
                        "rate": str(c).replace("_chg_bp", ""),
                        "corr": corr,
                        "beta_pct_per_100bp": b,
                        "n": len(used),
                    }
                )
    return pd.DataFrame(rows)


@dataclass(frozen=True, repr=False)
class MetalsStudy(Result, frame="betas"):
    """Result of :func:`metals_study`; every table documented on the function that makes it."""

    levels: dict[str, pd.DataFrame]
    changes: dict[str, pd.DataFrame]
    betas: pd.DataFrame
    rolling: dict[str, pd.DataFrame]
    cycles: pd.DataFrame
    cycle_levels: pd.DataFrame
    cycle_correlations: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    claims: pd.DataFrame = field(default_factory=pd.DataFrame)

    def summary(self) -> str:
        """Whole-sample betas to the 10y real yield and metal moves per cycle."""
        lines = ["Metals vs 10y rates (beta = % metal move per 100bp, whole sample):"]
        allb = self.betas[self.betas["regime"] == "all"]
        for metal, grp in allb.groupby("metal", sort=False):
            parts = [
                f"{r.rate} {r.beta_pct_per_100bp:+.1f} (corr {r.corr:+.2f})"
                for r in grp.itertuples()
            ]
            lines.append(f"  {metal}: " + ", ".join(parts))
        cl = self.cycle_levels
        for cyc in self.cycles.index:
            part = cl[cl["cycle"] == cyc].set_index("asset")["change"]
            lines.append(
                f"  cycle {cyc}: "
                + ", ".join(
                    f"{a} {v:+.0f}{'%' if a in METALS else 'bp'}"
                    for a, v in part.items()
                    if pd.notna(v)
                )
            )
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


def metals_study(
    prices: Mapping[str, pd.Series],
    rates: pd.DataFrame,
    cycles: pd.DataFrame | None = None,
    *,
    windows: Mapping[str, int] | None = None,
) -> MetalsStudy:
    """Levels, betas, rolling correlations and hiking-cycle tables for each metal given.

    Parameters
    ----------
    prices : mapping metal name -> Series
        Any of ``gold``, ``silver``, ``copper`` (see :data:`METALS`).
    rates : DataFrame
        From :func:`rates_10y`.
    cycles : DataFrame, optional
        ``HikingCycles.table`` (:func:`tsy.analytics.cycles.hiking_cycles`); without it no
        regime split and no cycle tables.
    windows : mapping metal -> int, optional
        Rolling-correlation windows in change periods (default 156 weeks / 36 months).
    """
    if not prices:
        raise InputError(f"metals study needs at least one of {sorted(METALS)}")
    levels, chgs, rolls, bet = {}, {}, {}, []
    notes = []
    for metal, price in prices.items():
        _, freq = _metal(metal)
        lv = aligned_levels(metal, price, rates)
        ch = changes(lv, CHANGE_FREQ[freq])
        levels[metal], chgs[metal] = lv, ch
        win = (windows or {}).get(metal, ROLL_WINDOW[freq])
        rolls[metal] = rolling_correlations(ch, win)
        b = betas(ch, cycles)
        b.insert(0, "metal", metal)
        b.insert(1, "freq", CHANGE_FREQ[freq])
        bet.append(b)
        real_start = lv["real_10y_pct"].first_valid_index()
        notes.append(
            f"{metal}: {lv.index[0]:%Y-%m-%d}..{lv.index[-1]:%Y-%m-%d}; breakeven and real yield "
            f"only from {pd.Timestamp(str(real_start)):%Y-%m-%d} (DFII10)"
        )
    cyc = cycles if cycles is not None else pd.DataFrame(columns=["start", "end"])
    levels_by_cycle = cycle_levels(cyc, prices, rates) if len(cyc) else pd.DataFrame()
    if "copper" in prices and len(cyc):
        notes.append(
            "copper (monthly average): each cycle starts from the month before the first hike"
        )
    if "dated_by" in cyc:
        notes.append(
            "cycles run from FOMC statement dates (FRED dates some moves, e.g. 2018-12-19, "
            "2022-03-16 and 2023-07-26, the day after)"
        )
    return MetalsStudy(
        levels=levels,
        changes=chgs,
        betas=pd.concat(bet, ignore_index=True),
        rolling=rolls,
        cycles=cyc,
        cycle_levels=levels_by_cycle,
        cycle_correlations=cycle_correlations(cyc, chgs) if len(cyc) else pd.DataFrame(),
        notes=notes,
        claims=hiking_claims(levels_by_cycle) if len(levels_by_cycle) else pd.DataFrame(),
    )
