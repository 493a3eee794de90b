"""Auction records -> the ``auctions`` table frame, column by column.

The field rules (:mod:`tsy.sources._auction_fields`) apply to every cell: the source's text,
stripped; ``None`` for an absent cell, a blank or a null marker (:data:`NULLS`); a number
(:data:`~tsy.sources._auction_fields.NUMERIC_FIELDS`, thousands separators removed, read by
``pandas.to_numeric``) or an ISO date (:data:`~tsy.sources._auction_fields.DATE_FIELDS`, from
``YYYY-MM-DD`` with an optional time or ``MM/DD/YYYY``) where the field is one. An auction file
repeats few distinct texts per column (a few dozen dates, the same ``null`` thousands of times),
so each column is factorised once (``pandas.factorize``: the distinct texts in order of first
appearance and, per row, the position of its text) and the rules run on the distinct texts
only; the column is then taken from them by position. A field no record carries is a column of
missing values without any per-row work (TreasuryDirect's files carry 7 or 12 of the 115).

Errors name the first row (in file order) whose text breaks a rule: the distinct texts are in
order of first appearance, so the first bad one is the first bad row's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from tsy.errors import SchemaError
from tsy.sources._auction_fields import DATE_FIELDS, FIELDS, KEY, NUMERIC_FIELDS
from tsy.sources._payload import refuse_duplicates, require_fields

__all__ = ["NULLS", "auctions_frame", "auctions_frame_from_rows"]

#: Texts that mean "no value" (after stripping).
NULLS: frozenset[str] = frozenset({"", "null", "NULL", "None", "nan", "NaN"})
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TYPED = frozenset(NUMERIC_FIELDS) | DATE_FIELDS
_EXPECTED = "every required Fiscal Data auctions_query field"

#: One column of source cells: text, or None where the record has no such field.
Cells = Sequence[str | None]


def _iso_date(value: str) -> str:
    """Return ``YYYY-MM-DD`` from ISO (with optional time) or ``MM/DD/YYYY``; raise ValueError."""
    if _ISO.match(value):
        pd.Timestamp(value[:10])  # validates
        return value[:10]
    m = _US.match(value)
    if m:
        month, day, year = (int(g) for g in m.groups())
        return pd.Timestamp(year=year, month=month, day=day).strftime("%Y-%m-%d")
    raise ValueError(value)


def auctions_frame(
    records: Iterable[Mapping[str, object]],
    *,
    source: str,
    required: Iterable[str] = KEY,
    url: str | None = None,
) -> pd.DataFrame:
    """Convert auction records already keyed by Fiscal Data field names into the table frame.

    Parameters
    ----------
    records : iterable of mapping
        One mapping per auction, keys are Fiscal Data field names (unknown keys are dropped),
        values are the source's strings (other values are read as ``str(value)``).
    source : str
        ``"fiscaldata"`` or ``"treasurydirect"``; written to the ``source`` column and used in
        error messages.
    required : iterable of str
        Fields every record must carry (a missing one means the schema changed).
    url : str, optional
        Context for errors.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~tsy.sources._auction_fields.FIELDS` + ``source``; one row per
        ``cusip`` + ``auction_date``; numbers float (NaN when missing), dates ISO text and other
        fields stripped text (None when missing).

    Raises
    ------
    SchemaError
        A required field is absent, a number or date does not parse, a key is blank or repeated.

    Examples
    --------
    >>> rec = {"cusip": " 912797SL2 ", "auction_date": "01/05/2026", "high_yield": "3.6"}
    >>> t = auctions_frame([rec], source="fiscaldata")
    >>> t.loc[0, "cusip"], t.loc[0, "auction_date"], float(t.loc[0, "high_yield"])
    ('912797SL2', '2026-01-05', 3.6)
    """
    rows = [dict(r) for r in records]
    req = tuple(required)
    for i, r in enumerate(rows):
        if not all(f in r for f in req):
            require_fields(r, req, where=f"auction record {i}", source=source, url=url,
                           expected=_EXPECTED)  # fmt: skip
    present = set().union(*rows)
    columns: dict[str, Cells] = {
        col: [None if (v := r.get(col)) is None else v if type(v) is str else str(v) for r in rows]
        for col in FIELDS
        if col in present
    }
    return _frame(columns, len(rows), source, url)


def auctions_frame_from_rows(
    names: Sequence[str | None],
    rows: Sequence[Sequence[str]],
    *,
    source: str,
    required: Iterable[str] = KEY,
    url: str | None = None,
) -> pd.DataFrame:
    """:func:`auctions_frame` of CSV rows: record ``i`` is ``dict(zip(names, rows[i]))`` less
    the cells whose name is None, built without a mapping per row.

    Parameters
    ----------
    names : sequence of str or None
        The field name of each column of the header (None: a column to drop). A name given
        twice takes the later column's cell, as a mapping built from the row would.
    rows : sequence of sequence of str
        The data rows; a row shorter than the header lacks the fields of its missing cells, the
        cells of a longer one beyond the header are dropped.

    Examples
    --------
    >>> t = auctions_frame_from_rows(["cusip", None, "auction_date"],
    ...                              [["912797SL2", "x", "2026-01-05"]], source="fiscaldata")
    >>> t.loc[0, "cusip"], t.loc[0, "auction_date"], t.loc[0, "issue_date"] is None
    ('912797SL2', '2026-01-05', True)
    """
    width = len(names)
    positions: dict[str, list[int]] = {}
    for j, name in enumerate(names):
        if name is not None:
            positions.setdefault(name, []).append(j)
    req = tuple(required)
    # a row carries field f when it reaches f's first column
    reach = max((positions[f][0] if f in positions else width for f in req), default=-1)
    short = next((i for i, r in enumerate(rows) if len(r) <= reach), None)
    if short is not None:
        row = {n: v for n, v in zip(names, rows[short], strict=False) if n is not None}
        require_fields(row, req, where=f"auction record {short}", source=source, url=url,
                       expected=_EXPECTED)  # fmt: skip
    wanted = {f: positions[f] for f in FIELDS if f in positions}
    columns: dict[str, Cells]
    if all(len(r) >= width for r in rows):
        by_position = list(zip(*rows, strict=False)) if rows else [()] * width
        columns = {f: by_position[p[-1]] for f, p in wanted.items()}
    else:  # ragged rows: the last of a field's columns that the row reaches
        columns = {
            f: [next((r[j] for j in reversed(p) if j < len(r)), None) for r in rows]
            for f, p in wanted.items()
        }
    return _frame(columns, len(rows), source, url)


def _factorise(cells: Cells) -> tuple[np.ndarray, list[str | None]]:
    """(position of each row's text among the distinct ones, -1 for None; the distinct texts
    cleaned as :func:`_text` does, in order of first appearance). Cells are str or None."""
    codes, uniques = pd.factorize(np.asarray(cells, dtype=object))
    nulls = NULLS
    return codes, [None if (t := u.strip()) in nulls else t for u in uniques.tolist()]


def _numbers(col: str, cells: Cells, n: int, source: str, url: str | None) -> np.ndarray:
    """The float column of a numeric field (NaN where missing)."""
    if not cells:
        return np.full(n, np.nan)
    codes, texts = _factorise(cells)
    missing = bool((codes < 0).any()) or any(t is None for t in texts)
    raw = [None if t is None else t.replace(",", "") for t in texts]
    # the same distinct values (None among them when the column has one) as a whole column:
    # to_numeric's choice of int or float parsing depends only on which kinds it meets
    num = pd.to_numeric(pd.Series([*raw, *([None] if missing else [])], dtype=object),
                        errors="coerce")  # fmt: skip
    values = num.astype(float).to_numpy()[: len(texts)]
    bad = [k for k in np.flatnonzero(np.isnan(values)).tolist() if texts[k] is not None]
    if bad:
        i = int(np.flatnonzero(codes == bad[0])[0])
        raise SchemaError(
            f"auction field {col!r} row {i}: {texts[bad[0]]!r} is not a number",
            source=source,
            key=col,
            url=url,
            expected="a number or 'null'",
        )
    return np.append(values, np.nan)[codes]


def _dates(col: str, cells: Cells, n: int, source: str, url: str | None) -> list[str | None]:
    """The ISO text column of a date field (None where missing)."""
    if not cells:
        return [None] * n
    codes, texts = _factorise(cells)
    try:
        iso = _iso_dates(texts)
    except _BadDate as bad:
        i = int(np.flatnonzero(codes == bad.at)[0])
        raise SchemaError(
            f"auction field {col!r} row {i}: {texts[bad.at]!r} is not a date",
            source=source,
            key=col,
            url=url,
            expected="YYYY-MM-DD or MM/DD/YYYY",
        ) from None
    return list(np.array([*iso, None], dtype=object)[codes])


class _BadDate(ValueError):
    """The text at position ``at`` is not a date."""

    def __init__(self, at: int) -> None:
        super().__init__(at)
        self.at = at


def _iso_dates(texts: Sequence[str | None]) -> list[str | None]:
    """:func:`_iso_date` of every text (None stays None): the dates checked together by
    pandas' fixed-format parser, one by one only those it declines (the first bad one raises
    :class:`_BadDate` with its position)."""
    out: list[str | None] = [None] * len(texts)
    iso: list[int] = []
    us: list[tuple[int, int, int, int]] = []
    alone: list[int] = []  # what the parser declines or neither layout matches
    for k, text in enumerate(texts):
        if text is None:
            continue
        if _ISO.match(text):
            iso.append(k)
        elif m := _US.match(text):
            month, day, year = (int(g) for g in m.groups())
            us.append((k, month, day, year))
        else:
            alone.append(k)
    if iso:
        heads = [texts[k][:10] for k in iso]  # type: ignore[index]
        parsed = pd.to_datetime(pd.Series(heads, dtype=object), format="%Y-%m-%d", errors="coerce")
        for k, head, read in zip(iso, heads, parsed.notna().tolist(), strict=True):
            if read:
                out[k] = head
            else:
                alone.append(k)
    if us:
        given = pd.Series([texts[k] for k, *_ in us], dtype=object)
        taken = pd.to_datetime(given, format="%m/%d/%Y", errors="coerce").notna().tolist()
        for (k, month, day, year), read in zip(us, taken, strict=True):
            if read and year >= 1000:  # four digits: the text Timestamp.strftime writes
                out[k] = f"{year:04d}-{month:02d}-{day:02d}"
            else:
                alone.append(k)
    for k in sorted(alone):  # in order: the first that fails is the first bad text
        try:
            out[k] = _iso_date(texts[k])  # type: ignore[arg-type]
        except ValueError:
            raise _BadDate(k) from None
    return out


def _texts(cells: Cells) -> np.ndarray:
    """The object column of a text field (None where missing)."""
    codes, texts = _factorise(cells)
    return np.array([*texts, None], dtype=object)[codes]


def _frame(columns: Mapping[str, Cells], n: int, source: str, url: str | None) -> pd.DataFrame:
    """The table frame of ``n`` records given the cells of the fields they carry."""
    empty = np.full(n, None, dtype=object)
    typed = _TYPED
    frame = pd.DataFrame(
        {c: _texts(columns[c]) if c in columns and n and c not in typed else empty for c in FIELDS},
        dtype=object,
    )
    for col in NUMERIC_FIELDS:
        frame[col] = _numbers(col, columns.get(col, ()), n, source, url)
    for col in DATE_FIELDS:
        frame[col] = _dates(col, columns.get(col, ()), n, source, url)
    for k in KEY:
        if frame[k].isna().any():
            raise SchemaError(
                f"auction record with blank {k!r}",
                source=source,
                key=k,
                url=url,
                expected="cusip and auction_date on every row",
            )
    refuse_duplicates(
        frame,
        list(KEY),
        lambda d: f"auction {d['cusip']} {d['auction_date']} appears twice",
        source=source,
        url=url,
        expected="one row per cusip + auction_date",
    )
    frame["source"] = source
    return frame.reset_index(drop=True)
