"""HTTP client faults against the local FRED look-alike serving the real DGS10 file.

Expected values: DGS10 on 2022-02-11 is 1.92 (data/fred/DGS10.csv, FRED H.15).
"""

from __future__ import annotations

import httpx
import pytest

from tests.fakeserver import fake_fred
from tsy.config import load_settings
from tsy.errors import (
    HTTPStatusError,
    NotFoundError,
    RateLimitedError,
    SchemaError,
    SourceError,
)
from tsy.http import HttpClient, redact
from tsy.sources import fred


def _client(url: str, sleeps: list[float] | None = None, **kw) -> tuple[HttpClient, object]:
    settings = load_settings({"TSY_FRED_URL": url, "TSY_DATA_DIR": "/nonexistent-tsy"})
    rec = sleeps if sleeps is not None else []
    client = HttpClient(settings, sleep=rec.append, **kw)
    return client, settings


def test_fetch_real_file_through_local_server():
    with fake_fred() as srv:
        client, settings = _client(srv.url)
        s = fred.fetch(client, settings, "DGS10")
    assert s.loc["2022-02-11"] == pytest.approx(1.92, abs=1e-12)  # data/fred/DGS10.csv
    assert s.index.name == "date" and s.name == "DGS10"


def test_429_with_retry_after_is_retried_honouring_header():
    sleeps: list[float] = []
    with fake_fred() as srv:
        srv.faults["DGS10"] = ["429"]
        client, settings = _client(srv.url, sleeps)
        s = fred.fetch(client, settings, "DGS10")
    assert len(s) > 16000
    # Retry-After: 1 from the server beats the 0.5 s first backoff
    assert any(x >= 1.0 for x in sleeps)
    assert client.stats.retries == 1


def test_429_forever_raises_rate_limited_naming_series_and_url():
    with fake_fred() as srv:
        srv.faults["DGS10"] = ["429"] * 10
        client, settings = _client(srv.url, retries=2)
        with pytest.raises(RateLimitedError) as ei:
            fred.fetch(client, settings, "DGS10")
    msg = str(ei.value)
    assert "DGS10" in msg and "fredgraph.csv" in msg and ei.value.status == 429


def test_500_then_200_succeeds():
    with fake_fred() as srv:
        srv.faults["DGS10"] = ["500"]
        client, settings = _client(srv.url)
        s = fred.fetch(client, settings, "DGS10")
    assert s.loc["2022-02-11"] == pytest.approx(1.92)
    assert client.stats.retries == 1


def test_500_forever_is_http_status_error():
    with fake_fred() as srv:
        srv.faults["DGS10"] = ["500"] * 10
        client, settings = _client(srv.url, retries=1)
        with pytest.raises(HTTPStatusError) as ei:
            fred.fetch(client, settings, "DGS10")
    assert ei.value.status == 500 and "DGS10" in str(ei.value)


def test_timeout_is_retried_then_typed_error():
    with fake_fred() as srv:
        srv.faults["DGS10"] = ["timeout", "timeout"]
        client, settings = _client(srv.url, retries=1, timeout=httpx.Timeout(0.3))
        with pytest.raises(SourceError) as ei:
            fred.fetch(client, settings, "DGS10")
    assert "timed out" in str(ei.value) and "DGS10" in str(ei.value)


def test_truncated_body_is_a_typed_error_not_partial_data():
    with fake_fred() as srv:
        srv.faults["DGS10"] = ["truncated"] * 5
        client, settings = _client(srv.url, retries=1)
        with pytest.raises(SourceError) as ei:
            fred.fetch(client, settings, "DGS10")
    assert "DGS10" in str(ei.value)


def test_html_error_page_is_schema_error():
    with fake_fred() as srv:
        srv.faults["DGS10"] = ["html"]
        client, settings = _client(srv.url)
        with pytest.raises(SchemaError) as ei:
            fred.fetch(client, settings, "DGS10")
    assert "HTML" in str(ei.value) and "DGS10" in str(ei.value)


def test_unknown_header_is_schema_error():
    with fake_fred() as srv:
        srv.faults["DGS10"] = ["badheader"]
        client, settings = _client(srv.url)
        with pytest.raises(SchemaError) as ei:
            fred.fetch(client, settings, "DGS10")
    assert "header" in str(ei.value)


def test_unknown_series_is_not_found():
    with fake_fred() as srv:
        client, settings = _client(srv.url)
        with pytest.raises(NotFoundError):
            fred.fetch(client, settings, "NOSUCHSERIES")


def test_api_key_never_in_error_messages():
    key = "abcdef0123456789abcdef0123456789"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, text=f"Bad Request. api_key={key} is not registered.")

    settings = load_settings({"FRED_API_KEY": key, "TSY_DATA_DIR": "/nonexistent-tsy"})
    client = HttpClient(settings, transport=httpx.MockTransport(handler), sleep=lambda s: None)
    with pytest.raises(HTTPStatusError) as ei:
        fred.fetch(client, settings, "DGS10")
    assert key not in str(ei.value) and "api_key=***" in str(ei.value)
    assert key not in repr(settings)


def test_rate_limit_spaces_requests_per_host():
    # FRED's limit (about 2 requests/s) -> at most 2 request starts per second per host.
    clock = [0.0]
    sleeps: list[float] = []

    def sleep(dt: float) -> None:
        sleeps.append(dt)
        clock[0] += dt

    settings = load_settings({"TSY_DATA_DIR": "/nonexistent-tsy"})
    t = httpx.MockTransport(lambda r: httpx.Response(200, content=b"observation_date,DGS10\n"))
    client = HttpClient(settings, transport=t, sleep=sleep, clock=lambda: clock[0])
    for _ in range(5):
        client.get("https://fred.stlouisfed.org/graph/fredgraph.csv", source="fred")
    assert sum(sleeps) == pytest.approx(2.0)  # 5 starts at 0, .5, 1, 1.5, 2 s


def test_redact_masks_token_params_and_literals():
    assert redact("x?$$app_token=SECRET1&y=1") == "x?$$app_token=***&y=1"
    assert redact("the key SECRETVALUE leaked", ["SECRETVALUE"]) == "the key *** leaked"
