"""Decoding steps shared by the provider parsers: JSON bodies, CSV rows, required fields.

Each helper turns a malformed payload into a :class:`~tsy.errors.SchemaError` naming the
source, the key and what was expected, so every parser reports the same way.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from tsy.errors import SchemaError
from tsy.sources.base import NUMBER

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["csv_rows", "load_json", "plain_date_values", "require_fields"]


def load_json(payload: bytes, *, source: str, key: str, url: str | None, expected: str) -> Any:
    """Decode a JSON body (UTF-8, optional BOM).

    Raises
    ------
    SchemaError
        The body is not JSON (an HTML error page, a truncated download); ``expected`` says what
        the source should have sent.

    Examples
    --------
    >>> load_json(b'\\xef\\xbb\\xbf [1, 2]', source="x", key="k", url=None, expected="a list")
    [1, 2]
    """
    text = payload.decode("utf-8-sig", errors="replace").lstrip()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        kind = "HTML/XML" if text[:1] == "<" else "invalid JSON"
        raise SchemaError(
            f"not JSON ({kind}: {exc.msg} at char {exc.pos})",
            source=source,
            key=key,
            url=url,
            expected=expected,
        ) from None


def require_fields(
    record: object,
    fields: Iterable[str],
    *,
    where: str,
    source: str,
    url: str | None = None,
    expected: str = "",
) -> None:
    """Raise ``SchemaError`` (``key`` = the field) unless ``record`` is a mapping with ``fields``.

    Parameters
    ----------
    record : object
        One decoded record.
    fields : iterable of str
        Names it must carry.
    where : str
        The record's place in the payload, e.g. ``"refRates[2]"``, for the message.
    source, url : str
        Error context.
    expected : str, optional
        What the source should send; default ``"field '<name>'"``.
    """
    for f in fields:
        if not isinstance(record, Mapping) or f not in record:
            raise SchemaError(
                f"{where} has no field {f!r}",
                source=source,
                key=f,
                url=url,
                expected=expected or f"field {f!r}",
            )


def refuse_duplicates(
    frame: pd.DataFrame,
    cols: list[str],
    describe: Callable[[pd.Series], str],
    *,
    source: str,
    url: str | None,
    expected: str,
) -> None:
    """Raise ``SchemaError`` (``key`` = the columns joined by ``+``) at the first row whose
    ``cols`` repeat an earlier row's.

    Parameters
    ----------
    frame : pandas.DataFrame
        Parsed records.
    cols : list of str
        The columns that together identify a record.
    describe : callable
        Turns the first repeated row into the message, e.g. ``"auction X on D appears twice"``.
    source, url, expected : str
        Error context.
    """
    dup = frame.duplicated(cols).to_numpy(dtype=bool)
    if dup.any():
        raise SchemaError(
            describe(frame.loc[dup].iloc[0]),
            source=source,
            key="+".join(cols),
            url=url,
            expected=expected,
        )


def csv_rows(payload: bytes) -> list[list[str]]:
    """Split a CSV body (UTF-8, optional BOM) into rows, leaving out blank lines.

    Examples
    --------
    >>> csv_rows(b'a,b\\n\\n1,"2,5"\\n,\\n')
    [['a', 'b'], ['1', '2,5']]
    """
    text = payload.decode("utf-8-sig", errors="replace")
    return [r for r in csv.reader(io.StringIO(text)) if r and any(c.strip() for c in r)]


#: ASCII white space but the line feed: what ``str.strip`` would take off a cell.
_SPACE = b" \t\r\x0b\x0c\x1c\x1d\x1e\x1f"
#: The characters of a plain number without exponent (:data:`tsy.sources.base.NUMBER`).
_DECIMAL = b"0123456789+-.\n"
_NUMBERS = re.compile(rf"(?:(?:{NUMBER.pattern})\n)*(?:{NUMBER.pattern})", re.ASCII)


def plain_date_values(text: str) -> tuple[list[str], list[float], list[int]] | None:
    """(dates, values, line numbers) of the observations of a ``date,value`` CSV (a header,
    then one observation a line; blank or ``.`` values left out), as reading it row by row
    with ``csv`` gives them (cells stripped, values by
    :func:`~tsy.sources.base.parse_number`), found in a few C calls when the text is plain;
    None when it is not (the caller then reads it row by row, naming the first bad line).

    Plain: ASCII without quotes or NUL, lines ending in ``\\n`` or ``\\r\\n``, and every line
    after the header one ``date,value`` pair without white space, the value blank, ``.`` or a
    finite plain number (:data:`tsy.sources.base.NUMBER`). Then ``csv`` reads each line as its
    two cells, ``str.strip`` leaves them as they are and ``parse_number`` is ``float``.

    Examples
    --------
    >>> plain_date_values("DATE,DGS10\\r\\n2022-02-11,1.92\\r\\n2022-02-14,.\\r\\n")
    (['2022-02-11'], [1.92], [2])
    >>> plain_date_values("DATE,DGS10\\n2022-02-11, 1.92\\n") is None  # white space: row by row
    True
    """
    if '"' in text or "\x00" in text or text.count("\r") != text.count("\r\n"):
        return None
    body = text.partition("\n")[2].replace("\r\n", "\n")
    if not body.isascii():
        return None
    body = body.removesuffix("\n")
    if not body:
        return [], [], []
    raw = body.encode("ascii")
    if len(raw.translate(None, _SPACE)) != len(raw):
        return None
    marks = np.frombuffer(raw, dtype=np.uint8)
    commas = np.flatnonzero(marks == ord(","))
    breaks = np.flatnonzero(marks == ord("\n"))
    if len(commas) != len(breaks) + 1 or not (
        (commas[:-1] < breaks).all() and (breaks < commas[1:]).all()
    ):
        return None  # not one comma on every line (a blank line, a third field)
    cells = body.replace("\n", ",").split(",")
    given = np.array(cells[1::2], dtype=object)
    kept = np.flatnonzero((given != "") & (given != "."))
    numbers: list[str] = given[kept].tolist()
    joined = "\n".join(numbers).encode("ascii")
    if joined.translate(None, _DECIMAL) and not _NUMBERS.fullmatch(joined.decode("ascii")):
        return None  # letters (inf, nan), underscores or an exponent NUMBER refuses
    try:
        values = list(map(float, numbers))
    except ValueError:
        return None
    if not np.isfinite(values).all():
        return None
    dates: list[str] = np.array(cells[0::2], dtype=object)[kept].tolist()
    return dates, values, (kept + 2).tolist()
