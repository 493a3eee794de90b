"""Read one TOML file of the user's (settings, user catalogue) with one-line errors.

Both files are read the same way: UTF-8 text parsed by :mod:`tomllib`; a file that cannot be
read (missing, a folder, no permission) or is not valid TOML raises
:class:`~tsy.errors.InputError` in one line naming the file, never a traceback.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from tsy.errors import InputError

__all__ = ["read_toml"]


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """The parsed TOML document at ``path``.

    Parameters
    ----------
    path : Path
        The file.
    what : str
        How messages name it (``"config file"``, ``"user catalogue"``).

    Raises
    ------
    InputError
        ``<what> <path>: cannot read it (<reason>)`` or ``<what> <path> is not valid TOML:
        <parser message on one line>``.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "c.toml"
    >>> _ = p.write_text('db = "x.db"\\n', encoding="utf-8")
    >>> read_toml(p, "config file")
    {'db': 'x.db'}
    >>> _ = p.write_text("db = \\n", encoding="utf-8")
    >>> read_toml(p, "config file")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    tsy.errors.InputError: config file ... is not valid TOML: Invalid value (at line 1, column 6)
    """
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{what} {path}: cannot read it ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        one_line = " ".join(str(exc).split())
        raise InputError(f"{what} {path} is not valid TOML: {one_line}") from None
