"""FRED: St. Louis Fed economic data.

Two ways in, both through :mod:`tsy.http`:

* keyless ``fredgraph.csv`` download (default): ``/graph/fredgraph.csv?id=ID&cosd=START``.
  Current layout ``observation_date,ID`` with blank for missing; legacy layout ``DATE,ID`` with
  ``.`` for missing. Both parse to the same Series.
* the JSON API (``api.stlouisfed.org/fred/series/observations``) when ``FRED_API_KEY`` is set,
  including real-time vintages.

``build_request`` and ``parse_*`` are pure; ``fetch`` joins them.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from tsy.errors import EmptyError, SchemaError

__all__ = ["parse_csv"]

_DATE_HEADERS = ("observation_date", "DATE")


def parse_csv(
    payload: bytes | str,
    expected_id: str | None = None,
    *,
    source: str = "fred",
    url: str | None = None,
) -> pd.Series:
    """Parse a FRED CSV download (either layout) into a Series.

    Parameters
    ----------
    payload : bytes or str
        The CSV body. First line ``observation_date,ID`` (blank = missing) or ``DATE,ID``
        (``.`` = missing).
    expected_id : str, optional
        Series id the caller asked for; a header naming another id raises ``SchemaError``.
    source, url : str
        Context for error messages.

    Returns
    -------
    pandas.Series
        Float values indexed by a ``DatetimeIndex`` named ``date``, ascending, named by the
        series id from the header. Missing observations are dropped (a holiday is a missing row).

    Raises
    ------
    SchemaError
        HTML instead of CSV, an unknown header, a bad date or value.
    EmptyError
        A valid header but no observations.

    Examples
    --------
    >>> s = parse_csv(b"observation_date,DGS10\\n2022-02-11,1.92\\n2022-02-14,\\n")
    >>> float(s.loc["2022-02-11"]), s.name, len(s)
    (1.92, 'DGS10', 1)
    """
    text = payload.decode("utf-8-sig", errors="replace") if isinstance(payload, bytes) else payload
    text = text.lstrip("\ufeff")
    head = text[:512].lstrip().lower()
    if head.startswith("<!doctype") or head.startswith("<html") or "<html" in head[:200]:
        raise SchemaError(
            "got an HTML page instead of CSV",
            source=source,
            key=expected_id,
            url=url,
            expected="a CSV with header 'observation_date,ID' or 'DATE,ID'",
        )
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise SchemaError(
            "empty body", source=source, key=expected_id, url=url, expected="a CSV header"
        ) from None
    if len(header) != 2 or header[0] not in _DATE_HEADERS or not header[1]:
        raise SchemaError(
            f"unknown CSV header {','.join(header)[:80]!r}",
            source=source,
            key=expected_id,
            url=url,
            expected="'observation_date,ID' or 'DATE,ID'",
        )
    series_id = header[1]
    if expected_id is not None and series_id.upper() != expected_id.upper():
        raise SchemaError(
            f"CSV is for {series_id!r}, not {expected_id!r}",
            source=source,
            key=expected_id,
            url=url,
            expected=f"header naming {expected_id}",
        )
    dates: list[str] = []
    values: list[float] = []
    for lineno, row in enumerate(reader, start=2):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != 2:
            raise SchemaError(
                f"line {lineno} has {len(row)} fields",
                source=source,
                key=series_id,
                url=url,
                expected="2 fields: date,value",
            )
        d, v = row[0].strip(), row[1].strip()
        if v in ("", "."):
            continue
        try:
            values.append(float(v))
        except ValueError:
            raise SchemaError(
                f"line {lineno}: value {v[:20]!r} is not a number",
                source=source,
                key=series_id,
                url=url,
                expected="a number, blank or '.'",
            ) from None
        dates.append(d)
    if not dates:
        raise EmptyError("no observations", source=source, key=series_id, url=url)
    try:
        idx = pd.DatetimeIndex(pd.to_datetime(dates, format="%Y-%m-%d"), name="date")
    except (ValueError, TypeError) as exc:
        raise SchemaError(
            f"bad date: {exc}", source=source, key=series_id, url=url, expected="YYYY-MM-DD"
        ) from None
    out = pd.Series(np.asarray(values, dtype=float), index=idx, name=series_id)
    if not out.index.is_monotonic_increasing:
        out = out.sort_index()
    if out.index.has_duplicates:
        raise SchemaError(
            "duplicate dates", source=source, key=series_id, url=url, expected="one row per date"
        )
    return out
