"""What the dashboard shows, in headless Chromium: readable axes, labelled bars, Chinese dates.

The metal charts' right (real-yield) axis has a few non-overlapping ticks; every stress bar
carries its number and the top one is not clipped; the 中文 view writes month ticks in Chinese
with Plotly's zh-CN locale served by the app (no request leaves it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web._server import CHROMIUM, CHROMIUM_ARGS, running_server

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)"
)
ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")

_BOXES = """sel => Array.from(document.querySelectorAll(sel)).map(e => {
    const r = e.getBoundingClientRect();
    return {text: e.textContent, top: r.top, bottom: r.bottom, left: r.left, right: r.right};
})"""


@pytest.fixture(scope="module")
def server(settings):
    with running_server(settings, warm=False) as url:
        yield url


def _open(p, url: str):
    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    external: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(url) else external.append(r.url))
    return browser, page, external


def test_axes_and_bars_are_readable(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, page, external = _open(p, server)
        try:
            page.goto(server + "/", wait_until="domcontentloaded")
            page.wait_for_function("document.body.dataset.ready === '1'", timeout=90_000)
            for metal in ("gold", "silver", "copper"):
                ticks = page.evaluate(_BOXES, f"#chart-metal_{metal} .y2tick text")
                assert 2 <= len(ticks) <= 8, (metal, [t["text"] for t in ticks])
                ticks.sort(key=lambda t: t["top"])
                for a, b in zip(ticks, ticks[1:], strict=False):
                    assert a["bottom"] <= b["top"] + 0.5, (metal, a, b)  # no overlap
                assert all(re.fullmatch(r"[−-]?\d+(\.\d+)?", t["text"]) for t in ticks), ticks
            svg = page.evaluate(_BOXES, "#chart-stress .main-svg")[0]
            bars = page.evaluate(_BOXES, "#chart-stress .bartext")
            # one label per part of the composite (tsy.analytics.composite.PARTS: 7 parts)
            assert len(bars) == 7
            scored = [b for b in bars if re.search(r"\d", b["text"])]
            assert scored, bars  # the parts with a score show it
            for b in bars:  # a part without a score says why (its status) instead
                assert re.search(r"\d", b["text"]) or b["text"] in {"stale", "missing"}, b
            for b in scored:  # and no label is clipped by the plot area
                assert b["right"] <= svg["right"] and b["top"] >= svg["top"], b
            assert external == []
        finally:
            browser.close()


def test_chinese_view_has_chinese_month_ticks(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, page, external = _open(p, server)
        try:
            page.goto(server + "/?lang=zh", wait_until="domcontentloaded")
            page.wait_for_function("document.body.dataset.ready === '1'", timeout=90_000)
            page.fill("#start", "2020-01-01")
            page.fill("#end", "2020-12-31")
            page.click("#apply")
            page.wait_for_function("document.body.dataset.ready === '1'", timeout=60_000)
            ticks = [t["text"] for t in page.evaluate(_BOXES, "#chart-curve_10y .xtick text")]
            text = " ".join(ticks)
            assert ticks and "月" in text, ticks
            assert not ENGLISH_MONTHS.search(text), ticks
            assert external == []  # the locale comes from the app, not a CDN
        finally:
            browser.close()
