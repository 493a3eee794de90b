"""The report's tables and the monitor headline, localised: results in, rows of strings out.

Each table is a list of column specs ``(field, label key, kind)`` applied to a result frame;
``kind`` picks the formatter of :func:`tsy.report.i18n.fmt_value`. The same views feed the HTML
report and the dashboard (``/api/tables/<name>``), so both show the same words and numbers.

Examples
--------
>>> view = render_table("auctions", data, "zh")        # doctest: +SKIP
>>> view.columns[:3]                                   # doctest: +SKIP
['拍卖日期', 'CUSIP', '期限']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tsy.analytics.curves import TENORS
from tsy.errors import InputError
from tsy.indicators.sections import ReportData
from tsy.report.i18n import caption, fmt_bp, fmt_date, fmt_num, fmt_value, t

__all__ = ["TABLES", "TABLE_SECTIONS", "TableView", "headline", "render_table"]

Col = tuple[str, str, str]  # field, label key, kind


@dataclass
class TableView:
    """A rendered table: localised title, column labels, rows of display strings, caption."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    caption: str
    notes: list[str] = field(default_factory=list)


def _rows(frame: pd.DataFrame, cols: Sequence[Col], lang: str) -> list[list[str]]:
    out = []
    for rec in frame.to_dict("records"):
        out.append([fmt_value(rec.get(f), lang, kind) for f, _, kind in cols])
    return out


def _cap(key: str, lang: str, start: Any, end: Any) -> str:
    return caption([t(key, lang)], start, end, lang)


# ------------------------------------------------------------------------------------ tables
_PARTS: list[Col] = [
    ("part", "col.part", "text"),
    ("status", "col.status", "text"),
    ("value", "col.value", "num"),
    ("unit", "col.unit", "text"),
    ("score", "col.score", "num1"),
    ("date", "col.date", "date"),
    ("inputs", "col.series", "text"),
]


def _snapshot(data: ReportData, lang: str) -> tuple[pd.DataFrame, list[Col], str]:
    v = data.need("snapshot").table.copy()
    v["tenor"] = [t("tenor.years", lang, n=int(n)) for n in v["tenor"]]
    v["measure"] = [t(f"line.{m}", lang) for m in v["measure"]]
    cols: list[Col] = [("tenor", "col.tenor", "text"), ("measure", "col.measure", "text")]
    cols += [("level_pct", "col.level", "pct")]
    cols += [(f"chg_{h}_bp", f"col.chg_{h}", "num1") for h in ("1d", "1w", "1m", "1y")]
    cols += [("pct_10y", "col.pct_10y", "int"), ("date", "col.date", "date")]
    cap = _cap("source.fred_tenors", lang, v["date"].min(), v["date"].max())
    old = v[v["stale"]]
    if len(old):  # a series that ends early says so
        rows = [f"{r.tenor} {r.measure}: {fmt_date(r.date, lang)}" for r in old.itertuples()]
        cap += " " + t("snapshot.stale", lang, rows=", ".join(rows))
    return v, cols, cap


def _parts(data: ReportData, lang: str) -> tuple[pd.DataFrame, list[Col], str]:
    p = data.need("monitor").stress.parts.copy()
    p["unit"] = [t(f"part_unit.{x}", lang) for x in p["part"]]
    p["inputs"] = [t(f"part_inputs.{x}", lang) for x in p["part"]]
    p["part"] = [t(f"part.{x}", lang) for x in p["part"]]
    p["status"] = [t(f"status.{x}", lang) for x in p["status"]]
    d = pd.to_datetime(p["date"]).dropna()
    return p, _PARTS, _cap("source.monitor", lang, d.min(), d.max())


