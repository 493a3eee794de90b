"""``tsy chart``: the analysts' charts as PNG or SVG files.

``tsy chart curves --tenor 10 --out be10.png`` draws the nominal yield, TIPS real yield and
breakeven of one tenor; ``tsy chart metals --metal gold --out gold.svg`` draws a metal against the
10y nominal, breakeven and real yield with Fed hiking cycles shaded. Figures come from
:mod:`tsy.report.figures`; this module only loads, checks arguments and saves
(``Figure.savefig``; no pyplot, no global backend switch).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from tsy.cli._common import console, current_settings
from tsy.errors import InputError
from tsy.outfile import check_out, write_out

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True, help="Charts as PNG or SVG.")

#: Output suffix -> matplotlib format.
FORMATS = {".png": "png", ".svg": "svg"}

OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output file, .png or .svg.")]
StartOpt = Annotated[str | None, typer.Option(help="First date (YYYY-MM-DD).")]
EndOpt = Annotated[str | None, typer.Option(help="Last date (YYYY-MM-DD).")]


def _check_out(out: Path) -> str:
    check_out(out, tuple(FORMATS), kind="a .png or .svg file name")
    return FORMATS[out.suffix.lower()]


def _save(fig: Any, out: Path, fmt: str) -> None:
    from tsy.report.figures import save_figure

    write_out(out, lambda p: save_figure(fig, p, fmt))
    console.print(f"wrote {out}")


@app.command("curves")
def curves_cmd(
    out: OutOpt,
    tenor: Annotated[int, typer.Option(help="Tenor in years: 5, 7, 10, 20 or 30.")] = 10,
    start: StartOpt = None,
    end: EndOpt = None,
) -> None:
    """Nominal yield, TIPS real yield and breakeven of one tenor over time (from 2003, the TIPS
    era, unless --start says otherwise)."""
    from tsy.analytics.curves import TENORS

    if tenor not in TENORS:
        raise InputError(f"--tenor {tenor}: expected one of {', '.join(map(str, TENORS))}")
    fmt = _check_out(out)
    from tsy.indicators import studies
    from tsy.report import figures

    # the TIPS era by default (DFII series begin 2003-01-02); --start 1962-01-01 for all of it
    frame = studies.tenor_curves(
        tenor, start=start or "2003-01-01", end=end, settings=current_settings()
    )
    notes = frame.attrs.get("notes", [])
    _save(figures.curve_figure(frame, tenor, notes=notes), out, fmt)
    for n in notes:
        console.print(f"[yellow]note:[/yellow] {n}")


@app.command("metals")
def metals_cmd(
    out: OutOpt,
    metal: Annotated[str, typer.Option(help="gold, silver or copper.")] = "gold",
    start: StartOpt = None,
    end: EndOpt = None,
) -> None:
    """A metal against the 10y nominal, breakeven and real yield, hiking cycles shaded."""
    from tsy.analytics.metals import METALS

    name = metal.strip().lower()
    if name not in METALS:
        raise InputError(f"--metal {metal!r}: expected one of {', '.join(METALS)}")
    fmt = _check_out(out)
    from tsy.indicators import studies
    from tsy.report import figures

    st = studies.metals_table(metals=(name,), start=start, end=end, settings=current_settings())
    fig = figures.metal_figure(st.levels[name], name, cycles=st.cycles)
    _save(fig, out, fmt)
