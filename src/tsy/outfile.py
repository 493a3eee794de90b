"""Check an ``--out`` file before any work, and write it with a one-line error on failure.

A report takes seconds to build; finding only afterwards that its folder is read-only, full or a
file wastes that work and used to end in an internal error. :func:`check_out` is called before
the work: it names the folder problem in one line, and proves the folder writable by creating
and removing a probe file there (``os.access`` is no proof: root passes it on a read-only mount).

Examples
--------
>>> check_out(Path("report.html"), (".html", ".htm"))     # doctest: +SKIP
PosixPath('report.html')
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from tsy.errors import InputError

__all__ = ["check_out", "write_out"]


def check_out(path: Path, suffixes: Sequence[str], *, kind: str = "") -> Path:
    """Refuse an ``--out`` path that cannot be written, before any work is done.

    Parameters
    ----------
    path : Path
        The file to write.
    suffixes : sequence of str
        Accepted suffixes (lower case, with the dot).
    kind : str
        What the suffixes are, for the message (default: the suffixes joined).

    Raises
    ------
    InputError
        A wrong suffix, a missing folder, a folder that is a file, a path that is a folder, or a
        folder where no file can be created (read-only, full, no permission).
    """
    path = Path(path)
    if path.suffix.lower() not in suffixes:
        expected = kind or "a file ending in " + ", ".join(suffixes)
        raise InputError(f"--out {path}: expected {expected}")
    parent = path.parent
    if not parent.exists():
        raise InputError(f"--out {path}: folder {parent} does not exist")
    if not parent.is_dir():
        raise InputError(f"--out {path}: {parent} is a file, not a folder")
    if path.is_dir():
        raise InputError(f"--out {path}: is a folder; expected a file name")
    if path.exists() and not os.access(path, os.W_OK):
        raise InputError(f"--out {path}: the file is not writable")
    try:
        fd, probe = tempfile.mkstemp(dir=parent, prefix=".tsy-probe-")
    except OSError as exc:
        raise InputError(f"--out {path}: cannot write in {parent}: {exc.strerror}") from None
    os.close(fd)
    os.unlink(probe)
    return path


def write_out(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(path)``; an OS error (disk full, folder gone) becomes one line.

    Raises
    ------
    InputError
        ``write`` failed with an ``OSError``; a partial file is removed.
    """
    try:
        write(path)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise InputError(f"--out {path}: writing failed: {exc.strerror or exc}") from None
    return path