def _claims(data: ReportData, lang: str) -> tuple[pd.DataFrame, list[Col], str]:
    tt = data.need("tenor_table")
    c = tt.table.copy()
    c["statement"] = [t(f"claim.{k}", lang) for k in c["claim"]]
    c["verdict"] = [t(f"verdict.{v}", lang) for v in c["verdict"]]
    # The evidence (figures and dates) is shown in every language: a verdict needs its numbers.
    cols: list[Col] = [
        ("statement", "col.claim", "text"),
        ("verdict", "col.verdict", "text"),
        ("margin", "col.evidence", "text"),
    ]
    v = tt.vol
    return c, cols, _cap("source.fred_tenors", lang, v["start"].min(), v["end"].max())


def _vol(data: ReportData, lang: str) -> tuple[pd.DataFrame, list[Col], str]:
    v = data.need("tenor_table").vol.copy()
    v["kind"] = [t(f"line.{k}", lang) for k in v["kind"]]
    v["period"] = [t("period.full", lang) if p == "full" else p for p in v["period"]]
    cols: list[Col] = [
        ("kind", "col.kind", "text"),
        ("period", "col.period", "text"),
        ("start", "col.start", "date"),
        ("end", "col.end", "date"),
    ] + [(f"vol_{k}y_bp", f"col.vol_{k}y", "num1") for k in TENORS]
    return v, cols, _cap("source.fred_tenors", lang, v["start"].min(), v["end"].max())


def _inflation_record(data: ReportData, lang: str) -> tuple[pd.DataFrame, list[Col], str]:
    inf = data.need("inflation")
    rule = [r.stats for r in inf.records.values()]
    if not rule:
        raise InputError("no ex-post record")
    forward = [r.stats for r in getattr(inf, "forward", {}).values()]
    f = pd.DataFrame(rule + forward)
    f["signal"] = [t("signal.rule", lang)] * len(rule) + [t("signal.forward", lang)] * len(forward)
    cols: list[Col] = [
        ("signal", "col.signal", "text"),
        ("horizon_years", "col.horizon_years", "int"),
        ("n", "col.n_entries", "int"),
        ("hit_rate_pct", "col.hit_rate", "pct1"),
        ("hit_rate_se_pp", "col.hit_rate_se", "num1"),
        ("always_tips_pct", "col.always_tips", "pct1"),
        ("always_nominals_pct", "col.always_nominals", "pct1"),
        ("calls_tips_pct", "col.calls_tips", "pct1"),
        ("chance_hit_rate_pct", "col.chance_hit_rate", "pct1"),
        ("hit_minus_always_tips_pp", "col.hit_minus_always_tips", "num1"),
        ("hit_minus_always_tips_se_pp", "col.hit_minus_always_tips_se", "num1"),
        ("mean_excess_pp", "col.mean_excess", "num"),
        ("mean_excess_se_pp", "col.mean_excess_se", "num"),
        ("p10_excess_pp", "col.p10_excess", "num"),
        ("p90_excess_pp", "col.p90_excess", "num"),
        ("first_entry", "col.first_entry", "date"),
        ("last_entry", "col.last_entry", "date"),
    ]
    return f, cols, _cap("source.cpi_be", lang, f["first_entry"].min(), f["last_entry"].max())


def _switch(data: ReportData, lang: str) -> tuple[pd.DataFrame, list[Col], str]:
    inf = data.need("inflation")
    if inf.switch is None:
        raise InputError("; ".join(inf.notes) or "TIP/IEF switch not run")
    f = inf.switch.stats.reset_index()
    f["strategy"] = [t(f"strategy.{s}", lang) for s in f["strategy"]]
    cols: list[Col] = [
        ("strategy", "col.strategy", "text"),
        ("ann_return_pct", "col.ann_return", "pct"),
        ("ann_vol_pct", "col.ann_vol", "pct"),
        ("max_drawdown_pct", "col.max_drawdown", "pct1"),
        ("n_switches", "col.n_switches", "int"),
        ("pct_days_in_tip", "col.days_in_tip", "pct0"),
    ]
    return f, cols, _cap("source.etf", lang, f["start"].min(), f["end"].max())


