"""Shared CLI plumbing: the ``--format`` option and one way to print a listing.

Every command that prints a listing takes ``--format table|csv|json`` and prints through
:func:`emit`, so the formats mean the same everywhere: ``csv`` is a header row then one row per
date or item with ISO dates; ``json`` is a list of records (or an object for a single result).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from tsy.config import Settings, load_settings
from tsy.errors import InputError
from tsy.tabletext import csv_value, format_column, header, print_listing

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AsOfOpt",
    "EndOpt",
    "FormatOpt",
    "StartOpt",
    "OutputFormat",
    "console",
    "current_settings",
    "emit",
    "err_console",
    "require_database",
    "to_jsonable",
    "use_settings",
]

# Piped output is not squeezed into 80 columns: tables keep their shape in files and pipes,
# unless COLUMNS says how wide the reader is.
console = Console(width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 200)
err_console = Console(stderr=True)


_SETTINGS: dict[str, Settings] = {}


def use_settings(settings: Settings) -> None:
    """Set the settings of this invocation (the root callback does, with ``--db`` applied)."""
    _SETTINGS["current"] = settings


def current_settings() -> Settings:
    """The settings of this invocation (default: :func:`tsy.config.load_settings`)."""
    if "current" not in _SETTINGS:
        _SETTINGS["current"] = load_settings()
    return _SETTINGS["current"]


def require_database(settings: Settings | None = None) -> Settings:
    """Return the settings, or raise ``InputError`` saying how to create the missing database."""
    settings = settings or current_settings()
    from tsy.store import store_exists

    if not store_exists(settings.db):
        raise InputError(
            f"no tsy database at {settings.db_label}: run `tsy update` (download) or "
            f"`tsy import DIR` first"
        )
    return settings


class OutputFormat(StrEnum):
    """Output formats of every listing command."""

    table = "table"
    csv = "csv"
    json = "json"


AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Point in time (YYYY-MM-DD): only data released by then (default: last DGS10 date).",
    ),
]
StartOpt = Annotated[str | None, typer.Option("--start", help="First date (YYYY-MM-DD).")]
EndOpt = Annotated[str | None, typer.Option("--end", help="Last date (YYYY-MM-DD).")]
FormatOpt = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format: table, csv or json.", case_sensitive=False),
]


def to_jsonable(value: Any, key: str | None = None, *, rounded: bool = True) -> Any:
    """Plain JSON values (NaN -> null, dates ISO, floats rounded to the precision ``key`` or the
    enclosing keys name): :func:`tsy.analytics._result.jsonable`."""
    from tsy.analytics._result import jsonable  # lazily: `tsy --help` loads no pandas

    return jsonable(value, key, rounded=rounded)


def _iso(value: Any) -> Any:
    from tsy.analytics._result import iso

    return iso(value)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    from tsy.analytics._result import records

    return records(frame)


def emit(
    data: pd.DataFrame | Sequence[Mapping[str, Any]] | Mapping[str, Any],
    fmt: OutputFormat | str = OutputFormat.table,
    *,
    title: str | None = None,
    floatfmt: str | None = None,
    optional: Sequence[str] = (),
    shorten: str | None = None,
) -> None:
    """Print a listing in the chosen format.

    Parameters
    ----------
    data : DataFrame, list of dicts, or dict
        A frame (its index is printed as the first column unless it is a RangeIndex), a list of
        records, or a single record (printed as a two-column field/value table).
    fmt : {"table", "csv", "json"}
    title : str, optional
        Table title (table format only).
    floatfmt : str, optional
        Format spec for numbers of no known unit in the table format (``tsy calc`` shows
        prices to 6 decimals); by default :mod:`tsy.tabletext` decides from the column name.
        Csv and json floats are rounded to the precision their column or key names
        (:func:`tsy.units.round_value`), the same in both.
    optional : sequence of str
        Table format: columns that may be left out (in order) so the table fits the terminal
        instead of folding into one block per row; csv and json always carry every column.
    shorten : str, optional
        Table format: a column whose long cells may be cut in the middle to fit (a file path);
        csv and json carry them whole.
    """
    import pandas as pd

    fmt = OutputFormat(fmt)
    if isinstance(data, Mapping):
        if fmt is OutputFormat.json:
            sys.stdout.write(json.dumps(to_jsonable(data), indent=2, ensure_ascii=False) + "\n")
            return
        if fmt is OutputFormat.table:
            fields = [
                {"field": header(str(k)), "value": _field_text(str(k), v, floatfmt)}
                for k, v in data.items()
            ]
            print_listing(console, fields, ["field", "value"], title=title)
            return
        values = [_csv_cell(to_jsonable(v, str(k))) for k, v in data.items()]
        data = pd.DataFrame({"field": list(data.keys()), "value": values})
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))
    if fmt is OutputFormat.json:
        payload = to_jsonable(frame)
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    if fmt is OutputFormat.csv:
        out = frame if isinstance(frame.index, pd.RangeIndex) else frame.reset_index()
        out = out.copy()
        for col in out.columns:
            if pd.api.types.is_datetime64_any_dtype(out[col]):
                out[col] = out[col].dt.strftime("%Y-%m-%d")
            elif pd.api.types.is_float_dtype(out[col]) or out[col].dtype == object:
                out[col] = out[col].map(lambda v, c=str(col): csv_value(c, v))
        out.to_csv(sys.stdout, index=False, lineterminator="\n")
        return
    records = _records(frame)
    columns = [str(c) for c in (records[0].keys() if records else _columns(frame))]
    plain = [{c: to_jsonable(r.get(c), rounded=False) for c in columns} for r in records]
    print_listing(
        console, plain, columns, title=title, fixed=floatfmt, optional=optional, shorten=shorten
    )


def _csv_cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def _field_text(name: str, value: Any, floatfmt: str | None) -> str:
    value = to_jsonable(value, rounded=False)
    if isinstance(value, float) and floatfmt:
        return format(value, floatfmt)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return format_column(name, [value])[0]


def _columns(frame: pd.DataFrame) -> list[str]:
    import pandas as pd

    if isinstance(frame.index, pd.RangeIndex):
        return [str(c) for c in frame.columns]
    return [str(n or "index") for n in frame.index.names] + [str(c) for c in frame.columns]
