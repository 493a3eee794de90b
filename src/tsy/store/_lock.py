"""Exclusive cross-process writer lock beside the database: ``<db>.lock`` held with ``flock``.

The kernel drops an ``flock`` when its holder exits, however it exits (SIGKILL included), so a
crashed update never leaves a stale lock. The file holds ``pid``, start time and command of the
holder, for the message shown to a second writer. The file itself is never deleted (deleting
lock files races with the next taker).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from tsy.errors import StoreError

__all__ = ["writer_lock"]


@contextmanager
def writer_lock(db_path: Path, command: str = "update") -> Iterator[str]:
    """Hold the writer lock of ``db_path`` for the ``with`` block (non-blocking).

    Parameters
    ----------
    db_path : Path
        The database file.
    command : str
        What the holder runs (``"update"``, ``"import"``), named to a second writer.

    Yields
    ------
    str
        The lock file, ``f"{db_path}.lock"``.

    Raises
    ------
    StoreError
        ``"another tsy import is running (pid N, since T)"`` when another holder has it, or when
        the lock file cannot be opened.
    """
    try:
        import fcntl
    except ImportError as exc:  # pragma: no cover - non-POSIX
        raise StoreError(f"{db_path}: the writer lock needs POSIX fcntl.flock") from exc
    lock_path = Path(f"{db_path}.lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"{db_path}: cannot open writer lock {lock_path}: {exc}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").split()
            pid = holder[0] if holder else "?"
            since = holder[1] if len(holder) > 1 else "?"
            what = " ".join(holder[2:]) or "update"
            raise StoreError(
                f"another tsy {what} is running (pid {pid}, since {since}) on {db_path};"
                " wait for it to finish"
            ) from None
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        holder_line = f"{os.getpid()} {now} {command}\n".encode()
        try:  # a full disk (ENOSPC) or a lock path that is not a file: one line, not a crash
            os.pwrite(fd, holder_line, 0)
            os.ftruncate(fd, len(holder_line))
        except OSError as exc:
            fcntl.flock(fd, fcntl.LOCK_UN)
            raise StoreError(
                f"{db_path}: cannot write writer lock {lock_path}: {exc.strerror or exc}"
            ) from None
        try:
            yield str(lock_path)
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
