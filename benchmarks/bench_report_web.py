"""Benchmark: report build time, API latency (p50/p95 over 200 requests per endpoint on loopback)
and dashboard load time in headless Chromium, on the full shared data.

Run: ``.venv/bin/python benchmarks/bench_report_web.py`` (builds a store from ../shared/data in a
temporary folder with the real importer; needs /usr/bin/chromium for the dashboard row).
Targets: API p95 < 100 ms, dashboard interactive < 2 s, report < 10 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.conftest import DATA  # noqa: E402
from tests.web._server import CHROMIUM, CHROMIUM_ARGS, running_server  # noqa: E402

from tsy.config import load_settings  # noqa: E402

ENDPOINTS = [
    "/api/health",
    "/api/series/DGS10?start=2020-01-01&end=2024-12-31",
    "/api/curves/10?start=2015-01-01",
    "/api/breakevens?start=2024-01-01",
    "/api/monitor",
    "/api/monitor?lang=zh",
    "/api/auctions?limit=10",
    "/api/status",
    "/api/tables/liquidity?lang=zh",
    "/api/figures/curve_10y?lang=en",
    "/api/figures/metal_gold?lang=zh",
]
N = 200


def _get(url: str) -> float:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as r:
        r.read()
    return time.perf_counter() - t0


def _json(url: str) -> dict:
    import json

    with urllib.request.urlopen(url, timeout=60) as r:
        return json.loads(r.read())  # type: ignore[no-any-return]


def main() -> None:
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        from tsy.pipeline.importer import import_paths
        from tsy.store import open_store

        db = Path(tmp) / "tsy.db"
        t0 = time.perf_counter()
        with open_store(db) as st:
            import_paths(st, [DATA / "fred", DATA / "market", DATA / "treasury", DATA / "cftc"])
        print(f"store built in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        settings = load_settings({"TSY_DB": str(db)})

        from tsy.report.html import build_report

        for lang in ("en", "zh"):
            t0 = time.perf_counter()
            html = build_report(lang=lang, settings=settings)
            dt = time.perf_counter() - t0
            rows.append(
                (f"report build ({lang}, {len(html) / 1e6:.1f} MB)", f"{dt:.2f} s", "< 10 s")
            )

        with running_server(settings, warm=True) as url:
            t0 = time.perf_counter()
            while not _json(url + "/api/health")["warm"]:
                time.sleep(0.1)
            rows.append(("server warm-up (main sections)", f"{time.perf_counter() - t0:.2f} s", ""))
            for ep in ENDPOINTS:
                first = _get(url + ep)
                times = sorted(_get(url + ep) for _ in range(N))
                p50 = statistics.median(times) * 1000
                p95 = times[int(0.95 * N) - 1] * 1000
                rows.append(
                    (
                        f"GET {ep}",
                        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (cold {first * 1000:.0f} ms)",
                        "p95 < 100 ms",
                    )
                )
            if Path(CHROMIUM).exists():
                from playwright.sync_api import sync_playwright

                with sync_playwright() as p:
                    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    for lang in ("en", "zh", "en"):
                        page = browser.new_page(viewport={"width": 1280, "height": 900})
                        t0 = time.perf_counter()
                        page.goto(f"{url}/?lang={lang}", wait_until="domcontentloaded")
                        page.wait_for_function(
                            "document.body.dataset.ready === '1'", timeout=60_000
                        )
                        dt = time.perf_counter() - t0
                        rows.append(
                            (f"dashboard interactive ({lang}, 14 charts)", f"{dt:.2f} s", "< 2 s")
                        )
                        page.close()
                    browser.close()
            else:
                rows.append(("dashboard", f"skipped: {CHROMIUM} absent", "< 2 s"))

    w = max(len(r[0]) for r in rows)
    print(f"{'measure':<{w}}  {'result':<50}  target")
    for name, result, target in rows:
        print(f"{name:<{w}}  {result:<50}  {target}")


if __name__ == "__main__":
    main()
