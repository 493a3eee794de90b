"""Market series no agency publishes: LBMA gold and silver, MOVE, DXY, ETF closes.

Catalogue ids (:mod:`tsy.catalog.rows_other`): ``GOLDPMUSD`` and ``SILVERUSD`` (LBMA, USD per
troy ounce), ``MOVE`` (ICE BofA MOVE index), ``DXY`` (ICE U.S. dollar index), ``SPY``, ``TIP``,
``IEF``, ``TLT`` (ETF adjusted closes, USD per share). These are vendor data: tsy reads copies the
user supplies (FRED layout ``observation_date,ID``, or a two-column file with
``tsy import --series ID``, both read by :mod:`tsy.sources.files`) and offers one optional
fetcher:

* LBMA's JSON feed (``https://prices.lbma.org.uk/json/gold_pm.json``, ``silver.json``): a list of
  ``{"d": "YYYY-MM-DD", "v": [USD, GBP, EUR], ...}``; a 0 means not published in that currency.
  **Licence**: LBMA Precious Metal Prices are the intellectual property of ICE Benchmark
  Administration / LBMA; the feed is for personal, research and testing use, not for
  redistribution. It is never fetched unless the user asks for it (:data:`OPTIONAL_JOBS`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tsy.errors import EmptyError, SchemaError
from tsy.sources._payload import load_json
from tsy.sources.base import FileFormat, Parsed, UpdateJob, parse_dates

__all__ = [
    "LBMA_FEEDS",
    "LBMA_LICENCE",
    "OPTIONAL_JOBS",
    "build_lbma_request",
    "fetch_lbma",
    "parse_lbma_json",
]

SOURCE = "lbma"
#: Used until ``tsy.config.DEFAULT_BASE_URLS`` has an ``lbma`` entry (then TSY_LBMA_URL works).

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
        Not a JSON list, a record without ``d`` or ``v``, a date or price that does not parse,
        a repeated date.
    EmptyError
        No USD price in the feed.

    Examples
    --------
    >>> body = (b'[{"d": "2025-04-04", "v": [3054.5, 2367.6, 2782.3]}, '
    ...         b'{"d": "1968-04-01", "v": [0, 0, 0]}]')
    >>> s = parse_lbma_json(body, "GOLDPMUSD").series["GOLDPMUSD"]
    >>> float(s.loc["2025-04-04"]), len(s)
    (3054.5, 1)
    """
    expected = '[{"d": date, "v": [USD, GBP, EUR]}, ...]'
    doc = load_json(payload, source=SOURCE, key=series_id, url=None, expected=expected)
    if not isinstance(doc, list):
        raise SchemaError("not a JSON list", source=SOURCE, key=series_id, expected=expected)
    dates: list[str] = []
    values: list[float] = []
    for i, rec in enumerate(doc):
        if not isinstance(rec, dict) or "d" not in rec or not isinstance(rec.get("v"), list):
            raise SchemaError(
                f"record {i} has no 'd' date or 'v' price list",
                source=SOURCE,
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
                source=SOURCE,
                key="v",
                expected="a number",
            ) from None
        if usd > 0:
            dates.append(str(rec["d"])[:10])
            values.append(usd)
    if not dates:
        raise EmptyError("no prices", source=SOURCE, key=series_id)
    days, bad = parse_dates(pd.Series(dates), ["%Y-%m-%d"])
    if bad is not None:
        raise SchemaError(
            f"record date {dates[bad]!r}", source=SOURCE, key="d", expected="YYYY-MM-DD"
        )
    idx = pd.DatetimeIndex(days, name="date")
    s = pd.Series(values, index=idx, name=series_id, dtype=float).sort_index()
    if s.index.has_duplicates:
        raise SchemaError(
            f"date {s.index[s.index.duplicated()][0].date()} appears twice",
            source=SOURCE,
            key=series_id,
            expected="one price per day",
        )
    return Parsed(series={series_id: s}, source=SOURCE, note=LBMA_LICENCE)


def fetch_lbma(
    client: Any, settings: Any, since: pd.Timestamp | None, as_of: pd.Timestamp
) -> Parsed:
    """Fetch both LBMA feeds (optional; vendor data, see :data:`LBMA_LICENCE`)."""
    base = settings.base_urls["lbma"].rstrip("/")
    out = Parsed(source=SOURCE, note=LBMA_LICENCE)
    for sid in LBMA_FEEDS:
        path, _ = build_lbma_request(sid)
        resp = client.get(base + path, source=SOURCE, key=sid)
        s = parse_lbma_json(resp.content, sid).series[sid]
        out.series[sid] = s if since is None else s[s.index >= pd.Timestamp(since)]
    return out


#: Jobs that run only when the user asks for them (``tsy update --with lbma`` or similar).
OPTIONAL_JOBS: list[UpdateJob] = [
    UpdateJob(name="market:lbma", source=SOURCE, run=fetch_lbma, series_ids=tuple(LBMA_FEEDS)),
]

#: No default ``tsy update`` job: market data is supplied by the user.
JOBS: list[UpdateJob] = []
