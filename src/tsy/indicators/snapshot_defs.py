"""Today's levels (the report's first table): the snapshot indicator, declared in the registry.

Declared in the registry like every indicator: nominal and TIPS yields of the five TIPS tenors
by role, the pure function :func:`tsy.analytics.snapshot.curve_snapshot`, en/zh labels.
"""

from __future__ import annotations

from typing import Any

from tsy.analytics.snapshot import CurveSnapshot, curve_snapshot
from tsy.indicators.registry import Indicator, register
from tsy.indicators.studies_defs import CURVE_TENORS, nominal, real

__all__ = ["SNAPSHOT"]


def _snapshot(**kw: Any) -> CurveSnapshot:
    legs = {t: (kw.get(nominal(t)), kw.get(real(t))) for t in CURVE_TENORS}
    return curve_snapshot(
        {t: n for t, (n, _) in legs.items() if n is not None},
        {t: r for t, (_, r) in legs.items() if r is not None},
    )


SNAPSHOT = register(
    Indicator(
        "snapshot",
        "Today's levels: nominal, real and breakeven yields",
        "今日水平：名义收益率、实际利率与盈亏平衡通胀率",
        "%",
        _snapshot,
        series={
            **{nominal(t): n for t, (n, _) in CURVE_TENORS.items()},
            **{real(t): r for t, (_, r) in CURVE_TENORS.items()},
        },
        stale_after_days=7,
        feeds=("table.snapshot",),
    )
)
