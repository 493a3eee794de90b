"""Refuse non-loopback connections in tests (a hermetic suite never reaches the internet).

:func:`install` wraps ``socket.socket.connect`` / ``connect_ex``: a connection to an address
outside 127.0.0.0/8 and ::1 (or to a host name other than ``localhost``) raises
``ConnectionRefusedError`` and is appended to a log file, so that a test that swallows the error
still fails.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

_installed: list[str | None] = []


def is_loopback(address: Any) -> bool:
    """True for a Unix socket path, a loopback IP or ``localhost``."""
    if not isinstance(address, tuple):
        return True  # AF_UNIX paths, abstract sockets
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name that would need a DNS lookup


def install(log_path: str | None) -> None:
    """Guard every socket of this process; attempts go to ``log_path`` (one line each).

    ``None`` lifts the guard (tests marked ``network``) until the next call.
    """
    if _installed:
        _installed[0] = log_path
        return
    _installed.append(log_path)
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def refuse(sock: socket.socket, address: Any) -> None:
        log = _installed[0]
        if log and sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address):
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"connection to {address!r} refused by the test network guard\n")
            raise ConnectionRefusedError(f"test network guard: {address!r} is not loopback")

    def connect(self: socket.socket, address: Any) -> None:
        refuse(self, address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        refuse(self, address)
        return real_connect_ex(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
