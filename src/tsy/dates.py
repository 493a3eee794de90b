"""One date parser for the CLI, the Python API and the JSON API.

Accepted: ISO text ``YYYY-MM-DD``, ``YYYY-MM`` (the month's first day; its last day for an end
date) and ``YYYY`` (January 1; December 31 for an end date), and ``datetime.date``,
``datetime.datetime``, ``pandas.Timestamp`` or ``numpy.datetime64`` objects (their date). Text
with slashes or dots (``11/04/2025`` is 4 November in New York and 11 April in London), words or
times is refused with a one-line :class:`~tsy.errors.InputError` naming the accepted forms.

Examples
--------
>>> parse_date("2025-11-04").date()
datetime.date(2025, 11, 4)
>>> parse_date("2025-02", end=True).date()
datetime.date(2025, 2, 28)
>>> parse_date("11/04/2025", "--as-of")
Traceback (most recent call last):
...
tsy.errors.InputError: --as-of: '11/04/2025' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING, Any

from tsy.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ACCEPTED", "parse_date"]

#: The accepted text forms, as error messages and help name them.
ACCEPTED = "YYYY-MM-DD, YYYY-MM or YYYY"
_ISO = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")


def parse_date(value: Any, name: str = "date", *, end: bool = False) -> pd.Timestamp | None:
    """Parse a user-given date; ``None`` and blank text pass through as ``None``.

    Parameters
    ----------
    value : str, date, datetime, pandas.Timestamp, numpy.datetime64 or None
    name : str
        How the caller calls the argument (``--as-of``, ``start``), for the error message.
    end : bool
        A month or a year means its last day (an end of a range) instead of its first.

    Returns
    -------
    pandas.Timestamp or None
        Midnight of the date (time of day dropped).

    Raises
    ------
    InputError
        ``"{name}: {value!r} is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY"``.
    """
    import pandas as pd

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        return _from_text(value, name, end, pd)
    if isinstance(value, _dt.date | pd.Timestamp) or type(value).__name__ == "datetime64":
        ts = pd.Timestamp(value)
        if ts is pd.NaT:
            raise InputError(f"{name}: {value!r} is not a date; expected {ACCEPTED}")
        return ts.normalize()
    raise InputError(
        f"{name}: {value!r} ({type(value).__name__}) is not a date; expected {ACCEPTED} "
        "or a date object"
    )


def _from_text(value: str, name: str, end: bool, pd: Any) -> pd.Timestamp:
    m = _ISO.fullmatch(value.strip())
    if m is None:
        raise InputError(f"{name}: {value!r} is not a date; expected {ACCEPTED}")
    year, month, day = int(m["y"]), m["m"], m["d"]
    try:
        if day is not None:
            return pd.Timestamp(_dt.date(year, int(month), int(day)))
        if month is not None:
            first = pd.Timestamp(_dt.date(year, int(month), 1))
            return first + pd.offsets.MonthEnd(0) if end else first
        return pd.Timestamp(_dt.date(year, 12, 31) if end else _dt.date(year, 1, 1))
    except ValueError:
        raise InputError(
            f"{name}: {value!r} is not a date (no such day); expected {ACCEPTED}"
        ) from None
