"""TreasuryDirect: a second source of auction records for the ``auctions`` table.

* ``TA_WS/securities/search?startDate=MM/DD/YYYY&endDate=...&dateFieldName=auctionDate&format=json``
  returns a JSON list of auctions with camelCase keys; they are mapped onto Fiscal Data's field
  names by :data:`tsy.sources._auction_fields.TD_JSON_FIELDS` (blank -> missing, dates
  ``YYYY-MM-DDT00:00:00`` -> ISO).
* The Auction Query page's ``Securities.csv`` download: headers are Fiscal Data's labels
  (``"CUSIP","Security Type",...,"Price per $100"``; more columns when the user selects them),
  dates ``MM/DD/YYYY`` (ISO in some re-saved copies), ``null`` or blank for missing. Only the
  columns present are filled; the rest are missing.

Rows carry ``source="treasurydirect"``. Note that in the CSV ``Security Type`` is TreasuryDirect's
``Bill``/``Note``/``Bond`` (a CMB is a ``Bill``), while the JSON's ``type`` matches Fiscal Data
(``CMB``, ``TIPS Note`` ...).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tsy.errors import EmptyError, SchemaError
from tsy.sources._auction_fields import FIELD_BY_LABEL, TD_JSON_FIELDS
from tsy.sources._auction_frame import auctions_frame, auctions_frame_from_rows
from tsy.sources._payload import csv_rows, load_json, require_fields
from tsy.sources.base import FileFormat, Parsed, UpdateJob

__all__ = [
    "CSV_REQUIRED",
    "FORMATS",
    "JOBS",
    "JSON_REQUIRED",
    "build_request",
    "fetch",
    "parse_securities_csv",
    "parse_securities_json",
]

SOURCE = "treasurydirect"
_PATH = "/TA_WS/securities/search"

#: camelCase keys every JSON record must carry (the rest are mapped when present).
JSON_REQUIRED: tuple[str, ...] = (
    "cusip",
    "auctionDate",
    "issueDate",
    "maturityDate",
    "type",
    "securityTerm",
    "highYield",
    "competitiveAccepted",
    "directBidderAccepted",
    "indirectBidderAccepted",
    "primaryDealerAccepted",
    "totalAccepted",
    "totalTendered",
    "bidToCoverRatio",
)

#: Columns of TreasuryDirect's default ``Securities.csv`` download (Fiscal Data labels).
CSV_REQUIRED: tuple[str, ...] = (
    "CUSIP",
    "Security Type",
    "Security Term",
    "Auction Date",
    "Issue Date",
    "Maturity Date",
)


def build_request(since: pd.Timestamp, until: pd.Timestamp) -> tuple[str, dict[str, str]]:
    """Return the path and parameters of a TreasuryDirect securities search by auction date.

    Examples
    --------
    >>> build_request(pd.Timestamp("2023-09-01"), pd.Timestamp("2023-11-16"))[1]["startDate"]
    '09/01/2023'
    """
    return _PATH, {
        "startDate": f"{pd.Timestamp(since):%m/%d/%Y}",
        "endDate": f"{pd.Timestamp(until):%m/%d/%Y}",
        "dateFieldName": "auctionDate",
        "format": "json",
    }


def parse_securities_json(payload: bytes, *, url: str | None = None) -> Parsed:
    """Parse a ``TA_WS/securities/search`` JSON list into the ``auctions`` table.

    Returns
    -------
    Parsed
        ``tables["auctions"]`` with Fiscal Data field names, ``source="treasurydirect"``.

    Raises
    ------
    SchemaError
        Not a JSON list of objects, or a record without a key of :data:`JSON_REQUIRED`.
    EmptyError
        An empty list.
    """
    expected = "a JSON list of securities"
    doc = load_json(payload, source=SOURCE, key="securities", url=url, expected=expected)
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise SchemaError(
            "JSON is not a list of objects",
            source=SOURCE,
            key="securities",
            url=url,
            expected=expected,
        )
    if not doc:
        raise EmptyError("no securities in the response", source=SOURCE, url=url)
    records: list[dict[str, Any]] = []
    for i, rec in enumerate(doc):
        require_fields(rec, JSON_REQUIRED, where=f"security {i}", source=SOURCE, url=url)
        records.append({TD_JSON_FIELDS[k]: v for k, v in rec.items() if k in TD_JSON_FIELDS})
    frame = auctions_frame(records, source=SOURCE, url=url)
    return Parsed(tables={"auctions": frame}, source=SOURCE)


def parse_securities_csv(payload: bytes) -> Parsed:
    """Parse a TreasuryDirect ``Securities.csv`` / Auction Query CSV into ``auctions``.

    Headers are matched case-insensitively to Fiscal Data's labels (:data:`LABELS`); unknown
    columns are reported in ``Parsed.note`` and dropped.

    Raises
    ------
    SchemaError
        A column of :data:`CSV_REQUIRED` is missing, or a value does not parse.

    Examples
    --------
    >>> body = (b'"CUSIP","Security Type","Security Term","Auction Date","Issue Date",'
    ...         b'"Maturity Date","Price per $100"\\n"91282CKR1","Note","3-Year","05/07/2024",'
    ...         b'"05/15/2024","05/15/2027","99.708904"\\n')
    >>> t = parse_securities_csv(body).tables["auctions"]
    >>> t.loc[0, "auction_date"], float(t.loc[0, "price_per100"])
    ('2024-05-07', 99.708904)
    """
    rows = csv_rows(payload)
    if not rows:
        raise EmptyError("empty CSV", source=SOURCE, key="Securities.csv")
    header = [h.strip() for h in rows[0]]
    lower = [h.lower() for h in header]
    missing = [c for c in CSV_REQUIRED if c.lower() not in lower]
    if missing:
        raise SchemaError(
            f"Securities.csv lacks column {missing[0]!r}",
            source=SOURCE,
            key=missing[0],
            expected=", ".join(CSV_REQUIRED),
        )
    names = [FIELD_BY_LABEL.get(h) for h in lower]
    unknown = [h for h, n in zip(header, names, strict=True) if n is None]
    if len(rows) < 2:
        raise EmptyError("no rows", source=SOURCE, key="Securities.csv")
    frame = auctions_frame_from_rows(names, rows[1:], source=SOURCE)
    note = f"columns not in Fiscal Data's schema, dropped: {', '.join(unknown)}" if unknown else ""
    return Parsed(tables={"auctions": frame}, source=SOURCE, note=note)


def fetch(client: Any, settings: Any, since: pd.Timestamp | None, as_of: pd.Timestamp) -> Parsed:
    """Fetch auctions held from ``since`` (default: 90 days before ``as_of``) to ``as_of``."""
    start = (
        pd.Timestamp(since) if since is not None else pd.Timestamp(as_of) - pd.Timedelta(90, "D")
    )
    path, params = build_request(start, pd.Timestamp(as_of))
    base = settings.base_urls["treasurydirect"].rstrip("/")
    resp = client.get(base + path, params=params, source=SOURCE, key="securities")
    return parse_securities_json(resp.content, url=str(resp.url))


def _detect_csv(head: str) -> bool:
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    cols = [c.strip().strip('"').lower() for c in first.split(",")]
    return bool(cols) and cols[0] == "cusip" and {"security type", "auction date"} <= set(cols)


def _detect_json(head: str) -> bool:
    h = head.lstrip("\ufeff \r\n\t")
    return h.startswith("[") and '"cusip"' in h and '"auctionDate"' in h


#: Hand-downloaded files this module reads.
FORMATS: list[FileFormat] = [
    FileFormat(
        name="treasurydirect-securities-json",
        description="TreasuryDirect TA_WS securities search response (JSON)",
        detect=_detect_json,
        parse=parse_securities_json,
        priority=50,
    ),
    FileFormat(
        name="treasurydirect-securities-csv",
        description="TreasuryDirect Auction Query download (Securities.csv)",
        detect=_detect_csv,
        parse=parse_securities_csv,
        priority=50,
    ),
]

#: ``tsy update`` jobs (second auction source; Fiscal Data is the first).
JOBS: list[UpdateJob] = [
    UpdateJob(name="treasurydirect:auctions", source=SOURCE, run=fetch, table="auctions"),
]
