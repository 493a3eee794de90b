"""Today's levels (the report's first table): the snapshot indicator, declared in the registry.

Declared in the registry like every indicator: nominal and TIPS yields of the five TIPS tenors
by role, the pure function :func:`tsy.analytics.snapshot.curve_snapshot`, en/zh labels.
"""

from __future__ import annotations

from typing import Any

from tsy.analytics.snapshot import CurveSnapshot, curve_snapshot
from tsy.indicators.registry import Indicator, register

__all__ = ["SNAPSHOT", "TENORS"]

#: The TIPS tenors (years) and their FRED constant-maturity ids (nominal, real).
TENORS: dict[int, tuple[str, str]] = {
    5: ("DGS5", "DFII5"),
    7: ("DGS7", "DFII7"),
    10: ("DGS10", "DFII10"),
    20: ("DGS20", "DFII20"),
    30: ("DGS30", "DFII30"),
}


def _snapshot(**kw: Any) -> CurveSnapshot:
    nominal = {t: kw[f"nominal_{t}y"] for t in TENORS if kw.get(f"nominal_{t}y") is not None}
    real = {t: kw[f"real_{t}y"] for t in TENORS if kw.get(f"real_{t}y") is not None}
    return curve_snapshot(nominal, real)


SNAPSHOT = register(
    Indicator(
        "snapshot",
        "Today's levels: nominal, real and breakeven yields",
        "今日水平：名义收益率、实际利率与盈亏平衡通胀率",
        "%",
        _snapshot,
        series={
            **{f"nominal_{t}y": n for t, (n, _) in TENORS.items()},
            **{f"real_{t}y": r for t, (_, r) in TENORS.items()},
        },
        stale_after_days=7,
        feeds=("table.snapshot",),
    )
)
