"""FRED: St. Louis Fed economic data.

Two ways in, both through :mod:`tsy.http`:

* keyless ``fredgraph.csv`` download (default): ``/graph/fredgraph.csv?id=ID&cosd=START``.
  Current layout ``observation_date,ID`` with blank for missing; legacy layout ``DATE,ID`` with
  ``.`` for missing. Both parse to the same Series.
* the JSON API (``api.stlouisfed.org/fred/series/observations``) when ``FRED_API_KEY`` is set,
  including real-time vintages.

``build_request`` and ``parse_*`` are pure; ``fetch`` joins them.

In the provider registry (:data:`tsy.sources.PROVIDERS`) FRED is the provider that fetches one
request per catalogue series: :data:`SERIES_SOURCE` names the catalogue source it serves and
:func:`fetch_series` is its fetcher. It has no whole-dataset ``JOBS``, and its files are read by
the generic FRED-layout CSV format of :mod:`tsy.sources.files`, so no ``FORMATS`` of its own.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tsy.errors import EmptyError, MissingCredentialError, SchemaError
from tsy.sources._payload import plain_date_values
from tsy.sources.base import Parsed, first_bad_date, parse_number

if TYPE_CHECKING:
    from tsy.config import Settings
    from tsy.http import HttpClient
    from tsy.sources.base import FileFormat, UpdateJob

__all__ = [
    "SERIES_SOURCE",
    "VINTAGE_CAP",
    "Request",
    "build_request",
    "fetch",
    "fetch_series",
    "fetch_vintages",
    "latest_from_api",
    "parse_api_observations",
    "parse_csv",
    "parse_vintage_dates",
    "vintage_windows",
]

_DATE_HEADERS = ("observation_date", "DATE")

#: Catalogue source whose series :func:`fetch_series` fetches, one request each.
SERIES_SOURCE = "fred"
#: No whole-dataset update jobs and no file formats of its own (see the module docstring).
JOBS: list[UpdateJob] = []
OPTIONAL_JOBS: list[UpdateJob] = []
FORMATS: list[FileFormat] = []


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
    plain = plain_date_values(text)
    if plain is not None:
        dates, values, lines = plain
    else:  # row by row, naming the first bad line
        dates, values, lines = [], [], []
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
            number = parse_number(v)
            if number is not None:
                values.append(number)
            else:
                raise SchemaError(
                    f"line {lineno}: value {v[:20]!r} is not a number",
                    source=source,
                    key=series_id,
                    url=url,
                    expected="a number, blank or '.'",
                )
            dates.append(d)
            lines.append(lineno)
    if not dates:
        raise EmptyError("no observations", source=source, key=series_id, url=url)
    bad = first_bad_date(dates, "%Y-%m-%d")
    if bad is not None:
        raise SchemaError(
            f"line {lines[bad]}: bad date {dates[bad][:20]!r}",
            source=source,
            key=series_id,
            url=url,
            expected="YYYY-MM-DD",
        )
    idx = pd.DatetimeIndex(pd.to_datetime(dates, format="%Y-%m-%d"), name="date")
    out = pd.Series(np.asarray(values, dtype=float), index=idx, name=series_id)
    if not out.index.is_monotonic_increasing:
        out = out.sort_index()
    if out.index.has_duplicates:
        raise SchemaError(
            "duplicate dates", source=source, key=series_id, url=url, expected="one row per date"
        )
    return out


# --------------------------------------------------------------------------------------------
# Requests (pure)
# --------------------------------------------------------------------------------------------

#: Most vintage dates FRED accepts in one observations request (API documentation).
VINTAGE_CAP = 2000


@dataclass(frozen=True)
class Request:
    """A FRED request: base-relative path and query parameters (no key in ``params``)."""

    base: str
    path: str
    params: dict[str, str]

    def url(self, base_urls: Mapping[str, str]) -> str:
        """Absolute URL without the query string."""
        return f"{base_urls[self.base].rstrip('/')}{self.path}"


def build_request(
    series_id: str,
    *,
    since: date | pd.Timestamp | None = None,
    api: bool = False,
    realtime: tuple[str, str] | None = None,
) -> Request:
    """Build the request for one series.

    Parameters
    ----------
    series_id : str
        FRED id, e.g. ``"DGS10"``.
    since : date, optional
        First observation date wanted (``cosd`` for fredgraph, ``observation_start`` for the API).
    api : bool
        Use the JSON API (needs a key, added by :func:`fetch`) instead of the keyless CSV.
    realtime : (str, str), optional
        ``(realtime_start, realtime_end)`` ISO dates, API only: all vintages in that window.

    Examples
    --------
    >>> build_request("DGS10", since=date(2025, 1, 2)).params
    {'id': 'DGS10', 'cosd': '2025-01-02'}
    """
    if not api:
        params = {"id": series_id}
        if since is not None:
            params["cosd"] = pd.Timestamp(since).date().isoformat()
        return Request("fred", "/graph/fredgraph.csv", params)
    params = {"series_id": series_id, "file_type": "json"}
    if since is not None:
        params["observation_start"] = pd.Timestamp(since).date().isoformat()
    if realtime is not None:
        params["realtime_start"], params["realtime_end"] = realtime
    return Request("fred_api", "/fred/series/observations", params)


# --------------------------------------------------------------------------------------------
# API JSON (pure)
# --------------------------------------------------------------------------------------------


def _json(payload: bytes, key: str, url: str | None) -> dict[str, Any]:
    try:
        doc = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise SchemaError(
            "body is not JSON", source="fred", key=key, url=url, expected="FRED API JSON"
        ) from None
    if not isinstance(doc, dict):
        raise SchemaError("JSON is not an object", source="fred", key=key, url=url)
    if "error_message" in doc:
        raise SchemaError(
            f"FRED API error: {doc.get('error_message')}", source="fred", key=key, url=url
        )
    return doc


def parse_api_observations(
    payload: bytes, series_id: str, *, url: str | None = None
) -> pd.DataFrame:
    """Parse ``fred/series/observations`` JSON into a frame of observations with vintages.

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (Timestamp), ``realtime_start``, ``realtime_end`` (Timestamps; FRED's
        ``9999-12-31`` becomes ``NaT`` meaning "still current") and ``value`` (float; FRED's
        ``"."`` becomes NaN).

    Raises
    ------
    SchemaError
        Not JSON, an API error message, or a missing ``observations`` list or field.
    """
    doc = _json(payload, series_id, url)
    obs = doc.get("observations")
    if not isinstance(obs, list):
        raise SchemaError(
            "no 'observations' list", source="fred", key=series_id, url=url, expected="observations"
        )
    need = ("date", "value", "realtime_start", "realtime_end")
    rows = []
    for i, o in enumerate(obs):
        if not isinstance(o, dict) or any(k not in o for k in need):
            raise SchemaError(
                f"observation {i} lacks a field",
                source="fred",
                key=series_id,
                url=url,
                expected=", ".join(need),
            )
        v = o["value"]
        rows.append((o["date"], o["realtime_start"], o["realtime_end"], v))
    frame = pd.DataFrame(rows, columns=["date", "realtime_start", "realtime_end", "value"])
    try:
        frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
        frame["realtime_start"] = pd.to_datetime(frame["realtime_start"], format="%Y-%m-%d")
        end = frame["realtime_end"].where(frame["realtime_end"] != "9999-12-31")
        frame["realtime_end"] = pd.to_datetime(end, format="%Y-%m-%d")
        frame["value"] = pd.to_numeric(frame["value"].replace(".", np.nan), errors="raise")
    except (ValueError, TypeError) as exc:
        raise SchemaError(f"bad field: {exc}", source="fred", key=series_id, url=url) from None
    return frame


def latest_from_api(frame: pd.DataFrame, series_id: str) -> pd.Series:
    """Reduce API observations to the current value per date (the latest vintage)."""
    cur = frame.sort_values(["date", "realtime_start"]).groupby("date").tail(1)
    cur = cur.dropna(subset=["value"])
    out = pd.Series(cur["value"].to_numpy(float), index=pd.DatetimeIndex(cur["date"], name="date"))
    out.name = series_id
    return out


def parse_vintage_dates(payload: bytes, series_id: str, *, url: str | None = None) -> list[str]:
    """Parse ``fred/series/vintagedates`` JSON into the list of ISO vintage dates."""
    doc = _json(payload, series_id, url)
    dates = doc.get("vintage_dates")
    if not isinstance(dates, list) or not all(isinstance(d, str) for d in dates):
        raise SchemaError(
            "no 'vintage_dates' list",
            source="fred",
            key=series_id,
            url=url,
            expected="vintage_dates",
        )
    return dates


def vintage_windows(vintage_dates: list[str], cap: int = VINTAGE_CAP) -> list[tuple[str, str]]:
    """Split vintage dates into ``(realtime_start, realtime_end)`` windows of at most ``cap``.

    Examples
    --------
    >>> vintage_windows(["2020-01-01", "2020-02-01", "2020-03-01"], cap=2)
    [('2020-01-01', '2020-02-01'), ('2020-03-01', '9999-12-31')]
    """
    out = []
    for i in range(0, len(vintage_dates), cap):
        chunk = vintage_dates[i : i + cap]
        last = i + cap >= len(vintage_dates)
        end = "9999-12-31" if last else chunk[-1]
        out.append((chunk[0], end))
    return out


# --------------------------------------------------------------------------------------------
# Fetch (thin)
# --------------------------------------------------------------------------------------------


def fetch(
    client: HttpClient,
    settings: Settings,
    series_id: str,
    since: pd.Timestamp | None = None,
) -> pd.Series:
    """Fetch one series: the JSON API when a key is configured, else the keyless CSV.

    Returns
    -------
    pandas.Series
        Observations dated on or after ``since`` (all history when ``None``). A series with no
        observation in the window comes back empty (not an error) for an incremental fetch.
    """
    api = bool(settings.fred_api_key)
    req = build_request(series_id, since=since, api=api)
    params = dict(req.params)
    if api:
        params["api_key"] = settings.fred_api_key or ""
    url = req.url(settings.base_urls)
    resp = client.get(url, params=params, source=req.base, key=series_id)
    from tsy.http import redact  # here: parsing files needs no HTTP stack (httpx)

    safe = redact(str(resp.request.url), settings.secrets())
    if api:
        return latest_from_api(parse_api_observations(resp.content, series_id, url=safe), series_id)
    try:
        out = parse_csv(resp.content, series_id, url=safe)
    except EmptyError:
        if since is None:
            raise
        out = pd.Series([], index=pd.DatetimeIndex([], name="date"), dtype=float, name=series_id)
    if since is not None:
        out = out[out.index >= pd.Timestamp(since)]
    return out


def fetch_series(
    client: HttpClient,
    settings: Settings,
    series_id: str,
    since: pd.Timestamp | None,
    *,
    key: str | None = None,
) -> Parsed:
    """The registry's per-series fetcher: :func:`fetch` as a :class:`~tsy.sources.base.Parsed`.

    ``key`` is FRED's id when the catalogue row's ``source_key`` differs from its id (a user
    catalogue entry may name FRED's ``BAMLH0A0HYM2`` ``HY_OAS``); the series is stored under
    ``series_id``.
    """
    out = fetch(client, settings, key or series_id, since).rename(series_id)
    return Parsed(series={series_id: out}, source="fred")


def fetch_vintages(client: HttpClient, settings: Settings, series_id: str) -> pd.DataFrame:
    """Fetch every vintage of a series through the API, in windows of at most 2,000 vintages.

    Requires ``FRED_API_KEY``. Returns the frame of :func:`parse_api_observations` over all
    windows (``date``, ``realtime_start``, ``realtime_end``, ``value``).

    Raises
    ------
    MissingCredentialError
        No API key configured.
    """
    if not settings.fred_api_key:
        raise MissingCredentialError(
            "vintages need the FRED API; set FRED_API_KEY", source="fred", key=series_id
        )
    base = settings.base_urls["fred_api"].rstrip("/")
    key = {"api_key": settings.fred_api_key, "file_type": "json"}
    resp = client.get(
        f"{base}/fred/series/vintagedates",
        params={"series_id": series_id, **key},
        source="fred_api",
        key=series_id,
    )
    dates = parse_vintage_dates(resp.content, series_id)
    frames = []
    for window in vintage_windows(dates):
        req = build_request(series_id, api=True, realtime=window)
        r = client.get(
            req.url(settings.base_urls),
            params={**req.params, **key},
            source="fred_api",
            key=series_id,
        )
        frames.append(parse_api_observations(r.content, series_id))
    if not frames:
        raise EmptyError("no vintages", source="fred", key=series_id)
    return pd.concat(frames, ignore_index=True).drop_duplicates()
