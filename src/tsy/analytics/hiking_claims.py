"""Seed 004's claims about the 2004-06 and 2015-18 hiking cycles, as verdicts on the data.

The article (../shared/seeds/004, the gold section) says that in the Fed's two hiking cycles
before 2022 (June 2004 - June 2006, December 2015 - December 2018) the 10y breakeven stayed
basically stable, the 10y nominal and 10y TIPS yields edged up, and gold fell under pressure.
Each claim is tested on each cycle from :func:`tsy.analytics.metals.cycle_levels` (start = the
last observation before the first hike's FOMC statement, end = the last on or before the last
hike's; :mod:`tsy.analytics.fomc`), with the rule written in the row:

========================= ============== ==========================================
claim                     asset          holds when
========================= ============== ==========================================
``breakeven_stable``      breakeven_10y  ``|change| <= 25bp`` (:data:`STABLE_BP`)
``nominal_rose``          nominal_10y    ``change > 0``
``real_rose``             real_10y       ``change > 0``
``gold_fell``             gold           ``change < 0`` (percent)
========================= ============== ==========================================

Pure: the verdicts are computed from the numbers passed in; nothing is written in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tsy.errors import InputError

__all__ = ["CLAIMS", "SEED_CYCLES", "STABLE_BP", "CycleClaim", "hiking_claims"]

#: The article's two cycles, as labelled by :func:`tsy.analytics.cycles.hiking_cycles`.
SEED_CYCLES: tuple[str, ...] = ("2004-06..2006-06", "2015-12..2018-12")

#: Largest change of the 10y breakeven over a cycle still called "basically stable", bp.
STABLE_BP = 25.0


@dataclass(frozen=True)
class CycleClaim:
    """One claim: the asset of the cycle table, the test of its change, the rule in words."""

    statement: str
    asset: str
    holds: Callable[[float], bool]
    rule: str


#: Claim key -> claim (registry; the report's zh text is ``claim.seed004.<key>``).
CLAIMS: dict[str, CycleClaim] = {
    "breakeven_stable": CycleClaim(
        "10y breakeven stayed basically stable",
        "breakeven_10y",
        lambda c: abs(c) <= STABLE_BP,
        f"|change| <= {STABLE_BP:.0f}bp",
    ),
    "nominal_rose": CycleClaim(
        "10y nominal yield edged up", "nominal_10y", lambda c: c > 0, "change > 0bp"
    ),
    "real_rose": CycleClaim(
        "10y TIPS (real) yield edged up", "real_10y", lambda c: c > 0, "change > 0bp"
    ),
    "gold_fell": CycleClaim("gold fell under pressure", "gold", lambda c: c < 0, "change < 0%"),
}


def _level(value: float, unit: str) -> str:
    return f"{value:,.2f}" if unit == "pct" else f"{value:.2f}%"


def hiking_claims(
    cycle_levels: pd.DataFrame, cycles: tuple[str, ...] = SEED_CYCLES
) -> pd.DataFrame:
    """One verdict row per claim and cycle.

    Parameters
    ----------
    cycle_levels : DataFrame
        From :func:`tsy.analytics.metals.cycle_levels` (columns cycle, asset, start_level,
        end_level, change, change_units).
    cycles : tuple of str
        Cycle labels to test (default the article's two).

    Returns
    -------
    DataFrame
        ``claim``, ``statement``, ``cycle``, ``asset``, ``start_level``, ``end_level``,
        ``change``, ``change_units``, ``rule``, ``verdict`` ("holds", "does not hold", or
        "unknown" when the cycle or asset is missing), ``evidence`` (the numbers in words).
    """
    need = {"cycle", "asset", "start_level", "end_level", "change", "change_units"}
    if not need <= set(cycle_levels.columns):
        raise InputError(f"cycle_levels: expected columns {sorted(need)}")
    rows = []
    for key, claim in CLAIMS.items():
        for cyc in cycles:
            hit = cycle_levels[
                (cycle_levels["cycle"] == cyc) & (cycle_levels["asset"] == claim.asset)
            ]
            row: dict[str, object] = {
                "claim": key,
                "statement": claim.statement,
                "cycle": cyc,
                "asset": claim.asset,
                "rule": claim.rule,
            }
            if hit.empty or pd.isna(hit["change"].iloc[0]):
                row.update(
                    start_level=np.nan, end_level=np.nan, change=np.nan, change_units="",
                    verdict="unknown", evidence=f"no {claim.asset} data for {cyc}",
                )  # fmt: skip
            else:
                h = hit.iloc[0]
                unit = str(h["change_units"])
                change = float(h["change"])
                sign = f"{change:+.1f}%" if unit == "pct" else f"{change:+.0f}bp"
                row.update(
                    start_level=float(h["start_level"]),
                    end_level=float(h["end_level"]),
                    change=change,
                    change_units=unit,
                    verdict="holds" if claim.holds(change) else "does not hold",
                    evidence=(
                        f"{claim.asset} {_level(float(h['start_level']), unit)} -> "
                        f"{_level(float(h['end_level']), unit)} ({sign})"
                    ),
                )
            rows.append(row)
    return pd.DataFrame(rows)
