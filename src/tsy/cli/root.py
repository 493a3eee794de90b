"""The ``tsy`` command line: thin commands over update, import, the store and the studies.

Every listing takes ``--format table|csv|json``. Errors print one line to stderr and exit with a
non-zero code, never a traceback: 2 for bad input or a failed operation, 1 when some series of
an update or files of an import failed, 3 when ``tsy monitor`` raises an alert, 70 for a bug in
tsy itself (``TSY_DEBUG=1`` shows its traceback).
"""

from __future__ import annotations

import importlib
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from tsy import __version__, catalog
from tsy.cli._common import (
    AsOfOpt,
    EndOpt,
    FormatOpt,
    OutputFormat,
    StartOpt,
    console,
    current_settings,
    emit,
    err_console,
    require_database,
    use_settings,
)
from tsy.config import load_settings
from tsy.errors import InputError, TsyError
from tsy.printable import printable

__all__ = ["app", "main"]

app = typer.Typer(
    name="tsy",
    help="Watch the US Treasury market: yields, TIPS, breakevens and safe-haven stress.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


#: Sub-command groups contributed by other modules: (module, attribute, name, help).
SUBAPPS: tuple[tuple[str, str, str, str], ...] = (
    ("tsy.cli.calc", "app", "calc", "Treasury math: bills, notes and bonds, TIPS."),
    ("tsy.cli.study", "app", "study", "Studies: curves, inflation signal, metals."),
    ("tsy.cli.chart", "app", "chart", "Charts as PNG or SVG."),
    ("tsy.cli.db", "app", "db", "The store itself: init, status, copy, check."),
)
#: Top-level commands contributed by other modules: (module, function, name).
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("tsy.cli.monitor", "monitor_cmd", "monitor"),
    ("tsy.cli.monitor", "alerts_cmd", "alerts"),
    ("tsy.cli.auctions", "auctions_cmd", "auctions"),
    ("tsy.cli.report", "report_cmd", "report"),
    ("tsy.cli.serve", "serve_cmd", "serve"),
)
#: Commands added to a sub-command group: (module, function, group, name).
GROUP_COMMANDS: tuple[tuple[str, str, str, str], ...] = (
    ("tsy.cli.report", "chart_cmd", "chart", "report"),
)


