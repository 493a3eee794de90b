"""Interactive (Plotly) versions of the report's charts for the dashboard, in English or Chinese.

Each builder returns a plain Plotly figure dict (``{"data": [...], "layout": {...}}``, the JSON
the browser's ``Plotly.newPlot`` takes) and the caption; no plotly Python objects are built, so
a figure costs milliseconds. Names match :data:`tsy.report.charts.CHARTS`; time-series charts
take a ``start``/``end`` window. Long windows are thinned to weekly points (last value of each
week) above :data:`MAX_POINTS` so the page stays responsive; the caption says so.

Examples
--------
>>> fig, caption = plotly_figure("curve_10y", data, "zh", start="2020-01-01")  # doctest: +SKIP
>>> fig["layout"]["title"]["text"]                                          # doctest: +SKIP
'10年期美国国债：名义收益率、实际利率与盈亏平衡通胀率'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from tsy.analytics.curves import TENORS
from tsy.analytics.metals import METALS
from tsy.errors import InputError
from tsy.indicators.sections import ReportData
from tsy.indicators.studies_defs import (
    CURVE_TENORS,
    INFLATION_SIGNAL,
    METAL_IDS,
)
from tsy.report.chart_defs import _METAL_RATES, _SEQ, COLOURS, EPISODES, RANKED, window
from tsy.report.i18n import caption, source_text, t

__all__ = ["FIGURES", "MAX_POINTS", "TIME_SERIES", "plotly_figure"]

#: Above this many points a line is thinned to its weekly last values.
MAX_POINTS = 2500
Fig = dict[str, Any]


def _thin(s: pd.Series | pd.DataFrame) -> Any:
    if len(s) <= MAX_POINTS:
        return s
    # the last row of each week, at its own date (a resample would label weeks by Friday)
    return s.groupby(pd.DatetimeIndex(s.index).to_period("W-FRI")).tail(1)


def iso_days(index: pd.Index) -> list[str]:
    """The dates of ``index`` as ``YYYY-MM-DD`` strings (its own calendar days, whatever its
    time zone), formatted by NumPy in one call: a per-date ``strftime`` took 0.3 s of the
    dashboard's first view."""
    days = pd.DatetimeIndex(index)
    if days.tz is not None:
        days = days.tz_localize(None)
    return np.datetime_as_string(days.to_numpy(dtype="datetime64[D]"), unit="D").tolist()


def rounded_floats(values: Any, digits: int = 4) -> list[float | None]:
    """``values`` as Python floats rounded to ``digits`` decimals (``round``), NaN as None."""
    return [round(v, digits) if v == v else None for v in np.asarray(values, float).tolist()]


def _line(s: pd.Series, name: str, colour: str, **kw: Any) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": iso_days(s.index),
        "y": rounded_floats(s.to_numpy()),
        "line": {"color": colour, "width": 1.4},
        **kw,
    }


def _layout(title: str, ytitle: str, **kw: Any) -> dict[str, Any]:
    return {
        "title": {"text": title, "x": 0.01, "font": {"size": 14}},
        "yaxis": {"title": {"text": ytitle}, "zeroline": True},
        "margin": {"l": 60, "r": 60, "t": 40, "b": 40},
        "legend": {"orientation": "h", "y": -0.15},
        "hovermode": "x unified",
        "height": 380,
        **kw,
    }


# ---------------------------------------------------------------------------------- builders
def _curve(tenor: int) -> Callable[..., tuple[Fig, str]]:
    def build(data: ReportData, lang: str, start: Any, end: Any) -> tuple[Fig, str]:
        frame = window(data.curve(tenor), start, end).dropna(how="all")
        if frame.empty:
            raise InputError(f"no {tenor}y yields between {start} and {end}")
        frame = _thin(frame)
        kinds = {"nominal_pct": "nominal", "real_pct": "real", "breakeven_pct": "breakeven"}
        traces = [_line(frame[c], t(f"line.{k}", lang), COLOURS[k]) for c, k in kinds.items()]
        ids = CURVE_TENORS[tenor]
        cap = caption(
            [source_text("fred", list(ids), lang)],
            frame.index[0],
            frame.index[-1],
            lang,
        )
        title = t("chart.curve.title", lang, tenor=tenor)
        return {"data": traces, "layout": _layout(title, t("unit.percent", lang))}, cap

    return build


def _inflation(data: ReportData, lang: str, start: Any, end: Any) -> tuple[Fig, str]:
    sig = data.need("inflation").signal
    h = _thin(window(sig.history, start, end))
    if h.empty:
        raise InputError("no inflation signal in the window")
    traces = [
        _line(h["trailing_pct"], t("line.cpi", lang), COLOURS["cpi"]),
        _line(
            h["breakeven_pct"],
            t("line.breakeven_h", lang, h=sig.horizon_years),
            COLOURS["breakeven"],
        ),
    ]
    ids = CURVE_TENORS[sig.horizon_years]
    srcs = [
        source_text("bls", [INFLATION_SIGNAL.series["cpi"]], lang),
        source_text("fred", list(ids), lang),
    ]
    title = t("chart.inflation.title", lang, h=sig.horizon_years)
    return {"data": traces, "layout": _layout(title, t("unit.percent", lang))}, caption(
        srcs, h.index[0], h.index[-1], lang
    )