def _betas(data: ReportData, lang: str) -> tuple[pd.DataFrame, list[Col], str]:
    b = data.need("metals").betas
    # gold and silver on weekly changes, copper (a monthly IMF price) on monthly changes
    b = b[b["regime"] == "all"].copy()
    b["metal"] = [t(f"metal.{m}", lang) for m in b["metal"]]
    b["rate"] = [t(f"rate.{r}", lang) for r in b["rate"]]
    b["freq"] = [t(f"freq.{f}", lang) for f in b["freq"]]
    cols: list[Col] = [
        ("metal", "col.metal", "text"),
        ("rate", "col.rate", "text"),
        ("freq", "col.changes", "text"),
        ("beta_pct_per_100bp", "col.beta", "num1"),
        ("corr", "col.corr", "num"),
        ("n", "col.n_obs", "int"),
        ("start", "col.start", "date"),
        ("end", "col.end", "date"),
    ]
    return b, cols, _cap("source.metals", lang, b["start"].min(), b["end"].max())


def _cycles(data: ReportData, lang: str) -> tuple[pd.DataFrame, list[Col], str]:
    m = data.need("metals")
    lv = m.cycle_levels
    wide = lv.pivot_table(index="cycle", columns="asset", values="change", sort=False)
    cyc = m.cycles.reindex(wide.index)
    f = wide.join(cyc[["start", "end", "n_hikes", "total_change_bp"]]).reset_index()
    cols: list[Col] = [
        ("start", "col.cycle_start", "date"),
        ("end", "col.cycle_end", "date"),
        ("n_hikes", "col.n_hikes", "int"),
        ("total_change_bp", "col.policy_change", "bp"),
    ]
    for asset in ("gold", "silver", "copper"):
        if asset in f:
            cols.append((asset, f"col.chg_{asset}", "pct1"))
    for rate in ("nominal_10y", "breakeven_10y", "real_10y"):
        if rate in f:
            cols.append((rate, f"col.chg_{rate}", "bp"))
    return f, cols, _cap("source.metals", lang, f["start"].min(), f["end"].max())


def _claim_numbers(r: Any) -> str:
    """``2.50% -> 2.61% (+11bp)`` or ``394.40 -> 589.25 (+49.4%)``: the same in every language."""
    if pd.isna(r.change):
        return "-"
    if r.change_units == "pct":
        return f"{r.start_level:,.2f} -> {r.end_level:,.2f} ({r.change:+.1f}%)"
    return f"{r.start_level:.2f}% -> {r.end_level:.2f}% ({r.change:+.0f}bp)"


def _metal_claims(data: ReportData, lang: str) -> tuple[pd.DataFrame, list[Col], str]:
    m = data.need("metals")
    c = m.claims.copy()
    if c.empty:
        raise InputError("no hiking cycle of seed 004 in the data")
    c["statement"] = [t(f"claim.seed004.{k}", lang) for k in c["claim"]]
    c["verdict"] = [t(f"verdict.{v}", lang) for v in c["verdict"]]
    c["evidence"] = [_claim_numbers(r) for r in c.itertuples()]
    cols: list[Col] = [
        ("statement", "col.claim", "text"),
        ("cycle", "col.cycle", "text"),
        ("evidence", "col.evidence", "text"),
        ("verdict", "col.verdict", "text"),
    ]
    if lang == "en":
        cols.insert(3, ("rule", "col.rule", "text"))
    cyc = m.cycles
    return c, cols, _cap("source.metals", lang, cyc["start"].min(), cyc["end"].max())


_LIQ: list[Col] = [
    ("title", "col.measure", "text"),
    ("date", "col.date", "date"),
    ("value_fmt", "col.value", "text"),
    ("baseline_fmt", "col.baseline", "text"),
    ("sep2019_fmt", "col.sep2019_distance", "text"),
    ("mar2020_fmt", "col.mar2020_distance", "text"),
    ("status", "col.status", "text"),
]
_LIQ_KIND = {"USD bn": "usd_bn", "bp": "bp1", "%": "num", "bp/day": "num"}


