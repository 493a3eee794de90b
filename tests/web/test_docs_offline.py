"""``/docs`` (the dashboard's "JSON API" link) works without internet, in headless Chromium.

Every request outside the app is aborted, as on a machine offline; Swagger UI must still draw
the API's operations from assets the app serves itself (the ``fastapi-offline`` package's).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web._server import CHROMIUM, CHROMIUM_ARGS, running_server

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)"
)


def test_docs_render_offline(settings):
    from playwright.sync_api import sync_playwright

    with running_server(settings, warm=False) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            external: list[str] = []

            def offline(route) -> None:
                if route.request.url.startswith(server):
                    route.continue_()
                else:
                    external.append(route.request.url)
                    route.abort()

            page.route("**/*", offline)
            page.goto(server + "/docs", wait_until="domcontentloaded")
            page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
            assert "tsy" in page.inner_text(".swagger-ui .info .title")
            # one block per API route (tsy.web.api.router): series, curves, monitor, ...
            assert page.locator(".swagger-ui .opblock").count() >= 8
            assert external == []
        finally:
            browser.close()
