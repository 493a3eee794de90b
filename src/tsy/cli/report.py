"""``tsy report`` (the HTML report) and the report's other charts as PNG/SVG files.

``tsy report --lang zh --out report.html`` writes one self-contained HTML file.
:func:`chart_cmd` draws any chart of :data:`tsy.report.charts.CHARTS` (stress, curve_10y,
inflation, metal_gold, liquidity_quantity, liquidity_price, basis, auctions, ...) in either
language; the lead mounts it as ``tsy chart report NAME --out FILE``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from tsy.cli._common import AsOfOpt, console, err_console, require_database
from tsy.errors import InputError
from tsy.outfile import check_out, write_out

__all__ = ["chart_cmd", "report_cmd"]

LangOpt = Annotated[str, typer.Option("--lang", help="Language: en or zh.")]
#: Output suffix -> matplotlib format.
FORMATS = {".png": "png", ".svg": "svg"}


def report_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file (.html).")],
    lang: LangOpt = "en",
    as_of: AsOfOpt = None,
) -> None:
    """Write the report as one self-contained HTML file (charts and styles inlined)."""
    from tsy.report.html import write_report
    from tsy.report.i18n import check_lang

    check_lang(lang)
    t0 = time.perf_counter()
    path = write_report(out, lang=lang, as_of=as_of, settings=require_database())
    size = path.stat().st_size / 1e6
    console.print(f"wrote {path} ({size:.1f} MB, {time.perf_counter() - t0:.1f} s)")


def chart_cmd(
    name: Annotated[str, typer.Argument(help="Chart name (see the list in --help).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file, .png or .svg.")],
    lang: LangOpt = "en",
    as_of: AsOfOpt = None,
) -> None:
    """Draw one of the report's charts: stress, curve_5y..curve_30y, inflation, metal_gold,
    metal_silver, metal_copper, liquidity_quantity, liquidity_price, basis, auctions."""
    from tsy.indicators.sections import collect
    from tsy.report.charts import CHARTS, render_chart
    from tsy.report.figures import save_figure
    from tsy.report.i18n import check_lang

    check_lang(lang)
    spec = CHARTS.get(name)
    if spec is None:
        raise InputError(f"chart {name!r}: expected one of {', '.join(CHARTS)}")
    check_out(out, tuple(FORMATS), kind="a .png or .svg file name")
    fmt = FORMATS[out.suffix.lower()]
    data = collect(as_of, require_database(), sections=spec.sections)
    fig, caption = render_chart(name, data, lang)
    write_out(out, lambda p: save_figure(fig, p, fmt))
    console.print(f"wrote {out}")
    err_console.print(caption)