def _metal(metal: str) -> Callable[..., tuple[Fig, str]]:
    def build(data: ReportData, lang: str, start: Any, end: Any) -> tuple[Fig, str]:
        levels = _thin(window(data.need("metals").levels[metal], start, end))
        if levels.empty:
            raise InputError(f"no {metal} prices in the window")
        price = levels.columns[0]
        unit = "usd_oz" if str(price).endswith("usd_oz") else "usd_t"
        traces = [
            _line(levels[price].dropna(), t(f"metal.{metal}", lang), COLOURS["metal"]),
            _line(levels["real_10y_pct"], t("line.real10", lang), COLOURS["real"], yaxis="y2"),
        ]
        shapes = []
        cyc = getattr(data.cycles, "table", None)
        if cyc is not None:
            lo, hi = levels.index[0], levels.index[-1]
            for a, b in zip(cyc["start"], cyc["end"], strict=True):
                if b >= lo and a <= hi:
                    shapes.append(_band(a, b))
        title = t("chart.metal.title", lang, metal=t(f"metal.{metal}", lang))
        layout = _layout(title, t(f"unit.{unit}", lang), shapes=shapes)
        layout["yaxis"]["type"] = "log"
        # the real-yield axis: a few round ticks (one decimal), no second grid over the first
        layout["yaxis2"] = {
            "title": {"text": t("unit.real_inverted", lang)},
            "overlaying": "y",
            "side": "right",
            "autorange": "reversed",
            "type": "linear",
            "tickmode": "linear",
            "dtick": _step(levels["real_10y_pct"]),
            "tickformat": ".2~f",
            "showgrid": False,
            "zeroline": False,
        }
        layout["margin"]["r"] = max(layout["margin"].get("r", 0), 70)
        sid = METAL_IDS[metal]
        srcs = [
            source_text("market", [sid], lang),
            source_text("fred", _METAL_RATES, lang),
        ]
        return {"data": traces, "layout": layout}, caption(
            srcs, levels.index[0], levels.index[-1], lang
        )

    return build


def _step(s: pd.Series, most: int = 6) -> float:
    """A round tick step (percentage points) giving at most ``most`` ticks over ``s``'s range."""
    span = float(s.max() - s.min()) if s.notna().any() else 1.0
    return next((x for x in (0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0) if span / x <= most), 10.0)


def _band(a: Any, b: Any) -> dict[str, Any]:
    return {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": pd.Timestamp(a).strftime("%Y-%m-%d"),
        "x1": pd.Timestamp(b).strftime("%Y-%m-%d"),
        "y0": 0,
        "y1": 1,
        "fillcolor": COLOURS["cycle"],
        "opacity": 0.5,
        "line": {"width": 0},
        "layer": "below",
    }


def _stress(data: ReportData, lang: str, start: Any, end: Any) -> tuple[Fig, str]:
    st = data.need("monitor").stress
    p = st.parts.iloc[::-1]
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": rounded_floats(p["score"].to_numpy(), 1),
        "y": [t(f"part.{x}", lang) for x in p["part"]],
        "marker": {"color": [COLOURS.get(s, COLOURS["missing"]) for s in p["status"]]},
        # the number first, then the status; drawn outside the bar even next to the axis end
        "text": [
            f"{v:.0f} ({t(f'status.{s}', lang)})" if pd.notna(v) else t(f"status.{s}", lang)
            for v, s in zip(p["score"], p["status"], strict=True)
        ],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x:.0f} (%{text})<extra></extra>",
    }
    score = "–" if st.score is None or pd.isna(st.score) else f"{st.score:.0f}"
    layout = _layout(t("chart.stress.title", lang, score=score), "", hovermode="closest")
    layout["xaxis"] = {"range": [0, 125], "title": {"text": t("unit.score", lang)}}
    layout["margin"]["l"] = 150
    layout["margin"]["t"] = max(layout["margin"].get("t", 0), 50)
    d = pd.to_datetime(st.parts["date"]).dropna()
    return {"data": [trace], "layout": layout}, caption(
        [t("source.monitor", lang)], d.min(), d.max(), lang
    )