def _distance(v: Any, lang: str) -> str:
    return t("liq.na", lang) if v is None or pd.isna(v) else fmt_num(float(v), lang, 2)


def _liquidity(data: ReportData, lang: str) -> tuple[pd.DataFrame, list[Col], str]:
    liq = data.need("monitor").parts.liquidity
    if liq is None or liq.table.empty:
        raise InputError("no liquidity data in the store")
    f = liq.table.copy()
    kind = [_LIQ_KIND.get(u, "num") for u in f["unit"]]
    f["title"] = [t(f"liq.{m}", lang) for m in f["measure"]]
    for col in ("value", "baseline"):
        vals = f[col] if col in f else pd.Series(np.nan, index=f.index)
        f[f"{col}_fmt"] = [fmt_value(v, lang, k) for v, k in zip(vals, kind, strict=True)]
    for ep in ("sep2019", "mar2020"):
        vals = f[f"{ep}_distance"] if f"{ep}_distance" in f else pd.Series(np.nan, index=f.index)
        f[f"{ep}_fmt"] = [_distance(v, lang) for v in vals]
    f["status"] = [t(f"status.{s}", lang) for s in f["status"]]
    d = pd.to_datetime(f.get("date", pd.Series(dtype=object))).dropna()
    first = pd.to_datetime(f.get("first_date", pd.Series(dtype=object))).dropna()
    return f, _LIQ, _cap("source.liquidity", lang, first.min(), d.max())


def _positions(data: ReportData, lang: str) -> tuple[pd.DataFrame, list[Col], str]:
    pos = data.need("monitor").positioning
    if pos is None or pos.latest is None or pos.latest.empty:
        raise InputError("no CFTC positions in the store")
    f = pos.latest.copy()
    f["contract"] = [t(f"contract.{c}", lang) for c in f["contract"]]
    cols: list[Col] = [
        ("report_date", "col.report_date", "date"),
        ("contract", "col.contract", "text"),
        ("lev_long", "col.lev_long", "int"),
        ("lev_short", "col.lev_short", "int"),
        ("net_short", "col.net_short", "int"),
        ("net_short_10y_eq", "col.net_short_10y_eq", "int"),
        ("lev_short_share_oi", "col.short_share_oi", "pct1"),
        ("wk_chg_10y_eq", "col.wk_chg_10y_eq", "int"),
        ("pct_net_short", "col.pct_net_short", "num1"),
    ]
    d = pd.to_datetime(pos.history["report_date"])
    return f, cols, _cap("source.cftc", lang, d.min(), d.max())


def _auctions(data: ReportData, lang: str) -> tuple[pd.DataFrame, list[Col], str]:
    f = data.need("monitor").auctions_latest
    if f.empty:
        raise InputError("no auctions in the store")
    f = f.copy()
    f["source"] = [t(f"auction_source.{s}", lang) for s in f["source"]]
    cols: list[Col] = [
        ("auction_date", "col.auction_date", "date"),
        ("cusip", "col.cusip", "text"),
        ("security_term", "col.term", "text"),
        ("high_yield", "col.high_yield", "pct"),
        ("bid_to_cover", "col.bid_to_cover", "num"),
        ("bid_to_cover_pct", "col.btc_rank", "num1"),
        ("direct_pct", "col.direct_pct", "pct1"),
        ("direct_pct_pct", "col.direct_rank", "num1"),
        ("indirect_pct", "col.indirect_pct", "pct1"),
        ("dealer_pct", "col.dealer_pct", "pct1"),
        ("tail_bp", "col.tail_bp", "bp1"),
        ("source", "col.source", "text"),
    ]
    d = pd.to_datetime(f["auction_date"])
    return f, cols, _cap("source.auctions", lang, d.min(), d.max())


