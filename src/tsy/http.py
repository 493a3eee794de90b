"""The only module that touches the network.

One :class:`HttpClient` wraps ``httpx.Client`` with what every provider needs:

* default timeouts (connect 10 s, read 60 s);
* retries with exponential backoff (tenacity) on 429, 5xx, timeouts and connection errors,
  honouring ``Retry-After`` (seconds or an HTTP date), capped at ``max_wait`` seconds;
* a polite per-host rate limit (e.g. FRED: 2 requests per second), thread-safe, so concurrent
  fetches to different hosts run in parallel while each host sees at most its rate;
* a User-Agent naming tsy;
* an injectable transport (``httpx.MockTransport`` in tests);
* API keys and tokens redacted from every URL, message and log line (:func:`redact`), the
  whole text first and only then cut to a snippet;
* redirects followed by hand: on a redirect to another origin the app-token headers and
  secret query parameters are dropped (httpx itself strips only ``Authorization``);
* a cap on the body, decompressed (``TSY_MAX_DOWNLOAD_MB``, default 128 MiB), read in chunks;
* a total deadline per request, retries and waits included (``TSY_REQUEST_DEADLINE_S``,
  default 300 s); each attempt's timeouts are cut to what is left of it.

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
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
)

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


class _Deadline(Exception):
    """Internal: the request's total deadline passed."""


class _TooBig(Exception):
    """Internal: the body passed the size cap."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


#: Redirects followed per request (httpx's default is 20; official APIs use one or two).
_MAX_REDIRECTS = 5
_SECRET_NAMES = re.compile(
    r"(?i)api_key|apikey|key|token|app_token|\$\$app_token|access_token|password|secret"
)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host, url.port)


def _shorter(timeout: httpx.Timeout, seconds: float) -> dict[str, float | None]:
    """httpx per-request timeouts, none longer than ``seconds``."""

    def cap(v: float | None) -> float:
        return seconds if v is None else min(v, seconds)

    return {
        "connect": cap(timeout.connect),
        "read": cap(timeout.read),
        "write": cap(timeout.write),
        "pool": cap(timeout.pool),
    }


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
        Default connect 10 s, read 60 s (each capped by what is left of the deadline).
    deadline : float, optional
        Total seconds per :meth:`get`, retries and waits included (default
        ``settings.request_deadline_s``, 300 s).
    max_bytes : int, optional
        Largest body, decompressed (default ``settings.max_download_bytes``, 128 MiB).
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
        deadline: float | None = None,
        max_bytes: int | None = None,
    ) -> None:
        self.settings = settings
        self.deadline = float(deadline if deadline is not None else settings.request_deadline_s)
        self.max_bytes = int(max_bytes if max_bytes is not None else settings.max_download_bytes)
        self._timeout = timeout or DEFAULT_TIMEOUT
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
            follow_redirects=False,  # followed by hand (credentials stay with their origin)
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(
        self, request: httpx.Request, deadline: float, extra: tuple[str, ...]
    ) -> tuple[httpx.Response, bytes]:
        """Send ``request``, following redirects by hand, and read the body under the caps.

        On a redirect to another origin (scheme, host, port) the caller's extra headers (app
        tokens) and every secret-looking query parameter are dropped: httpx strips only
        ``Authorization``. The body is read in chunks (decompressed) and abandoned once it
        passes ``max_bytes`` or the request's ``deadline`` (a server trickling bytes).
        """
        origin = _origin(request.url)
        for _ in range(_MAX_REDIRECTS + 1):
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise _Deadline
            request.extensions["timeout"] = _shorter(self._timeout, remaining)
            resp = self._client.send(request, stream=True)
            try:
                if resp.is_redirect and "location" in resp.headers:
                    target = request.url.join(resp.headers["location"])
                    request = self._redirect(request, target, origin, extra)
                    continue
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise _TooBig(self.max_bytes)
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise _TooBig(self.max_bytes)
                    if self._clock() > deadline:
                        raise _Deadline
                    chunks.append(chunk)
                body = b"".join(chunks)
                resp._content = body  # the response reads as fully loaded (resp.content)
                return resp, body
            finally:
                resp.close()
        return resp, b""

    def _redirect(
        self,
        request: httpx.Request,
        target: httpx.URL,
        origin: tuple[str, str, int | None],
        extra: tuple[str, ...],
    ) -> httpx.Request:
        """The request for a redirect ``target``; credentials only to the first origin."""
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        if _origin(target) != origin:
            drop = {h.lower() for h in extra} | {"authorization", "cookie"}
            headers = {k: v for k, v in headers.items() if k.lower() not in drop}
            kept = [
                (k, v)
                for k, v in target.params.multi_items()
                if not _SECRET_NAMES.fullmatch(k) and v not in self._secrets
            ]
            target = target.copy_with(params=kept) if kept else target.copy_with(query=None)
        return self._client.build_request("GET", target, headers=headers)

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
        deadline = self._clock() + self.deadline
        extra = tuple(headers or ())

        def fail(msg: str) -> SourceError:
            return SourceError(msg, source=source, key=key, url=safe_url)

        def attempt() -> httpx.Response:
            if self._clock() >= deadline:
                raise fail(f"gave up after {self.deadline:g} s (TSY_REQUEST_DEADLINE_S)")
            limiter.wait()
            with self._lock:  # counters are shared by the per-host threads of an update
                self.stats.requests += 1
            try:
                resp, body = self._send(request, deadline, extra)
            except httpx.TimeoutException as exc:
                raise _Retryable(fail(f"timed out ({type(exc).__name__})")) from None
            except httpx.TransportError as exc:
                msg = redact(str(exc), self._secrets) or type(exc).__name__
                raise _Retryable(fail(f"connection failed: {msg}")) from None
            except _Deadline:
                raise fail(
                    f"gave up after {self.deadline:g} s (TSY_REQUEST_DEADLINE_S): the server"
                    " answers too slowly"
                ) from None
            except _TooBig as exc:
                raise fail(
                    f"response larger than {exc.limit / 2**20:g} MiB (TSY_MAX_DOWNLOAD_MB);"
                    " not read"
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
            if 300 <= status < 400:
                raise HTTPStatusError(
                    f"HTTP {status}: too many redirects or a redirect without a location",
                    source=source,
                    key=key,
                    url=safe_url,
                    status=status,
                )
            # redact the whole body first, then cut: a cut secret can no longer be matched
            text = redact(body.decode("utf-8", "replace"), self._secrets)
            snippet = " ".join(text.split())[:160]
            raise HTTPStatusError(
                f"HTTP {status}: {snippet}",
                source=source,
                key=key,
                url=safe_url,
                status=status,
            )

        def before_sleep(state: RetryCallState) -> None:
            with self._lock:
                self.stats.retries += 1

        def stop(state: RetryCallState) -> bool:  # attempts used up, or no time for a retry
            out_of_time = self._clock() + self._wait(state) >= deadline
            return state.attempt_number > self.retries or out_of_time

        retrying = Retrying(
            stop=stop,
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
