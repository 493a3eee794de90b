"""The one exception tree of tsy.

::

    TsyError
    ├── SourceError            a provider could not give us what we asked for
    │   ├── HTTPStatusError    non-success HTTP status after retries
    │   ├── RateLimitedError   429 that outlived the retry budget
    │   ├── NotFoundError      404 / unknown series at the provider
    │   ├── SchemaError        payload is not in the documented shape
    │   ├── EmptyError         payload well-formed but holds no data
    │   └── MissingCredentialError  an API key or token is required and absent
    ├── StoreError             the local database failed or is locked
    └── InputError             bad input from a user or caller (argument, date, file)

Every error carries the context a user needs to act: the source, the URL (with any API key
redacted), the HTTP status, and what was expected. ``str(err)`` is a single line fit for a CLI.
"""

from __future__ import annotations

__all__ = [
    "EmptyError",
    "HTTPStatusError",
    "InputError",
    "MissingCredentialError",
    "NotFoundError",
    "RateLimitedError",
    "SchemaError",
    "SourceError",
    "StoreError",
    "TsyError",
]


class TsyError(Exception):
    """Base class of every error tsy raises on purpose."""


class SourceError(TsyError):
    """A data provider failed to deliver what was asked.

    Parameters
    ----------
    message : str
        What went wrong, in one line.
    source : str, optional
        Provider name, e.g. ``"fred"``.
    url : str, optional
        The request URL, already redacted (see :func:`tsy.http.redact`).
    status : int, optional
        HTTP status code, when there was a response.
    key : str, optional
        The series or dataset key the request was for.
    expected : str, optional
        What the parser expected to find.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        url: str | None = None,
        status: int | None = None,
        key: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.url = url
        self.status = status
        self.key = key
        self.expected = expected
        super().__init__(self.__str__())

    def __str__(self) -> str:
        parts = [self.message]
        if self.expected:
            parts.append(f"expected {self.expected}")
        ctx = []
        if self.source:
            ctx.append(f"source={self.source}")
        if self.key:
            ctx.append(f"key={self.key}")
        if self.status is not None:
            ctx.append(f"status={self.status}")
        if self.url:
            ctx.append(f"url={self.url}")
        text = "; ".join(parts)
        return f"{text} [{', '.join(ctx)}]" if ctx else text


class HTTPStatusError(SourceError):
    """The provider answered with a non-success status that retries did not cure."""


class RateLimitedError(HTTPStatusError):
    """The provider kept answering 429 Too Many Requests past the retry budget."""


class NotFoundError(SourceError):
    """The provider does not know the requested series or dataset (HTTP 404 or equivalent)."""


class SchemaError(SourceError):
    """The payload is not in the documented shape (missing column, renamed field, HTML...)."""


class EmptyError(SourceError):
    """The payload is well-formed but holds no observations."""


class MissingCredentialError(SourceError):
    """An API key or token is required for this request and none is configured."""


class StoreError(TsyError):
    """The local database failed, is locked by another writer, or holds unexpected data."""


class InputError(TsyError, ValueError):
    """Bad input: an argument, a date, a file. The message says what, where, what was expected."""
