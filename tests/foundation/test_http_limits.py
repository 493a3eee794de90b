"""Secrets, sizes and deadlines of the HTTP client (issue 15 items 3, 4 and 8).

The real :class:`tsy.http.HttpClient` against ``httpx.MockTransport`` or a 127.0.0.1 server.
Served values come from ``../shared/data/fred/DGS10.csv`` (2022-02-11 = 1.92, MANIFEST.md).
"""

from __future__ import annotations

import csv
import email.utils
import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pandas as pd
import pytest

from tests.conftest import DATA
from tsy.config import load_settings
from tsy.errors import HTTPStatusError, SourceError
from tsy.http import HttpClient
from tsy.pipeline.update import run_update
from tsy.sources import fred
from tsy.store import open_store

KEY = "k3Y9zQ7wP2mLb"  # 13 characters, like the planted key
TOKEN = "tOk8Rr2Vq6Xn"


def _settings(tmp_path, **extra):
    env = {"TSY_DATA_DIR": str(tmp_path), "TSY_DB": str(tmp_path / "t.db"), **extra}
    return load_settings(env)


def _no_fragment(text: str, secret: str) -> bool:
    """True when no 4-character piece of ``secret`` appears in ``text``."""
    return not any(secret[i : i + 4] in text for i in range(len(secret) - 3))


