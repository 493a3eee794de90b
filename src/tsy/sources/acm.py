"""NY Fed Adrian-Crump-Moench (ACM) term-structure model: term premia and fitted yields.

Two layouts, both recognised by content by ``tsy import``:

* the monthly ``ACMTermPremium`` table (the NY Fed's ``ACM Monthly`` sheet saved as CSV: a quoted
  header ``"DATE","ACMY01",...``, dates like ``30-Jun-1961``): per maturity 1-10 years the fitted
  zero-coupon yield ``ACMYnn``, the term premium ``ACMTPnn`` and the risk-neutral yield
  ``ACMRNYnn``, percent, month-end;
* a daily table of fitted zero-coupon yields ``DATE,ACMY01,ACMY02,ACMY03,ACMY05,ACMY10`` in basis
  points (ISO dates), imported as ``ACMYnn_D`` in percent (divided by 100 in :func:`parse`).

Catalogue ids are the column names (monthly) and ``ACMYnn_D`` (daily); rows in
:mod:`tsy.catalog.rows_other`. Source: https://www.newyorkfed.org/research/data_indicators/term-premia-tabs
(free with attribution). Expected path of the 10-year = ``ACMRNY10`` (risk-neutral yield),
and ``ACMY10 = ACMRNY10 + ACMTP10``.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from tsy.errors import EmptyError, SchemaError
from tsy.sources.base import FileFormat, Parsed, UpdateJob, parse_dates

__all__ = ["FORMATS", "JOBS", "MATURITIES", "parse"]

SOURCE = "nyfed_acm"
#: Maturities (years) of the monthly table.
MATURITIES: tuple[int, ...] = tuple(range(1, 11))
_COL = re.compile(r"^ACM(Y|TP|RNY)(\d\d)$")


def _first_line(head: str) -> str:
    return head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""


def _detect(head: str) -> bool:
    return bool(re.match(r'^"?DATE"?,"?ACM(Y|TP)\d\d', _first_line(head)))


def parse(payload: bytes) -> Parsed:
    """Parse either ACM layout into catalogue series (percent).

    Raises
    ------
    SchemaError
        No ``DATE`` column, an unknown column, or a date that does not parse.
    EmptyError
        No rows.

    Examples
    --------
    >>> p = parse(b'DATE,ACMY10\\n2025-08-07,428.0\\n2025-08-08,430.0\\n')
    >>> float(p.series["ACMY10_D"].iloc[0])
    4.28
    """
    try:
        frame = pd.read_csv(io.BytesIO(payload), dtype=str)
    except (ValueError, pd.errors.ParserError) as exc:
        raise SchemaError(f"not a CSV: {exc}", source=SOURCE, expected="ACM CSV") from exc
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    if "DATE" not in frame or len(frame.columns) < 2:
        raise SchemaError("no DATE column", source=SOURCE, expected='"DATE","ACMY01",...')
    if frame.empty:
        raise EmptyError("no rows", source=SOURCE, key="ACM")
    bad = [c for c in frame.columns[1:] if not _COL.match(c)]
    if bad:
        raise SchemaError(f"unknown columns {bad[:3]}", source=SOURCE, expected="ACMYnn/ACMTPnn")
    dates, miss = parse_dates(frame["DATE"].str.strip(), ["%d-%b-%Y", "%Y-%m-%d"])
    if miss is not None:
        raise SchemaError(
            f"bad date {frame['DATE'].iloc[miss]!r} in row {miss + 2}",
            source=SOURCE,
            expected="DD-Mon-YYYY or YYYY-MM-DD",
        )
    daily = bool(dates.diff().dt.days.dropna().median() < 20) if len(dates) > 1 else False
    series: dict[str, pd.Series] = {}
    for col in frame.columns[1:]:
        v = pd.to_numeric(frame[col], errors="coerce")
        sid = f"{col}_D" if daily else col
        s = pd.Series((v / 100.0 if daily else v).to_numpy(), index=pd.DatetimeIndex(dates))
        s.index.name = "date"
        series[sid] = s.dropna().rename(sid)
    note = "ACM daily fitted yields (bp -> percent)" if daily else "ACM monthly term structure"
    return Parsed(series=series, source=SOURCE, note=note)


#: No fetcher: the NY Fed publishes the tables as a workbook; the user imports its CSV.
JOBS: list[UpdateJob] = []

FORMATS: list[FileFormat] = [
    FileFormat(
        name="nyfed-acm-csv",
        description="NY Fed ACM term premia / fitted yields (ACMTermPremium CSV, daily ACMY)",
        detect=_detect,
        parse=parse,
        priority=40,
    ),
]
