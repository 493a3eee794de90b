"""``tsy db``: create, inspect, copy and check the store, on either engine.

``init`` applies the numbered migrations; ``status`` shows engine, schema version, size and rows
per table; ``copy SRC DST`` copies a whole store (SQLite <-> PostgreSQL), verified per table by
row count and checksum, refusing a non-empty target unless ``--replace``; ``check`` runs the
engine's integrity check and exits non-zero on a problem. Targets are printed without passwords.
"""

from __future__ import annotations

from typing import Annotated

import typer

from tsy.cli._common import FormatOpt, OutputFormat, current_settings, emit, err_console
from tsy.errors import StoreError

__all__ = ["app"]

app = typer.Typer(help="The store itself: init, status, copy, check.", no_args_is_help=True)

ReplaceOpt = Annotated[
    bool, typer.Option("--replace", help="Overwrite a target that already holds rows.")
]


@app.command("init")
def init_cmd() -> None:
    """Create the store (or bring its schema up to date) at --db / $TSY_DB."""
    from tsy.store import open_store

    s = current_settings()
    with open_store(s.db) as store:
        version = store.status()["schema_version"]
    err_console.print(f"{store.engine} store ready at {store.where} (schema version {version})")


@app.command("status")
def status_cmd(fmt: FormatOpt = OutputFormat.table) -> None:
    """Engine, schema version, size and rows per table."""
    from tsy.cli._common import require_database
    from tsy.store import open_store

    s = require_database()
    with open_store(s.db, readonly=True) as store:
        info = store.status()
    import pandas as pd

    rows = info.pop("rows")
    if fmt is OutputFormat.json:
        emit({**info, "rows": rows}, fmt)
        return
    frame = pd.DataFrame({"table": list(rows), "rows": list(rows.values())})
    emit(frame, fmt, title=f"tsy db status — {info['engine']} {info['where']}")
    if fmt is OutputFormat.table:
        err_console.print(
            f"engine {info['engine']}, schema version {info['schema_version']},"
            f" size {info['size_bytes'] / 1e6:.1f} MB"
        )


@app.command("copy")
def copy_cmd(
    src: Annotated[str, typer.Argument(help="Source store: a SQLite file or a postgresql:// URL.")],
    dst: Annotated[str, typer.Argument(help="Target store (created if needed).")],
    replace: ReplaceOpt = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Copy a whole store to another (either engine), verified by row counts and checksums."""
    import pandas as pd

    from tsy.store import open_store
    from tsy.store.copy import copy_store

    with open_store(src, readonly=True) as source, open_store(dst) as target:
        if source.where == target.where:
            raise StoreError(f"{source.where}: source and target are the same store")
        with target.writer_lock("db copy"):
            copied = copy_store(source, target, replace=replace)
    frame = pd.DataFrame(
        [{"table": c.table, "rows": c.rows, "checksum": c.checksum[:16]} for c in copied]
    )
    emit(frame, fmt, title=f"tsy db copy — {source.where} -> {target.where}")
    err_console.print(
        f"copied {sum(c.rows for c in copied)} rows in {len(copied)} tables; counts and"
        " checksums match"
    )


@app.command("check")
def check_cmd() -> None:
    """Run the engine's integrity check (SQLite integrity_check, PostgreSQL a sanity check)."""
    from tsy.cli._common import require_database
    from tsy.store import open_store

    s = require_database()
    with open_store(s.db, readonly=True) as store:
        problems = store.check()
        where = store.where
    if problems:
        for line in problems[:20]:
            err_console.print(f"[red]problem:[/red] {line}", markup=True, highlight=False)
        raise StoreError(f"{where}: integrity check found {len(problems)} problem(s)")
    err_console.print(f"{where}: integrity check ok")
