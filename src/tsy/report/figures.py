"""Matplotlib figure builders: frames in, a ``Figure`` out; nothing is written or shown here.

Figures are built on :class:`matplotlib.figure.Figure` directly (no pyplot state), so they work
under any backend; the caller saves them (``fig.savefig(path)``, PNG or SVG).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import YearLocator
from matplotlib.figure import Figure

from tsy.errors import InputError
from tsy.report.chart_defs import BASE_COLOURS

__all__ = ["COLOURS", "curve_figure", "metal_figure", "new_figure", "save_figure"]

#: One colour per line kind, the same in every chart.
COLOURS: dict[str, str] = BASE_COLOURS

_CURVE_LINES = {
    "nominal_pct": ("Nominal yield (DGS{t})", "nominal"),
    "real_pct": ("TIPS real yield (DFII{t})", "real"),
    "breakeven_pct": ("Breakeven = nominal - TIPS", "breakeven"),
}

#: Price source line by metal, for the chart footer.
_METAL_SOURCES = {
    "gold": "Gold: LBMA gold price PM (research use).",
    "silver": "Silver: LBMA silver price (research use).",
    "copper": "Copper: IMF global price, monthly average; rates are monthly means of daily yields.",
}

_RATE_LINES = {
    "nominal_10y_pct": ("10y nominal (DGS10)", "nominal"),
    "breakeven_10y_pct": ("10y breakeven", "breakeven"),
    "real_10y_pct": ("10y TIPS real (DFII10)", "real"),
}


def new_figure(figsize: tuple[float, float], dpi: int) -> Figure:
    """A figure on an Agg canvas: its layout pass (``tight_layout``) and its PNG share one
    renderer, so text is measured once (the pixels are those of a plain ``Figure``)."""
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def save_figure(fig: Figure, target: Any, fmt: str) -> None:
    """``fig.savefig(target, format=fmt)`` without matplotlib's dry-run draw.

    After ``tight_layout`` a figure keeps a placeholder layout engine, and ``savefig`` then
    draws the whole figure once without output before drawing it for real; the placeholder
    lays nothing out, so dropping it leaves the same bytes (PNG) and halves the drawing.
    """
    fig.set_layout_engine(None)
    fig.savefig(target, format=fmt)


def _footer(fig: Figure, notes: Sequence[str]) -> None:
    text = "Source: FRED (H.15 constant-maturity yields). " + " ".join(notes)
    fig.text(0.01, 0.01, text, fontsize=7, color="#555555", ha="left", va="bottom", wrap=True)


#: A pause longer than this between two observations of a line is drawn as a gap.
GAP_DAYS = 31


def with_gaps(s: pd.Series, max_gap_days: int = GAP_DAYS) -> pd.Series:
    """The series with a NaN inserted after each pause longer than ``max_gap_days`` (calendar
    days), so a plotted line breaks there (the 20-year CMT was not published 1987-1993)."""
    s = s.dropna()
    if len(s) < 2:
        return s
    pause = s.index.to_series().diff().dt.days > max_gap_days
    breaks = s.index[pause.to_numpy()] - pd.Timedelta(days=1)
    return pd.concat([s, pd.Series(np.nan, index=breaks)]).sort_index()


def curve_figure(frame: pd.DataFrame, tenor: int, *, notes: Sequence[str] = ()) -> Figure:
    """Nominal yield, TIPS real yield and breakeven of one tenor over time.

    Parameters
    ----------
    frame : DataFrame
        Indexed by date, columns ``nominal_pct``, ``real_pct``, ``breakeven_pct`` (percent), as
        from :func:`tsy.analytics.curves.tenor_frame`.
    tenor : int
        Years, for the title and legend.
    notes : sequence of str
        Printed under the chart (e.g. "DFII7 ends 2022-11-25").
    """
    missing = [c for c in _CURVE_LINES if c not in frame]
    if missing:
        raise InputError(f"curve chart needs columns {missing}")
    data = frame.dropna(how="all")
    if data.empty:
        raise InputError(f"no {tenor}y yields in the window: nothing to draw")
    fig = new_figure((11, 5.5), 110)
    ax = fig.add_subplot(1, 1, 1)
    for col, (label, kind) in _CURVE_LINES.items():
        line = with_gaps(data[col])  # a pause in publication is a gap, not a straight line
        ax.plot(line.index, line, label=label.format(t=tenor), color=COLOURS[kind], lw=1.1)
    ax.axhline(0.0, color="black", lw=0.6)
    ax.set_ylabel("percent")
    ax.set_title(
        f"{tenor}-year Treasury: nominal, TIPS real yield and breakeven inflation "
        f"({data.index[0]:%Y-%m-%d} to {data.index[-1]:%Y-%m-%d})"
    )
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=3, frameon=False)
    last = data.iloc[-1]
    ax.annotate(
        f"{data.index[-1]:%Y-%m-%d}: nominal {last['nominal_pct']:.2f}%, "
        f"real {last['real_pct']:.2f}%, breakeven {last['breakeven_pct']:.2f}%",
        xy=(0.01, 0.02),
        xycoords="axes fraction",
        fontsize=8,
    )
    _footer(fig, notes)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def metal_figure(
    levels: pd.DataFrame,
    metal: str,
    *,
    cycles: pd.DataFrame | None = None,
    notes: Sequence[str] = (),
) -> Figure:
    """A metal's price (log scale, top) against the 10y nominal, breakeven and real yield (bottom).

    Parameters
    ----------
    levels : DataFrame
        From :func:`tsy.analytics.metals.aligned_levels`: first column the metal price, then
        ``nominal_10y_pct``, ``breakeven_10y_pct``, ``real_10y_pct``.
    metal : str
        Name for titles.
    cycles : DataFrame, optional
        Hiking cycles (``start``, ``end``) shaded on both panels.
    """
    if levels.empty or "nominal_10y_pct" not in levels:
        raise InputError(f"metal chart needs {metal} levels with the 10y rates")
    price_col = levels.columns[0]
    fig = new_figure((11, 7), 110)
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1.2, 1]})
    top.plot(levels.index, levels[price_col], color=COLOURS["metal"], lw=1.0)
    top.set_yscale("log")
    units = "USD/oz" if str(price_col).endswith("usd_oz") else "USD/t"
    top.set_ylabel(f"{metal} ({units}, log scale)")
    top.set_title(
        f"{metal.capitalize()} against 10-year Treasury yields; shaded: Fed hiking cycles"
    )
    for col, (label, kind) in _RATE_LINES.items():
        bottom.plot(levels.index, levels[col], label=label, color=COLOURS[kind], lw=1.0)
    bottom.axhline(0.0, color="black", lw=0.6)
    bottom.set_ylabel("percent")
    bottom.legend(loc="upper right", frameon=False, fontsize=8)
    if cycles is not None and len(cycles):
        lo, hi = levels.index[0], levels.index[-1]
        for a, b in zip(cycles["start"], cycles["end"], strict=True):
            if b >= lo and a <= hi:
                for ax in (top, bottom):
                    ax.axvspan(a, b, color=COLOURS["cycle"], alpha=0.6, lw=0)
    for ax in (top, bottom):
        ax.grid(True, alpha=0.3)
    span_years = (levels.index[-1] - levels.index[0]).days / 365.25
    bottom.xaxis.set_major_locator(YearLocator(5 if span_years > 15 else 1))
    _footer(fig, [_METAL_SOURCES.get(metal, ""), *notes])
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig
