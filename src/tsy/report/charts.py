"""The report's charts in English or Chinese (matplotlib): data in, ``Figure`` and caption out.

One builder per chart, registered in :data:`CHARTS` under the name ``tsy chart`` and the report
use (``stress``, ``curve_5y`` .. ``curve_30y``, ``inflation``, ``metal_gold`` ..,
``liquidity_quantity``, ``liquidity_price``, ``basis``, ``auctions``). Every label comes from
:mod:`tsy.report.i18n`; Chinese text renders with the CJK font set up by
:mod:`tsy.report.fonts`. Nothing is written or shown here: callers save the figure.

Examples
--------
>>> data = collect(settings=settings)                       # doctest: +SKIP
>>> fig, caption = render_chart("curve_10y", data, "zh")    # doctest: +SKIP
>>> fig.savefig("be10.png")                                 # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from tsy.analytics.curves import TENORS
from tsy.analytics.metals import METALS
from tsy.errors import InputError
from tsy.indicators.sections import ReportData
from tsy.indicators.studies_defs import (
    CURVE_TENORS,
    INFLATION_SIGNAL,
    METAL_IDS,
)
from tsy.report import figures
from tsy.report.chart_defs import (
    _METAL_RATES,
    _SEQ,
    CHART_SECTIONS,
    COLOURS,
    EPISODES,
    RANKED,
    window,
)
from tsy.report.figures import GAP_DAYS, with_gaps
from tsy.report.fonts import setup_cjk_fonts
from tsy.report.i18n import caption, fmt_date, source_text, t

__all__ = ["CHARTS", "RANKED", "ChartSpec", "render_chart", "window"]


def _fig(h: float = 4.6) -> Figure:
    setup_cjk_fonts()
    return figures.new_figure((10, h), 100)


def _style(ax: Any, title: str, ylabel: str) -> None:
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


# --------------------------------------------------------------------------------- builders
#: The report's curve charts start with the TIPS era (FRED's DFII series begin 2003-01-02);
#: ``start=None`` draws the full nominal history.
TIPS_ERA = pd.Timestamp("2003-01-01")


def curve_chart(
    frame: pd.DataFrame, tenor: int, lang: str, *, start: Any = TIPS_ERA
) -> tuple[Figure, str]:
    """Nominal yield, TIPS real yield and breakeven of one tenor (percent), from ``start``.

    Gaps in a series are drawn as gaps; a line that ends more than a month before the chart
    says so at its end ("ends 25 Nov 2022").
    """
    data = window(frame, start).dropna(how="all")
    if data.empty:
        raise InputError(f"no {tenor}y yields in the window: nothing to draw")
    ids = CURVE_TENORS[tenor]
    fig = _fig()
    ax = fig.add_subplot(1, 1, 1)
    lines = {"nominal_pct": "nominal", "real_pct": "real", "breakeven_pct": "breakeven"}
    end = data.index[-1]
    for col, kind in lines.items():
        line = with_gaps(data[col])
        ax.plot(line.index, line, color=COLOURS[kind], lw=1.0, label=t(f"line.{kind}", lang))
        last = line.dropna()
        if len(last) and (end - last.index[-1]).days > GAP_DAYS:
            d = last.index[-1]
            ax.annotate(
                t("chart.ends", lang, date=fmt_date(d, lang)),
                xy=(d, float(last.iloc[-1])),
                fontsize=7,
                color=COLOURS[kind],
            )
    ax.axhline(0.0, color="black", lw=0.6)
    _style(ax, t("chart.curve.title", lang, tenor=tenor), t("unit.percent", lang))
    ax.legend(loc="upper right", frameon=False)
    cap = caption([source_text("fred", list(ids), lang)], data.index[0], data.index[-1], lang)
    fig.tight_layout()
    return fig, cap


def inflation_chart(study: Any, lang: str) -> tuple[Figure, str]:
    """Trailing 12-month CPI inflation (as known on each day) against the breakeven."""
    sig = study.signal
    h = sig.history
    fig = _fig()
    ax = fig.add_subplot(1, 1, 1)
    ax.plot(h.index, h["trailing_pct"], color=COLOURS["cpi"], lw=1.0, label=t("line.cpi", lang))
    label = t("line.breakeven_h", lang, h=sig.horizon_years)
    ax.plot(h.index, h["breakeven_pct"], color=COLOURS["breakeven"], lw=1.0, label=label)
    ax.axhline(0.0, color="black", lw=0.6)
    _style(ax, t("chart.inflation.title", lang, h=sig.horizon_years), t("unit.percent", lang))
    ax.legend(loc="upper left", frameon=False)
    t_ = CURVE_TENORS[sig.horizon_years]
    srcs = [
        source_text("bls", [INFLATION_SIGNAL.series["cpi"]], lang),
        source_text("fred", list(t_), lang),
    ]
    fig.tight_layout()
    return fig, caption(srcs, h.index[0], h.index[-1], lang)


def metal_chart(study: Any, cycles: Any, metal: str, lang: str) -> tuple[Figure, str]:
    """A metal's price (log scale) against the 10y real yield; Fed hiking cycles shaded."""
    levels = study.levels[metal]
    price = levels.columns[0]
    fig = _fig(5.2)
    ax = fig.add_subplot(1, 1, 1)
    ax.plot(levels.index, levels[price], color=COLOURS["metal"], lw=1.0)
    ax.set_yscale("log")
    _style(ax, t("chart.metal.title", lang, metal=t(f"metal.{metal}", lang)), "")
    unit = "usd_oz" if str(price).endswith("usd_oz") else "usd_t"
    ax.set_ylabel(t(f"unit.{unit}", lang), color=COLOURS["metal"])
    ax2 = ax.twinx()
    ax2.plot(
        levels.index,
        levels["real_10y_pct"],
        color=COLOURS["real"],
        lw=0.9,
        label=t("line.real10", lang),
    )
    ax2.invert_yaxis()
    ax2.set_ylabel(t("unit.real_inverted", lang), color=COLOURS["real"])
    table = getattr(cycles, "table", None)
    if table is not None and len(table):
        lo, hi = levels.index[0], levels.index[-1]
        for a, b in zip(table["start"], table["end"], strict=True):
            if b >= lo and a <= hi:
                ax.axvspan(a, b, color=COLOURS["cycle"], alpha=0.7, lw=0)
    ax2.legend(loc="upper left", frameon=False)
    sid = METAL_IDS[metal]
    srcs = [source_text("market", [sid], lang), source_text("fred", _METAL_RATES, lang)]
    fig.tight_layout()
    return fig, caption(srcs, levels.index[0], levels.index[-1], lang)


