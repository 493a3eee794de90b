"""``tsy study``: curves and tenor claims, the inflation signal, metals over hiking cycles.

Thin commands over :mod:`tsy.indicators.studies`. Each prints, in the table format, a few
tables and the notes (stale or missing inputs); ``--view`` picks one table, which is what
``--format csv`` prints (default: the first). ``--format json`` without ``--view`` prints
every table as one object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tsy.cli._common import (
    AsOfOpt,
    EndOpt,
    FormatOpt,
    OutputFormat,
    StartOpt,
    console,
    current_settings,
    emit,
)
from tsy.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True, help="Studies: curves, inflation signal, metals.")

ViewOpt = Annotated[
    str | None, typer.Option("--view", "--table", help="One table (see the list below).")
]


def _show(
    views: dict[str, Callable[[], pd.DataFrame | dict[str, Any]]],
    view: str | None,
    fmt: OutputFormat,
    *,
    title: str,
    notes: list[str],
) -> None:
    """Print the chosen view, or all of them (table, json) / the first (csv)."""
    if view is not None and view not in views:
        raise InputError(f"--view {view!r}: expected one of {', '.join(views)}")
    fmt = OutputFormat(fmt)
    if view is not None:
        emit(views[view](), fmt, title=f"{title}: {view}")
        return
    if fmt is OutputFormat.csv:
        emit(next(iter(views.values()))(), fmt)
        return
    if fmt is OutputFormat.json:
        emit({**{k: fn() for k, fn in views.items()}, "notes": notes}, fmt)
        return
    for key, fn in views.items():
        emit(fn(), fmt, title=f"{title}: {key}")
    for n in notes:
        console.print(f"[yellow]note:[/yellow] {n}")


@app.command("curves")
def curves_cmd(
    as_of: AsOfOpt = None,
    lookback: Annotated[
        int,
        typer.Option(
            "--lookback", min=1, max=100, help="Years of the percentile / z-score window."
        ),
    ] = 5,
    view: ViewOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Nominal, TIPS, breakeven, forward and spread snapshot; the four tenor claims.

    Views: snapshot, claims, vol, episodes, coverage, fred-check (our breakevens against FRED's
    T5YIE, T10YIE, T5YIFR).
    """
    from tsy.indicators import studies

    s = current_settings()
    mon = studies.curve_monitor(as_of=as_of, lookback_years=lookback, settings=s)
    tt = studies.tenor_table(as_of=as_of, settings=s)
    claims = tt.table[["claim", "verdict", "margin"]]
    views: dict[str, Callable[[], pd.DataFrame | dict[str, Any]]] = {
        "snapshot": lambda: mon.table.drop(columns=["note"]),
        "claims": lambda: claims if fmt is OutputFormat.table else tt.table,
        "vol": lambda: tt.vol,
        "episodes": lambda: tt.episodes,
        "coverage": lambda: mon.coverage,
        "fred-check": lambda: studies.breakeven_check(as_of=as_of, settings=s),
    }
    if view is None:
        views = {k: v for k, v in views.items() if k != "fred-check"}
    if view is None and fmt is OutputFormat.table:
        views = {k: views[k] for k in ("snapshot", "claims")}
    _show(views, view, fmt, title=f"Curves as of {mon.as_of.date()}", notes=mon.notes + tt.notes)


@app.command("inflation")
def inflation_cmd(
    as_of: AsOfOpt = None,
    horizon: Annotated[int, typer.Option(help="Breakeven tenor of the signal: 5 or 10.")] = 10,
    cost_bp: Annotated[
        float, typer.Option("--cost-bp", help="TIP/IEF switch cost per switch, bp.")
    ] = 5.0,
    release_day: Annotated[
        int, typer.Option("--release-day", help="Month m's CPI is usable from this day of m+1.")
    ] = 15,
    view: ViewOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Realised CPI vs breakeven: today's call, its ex-post record, the TIP/IEF switch.

    Views: signal, record, by-year, switch, decisions, history.
    """
    import pandas as pd

    from tsy.indicators import studies

    st = studies.inflation_signal(
        horizon=horizon,
        as_of=as_of,
        cost_bp=cost_bp,
        release_day=release_day,
        settings=current_settings(),
    )
    record = pd.DataFrame([r.stats for r in (*st.records.values(), *st.forward.values())])
    by_year = pd.concat(
        {f"{h}y": r.by_year for h, r in st.records.items()}, names=["horizon", "entry_year"]
    )
    sw = st.switch
    views: dict[str, Callable[[], pd.DataFrame | dict[str, Any]]] = {
        "signal": lambda: st.signal.today,
        "record": lambda: record,
        "switch": lambda: sw.stats if sw is not None else pd.DataFrame(),
        "by-year": lambda: by_year,
        "decisions": lambda: sw.decisions if sw is not None else pd.DataFrame(),
        "history": lambda: st.signal.history,
    }
    if view is None and fmt is not OutputFormat.csv:
        views = {k: views[k] for k in ("signal", "record", "switch", "by-year")}
    notes = list(st.signal.notes) + st.notes
    notes += [f"{h}y record: {n}" for h, r in st.records.items() for n in r.notes]
    notes += [f"{h}y forward-looking record: {n}" for h, r in st.forward.items() for n in r.notes]
    if sw is not None:
        notes += sw.notes
    if fmt is OutputFormat.table and view is None:
        console.print(st.signal.summary().splitlines()[0])
    _show(views, view, fmt, title="Inflation signal", notes=notes)


@app.command("metals")
def metals_cmd(
    metal: Annotated[
        list[str] | None, typer.Option("--metal", help="gold, silver or copper (repeatable).")
    ] = None,
    start: StartOpt = None,
    end: EndOpt = None,
    as_of: AsOfOpt = None,
    view: ViewOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Gold, silver, copper vs 10y nominal, breakeven and real yield; Fed hiking cycles.

    Views: cycles, claims (seed 004's claims per cycle: holds / does not hold, with the
    numbers), changes (metal and rate changes per cycle), betas, cycle-levels, cycle-corr.
    """
    import pandas as pd

    from tsy.analytics.metals import METALS
    from tsy.indicators import studies

    st = studies.metals_table(
        metals=tuple(metal) if metal else tuple(METALS),
        start=start,
        end=end,
        as_of=as_of,
        settings=current_settings(),
    )
    cyc = st.cycles[["start", "end", "n_hikes", "start_range", "end_range", "total_change_bp"]]
    cl = st.cycle_levels
    claims = (
        st.claims[["statement", "cycle", "evidence", "rule", "verdict"]]
        if fmt is OutputFormat.table and len(st.claims)
        else st.claims
    )
    wide = (
        cl.pivot(index="cycle", columns="asset", values="change")
        .reindex(columns=list(dict.fromkeys(cl["asset"])))
        .rename(columns=lambda a: f"{a}_{'pct' if a in METALS else 'bp'}")
        if len(cl)
        else pd.DataFrame()
    )
    views: dict[str, Callable[[], pd.DataFrame | dict[str, Any]]] = {
        "cycles": lambda: cyc,
        "claims": lambda: claims,
        "changes": lambda: wide,
        "betas": lambda: st.betas,
        "cycle-levels": lambda: cl,
        "cycle-corr": lambda: st.cycle_correlations,
    }
    if view is None and fmt is OutputFormat.table:
        views = {k: views[k] for k in ("cycles", "claims", "changes", "betas")}
    _show(views, view, fmt, title="Metals and hiking cycles", notes=st.notes)
