"""Run a provider's ``fetch`` through the real HTTP client over an ``httpx.MockTransport``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx
import pandas as pd

from tsy.config import DEFAULT_BASE_URLS, load_settings
from tsy.http import HttpClient
from tsy.sources.base import Parsed

#: Every provider's base URL pointed at ``https://<name>.test`` (TSY_<NAME>_URL overrides).
TEST_URLS: dict[str, str] = {
    f"TSY_{name.upper()}_URL": f"https://{name}.test" for name in DEFAULT_BASE_URLS
}


def run_fetch(
    fetch: Callable[..., Parsed],
    handler: Callable[[httpx.Request], httpx.Response],
    since: Any,
    as_of: Any,
    env: Mapping[str, str] | None = None,
) -> Parsed:
    """Call ``fetch(client, settings, since, as_of)``; settings from :data:`TEST_URLS` + ``env``.

    Every request must go to a ``.test`` host, i.e. the fetch took its base URL from
    ``settings.base_urls``.
    """
    settings = load_settings({**TEST_URLS, **(env or {})})

    def checked(request: httpx.Request) -> httpx.Response:
        assert request.url.host.endswith(".test"), request.url
        return handler(request)

    with HttpClient(settings, transport=httpx.MockTransport(checked), retries=0) as client:
        return fetch(
            client,
            settings,
            None if since is None else pd.Timestamp(since),
            pd.Timestamp(as_of),
        )
