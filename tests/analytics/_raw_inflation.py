"""The inflation rule's ex-post record recomputed from the raw CSV files, without tsy's code.

Read with the csv module (:func:`tests.analytics._raw.raw`), dates with :mod:`datetime`, the
reference CPI with :mod:`decimal`. The rule, as seed 004 states it and tsy's docs describe it:

* entries: the last date of each month on which both the nominal and the TIPS yield have a
  value (the breakeven is nominal minus real), up to the as-of date;
* exit: the same day ``h`` years later (29 February -> 28 February), on or before the as-of;
* signal: the latest 12-month CPI-U NSA inflation whose month ``m`` is released by the entry
  (month ``m`` counts as released from the 15th of ``m + 1``); the call is TIPS when it is above
  the breakeven;
* outcome: realised inflation ``(RefCPI(exit) / RefCPI(entry)) ** (1 / h) - 1`` with the TIPS
  reference CPI of 31 CFR 356 App. B I.B.1 (CPI of ``M - 3`` plus ``(d - 1) / D`` of the step to
  ``M - 2``, truncated to six decimals, rounded to five); October 2025, never published, takes
  Treasury's index number 325.604 (App. B I.B.4(iv));
* a call is right when it is TIPS exactly when realised inflation beat the breakeven.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from tests.analytics._raw import raw

#: Treasury's CPI-U index number for the unpublished October 2025 (31 CFR 356 App. B I.B.4(iv)).
OCT_2025 = Decimal("325.604")


@dataclass(frozen=True)
class Record:
    n: int
    right: int
    hit_rate_pct: float
    mean_excess_pp: float
    first_entry: str
    last_entry: str


def _months_back(year: int, month: int, back: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) - back
    return k // 12, k % 12 + 1


def _cpi() -> dict[tuple[int, int], Decimal]:
    out = {(int(d[:4]), int(d[5:7])): Decimal(str(v)) for d, v in raw("CPIAUCNS").items()}
    return out


def _ref_cpi(cpi: dict[tuple[int, int], Decimal], day: dt.date) -> Decimal | None:
    def level(back: int) -> Decimal | None:
        ym = _months_back(day.year, day.month, back)
        return OCT_2025 if ym == (2025, 10) and ym not in cpi else cpi.get(ym)

    m3, m2 = level(3), level(2)
    if m3 is None or m2 is None:
        return None
    days = calendar.monthrange(day.year, day.month)[1]
    ref = m3 + Decimal(day.day - 1) / Decimal(days) * (m2 - m3)
    six = ref.quantize(Decimal("0.000001"), rounding=ROUND_DOWN)
    return six.quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP)


def _released(year: int, month: int) -> dt.date:
    y, m = _months_back(year, month, -1)
    return dt.date(y, m, 15)


def _plus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def last_common_date(nominal_id: str, real_id: str) -> str:
    """The last date on which both files have a value (the breakeven's last date)."""
    return max(set(raw(nominal_id)) & set(raw(real_id)))


def ex_post_record(nominal_id: str, real_id: str, horizon_years: int, as_of: str) -> Record:
    """Score the seed rule on the raw files (see the module docstring)."""
    when = dt.date.fromisoformat(as_of)
    nominal, real = raw(nominal_id), raw(real_id)
    be = {
        dt.date.fromisoformat(d): nominal[d] - real[d]
        for d in nominal.keys() & real.keys()
        if dt.date.fromisoformat(d) <= when
    }
    month_end: dict[tuple[int, int], dt.date] = {}
    for d in sorted(be):
        month_end[(d.year, d.month)] = d
    cpi = {ym: v for ym, v in _cpi().items() if _released(*ym) <= when}
    yoy = {
        ym: (float(v) / float(cpi[_months_back(*ym, 12)]) - 1) * 100
        for ym, v in cpi.items()
        if _months_back(*ym, 12) in cpi
    }
    by_release = sorted((_released(*ym), ym) for ym in yoy)
    scored: list[tuple[dt.date, bool, float]] = []
    for entry in sorted(month_end.values()):
        exit_ = _plus_years(entry, horizon_years)
        if exit_ > when:
            continue
        known = [ym for released, ym in by_release if released <= entry]
        ref_in, ref_out = _ref_cpi(cpi, entry), _ref_cpi(cpi, exit_)
        if not known or ref_in is None or ref_out is None:
            continue
        trailing = yoy[known[-1]]
        realised = ((float(ref_out) / float(ref_in)) ** (1 / horizon_years) - 1) * 100
        excess = realised - be[entry]
        right = (trailing > be[entry]) == (excess > 0)
        scored.append((entry, right, excess))
    n = len(scored)
    hits = sum(r for _, r, _ in scored)
    return Record(
        n=n,
        right=hits,
        hit_rate_pct=hits / n * 100,
        mean_excess_pp=sum(x for _, _, x in scored) / n,
        first_entry=scored[0][0].isoformat(),
        last_entry=scored[-1][0].isoformat(),
    )
