"""Generic keyed tables of the store (auctions, positions, ...), declared as a registry.

A source with a hundred fields needs no schema code: :data:`TABLES` names each table, its
natural key and its date column; the table is created on first write and any column of a frame
that the table lacks is added then (``REAL`` for numeric columns, ``TEXT`` otherwise, and
``DATE_TEXT`` -- TEXT affinity holding ISO ``YYYY-MM-DD`` -- for dates, which read back as
``datetime64``). Two bookkeeping columns are kept per row: ``_first_seen`` and ``_last_seen``
(when the current version of the row was first seen).

Identifiers cannot be bound as SQL parameters, so every table and column name is checked against
``[A-Za-z_][A-Za-z0-9_]*`` before it is quoted into SQL; every value is a bound parameter.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from tsy.errors import InputError, StoreError
from tsy.store import _memo
from tsy.store._common import WriteResult, date_key, is_missing, same_value
from tsy.store._engine import DATE_TEXT, REAL, TEXT, Tx

__all__ = ["TABLES", "TableSpec"]


@dataclass(frozen=True)
class TableSpec:
    """How a generic table is keyed.

    Attributes
    ----------
    key : tuple of str
        Columns that identify a row (the primary key); never null.
    date_column : str or None
        The column ``since``/``until`` filter on and :meth:`Store.table_last_date` reads;
        normalised to ISO ``YYYY-MM-DD`` on write.
    """

    key: tuple[str, ...]
    date_column: str | None = None


#: Every generic table of the store. Adding a table is one row here.
TABLES: dict[str, TableSpec] = {
    "auctions": TableSpec(key=("cusip", "auction_date"), date_column="auction_date"),
    "upcoming_auctions": TableSpec(key=("cusip", "auction_date"), date_column="auction_date"),
    "auctions_secondary": TableSpec(key=("cusip", "auction_date"), date_column="auction_date"),
    "positions": TableSpec(key=("report_date", "contract_code"), date_column="report_date"),
    "foreign_holders": TableSpec(key=("country", "date"), date_column="date"),
    "when_issued": TableSpec(key=("cusip", "auction_date"), date_column="auction_date"),
    # Treasury's index numbers for CPI months not reported in time (tsy.cpi_substitutes)
    "cpi_substitutes": TableSpec(key=("series_id", "date"), date_column="date"),
}

FIRST_SEEN, LAST_SEEN = "_first_seen", "_last_seen"
_RESERVED = {FIRST_SEEN, LAST_SEEN}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DATE, _REAL, _TEXT = DATE_TEXT, REAL, TEXT
#: Python types of cells that bind to a TEXT or date column as they are (see :func:`_cells`).
_TEXT_CELLS = frozenset({str, type(None)})


@dataclass(frozen=True)
class Prepared:
    """A validated frame: columns, proposed SQL type per column, and the frame itself."""

    frame: pd.DataFrame
    kinds: dict[str, str]

    @property
    def empty(self) -> bool:
        return self.frame.empty


def spec_of(name: str, where: str) -> TableSpec:
    """Return the registered spec of ``name`` or raise StoreError listing the known tables."""
    spec = TABLES.get(name)
    if spec is None:
        raise StoreError(f"{where}: unknown table {name!r}; known tables: {sorted(TABLES)}")
    return spec


def _ident(name: object, what: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise StoreError(f"{what}: column name {name!r} is not a plain identifier [A-Za-z0-9_]")
    return f'"{name}"'


def prepare(name: str, spec: TableSpec, frame: pd.DataFrame, where: str) -> Prepared:
    """Validate a frame for ``name``: names, key presence, non-null unique keys, ISO dates.

    Raises
    ------
    StoreError
        Naming the table, the column and the first bad row (its index label).
    """
    import pandas as pd

    head = f"{where}: table {name}"
    if not isinstance(frame, pd.DataFrame):
        raise StoreError(f"{head}: expected a pandas DataFrame, got {type(frame).__name__}")
    if frame.columns.has_duplicates:
        dup = frame.columns[frame.columns.duplicated()][0]
        raise StoreError(f"{head}: column {dup!r} appears twice")
    for col in frame.columns:
        _ident(col, head)
        if col in _RESERVED:
            raise StoreError(f"{head}: column {col!r} is reserved for the store's bookkeeping")
    for col in spec.key:
        if col not in frame.columns:
            raise StoreError(
                f"{head}: key column {col!r} is missing; the key is {list(spec.key)},"
                f" got columns {list(frame.columns)[:12]}"
            )
    frame = frame.copy()
    for col in spec.key:
        missing = _missing(frame[col])
        if missing.any():
            raise StoreError(
                f"{head}: key column {col!r} is null in row {frame.index[missing][0]!r}"
            )
    if spec.date_column is not None and spec.date_column in frame.columns:
        frame[spec.date_column] = _iso_dates(frame[spec.date_column], f"{head}, {spec.date_column}")
    keys = frame[list(spec.key)].astype(str)
    dups = keys.duplicated().to_numpy(dtype=bool)
    if dups.any():
        first = frame.index[dups][0]
        raise StoreError(
            f"{head}: duplicate key {dict(keys.loc[first])} in row {first!r}; one row per key"
        )
    kinds: dict[str, str] = {}
    for col in frame.columns:
        dtype = frame[col].dtype
        if col == spec.date_column or pd.api.types.is_datetime64_any_dtype(dtype):
            kinds[col] = _DATE
        elif col not in spec.key and pd.api.types.is_numeric_dtype(dtype):
            kinds[col] = _REAL
        else:
            kinds[col] = _TEXT
    return Prepared(frame, kinds)


def _iso_dates(column: pd.Series, what: str) -> pd.Series:
    """Each non-null value as ``YYYY-MM-DD``; StoreError naming the first unparsable row."""
    import pandas as pd

    out: list[str | None] = []
    done: dict[str, str] = {}  # each distinct text read once (date_key is a pure function)
    for label, value in zip(column.index, column.tolist(), strict=True):
        if type(value) is str and value in done:
            out.append(done[value])
            continue
        if is_missing(value):
            out.append(None)
            continue
        try:
            key = date_key(value, what=what)
        except InputError as exc:
            raise StoreError(f"{what}: row {label!r}: {value!r} is not a date") from exc
        if type(value) is str:
            done[value] = key
        out.append(key)
    return pd.Series(out, index=column.index, dtype=object)


def _missing(column: pd.Series) -> np.ndarray:
    """:func:`is_missing` of every value (a column of text alone has none, seen at once)."""
    values = column.tolist()
    if set(map(type, values)) <= {str}:
        return np.zeros(len(values), dtype=bool)
    return np.fromiter(map(is_missing, values), dtype=bool, count=len(values))


def _cell(value: Any, kind: str) -> Any:
    """Python value to bind for a column of SQL type ``kind`` (None for missing)."""
    import pandas as pd

    if is_missing(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (pd.Timestamp, datetime, date)):
        ts = pd.Timestamp(value)
        return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.isoformat()
    if kind == _REAL:
        try:
            return float(value)
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return value if isinstance(value, str) else str(value)


def _cells(column: pd.Series, kind: str) -> list[Any]:
    """:func:`_cell` of every value of ``column`` (as iterating it gives them), with the common
    cases done inline as :func:`_cell` does them: None and a float NaN bind as NULL, a Python
    float in a REAL column and a str in a TEXT or date column as themselves."""
    import pandas as pd

    if isinstance(column.dtype, pd.StringDtype):  # str or missing: no element-wise iteration
        column = pd.Series(column.astype(object).where(column.notna(), None), dtype=object)
    if kind == _REAL and column.dtype == np.float64:  # Python floats, NaN -> None, in bulk
        floats = column.to_numpy()
        cells = floats.astype(object)
        cells[np.isnan(floats)] = None
        return list(cells.tolist())
    values = column.tolist()  # what iterating the column gives
    if kind != _REAL and set(map(type, values)) <= _TEXT_CELLS:  # each cell binds as itself
        return values
    if kind == _REAL:
        return [(v if v == v else None) if type(v) is float else _cell(v, kind) for v in values]
    return [v if type(v) is str else None if v is None else _cell(v, kind) for v in values]


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is None and new is None
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return same_value(float(old), float(new))
    return bool(old == new)


def check_name(name: object, where: str) -> str:
    """Return ``name`` when it is a plain identifier, else raise StoreError."""
    _ident(name, where)
    return str(name)


def _create(tx: Tx, name: str, spec: TableSpec, kinds: Mapping[str, str]) -> None:
    keys = ", ".join(f"{_ident(k, name)} {tx.column_type(kinds[k])} NOT NULL" for k in spec.key)
    tx.execute(
        f'CREATE TABLE "{name}" ({keys}, {FIRST_SEEN} TEXT, {LAST_SEEN} TEXT,'
        f" PRIMARY KEY ({', '.join(_ident(k, name) for k in spec.key)}))"
    )


def ensure_columns(tx: Tx, name: str, kinds: Mapping[str, str], where: str) -> dict[str, str]:
    """Create table ``name`` (a registered generic table) and any column it lacks.

    Returns the table's columns -> kinds afterwards. A core table must already exist.
    """
    existing = tx.columns(name)
    if not existing:
        spec = spec_of(name, where)
        _create(tx, name, spec, kinds)
        existing = tx.columns(name)
    for col, kind in kinds.items():
        if col not in existing:
            tx.execute(
                f'ALTER TABLE "{name}" ADD COLUMN {_ident(col, name)} {tx.column_type(kind)}'
            )
            existing[col] = kind
    return existing


def upsert(
    tx: Tx,
    name: str,
    spec: TableSpec,
    prepared: Prepared,
    seen: str,
    where: str,
    fill_only: bool = False,
) -> WriteResult:
    """Create the table/columns as needed, diff on the key and write new and changed rows.

    Runs inside the caller's write transaction (DDL included, so a failure undoes it too).
    With ``fill_only`` (a secondary source), rows already stored are never overwritten: only
    their empty (NULL) columns are filled; such completions count as revised and keep the old
    row in ``table_revisions`` like any change.
    """
    table = f'"{name}"'
    existing = dict(tx.columns(name))
    if not existing:
        _create(tx, name, spec, prepared.kinds)
        existing = tx.columns(name)
    for col, kind in prepared.kinds.items():
        if col not in existing:
            tx.execute(f"ALTER TABLE {table} ADD COLUMN {_ident(col, name)} {tx.column_type(kind)}")
            existing[col] = kind
    frame = prepared.frame
    cols = list(frame.columns)
    kinds = [existing[c] for c in cols]
    cells = [_cells(frame[c], k) for c, k in zip(cols, kinds, strict=True)]
    rows = list(zip(*cells, strict=True))
    key_of = _key_getter([cols.index(k) for k in spec.key])
    all_cols = list(existing)
    n = len(cols)
    # columns where the frame holds a value: the only ones a fill can come from, and the only
    # ones a new row needs to name (a column left out of an INSERT is NULL)
    live = [j for j, col in enumerate(cells) if col.count(None) < len(col)]
    if fill_only:  # the key and the columns a fill can come from
        read = list(dict.fromkeys([*spec.key, *(cols[j] for j in live)]))
    else:  # the frame's columns first, in its order (rec[:n] lines up with a row), then the rest
        framed = set(cols)
        read = [*cols, *(c for c in all_cols if c not in framed)]
    at = {c: i for i, c in enumerate(read)}
    back = [at[c] for c in all_cols] if not fill_only else []  # a stored row, table's order
    fillable = [(j, at[cols[j]]) for j in live]
    sql = f"SELECT {', '.join(_ident(c, name) for c in read)} FROM {table}"
    params: list[Any] = []
    if spec.date_column in spec.key:
        pos = cols.index(spec.date_column)
        days = [r[pos] for r in rows]
        sql += f' WHERE "{spec.date_column}" BETWEEN ? AND ?'
        params = [min(days), max(days)]
    stored_key = _key_getter([at[k] for k in spec.key])
    stored = {stored_key(rec): rec for rec in tx.execute(sql, params)}
    match = " AND ".join(f"{_ident(k, name)} = ?" for k in spec.key)
    new, updates, revisions = [], [], []
    unchanged = filled = 0
    for row in rows:
        key = key_of(row)
        rec = stored.get(key)
        if rec is None:
            new.append(row)
            continue
        if fill_only:
            fills = [(cols[j], row[j]) for j, i in fillable if rec[i] is None]
            fills = [(c, v) for c, v in fills if v is not None]
            if not fills:
                unchanged += 1
                continue
            whole = tx.execute(f"SELECT * FROM {table} WHERE {match}", key).fetchone()
            old = dict(zip(all_cols, whole, strict=True))  # before the fill
            sets = ", ".join(f"{_ident(c, name)} = ?" for c, _ in fills)
            tx.execute(
                f"UPDATE {table} SET {sets}, {LAST_SEEN} = ? WHERE {match}",
                (*(v for _, v in fills), seen, *key),
            )
            filled += 1
        elif rec[:n] == row or all(_same(o, v) for o, v in zip(rec[:n], row, strict=True)):
            unchanged += 1  # (equal cells are the same value: what _same decides, at once)
            continue
        else:
            updates.append((*row, seen, *key))
            old = dict(zip(all_cols, (rec[i] for i in back), strict=True))  # the table's order
        key_json = json.dumps(dict(zip(spec.key, key, strict=True)))
        revisions.append((name, key_json, json.dumps(old), seen))
    quoted = [_ident(c, name) for c in cols]
    if new:
        pick = _key_getter(live)  # the columns holding a value; the others are left NULL
        tx.insert(
            table,
            [*(quoted[j] for j in live), FIRST_SEEN, LAST_SEEN],
            [(*pick(row), seen, seen) for row in new],
        )
    if updates:
        sets = ", ".join(f"{q} = ?" for q in quoted)
        tx.executemany(f"UPDATE {table} SET {sets}, {LAST_SEEN} = ? WHERE {match}", updates)
    if revisions:
        tx.executemany(
            "INSERT INTO table_revisions (table_name, key, old_row, revised_at)"
            " VALUES (?, ?, ?, ?)",
            revisions,
        )
    return WriteResult(len(new), len(updates) + filled, unchanged)


def _key_getter(positions: Sequence[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """The tuple of a row's cells at ``positions`` (its key, or the cells to insert)."""
    if len(positions) == 1:
        (only,) = positions
        return lambda row: (row[only],)
    return operator.itemgetter(*positions)


