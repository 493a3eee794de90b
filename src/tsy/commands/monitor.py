"""``tsy monitor`` and ``tsy alerts``: the morning safe-haven stress view and its alert history.

``tsy monitor`` exits 0 normally and 3 when an alert fires (a triple-fall window or a velocity
alert in the last few days of the as-of date), for cron jobs and scripts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tsy.commands._common import FormatOpt, OutputFormat, console, current_settings, emit
from tsy.errors import InputError

if TYPE_CHECKING:
    pass

__all__ = ["ALERT_EXIT_CODE", "alerts_cmd", "app", "monitor_cmd"]

#: Exit code of ``tsy monitor`` when an alert fires.
ALERT_EXIT_CODE = 3

app = typer.Typer(help="Safe-haven stress monitor and alert history.", no_args_is_help=True)


#: The monitor's tables, in print order: ``--table NAME`` picks one (csv prints one table).
TABLES = (
    "triple_fall",
    "velocity",
    "volatility",
    "liquidity",
    "positions",
    "auctions",
    "composite",
)


def _show(
    name: str, frame: Any, cols: list[str] | None, title: str, fmt: OutputFormat, only: str | None
) -> None:
    if only is not None and name != only:
        return
    if frame is None or len(frame) == 0:
        if fmt is OutputFormat.table:
            console.print(f"{title}: no data", markup=False)
        return
    if cols is not None:
        frame = frame[[c for c in cols if c in frame.columns]]
    emit(frame, fmt, title=title)


def monitor_cmd(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="View as of this date (YYYY-MM-DD); only data up to it."),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            "--table", help=f"Only this table ({', '.join(TABLES)}); --format csv needs one."
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The morning view: verdict, triple fall, velocity, bond vol, liquidity, basis trade,
    auctions and the composite stress score. Exit code 3 when an alert fires."""
    if table is not None and table not in TABLES:
        raise InputError(f"--table {table!r}: expected one of {', '.join(TABLES)}")
    if fmt is OutputFormat.csv and table is None:
        raise InputError(
            f"--format csv writes one table: add --table NAME (one of {', '.join(TABLES)})"
        )
    from tsy.cache import for_store
    from tsy.data import parse_date
    from tsy.stress_monitor import run_monitor

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
    if fmt is OutputFormat.table:
        console.print(f"tsy monitor - as of {res.as_of.date()}", style="bold", markup=False)
        console.print(res.headline, markup=False)
    _show(
        "triple_fall",
        res.triple_fall.reset_index(),
        ["date", "spx_ret_pct", "dgs10_chg_bp", "tsy_price_pct", "usd_ret_pct", "triple_fall"]
        + ["score_k1", "score_k3", "score_k5"],
        "Stocks, Treasuries, dollar (last 5 common days)",
        fmt,
        only,
    )
    v = res.velocity_table
    if not v.empty:
        v = v[v["series_id"].isin(["DGS2", "DGS5", "DGS10", "DGS30"])].reset_index(drop=True)
    _show(
        "velocity",
        v,
        ["series_id", "horizon", "date", "change_bp", "pct_all", "pct_recent", "threshold_bp"]
        + ["alert"],
        "Velocity (N-day change, percentile since start / last 10y)",
        fmt,
        only,
    )
    vol = res.volatility.latest if res.volatility is not None else None
    if vol is not None and fmt is OutputFormat.csv:
        import pandas as pd

        vol = pd.DataFrame([vol])  # one row, one column per field
    _show("volatility", vol, None, "Bond volatility (MOVE and TSYRVOL)", fmt, only)
    _show(
        "liquidity",
        res.liquidity_table,
        ["dimension", "measure", "status", "date", "value", "unit", "pct", "sep2019_extreme"]
        + ["sep2019_fraction", "mar2020_extreme", "mar2020_fraction"],
        "Liquidity against Sep 2019 / Mar 2020 (fraction of the way there)",
        fmt,
        only,
    )
    _show(
        "positions",
        res.positions_latest,
        ["report_date", "contract", "lev_short", "net_short", "net_short_10y_eq"]
        + ["wk_chg_10y_eq", "pct_net_short"],
        "Basis-trade proxy: leveraged funds' net shorts (CFTC TFF)",
        fmt,
        only,
    )
    _show(
        "auctions",
        res.auctions_latest,
        ["auction_date", "original_term", "kind", "source", "bid_to_cover", "bid_to_cover_pct"]
        + ["direct_pct", "direct_pct_pct", "indirect_pct", "indirect_pct_pct"]
        + ["high_minus_median_bp", "tail_bp", "tail_bp_pct", "tail_basis"],
        "Latest auctions, ranked against the previous auctions of the same term",
        fmt,
        only,
    )
    _show(
        "composite",
        res.stress.parts,
        ["part", "status", "value", "unit", "percentile", "date", "age_days", "series"],
        f"Composite: {res.stress.summary()}",
        fmt,
        only,
    )


def alerts_cmd(
    since: Annotated[
        str | None, typer.Option("--since", help="Alerts on or after this date (YYYY-MM-DD).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Only data up to this date (YYYY-MM-DD).")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """History of alerts: velocity alerts and triple-fall windows with their episode rank."""
    from tsy.stress_monitor import alert_history

    out = alert_history(since=since, as_of=as_of, settings=current_settings())
    emit(out, fmt, title="Alerts (velocity and triple fall)")


app.command("monitor")(monitor_cmd)
app.command("alerts")(alerts_cmd)
