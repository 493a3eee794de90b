"""The dashboard in a real headless Chromium: charts drawn, headline equals the API, Chinese labels.

Uses Debian's chromium at /usr/bin/chromium (CI installs the ``chromium`` and ``fonts-noto-cjk``
packages) driven by Playwright; uvicorn serves the app on 127.0.0.1 in a thread.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest

from tests.web._server import CHROMIUM, CHROMIUM_ARGS, running_server

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def server(settings):
    with running_server(settings) as url:
        yield url


def _api(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def test_dashboard_in_chromium(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            external: list[str] = []
            page.on(
                "request",
                lambda req: external.append(req.url) if not req.url.startswith(server) else None,
            )
            page.goto(server + "/", wait_until="domcontentloaded")
            page.wait_for_function("document.body.dataset.ready === '1'", timeout=60_000)
            n_charts = page.locator(".chart").count()
            drawn = page.locator(".chart[data-drawn='1'] .main-svg").count()
            assert n_charts == 14 and page.locator(".chart[data-drawn='1']").count() == n_charts
            assert drawn >= n_charts
            # the headline numbers on the page are the API's
            api = _api(server + "/api/monitor?lang=en")["headline"]
            assert page.inner_text("#headline-score") == api["score_text"]
            assert page.inner_text("#headline-verdict") == api["verdict_text"]
            assert page.get_attribute("#headline-asof", "data-iso") == api["as_of"]
            assert page.inner_text("#headline-parts") == f"{api['n_ok']} / {api['n_parts']}"
            page.screenshot(path=str(tmp_path / "dashboard_en.png"), full_page=False)

            # date range: the 10y chart is redrawn over the chosen window
            page.fill("#start", "2020-01-01")
            page.fill("#end", "2020-12-31")
            page.click("#apply")
            page.wait_for_function("document.body.dataset.ready === '1'", timeout=30_000)
            xs = page.evaluate("document.getElementById('chart-curve_10y').data[0].x")
            assert xs[0] >= "2020-01-01" and xs[-1] <= "2020-12-31"

            # switch to Chinese: labels, headline and chart titles in Chinese
            page.select_option("#lang-select", "zh")
            page.wait_for_url(re.compile(r"lang=zh"))
            page.wait_for_function("document.body.dataset.ready === '1'", timeout=60_000)
            assert (
                page.inner_text("#curves h2") == "名义收益率、通胀保护债券实际利率与盈亏平衡通胀率"
            )
            assert page.inner_text("#headline h2") == "今日避险压力监测"
            api_zh = _api(server + "/api/monitor?lang=zh")["headline"]
            assert page.inner_text("#headline-score") == api_zh["score_text"]
            assert page.inner_text("#headline-asof") == api_zh["as_of_text"]
            title = page.evaluate("document.getElementById('chart-curve_10y').layout.title.text")
            assert title.startswith("10年期美国国债")
            headers = page.locator("#table-auctions th").all_inner_texts()
            assert "直接竞标者" in headers and "尾部利差" in headers
            page.screenshot(path=str(tmp_path / "dashboard_zh.png"), full_page=False)
            assert external == []  # no CDN, nothing outside the app
        finally:
            browser.close()
    assert (tmp_path / "dashboard_zh.png").stat().st_size > 20_000
