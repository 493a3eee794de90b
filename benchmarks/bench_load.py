"""Benchmark: bounded loopback load on ``tsy serve`` (issue 15).

Builds a store from ../shared/data with the real importer, starts ``tsy serve`` as a separate
process on 127.0.0.1 and sends GETs to the dashboard endpoints at concurrency 1, 10 and 50:

- cached: the same URLs again;
- cold: the store changes (the last DGS10 value is revised, as an update does) before each wave
  of ``conc`` requests, so every wave meets an empty cache, as clients opening the dashboard
  right after an update do (identical requests share one computation);
- uncached: an ``as_of`` per request that nothing computed before (every request is its own
  monitor computation, about 1.2 s of CPU; the worst case);
- cached during a ``tsy import`` in another process.

Prints p50/p95/p99 latency, errors (non-200 or timeout), the resident memory of the server and
its section workers (summed) before and after each scenario, and the machine's load average
(other processes share the cores).

Run: ``.venv/bin/python benchmarks/bench_load.py [--requests N]`` (default 60 per scenario;
each request times out after 60 s, so a scenario is bounded).
Targets: 0 errors and p99 < 2 s at 10 concurrent uncached; RSS back within 20% of its start
(measured 5 s and 40 s after the load: sections of asked dates are kept 30 s).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.conftest import DATA  # noqa: E402
from tests.web._server import free_port  # noqa: E402

CACHED = [
    "/api/monitor",
    "/api/curves/10?start=2015-01-01",
    "/api/series/DGS10?start=2020-01-01",
    "/api/tables/liquidity?lang=zh",
    "/api/figures/curve_10y?lang=en",
]
#: Each uncached request asks the monitor as of another business day (never computed before).
UNCACHED = "/api/monitor?as_of={day}"


def _one_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def _rss_mb(pid: int) -> float:
    """Resident memory of the server and its worker processes (tsy.web.workers), MB."""
    return _one_rss_mb(pid) + sum(_one_rss_mb(c) for c in _children(pid))


def _load(base: str, urls: list[str], concurrency: int) -> tuple[list[float], int]:
    def one(url: str) -> float | None:
        t0 = time.perf_counter()
        try:
            r = httpx.get(base + url, timeout=60)
            ok = r.status_code == 200
        except httpx.HTTPError:
            ok = False
        return time.perf_counter() - t0 if ok else None

    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, urls))
    times = sorted(t for t in results if t is not None)
    return times, sum(t is None for t in results)


def _revise(db: Path, tmp: str, value: float) -> None:
    """Revise DGS10's last observation to ``value`` (a content change, as ``tsy update``)."""
    from tsy.pipeline.importer import import_paths
    from tsy.store import open_store

    with open_store(db) as st:
        last = st.last_date("DGS10")
        assert last is not None
        f = Path(tmp) / "revise.csv"
        f.write_text(f"date,value\n{last.date().isoformat()},{value:.2f}\n")
        with st.writer_lock("import"):
            import_paths(st, [f], series_id="DGS10")


def _pct(times: list[float], q: float) -> str:
    if not times:
        return "-"
    return f"{times[min(len(times) - 1, int(q * len(times)))]:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=60, help="requests per scenario")
    n = ap.parse_args().requests
    with tempfile.TemporaryDirectory() as tmp:
        from tsy.pipeline.importer import import_paths
        from tsy.store import open_store

        db = Path(tmp) / "tsy.db"
        with open_store(db) as st:
            import_paths(st, [DATA / "fred", DATA / "market", DATA / "treasury", DATA / "cftc"])
        port = free_port()
        env = {**os.environ, "TSY_DB": str(db), "TSY_DATA_DIR": tmp}
        server = subprocess.Popen(
            [sys.executable, "-m", "tsy.cli", "serve", "--port", str(port)],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    if httpx.get(base + "/api/health", timeout=5).json().get("warm"):
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.5)
            start_rss = _rss_mb(server.pid)
            days = iter(d.date().isoformat() for d in pd.bdate_range("2012-01-02", periods=9 * n))
            rows = []
            for kind in ("cached", "cold", "uncached", "cached, during an import"):
                for conc in (1, 10, 50):
                    if kind == "cold":
                        before = _rss_mb(server.pid)
                        t0 = time.perf_counter()
                        times, errors, sent = [], 0, 0
                        while sent < n:
                            wave = [CACHED[(sent + i) % len(CACHED)] for i in range(conc)]
                            _revise(db, tmp, 4.0 + (sent % 97) / 100)
                            t, e = _load(base, wave, conc)
                            times, errors, sent = times + t, errors + e, sent + conc
                        times.sort()
                        wall = time.perf_counter() - t0
                        rows.append(
                            (kind, conc, sent, _pct(times, 0.5), _pct(times, 0.95),
                             _pct(times, 0.99), errors, f"{sent / wall:.1f}", before,
                             _rss_mb(server.pid))
                        )  # fmt: skip
                        continue
                    if kind == "uncached":
                        urls = [UNCACHED.format(day=next(days)) for _ in range(n)]
                    else:
                        urls = [CACHED[i % len(CACHED)] for i in range(n)]
                    importer = None
                    if kind.endswith("import"):
                        importer = subprocess.Popen(
                            [sys.executable, "-m", "tsy.cli", "import", str(DATA / "fred")],
                            env=env,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                        )
                    before = _rss_mb(server.pid)
                    t0 = time.perf_counter()
                    times, errors = _load(base, urls, conc)
                    wall = time.perf_counter() - t0
                    if importer is not None:
                        importer.wait(600)
                    rows.append(
                        (kind, conc, len(urls), _pct(times, 0.5), _pct(times, 0.95),
                         _pct(times, 0.99), errors, f"{len(urls) / wall:.1f}", before,
                         _rss_mb(server.pid))
                    )  # fmt: skip
            time.sleep(5)
            end_rss = _rss_mb(server.pid)
            time.sleep(35)  # sections of asked dates expire 30 s after they were computed
            late_rss = _rss_mb(server.pid)
            load = os.getloadavg()
        finally:
            server.terminate()
            server.wait(30)
    head = ("scenario", "conc", "reqs", "p50 s", "p95 s", "p99 s", "errors", "req/s", "RSS MB")
    print(" | ".join(head))
    for kind, conc, reqs, p50, p95, p99, err, rate, b, a in rows:
        print(
            f"{kind} | {conc} | {reqs} | {p50} | {p95} | {p99} | {err} | {rate}"
            f" | {b:.0f} -> {a:.0f}"
        )
    print(
        f"server RSS: {start_rss:.0f} MB after warm-up, {end_rss:.0f} MB 5 s after the load,"
        f" {late_rss:.0f} MB 40 s after"
    )
    print(f"load average at the end (1, 5, 15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