def test_token_and_key_never_follow_a_redirect_to_another_origin(tmp_path):
    seen: list[httpx.Request] = []

    def handler(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        if req.url.host == "a.test" and req.url.path == "/start":
            return httpx.Response(302, headers={"Location": "/same"})
        if req.url.host == "a.test" and req.url.path == "/same":
            return httpx.Response(302, headers={"Location": "https://b.test/data?x=1"})
        return httpx.Response(200, content=b"ok")

    settings = _settings(tmp_path, FRED_API_KEY=KEY, CFTC_APP_TOKEN=TOKEN)
    client = HttpClient(settings, transport=httpx.MockTransport(handler), sleep=lambda s: None)
    resp = client.get(
        "https://a.test/start",
        params={"api_key": KEY, "id": "DGS10"},
        headers={"X-App-Token": TOKEN},
        source="cftc",
    )
    assert resp.content == b"ok"
    first, same, other = seen
    assert first.headers["X-App-Token"] == TOKEN  # the origin that was asked gets the token
    assert same.url.host == "a.test" and same.headers.get("X-App-Token") == TOKEN
    assert other.url.host == "b.test"
    assert "x-app-token" not in other.headers
    assert KEY not in str(other.url) and other.url.params.get("x") == "1"


@pytest.mark.parametrize("where", ["body", "header"])
def test_a_key_planted_anywhere_in_an_error_never_comes_out(tmp_path, where):
    settings = _settings(tmp_path, FRED_API_KEY=KEY)
    filler = "." * 400
    for pos in range(0, len(filler) + 1, 7):
        text = filler[:pos] + KEY + filler[pos:]

        def handler(req: httpx.Request, text=text) -> httpx.Response:
            if where == "body":
                return httpx.Response(400, content=text.encode())
            return httpx.Response(400, headers={"X-Debug": text, "Retry-After": KEY}, content=b"")

        client = HttpClient(settings, transport=httpx.MockTransport(handler))
        with pytest.raises(HTTPStatusError) as err:
            client.get("https://x.test/a", params={"api_key": KEY}, source="fred", key="DGS10")
        assert _no_fragment(str(err.value), KEY), (pos, str(err.value))


def test_a_planted_key_reaches_neither_the_fetch_log_nor_the_outcome(tmp_path):
    def handler(req: httpx.Request) -> httpx.Response:
        body = "Bad Request. " + "x" * 190 + KEY + " " + str(req.url)  # key straddles byte 200
        return httpx.Response(400, content=body.encode())

    settings = _settings(tmp_path, FRED_API_KEY=KEY)
    with open_store(settings.db_path) as store:
        rep = run_update(
            store, settings, ["DGS10"], jobs=[], transport=httpx.MockTransport(handler)
        )
        (o,) = rep.outcomes
        assert o.status == "failed" and _no_fragment(o.error, KEY)
        log = store.fetch_log(limit=5)
        assert all(_no_fragment(str(e), KEY) for e in log["error"])


def test_fred_api_with_a_key_against_a_local_transport(tmp_path):
    rows = list(csv.reader((DATA / "fred" / "DGS10.csv").read_text().splitlines()))[1:]
    asked: list[httpx.URL] = []

    def handler(req: httpx.Request) -> httpx.Response:
        asked.append(req.url)
        vintage = {"realtime_start": "2026-01-05", "realtime_end": "9999-12-31"}
        obs = [{"date": d, "value": v or ".", **vintage} for d, v in rows]
        return httpx.Response(200, content=json.dumps({"observations": obs}).encode())

    settings = _settings(tmp_path, FRED_API_KEY=KEY)
    client = HttpClient(settings, transport=httpx.MockTransport(handler))
    s = fred.fetch(client, settings, "DGS10")
    assert s.loc["2022-02-11"] == pytest.approx(1.92)  # data/fred/DGS10.csv
    (url,) = asked
    assert url.path == "/fred/series/observations" and url.params["api_key"] == KEY
    assert url.params["series_id"] == "DGS10"


def test_a_gzip_bomb_response_is_cut_at_the_cap(tmp_path):
    bomb = gzip.compress(b"0" * (8 * 2**20))  # 8 MiB of zeros in about 8 KB

    def handler(req: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=bomb)

    settings = _settings(tmp_path, TSY_MAX_DOWNLOAD_MB="1")
    client = HttpClient(settings, transport=httpx.MockTransport(handler))
    with pytest.raises(SourceError, match="larger than 1 MiB"):
        client.get("https://x.test/a", source="fred")


def test_a_declared_oversize_body_is_refused(tmp_path):
    def handler(req: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * (2**20 + 1))

    client = HttpClient(
        _settings(tmp_path), transport=httpx.MockTransport(handler), max_bytes=2**20
    )
    with pytest.raises(SourceError, match="TSY_MAX_DOWNLOAD_MB"):
        client.get("https://x.test/a", source="fred")


class _Trickle(BaseHTTPRequestHandler):
    """Answers 200 with a long body, one byte every 0.2 s."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        try:
            for _ in range(1000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


def test_a_trickling_server_is_cut_off_at_the_deadline(tmp_path):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        client = HttpClient(_settings(tmp_path), deadline=1.5, sleep=lambda s: None)
        # the body takes 200 s to arrive: only a total deadline ends this request early
        with pytest.raises(SourceError, match="gave up after 1.5 s"):
            client.get(f"http://127.0.0.1:{srv.server_port}/x", source="fred")
    finally:
        srv.shutdown()
        srv.server_close()


def test_retry_after_as_an_http_date_is_honoured(tmp_path):
    calls = []

    def handler(req: httpx.Request) -> httpx.Response:
        calls.append(req)
        if len(calls) == 1:
            when = email.utils.formatdate(time.time() + 40, usegmt=True)
            return httpx.Response(503, headers={"Retry-After": when})
        return httpx.Response(200, content=b"ok")

    sleeps: list[float] = []
    client = HttpClient(
        _settings(tmp_path), transport=httpx.MockTransport(handler), sleep=sleeps.append
    )
    assert client.get("https://x.test/a", source="test").content == b"ok"  # no rate limit
    # the date is 40 s ahead (HTTP dates have 1 s resolution): far beyond the 0.5 s backoff
    assert len(sleeps) == 1 and 35 <= sleeps[0] <= 41


def test_the_run_budget_stops_tasks_that_did_not_start(tmp_path):
    body = (DATA / "fred" / "DGS10.csv").read_bytes()

    def slow(req: httpx.Request) -> httpx.Response:
        time.sleep(0.6)  # longer than the whole budget below
        return httpx.Response(200, content=body.replace(b"DGS10", req.url.params["id"].encode()))

    settings = _settings(tmp_path, TSY_UPDATE_BUDGET_S="0.5", TSY_FRED_RPS="1000")
    with open_store(settings.db_path) as store:
        rep = run_update(
            store,
            settings,
            ["DGS10", "DGS5", "DGS2"],
            jobs=[],
            transport=httpx.MockTransport(slow),
            as_of=pd.Timestamp("2027-01-04"),
        )
    by = {o.name: o for o in rep.outcomes}
    assert by["DGS10"].status == "ok"  # started inside the budget
    for sid in ("DGS5", "DGS2"):
        assert by[sid].status == "failed" and "TSY_UPDATE_BUDGET_S" in by[sid].error
