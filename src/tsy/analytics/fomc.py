"""FOMC statement dates of the rate increases since 2004, as data.

Hiking cycles are measured from the day the FOMC announced each move (the statement date). FRED's
``DFEDTAR``/``DFEDTARU`` are dated by when the new target took effect: the same day up to 2016,
the day after the statement from 2017 (the Board's implementation notes make new ranges effective
the next day). Three moves that bound the cycles are among them: the last hike of 2015-2018
(statement 2018-12-19, FRED 2018-12-20) and the first and last of 2022-2023 (2022-03-16 / FRED
2022-03-17; 2023-07-26 / FRED 2023-07-27).

Source: Board of Governors of the Federal Reserve System, FOMC meeting calendars and statements
(federalreserve.gov, "Meeting calendars, statements, and minutes" and the historical materials by
year). Each date is checked against the FRED series in tests/analytics/test_seed_claims.py: every
FRED increase from 2004 falls on a statement date or the day after it.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["FOMC_HIKES", "statement_date"]

#: Statement dates of every increase of the federal funds target (range) from 2004.
FOMC_HIKES: tuple[str, ...] = (
    # 2004-2006: 17 increases of 25bp, 1.00% -> 5.25%
    "2004-06-30", "2004-08-10", "2004-09-21", "2004-11-10", "2004-12-14", "2005-02-02",
    "2005-03-22", "2005-05-03", "2005-06-30", "2005-08-09", "2005-09-20", "2005-11-01",
    "2005-12-13", "2006-01-31", "2006-03-28", "2006-05-10", "2006-06-29",
    # 2015-2018: 9 increases, 0-0.25% -> 2.25-2.50%
    "2015-12-16", "2016-12-14", "2017-03-15", "2017-06-14", "2017-12-13", "2018-03-21",
    "2018-06-13", "2018-09-26", "2018-12-19",
    # 2022-2023: 11 increases, 0-0.25% -> 5.25-5.50%
    "2022-03-16", "2022-05-04", "2022-06-15", "2022-07-27", "2022-09-21", "2022-11-02",
    "2022-12-14", "2023-02-01", "2023-03-22", "2023-05-03", "2023-07-26",
)  # fmt: skip


def statement_date(
    effective: pd.Timestamp, statements: tuple[str, ...] = FOMC_HIKES
) -> tuple[pd.Timestamp, bool]:
    """The FOMC statement date of a move FRED dates ``effective``, and whether one was found.

    The statement date is ``effective`` itself or the day before it when that day is in
    ``statements``; otherwise ``effective`` is returned with ``False`` (moves before 2004, or a
    date the table lacks).

    Examples
    --------
    >>> statement_date(pd.Timestamp("2018-12-20"))
    (Timestamp('2018-12-19 00:00:00'), True)
    """
    known = pd.DatetimeIndex(pd.to_datetime(list(statements)))
    day = pd.Timestamp(effective).normalize()
    for cand in (day, day - pd.Timedelta(days=1)):
        if cand in known:
            return cand, True
    return day, False
