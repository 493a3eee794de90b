"""``tsy monitor`` and ``tsy alerts``: the morning safe-haven stress view and its alert history.

``tsy monitor`` exits 0 normally and 3 when an alert fires (the haven failing on the as-of day or
a velocity alert in its last few days), for cron jobs and scripts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tsy.cli._common import AsOfOpt, FormatOpt, OutputFormat, console, current_settings, emit
from tsy.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ALERT_EXIT_CODE", "alerts_cmd", "app", "monitor_cmd"]

#: Exit code of ``tsy monitor`` when an alert fires.
ALERT_EXIT_CODE = 3

app = typer.Typer(help="Safe-haven stress monitor and alert history.", no_args_is_help=True)


#: The monitor's tables, in print order: ``--table NAME`` picks one (csv prints one table).
TABLES = ("composite", "liquidity", "basis", "velocity")


def _show(
    name: str,
    frame: pd.DataFrame,
    cols: list[str],
    title: str,
    fmt: OutputFormat,
    only: str | None = None,
) -> None:
    if only is not None and name != only:
        return
    if frame is None or frame.empty:
        if fmt is OutputFormat.table:
            console.print(f"{title}: no data", markup=False)
        return
    emit(frame[[c for c in cols if c in frame.columns]], fmt, title=title)


def monitor_cmd(
    as_of: AsOfOpt = None,
    table: Annotated[
        str | None,
        typer.Option(
            "--table", help=f"Only this table ({', '.join(TABLES)}); --format csv needs one."
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The morning view: the haven state and its evidence, at most five alerts, then the parts
    (composite, liquidity, basis trade, auctions, velocity). Exit code 3 when an alert fires."""
    if table is not None and table not in TABLES:
        raise InputError(f"--table {table!r}: expected one of {', '.join(TABLES)}")
    if fmt is OutputFormat.csv and table is None:
        raise InputError(
            f"--format csv writes one table: add --table NAME (one of {', '.join(TABLES)})"
        )
    from tsy.cache import for_store
    from tsy.indicators.load import parse_date
    from tsy.indicators.monitor import run_monitor

    s = current_settings()
    when = parse_date(as_of, "--as-of")
    cache = for_store(s)
    res = (
        cache.get("monitor", (when,), lambda: run_monitor(as_of=when, settings=s))
        if cache is not None
        else run_monitor(as_of=when, settings=s)
    )
    if fmt is OutputFormat.json and table is None:
        emit(res.to_dict(), fmt)
    else:
        _print_tables(res, fmt, table)
    if res.alert:
        raise typer.Exit(ALERT_EXIT_CODE)


def _print_tables(res: Any, fmt: OutputFormat, only: str | None = None) -> None:
    import pandas as pd

    if fmt is OutputFormat.table:
        console.print(f"tsy monitor - as of {res.as_of.date()} ({res.as_of_rule})", markup=False)
        console.print(res.state_line(), highlight=False, markup=False)
        for r in res.reasons:
            console.print(f"ALERT {r}", highlight=False, markup=False)
        if not res.reasons:
            console.print("No alert.")
    _show(
        "composite",
        res.stress.parts,
        ["part", "status", "score", "value", "unit", "date", "age_days", "inputs", "note"],
        f"Composite: {res.stress.summary()}",
        fmt,
        only,
    )
    _show(
        "liquidity",
        res.liquidity_table,
        ["dimension", "measure", "status", "date", "value", "unit", "baseline"]
        + ["sep2019_distance", "sep2019_note", "mar2020_distance", "mar2020_note"],
        "Liquidity: distance to the Sep 2019 / Mar 2020 peaks (0 = normal, 1 = at the peak)",
        fmt,
        only,
    )
    b = res.parts.basis
    _show(
        "basis",
        b.history.tail(5).reset_index() if b is not None else pd.DataFrame(),
        ["report_date", "net_short_dv01_usd", "unwind_4w_pct", "level_pctile", "contracts"],
        "Basis trade: DV01-weighted net short (USD per bp); 4-week unwind = stress, level = "
        "vulnerability",
        fmt,
        only,
    )
    a = res.parts.auctions
    if a is not None and fmt is OutputFormat.table and only is None:
        console.print(a.summary(res.as_of), highlight=False, markup=False)
    v = res.velocity_table
    if not v.empty:
        v = v[v["tenor"].isin(["3m", "2y", "5y", "10y", "30y"])].reset_index(drop=True)
    _show(
        "velocity",
        v,
        ["tenor", "bucket", "horizon", "date", "change_bp", "sigma_bp", "z", "threshold", "alert"],
        "Velocity: z = N-day change / (1y daily sigma * sqrt(N)), two-sided",
        fmt,
        only,
    )


def alerts_cmd(
    since: Annotated[
        str | None, typer.Option("--since", help="Alerts on or after this date (YYYY-MM-DD).")
    ] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """History: haven state changes and velocity alerts (z-scores), by date."""
    from tsy.indicators.monitor import alert_history

    out = alert_history(since=since, as_of=as_of, settings=current_settings())
    if fmt is not OutputFormat.table:
        emit(out, fmt, title="Alerts (haven state changes and velocity)")
        return
    console.print("Alerts (haven state changes and velocity episodes)", markup=False)
    if out.empty:
        console.print("none in the period", markup=False)
    for line in alert_lines(out):
        console.print(line, markup=False, highlight=False, overflow="fold")


def alert_lines(history: pd.DataFrame, width: int | None = None) -> list[str]:
    """One line per state change or velocity episode, wrapped with a hanging indent.

    ``2025-04-07..04-10 velocity 20y +34bp in 3d (+3.5 sd); 5 tenor(s) [...]; bear steepener``
    """
    import textwrap

    w = width or console.width
    lines = []
    for r in history.to_dict("records"):
        start, end = str(r["date"])[:10], str(r["end"])[:10]
        when = start if end == start else f"{start}..{end[5:] if end[:4] == start[:4] else end}"
        text = str(r["text"])
        if r["kind"] == "velocity":
            head, _, rest = text.partition(";")
            text = f"{head} ({r['value']:+.1f} sd);{rest}"
        else:
            text = f"{text} (equities {r['value']:+.1f} sd)"
        lines.append(
            textwrap.fill(
                f"{when:<17} {r['kind']:<8} {text}", width=max(40, w), subsequent_indent=" " * 27
            )
        )
    return lines


app.command("monitor")(monitor_cmd)
app.command("alerts")(alerts_cmd)