def _status(data: ReportData, lang: str) -> tuple[pd.DataFrame, list[Col], str]:
    st = data.need("status").copy()
    st["title"] = st["title_zh"] if lang == "zh" else st["title_en"]
    st["source"] = [t(f"source_short.{s}", lang) for s in st["source"]]
    st["frequency"] = [t(f"freq.{x}", lang) for x in st["frequency"]]
    st["status"] = [t(f"status.{x}", lang) for x in st["status"]]
    cols: list[Col] = [
        ("series_id", "col.series", "text"),
        ("title", "col.title", "text"),
        ("source", "col.source", "text"),
        ("frequency", "col.frequency", "text"),
        ("last_date", "col.last_date", "date"),
        ("age_days", "col.age_days", "int"),
        ("status", "col.status", "text"),
    ]
    d = pd.to_datetime(st["last_date"]).dropna()
    return st, cols, _cap("source.store", lang, d.min(), d.max())


#: Table name -> builder(data, lang) -> (frame, columns, caption).
TABLES: dict[str, Callable[[ReportData, str], tuple[pd.DataFrame, list[Col], str]]] = {
    "snapshot": _snapshot,
    "stress_parts": _parts,
    "tenor_claims": _claims,
    "tenor_vol": _vol,
    "inflation_record": _inflation_record,
    "tips_switch": _switch,
    "metal_betas": _betas,
    "hiking_cycles": _cycles,
    "metal_claims": _metal_claims,
    "liquidity": _liquidity,
    "positions": _positions,
    "auctions": _auctions,
    "status": _status,
}

#: Table name -> the :data:`tsy.indicators.sections.SECTIONS` it reads.
TABLE_SECTIONS: dict[str, str] = {
    "snapshot": "snapshot",
    "stress_parts": "monitor",
    "tenor_claims": "tenor_table",
    "tenor_vol": "tenor_table",
    "inflation_record": "inflation",
    "tips_switch": "inflation",
    "metal_betas": "metals",
    "hiking_cycles": "metals",
    "metal_claims": "metals",
    "liquidity": "monitor",
    "positions": "monitor",
    "auctions": "monitor",
    "status": "status",
}


def render_table(name: str, data: ReportData, lang: str) -> TableView:
    """Render the table ``name`` of :data:`TABLES` in ``lang``.

    Raises
    ------
    InputError
        Unknown table, or its section has no data.
    """
    fn = TABLES.get(name)
    if fn is None:
        raise InputError(f"table {name!r}: expected one of {', '.join(TABLES)}")
    frame, cols, cap = fn(data, lang)
    return TableView(
        name=name,
        title=t(f"table.{name}", lang),
        columns=[t(label, lang) for _, label, _ in cols],
        rows=_rows(frame, cols, lang),
        caption=cap,
    )


#: Haven state -> i18n key.
STATE_KEYS: dict[str, str] = {
    "calm": "state.calm",
    "haven working": "state.working",
    "haven failing: dash for cash": "state.dash_for_cash",
    "haven failing: sell America": "state.sell_america",
    "haven failing: dollar n/a": "state.dollar_na",
}


#: Velocity episode shape (direction and curve) -> locale key.
SHAPE_KEYS: dict[str, str] = {
    "bear steepener": "shape.bear_steepener",
    "bear flattener": "shape.bear_flattener",
    "bull steepener": "shape.bull_steepener",
    "bull flattener": "shape.bull_flattener",
    "bear (bills only)": "shape.bills_only",
    "bull (bills only)": "shape.bills_only",
}


def _reason(item: dict[str, Any], lang: str) -> str:
    """One alert of the monitor as a line in ``lang``."""
    date = fmt_date(pd.Timestamp(item["date"]), lang)
    if item["kind"] == "haven":
        return t("reason.haven", lang, state=t(STATE_KEYS[item["state"]], lang), date=date)
    start, end = pd.Timestamp(item["start"]), pd.Timestamp(item["end"])  # a velocity episode
    span = fmt_date(start, lang)
    if end != start:
        span += "–" + fmt_date(end, lang)
    return t(
        "reason.velocity_episode",
        lang,
        span=span,
        series=item["tenor"],
        n=item["horizon"],
        change=fmt_bp(item["change_bp"], lang, 0),
        z=fmt_num(item["z"], lang, 1, sign=True),
        breadth=item["breadth"],
        shape=t(SHAPE_KEYS.get(item["shape"], "shape.na"), lang),
    )


