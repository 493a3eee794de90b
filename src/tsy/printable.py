"""Make user-supplied text safe to echo on a terminal.

File names, zip-member names and values from files can hold terminal escape sequences
(``ESC[2J`` clears the screen, OSC 8 forges links). Everything tsy echoes back from the user
goes through :func:`printable` first.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

# C0 controls but tab (newlines too: echoed text is one line), DEL, C1 (U+0080-U+009F).
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Replace control characters in ``text`` by visible escapes (``\\x1b``).

    Examples
    --------
    >>> printable("evil\\x1b[2J.csv")
    'evil\\\\x1b[2J.csv'
    """
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
