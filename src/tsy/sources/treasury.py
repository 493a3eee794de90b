"""US Treasury daily par yield curves: nominal (``BC_*``) and real (``TC_*``).

Published by the Office of Debt Management at
https://home.treasury.gov/resource-center/data-chart-center/interest-rates (percent, par
yields read from the indicative bid-side market curve at about 3:30 pm; no observation on
holidays). Stored as catalogue series ``UST_PAR_<tenor>`` and ``UST_REAL_<tenor>`` so the curve
is complete even on days FRED's ``DGS*``/``DFII*`` copies lag.

Two ways in:

* the XML feed (Atom 1.0 with OData properties), one calendar year per request:
  ``/resource-center/data-chart-center/interest-rates/pages/xml?data=daily_treasury_yield_curve
  &field_tdr_date_value=2024`` (``daily_treasury_real_yield_curve`` for TIPS). Each
  ``<entry>/<content>/<m:properties>`` holds ``<d:NEW_DATE>`` and one element per tenor; a value
  marked ``m:null="true"`` or an absent element is missing. Parsed with ``defusedxml``.
* the CSV downloads: ``Date,"1 Mo",...,"30 Yr"`` (real: ``Date,"5 YR",...,"30 YR"``), dates
  MM/DD/YYYY, newest first; the yearly archive files use lower-case headers (``1 mo``) and leave
  a tenor blank where it was not published. The 1.5-month point (``1.5 Mo``/``BC_1_5MONTH``)
  exists from 2025.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from tsy.errors import EmptyError, SchemaError
from tsy.sources._payload import csv_rows
from tsy.sources.base import FileFormat, Parsed, UpdateJob, parse_dates

__all__ = [
    "FEEDS",
    "FORMATS",
    "JOBS",
    "NOMINAL_TENORS",
    "REAL_TENORS",
    "build_request",
    "fetch_nominal",
    "fetch_real",
    "parse_csv",
    "parse_xml",
]

SOURCE = "treasury"
_XML_PATH = "/resource-center/data-chart-center/interest-rates/pages/xml"

#: Nominal par curve: XML field -> (catalogue id, CSV label in lower case, tenor in years).
NOMINAL_TENORS: dict[str, tuple[str, str, float]] = {
    "BC_1MONTH": ("UST_PAR_1M", "1 mo", 1 / 12),
    "BC_1_5MONTH": ("UST_PAR_1_5M", "1.5 mo", 1.5 / 12),
    "BC_2MONTH": ("UST_PAR_2M", "2 mo", 2 / 12),
    "BC_3MONTH": ("UST_PAR_3M", "3 mo", 0.25),
    "BC_4MONTH": ("UST_PAR_4M", "4 mo", 4 / 12),
    "BC_6MONTH": ("UST_PAR_6M", "6 mo", 0.5),
    "BC_1YEAR": ("UST_PAR_1Y", "1 yr", 1.0),
    "BC_2YEAR": ("UST_PAR_2Y", "2 yr", 2.0),
    "BC_3YEAR": ("UST_PAR_3Y", "3 yr", 3.0),
    "BC_5YEAR": ("UST_PAR_5Y", "5 yr", 5.0),
    "BC_7YEAR": ("UST_PAR_7Y", "7 yr", 7.0),
    "BC_10YEAR": ("UST_PAR_10Y", "10 yr", 10.0),
    "BC_20YEAR": ("UST_PAR_20Y", "20 yr", 20.0),
    "BC_30YEAR": ("UST_PAR_30Y", "30 yr", 30.0),
}

#: Real (TIPS) par curve: XML field -> (catalogue id, CSV label in lower case, tenor in years).
REAL_TENORS: dict[str, tuple[str, str, float]] = {
    "TC_5YEAR": ("UST_REAL_5Y", "5 yr", 5.0),
    "TC_7YEAR": ("UST_REAL_7Y", "7 yr", 7.0),
    "TC_10YEAR": ("UST_REAL_10Y", "10 yr", 10.0),
    "TC_20YEAR": ("UST_REAL_20Y", "20 yr", 20.0),
    "TC_30YEAR": ("UST_REAL_30Y", "30 yr", 30.0),
}

#: Curve name -> (feed ``data`` parameter, tenor table).
FEEDS: dict[str, tuple[str, dict[str, tuple[str, str, float]]]] = {
    "nominal": ("daily_treasury_yield_curve", NOMINAL_TENORS),
    "real": ("daily_treasury_real_yield_curve", REAL_TENORS),
}

_MISSING = frozenset({"", "n/a", "na", "null", "."})
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y")


def build_request(curve: str, year: int) -> tuple[str, dict[str, str]]:
    """Return the path and parameters of the XML feed for one curve and calendar year.

    Examples
    --------
    >>> build_request("real", 2024)
    ('/resource-center/data-chart-center/interest-rates/pages/xml', \
{'data': 'daily_treasury_real_yield_curve', 'field_tdr_date_value': '2024'})
    """
    if curve not in FEEDS:
        raise ValueError(f"unknown curve {curve!r}; known: {sorted(FEEDS)}")
    return _XML_PATH, {"data": FEEDS[curve][0], "field_tdr_date_value": str(int(year))}


def _frame_to_parsed(frame: pd.DataFrame, table: dict[str, tuple[str, str, float]]) -> Parsed:
    """Columns named by XML field -> Parsed with one Series per catalogue id (NaN rows dropped)."""
    out: dict[str, pd.Series] = {}
    for field, (sid, _, _) in table.items():
        if field not in frame:
            continue
        s = frame[field].astype(float).dropna().sort_index()
        if not s.empty:
            s.name = sid
            s.index.name = "date"
            out[sid] = s
    return Parsed(series=out, source=SOURCE)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_xml(payload: bytes, *, url: str | None = None) -> Parsed:
    """Parse one page of the Treasury interest-rate XML feed (nominal or real par curve).

    Parameters
    ----------
    payload : bytes
        Atom feed; ``<entry><content><m:properties>`` with ``d:NEW_DATE`` and ``d:BC_*`` (nominal)
        or ``d:TC_*`` (real) elements, percent.
    url : str, optional
        Context for errors.

    Returns
    -------
    Parsed
        ``UST_PAR_*`` or ``UST_REAL_*`` series (percent). ``m:null="true"``, empty and absent
        elements are missing (no row).

    Raises
    ------
    SchemaError
        Not XML (an HTML error page), an entry without ``NEW_DATE``, no known tenor field, a value
        that is not a number.
    EmptyError
        A well-formed feed without entries (e.g. a year not yet published).
    """
    try:
        root = ElementTree.fromstring(payload)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise SchemaError(
            f"not a well-formed XML feed ({exc})",
            source=SOURCE,
            key="xml",
            url=url,
            expected="an Atom feed of OData entries",
        ) from None
    if _local(root.tag) != "feed":
        raise SchemaError(
            f"root element is <{_local(root.tag)}>",
            source=SOURCE,
            key="xml",
            url=url,
            expected="an Atom <feed>",
        )
    rows: dict[pd.Timestamp, dict[str, float]] = {}
    fields_seen: set[str] = set()
    for entry in (e for e in root if _local(e.tag) == "entry"):
        props = next((p for p in entry.iter() if _local(p.tag) == "properties"), None)
        if props is None:
            raise SchemaError(
                "entry without m:properties",
                source=SOURCE,
                key="properties",
                url=url,
                expected="<content><m:properties> in every entry",
            )
        values: dict[str, str | None] = {}
        for el in props:
            is_null = any(_local(k) == "null" and v == "true" for k, v in el.attrib.items())
            values[_local(el.tag)] = None if is_null else (el.text or "").strip()
        date = values.get("NEW_DATE")
        if not date:
            raise SchemaError(
                "entry without NEW_DATE",
                source=SOURCE,
                key="NEW_DATE",
                url=url,
                expected="<d:NEW_DATE> in every entry",
            )
        try:
            day = pd.Timestamp(date[:10])
        except ValueError:
            raise SchemaError(
                f"NEW_DATE {date!r} is not a date",
                source=SOURCE,
                key="NEW_DATE",
                url=url,
                expected="YYYY-MM-DDT00:00:00",
            ) from None
        row: dict[str, float] = {}
        for field, raw in values.items():
            if not (field.startswith("BC_") or field.startswith("TC_")):
                continue
            fields_seen.add(field)
            if raw is None or raw.lower() in _MISSING:
                row[field] = np.nan
                continue
            try:
                row[field] = float(raw)
            except ValueError:
                raise SchemaError(
                    f"{field}={raw!r} on {day.date()} is not a number",
                    source=SOURCE,
                    key=field,
                    url=url,
                    expected="a yield in percent",
                ) from None
        rows[day] = row
    if not rows:
        raise EmptyError("feed has no entries", source=SOURCE, key="xml", url=url)
    table = REAL_TENORS if any(f in REAL_TENORS for f in fields_seen) else NOMINAL_TENORS
    if not fields_seen & set(table):
        raise SchemaError(
            "no known tenor field in the feed",
            source=SOURCE,
            key="BC_10YEAR",
            url=url,
            expected=f"fields such as {', '.join(list(table)[:3])}",
        )
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index = pd.DatetimeIndex(frame.index, name="date")
    return _frame_to_parsed(frame, table)


def _csv_kind(labels: list[str]) -> dict[str, tuple[str, str, float]] | None:
    """Tenor table for a CSV header (lower-case labels after ``Date``), or None if unknown."""
    known_nominal = {lab for _, lab, _ in NOMINAL_TENORS.values()}
    if labels and set(labels) <= known_nominal and any(lab.endswith("mo") for lab in labels):
        return NOMINAL_TENORS
    if labels and set(labels) <= {lab for _, lab, _ in REAL_TENORS.values()}:
        return REAL_TENORS
    return None


def _norm(label: str) -> str:
    return re.sub(r"\s+", " ", label.strip().strip('"').lower())


def parse_csv(payload: bytes) -> Parsed:
    """Parse a Treasury par-curve CSV download (official, archive or re-saved).

    Headers ``Date,"1 Mo",...`` or ``date,1 mo,...`` (nominal) or ``Date,"5 YR",...`` (real);
    dates MM/DD/YYYY (or ISO in re-saved copies), any row order; blank or ``N/A`` is missing.

    Returns
    -------
    Parsed
        ``UST_PAR_*`` or ``UST_REAL_*`` series, percent.

    Raises
    ------
    SchemaError
        An unknown column, a bad date or value, a repeated date.

    Examples
    --------
    >>> p = parse_csv(b'Date,"1 Mo","10 Yr"\\n09/01/2023,5.51,4.18\\n08/31/2023,5.52,\\n')
    >>> float(p.series["UST_PAR_10Y"].loc["2023-09-01"]), len(p.series["UST_PAR_10Y"])
    (4.18, 1)
    """
    rows = csv_rows(payload)
    if not rows:
        raise EmptyError("empty CSV", source=SOURCE, key="csv")
    header = [_norm(h) for h in rows[0]]
    if header[0] != "date":
        raise SchemaError(
            f"first column is {rows[0][0]!r}",
            source=SOURCE,
            key="Date",
            expected="'Date' then tenor columns such as '1 Mo', '10 Yr'",
        )
    table = _csv_kind(header[1:])
    if table is None:
        known = {lab for _, lab, _ in NOMINAL_TENORS.values()}
        odd = [h for h in header[1:] if h not in known] or header[1:2]
        raise SchemaError(
            f"unknown par-curve column {odd[0]!r}" if odd else "no tenor columns",
            source=SOURCE,
            key=odd[0] if odd else "tenor",
            expected="tenor columns such as '1 Mo', '1.5 Mo', '10 Yr' (nominal) or '5 YR' (real)",
        )
    by_label = {lab: field for field, (_, lab, _) in table.items()}
    fields = [by_label[h] for h in header[1:]]
    body = [r + [""] * (len(header) - len(r)) for r in rows[1:]]
    dates = pd.Series([r[0].strip() for r in body])
    parsed, i = parse_dates(dates, _DATE_FORMATS)
    if i is not None:
        raise SchemaError(
            f"line {i + 2}: date {dates.iloc[i]!r}",
            source=SOURCE,
            key="Date",
            expected="MM/DD/YYYY or YYYY-MM-DD",
        )
    raw = pd.DataFrame([r[1 : len(header)] for r in body], columns=fields)
    raw = raw.apply(lambda c: c.str.strip())
    blank = raw.apply(lambda c: c.str.lower().isin(_MISSING))
    values = raw.mask(blank).apply(pd.to_numeric, errors="coerce")
    bad = values.isna() & ~blank
    if bad.to_numpy().any():
        i, j = (int(x[0]) for x in np.nonzero(bad.to_numpy()))
        raise SchemaError(
            f"line {i + 2}: {raw.iat[i, j]!r} in {fields[j]} is not a number",
            source=SOURCE,
            key=fields[j],
            expected="a yield in percent or blank",
        )
    values.index = pd.DatetimeIndex(parsed, name="date")
    if values.index.has_duplicates:
        d = values.index[values.index.duplicated()][0]
        raise SchemaError(
            f"date {d.date()} appears twice", source=SOURCE, key="Date", expected="one row per day"
        )
    return _frame_to_parsed(values, table)


def _fetch_curve(
    curve: str, client: Any, settings: Any, since: pd.Timestamp | None, as_of: pd.Timestamp
) -> Parsed:
    """Fetch the XML feed year by year from ``since`` (default 1990) to ``as_of``."""
    first = pd.Timestamp(since).year if since is not None else 1990
    base = settings.base_urls["treasury"].rstrip("/")
    out = Parsed(source=SOURCE)
    for year in range(first, pd.Timestamp(as_of).year + 1):
        path, params = build_request(curve, year)
        resp = client.get(base + path, params=params, source=SOURCE, key=f"{curve}:{year}")
        try:
            batch = parse_xml(resp.content, url=str(resp.url))
        except EmptyError:
            continue  # a year without data (e.g. the real curve before 2003)
        for sid, s in batch.series.items():
            prev = out.series.get(sid)
            out.series[sid] = s if prev is None else pd.concat([prev, s]).sort_index()
    if since is not None:
        out.series = {k: v[v.index >= pd.Timestamp(since)] for k, v in out.series.items()}
    if not out.series:
        raise EmptyError(f"no {curve} par-curve data", source=SOURCE, key=curve)
    return out


def fetch_nominal(
    client: Any, settings: Any, since: pd.Timestamp | None, as_of: pd.Timestamp
) -> Parsed:
    """Fetch the nominal par curve (``UST_PAR_*``) since ``since``."""
    return _fetch_curve("nominal", client, settings, since, as_of)


def fetch_real(
    client: Any, settings: Any, since: pd.Timestamp | None, as_of: pd.Timestamp
) -> Parsed:
    """Fetch the real par curve (``UST_REAL_*``, published from 2003) since ``since``."""
    start = pd.Timestamp("2003-01-01") if since is None else pd.Timestamp(since)
    return _fetch_curve("real", client, settings, start, as_of)


def _detect_csv(head: str) -> bool:
    first = head.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    cols = [_norm(c) for c in first.split(",")]
    return len(cols) >= 3 and cols[0] == "date" and _csv_kind(cols[1:]) is not None


def _detect_xml(head: str) -> bool:
    h = head.lstrip("\ufeff \r\n\t")
    return h.startswith("<") and "<feed" in h and ("NEW_DATE" in h) and ("BC_" in h or "TC_" in h)


#: Hand-downloaded files this module reads.
FORMATS: list[FileFormat] = [
    FileFormat(
        name="treasury-par-curve-csv",
        description="Treasury daily par yield curve CSV (nominal or real; download or archive)",
        detect=_detect_csv,
        parse=parse_csv,
        priority=50,
    ),
    FileFormat(
        name="treasury-par-curve-xml",
        description="Treasury interest-rate XML feed (daily par nominal or real yield curve)",
        detect=_detect_xml,
        parse=parse_xml,
        priority=50,
    ),
]

#: ``tsy update`` jobs.
JOBS: list[UpdateJob] = [
    UpdateJob(
        name="treasury:par",
        source=SOURCE,
        run=fetch_nominal,
        series_ids=tuple(sid for sid, _, _ in NOMINAL_TENORS.values()),
    ),
    UpdateJob(
        name="treasury:real",
        source=SOURCE,
        run=fetch_real,
        series_ids=tuple(sid for sid, _, _ in REAL_TENORS.values()),
    ),
]