def _version(value: bool) -> None:
    if value:
        console.print(f"tsy {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="The store: a SQLite file or postgresql://user@host:port/dbname"
            " (default: $TSY_DB, db in config.toml, or the user data dir).",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    from tsy.sources import load_user_catalog

    s = load_settings()
    use_settings(s.with_db(db) if db else s)
    if "--help" not in sys.argv[1:]:  # help stays readable while catalog.toml is being fixed
        load_user_catalog(s)  # $TSY_DATA_DIR/catalog.toml: the user's series join the catalogue


# ------------------------------------------------------------------------------------- update
@app.command()
def update(
    series: Annotated[
        list[str] | None, typer.Argument(help="Catalogue ids (default: all).")
    ] = None,
    full: Annotated[bool, typer.Option("--full", help="Fetch whole histories.")] = False,
    since: Annotated[str | None, typer.Option(help="Fetch from this date (YYYY-MM-DD).")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Fetch every catalogue series (or the named ones) from the official sources."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from tsy.indicators.load import parse_date
    from tsy.pipeline.update import run_update
    from tsy.store import open_store

    start = parse_date(since, "--since")
    s = current_settings()
    with (
        open_store(s.db) as store,
        Progress(
            TextColumn("[bold]update"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=not err_console.is_terminal,
        ) as bar,
    ):
        tid = bar.add_task("planning", total=None)
        report = run_update(
            store,
            s,
            series or None,
            full=full,
            since=start,
            on_plan=lambda tasks: bar.update(tid, total=len(tasks), description=""),
            on_done=lambda o: bar.update(tid, advance=1, description=o.name),
        )
    emit(report.frame(), fmt, title="tsy update")
    if report.failed:
        err_console.print(f"{len(report.failed)} of {len(report.outcomes)} failed")
        raise typer.Exit(1)


# ------------------------------------------------------------------------------------- import
@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of downloaded files.")],
    series: Annotated[
        str | None, typer.Option("--series", help="Read files as two-column CSV of this id.")
    ] = None,
    date_format: Annotated[
        str | None,
        typer.Option(
            "--date-format", help="iso, dmy (DD/MM/YYYY), mdy, ymd or a strftime pattern."
        ),
    ] = None,
    when_issued: Annotated[
        bool,
        typer.Option(
            "--when-issued", help="Files are when-issued yields (cusip,auction_date,wi_yield)."
        ),
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="A skipped file is an error.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no closing count.")
    ] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Import hand-downloaded files (recognised by content) into the store."""
    import pandas as pd

    from tsy.cli._progress import file_progress
    from tsy.pipeline.importer import import_paths
    from tsy.sources.files import iter_files
    from tsy.store import open_store

    if series:
        catalog.get(series)
    if date_format and not series:
        raise InputError("--date-format applies to two-column files read with --series ID")
    if date_format:
        from tsy.sources.files import check_date_format

        check_date_format(date_format)
    s = current_settings()
    total = sum(1 for _ in iter_files(paths))
    with (
        open_store(s.db) as store,
        store.writer_lock("import"),
        file_progress(err_console, total, quiet=quiet) as done,
    ):
        outcomes = import_paths(
            store,
            paths,
            series_id=series,
            date_format=date_format,
            when_issued=when_issued,
            max_bytes=s.max_file_bytes,
            on_done=done,
        )
    frame = pd.DataFrame([o.__dict__ for o in outcomes])
    if fmt is OutputFormat.table:
        frame["reason"] = ["; ".join(x for x in (o.reason, o.note) if x) for o in outcomes]
        frame = frame[["file", "format", "status", "new", "revised", "reason"]]
    emit(frame, fmt, title="tsy import", optional=["format", "revised"])
    failed = [o for o in outcomes if o.status == "failed"]
    skipped = [o for o in outcomes if o.status == "skipped"]
    imported = len(outcomes) - len(failed) - len(skipped)
    if not quiet:
        err_console.print(
            f"imported {imported}, skipped {len(skipped)}, failed {len(failed)} files"
        )
    if failed or (strict and skipped):
        raise typer.Exit(1)


# ------------------------------------------------------------------------------------- series
@app.command("series")
def series_cmd(
    ids: Annotated[list[str], typer.Argument(help="Catalogue ids, e.g. DGS10 DFII10.")],
    start: StartOpt = None,
    end: EndOpt = None,
    rows: Annotated[
        int, typer.Option("--rows", help="Table format: show the last N rows (0 = all).")
    ] = 40,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Write every row to FILE.csv, .json, .parquet or .xlsx instead."
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Print stored observations of one or more series, aligned on dates."""
    if fmt is OutputFormat.csv and out is None:  # the everyday dump: NumPy arrays, no pandas
        from tsy.cli.export import print_csv
        from tsy.indicators.load import load_arrays

        print_csv(load_arrays(ids, start=start, end=end, settings=current_settings()), sys.stdout)
        return
    import pandas as pd

    from tsy.indicators.load import load

    data = load(ids, start=start, end=end, settings=current_settings())
    frame = pd.DataFrame(data)
    frame.index.name = "date"
    if out is not None:
        from tsy.cli.export import write_frame

        write_frame(frame, out)
        err_console.print(f"wrote {len(frame)} rows of {', '.join(frame.columns)} to {out}")
        return
    if fmt is OutputFormat.table and rows and len(frame) > rows:
        err_console.print(
            f"showing the last {rows} of {len(frame)} rows (--rows 0 or --format csv for all)"
        )
        frame = frame.tail(rows)
    emit(frame, fmt, title=", ".join(frame.columns))


# ------------------------------------------------------------------------------------ catalog
@app.command("catalog")
def catalog_cmd(
    group: Annotated[
        str | None, typer.Option(help=f"One group: {', '.join(catalog.GROUPS)}.")
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", help="Only series whose id or English/Chinese title contains WORD."
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List the series tsy knows, with titles in English and Chinese.

    Add any FRED series without editing tsy: declare it in $TSY_DATA_DIR/catalog.toml,

        \\[series.BAMLH0A0HYM2]
        source = "fred"
        title_en = "ICE BofA US High Yield option-adjusted spread"
        units = "percent"
        frequency = "D"

    optional: source_key (default: the id), title_zh, group (default user), tenor (years),
    release (default same_day). Then `tsy update BAMLH0A0HYM2` fetches it and `tsy series
    BAMLH0A0HYM2` reads it. A bad entry is refused with one line naming the file and entry.
    """
    import pandas as pd

    infos = catalog.all_series(group)
    if search is not None:
        word = search.strip().casefold()
        infos = [
            i for i in infos if any(word in x.casefold() for x in (i.id, i.title_en, i.title_zh))
        ]
        if not infos:
            raise InputError(f"--search {search!r}: no catalogue id or title contains it")
    rows = [i.as_row() for i in infos]
    emit(pd.DataFrame(rows), fmt, title="tsy catalog")


# ------------------------------------------------------------------------------------- status
@app.command()
def status(as_of: AsOfOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """Per series: rows, first/last date, last fetched, fresh/stale/missing on the as-of date.

    The same rule and the same default date as the report and the dashboard
    (:func:`tsy.catalog.staleness`; default: the last DGS10 date in the store).
    """
    import pandas as pd

    from tsy.cpi_substitutes import CPI_ID, read_substitutes
    from tsy.indicators.sections import data_status
    from tsy.store import open_store

    s = require_database()
    st_frame = data_status(as_of=as_of, settings=s)
    when = pd.Timestamp(st_frame.attrs["as_of"])
    with open_store(s.db, readonly=True) as store:
        stats = {str(r["series_id"]): r for r in store.series_stats().to_dict(orient="records")}
        substitutes = {CPI_ID: read_substitutes(store)}
    rows = []
    for r in st_frame.to_dict(orient="records"):
        st = stats.get(r["series_id"])
        last = r["last_date"]
        fetched = st.get("last_fetched") if st else None
        rows.append(
            {
                "series": r["series_id"],
                "freq": r["frequency"],
                "rows": int(st["rows"]) if st else 0,
                "first_date": pd.Timestamp(st["first_date"]).date().isoformat()
                if st and pd.notna(st["first_date"])
                else "",
                "last_date": pd.Timestamp(last).date().isoformat() if pd.notna(last) else "",
                "last_fetched": str(fetched)[:19]
                if fetched is not None and pd.notna(fetched)
                else "",
                "age_days": r["age_days"],
                "status": r["status"],
                "substitutes": _substitute_note(substitutes.get(r["series_id"])),
            }
        )
    frame = pd.DataFrame(rows)
    emit(frame, fmt, title=f"tsy status — {s.db_label}",
         optional=["last_fetched", "first_date", "freq"])  # fmt: skip
    if fmt is OutputFormat.table:
        counts = frame["status"].value_counts().to_dict()
        today = pd.Timestamp(datetime.now(UTC).date())
        lag = f"; {(today - when).days} days before today" if when < today else ""
        err_console.print(
            ", ".join(f"{k}: {v}" for k, v in counts.items()) + f"  (as of {when.date()}{lag})"
        )


def _substitute_note(values: Any) -> str:
    """``2025-10 = 325.604 (substitute, 31 CFR 356 App. B I.B.4(iv))`` for each stored month."""
    if values is None or values.empty:
        return ""
    months = ", ".join(f"{d:%Y-%m} = {v:g}" for d, v in values.items())
    return f"{months} (substitute, 31 CFR 356 App. B I.B.4(iv))"


def _mount() -> None:
    groups: dict[str, typer.Typer] = {}
    for module, attr, name, help_text in SUBAPPS:
        groups[name] = getattr(importlib.import_module(module), attr)
        app.add_typer(groups[name], name=name, help=help_text)
    for module, func, name in COMMANDS:
        app.command(name)(getattr(importlib.import_module(module), func))
    for module, func, group, name in GROUP_COMMANDS:
        groups[group].command(name)(getattr(importlib.import_module(module), func))


_mount()


def _safe(text: str) -> str:
    """``text`` without any secret of the settings (API keys, the database password)."""
    from tsy.http import redact

    try:
        return redact(text, current_settings().secrets())
    except TsyError:
        return text


def main() -> None:
    """Console entry point: run the app, turning tsy errors into one line and an exit code."""
    from tsy.cli._help import plain_help

    try:
        plain_help(typer.main.get_command(app))(prog_name="tsy")
    except TsyError as exc:
        err_console.print(
            f"[red]error:[/red] {escape(printable(_safe(str(exc))))}",
            markup=True,
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug in tsy: one line, the traceback only on request
        if os.environ.get("TSY_DEBUG"):
            raise
        err_console.print(
            f"[red]internal error:[/red] {type(exc).__name__}:"
            f" {escape(printable(_safe(str(exc))))} "
            "(a bug in tsy; run again with TSY_DEBUG=1 for the traceback and please report it)",
            markup=True,
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(70)


if __name__ == "__main__":
    main()
