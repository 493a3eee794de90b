"""Tenor comparison: test, on the data, four claims analysts make about the TIPS-era curves.

Each claim is a function of the curves (nominal DGS*, real DFII*, breakeven = nominal - real,
tenors 5, 7, 10, 20, 30 years) that returns its numbers as a table, the rule that turns them into
a verdict, the verdict itself (holds / does not hold) and the margin. Nothing is written in: the
verdict is computed from the numbers and the numbers from the series passed in.

Claims (registry :data:`CLAIMS`)
--------------------------------
``decline_rebound``
    (1) Rates declined over the long run, and inflation expectations rebounded after COVID.
    Rule: the least-squares trend of the 10y nominal's annual means from its all-time peak year to
    2020 is negative, AND the highest 10y breakeven after the COVID window exceeds its 2015-2019
    mean.
``short_more_volatile``
    (2) Shorter tenors (5y, 7y) are more volatile than 20y and 30y. Realised volatility = standard
    deviation of daily changes x sqrt(252), in bp, on the dates where every tenor of that kind has
    a value (so tenors are compared over the same days); full sample and by decade.
    Rule per (kind, period): the smallest of the short-tenor vols exceeds the largest of the
    long-tenor vols. The claim holds when this is true for every kind on the full sample.
``gfc_vs_covid``
    (3) 2008 moved short-tenor real yields and breakevens more than the 2020 COVID shock.
    Peak-to-trough = max - min within each episode window (:data:`EPISODES`), in bp.
    Rule: for real yields and breakevens at 5y and 7y, the 2008 range exceeds the 2020 range.
``post_covid``
    (4) After COVID, nominal yields and breakevens rose fast while real yields stayed low.
    Window :data:`POST_COVID` (from the end of the COVID shock to the day before the first hike of
    2022). Rule: the 10y nominal and 10y breakeven rose over the window and the 10y real yield
    stayed below zero on every day of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tsy.analytics._result import Result
from tsy.analytics._stats import realised_vol
from tsy.analytics.curves import TENORS, nominal, tenor_frame
from tsy.analytics.curves import real as real_role
from tsy.errors import InputError

__all__ = [
    "CLAIMS",
    "EPISODES",
    "POST_COVID",
    "Claim",
    "TenorTable",
    "episode_ranges",
    "tenor_panels",
    "tenor_table",
    "vol_by_tenor",
]

#: Crisis windows for peak-to-trough ranges (inclusive dates).
EPISODES: dict[str, tuple[str, str]] = {
    "GFC 2008": ("2008-07-01", "2009-06-30"),
    "COVID 2020": ("2020-02-15", "2020-06-30"),
}

#: After the COVID shock, up to the day before the first hike of 2022 (FOMC, 2022-03-16).
POST_COVID: tuple[str, str] = ("2020-07-01", "2022-03-15")

#: Pre-COVID reference window for the breakeven rebound.
PRE_COVID: tuple[str, str] = ("2015-01-01", "2019-12-31")

SHORT, LONG = (5, 7), (20, 30)
KINDS = ("nominal", "real", "breakeven")


@dataclass(frozen=True, repr=False)
class Claim(Result, frame="numbers"):
    """One claim tested on the data.

    Attributes
    ----------
    key, statement : str
        Registry key and the claim in words.
    rule : str
        How the verdict follows from the numbers.
    numbers : DataFrame
        The measured figures (units in column names).
    holds : bool
        The verdict.
    margin : str
        By how much, in one line.
    """

    key: str
    statement: str
    rule: str
    numbers: pd.DataFrame
    holds: bool
    margin: str
    details: dict[str, object] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        """``"holds"`` or ``"does not hold"``."""
        return "holds" if self.holds else "does not hold"


@dataclass(frozen=True, repr=False)
class TenorTable(Result, frame="table"):
    """Result of :func:`tenor_table`: the four claims and the tables behind them."""

    claims: dict[str, Claim]
    vol: pd.DataFrame
    episodes: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def table(self) -> pd.DataFrame:
        """One row per claim: ``claim``, ``statement``, ``verdict``, ``margin``, ``rule``."""
        return pd.DataFrame(
            [
                {
                    "claim": c.key,
                    "statement": c.statement,
                    "verdict": c.verdict,
                    "margin": c.margin,
                    "rule": c.rule,
                }
                for c in self.claims.values()
            ]
        )

    def summary(self) -> str:
        """The four verdicts in plain words."""
        lines = ["Tenor claims tested on the data:"]
        for i, c in enumerate(self.claims.values(), 1):
            lines.append(f"({i}) {c.statement}: {c.verdict.upper()}. {c.margin}")
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


def tenor_panels(data: Mapping[str, pd.Series]) -> dict[str, pd.DataFrame]:
    """Frames ``nominal``, ``real``, ``breakeven``: one column per tenor (int years), percent."""
    panels: dict[str, dict[int, pd.Series]] = {k: {} for k in KINDS}
    for t in TENORS:
        if nominal(t) not in data or real_role(t) not in data:
            continue
        f = tenor_frame(data, t)
        for k in KINDS:
            panels[k][t] = f[f"{k}_pct"]
    out = {}
    for k, cols in panels.items():
        if not cols:
            raise InputError(f"tenor table needs nominal and TIPS yields; none given for {k}")
        frame = pd.concat(cols, axis=1, sort=True)
        frame.index.name = "date"
        out[k] = frame
    return out


def vol_by_tenor(panels: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Realised vol of daily changes (bp, annualised x sqrt(252)) by kind, period and tenor.

    For each kind, only the dates where every tenor has a value are used (common sample);
    ``period`` is ``"full"`` or a decade such as ``"2010s"``; within a decade the common sample
    of the tenors present in that decade is used. Columns: ``kind``, ``period``, ``start``,
    ``end``, ``n_days`` and one ``vol_<t>y_bp`` per tenor.
    """
    rows = []
    for kind, frame in panels.items():
        common = frame.dropna()
        periods: list[tuple[str, pd.DataFrame]] = [("full", common)]
        decades = sorted(set((pd.DatetimeIndex(frame.index).year // 10 * 10).tolist()))
        for dec in decades:
            part = frame.loc[f"{dec}-01-01" : f"{dec + 9}-12-31"].dropna(axis=1, how="all")
            if part.shape[1]:
                periods.append((f"{dec}s", part.dropna()))
        for period, part in periods:
            if len(part) < 20:
                continue
            row: dict[str, object] = {
                "kind": kind,
                "period": period,
                "start": part.index[0],
                "end": part.index[-1],
                "n_days": len(part),
            }
            for t in frame.columns:
                row[f"vol_{t}y_bp"] = realised_vol(part[t]) if t in part else np.nan
            rows.append(row)
    return pd.DataFrame(rows)


def _short_beats_long(row: pd.Series) -> tuple[bool | None, float]:
    short = [row.get(f"vol_{t}y_bp", np.nan) for t in SHORT]
    long_ = [row.get(f"vol_{t}y_bp", np.nan) for t in LONG]
    short = [v for v in short if pd.notna(v)]
    long_ = [v for v in long_ if pd.notna(v)]
    if not short or not long_:
        return None, float("nan")
    return min(short) > max(long_), float(min(short) - max(long_))


def episode_ranges(
    panels: Mapping[str, pd.DataFrame], episodes: Mapping[str, tuple[str, str]] = EPISODES
) -> pd.DataFrame:
    """Peak-to-trough range (max - min, bp) of each kind and tenor within each episode.

    Columns: ``kind``, ``tenor``, then per episode ``<episode>_range_bp``, ``<episode>_max``,
    ``<episode>_min`` (percent) and ``<episode>_n_days``.
    """
    rows = []
    for kind, frame in panels.items():
        for t in frame.columns:
            row: dict[str, object] = {"kind": kind, "tenor": int(t)}
            for name, (a, b) in episodes.items():
                s = frame[t].loc[a:b].dropna()
                row[f"{name}_max_pct"] = s.max() if len(s) else np.nan
                row[f"{name}_min_pct"] = s.min() if len(s) else np.nan
                row[f"{name}_range_bp"] = (s.max() - s.min()) * 100.0 if len(s) else np.nan
                row[f"{name}_n_days"] = len(s)
            rows.append(row)
    return pd.DataFrame(rows)


def _claim_decline_rebound(panels: Mapping[str, pd.DataFrame], **_: object) -> Claim:
    n10 = panels["nominal"][10].dropna()
    be10 = panels["breakeven"][10].dropna()
    peak_date = pd.Timestamp(str(n10.idxmax()))
    annual = n10.loc[str(peak_date.year) : "2020-12-31"].groupby(lambda d: d.year).mean()
    slope = float(np.polyfit(annual.index.to_numpy(float), annual.to_numpy(float), 1)[0])
    trough_date = pd.Timestamp(str(n10.loc[peak_date:"2020-12-31"].idxmin()))
    covid = be10.loc[EPISODES["COVID 2020"][0] : EPISODES["COVID 2020"][1]]
    after = be10.loc[EPISODES["COVID 2020"][1] :]
    pre_mean = float(be10.loc[PRE_COVID[0] : PRE_COVID[1]].mean())
    if not len(covid) or not len(after):
        raise InputError("claim 1 needs the 10y breakeven through and after 2020")
    after_max_date = pd.Timestamp(str(after.idxmax()))
    numbers = pd.DataFrame(
        [
            {"measure": "10y nominal all-time peak", "date": peak_date, "value": n10.max()},
            {"measure": "10y nominal low to 2020", "date": trough_date, "value": n10[trough_date]},
            {"measure": "10y nominal trend, pp/decade", "date": None, "value": slope * 10},
            {"measure": "10y nominal latest", "date": n10.index[-1], "value": n10.iloc[-1]},
            {"measure": "10y BE 2015-19 mean", "date": None, "value": pre_mean},
            {"measure": "10y BE COVID low", "date": covid.idxmin(), "value": covid.min()},
            {"measure": "10y BE post-COVID high", "date": after_max_date, "value": after.max()},
            {"measure": "10y BE latest", "date": be10.index[-1], "value": be10.iloc[-1]},
        ]
    )
    decline = slope < 0
    rebound = float(after.max()) > pre_mean
    margin = (
        f"10y nominal {n10.max():.2f}% ({peak_date.date()}) -> {n10[trough_date]:.2f}% "
        f"({trough_date.date()}), trend {slope * 10:+.2f}pp/decade; 10y breakeven "
        f"{covid.min():.2f}% at the COVID low -> {after.max():.2f}% ({after_max_date.date()}), "
        f"{(after.max() - pre_mean) * 100:+.0f}bp vs its 2015-19 mean {pre_mean:.2f}%"
    )
    return Claim(
        key="decline_rebound",
        statement="rates declined over the long run and inflation expectations rebounded "
        "after COVID",
        rule="trend of 10y annual means (peak year..2020) < 0 AND post-COVID max of 10y "
        "breakeven > its 2015-2019 mean",
        numbers=numbers,
        holds=bool(decline and rebound),
        margin=margin,
        details={"decline": decline, "rebound": rebound},
    )


def _claim_short_vol(
    panels: Mapping[str, pd.DataFrame], *, vol: pd.DataFrame, **_: object
) -> Claim:
    numbers = vol.copy()
    verdicts = [_short_beats_long(r) for _, r in numbers.iterrows()]
    numbers["short_minus_long_bp"] = [m for _, m in verdicts]
    numbers["short_more_volatile"] = [v for v, _ in verdicts]
    full = numbers[numbers["period"] == "full"]
    holds = bool(full["short_more_volatile"].eq(True).all()) and len(full) > 0
    dec = numbers[(numbers["period"] != "full") & numbers["short_more_volatile"].notna()]
    n_dec = int(dec["short_more_volatile"].eq(True).sum())
    parts = [
        f"{r.kind}: min(5y,7y) - max(20y,30y) = {r.short_minus_long_bp:+.1f}bp/yr"
        for r in full.itertuples()
    ]
    margin = "; ".join(parts) + f" (full sample); by decade holds in {n_dec} of {len(dec)}"
    return Claim(
        key="short_more_volatile",
        statement="shorter tenors (5y, 7y) are more volatile than 20y and 30y",
        rule="on common dates, min(vol 5y, vol 7y) > max(vol 20y, vol 30y) for nominal, real "
        "and breakeven on the full sample (vol = sd of daily changes x sqrt(252), bp)",
        numbers=numbers,
        holds=holds,
        margin=margin,
    )


def _claim_gfc_covid(
    panels: Mapping[str, pd.DataFrame], *, episodes: pd.DataFrame, **_: object
) -> Claim:
    g, c = (f"{name}_range_bp" for name in EPISODES)
    sel = episodes[episodes["kind"].isin(["real", "breakeven"]) & episodes["tenor"].isin(SHORT)]
    numbers = sel[["kind", "tenor", g, c]].copy()
    numbers["ratio"] = numbers[g] / numbers[c]
    numbers["gfc_larger"] = numbers[g] > numbers[c]
    holds = bool(len(numbers) > 0 and numbers["gfc_larger"].all())
    margin = "; ".join(
        f"{r.kind} {r.tenor}y: {r[2]:.0f}bp vs {r[3]:.0f}bp (x{r.ratio:.2f})"
        for r in numbers.itertuples(index=False)
    )
    return Claim(
        key="gfc_vs_covid",
        statement="the 2008 crisis moved short-tenor real yields and breakevens more than the "
        "2020 COVID shock",
        rule=f"range (max - min) in {list(EPISODES.values())[0]} > range in "
        f"{list(EPISODES.values())[1]} for real and breakeven at 5y and 7y",
        numbers=numbers.reset_index(drop=True),
        holds=holds,
        margin=margin,
    )


def _claim_post_covid(panels: Mapping[str, pd.DataFrame], **_: object) -> Claim:
    a, b = POST_COVID
    rows = []
    for kind in KINDS:
        for t in panels[kind].columns:
            s = panels[kind][t].loc[a:b].dropna()
            if len(s) < 2:
                continue
            months = (s.index[-1] - s.index[0]).days / 30.4375
            rows.append(
                {
                    "kind": kind,
                    "tenor": int(t),
                    "start_pct": s.iloc[0],
                    "end_pct": s.iloc[-1],
                    "change_bp": (s.iloc[-1] - s.iloc[0]) * 100.0,
                    "bp_per_month": (s.iloc[-1] - s.iloc[0]) * 100.0 / months,
                    "max_pct": s.max(),
                }
            )
    numbers = pd.DataFrame(rows)
    if numbers.empty:
        raise InputError(f"claim 4 needs curves in {a}..{b}")
    ten = numbers[numbers["tenor"] == 10].set_index("kind")
    chg, top = ten["change_bp"].astype(float), ten["max_pct"].astype(float)
    rose = bool(chg["nominal"] > 0 and chg["breakeven"] > 0)
    low = bool(top["real"] < 0)
    margin = (
        f"{a}..{b}: 10y nominal {chg['nominal']:+.0f}bp, 10y breakeven "
        f"{chg['breakeven']:+.0f}bp, 10y real {chg['real']:+.0f}"
        f"bp with its highest level {top['real']:.2f}%"
    )
    return Claim(
        key="post_covid",
        statement="after COVID, nominal yields and breakevens rose fast while real yields "
        "stayed low",
        rule=f"over {a}..{b}: 10y nominal change > 0 AND 10y breakeven change > 0 AND max 10y "
        "real yield < 0",
        numbers=numbers,
        holds=rose and low,
        margin=margin,
        details={"rose": rose, "real_stayed_negative": low},
    )


#: Claim key -> function(panels, vol=..., episodes=...) -> Claim, in the order of the issue.
CLAIMS: dict[str, Callable[..., Claim]] = {
    "decline_rebound": _claim_decline_rebound,
    "short_more_volatile": _claim_short_vol,
    "gfc_vs_covid": _claim_gfc_covid,
    "post_covid": _claim_post_covid,
}


def tenor_table(
    data: Mapping[str, pd.Series],
    *,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    names: Mapping[str, str] | None = None,
) -> TenorTable:
    """Test the four tenor claims on nominal and TIPS real constant-maturity yields.

    Parameters
    ----------
    data : mapping role -> Series
        ``nominal_<t>y`` and ``real_<t>y`` for t = 5, 7, 10, 20, 30 (percent, daily; FRED H.15
        DGS* and DFII* in the registry). Claim 1 reads the 10y nominal from its start (1962)
        for the long-run trend.
    start, end : date, optional
        Restrict every series to this window first.
    names : mapping role -> str, optional
        What the notes call an input (the registry passes the catalogue ids); default the role.

    Returns
    -------
    TenorTable
        ``.claims`` (each with numbers, rule, verdict, margin), ``.table`` (one row per claim),
        ``.vol`` (vol by kind, period, tenor), ``.episodes`` (crisis ranges), ``.summary()``.
    """
    cut = {k: v.loc[start:end] for k, v in data.items() if v is not None}
    panels = tenor_panels(cut)
    vol = vol_by_tenor(panels)
    episodes = episode_ranges(panels)
    claims = {k: fn(panels, vol=vol, episodes=episodes) for k, fn in CLAIMS.items()}
    notes = []
    real = panels["real"]
    for t in real.columns:
        valid = real[t].dropna()
        last = pd.Timestamp(str(valid.index[-1])) if len(valid) else None
        if last is not None and last < pd.Timestamp(str(real.index[-1])) - pd.Timedelta(days=30):
            leg = real_role(int(t))
            notes.append(
                f"{(names or {}).get(leg, leg)} ends {last.date()}: the {t}y real "
                f"and breakeven stop there (common-sample vols end there too)"
            )
    return TenorTable(claims=claims, vol=vol, episodes=episodes, notes=notes)
