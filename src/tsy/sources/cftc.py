"""CFTC Commitments of Traders, Traders in Financial Futures (TFF), futures only.

Positions of dealers, asset managers, leveraged funds, other reportables and non-reportables
in the Treasury futures, weekly (Tuesday positions, published Friday), in contracts.

Two ways in:

* the public reporting API (Socrata dataset ``gpe5-46if``,
  ``https://publicreporting.cftc.gov/resource/gpe5-46if.json``): the SoQL query is assembled
  from a parameter dict and this module's own constants (contract codes, an ISO date), never
  from user text; an optional app token (``settings.cftc_app_token``) is sent in the
  ``X-App-Token`` header (never in the URL);
* the yearly files ``FinFutYY.txt`` (comma text, quoted header ``"Market_and_Exchange_Names",
  ...``), also inside ``fut_fin_txt_YYYY.zip``.

Contracts (CFTC contract market codes, checked against every file of 2015-2026 in the shared
data; the market names changed on 2022-02-08, e.g. ``10-YEAR U.S. TREASURY NOTES`` -> ``UST 10Y
NOTE``, and the ultra bond was ``LONG-TERM U.S. TREASURY BONDS`` in 2015; rows are matched by
code, and ``market_name`` keeps the file's name): see :data:`CONTRACTS`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from tsy.errors import EmptyError, SchemaError
from tsy.sources._payload import load_json, refuse_duplicates, require_fields
from tsy.sources.base import FileFormat, Parsed, UpdateJob

__all__ = [
    "COLUMNS",
    "CONTRACTS",
    "DATASET",
    "FORMATS",
    "JOBS",
    "build_request",
    "fetch",
    "parse_api_json",
    "parse_txt",
]

SOURCE = "cftc"
DATASET = "gpe5-46if"
_PAGE = 50_000

#: CFTC contract market code -> short name.
CONTRACTS: dict[str, str] = {
    "042601": "2y",
    "044601": "5y",
    "043602": "10y",
    "043607": "ultra10y",
    "020601": "bond",
    "020604": "ultrabond",
}

#: ``positions`` column -> (FinFutYY.txt header, API field names accepted).
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "open_interest": ("Open_Interest_All", ("open_interest_all",)),
    "dealer_long": ("Dealer_Positions_Long_All", ("dealer_positions_long_all",)),
    "dealer_short": ("Dealer_Positions_Short_All", ("dealer_positions_short_all",)),
    "dealer_spread": ("Dealer_Positions_Spread_All", ("dealer_positions_spread_all",)),
    "asset_mgr_long": (
        "Asset_Mgr_Positions_Long_All",
        ("asset_mgr_positions_long", "asset_mgr_positions_long_all"),
    ),
    "asset_mgr_short": (
        "Asset_Mgr_Positions_Short_All",
        ("asset_mgr_positions_short", "asset_mgr_positions_short_all"),
    ),
    "asset_mgr_spread": (
        "Asset_Mgr_Positions_Spread_All",
        ("asset_mgr_positions_spread", "asset_mgr_positions_spread_all"),
    ),
    "lev_money_long": (
        "Lev_Money_Positions_Long_All",
        ("lev_money_positions_long", "lev_money_positions_long_all"),
    ),
    "lev_money_short": (
        "Lev_Money_Positions_Short_All",
        ("lev_money_positions_short", "lev_money_positions_short_all"),
    ),
    "lev_money_spread": (
        "Lev_Money_Positions_Spread_All",
        ("lev_money_positions_spread", "lev_money_positions_spread_all"),
    ),
    "other_rept_long": (
        "Other_Rept_Positions_Long_All",
        ("other_rept_positions_long", "other_rept_positions_long_all"),
    ),
    "other_rept_short": (
        "Other_Rept_Positions_Short_All",
        ("other_rept_positions_short", "other_rept_positions_short_all"),
    ),
    "other_rept_spread": (
        "Other_Rept_Positions_Spread_All",
        ("other_rept_positions_spread", "other_rept_positions_spread_all"),
    ),
    "nonrept_long": ("NonRept_Positions_Long_All", ("nonrept_positions_long_all",)),
    "nonrept_short": ("NonRept_Positions_Short_All", ("nonrept_positions_short_all",)),
}

#: Column order of the ``positions`` table (key: report_date + contract_code).
POSITION_COLUMNS: tuple[str, ...] = (
    "report_date",
    "contract_code",
    "contract",
    "market_name",
    *COLUMNS,
)

_TXT_NAME = "Market_and_Exchange_Names"
_TXT_CODE = "CFTC_Contract_Market_Code"
_TXT_DATES = ("Report_Date_as_YYYY-MM-DD", "Report_Date_as_MM_DD_YYYY")
_API_NAME = "market_and_exchange_names"
_API_CODE = "cftc_contract_market_code"
_API_DATE = "report_date_as_yyyy_mm_dd"
_CODE_RE = re.compile(r"^[0-9A-Z]{6}$")


def build_request(
    since: pd.Timestamp | None = None,
    offset: int = 0,
    codes: tuple[str, ...] = tuple(CONTRACTS),
) -> tuple[str, dict[str, str]]:
    """Return the path and SoQL parameters of one API page.

    The ``$where`` clause is built only from ``codes`` (validated: six letters or digits) and
    a formatted date, so no caller text reaches SoQL.

    Examples
    --------
    >>> path, p = build_request(pd.Timestamp("2025-04-01"), codes=("043602",))
    >>> path, p["$where"]
    ('/resource/gpe5-46if.json', "cftc_contract_market_code in('043602') AND \
report_date_as_yyyy_mm_dd >= '2025-04-01T00:00:00'")
    """
    for c in codes:
        if not _CODE_RE.match(c):
            raise ValueError(f"bad CFTC contract code {c!r}")
    clauses = [f"{_API_CODE} in({','.join(repr(c) for c in codes)})"]
    if since is not None:
        clauses.append(f"{_API_DATE} >= '{pd.Timestamp(since):%Y-%m-%dT00:00:00}'")
    params = {
        "$where": " AND ".join(clauses),
        "$order": f"{_API_DATE},{_API_CODE}",
        "$limit": str(_PAGE),
        "$offset": str(int(offset)),
    }
    return f"/resource/{DATASET}.json", params


def _to_frame(rows: list[dict[str, Any]], url: str | None) -> pd.DataFrame:
    if not rows:
        raise EmptyError("no Treasury futures rows", source=SOURCE, key="positions", url=url)
    frame = pd.DataFrame(rows, columns=list(POSITION_COLUMNS))
    refuse_duplicates(
        frame,
        ["report_date", "contract_code"],
        lambda r: f"{r['contract']} appears twice on {r['report_date']}",
        source=SOURCE,
        url=url,
        expected="one row per contract and report date",
    )
    for col in COLUMNS:
        frame[col] = frame[col].astype(float)
    return frame.sort_values(["report_date", "contract_code"]).reset_index(drop=True)


def _number(raw: Any, col: str, where: str, url: str | None) -> float:
    text = "" if raw is None else str(raw).strip().replace(",", "")
    if text in ("", "."):
        return np.nan
    try:
        return float(text)
    except ValueError:
        raise SchemaError(
            f"{col}={raw!r} ({where}) is not a number",
            source=SOURCE,
            key=col,
            url=url,
            expected="a number of contracts",
        ) from None


@lru_cache(maxsize=4096)
def _iso_text(text: str) -> str:
    """``YYYY-MM-DD`` of a stripped report date (``MM/DD/YYYY`` or ISO, with an optional time);
    ValueError when it is not one. Cached: a yearly file repeats each date once per contract."""
    fmt = "%m/%d/%Y" if "/" in text else "%Y-%m-%d"
    return pd.to_datetime(text[:10], format=fmt).strftime("%Y-%m-%d")


def _iso(raw: str, where: str, url: str | None) -> str:
    try:
        return _iso_text(raw.strip())
    except ValueError:
        raise SchemaError(
            f"report date {raw!r} ({where})",
            source=SOURCE,
            key="report_date",
            url=url,
            expected="YYYY-MM-DD",
        ) from None


def parse_txt(payload: bytes) -> Parsed:
    """Parse a yearly ``FinFutYY.txt`` (or its zip) into the ``positions`` table.

    Returns
    -------
    Parsed
        ``tables["positions"]``: :data:`POSITION_COLUMNS`, one row per Treasury contract of
        :data:`CONTRACTS` and report date; positions in contracts (float).

    Raises
    ------
    SchemaError
        A column of the TFF layout is missing, a number or date does not parse.
    EmptyError
        No Treasury contract in the file.
    """
    if payload[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(payload)) as zf:
            names = [n for n in zf.namelist() if n.lower().endswith(".txt")]
            if not names:
                raise SchemaError(
                    "zip holds no .txt file", source=SOURCE, key="zip", expected="FinFutYY.txt"
                )
            payload = zf.read(names[0])
    text = payload.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise EmptyError("empty file", source=SOURCE, key="positions") from None
    date_col = next((d for d in _TXT_DATES if d in header), _TXT_DATES[0])
    needed = [_TXT_NAME, _TXT_CODE, date_col, *(h for h, _ in COLUMNS.values())]
    missing = [h for h in needed if h not in header]
    if missing:
        raise SchemaError(
            f"TFF file lacks column {missing[0]!r}",
            source=SOURCE,
            key=missing[0],
            expected="the FinFutYY.txt header of the Traders in Financial Futures report",
        )
    pos = {h: header.index(h) for h in needed}
    rows: list[dict[str, Any]] = []
    for lineno, r in enumerate(reader, start=2):
        if len(r) <= max(pos.values()):
            continue
        code = r[pos[_TXT_CODE]].strip()
        if code not in CONTRACTS:
            continue
        where = f"line {lineno}"
        row: dict[str, Any] = {
            "report_date": _iso(r[pos[date_col]], where, None),
            "contract_code": code,
            "contract": CONTRACTS[code],
            "market_name": r[pos[_TXT_NAME]].strip(),
        }
        for col, (h, _) in COLUMNS.items():
            row[col] = _number(r[pos[h]], col, where, None)
        rows.append(row)
    return Parsed(tables={"positions": _to_frame(rows, None)}, source=SOURCE)


def parse_api_json(payload: bytes, *, url: str | None = None) -> Parsed:
    """Parse a page of the ``gpe5-46if`` API (JSON list of rows) into ``positions``.

    Raises
    ------
    SchemaError
        Not a JSON list (an HTML page, an error object), a Treasury row without one of the
        needed fields.
    EmptyError
        No Treasury contract rows.
    """
    doc = load_json(payload, source=SOURCE, key=DATASET, url=url, expected="a Socrata JSON array")
    if not isinstance(doc, list):
        raise SchemaError(
            "response is not a JSON list of rows",
            source=SOURCE,
            key=DATASET,
            url=url,
            expected="a Socrata JSON array",
        )
    rows: list[dict[str, Any]] = []
    for i, rec in enumerate(doc):
        code = str(rec.get(_API_CODE, "")).strip() if isinstance(rec, dict) else ""
        if code not in CONTRACTS:
            continue
        where = f"row {i}"
        require_fields(rec, (_API_DATE, _API_NAME), where=where, source=SOURCE, url=url)
        row: dict[str, Any] = {
            "report_date": _iso(str(rec[_API_DATE]), where, url),
            "contract_code": code,
            "contract": CONTRACTS[code],
            "market_name": str(rec[_API_NAME]).strip(),
        }
        for col, (_, aliases) in COLUMNS.items():
            name = next((a for a in aliases if a in rec), None)
            if name is None:
                raise SchemaError(
                    f"{where} has no field {aliases[0]!r}",
                    source=SOURCE,
                    key=aliases[0],
                    url=url,
                    expected=f"field {aliases[0]!r} (TFF futures only)",
                )
            row[col] = _number(rec[name], col, where, url)
        rows.append(row)
    return Parsed(tables={"positions": _to_frame(rows, url)}, source=SOURCE)


def fetch(client: Any, settings: Any, since: pd.Timestamp | None, as_of: pd.Timestamp) -> Parsed:
    """Fetch Treasury futures positions reported since ``since`` (pages of 50,000 rows).

    The query asks only for :data:`CONTRACTS`, so every row of a page is one parsed position
    and a page shorter than the page size is the last; an empty page after the first ends too.
    """
    base = settings.base_urls["cftc"].rstrip("/")
    token = getattr(settings, "cftc_app_token", None)
    headers = {"X-App-Token": token} if token else None
    frames: list[pd.DataFrame] = []
    offset = 0
    while True:
        path, params = build_request(since, offset)
        resp = client.get(base + path, params=params, source=SOURCE, key=DATASET, headers=headers)
        try:
            frame = parse_api_json(resp.content, url=str(resp.url)).tables["positions"]
        except EmptyError:
            if not frames:
                raise
            break
        frames.append(frame)
        if len(frame) < _PAGE:
            break
        offset += _PAGE
    return Parsed(tables={"positions": pd.concat(frames, ignore_index=True)}, source=SOURCE)


def _detect_txt(head: str) -> bool:
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    return first.startswith(f'"{_TXT_NAME}"') and "Lev_Money_Positions_Long_All" in first


def _detect_json(head: str) -> bool:
    h = head.lstrip("\ufeff \r\n\t")
    return h.startswith("[") and f'"{_API_CODE}"' in h and '"lev_money_positions_long' in h


#: Hand-downloaded files this module reads.
FORMATS: list[FileFormat] = [
    FileFormat(
        name="cftc-tff-txt",
        description="CFTC Traders in Financial Futures yearly file (FinFutYY.txt), futures only",
        detect=_detect_txt,
        parse=parse_txt,
        priority=50,
    ),
    FileFormat(
        name="cftc-tff-json",
        description="CFTC public reporting API, TFF futures only (gpe5-46if), JSON",
        detect=_detect_json,
        parse=parse_api_json,
        priority=50,
    ),
]

#: ``tsy update`` jobs.
JOBS: list[UpdateJob] = [
    UpdateJob(name="cftc:tff", source=SOURCE, run=fetch, table="positions"),
]
