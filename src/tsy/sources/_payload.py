"""Decoding steps shared by the provider parsers: JSON bodies, CSV rows, required fields.

Each helper turns a malformed payload into a :class:`~tsy.errors.SchemaError` naming the
source, the key and what was expected, so every parser reports the same way.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

from tsy.errors import SchemaError

__all__ = ["csv_rows", "load_json", "require_fields"]


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


def csv_rows(payload: bytes) -> list[list[str]]:
    """Split a CSV body (UTF-8, optional BOM) into rows, leaving out blank lines.

    Examples
    --------
    >>> csv_rows(b'a,b\\n\\n1,"2,5"\\n,\\n')
    [['a', 'b'], ['1', '2,5']]
    """
    text = payload.decode("utf-8-sig", errors="replace")
    return [r for r in csv.reader(io.StringIO(text)) if r and any(c.strip() for c in r)]
