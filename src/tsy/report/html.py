"""The self-contained HTML report (English or Chinese): every chart a PNG data URI, CSS inline.

Layout as data (:data:`LAYOUT`): each section lists its charts (:mod:`tsy.report.charts`) and
tables (:mod:`tsy.report.tables`). A section whose data is missing shows why, and the rest of
the report is still built. The file references nothing outside itself, so it opens offline and
can be mailed as is.

Examples
--------
>>> html = build_report(lang="zh", settings=settings)      # doctest: +SKIP
>>> write_report("report.html", lang="en")                 # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from tsy import __version__
from tsy.config import Settings, load_settings
from tsy.errors import InputError, TsyError
from tsy.indicators.sections import ReportData, collect
from tsy.outfile import check_out, write_out
from tsy.report.i18n import LANGS, catalogue, check_lang, fmt_date, fmt_pct, t
from tsy.report.parallel import Drawn, collect_drawn, draw_chart
from tsy.report.tables import TableView, headline, render_table

__all__ = ["LAYOUT", "build_report", "render_html", "write_report"]

#: Section -> (charts, tables), in report order.
LAYOUT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "snapshot": ((), ("snapshot",)),
    "monitor": (("stress",), ("stress_parts",)),
    "curves": (
        ("curve_5y", "curve_7y", "curve_10y", "curve_20y", "curve_30y"),
        ("tenor_claims", "tenor_vol"),
    ),
    "inflation": (("inflation",), ("inflation_record", "tips_switch")),
    "metals": (
        ("metal_gold", "metal_silver", "metal_copper"),
        ("metal_betas", "hiking_cycles", "metal_claims"),
    ),
    "liquidity": (("liquidity_quantity", "liquidity_price"), ("liquidity",)),
    "basis": (("basis",), ("positions",)),
    "auctions": (("auctions",), ("auctions",)),
    "status": ((), ("status",)),
}
_TEMPLATES = Path(__file__).with_name("templates")


@dataclass
class _Figure:
    name: str
    src: str = ""
    caption: str = ""
    error: str = ""


@dataclass
class _Section:
    key: str
    title: str
    intro: str
    figures: list[_Figure] = field(default_factory=list)
    tables: list[TableView] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    extra: str = ""


def _inflation_today(data: ReportData, lang: str) -> str:
    inf = data.inflation
    if inf is None:
        return ""
    d = inf.signal.today
    return t(
        "inflation.today",
        lang,
        date=fmt_date(d["date"], lang),
        trailing=fmt_pct(d["trailing_pct"], lang),
        cpi_month=fmt_date(d["cpi_month"], lang),
        h=inf.signal.horizon_years,
        be=fmt_pct(d["breakeven_pct"], lang),
        gap=fmt_pct(d["gap_pp"], lang, sign=True),
        favours=t(f"favours.{d['favours']}", lang),
    )


def _figure(name: str, data: ReportData, lang: str, drawn: Drawn | None) -> _Figure:
    got = drawn.get((name, lang)) if drawn is not None else None
    if got is None:
        try:
            got = draw_chart(name, data, lang)
        except TsyError as exc:
            got = str(exc)
    if isinstance(got, str):
        return _Figure(name, error=t("missing.chart", lang, why=got))
    return _Figure(name, *got)


def _sections(data: ReportData, lang: str, charts: bool, drawn: Drawn | None) -> list[_Section]:
    out = []
    for key, (chart_names, table_names) in LAYOUT.items():
        sec = _Section(key, t(f"section.{key}", lang), t(f"intro.{key}", lang))
        for name in chart_names if charts else ():
            sec.figures.append(_figure(name, data, lang, drawn))
        for name in table_names:
            try:
                sec.tables.append(render_table(name, data, lang))
            except TsyError as exc:
                sec.errors.append(t("missing.table", lang, name=t(f"table.{name}", lang), why=exc))
        if key == "inflation":
            sec.extra = _inflation_today(data, lang)
        out.append(sec)
    return out


def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(
    data: ReportData, lang: str = "en", *, charts: bool = True, drawn: Drawn | None = None
) -> str:
    """Render collected data as one HTML document in ``lang``.

    Parameters
    ----------
    data : ReportData
        From :func:`tsy.indicators.sections.collect`.
    lang : {"en", "zh"}
    charts : bool
        Draw the charts (False: tables only, for quick checks).
    drawn : dict, optional
        Charts drawn already (:func:`tsy.report.parallel.collect_drawn`); the others are drawn
        here.
    """
    check_lang(lang)
    head = headline(data.monitor, lang) if data.monitor is not None else None
    tpl = _env().get_template("report.html.j2")
    return tpl.render(
        lang=lang,
        html_lang="zh-CN" if lang == "zh" else "en",
        tr=catalogue(lang),
        version=__version__,
        as_of=fmt_date(data.as_of, lang) if data.as_of is not None else "–",
        headline=head,
        monitor_error=data.errors.get("monitor", ""),
        sections=_sections(data, lang, charts, drawn),
        langs=LANGS,
    )


def build_report(
    *,
    lang: str = "en",
    as_of: Any = None,
    settings: Settings | None = None,
    sections: Sequence[str] | None = None,
) -> str:
    """Collect every section from the store and render the report (a string of HTML).

    Raises
    ------
    InputError
        Unknown language, or nothing at all could be read (the store is empty or absent).
    """
    check_lang(lang)
    drawn: Drawn | None = None
    if sections is None:  # every section: computed in parallel with its charts
        data, drawn = collect_drawn(as_of, settings or load_settings(), (lang,))
    else:
        data = collect(as_of, settings, sections=sections)
    if data.monitor is None and data.status is None:
        why = "; ".join(f"{k}: {v}" for k, v in data.errors.items())
        raise InputError(f"nothing to report: {why}")
    return render_html(data, lang, drawn=drawn)


def write_report(
    path: str | Path, *, lang: str = "en", as_of: Any = None, settings: Settings | None = None
) -> Path:
    """Build the report and write it to ``path`` (UTF-8). Returns the path."""
    out = check_out(Path(path), (".html", ".htm"), kind="a .html file name")
    html = build_report(lang=lang, as_of=as_of, settings=settings)
    return write_out(out, lambda p: p.write_text(html, encoding="utf-8"))
