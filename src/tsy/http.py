"""The only module that touches the network.

One :class:`HttpClient` wraps ``httpx.Client`` with what every provider needs:

* default timeouts (connect 10 s, read 60 s);
* retries with exponential backoff (tenacity) on 429, 5xx, timeouts and connection errors,
  honouring ``Retry-After`` (seconds or an HTTP date), capped at ``max_wait`` seconds;
* a polite per-host rate limit (e.g. FRED: 2 requests per second), thread-safe, so concurrent
  fetches to different hosts run in parallel while each host sees at most its rate;
* a User-Agent naming tsy;
* an injectable transport (``httpx.MockTransport`` in tests);
* API keys and tokens redacted from every URL, message and log line (:func:`redact`).

Errors are :mod:`tsy.errors` types that carry the source, key, status and redacted URL.
"""

from __future__ import annotations

import email.utils
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from tsy import __version__
from tsy.config import Settings
from tsy.errors import HTTPStatusError, NotFoundError, RateLimitedError, SourceError

__all__ = ["HttpClient", "HttpStats", "redact"]

USER_AGENT = f"tsy/{__version__} (+https://github.com/tsy-project/tsy; US Treasury market monitor)"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
# A secret-looking query parameter: only after '?' or '&' (so "key=DGS10" in a message is kept).
_SECRET_PARAMS = re.compile(
    r"(?i)(?<=[?&])(api_key|apikey|key|token|app_token|\$\$app_token|access_token)=([^&\s\"'\]]+)"
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Remove API keys and tokens from a URL or message.

    Parameters
    ----------
    text : str
        URL or free text.
    secrets : iterable of str
        Literal secret values to mask wherever they appear.

    Returns
    -------
    str
        ``text`` with ``api_key=...``-style query values and every literal secret replaced by
        ``***``.

    Examples
    --------
    >>> redact("https://api.stlouisfed.org/fred/x?series_id=DGS10&api_key=abc123")
    'https://api.stlouisfed.org/fred/x?series_id=DGS10&api_key=***'
    """
    out = _SECRET_PARAMS.sub(lambda m: f"{m.group(1)}=***", text)
    for s in secrets:
        if s and len(s) >= 4:
            out = out.replace(s, "***")
    return out


class _RateLimiter:
    """Minimum spacing between request starts to one host (thread-safe)."""

    def __init__(
        self, per_second: float, clock: Callable[[], float], sleep: Callable[[float], None]
    ):
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)


class _Retryable(Exception):
    """Internal: a failure worth another try; carries the final error to raise."""

    def __init__(self, error: SourceError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


@dataclass
class HttpStats:
    """Counters for benchmarks and the update summary."""

    requests: int = 0
    bytes: int = 0
    retries: int = 0


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class HttpClient:
    """HTTP GET with timeouts, retries, per-host politeness and redaction.

    Parameters
    ----------
    settings : Settings
        Supplies rate limits per source and the secrets to redact.
    transport : httpx.BaseTransport, optional
        Injected transport (tests use ``httpx.MockTransport``).
    retries : int
        Attempts after the first one (default 4).
    backoff : float
        First backoff in seconds; doubles each retry (default 0.5).
    max_wait : float
        Longest single wait, Retry-After included (default 60 s).
    timeout : httpx.Timeout, optional
        Default connect 10 s, read 60 s.
    sleep, clock : callables
        Injected for tests (default ``time.sleep``, ``time.monotonic``).

    Examples
    --------
    >>> import httpx
    >>> from tsy.config import load_settings
    >>> t = httpx.MockTransport(lambda r: httpx.Response(200, content=b"ok"))
    >>> HttpClient(load_settings({}), transport=t).get("https://x.test/a", source="t").content
    b'ok'
    """

    def __init__(
        self,
        settings: Settings,
        transport: httpx.BaseTransport | None = None,
        *,
        retries: int = 4,
        backoff: float = 0.5,
        max_wait: float = 60.0,
        timeout: httpx.Timeout | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.stats = HttpStats()
        self._sleep = sleep
        self._clock = clock
        self._secrets = settings.secrets()
        self._limiters: dict[str, _RateLimiter] = {}
        self._lock = threading.Lock()
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout or DEFAULT_TIMEOUT,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _limiter(self, host: str, source: str) -> _RateLimiter:
        with self._lock:
            lim = self._limiters.get(host)
            if lim is None:
                rps = self.settings.rate_limits.get(source, 0.0)
                lim = _RateLimiter(rps, self._clock, self._sleep)
                self._limiters[host] = lim
            return lim

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        base = min(self.max_wait, self.backoff * (2 ** (state.attempt_number - 1)))
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            return min(self.max_wait, max(base, exc.retry_after))
        return base

    def get(
        self,
        url: str,
        params: Mapping[str, str] | None = None,
        *,
        source: str,
        key: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """GET ``url`` and return a successful response, or raise a typed error.

        Parameters
        ----------
        url : str
            Absolute URL.
        params : mapping, optional
            Query parameters (encoded by httpx; never pasted by hand).
        source : str
            Provider name, for rate limits and error context.
        key : str, optional
            Series or dataset key, for error context.
        headers : mapping, optional
            Extra request headers (e.g. an app token header).

        Returns
        -------
        httpx.Response
            Status 2xx, body fully read.

        Raises
        ------
        NotFoundError
            404.
        RateLimitedError
            429 past the retry budget.
        HTTPStatusError
            Other non-2xx status (5xx after retries).
        SourceError
            Timeouts or connection errors past the retry budget.
        """
        request = self._client.build_request("GET", url, params=params, headers=headers)
        safe_url = redact(str(request.url), self._secrets)
        limiter = self._limiter(urlsplit(str(request.url)).netloc, source)

        def attempt() -> httpx.Response:
            limiter.wait()
            with self._lock:  # counters are shared by the per-host threads of an update
                self.stats.requests += 1
            try:
                resp = self._client.send(request)
                body = resp.read()
            except httpx.TimeoutException as exc:
                raise _Retryable(
                    SourceError(
                        f"timed out ({type(exc).__name__})", source=source, key=key, url=safe_url
                    )
                ) from None
            except httpx.TransportError as exc:
                msg = redact(str(exc), self._secrets) or type(exc).__name__
                raise _Retryable(
                    SourceError(f"connection failed: {msg}", source=source, key=key, url=safe_url)
                ) from None
            with self._lock:
                self.stats.bytes += len(body)
            status = resp.status_code
            if 200 <= status < 300:
                return resp
            if status == 429:
                raise _Retryable(
                    RateLimitedError(
                        "rate limited (429 Too Many Requests)",
                        source=source,
                        key=key,
                        url=safe_url,
                        status=status,
                    ),
                    _parse_retry_after(resp.headers.get("Retry-After")),
                )
            if status >= 500 or status == 408:
                raise _Retryable(
                    HTTPStatusError(
                        f"server error {status}",
                        source=source,
                        key=key,
                        url=safe_url,
                        status=status,
                    ),
                    _parse_retry_after(resp.headers.get("Retry-After")),
                )
            if status == 404:
                raise NotFoundError(
                    "not found (404)", source=source, key=key, url=safe_url, status=404
                )
            snippet = redact(body[:200].decode("utf-8", "replace"), self._secrets).strip()
            raise HTTPStatusError(
                f"HTTP {status}: {' '.join(snippet.split())[:160]}",
                source=source,
                key=key,
                url=safe_url,
                status=status,
            )

        def before_sleep(state: RetryCallState) -> None:
            with self._lock:
                self.stats.retries += 1

        retrying = Retrying(
            stop=stop_after_attempt(self.retries + 1),
            wait=self._wait,
            retry=retry_if_exception_type(_Retryable),
            sleep=self._sleep,
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            return retrying(attempt)
        except _Retryable as final:
            raise final.error from None
