"""Treasury Fiscal Data: auctions, upcoming auctions and the daily Treasury General Account.

API base ``https://api.fiscaldata.treasury.gov/services/api/fiscal_service`` (no key), documented
at https://fiscaldata.treasury.gov/api-documentation/. Every value arrives as a string; a
missing value is the string ``"null"``. Pages hold at most 10,000 rows (``page[size]``), and
``meta["total-pages"]`` says how many there are.

Datasets
--------
* ``v1/accounting/od/auctions_query`` -> table ``auctions`` (every field, Fiscal Data's names,
  see :mod:`tsy.sources._auction_fields`), key ``cusip`` + ``auction_date``. Announced but not
  yet held auctions have null results (NaN).
* ``v1/accounting/od/upcoming_auctions`` -> table ``upcoming_auctions`` (record_date,
  security_type, security_term, reopening, cusip, offering_amt [USD], announcemt_date,
  auction_date, issue_date), key ``cusip`` + ``auction_date`` (rows whose CUSIP is not yet
  announced are left out).
* ``v1/accounting/dts/operating_cash_balance`` (Daily Treasury Statement, table I) -> series
  ``TGA_DAILY``: the Treasury General Account closing balance in **USD millions** (the DTS unit,
  the same unit as FRED's weekly ``WTREGEN``). The row and field holding it changed twice:
  ``Federal Reserve Account``/``close_today_bal`` until 2021-09-30, ``Treasury General Account
  (TGA)``/``close_today_bal`` until 2022-04-15, then ``Treasury General Account (TGA) Closing
  Balance``/``open_today_bal`` (its ``close_today_bal`` is ``"null"``).

The same auction data downloaded by hand (the API's JSON, or a CSV export with field names or
Fiscal Data's labels as headers) is recognised by :data:`FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from tsy.errors import EmptyError, SchemaError
from tsy.sources import _auction_derived
from tsy.sources._auction_fields import FIELD_BY_LABEL, FIELDS
from tsy.sources._auction_frame import auctions_frame, auctions_frame_from_rows
from tsy.sources._payload import csv_rows, load_json, require_fields
from tsy.sources.base import FileFormat, Parsed, UpdateJob

__all__ = [
    "AUCTION_REQUIRED",
    "DATASETS",
    "FORMATS",
    "JOBS",
    "PAGE_SIZE",
    "TGA_ACCOUNTS",
    "build_request",
    "fetch_auctions",
    "fetch_tga",
    "fetch_upcoming",
    "parse_auctions_csv",
    "parse_auctions_json",
    "parse_tga_json",
    "parse_upcoming_json",
]

SOURCE = "fiscaldata"
PAGE_SIZE = 10_000
_API = "/services/api/fiscal_service/"

#: Dataset name -> (endpoint path under the API root, date field used for ``since`` and sort).
DATASETS: dict[str, tuple[str, str]] = {
    "auctions_query": ("v1/accounting/od/auctions_query", "auction_date"),
    "upcoming_auctions": ("v1/accounting/od/upcoming_auctions", "auction_date"),
    "operating_cash_balance": ("v1/accounting/dts/operating_cash_balance", "record_date"),
}

#: Fields every ``auctions_query`` record must carry: all of them except
#: ``pdf_filenm_spec_announcemt``, which exports made before 2024 lack.
AUCTION_REQUIRED: tuple[str, ...] = tuple(f for f in FIELDS if f != "pdf_filenm_spec_announcemt")

#: DTS ``account_type`` -> field holding the TGA closing balance (USD millions) on that row.
TGA_ACCOUNTS: dict[str, str] = {
    "Federal Reserve Account": "close_today_bal",
    "Treasury General Account (TGA)": "close_today_bal",
    "Treasury General Account (TGA) Closing Balance": "open_today_bal",
}

_UPCOMING_FIELDS = (
    "record_date",
    "security_type",
    "security_term",
    "reopening",
    "cusip",
    "offering_amt",
    "announcemt_date",
    "auction_date",
    "issue_date",
)
_NULL = frozenset({"", "null"})


def build_request(
    dataset: str,
    since: pd.Timestamp | None = None,
    page: int = 1,
    until: pd.Timestamp | None = None,
) -> tuple[str, dict[str, str]]:
    """Return the URL path and query parameters for one page of a Fiscal Data dataset.

    Parameters
    ----------
    dataset : str
        A key of :data:`DATASETS`.
    since, until : pandas.Timestamp, optional
        Inclusive bounds on the dataset's date field (``auction_date`` or ``record_date``).
    page : int
        1-based page number; pages hold :data:`PAGE_SIZE` rows.

    Returns
    -------
    (str, dict)
        Path relative to the ``fiscaldata`` base URL, and the query parameters.

    Examples
    --------
    >>> path, params = build_request("auctions_query", pd.Timestamp("2026-01-01"))
    >>> path, params["filter"], params["page[size]"]
    ('/services/api/fiscal_service/v1/accounting/od/auctions_query', \
'auction_date:gte:2026-01-01', '10000')
    """
    if dataset not in DATASETS:
        raise ValueError(f"unknown Fiscal Data dataset {dataset!r}; known: {sorted(DATASETS)}")
    if page < 1:
        raise ValueError("page numbers start at 1")
    endpoint, date_field = DATASETS[dataset]
    params = {"sort": date_field, "page[size]": str(PAGE_SIZE), "page[number]": str(page)}
    filters = []
    if since is not None:
        filters.append(f"{date_field}:gte:{pd.Timestamp(since):%Y-%m-%d}")
    if until is not None:
        filters.append(f"{date_field}:lte:{pd.Timestamp(until):%Y-%m-%d}")
    if filters:
        params["filter"] = ",".join(filters)
    return _API + endpoint, params


def _load_json(payload: bytes, dataset: str, url: str | None) -> tuple[list[dict[str, Any]], dict]:
    """Decode a Fiscal Data JSON body into (records, meta); SchemaError on any other shape."""
    shape = "a JSON object with a 'data' list of records and 'meta'"
    doc = load_json(payload, source=SOURCE, key=dataset, url=url, expected=shape)
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise SchemaError(
            "JSON has no 'data' list", source=SOURCE, key=dataset, url=url, expected=shape
        )
    data: list[dict[str, Any]] = doc["data"]
    for i, rec in enumerate(data):
        if not isinstance(rec, dict):
            raise SchemaError(
                f"data[{i}] is not an object", source=SOURCE, key=dataset, url=url, expected=shape
            )
    meta: dict[str, Any] = doc["meta"] if isinstance(doc.get("meta"), dict) else {}
    return data, meta


def parse_auctions_json(payload: bytes, *, url: str | None = None) -> Parsed:
    """Parse an ``auctions_query`` JSON page into the ``auctions`` table.

    Parameters
    ----------
    payload : bytes
        The API body: ``{"data": [...], "meta": {...}, "links": {...}}``.
    url : str, optional
        Context for errors.

    Returns
    -------
    Parsed
        ``tables["auctions"]``: Fiscal Data fields (dates ISO, numbers float, ``"null"`` ->
        None/NaN) + ``source="fiscaldata"``.

    Raises
    ------
    SchemaError
        Not JSON, no ``data`` list, a record missing a field of :data:`AUCTION_REQUIRED`.
    """
    return _auctions(_load_json(payload, "auctions_query", url)[0], url)


def _auctions(records: list[dict[str, Any]], url: str | None) -> Parsed:
    frame = auctions_frame(records, source=SOURCE, required=AUCTION_REQUIRED, url=url)
    return Parsed(tables={"auctions": frame}, source=SOURCE)


def parse_auctions_csv(payload: bytes) -> Parsed:
    """Parse a Fiscal Data ``auctions_query`` CSV export into the ``auctions`` table.

    The header holds either the API field names (``record_date,cusip,...``) or Fiscal Data's
    labels (``Record Date,CUSIP,...``); ``null`` or blank is missing. A leading unnamed index
    column (a pandas re-save) is ignored.

    Raises
    ------
    SchemaError
        A field of :data:`AUCTION_REQUIRED` is missing, or a value does not parse.

    Examples
    --------
    >>> hdr = ",".join(AUCTION_REQUIRED)
    >>> row = ",".join("912797SL2" if f == "cusip" else "2026-01-05" if f == "auction_date"
    ...                else "null" for f in AUCTION_REQUIRED)
    >>> t = parse_auctions_csv(f"{hdr}\\n{row}\\n".encode()).tables["auctions"]
    >>> t.loc[0, "cusip"], t.loc[0, "auction_date"], bool(np.isnan(t.loc[0, "high_yield"]))
    ('912797SL2', '2026-01-05', True)
    """
    rows = csv_rows(payload)
    if not rows:
        raise SchemaError("empty CSV", source=SOURCE, expected="a header row")
    names = [FIELD_BY_LABEL.get(h.strip().lower(), h.strip()) for h in rows[0]]
    missing = [f for f in AUCTION_REQUIRED if f not in names]
    if missing:
        raise SchemaError(
            f"auctions CSV lacks column {missing[0]!r} ({len(missing)} missing)",
            source=SOURCE,
            key=missing[0],
            expected="every auctions_query field (names or labels) in the header",
        )
    frame = auctions_frame_from_rows(names, rows[1:], source=SOURCE, required=AUCTION_REQUIRED)
    return Parsed(tables={"auctions": frame}, source=SOURCE)


def parse_upcoming_json(payload: bytes, *, url: str | None = None) -> Parsed:
    """Parse ``upcoming_auctions`` JSON into the ``upcoming_auctions`` table.

    Returns
    -------
    Parsed
        ``tables["upcoming_auctions"]`` with the dataset's nine fields; dates ISO strings,
        ``offering_amt`` float USD (NaN while not yet announced).
    """
    return _upcoming(_load_json(payload, "upcoming_auctions", url)[0], url)


def _upcoming(records: list[dict[str, Any]], url: str | None) -> Parsed:
    out: dict[str, list[Any]] = {f: [] for f in _UPCOMING_FIELDS}
    for i, rec in enumerate(records):
        require_fields(
            rec, _UPCOMING_FIELDS, where=f"upcoming_auctions record {i}", source=SOURCE, url=url
        )
        for f in _UPCOMING_FIELDS:
            v = rec[f]
            v = None if v is None or str(v).strip() in _NULL else str(v).strip()
            out[f].append(v)
    frame = pd.DataFrame(out)
    frame = frame[frame["cusip"].notna()].reset_index(drop=True)
    try:
        frame["offering_amt"] = pd.to_numeric(frame["offering_amt"]).astype(float)
        for f in ("record_date", "announcemt_date", "auction_date", "issue_date"):
            frame[f] = [
                None if v is None else pd.Timestamp(v).strftime("%Y-%m-%d") for v in frame[f]
            ]
    except (ValueError, TypeError) as exc:
        raise SchemaError(
            f"upcoming_auctions value does not parse: {exc}",
            source=SOURCE,
            key="upcoming_auctions",
            url=url,
            expected="numbers and YYYY-MM-DD dates",
        ) from None
    return Parsed(tables={"upcoming_auctions": frame}, source=SOURCE)


def parse_tga_json(payload: bytes, *, url: str | None = None) -> Parsed:
    """Parse DTS ``operating_cash_balance`` JSON into the ``TGA_DAILY`` series (USD millions).

    For each ``record_date`` the closing balance is read from the row and field named in
    :data:`TGA_ACCOUNTS` (see the module docstring for the 2021 and 2022 changes). Other rows
    (opening balance, deposits, withdrawals, tax and loan accounts) are ignored.

    Raises
    ------
    SchemaError
        A record lacks ``record_date``/``account_type``/the balance field, or a balance is not a
        number, or two rows give different balances for one day.
    EmptyError
        No TGA closing-balance row in the payload.

    Examples
    --------
    >>> body = (b'{"data": [{"record_date": "2022-04-18", "account_type": "Treasury General '
    ...         b'Account (TGA) Closing Balance", "close_today_bal": "null", '
    ...         b'"open_today_bal": "952341"}], "meta": {}}')
    >>> float(parse_tga_json(body).series["TGA_DAILY"].iloc[0])
    952341.0
    """
    return _tga(_load_json(payload, "operating_cash_balance", url)[0], url)


def _tga(records: list[dict[str, Any]], url: str | None) -> Parsed:
    values: dict[str, float] = {}
    for i, rec in enumerate(records):
        where = f"operating_cash_balance record {i}"
        require_fields(rec, ("record_date", "account_type"), where=where, source=SOURCE, url=url)
        field = TGA_ACCOUNTS.get(str(rec["account_type"]).strip())
        if field is None:
            continue
        require_fields(
            rec,
            (field,),
            where=where,
            source=SOURCE,
            url=url,
            expected=f"field {field!r} on {rec['account_type']!r} rows",
        )
        raw = rec[field]
        if raw is None or str(raw).strip() in _NULL:
            continue
        try:
            value = float(str(raw).replace(",", ""))
        except ValueError:
            raise SchemaError(
                f"{field}={raw!r} on {rec['record_date']} is not a number",
                source=SOURCE,
                key=field,
                url=url,
                expected="a balance in USD millions",
            ) from None
        day = str(rec["record_date"])[:10]
        if day in values and not np.isclose(values[day], value):
            raise SchemaError(
                f"two TGA closing balances on {day}: {values[day]} and {value}",
                source=SOURCE,
                key="TGA_DAILY",
                url=url,
                expected="one closing balance per day",
            )
        values[day] = value
    if not values:
        raise EmptyError("no TGA closing-balance row", source=SOURCE, key="TGA_DAILY", url=url)
    idx = pd.DatetimeIndex(pd.to_datetime(list(values), format="%Y-%m-%d"), name="date")
    series = pd.Series(list(values.values()), index=idx, name="TGA_DAILY", dtype=float)
    return Parsed(series={"TGA_DAILY": series.sort_index()}, source=SOURCE)


def _fetch_pages(client: Any, settings: Any, dataset: str, since: pd.Timestamp | None) -> Parsed:
    """Fetch every page of ``dataset`` since ``since`` and merge the parsed batches.

    Each page is decoded once; ``meta["total-pages"]`` says how many pages to ask for.
    """
    base = settings.base_urls["fiscaldata"].rstrip("/")
    parse = _RECORD_PARSERS[dataset]
    batches: list[Parsed] = []
    page, pages = 1, 1
    while page <= pages:
        path, params = build_request(dataset, since, page)
        resp = client.get(base + path, params=params, source=SOURCE, key=dataset)
        records, meta = _load_json(resp.content, dataset, str(resp.url))
        try:
            batches.append(parse(records, str(resp.url)))
        except EmptyError:
            if page == 1:
                raise
        pages = int(meta.get("total-pages") or 1)
        page += 1
    return _merge(batches)


def _merge(batches: list[Parsed]) -> Parsed:
    out = Parsed(source=SOURCE)
    for b in batches:
        for name, s in b.series.items():
            prev = out.series.get(name)
            out.series[name] = s if prev is None else pd.concat([prev, s]).sort_index()
        for name, t in b.tables.items():
            prev_t = out.tables.get(name)
            out.tables[name] = t if prev_t is None else pd.concat([prev_t, t], ignore_index=True)
    return out


def fetch_auctions(
    client: Any, settings: Any, since: pd.Timestamp | None, as_of: pd.Timestamp
) -> Parsed:
    """Fetch ``auctions_query`` rows with ``auction_date >= since`` (all pages)."""
    return _fetch_pages(client, settings, "auctions_query", since)


def fetch_upcoming(
    client: Any, settings: Any, since: pd.Timestamp | None, as_of: pd.Timestamp
) -> Parsed:
    """Fetch the whole announced auction calendar (the dataset holds only upcoming auctions)."""
    return _fetch_pages(client, settings, "upcoming_auctions", None)


def fetch_tga(
    client: Any, settings: Any, since: pd.Timestamp | None, as_of: pd.Timestamp
) -> Parsed:
    """Fetch the daily TGA closing balance since ``since`` (USD millions)."""
    return _fetch_pages(client, settings, "operating_cash_balance", since)


#: Dataset -> parser of its decoded records (the ``parse_*_json`` functions minus decoding).
_RECORD_PARSERS: dict[str, Callable[[list[dict[str, Any]], str | None], Parsed]] = {
    "auctions_query": _auctions,
    "upcoming_auctions": _upcoming,
    "operating_cash_balance": _tga,
}


def _head_fields(head: str) -> list[str]:
    first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    return [h.strip().strip('"').lower() for h in first.split(",")]


def _is_auctions_csv(head: str) -> bool:
    cols = _head_fields(head)
    if cols[:1] in ([""], ["unnamed: 0"]):  # a pandas re-save's index column, as in parse
        cols = cols[1:]
    names = {FIELD_BY_LABEL.get(c, c) for c in cols}
    return (
        bool(cols)
        and cols[0] in ("record_date", "record date")
        and {"cusip", "auction_date", "comp_accepted", "high_yield"} <= names
    )


def _is_fd_json(dataset_marker: str) -> Callable[[str], bool]:
    def detect(head: str) -> bool:
        h = head.lstrip("\ufeff \n\r\t")
        return h.startswith("{") and '"data"' in h and dataset_marker in h

    return detect


#: Hand-downloaded files this module reads (content detection on the first 8 KiB).
FORMATS: list[FileFormat] = [
    FileFormat(
        name="fiscaldata-auctions-json",
        description="Fiscal Data auctions_query API response (JSON)",
        detect=lambda h: _is_fd_json('"cusip"')(h) and '"comp_accepted"' in h,
        parse=parse_auctions_json,
        priority=50,
    ),
    FileFormat(
        name="fiscaldata-auctions-csv",
        description="Fiscal Data auctions_query CSV export, every field (names or labels)",
        detect=_is_auctions_csv,
        parse=parse_auctions_csv,
        priority=50,
    ),
    FileFormat(
        name="fiscaldata-tga-json",
        description="Fiscal Data DTS operating_cash_balance API response (JSON), TGA balance",
        detect=lambda h: _is_fd_json('"account_type"')(h) and '"open_today_bal"' in h,
        parse=parse_tga_json,
        priority=50,
    ),
    FileFormat(
        name="fiscaldata-upcoming-json",
        description="Fiscal Data upcoming_auctions API response (JSON)",
        detect=lambda h: (
            _is_fd_json('"announcemt_date"')(h)
            and '"offering_amt"' in h
            and '"comp_accepted"' not in h
        ),
        parse=parse_upcoming_json,
        priority=50,
    ),
    _auction_derived.FORMAT,
]

#: ``tsy update`` jobs.
JOBS: list[UpdateJob] = [
    UpdateJob(name="fiscaldata:auctions", source=SOURCE, run=fetch_auctions, table="auctions"),
    UpdateJob(
        name="fiscaldata:upcoming",
        source=SOURCE,
        run=fetch_upcoming,
        table="upcoming_auctions",
    ),
    UpdateJob(name="fiscaldata:tga", source=SOURCE, run=fetch_tga, series_ids=("TGA_DAILY",)),
]