def stress_chart(monitor: Any, lang: str) -> tuple[Figure, str]:
    """The composite's parts as scores (0 = a normal day), coloured by status; missing parts
    are labelled missing, never drawn as 0."""
    p = monitor.stress.parts
    fig = _fig(3.8)
    ax = fig.add_subplot(1, 1, 1)
    names = [t(f"part.{x}", lang) for x in p["part"]]
    raw = p["score"].to_numpy(dtype=float)
    vals = np.nan_to_num(raw, nan=0.0)
    colours = [COLOURS.get(s, COLOURS["missing"]) for s in p["status"]]
    y = np.arange(len(p))[::-1]
    ax.barh(y, vals, color=colours)
    ax.set_yticks(y, names)
    ax.set_xlim(0, 100)
    score = monitor.stress.score
    if score is not None and pd.notna(score):
        ax.axvline(score, color="black", lw=1, ls="--")
    for yi, (v, s) in enumerate(zip(raw, p["status"], strict=True)):
        label = t(f"status.{s}", lang) if np.isnan(v) else f"{v:.0f} · {t(f'status.{s}', lang)}"
        ax.text(np.nan_to_num(v) + 1, y[yi], label, va="center", fontsize=8)
    shown = "–" if score is None or pd.isna(score) else f"{score:.0f}"
    _style(ax, t("chart.stress.title", lang, score=shown), "")
    ax.set_xlabel(t("unit.score", lang))
    dates = pd.to_datetime(p["date"]).dropna()
    fig.tight_layout()
    return fig, caption([t("source.monitor", lang)], dates.min(), dates.max(), lang)


