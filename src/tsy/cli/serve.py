"""``tsy serve``: the dashboard and JSON API on 127.0.0.1 (read-only)."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from tsy.cli._common import err_console, require_database
from tsy.errors import InputError
from tsy.printable import printable

__all__ = ["serve_cmd"]


def serve_cmd(
    host: Annotated[
        str, typer.Option(help="Interface to bind (default loopback only; the API is read-only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8050,
) -> None:
    """Serve the dashboard at http://HOST:PORT/ and the JSON API under /api/ (docs at /docs)."""
    import uvicorn

    from tsy.store import enable_read_memo
    from tsy.web.app import create_app
    from tsy.web.cache import DATED_TTL_S, trim, tune_allocator
    from tsy.web.workers import default_workers

    if not 0 < port < 65536:
        raise InputError(f"--port {port}: expected 1-65535")
    settings = require_database()
    _check_bind(host, port)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"[yellow]note:[/yellow] serving on {host}: reachable from other hosts")
    err_console.print(f"tsy dashboard on http://{host}:{port}/  (API docs: /docs; Ctrl-C stops)")
    tune_allocator()  # memory comes back after a burst of requests (tsy.web.cache)
    enable_read_memo(idle_s=DATED_TTL_S, on_clear=trim)  # as the workers (tsy.web.workers)
    app = create_app(settings, workers=default_workers())  # sections computed on every core
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _check_bind(host: str, port: int) -> None:
    """Fail with one line (exit 2) when ``host:port`` cannot be bound, before uvicorn starts.

    uvicorn reports a bad host or a busy port in its log and exits with its own code, which
    looked like the alert code (3).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(
            f"--host {printable(host)!r}: not an address or known host ({exc})"
        ) from None
    family, kind, proto, _, address = infos[0]
    try:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
    except OSError as exc:
        raise InputError(
            f"--host {printable(host)!r} --port {port}: cannot listen there ({exc.strerror})"
        ) from None
