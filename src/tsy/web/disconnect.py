"""Tell a request's worker thread when its HTTP client disconnects (issue 15 item 7).

FastAPI runs the API's synchronous endpoints in a threadpool, where nothing notices a client
that gave up: its request went on waiting for a computation slot, then computed for nobody (the
server burned a core for minutes after a burst of timed-out requests). The middleware below
turns the ASGI ``http.disconnect`` message into a :class:`threading.Event` in the request's
context (:data:`tsy.web.cache.CANCEL`), which :class:`tsy.web.cache.StoreCache` checks while a
request waits.
"""

from __future__ import annotations

import threading

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tsy.web.cache import CANCEL

__all__ = ["CancelOnDisconnect"]


class CancelOnDisconnect:
    """ASGI middleware: tell a request's worker thread when its client disconnects.

    The request body is read first and replayed to the app; meanwhile a task waits for
    ``http.disconnect`` and sets the request's :data:`tsy.web.cache.CANCEL` event, which the
    worker thread sees (the threadpool copies the context), so a request still waiting for a
    computation slot is dropped instead of computing for nobody. A computation already running
    finishes (pandas cannot be interrupted) and is cached for the next asker.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)  # the API is GET only: nothing to buffer
            return
        body = b""
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        gone = threading.Event()
        gone_async = anyio.Event()
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            await gone_async.wait()
            return {"type": "http.disconnect"}

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            gone.set()
            gone_async.set()

        token = CANCEL.set(gone)
        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(watch)
                await self.app(scope, replay, send)
                tg.cancel_scope.cancel()
        finally:
            CANCEL.reset(token)
