"""The TIPS tenors' catalogue ids: the nominal and real constant-maturity yield of each.

Declared once here for the studies (:mod:`tsy.indicators.studies_defs`, which re-exports it)
and for the monitor's auction panel (:mod:`tsy.indicators.monitor_defs`), so that the monitor
does not load the studies' declarations and analytics to learn five pairs of ids.
"""

from __future__ import annotations

__all__ = ["CURVE_TENORS"]

#: TIPS tenors (years) -> (nominal constant-maturity id, TIPS real-yield id), FRED H.15.
CURVE_TENORS: dict[int, tuple[str, str]] = {
    5: ("DGS5", "DFII5"), 7: ("DGS7", "DFII7"), 10: ("DGS10", "DFII10"),
    20: ("DGS20", "DFII20"), 30: ("DGS30", "DFII30"),
}  # fmt: skip
