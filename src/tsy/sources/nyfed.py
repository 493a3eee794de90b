"""NY Fed Markets API: reference rates with percentiles and volumes; repo and reverse repo ops.

API documented at https://markets.newyorkfed.org/static/docs/markets-api.html (no key).

Reference rates (``/api/rates/{secured|unsecured}/{rate}/search.json?startDate=&endDate=``,
ISO dates) answer ``{"refRates": [{"effectiveDate", "type", "percentRate",
"percentPercentile1", "percentPercentile25", "percentPercentile75", "percentPercentile99",
"volumeInBillions", ...}]}``. Each rate becomes six series (ids chosen not to collide with FRED's
``SOFR``/``EFFR``/``OBFR``): ``<RATE>_NYFED`` (percent), ``<RATE>_P1``/``_P25``/``_P75``/``_P99``
(percent) and ``<RATE>_VOLUME`` (USD billions), for SOFR, TGCR, BGCR, EFFR and OBFR.

Repo and reverse repo operations (``/api/rp/results/search.json?startDate=&endDate=``) answer
``{"repo": {"operations": [{"operationDate", "operationType", "term", "note",
"totalAmtAccepted", ...}]}}`` with amounts in US dollars. Per operation date:

* ``RRP_ONRRP_USD``: sum of ``totalAmtAccepted`` over overnight ``Reverse Repo`` operations;
* ``SRP_TAKEUP_USD``: sum over ``Repo`` operations (standing repo: the AM and PM operations are
  added; before July 2021 the temporary repo operations of the day);

operations whose ``note`` says "small value exercise" (operational tests) are dropped, and
announced operations without results are skipped. A day with operations but nothing accepted
is 0 (a real observation), a day without operations is absent.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tsy.errors import EmptyError, SchemaError
from tsy.sources._payload import load_json, require_fields
from tsy.sources.base import FileFormat, Parsed, UpdateJob

__all__ = [
    "FORMATS",
    "JOBS",
    "RATES",
    "RATE_FIELDS",
    "build_operations_request",
    "build_rate_request",
    "fetch_operations",
    "fetch_rates",
    "parse_operations",
    "parse_rates",
]

SOURCE = "nyfed"

#: Rate type (as in ``refRates[].type``) -> API path segment.
RATES: dict[str, str] = {
    "SOFR": "secured/sofr",
    "TGCR": "secured/tgcr",
    "BGCR": "secured/bgcr",
    "EFFR": "unsecured/effr",
    "OBFR": "unsecured/obfr",
}

#: JSON field -> series id suffix (``{RATE}{suffix}``).
RATE_FIELDS: dict[str, str] = {
    "percentRate": "_NYFED",
    "percentPercentile1": "_P1",
    "percentPercentile25": "_P25",
    "percentPercentile75": "_P75",
    "percentPercentile99": "_P99",
    "volumeInBillions": "_VOLUME",
}

#: ``operationType`` -> (series id, required ``term`` or None for any term).
OPERATIONS: dict[str, tuple[str, str | None]] = {
    "Reverse Repo": ("RRP_ONRRP_USD", "Overnight"),
    "Repo": ("SRP_TAKEUP_USD", None),
}

_SMALL_VALUE = "small value exercise"


def _dates(since: pd.Timestamp, until: pd.Timestamp) -> dict[str, str]:
    return {
        "startDate": f"{pd.Timestamp(since):%Y-%m-%d}",
        "endDate": f"{pd.Timestamp(until):%Y-%m-%d}",
    }


def build_rate_request(
    rate: str, since: pd.Timestamp, until: pd.Timestamp
) -> tuple[str, dict[str, str]]:
    """Return the path and parameters of a reference-rate search.

    Examples
    --------
    >>> build_rate_request("SOFR", pd.Timestamp("2024-06-01"), pd.Timestamp("2024-06-06"))
    ('/api/rates/secured/sofr/search.json', {'startDate': '2024-06-01', 'endDate': '2024-06-06'})
    """
    if rate not in RATES:
        raise ValueError(f"unknown NY Fed rate {rate!r}; known: {sorted(RATES)}")
    return f"/api/rates/{RATES[rate]}/search.json", _dates(since, until)


def build_operations_request(
    since: pd.Timestamp, until: pd.Timestamp
) -> tuple[str, dict[str, str]]:
    """Return the path and parameters of a repo/reverse-repo operation results search."""
    return "/api/rp/results/search.json", _dates(since, until)


def _load(payload: bytes, key: str, url: str | None) -> Any:
    expected = "a NY Fed Markets API JSON body"
    return load_json(payload, source=SOURCE, key=key, url=url, expected=expected)


def _num(value: Any, field: str, day: str, url: str | None) -> float | None:
    if value is None or (isinstance(value, str) and value.strip() in ("", "null")):
        return None
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        raise SchemaError(
            f"{field}={value!r} on {day} is not a number",
            source=SOURCE,
            key=field,
            url=url,
            expected="a number",
        ) from None


def _series(points: dict[str, dict[str, float]]) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    for sid, by_day in points.items():
        if not by_day:
            continue
        idx = pd.DatetimeIndex(pd.to_datetime(list(by_day), format="%Y-%m-%d"), name="date")
        out[sid] = pd.Series(list(by_day.values()), index=idx, name=sid, dtype=float).sort_index()
    return out


def parse_rates(payload: bytes, *, url: str | None = None) -> Parsed:
    """Parse a reference-rate response (``refRates``) into rate, percentile and volume series.

    Returns
    -------
    Parsed
        For each rate type present: ``<RATE>_NYFED``, ``<RATE>_P1``, ``_P25``, ``_P75``,
        ``_P99`` (percent) and ``<RATE>_VOLUME`` (USD billions).

    Raises
    ------
    SchemaError
        Not JSON, no ``refRates`` list, a record without ``effectiveDate``/``type``/
        ``percentRate``, a value that is not a number, no known rate type.
    EmptyError
        An empty ``refRates`` list.

    Examples
    --------
    >>> body = (b'{"refRates": [{"effectiveDate": "2024-06-03", "type": "SOFR", '
    ...         b'"percentRate": 5.35, "volumeInBillions": 1912}]}')
    >>> p = parse_rates(body)
    >>> float(p.series["SOFR_NYFED"].iloc[0]), float(p.series["SOFR_VOLUME"].iloc[0])
    (5.35, 1912.0)
    """
    doc = _load(payload, "refRates", url)
    recs = doc.get("refRates") if isinstance(doc, dict) else None
    if not isinstance(recs, list):
        raise SchemaError(
            "JSON has no 'refRates' list",
            source=SOURCE,
            key="refRates",
            url=url,
            expected='{"refRates": [...]}',
        )
    if not recs:
        raise EmptyError("no reference rates in the response", source=SOURCE, url=url)
    points: dict[str, dict[str, float]] = {}
    for i, rec in enumerate(recs):
        require_fields(
            rec,
            ("effectiveDate", "type", "percentRate"),
            where=f"refRates[{i}]",
            source=SOURCE,
            url=url,
        )
        rate = str(rec["type"]).strip().upper()
        if rate not in RATES:
            continue
        day = str(rec["effectiveDate"])[:10]
        for field, suffix in RATE_FIELDS.items():
            v = _num(rec.get(field), field, day, url)
            if v is not None:
                points.setdefault(rate + suffix, {})[day] = v
    if not points:
        raise SchemaError(
            "no known rate type in the response",
            source=SOURCE,
            key="type",
            url=url,
            expected=f"type one of {', '.join(RATES)}",
        )
    return Parsed(series=_series(points), source=SOURCE)


def parse_operations(payload: bytes, *, url: str | None = None) -> Parsed:
    """Parse repo / reverse repo operation results into daily take-up series (USD).

    Returns
    -------
    Parsed
        ``RRP_ONRRP_USD`` (overnight reverse repo) and ``SRP_TAKEUP_USD`` (repo, AM + PM),
        ``totalAmtAccepted`` summed per ``operationDate``, small value exercises dropped.

    Raises
    ------
    SchemaError
        Not JSON, no ``repo.operations`` list, an operation without ``operationDate`` or
        ``operationType``, an amount that is not a number.

    Examples
    --------
    >>> import json
    >>> ops = [
    ...     {"operationDate": "2025-12-31", "operationType": "Repo", "totalAmtAccepted": 1e9},
    ...     {"operationDate": "2025-12-31", "operationType": "Repo", "totalAmtAccepted": 2e9},
    ...     {"operationDate": "2025-12-31", "operationType": "Repo", "totalAmtAccepted": 1e6,
    ...      "note": "Small Value Exercise"}]
    >>> body = json.dumps({"repo": {"operations": ops}}).encode()
    >>> float(parse_operations(body).series["SRP_TAKEUP_USD"].iloc[0])
    3000000000.0
    """
    doc = _load(payload, "operations", url)
    repo = doc.get("repo") if isinstance(doc, dict) else None
    ops = repo.get("operations") if isinstance(repo, dict) else None
    if not isinstance(ops, list):
        raise SchemaError(
            "JSON has no 'repo.operations' list",
            source=SOURCE,
            key="operations",
            url=url,
            expected='{"repo": {"operations": [...]}}',
        )
    points: dict[str, dict[str, float]] = {sid: {} for sid, _ in OPERATIONS.values()}
    for i, op in enumerate(ops):
        require_fields(
            op, ("operationDate", "operationType"), where=f"operations[{i}]", source=SOURCE, url=url
        )
        kind = OPERATIONS.get(str(op["operationType"]).strip())
        if kind is None or _SMALL_VALUE in str(op.get("note") or "").lower():
            continue
        sid, term = kind
        if term is not None and str(op.get("term", term)).strip().lower() != term.lower():
            continue
        day = str(op["operationDate"])[:10]
        amount = _num(op.get("totalAmtAccepted"), "totalAmtAccepted", day, url)
        if amount is None:
            continue  # announced, no results yet
        points[sid][day] = points[sid].get(day, 0.0) + amount
    return Parsed(series=_series(points), source=SOURCE)


def _default_start(since: pd.Timestamp | None, first: str) -> pd.Timestamp:
    return pd.Timestamp(first) if since is None else pd.Timestamp(since)


def fetch_rates(
    client: Any, settings: Any, since: pd.Timestamp | None, as_of: pd.Timestamp
) -> Parsed:
    """Fetch every rate of :data:`RATES` from ``since`` (default 2018-04-02) to ``as_of``."""
    base = settings.base_urls["nyfed"].rstrip("/")
    out = Parsed(source=SOURCE)
    start = _default_start(since, "2018-04-02")
    for rate in RATES:
        path, params = build_rate_request(rate, start, as_of)
        resp = client.get(base + path, params=params, source=SOURCE, key=rate)
        try:
            out.series.update(parse_rates(resp.content, url=str(resp.url)).series)
        except EmptyError:
            continue
    return out


def fetch_operations(
    client: Any, settings: Any, since: pd.Timestamp | None, as_of: pd.Timestamp
) -> Parsed:
    """Fetch repo and reverse repo results from ``since`` (default 2013-09-23) to ``as_of``."""
    base = settings.base_urls["nyfed"].rstrip("/")
    path, params = build_operations_request(_default_start(since, "2013-09-23"), as_of)
    resp = client.get(base + path, params=params, source=SOURCE, key="operations")
    return parse_operations(resp.content, url=str(resp.url))


def _json_head(head: str) -> str:
    return head.lstrip("\ufeff \r\n\t")


#: Hand-downloaded files this module reads.
FORMATS: list[FileFormat] = [
    FileFormat(
        name="nyfed-rates-json",
        description="NY Fed Markets API reference rates (JSON refRates)",
        detect=lambda h: _json_head(h).startswith("{") and '"refRates"' in h,
        parse=parse_rates,
        priority=50,
    ),
    FileFormat(
        name="nyfed-operations-json",
        description="NY Fed Markets API repo / reverse repo operation results (JSON)",
        detect=lambda h: (
            _json_head(h).startswith("{") and '"operations"' in h and '"operationType"' in h
        ),
        parse=parse_operations,
        priority=50,
    ),
]

#: ``tsy update`` jobs.
JOBS: list[UpdateJob] = [
    UpdateJob(
        name="nyfed:rates",
        source=SOURCE,
        run=fetch_rates,
        series_ids=tuple(r + s for r in RATES for s in RATE_FIELDS.values()),
    ),
    UpdateJob(
        name="nyfed:operations",
        source=SOURCE,
        run=fetch_operations,
        series_ids=tuple(sid for sid, _ in OPERATIONS.values()),
    ),
]
