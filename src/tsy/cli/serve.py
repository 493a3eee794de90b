"""``tsy serve``: the dashboard and JSON API on 127.0.0.1 (read-only)."""

from __future__ import annotations

from typing import Annotated

import typer

from tsy.cli._common import err_console, require_database
from tsy.errors import InputError

__all__ = ["serve_cmd"]


def serve_cmd(
    host: Annotated[
        str, typer.Option(help="Interface to bind (default loopback only; the API is read-only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8050,
) -> None:
    """Serve the dashboard at http://HOST:PORT/ and the JSON API under /api/ (docs at /docs)."""
    import uvicorn

    from tsy.web.app import create_app

    if not 0 < port < 65536:
        raise InputError(f"--port {port}: expected 1-65535")
    settings = require_database()
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"[yellow]note:[/yellow] serving on {host}: reachable from other hosts")
    err_console.print(f"tsy dashboard on http://{host}:{port}/  (API docs: /docs; Ctrl-C stops)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
