"""Release rules: the day an observation dated ``d`` is public, as data per catalogue row.

A rule is a short string kept in each catalogue row (its ``release`` field, :mod:`tsy.catalog.row`)
and in :data:`TABLE_RELEASES` for the store tables; :func:`release_dates` turns observation dates
into release dates. ``as_of=D`` then uses an observation only when its release date is on or
before ``D`` (see :mod:`tsy.indicators.load`).

* ``same_day``: ``d`` (daily market series: Treasury's yield curves, market closes, the NY
  Fed's ON RRP results, auction results).
* ``next_bday``: the next weekday after ``d`` (NY Fed reference rates -- SOFR, EFFR, OBFR, TGCR,
  BGCR, their percentiles and volumes -- at 8:00 ET the business day after; the Daily Treasury
  Statement at 16:00 the day after).
* ``next:<dow>``: the first ``<dow>`` (mon ... sun) strictly after ``d``: H.4.1 Wednesday levels
  on Thursday (``next:thu``); CFTC Traders in Financial Futures, as of Tuesday, on Friday
  (``next:fri``); the H.10 broad dollar index, daily, on the following Monday (``next:mon``); the
  Chicago Fed NFCI, week to Friday, on Wednesday (``next:wed``); the St. Louis Fed STLFSI4, week
  to Friday, on Thursday (``next:thu``).
* ``month+<n>:<day>``: day ``<day>`` of the ``n``-th month after the month of ``d``: CPI
  (``month+1:15``; BLS publishes between the 10th and the 15th, so the 15th never looks ahead);
  TIC foreign holdings, dated at month end, around the 15th-18th of the second month after
  (``month+2:18``; March 2025 was published 2025-05-16).
* ``quarter+<n>d``: ``n`` days after the end of the quarter of ``d`` (Z.1 Financial Accounts:
  68 to 74 days after the quarter in 2024, so ``quarter+75d``).
* ``lag:<n>d``: ``d`` plus ``n`` calendar days.

Rules never use the clock: they are calendar arithmetic on the observation date. Holidays are
not modelled, so a holiday can only make a release one day earlier here than in fact for the
``next_bday`` rule; the other rules are set at or after the usual publication day.

Examples
--------
>>> release_dates("next:thu", ["2025-04-09"])[0].date()  # H.4.1 of Wednesday 2025-04-09
datetime.date(2025, 4, 10)
>>> release_dates("next:fri", ["2025-04-08"])[0].date()  # CFTC TFF as of Tuesday 2025-04-08
datetime.date(2025, 4, 11)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DOW", "TABLE_RELEASES", "check_rule", "release_dates"]

#: Weekday names of the ``next:<dow>`` rule (Monday = 0, as in pandas).
DOW: dict[str, int] = {
    d: i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
}

#: Store table -> (date column, release rule). Tables not listed are released the same day.
TABLE_RELEASES: dict[str, tuple[str, str]] = {
    "positions": ("report_date", "next:fri"),
    "foreign_holders": ("date", "month+2:18"),
    "auctions": ("auction_date", "same_day"),
    "auctions_secondary": ("auction_date", "same_day"),
    "when_issued": ("auction_date", "same_day"),
}

_MONTH = re.compile(r"^month\+(\d+):(\d{1,2})$")
_QUARTER = re.compile(r"^quarter\+(\d+)d$")
_LAG = re.compile(r"^lag:(\d+)d$")


def check_rule(rule: str) -> str:
    """Return ``rule`` if it is a known rule, else raise ``ValueError`` naming it."""
    if rule in ("same_day", "next_bday") or rule.removeprefix("next:") in DOW:
        return rule
    m = _MONTH.match(rule)
    if m and 1 <= int(m.group(2)) <= 28:
        return rule
    if _QUARTER.match(rule) or _LAG.match(rule):
        return rule
    raise ValueError(f"unknown release rule {rule!r}; see tsy.catalog.release")


def release_dates(rule: str, dates: Iterable[Any] | pd.Index) -> pd.DatetimeIndex:
    """Release date of each observation date under ``rule`` (see the module table).

    Parameters
    ----------
    rule : str
        A release rule, e.g. ``"next:thu"``.
    dates : iterable of date-like
        Observation dates.

    Returns
    -------
    DatetimeIndex
        Same length and order as ``dates``.
    """
    import numpy as np  # lazily: the catalogue is imported by `tsy --help`
    import pandas as pd

    idx = pd.DatetimeIndex(
        pd.to_datetime(list(dates) if not isinstance(dates, pd.Index) else dates)
    )
    idx = idx.normalize()
    if rule == "same_day":
        return idx
    if rule == "next_bday":
        return pd.DatetimeIndex(idx + pd.offsets.BDay(1))
    if rule.startswith("next:"):
        target = DOW[rule[5:]]
        ahead = (target - idx.day_of_week.to_numpy()) % 7
        ahead = np.where(ahead == 0, 7, ahead)
        return pd.DatetimeIndex(idx + pd.to_timedelta(ahead, unit="D"))
    m = _MONTH.match(rule)
    if m:
        months, day = int(m.group(1)), int(m.group(2))
        first = idx.to_period("M").to_timestamp() + pd.DateOffset(months=months)
        return pd.DatetimeIndex(first + pd.to_timedelta(day - 1, unit="D"))
    m = _QUARTER.match(rule)
    if m:
        end = idx.to_period("Q").to_timestamp(how="end").normalize()
        return pd.DatetimeIndex(end + pd.to_timedelta(int(m.group(1)), unit="D"))
    m = _LAG.match(rule)
    if m:
        return pd.DatetimeIndex(idx + pd.to_timedelta(int(m.group(1)), unit="D"))
    raise ValueError(f"unknown release rule {rule!r}; see tsy.catalog.release")
