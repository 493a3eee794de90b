"""A local FRED look-alike on 127.0.0.1 serving the real files of ``../shared/data``.

``/graph/fredgraph.csv?id=ID[&cosd=YYYY-MM-DD]`` answers with ``data/fred/ID.csv`` (or
``data/market/ID.csv``), rows before ``cosd`` dropped, as FRED does. With ``api_key`` set,
``/fred/series/observations?series_id=ID&api_key=K&file_type=json[&observation_start=...]``
answers with the same rows in the JSON layout FRED's API documents (one current vintage,
``realtime_end`` 9999-12-31, missing values as ``"."``); a wrong key gets FRED's 400 error.
Faults are scripted per series id: each request for that id pops the next fault from its list.
Overrides replace a file's bytes (to simulate a revision). Used by tests and
``benchmarks/bench_update.py``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@dataclass
class FakeFred:
    """State of the fake server: faults to inject, overrides, and a request log."""

    faults: dict[str, list[str]] = field(default_factory=dict)
    overrides: dict[str, bytes] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    bytes_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    api_key: str | None = None
    _cache: dict[str, bytes] = field(default_factory=dict)

    def body(self, sid: str, cosd: str | None) -> bytes | None:
        raw = self.overrides.get(sid) or self._cache.get(sid)
        if raw is None:
            for folder in ("fred", "market"):
                p = DATA / folder / f"{sid}.csv"
                if p.is_file():
                    raw = self._cache[sid] = p.read_bytes()
                    break
        if raw is None:
            return None
        if not cosd:
            return raw
        # rows are ISO-dated and ascending: cut at the first row dated on or after cosd
        head, _, rest = raw.partition(b"\n")
        pos = rest.find(b"\n" + cosd[:7].encode())
        start = 0 if rest.startswith(cosd[:7].encode()) else (pos + 1 if pos >= 0 else len(rest))
        tail = [ln for ln in rest[start:].split(b"\n") if ln and ln[:10] >= cosd.encode()]
        if start == len(rest):
            tail = [ln for ln in rest.split(b"\n") if ln and ln[:10] >= cosd.encode()]
        return head + b"\n" + b"".join(ln + b"\n" for ln in tail)


def _handler(state: FakeFred) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out at once (no 40 ms delayed ACK)

        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, ctype: str = "text/csv", extra=None, length=None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body) if length is None else length))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
            with state.lock:
                state.bytes_sent += len(body)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            q = {k: v[0] for k, v in parse_qs(parts.query).items()}
            sid = q.get("id") or q.get("series_id", "")
            with state.lock:
                state.requests.append(self.path)
                queue = state.faults.get(sid) or []
                fault = queue.pop(0) if queue else None
            if parts.path == "/fred/series/observations" and state.api_key is not None:
                self._api(sid, q)
                return
            if parts.path != "/graph/fredgraph.csv":
                self._send(404, b"<html>not found</html>", "text/html")
                return
            if fault == "429":
                self._send(429, b"Too Many Requests", "text/plain", {"Retry-After": "1"})
                return
            if fault == "500":
                self._send(500, b"Internal Server Error", "text/plain")
                return
            if fault == "timeout":
                time.sleep(2.0)
                self._send(200, b"observation_date," + sid.encode() + b"\n")
                return
            if fault == "html":
                self._send(200, b"<!DOCTYPE html><html><body>Error</body></html>", "text/html")
                return
            if fault == "badheader":
                self._send(200, b"when,what\n2020-01-01,1\n")
                return
            body = state.body(sid, q.get("cosd"))
            if body is None:
                self._send(404, b"<html>Series not found</html>", "text/html")
                return
            if fault == "truncated":
                self._send(200, body[: len(body) // 2], length=len(body))
                self.close_connection = True
                return
            self._send(200, body)

        def _api(self, sid: str, q: dict[str, str]) -> None:
            if q.get("api_key") != state.api_key:
                err = b'{"error_code":400,"error_message":"Bad Request.  The value for variable'
                self._send(400, err + b' api_key is not registered."}', "application/json")
                return
            body = state.body(sid, q.get("observation_start"))
            if body is None:
                self._send(400, b'{"error_code":400,"error_message":"Bad Request."}')
                return
            obs = []
            for line in body.decode().splitlines()[1:]:
                day, _, value = line.partition(",")
                obs.append(
                    {"realtime_start": "2026-08-21", "realtime_end": "9999-12-31",
                     "date": day, "value": value.strip() or "."}
                )  # fmt: skip
            self._send(200, json.dumps({"observations": obs}).encode(), "application/json")

    return Handler


@contextmanager
def fake_fred(api_key: str | None = None) -> Iterator[FakeFred]:
    """Run the fake FRED server on 127.0.0.1 (a free port) for the duration of the block; with
    ``api_key``, its JSON API answers requests carrying that key."""
    state = FakeFred(api_key=api_key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