def _bind(value: object) -> object:
    import pandas as pd

    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return _cell(value, _TEXT)
    return value


def read(
    tx: Tx,
    name: str,
    spec: TableSpec,
    where: Mapping[str, object] | None,
    since: object,
    until: object,
    path: str,
    only: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Select rows of a table (see :meth:`tsy.store.Store.read_table`); ``only``: just these
    columns (and the key and date columns) of those it has."""
    import pandas as pd

    head = f"{path}: table {name}"
    columns = tx.columns(name)
    if not columns:
        empty = {k: pd.Series(dtype=object) for k in spec.key}
        if spec.date_column:
            empty[spec.date_column] = pd.Series(dtype="datetime64[ns]")
        return pd.DataFrame(empty)
    clauses: list[str] = []
    params: list[Any] = []
    for col, value in (where or {}).items():
        if col not in columns:
            raise StoreError(f"{head}: unknown column {col!r} in where; columns: {list(columns)}")
        if is_missing(value):
            clauses.append(f'"{col}" IS NULL')
        else:
            clauses.append(f'"{col}" = ?')
            params.append(_bind(value))
    bounds: dict[str, str | None] = {">=": None, "<=": None}
    for bound, op in ((since, ">="), (until, "<=")):
        if bound is None:
            continue
        if spec.date_column is None:
            raise StoreError(f"{head}: has no date column to filter since/until on")
        bounds[op] = date_key(bound, what="since" if op == ">=" else "until")
    order = [spec.date_column] if spec.date_column else []
    order += [k for k in spec.key if k not in order]
    if only is None:
        sql = f'SELECT * FROM "{name}"'
    else:
        keep = {*only, *spec.key, *([spec.date_column] if spec.date_column else [])}
        columns = {c: k for c, k in columns.items() if c in keep}
        sql = f'SELECT {", ".join(_ident(c, name) for c in columns)} FROM "{name}"'
    tail = " ORDER BY " + ", ".join(f'"{c}"' for c in order)
    if _memo.enabled() and not clauses:  # the whole table once, then cut in memory
        at = list(columns).index(spec.date_column) if spec.date_column else None
        rows = _memo.rows(
            tx, path, ("table", name, tuple(columns)), bounds[">="], bounds["<="], at,
            lambda: tx.execute(sql + tail).fetchall(),
        )  # fmt: skip
    else:
        for op, key in bounds.items():
            if key is not None:
                clauses.append(f'"{spec.date_column}" {op} ?')
                params.append(key)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        rows = tx.execute(sql + tail, params).fetchall()
    frame = pd.DataFrame(rows, columns=list(columns))
    frame = frame.drop(columns=[c for c in (FIRST_SEEN, LAST_SEEN) if c in frame.columns])
    for col, kind in columns.items():
        if col not in frame.columns:
            continue
        if kind == _DATE:
            frame[col] = pd.to_datetime(frame[col], format="ISO8601")
        elif kind == _REAL and _all_numbers(frame[col]):
            frame[col] = frame[col].astype(float)
    return frame


#: ``pandas.api.types.infer_dtype`` kinds of a column holding only ints, floats and None.
_NUMBER_KINDS = frozenset({"integer", "floating", "mixed-integer-float", "empty"})


def _all_numbers(column: pd.Series) -> bool:
    """True when every cell is None, an int or a float (inferred in C, not cell by cell)."""
    import pandas as pd

    return pd.api.types.infer_dtype(column, skipna=True) in _NUMBER_KINDS


def last_date(tx: Tx, name: str, spec: TableSpec, path: str) -> pd.Timestamp | None:
    """Latest value of the table's date column (None when the table is empty or absent)."""
    import pandas as pd

    if spec.date_column is None:
        raise StoreError(f"{path}: table {name} has no date column")
    if not tx.columns(name):
        return None
    row = tx.execute(f'SELECT max("{spec.date_column}") FROM "{name}"').fetchone()
    return pd.Timestamp(row[0]) if row and row[0] else None


def revisions(tx: Tx, name: str | None) -> pd.DataFrame:
    """``table_revisions`` rows (optionally of one table) with the JSON decoded."""
    import pandas as pd

    sql = "SELECT table_name, key, old_row, revised_at FROM table_revisions"
    params: list[Any] = []
    if name is not None:
        sql += " WHERE table_name = ?"
        params.append(name)
    rows = tx.execute(sql + " ORDER BY id", params).fetchall()
    frame = pd.DataFrame(rows, columns=["table_name", "key", "old_row", "revised_at"])
    frame["key"] = [json.loads(v) for v in frame["key"]]
    frame["old_row"] = [json.loads(v) for v in frame["old_row"]]
    frame["revised_at"] = pd.to_datetime(frame["revised_at"], utc=True, format="ISO8601")
    return frame
