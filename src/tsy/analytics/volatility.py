"""Bond volatility: the MOVE index when the user has it, and tsy's own realised-volatility index.

tsy's realised-volatility index (``TSYRVOL``) is built from official closes only:

    rv_i(t)  = sqrt(252) * stdev( dy_i(t-w+1..t) )        [bp a year, normal vol]
    TSYRVOL  = sum_i w_i * rv_i

where ``dy_i`` is the daily change of the constant-maturity yield of tenor ``i`` in basis points
(FRED ``DGS2``, ``DGS5``, ``DGS10``, ``DGS30``; a holiday is skipped, not a zero change), ``w`` the
window (default 20 trading days, about the one-month horizon of the MOVE index), and the weights
``w_i`` are those of the ICE BofA MOVE index: 2y 20 %, 5y 20 %, 10y 40 %, 30y 20 %. The index
is in the same unit as MOVE (annualised basis-point normal volatility) but is *realised* (backward
looking) where MOVE is *implied* from one-month options, so MOVE usually sits above it and leads
it. If a tenor is missing on a date the index is NaN on that date (never re-weighted).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tsy.analytics._result import Result
from tsy.analytics._stats import percentile_rank
from tsy.errors import InputError

__all__ = ["MOVE_WEIGHTS", "VolatilityResult", "bond_volatility", "realised_vol_index"]

#: Tenor weights of the ICE BofA MOVE index (2y, 5y, 10y, 30y), used for tsy's realised index.
MOVE_WEIGHTS: dict[str, float] = {"DGS2": 0.2, "DGS5": 0.2, "DGS10": 0.4, "DGS30": 0.2}

#: Trading days a year used to annualise daily standard deviations.
TRADING_DAYS = 252


def realised_vol_index(
    yields: Mapping[str, pd.Series],
    *,
    weights: Mapping[str, float] | None = None,
    window: int = 20,
) -> pd.DataFrame:
    """Realised normal volatility per tenor and the weighted index, bp a year.

    Parameters
    ----------
    yields : mapping id -> Series
        Constant-maturity yields in percent (``DGS2``, ``DGS5``, ``DGS10``, ``DGS30``).
    weights : mapping id -> float, optional
        Default :data:`MOVE_WEIGHTS`; must sum to 1.
    window : int
        Rolling window in trading days (default 20).

    Returns
    -------
    DataFrame indexed by ``date``: one ``rv_<id>`` column per tenor and ``TSYRVOL``.

    Examples
    --------
    A yield that alternates +-10bp a day has a daily sd of about 10.3bp (sample sd, n = 20), so
    about 163bp a year.
    """
    weights = dict(weights or MOVE_WEIGHTS)
    if abs(sum(weights.values()) - 1.0) > 1e-9:
        raise InputError(f"realised vol: weights must sum to 1, got {sum(weights.values())}")
    missing = [k for k in weights if k not in yields or yields[k].dropna().empty]
    if missing:
        raise InputError(f"realised vol: missing yield series {missing}; expected {list(weights)}")
    cols = {}
    for sid in weights:
        s = yields[sid].dropna().astype(float)
        d = s.diff() * 100.0
        cols[f"rv_{sid}"] = d.rolling(window, min_periods=window).std() * np.sqrt(TRADING_DAYS)
    out = pd.concat(cols, axis=1, sort=True)
    out.index.name = "date"
    # A date where any tenor has no close gets NaN (no re-weighting): sum with min_count.
    weighted = [out[f"rv_{sid}"] * w for sid, w in weights.items()]
    out["TSYRVOL"] = pd.concat(weighted, axis=1).sum(axis=1, min_count=len(weights))
    return out


@dataclass(frozen=True, repr=False)
class VolatilityResult(Result, frame="index"):
    """Result of :func:`bond_volatility`.

    Attributes
    ----------
    index : DataFrame
        ``TSYRVOL``, the per-tenor realised vols and ``MOVE`` (if given), by date.
    latest : dict
        ``date``, ``TSYRVOL``, ``TSYRVOL_pct`` (percentile over its history), ``MOVE``,
        ``MOVE_date``, ``MOVE_pct``, ``corr_levels`` and ``corr_changes20`` (20-day changes), and
        ``n_common`` common dates.
    weights : dict
    sources : dict
    """

    index: pd.DataFrame
    latest: dict[str, object]
    weights: dict[str, float]
    sources: dict[str, object] = field(default_factory=dict)

    def summary(self) -> str:
        """One line per measure."""
        lt = self.latest
        lines = [
            f"Realised bond vol (TSYRVOL, {self.sources.get('window')}d, MOVE weights) "
            f"{str(lt.get('date'))[:10]}: {lt.get('TSYRVOL', float('nan')):.0f}bp "
            f"({lt.get('TSYRVOL_pct', float('nan')):.0f} pct)"
        ]
        if lt.get("MOVE") is not None:
            lines.append(
                f"MOVE {str(lt.get('MOVE_date'))[:10]}: {lt['MOVE']:.1f} "
                f"({lt.get('MOVE_pct', float('nan')):.0f} pct); corr with TSYRVOL "
                f"{lt.get('corr_levels', float('nan')):.2f} on {lt.get('n_common')} days"
            )
        else:
            lines.append("MOVE: not in the store (optional, ICE data)")
        return "\n".join(lines)


def bond_volatility(
    yields: Mapping[str, pd.Series],
    move: pd.Series | None = None,
    *,
    window: int = 20,
    weights: Mapping[str, float] | None = None,
) -> VolatilityResult:
    """MOVE (optional) and the realised-volatility index, with their correlation.

    Parameters
    ----------
    yields : mapping id -> Series
        ``DGS2``, ``DGS5``, ``DGS10``, ``DGS30`` in percent, cut at the as-of date.
    move : Series, optional
        ICE BofA MOVE index (bp a year), cut at the as-of date.
    window, weights
        See :func:`realised_vol_index`.

    Returns
    -------
    VolatilityResult
    """
    w = dict(weights or MOVE_WEIGHTS)
    idx = realised_vol_index(yields, weights=w, window=window)
    rv = idx["TSYRVOL"].dropna()
    latest: dict[str, object] = {"date": None, "TSYRVOL": float("nan")}
    if len(rv):
        latest.update(
            date=rv.index[-1],
            TSYRVOL=float(rv.iloc[-1]),
            TSYRVOL_pct=percentile_rank(rv, float(rv.iloc[-1])),
        )
    mv = move.dropna().astype(float) if move is not None else pd.Series(dtype=float)
    if len(mv):
        idx = idx.join(mv.rename("MOVE"), how="outer")
        both = pd.concat([rv, mv], axis=1, join="inner")
        both.columns = pd.Index(["rv", "move"])
        latest.update(
            MOVE=float(mv.iloc[-1]),
            MOVE_date=mv.index[-1],
            MOVE_pct=percentile_rank(mv, float(mv.iloc[-1])),
            n_common=len(both),
            corr_levels=float(both["rv"].corr(both["move"])) if len(both) > 2 else float("nan"),
            corr_changes20=float(both["rv"].diff(20).corr(both["move"].diff(20)))
            if len(both) > 22
            else float("nan"),
        )
    else:
        latest.update(MOVE=None, MOVE_date=None, MOVE_pct=None)
    return VolatilityResult(
        index=idx,
        latest=latest,
        weights=w,
        sources={
            "series": [*w, *(["MOVE"] if len(mv) else [])],
            "window": window,
            "first": rv.index[0] if len(rv) else None,
            "last": rv.index[-1] if len(rv) else None,
        },
    )
