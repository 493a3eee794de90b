"""What the report's charts show, shared by the matplotlib (:mod:`tsy.report.charts`) and the
Plotly (:mod:`tsy.report.plotly_figs`) versions: colours, marked episodes, ranked auction
metrics, the ids named in captions, the date window.

No matplotlib here: the dashboard server draws with Plotly only and never loads it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tsy.analytics.curves import TENORS
from tsy.analytics.metals import METALS
from tsy.indicators.studies_defs import HIKING_CYCLES, real
from tsy.indicators.studies_defs import METALS as METALS_STUDY

__all__ = ["BASE_COLOURS", "CHART_SECTIONS", "COLOURS", "EPISODES", "RANKED", "window"]

#: Chart name -> the sections (:data:`tsy.indicators.sections.SECTIONS`) it reads.
CHART_SECTIONS: dict[str, tuple[str, ...]] = {
    "stress": ("monitor",),
    **{f"curve_{k}y": ("curves",) for k in TENORS},
    "inflation": ("inflation",),
    **{f"metal_{m}": ("metals", "cycles") for m in METALS},
    "liquidity_quantity": ("monitor",),
    "liquidity_price": ("monitor",),
    "basis": ("monitor",),
    "auctions": ("monitor",),
}

#: One colour per line kind, the same in every chart (:mod:`tsy.report.figures` uses these).
BASE_COLOURS: dict[str, str] = {
    "nominal": "#1f4e79",
    "real": "#c0504d",
    "breakeven": "#2e8b57",
    "metal": "#b8860b",
    "cycle": "#d9d9d9",
}
#: The report's charts add these kinds.
COLOURS: dict[str, str] = {
    **BASE_COLOURS,
    "ok": "#1f4e79",
    "stale": "#a6a6a6",
    "missing": "#e0e0e0",
    "episode": "#f4b183",
    "cpi": "#7030a0",
}
_SEQ = ["#1f4e79", "#c0504d", "#2e8b57", "#b8860b", "#7030a0", "#4bacc6"]
#: Stress episodes marked on the liquidity charts (the report compares against them).
EPISODES: dict[str, str] = {"sep2019": "2019-09-17", "mar2020": "2020-03-16"}
#: Auction metrics whose rank the report and the dashboard show.
RANKED = ("bid_to_cover", "direct_pct", "indirect_pct", "dealer_pct", "tail_bp")
#: Ids named in the metal charts' captions: the 10y real yield and the Fed's target (upper),
#: as the declarations read them.
_METAL_RATES = [METALS_STUDY.series[real(10)], HIKING_CYCLES.series["target_upper"]]


def window(frame: pd.DataFrame | pd.Series, start: Any = None, end: Any = None) -> Any:
    """Rows of a date-indexed frame within ``[start, end]`` (None = open)."""
    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None
    return frame.loc[lo:hi]
