"""Market series no agency publishes: LBMA gold and silver, MOVE, DXY, ETF closes.

Catalogue ids (rows in :mod:`tsy.catalog_extra`): ``GOLDPMUSD`` and ``SILVERUSD`` (LBMA, USD per
troy ounce), ``MOVE`` (ICE BofA MOVE index), ``DXY`` (ICE U.S. dollar index), ``SPY``, ``TIP``,
``IEF``, ``TLT`` (ETF adjusted closes, USD per share). These are vendor data: tsy reads copies the
user supplies (FRED layout ``observation_date,ID`` through :mod:`tsy.sources.files`, or a
two-column file through :func:`parse_two_column`) and offers one optional fetcher:

* LBMA's JSON feed (``https://prices.lbma.org.uk/json/gold_pm.json``, ``silver.json``): a list of
  ``{"d": "YYYY-MM-DD", "v": [USD, GBP, EUR], ...}``; a 0 means not published in that currency.
  **Licence**: LBMA Precious Metal Prices are the intellectual property of ICE Benchmark
  Administration / LBMA; the feed is for personal, research and testing use, not for
  redistribution. It is never fetched unless the user asks for it (:data:`OPTIONAL_JOBS`).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import numpy as np
import pandas as pd

from tsy.errors import EmptyError, SchemaError
from tsy.sources.base import FileFormat, Parsed, UpdateJob
from tsy.sources.files import parse_two_column

__all__ = [
    "LBMA_FEEDS",
    "LBMA_LICENCE",
    "OPTIONAL_JOBS",
    "build_lbma_request",
    "fetch_lbma",
    "parse_lbma_csv",
    "parse_lbma_json",
    "parse_two_column",
]

SOURCE = "market"
_LBMA_BASE = "https://prices.lbma.org.uk"

#: Catalogue id -> LBMA JSON feed path.
LBMA_FEEDS: dict[str, str] = {
    "GOLDPMUSD": "/json/gold_pm.json",
    "SILVERUSD": "/json/silver.json",
}

#: Shown with every LBMA batch.
LBMA_LICENCE = (
    "LBMA Precious Metal Prices (c) ICE Benchmark Administration / LBMA: personal, research and "
    "testing use only; not for redistribution"
)

#: Files of this module are not recognised by content (gold and silver share one layout); use
#: ``tsy import --series ID``. Kept for the provider registry.
FORMATS: list[FileFormat] = []


def build_lbma_request(series_id: str) -> tuple[str, dict[str, str]]:
    """Return the LBMA JSON feed path for ``GOLDPMUSD`` or ``SILVERUSD``.

    Examples
    --------
    >>> build_lbma_request("GOLDPMUSD")
    ('/json/gold_pm.json', {})
    """
    if series_id not in LBMA_FEEDS:
        raise ValueError(f"no LBMA feed for {series_id!r}; known: {sorted(LBMA_FEEDS)}")
    return LBMA_FEEDS[series_id], {}


def _finish(dates: list[str], values: list[float], series_id: str, key: str) -> pd.Series:
    if not dates:
        raise EmptyError("no prices", source="lbma", key=key)
    idx = pd.DatetimeIndex(pd.to_datetime(dates, format="%Y-%m-%d"), name="date")
    s = pd.Series(np.asarray(values, dtype=float), index=idx, name=series_id).sort_index()
    if s.index.has_duplicates:
        raise SchemaError(
            f"date {s.index[s.index.duplicated()][0].date()} appears twice",
            source="lbma",
            key=key,
            expected="one price per day",
        )
    return s


def parse_lbma_json(payload: bytes, series_id: str) -> Parsed:
    """Parse an LBMA JSON price feed into the USD series ``series_id``.

    Parameters
    ----------
    payload : bytes
        ``[{"d": "2025-04-04", "v": [3054.5, 2367.6, 2782.3]}, ...]``: USD, GBP, EUR per troy
        ounce; 0 = not published.
    series_id : str
        ``GOLDPMUSD`` or ``SILVERUSD``.

    Returns
    -------
    Parsed
        One series (USD per troy ounce), ``note`` = :data:`LBMA_LICENCE`.

    Raises
    ------
    SchemaError
        Not a JSON list, a record without ``d`` or ``v``, a price that is not a number.

    Examples
    --------
    >>> body = (b'[{"d": "2025-04-04", "v": [3054.5, 2367.6, 2782.3]}, '
    ...         b'{"d": "1968-04-01", "v": [0, 0, 0]}]')
    >>> s = parse_lbma_json(body, "GOLDPMUSD").series["GOLDPMUSD"]
    >>> float(s.loc["2025-04-04"]), len(s)
    (3054.5, 1)
    """
    try:
        doc = json.loads(payload.decode("utf-8-sig", errors="replace"))
    except json.JSONDecodeError:
        doc = None
    if not isinstance(doc, list):
        raise SchemaError(
            "not a JSON list (HTML page?)",
            source="lbma",
            key=series_id,
            expected='[{"d": date, "v": [USD, GBP, EUR]}, ...]',
        )
    dates: list[str] = []
    values: list[float] = []
    for i, rec in enumerate(doc):
        if not isinstance(rec, dict) or "d" not in rec or not isinstance(rec.get("v"), list):
            raise SchemaError(
                f"record {i} has no 'd' date or 'v' price list",
                source="lbma",
                key="v" if isinstance(rec, dict) and "d" in rec else "d",
                expected='{"d": "YYYY-MM-DD", "v": [USD, GBP, EUR]}',
            )
        if not rec["v"]:
            continue
        try:
            usd = float(rec["v"][0])
        except (TypeError, ValueError):
            raise SchemaError(
                f"record {i}: USD price {rec['v'][0]!r}",
                source="lbma",
                key="v",
                expected="a number",
            ) from None
        if usd > 0:
            dates.append(str(rec["d"])[:10])
            values.append(usd)
    s = _finish(dates, values, series_id, series_id)
    return Parsed(series={series_id: s}, source="lbma", note=LBMA_LICENCE)


def parse_lbma_csv(payload: bytes, series_id: str) -> Parsed:
    """Parse an LBMA CSV export: a date column and a ``USD`` price column (``USD (PM)`` preferred).

    Dates ISO or DD/MM/YYYY; blank or 0 is missing.

    Raises
    ------
    SchemaError
        No date column or no USD column, a bad date or price.

    Examples
    --------
    >>> body = b"Date,USD (AM),USD (PM),GBP (PM)\\n2025-04-04,3085.0,3054.5,2367.6\\n"
    >>> float(parse_lbma_csv(body, "GOLDPMUSD").series["GOLDPMUSD"].iloc[0])
    3054.5
    """
    text = payload.decode("utf-8-sig", errors="replace")
    rows = [r for r in csv.reader(io.StringIO(text)) if r and any(c.strip() for c in r)]
    if not rows:
        raise EmptyError("empty file", source="lbma", key=series_id)
    header = [h.strip().lower() for h in rows[0]]
    usd = [i for i, h in enumerate(header) if "usd" in h]
    usd.sort(key=lambda i: "pm" not in header[i])
    if not header or "date" not in header[0] or not usd:
        raise SchemaError(
            f"header {','.join(rows[0])[:60]!r}",
            source="lbma",
            key="USD",
            expected="a Date column and a USD price column",
        )
    col = usd[0]
    dates: list[str] = []
    values: list[float] = []
    for lineno, r in enumerate(rows[1:], start=2):
        raw = r[col].strip().replace(",", "") if col < len(r) else ""
        if raw in ("", "0", "0.0", "-"):
            continue
        try:
            v = float(raw)
            d = r[0].strip()
            day = pd.to_datetime(d, format="%d/%m/%Y" if "/" in d else "%Y-%m-%d")
        except ValueError:
            raise SchemaError(
                f"line {lineno}: {r[0]!r}, {raw!r}",
                source="lbma",
                key=series_id,
                expected="a date (YYYY-MM-DD or DD/MM/YYYY) and a price",
            ) from None
        dates.append(day.strftime("%Y-%m-%d"))
        values.append(v)
    s = _finish(dates, values, series_id, series_id)
    return Parsed(series={series_id: s}, source="lbma", note=LBMA_LICENCE)


def fetch_lbma(
    client: Any, settings: Any, since: pd.Timestamp | None, as_of: pd.Timestamp
) -> Parsed:
    """Fetch both LBMA feeds (optional; vendor data, see :data:`LBMA_LICENCE`)."""
    base = getattr(settings, "base_urls", {}).get("lbma", _LBMA_BASE).rstrip("/")
    out = Parsed(source="lbma", note=LBMA_LICENCE)
    for sid in LBMA_FEEDS:
        path, _ = build_lbma_request(sid)
        resp = client.get(base + path, source="lbma", key=sid)
        s = parse_lbma_json(resp.content, sid).series[sid]
        out.series[sid] = s if since is None else s[s.index >= pd.Timestamp(since)]
    return out


#: Jobs that run only when the user asks for them (``tsy update --with lbma`` or similar).
OPTIONAL_JOBS: list[UpdateJob] = [
    UpdateJob(name="market:lbma", source="lbma", run=fetch_lbma, series_ids=tuple(LBMA_FEEDS)),
]

#: No default ``tsy update`` job: market data is supplied by the user.
JOBS: list[UpdateJob] = []