def _liquidity(dimension: str) -> Callable[..., tuple[Fig, str]]:
    def build(data: ReportData, lang: str, start: Any, end: Any) -> tuple[Fig, str]:
        liq = data.need("monitor").liquidity
        if liq is None:
            raise InputError("no liquidity data in the store")
        tab = liq.table[liq.table["dimension"] == dimension]
        traces, ids, firsts, lasts = [], [], [], []
        for i, row in enumerate(tab.itertuples()):
            s = liq.history.get(row.measure)
            if s is None:
                continue
            s = _thin(window(s.dropna(), start or "2015-01-01", end))
            if s.empty:
                continue
            traces.append(_line(s, t(f"liq.{row.measure}", lang), _SEQ[i % len(_SEQ)]))
            ids += [x for x in str(row.inputs).replace("|", ",").split(",") if x]
            firsts.append(s.index[0])
            lasts.append(s.index[-1])
        if not traces:
            raise InputError(f"no {dimension} liquidity data in the window")
        shapes = [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": d,
                "x1": d,
                "y0": 0,
                "y1": 1,
                "line": {"color": COLOURS["episode"], "dash": "dash"},
            }
            for d in EPISODES.values()
        ]
        unit = "usd_bn" if dimension == "quantity" else "bp"
        title = t(f"chart.liquidity_{dimension}.title", lang)
        cap = caption([source_text("fred", sorted(set(ids)), lang)], min(firsts), max(lasts), lang)
        return {
            "data": traces,
            "layout": _layout(title, t(f"unit.{unit}", lang), shapes=shapes),
        }, cap

    return build


def _basis(data: ReportData, lang: str, start: Any, end: Any) -> tuple[Fig, str]:
    pos = data.need("monitor").positioning
    if pos is None or pos.history is None or pos.history.empty:
        raise InputError("no CFTC positions in the store")
    h = pos.history.assign(report_date=pd.to_datetime(pos.history["report_date"]))
    wide = window(
        h.pivot_table(index="report_date", columns="contract", values="net_short_10y_eq"),
        start,
        end,
    )
    if wide.empty:
        raise InputError("no CFTC positions in the window")
    traces = [
        {
            **_line(wide[c].fillna(0.0) / 1e6, t(f"contract.{c}", lang), _SEQ[i % len(_SEQ)]),
            "stackgroup": "one",
        }
        for i, c in enumerate(x for x in wide.columns if x != "total")
    ]
    title = t("chart.basis.title", lang)
    return {"data": traces, "layout": _layout(title, t("unit.m_10y_eq", lang))}, caption(
        [t("source.cftc", lang)], wide.index[0], wide.index[-1], lang
    )


def _auctions(data: ReportData, lang: str, start: Any, end: Any) -> tuple[Fig, str]:
    latest = data.need("monitor").auctions_latest
    if latest.empty:
        raise InputError("no auctions in the store")
    x = [
        f"{pd.Timestamp(d):%Y-%m-%d} {t('term_short', lang, term=str(term).split('-')[0])}"
        for d, term in zip(latest["auction_date"], latest["original_term"], strict=True)
    ]
    traces = []
    for i, col in enumerate(RANKED):
        v = latest.get(f"{col}_pct", pd.Series(np.nan, index=latest.index))
        traces.append(
            {
                "type": "bar",
                "name": t(f"col.{col}", lang),
                "x": x,
                "y": rounded_floats(v.to_numpy(), 1),
                "marker": {"color": _SEQ[i]},
            }
        )
    layout = _layout(
        t("chart.auctions.title", lang),
        t("unit.rank_pct", lang),
        barmode="group",
        hovermode="closest",
    )
    layout["yaxis"]["range"] = [0, 105]
    d = pd.to_datetime(latest["auction_date"])
    return {"data": traces, "layout": layout}, caption(
        [t("source.auctions", lang)], d.min(), d.max(), lang
    )


#: Chart name -> (sections it needs, builder(data, lang, start, end) -> (figure, caption)).
FIGURES: dict[str, tuple[tuple[str, ...], Callable[..., tuple[Fig, str]]]] = {
    "stress": (("monitor",), _stress),
    **{f"curve_{k}y": (("curves",), _curve(k)) for k in TENORS},
    "inflation": (("inflation",), _inflation),
    **{f"metal_{m}": (("metals", "cycles"), _metal(m)) for m in METALS},
    "liquidity_quantity": (("monitor",), _liquidity("quantity")),
    "liquidity_price": (("monitor",), _liquidity("price")),
    "basis": (("monitor",), _basis),
    "auctions": (("monitor",), _auctions),
}
#: Charts drawn over time (they take the dashboard's date range).
TIME_SERIES: frozenset[str] = frozenset(set(FIGURES) - {"stress", "auctions"})


def plotly_figure(
    name: str, data: ReportData, lang: str, *, start: Any = None, end: Any = None
) -> tuple[Fig, str]:
    """Build the Plotly figure ``name`` of :data:`FIGURES`: ``(figure dict, caption)``.

    Raises
    ------
    InputError
        Unknown name, missing data, or nothing in the window.
    """
    spec = FIGURES.get(name)
    if spec is None:
        raise InputError(f"figure {name!r}: expected one of {', '.join(FIGURES)}")
    return spec[1](data, lang, start, end)