def state_line(monitor: Any, lang: str) -> str:
    """The haven state and its evidence in ``lang`` (what the monitor opens with)."""
    st = getattr(monitor, "state", None)
    if st is None or st.state is None:
        return t("state.missing", lang)
    e = st.evidence()
    return t(
        "state.line",
        lang,
        date=fmt_date(pd.Timestamp(e["date"]), lang),
        state=t(STATE_KEYS[e["state"]], lang),
        eq=fmt_num(e["eq_ret_pct"], lang, 2),
        zeq=fmt_num(e["z_eq"], lang, 1),
        y=fmt_num(e["y_chg_bp"], lang, 0),
        zy=fmt_num(e["z_y"], lang, 1),
        usd_part=t(
            "state.usd",
            lang,
            usd_src=e["dollar_source"],
            usd=fmt_num(e["usd_ret_pct"], lang, 2),
            zusd=fmt_num(e["z_usd"], lang, 1),
        )
        if pd.notna(e["usd_ret_pct"]) and pd.notna(e["z_usd"])
        else t("state.usd_na", lang),
        corr=fmt_num(e["stock_bond_corr_60d"], lang, 2),
        pct=fmt_num(e["stock_bond_corr_pct"], lang, 0),
    )


def headline(monitor: Any, lang: str) -> dict[str, Any]:
    """The monitor's headline in ``lang``: the state line, at most five alerts, the score.

    Returns
    -------
    dict
        ``as_of`` (ISO), ``as_of_text``, ``state`` (the state key or None), ``state_text`` (the
        state line with its evidence), ``score`` (0-100, rounded to 1 decimal, None when there
        is not enough fresh data), ``score_text``, ``verdict`` (key), ``verdict_text``,
        ``status``, ``n_ok``, ``n_parts``, ``alert``, ``reasons`` (at most five lines, in
        ``lang``), ``text`` (the score sentence; the state line comes first, apart).
    """
    st = monitor.stress
    parts = st.parts
    n_ok = int(parts["status"].isin(["ok", "fresh"]).sum())
    base = str(st.verdict).split(" (")[0]
    score = None if st.score is None or pd.isna(st.score) else round(float(st.score), 1)
    score_text = "–" if score is None else fmt_num(score, lang, 0)
    verdict_text = t(f"verdict.{base}", lang)
    stale = [t(f"part.{p}", lang) for p in st.stale]
    missing = [t(f"part.{p}", lang) for p in st.missing]
    sep = "、" if lang == "zh" else ", "
    line = state_line(monitor, lang)
    text = t("headline.score", lang, score=score_text, verdict=verdict_text)
    if score is None:
        text += " " + t("verdict.insufficient", lang) + ": " + sep.join(missing + stale) + "."
    if stale and score is not None:
        text += t("headline.stale", lang, parts=sep.join(stale))
    if missing and score is not None:
        text += t("headline.missing", lang, parts=sep.join(missing))
    text += t("headline.alert" if monitor.alert else "headline.no_alert", lang)
    hv = getattr(monitor, "state", None)
    return {
        "as_of": pd.Timestamp(monitor.as_of).date().isoformat(),
        "as_of_text": fmt_date(monitor.as_of, lang),
        "state": None if hv is None or hv.state is None else STATE_KEYS[hv.state],
        "state_text": line,
        "score": score,
        "score_text": score_text,
        "verdict": base,
        "verdict_text": verdict_text,
        "status": st.status,
        "n_ok": n_ok,
        "n_parts": len(parts),
        "alert": bool(monitor.alert),
        "reasons": [_reason(item, lang) for item in getattr(monitor, "alert_items", [])][:5],
        "text": text,
    }