def liquidity_chart(monitor: Any, dimension: str, lang: str) -> tuple[Figure, str]:
    """Liquidity measures of one dimension (``quantity`` USD bn, ``price`` bp), the ten years to
    the as-of date (today: the September 2019 and March 2020 episodes in view)."""
    liq = monitor.liquidity
    if liq is None:
        raise InputError("no liquidity data in the store")
    since = pd.Timestamp(monitor.as_of) - pd.DateOffset(years=10)
    tab = liq.table[liq.table["dimension"] == dimension]
    fig = _fig()
    ax = fig.add_subplot(1, 1, 1)
    first: list[pd.Timestamp] = []
    last: list[pd.Timestamp] = []
    ids: list[str] = []
    for i, row in enumerate(tab.itertuples()):
        s = liq.history.get(row.measure)
        s = s.dropna().loc[since:] if s is not None else None
        if s is None or s.empty:
            continue
        ax.plot(
            s.index,
            s.to_numpy(),
            lw=1.0,
            color=_SEQ[i % len(_SEQ)],
            label=t(f"liq.{row.measure}", lang),
        )
        first.append(s.index[0])
        last.append(s.index[-1])
        ids += [x for x in str(row.inputs).replace("|", ",").split(",") if x]
    if not first:
        raise InputError(f"no {dimension} liquidity measure in the ten years to {since.year + 10}")
    for name, day in EPISODES.items():
        if not min(first) <= pd.Timestamp(day) <= max(last):  # only episodes in the window
            continue
        ax.axvline(pd.Timestamp(day), color=COLOURS["episode"], lw=1.2, ls="--")  # type: ignore[arg-type]
        ax.annotate(
            t(f"episode.{name}", lang),
            (pd.Timestamp(day), 1.0),
            xycoords=("data", "axes fraction"),
            fontsize=8,
            ha="right",
            va="top",
            rotation=90,
        )
    unit = "usd_bn" if dimension == "quantity" else "bp"
    _style(ax, t(f"chart.liquidity_{dimension}.title", lang), t(f"unit.{unit}", lang))
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    fig.tight_layout()
    srcs = [source_text("fred", sorted(set(ids)), lang)]
    return fig, caption(srcs, min(first, default=None), max(last, default=None), lang)


def basis_chart(monitor: Any, lang: str) -> tuple[Figure, str]:
    """Leveraged funds' net short Treasury futures, in 10-year-note equivalents (millions)."""
    pos = monitor.positioning
    if pos is None or pos.history is None or pos.history.empty:
        raise InputError("no CFTC positions in the store")
    h = pos.history.copy()
    h["report_date"] = pd.to_datetime(h["report_date"])
    wide = h.pivot_table(index="report_date", columns="contract", values="net_short_10y_eq")
    fig = _fig()
    ax = fig.add_subplot(1, 1, 1)
    parts = [c for c in wide.columns if c != "total"]
    bottom = np.zeros(len(wide))
    for i, c in enumerate(parts):
        v = wide[c].fillna(0.0).to_numpy() / 1e6
        ax.fill_between(
            wide.index,
            bottom,
            bottom + v,
            color=_SEQ[i % len(_SEQ)],
            alpha=0.8,
            lw=0,
            label=t(f"contract.{c}", lang),
            step="post",
        )
        bottom = bottom + v
    _style(ax, t("chart.basis.title", lang), t("unit.m_10y_eq", lang))
    ax.legend(loc="upper left", frameon=False, fontsize=8, ncol=3)
    fig.tight_layout()
    return fig, caption([t("source.cftc", lang)], wide.index[0], wide.index[-1], lang)


