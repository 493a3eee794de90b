"""Fed hiking cycles detected from the policy-rate target (pure, no I/O).

Inputs (FRED, percent, daily 7-day):

* ``DFEDTAR``  federal funds target rate, 1982-09-27 .. 2008-12-15 (discontinued);
* ``DFEDTARU`` target range upper limit, from 2008-12-16;
* ``DFEDTARL`` target range lower limit, from 2008-12-16 (optional, for the range text).

The target is spliced (DFEDTAR, then the upper limit). A *move* is a day whose target differs from
the previous day's. A *hiking cycle* is a maximal run of consecutive increases not interrupted by a
cut, with at least ``min_hikes`` increases; it starts on the first hike and ends on the last one.
Pauses do not end a cycle (the 2015-2018 cycle paused a year after its first hike).

Examples (as dated in the FRED files): 2004-06-30 .. 2006-06-29, 17 hikes, 1.00% -> 5.25%;
2015-12-16 .. 2018-12-20, 9 hikes, 0-0.25% -> 2.25-2.50%; 2022-03-17 .. 2023-07-27, 11 hikes,
0-0.25% -> 5.25-5.50%. FRED dates moves by when they took effect; with ``statements``
(:mod:`tsy.analytics.fomc`) the cycles run from FOMC statement dates instead: 2015-12-16 ..
2018-12-19 and 2022-03-16 .. 2023-07-26.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tsy.analytics._result import Result
from tsy.analytics._stats import check_series
from tsy.analytics.fomc import statement_date
from tsy.errors import InputError

__all__ = ["HikingCycles", "hiking_cycles", "policy_target"]

#: Catalogue ids this module reads.
POLICY_IDS = ("DFEDTAR", "DFEDTARU", "DFEDTARL")


def policy_target(
    dfedtar: pd.Series | None, dfedtaru: pd.Series | None, dfedtarl: pd.Series | None = None
) -> pd.DataFrame:
    """Spliced policy target, columns ``upper_pct`` and ``lower_pct`` (percent), daily.

    ``DFEDTAR`` up to its last date, then ``DFEDTARU`` (and ``DFEDTARL``) after it. Before
    2008-12-16 the target is a single rate, so ``lower_pct == upper_pct``. Without ``dfedtarl``
    the lower limit after 2008 is NaN.
    """
    parts = []
    if dfedtar is not None and len(dfedtar):
        single = check_series(dfedtar, "DFEDTAR")
        parts.append(pd.DataFrame({"upper_pct": single, "lower_pct": single}))
    if dfedtaru is not None and len(dfedtaru):
        upper = check_series(dfedtaru, "DFEDTARU")
        lower = (
            check_series(dfedtarl, "DFEDTARL").reindex(upper.index)
            if dfedtarl is not None
            else pd.Series(float("nan"), index=upper.index)
        )
        rng = pd.DataFrame({"upper_pct": upper, "lower_pct": lower})
        if parts:
            rng = rng.loc[rng.index > parts[0].index[-1]]
        parts.append(rng)
    if not parts:
        raise InputError("policy target needs DFEDTAR and/or DFEDTARU; none given")
    out = pd.concat(parts).sort_index()
    out.index.name = "date"
    return out


def _fmt(lower: float, upper: float) -> str:
    if pd.isna(lower) or abs(lower - upper) < 1e-9:
        return f"{upper:.2f}%"
    return f"{lower:.2f}-{upper:.2f}%"


@dataclass(frozen=True, repr=False)
class HikingCycles(Result, frame="table"):
    """Detected hiking cycles.

    Attributes
    ----------
    table : DataFrame
        One row per cycle: ``start`` (first hike), ``end`` (last hike), ``n_hikes``,
        ``start_upper_pct`` / ``start_lower_pct`` (target the day before the first hike),
        ``end_upper_pct`` / ``end_lower_pct``, ``total_change_bp``, ``start_range``,
        ``end_range`` (text, e.g. ``"2.25-2.50%"``), ``first_cut`` (next cut after the cycle, or
        NaT), ``source`` (DFEDTAR or DFEDTARU).
    moves : DataFrame
        Every change of the target: ``date``, ``change_bp``, ``upper_pct``.
    """

    table: pd.DataFrame
    moves: pd.DataFrame

    def summary(self) -> str:
        """One line per cycle."""
        return "\n".join(
            f"{r.start:%Y-%m-%d}..{r.end:%Y-%m-%d}: {r.n_hikes} hikes, {r.start_range} -> "
            f"{r.end_range} ({r.total_change_bp:+.0f}bp)"
            for r in self.table.itertuples()
        )


def _statement_dated(table: pd.DataFrame, statements: tuple[str, ...]) -> pd.DataFrame:
    """Cycle start/end moved to the FOMC statement dates (see :func:`hiking_cycles`)."""
    out = table.copy()
    out["start_fred"], out["end_fred"] = out["start"], out["end"]
    starts = [statement_date(d, statements) for d in out["start"]]
    ends = [statement_date(d, statements) for d in out["end"]]
    out["start"] = [d for d, _ in starts]
    out["end"] = [d for d, _ in ends]
    out["dated_by"] = [
        "FOMC statement" if a and b else "FRED" for (_, a), (_, b) in zip(starts, ends, strict=True)
    ]
    return out


def hiking_cycles(
    target: pd.DataFrame, *, min_hikes: int = 3, statements: tuple[str, ...] | None = None
) -> HikingCycles:
    """Find hiking cycles in a spliced policy target (see :func:`policy_target`).

    Parameters
    ----------
    target : DataFrame
        ``upper_pct`` (and ``lower_pct``) by date.
    min_hikes : int
        Fewest increases for a run of hikes to count as a cycle (default 3).
    statements : tuple of ISO dates, optional
        FOMC statement dates (e.g. :data:`tsy.analytics.fomc.FOMC_HIKES`). Given, each cycle's
        ``start``/``end`` is the statement date of its first/last hike (FRED dates some moves the
        day after the statement), the FRED dates are kept as ``start_fred``/``end_fred`` and
        ``dated_by`` says which applies ("FOMC statement" or "FRED").
    """
    if "upper_pct" not in target:
        raise InputError("target: expected a frame with an upper_pct column")
    if min_hikes < 1:
        raise InputError(f"min_hikes must be >= 1, got {min_hikes}")
    up = target["upper_pct"].dropna()
    lo = target.get("lower_pct", up).reindex(up.index)
    delta = up.diff()
    moves = pd.DataFrame({"change_bp": delta * 100.0, "upper_pct": up})[delta.abs() > 1e-9]
    moves.index.name = "date"
    runs: list[list[pd.Timestamp]] = []
    current: list[pd.Timestamp] = []
    for when, chg in moves["change_bp"].items():
        if chg > 0:
            current.append(pd.Timestamp(str(when)))
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    cuts = moves.index[moves["change_bp"] < 0]
    split = pd.Timestamp("2008-12-16")
    rows = []
    for run in runs:
        if len(run) < min_hikes:
            continue
        start, end = run[0], run[-1]
        before = up.index[up.index < start][-1]
        later_cuts = cuts[cuts > end]
        rows.append(
            {
                "start": start,
                "end": end,
                "n_hikes": len(run),
                "start_upper_pct": up[before],
                "start_lower_pct": lo[before],
                "end_upper_pct": up[end],
                "end_lower_pct": lo[end],
                "total_change_bp": (up[end] - up[before]) * 100.0,
                "start_range": _fmt(lo[before], up[before]),
                "end_range": _fmt(lo[end], up[end]),
                "first_cut": later_cuts[0] if len(later_cuts) else pd.NaT,
                "source": "DFEDTAR" if start < split else "DFEDTARU",
            }
        )
    table = pd.DataFrame(rows)
    if statements is not None and not table.empty:
        table = _statement_dated(table, statements)
    if not table.empty:
        table.index = pd.Index([f"{r.start:%Y-%m}..{r.end:%Y-%m}" for r in table.itertuples()])
        table.index.name = "cycle"
    return HikingCycles(table=table, moves=moves.reset_index())
