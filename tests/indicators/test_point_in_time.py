"""``as_of=D`` is point in time: on five dates, the monitor, a study and the status table
computed as of D on the full store equal the same computation on a copy of the store from which
everything released after D was deleted.

The deletion is written here, independently of :mod:`tsy.catalog.release`: for each rule, the
last observation date that is public on D, from the publishers' schedules:

* daily market series: the same day;
* NY Fed reference rates and the Daily Treasury Statement: 8:00 / 16:00 ET the next business
  day, so on a weekday D the last public date is the day before D;
* H.4.1 (Wednesday levels): Thursday 16:30 ET; CFTC TFF (as of Tuesday): Friday 15:30 ET;
  H.10 broad dollar index (daily): weekly on Monday; NFCI (week to Friday): Wednesday; STLFSI4
  (week to Friday): Thursday -- an observation is public once the first such weekday after it
  has come, so the last public date is the day before the last such weekday on or before D;
* CPI (BLS, by the 15th of the next month), Cleveland Fed / IMF monthly (mid-month), FRED's
  monthly breakeven averages (once the month is over), TIC (dated month end; about the 15th-18th
  of the second month after); Z.1 (68-74 days after the quarter in 2024; 75 days used).
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pandas as pd
import pytest

from tests.report._store import shared_store
from tsy import catalog
from tsy.cli._common import to_jsonable
from tsy.config import load_settings
from tsy.errors import TsyError
from tsy.indicators import studies
from tsy.indicators.monitor import run_monitor
from tsy.indicators.sections import data_status

DATES = ["2019-09-17", "2020-03-18", "2022-10-12", "2023-03-13", "2025-04-11"]
_DOW = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _last_weekday_on_or_before(day: pd.Timestamp, dow: int) -> pd.Timestamp:
    return day - pd.Timedelta(days=(day.day_of_week - dow) % 7)


def _month_start(day: pd.Timestamp) -> pd.Timestamp:
    return day.to_period("M").to_timestamp()


def last_public(rule: str, day: pd.Timestamp) -> pd.Timestamp:
    """The last observation date public on ``day`` (inclusive bound) under ``rule``."""
    if rule == "same_day":
        return day
    if rule == "next_bday":
        # on a weekday D, every date before D (weekend days too: FRED's DFF repeats Friday's
        # rate on Saturday and Sunday, published on Monday) has had its next business day
        assert day.day_of_week < 5, "the dates of this test are weekdays"
        return day - pd.Timedelta(days=1)
    if rule.startswith("next:"):
        return _last_weekday_on_or_before(day, _DOW[rule[5:]]) - pd.Timedelta(days=1)
    if rule.startswith("month+"):
        months, release_day = (int(x) for x in rule[6:].split(":"))
        # month m is public from day `release_day` of month m + months
        last_month = _month_start(day) - pd.DateOffset(months=months)
        if day.day < release_day:
            last_month -= pd.DateOffset(months=1)
        return last_month + pd.offsets.MonthEnd(0)  # any date inside that month
    if rule.startswith("quarter+"):
        lag = int(rule[8:-1])
        q_end = (day - pd.Timedelta(days=lag)).to_period("Q")
        # the quarter whose end + lag <= day
        if (q_end.to_timestamp(how="end").normalize() + pd.Timedelta(days=lag)) > day:
            q_end -= 1
        return q_end.to_timestamp(how="end").normalize()
    raise AssertionError(f"rule {rule} not covered by this test")


_TABLE_RULES = {
    "positions": ("report_date", "next:fri"),
    "foreign_holders": ("date", "month+2:18"),
}


def _truncate(src, dst, day: pd.Timestamp) -> None:
    shutil.copy(src, dst)
    con = sqlite3.connect(dst)
    with con:
        for info in catalog.CATALOG.values():
            cut = last_public(info.release, day).date().isoformat()
            con.execute("DELETE FROM observations WHERE series_id = ? AND date > ?", (info.id, cut))
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for name in ("auctions", "auctions_secondary", "when_issued", *_TABLE_RULES):
            if name not in names:
                continue
            col, rule = _TABLE_RULES.get(name, ("auction_date", "same_day"))
            cut = last_public(rule, day).date().isoformat()
            con.execute(f'DELETE FROM "{name}" WHERE "{col}" > ?', (cut,))
    con.close()


def _same(a, b) -> None:
    ja = json.dumps(to_jsonable(a), sort_keys=True, default=str)
    jb = json.dumps(to_jsonable(b), sort_keys=True, default=str)
    assert ja == jb


def _or_error(study, day, settings):
    """The study's result as plain values, or its one-line error (the same on both stores)."""
    try:
        return study(as_of=day, settings=settings).to_dict()
    except TsyError as exc:
        return f"error: {exc}"


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    return shared_store(tmp_path_factory)


def test_the_test_rules_cover_the_catalogue():
    for info in catalog.CATALOG.values():
        last_public(info.release, pd.Timestamp("2025-04-11"))


def test_rules_on_known_releases():
    d = pd.Timestamp("2025-04-11")  # a Friday
    # H.4.1 of Wednesday 2025-04-09 was published Thursday 2025-04-10
    assert last_public("next:thu", d) == pd.Timestamp("2025-04-09")
    # CFTC TFF as of Tuesday 2025-04-08 was published Friday 2025-04-11
    assert last_public("next:fri", d) >= pd.Timestamp("2025-04-08")
    # H.10 broad dollar: the week to 2025-04-04 was out Monday 2025-04-07, not 04-07..04-11
    assert last_public("next:mon", d) == pd.Timestamp("2025-04-06")
    # CPI for March 2025 came out 2025-04-10 (BLS); the 15th rule has February as the last
    assert last_public("month+1:15", d) == pd.Timestamp("2025-02-28")
    # TIC for March 2025 came out in mid-May: on 04-11 January is the last month used
    assert last_public("month+2:18", d) == pd.Timestamp("2025-01-31")
    # Z.1 for 2024Q4 came out 2025-03-13: on 04-11 the fourth quarter is public
    assert last_public("quarter+75d", d) == pd.Timestamp("2024-12-31")


@pytest.mark.parametrize("day", DATES)
def test_as_of_equals_a_store_without_later_releases(full, tmp_path, day):
    when = pd.Timestamp(day)
    cut_db = tmp_path / "cut.db"
    _truncate(full.db_path, cut_db, when)
    cut = load_settings({"TSY_DB": str(cut_db)})

    a = run_monitor(as_of=day, settings=full)
    b = run_monitor(as_of=day, settings=cut)
    _same(a.to_dict(), b.to_dict())

    for study in (studies.tenor_table, studies.hiking_cycles, studies.curve_monitor):
        _same(_or_error(study, day, full), _or_error(study, day, cut))
    infl = {"switch": False}
    _same(
        studies.inflation_signal(as_of=day, settings=full, **infl).to_dict(),
        studies.inflation_signal(as_of=day, settings=cut, **infl).to_dict(),
    )
    sa = data_status(as_of=day, settings=full)
    sb = data_status(as_of=day, settings=cut)
    cols = ["series_id", "last_date", "age_days", "status"]
    _same(sa[cols], sb[cols])