def auctions_chart(monitor: Any, lang: str) -> tuple[Figure, str]:
    """Rank (percentile within the same term) of each metric of the latest coupon auctions."""
    latest = monitor.auctions_latest
    if latest.empty:
        raise InputError("no auctions in the store")
    fig = _fig(4.4)
    ax = fig.add_subplot(1, 1, 1)
    x = np.arange(len(latest))
    width = 0.8 / len(RANKED)
    for i, col in enumerate(RANKED):
        v = latest.get(f"{col}_pct", pd.Series(np.nan, index=latest.index)).to_numpy(float)
        ax.bar(
            x + i * width - 0.4 + width / 2, v, width, color=_SEQ[i], label=t(f"col.{col}", lang)
        )
    labels = [
        f"{pd.Timestamp(d):%m-%d}\n{t('term_short', lang, term=str(term).split('-')[0])}"
        for d, term in zip(latest["auction_date"], latest["original_term"], strict=True)
    ]
    ax.set_xticks(x, labels, fontsize=8)
    ax.set_ylim(0, 105)
    _style(ax, t("chart.auctions.title", lang), t("unit.rank_pct", lang))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False, fontsize=8, ncol=5)
    fig.tight_layout()
    d = pd.to_datetime(latest["auction_date"])
    return fig, caption([t("source.auctions", lang)], d.min(), d.max(), lang)


# --------------------------------------------------------------------------------- registry
@dataclass(frozen=True)
class ChartSpec:
    """A report chart: the sections it reads and how to draw it from :class:`ReportData`."""

    sections: tuple[str, ...]
    draw: Callable[[ReportData, str], tuple[Figure, str]]


def _curve(tenor: int) -> Callable[[ReportData, str], tuple[Figure, str]]:
    return lambda d, lang: curve_chart(d.curve(tenor), tenor, lang)


def _metal(metal: str) -> Callable[[ReportData, str], tuple[Figure, str]]:
    return lambda d, lang: metal_chart(d.need("metals"), d.cycles, metal, lang)


_DRAW: dict[str, Callable[[ReportData, str], tuple[Figure, str]]] = {
    "stress": lambda d, lang: stress_chart(d.need("monitor"), lang),
    **{f"curve_{k}y": _curve(k) for k in TENORS},
    "inflation": lambda d, lang: inflation_chart(d.need("inflation"), lang),
    **{f"metal_{m}": _metal(m) for m in METALS},
    "liquidity_quantity": lambda d, lang: liquidity_chart(d.need("monitor"), "quantity", lang),
    "liquidity_price": lambda d, lang: liquidity_chart(d.need("monitor"), "price", lang),
    "basis": lambda d, lang: basis_chart(d.need("monitor"), lang),
    "auctions": lambda d, lang: auctions_chart(d.need("monitor"), lang),
}
#: Chart name -> spec (its sections from :data:`tsy.report.chart_defs.CHART_SECTIONS`).
#: ``tsy chart <name>`` and the report draw from here.
CHARTS: dict[str, ChartSpec] = {n: ChartSpec(CHART_SECTIONS[n], f) for n, f in _DRAW.items()}


def render_chart(name: str, data: ReportData, lang: str) -> tuple[Figure, str]:
    """Draw the chart ``name`` of :data:`CHARTS`: ``(figure, caption)``.

    Raises
    ------
    InputError
        Unknown chart name, or its section has no data (the message says why).
    """
    spec = CHARTS.get(name)
    if spec is None:
        raise InputError(f"chart {name!r}: expected one of {', '.join(CHARTS)}")
    return spec.draw(data, lang)
