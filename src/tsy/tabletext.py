"""Listings as people read them: human headers with units, fixed decimals, folded when narrow.

Column names carry their unit (``yield_pct``, ``chg_1w_bp``, ``amount_usd_bn``; see DESIGN.md);
:func:`tsy.units.kind_of` maps a name to what it holds, and with it the header's unit and the
table's decimals (the table of kinds is in :mod:`tsy.units`, which also rounds csv and json).

Thousands separators everywhere, never scientific notation, blanks for missing values (never
``NaN``/``NaT``), ``yes``/``no`` for flags. Every cell is plain text, never rich markup
(``auctions [secondary] 91282CRF0`` prints as written). A table wider than the console is
printed as one block of ``header  value`` lines per row instead ("records"), so no number is
ever split across lines.

This module imports neither pandas nor numpy: values arrive as plain Python values.

Examples
--------
>>> header("chg_1w_bp")
'Change 1w (bp)'
>>> format_column("level_pct", [4.1699999, None])
['4.17', '']
>>> csv_value("chg_1m_bp", 4.999999999999982)
5.0
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from tsy.units import KINDS, OTHER, Kind, kind_of, round_value

__all__ = [
    "KINDS",
    "OTHER",
    "Kind",
    "csv_value",
    "format_column",
    "header",
    "kind_of",
    "print_listing",
]

#: Words of column names spelled out in headers.
WORDS: dict[str, str] = {
    "chg": "change",
    "ret": "return",
    "spx": "S&P 500",
    "tsy": "Treasury",
    "usd": "USD",
    "id": "",
    "btc": "bid/cover",
    "lev": "leveraged",
    "wk": "week",
    "eq": "equivalent",
    "corr": "corr.",
    "n": "n",
    "be": "breakeven",
    "fwd": "forward",
    "pct": "pctile",
    "recent": "10y",
    "fred": "FRED",
    "cpi": "CPI",
    "tips": "TIPS",
}
#: Headers that the rules above would spell badly.
HEADERS: dict[str, str] = {
    "percentile": "Pctile",
    "pct": "Pctile",
    "pct_all": "Pctile all",
    "pct_recent": "Pctile 10y",
    "series_id": "Series",
    "btc": "Bid/cover",
}
#: Text cells wider than this (with spaces) wrap inside their column instead of widening it.
PROSE_WIDTH = 24
#: Narrowest a shortened column (``shorten=``) may become before the table folds instead.
MIN_SHORT = 20
_SERIES = re.compile(r"^(dgs|dfii|t\d+yie)\w*$")
_NO_SEPARATORS = re.compile(r"year|cusip|(^|_)id$|horizon|^n$")


def header(name: str) -> str:
    """Human header of a column: words spelled out, unit in brackets (``dgs10_chg_bp`` ->
    ``DGS10 change (bp)``)."""
    if name in HEADERS:
        return HEADERS[name]
    kind = kind_of(name)
    base = re.sub(kind.strip, "", name) if kind.strip else name
    words = [WORDS.get(w, w.upper() if _SERIES.match(w) else w) for w in base.split("_") if w]
    text = " ".join(w for w in words if w) or name
    text = text[0].upper() + text[1:]
    return f"{text} ({kind.unit})" if kind.unit else text


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _by_size(value: float) -> int:
    size = abs(value)
    return 0 if size >= 1000 else 1 if size >= 100 else 2


def format_column(name: str, values: Sequence[Any]) -> list[str]:
    """Cells of one column as text: fixed decimals by the column's kind, thousands separators,
    blanks for missing values, ``yes``/``no`` for flags."""
    kind = kind_of(name)
    places = kind.places
    if places is not None and kind.name == "bp":
        whole = all(
            round(v, places) == round(v) for v in values if _is_number(v) and math.isfinite(v)
        )
        places = 0 if whole else places
    sep = "" if _NO_SEPARATORS.search(name) else ","
    return [_cell(v, places, sep) for v in values]


def _cell(value: Any, places: int | None, sep: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return format(value, f"{sep}d")
    if isinstance(value, float):
        if not math.isfinite(value):
            return "" if math.isnan(value) else str(value)
        p = _by_size(value) if places is None else places
        text = format(value, f"{sep}.{p}f")
        return text[1:] if re.fullmatch(r"-[0.,]+", text) else text  # no "-0.00"
    text = str(value)
    return "" if text in {"NaT", "nan", "NaN", "None", "<NA>"} else text


def csv_value(name: str, value: Any) -> Any:
    """A float rounded for csv (:func:`tsy.units.round_value`: the same as json)."""
    return round_value(name, value)


def print_listing(
    console: Any,
    records: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    title: str | None = None,
    fixed: str | None = None,
    optional: Sequence[str] = (),
    shorten: str | None = None,
) -> None:
    """Print records as a table, or as one block per record when the table would not fit.

    Before folding, a column blank in every record is left out, then the ``optional``
    columns, in their order, until the table fits the console (``tsy status`` at 80 columns
    drops "Last fetched" rather than printing nine lines per series), and then the cells of
    the ``shorten`` column longer than the room left are cut in the middle with an ellipsis
    (``tsy import`` at 80 columns: ``treasury/au…21_2024-2026_EXCERPT.csv``, one line per
    file instead of a block of five), when that leaves it at least :data:`MIN_SHORT` wide.

    Parameters
    ----------
    console : rich.console.Console
    records : sequence of mappings
        Plain Python values (str, int, float, bool, None), ISO strings for dates.
    columns : sequence of str
        Column names, in order.
    title : str, optional
        Printed above, as plain text.
    fixed : str, optional
        A format spec (e.g. ``".6f"``) for numbers of no known kind (``tsy calc``).
    optional : sequence of str
        Columns that may be left out, first first, to make the table fit.
    shorten : str, optional
        A column whose long cells may be cut in the middle to make the table fit (a file
        path: its start and its end, the file's own name, stay).
    """
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    cells = {c: _column_text(c, [r.get(c) for r in records], fixed) for c in columns}
    if records:
        columns = [c for c in columns if any(v.strip() for v in cells[c])] or list(columns)
    columns = _fit(console, cells, list(columns), [c for c in optional if c in cells], shorten)
    if shorten in columns and _width(cells, columns) > console.width:
        room = console.width - _width(cells, [c for c in columns if c != shorten]) - 2
        if room >= MIN_SHORT:
            cells = {**cells, shorten: [middle_cut(v, room) for v in cells[shorten]]}
    heads = {c: header(c) for c in columns}
    numeric = {c: any(_is_number(r.get(c)) for r in records) for c in columns}
    need = {}  # each column's narrowest width: whole cells, headers broken only between words
    natural = {}  # its width with the header on one line
    prose = {}
    for c in columns:
        longest = max((cell_len(v) for v in cells[c]), default=0)
        word = max((cell_len(w) for w in heads[c].split()), default=0)
        prose[c] = longest > PROSE_WIDTH and any(" " in v for v in cells[c])
        need[c] = max(word, min(longest, PROSE_WIDTH) if prose[c] else longest)
        natural[c] = max(cell_len(heads[c]), longest)
    gaps = 2 * (len(columns) - 1)
    widths = natural if sum(natural.values()) + gaps <= console.width else need
    if title:
        console.print(Text(title, style="bold"))
    # SIMPLE_HEAD without edges: two spaces between columns, a rule under the header.
    if sum(need.values()) + gaps <= console.width or not records:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 0, 0, 1))
        for c in columns:
            table.add_column(
                Text(heads[c], overflow="fold"),
                justify="right" if numeric[c] else "left",
                min_width=need[c],
                width=None if prose[c] else widths[c],
            )
        for i in range(len(records)):
            table.add_row(*(Text(cells[c][i], no_wrap=not prose[c]) for c in columns))
        console.print(table)
        return
    for i in range(len(records)):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(overflow="fold")
        for c in columns:
            if cells[c][i]:
                grid.add_row(Text(heads[c]), Text(cells[c][i]))
        console.print(Text("-" * min(40, console.width)))
        console.print(grid)


def middle_cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells by an ellipsis in its middle (a third of the
    room for its start, the rest for its end); shorter text is returned as it is.

    Examples
    --------
    >>> middle_cut("treasury/auctions/coupon_auction_metrics_2024-2026_EXCERPT.csv", 30)
    'treasury/…024-2026_EXCERPT.csv'
    """
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    room = width - 1
    head, tail = room // 3, room - room // 3
    start, end = text[:head], text[len(text) - tail :]
    while cell_len(start) > head:  # wide (CJK) characters take two cells
        start = start[:-1]
    while cell_len(end) > tail:
        end = end[1:]
    return f"{start}…{end}"


def _width(cells: Mapping[str, list[str]], cols: list[str], shrink: str | None = None) -> int:
    """Width of the narrowest table of ``cols``: whole cells, headers broken between words, the
    ``shrink`` column counted at most :data:`MIN_SHORT` wide (it may be cut to that)."""
    from rich.cells import cell_len

    w = 0
    for c in cols:
        longest = max((cell_len(v) for v in cells[c]), default=0)
        if c == shrink:
            longest = min(longest, MIN_SHORT)
        word = max((cell_len(x) for x in header(c).split()), default=0)
        prose = longest > PROSE_WIDTH and any(" " in v for v in cells[c])
        w += max(word, min(longest, PROSE_WIDTH) if prose else longest)
    return w + 2 * (len(cols) - 1)


def _fit(console: Any, cells: Mapping[str, list[str]], columns: list[str],
         optional: list[str], shrink: str | None = None) -> list[str]:  # fmt: skip
    """Leave out optional columns (in order) while the narrowest table is wider than the console.

    When even without them the table would not fit, with its ``shrink`` column cut to
    :data:`MIN_SHORT` (it folds into blocks), keep every column.
    """
    kept = list(columns)
    for c in optional:
        if _width(cells, kept) <= console.width:
            break
        if c in kept and len(kept) > 1:
            kept = [x for x in kept if x != c]
    # folding into blocks has room for every column: leave nothing out then
    return kept if _width(cells, kept, shrink) <= console.width else columns


def _column_text(name: str, values: list[Any], fixed: str | None) -> list[str]:
    if fixed and kind_of(name) is OTHER:
        return [format(v, fixed) if isinstance(v, float) else _cell(v, 0, ",") for v in values]
    return format_column(name, values)
