"""Coupon schedules and accrued interest of Treasury notes and bonds (actual/actual ICMA).

Conventions (31 CFR 356 Appendix B, section I.A and I.D):

* Interest is paid semiannually on the two *coupon frequency dates* set by the maturity date
  (a note maturing 15 November pays 15 May and 15 November). *Quasi-coupon dates* are those
  dates stepped back from maturity by six calendar months; when the maturity is the last day of
  its month, every quasi-coupon date is the last day of its month (the end-of-month rule:
  31 August -> 28/29 February).
* Interest accrues from the *dated date*. The first coupon is regular when the dated date is a
  quasi-coupon date, *short* when it falls inside a quasi period (paid on the next quasi date)
  and *long* when the first payment is the quasi date after that (the fractional "initial short
  period" is paid with the first full half-year).
* Accrued interest and odd coupons use the actual number of days over the actual number of days
  in the half-year concerned (actual/actual ICMA; App. B Table 1 lists those day counts).

The vectorised core works on integer *day numbers* (days since 1970-01-01, the integer view of
``datetime64[D]``) with integer civil-calendar arithmetic (H. Hinnant's algorithms), so the same
functions run on NumPy arrays (any number of bonds at once) and on plain Python ints (the fast
scalar path).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tsy.errors import InputError
from tsy.math._calendar import (
    _FIRST_YEAR,
    _LAST_YEAR,
    _MAX_DAY,
    _MIN_DAY,
    _maturity_parts,
    _periods_after,
    _quasi,
    _where,
    civil_from_days,
    days_from_civil,
)
from tsy.math._inputs import (
    EPOCH_ORDINAL,
    NAT_DAYS,
    Checker,
    Errors,
    as_days,
    as_float,
    days_to_date,
    is_scalar_input,
    wrap,
)

__all__ = [
    "AccrualState",
    "CouponSchedule",
    "accrual_inputs",
    "accrual_state",
    "accrued_interest",
    "cash_flows",
    "coupon_schedule",
    "days_from_civil",
    "civil_from_days",
    "quasi_coupon_date",
    "scalar_state",
    "state_of",
]


def quasi_coupon_date(maturity: Any, periods_back: Any) -> Any:
    """Quasi-coupon date ``periods_back`` half-years before ``maturity`` (end-of-month rule).

    Examples
    --------
    >>> quasi_coupon_date("2027-08-31", 1)
    datetime.date(2027, 2, 28)
    """
    scalar = is_scalar_input(maturity, periods_back)
    mat = as_days("maturity", maturity)
    j = np.asarray(periods_back, dtype=np.int64)
    out = np.asarray(_quasi(_maturity_parts(mat), j), dtype=np.int64)
    if scalar:
        return days_to_date(int(out))
    return out.astype("datetime64[D]")


# --- the accrual state of a bond at a settlement date ------------------------------------------
@dataclass(frozen=True)
class AccrualState:
    """Where a settlement date falls in a bond's coupon schedule (per unit of half-coupon).

    Attributes (floats for one bond, arrays for many)
    ----------
    prev_quasi, next_quasi : day numbers of the quasi-coupon dates around settlement
    remaining : N, number of quasi-coupon dates from ``next_quasi`` to maturity inclusive
    fraction : f = (next_quasi - settle) / (next_quasi - prev_quasi), App. B's r/s
    first_amount : cash paid on ``next_quasi``, in half-coupons (1 regular; a fraction for a short
        first coupon; 1 + stub for a long first coupon; 0 when settlement lies in a long first
        coupon's initial short period)
    second_extra : extra half-coupons paid on the quasi date after ``next_quasi`` (the stub of a
        long first coupon when settlement is inside that stub), else 0
    accrued : accrued interest in half-coupons (actual/actual ICMA)
    """

    prev_quasi: Any
    next_quasi: Any
    remaining: Any
    fraction: Any
    first_amount: Any
    second_extra: Any
    accrued: Any


def state_of(settle: Any, maturity: Any, dated: Any, first: Any) -> AccrualState:
    """:class:`AccrualState` from valid day numbers (ints or int64 arrays).

    ``dated`` may equal NAT_DAYS (no dated date: a regular schedule, no odd coupon) and ``first``
    NAT_DAYS (first coupon on the first quasi date after the dated date).
    """
    mat = _maturity_parts(maturity)
    j = _periods_after(mat, settle)
    q1 = _quasi(mat, j)
    q0 = _quasi(mat, j + 1)
    period = q1 - q0
    # Without a dated date, interest accrues from the previous quasi-coupon date.
    d = _where(dated != NAT_DAYS, dated, q0)
    jd = _periods_after(mat, d)
    qd1 = _quasi(mat, jd)
    qd0 = _quasi(mat, jd + 1)
    first_coupon = _where(first != NAT_DAYS, first, qd1)
    is_long = first_coupon != qd1
    before_first = settle < first_coupon
    in_stub = before_first & is_long & (settle < qd1)
    in_long_regular = before_first & is_long & (settle >= qd1)
    stub = (qd1 - d) / (qd1 - qd0)  # initial short period of a long coupon, in half-coupons
    regular_acc = (settle - q0) / period
    first_amount = _where(
        before_first,
        _where(is_long, _where(in_stub, 0.0, 1.0 + stub), (q1 - d) / period),
        1.0,
    )
    second_extra = _where(in_stub, stub, 0.0)
    accrued = _where(
        before_first,
        _where(in_long_regular, stub + regular_acc, (settle - d) / period),
        regular_acc,
    )
    remaining = j + 1
    fraction = (q1 - settle) / period
    return AccrualState(q0, q1, remaining, fraction, first_amount, second_extra, accrued)


def _validate_dates(
    checker: Checker, settle: Any, maturity: Any, dated: Any, first: Any
) -> tuple[Any, Any, Any, Any]:
    """Check settlement/maturity/dated/first-coupon day numbers; return safe substitutes."""
    checker.date_checks(settle=settle, maturity=maturity)
    for name, arr in (("settle", settle), ("maturity", maturity), ("dated", dated)):
        checker.check(
            name,
            arr.astype("datetime64[D]"),
            (arr != NAT_DAYS) & ((arr < _MIN_DAY) | (arr > _MAX_DAY)),
            f"is outside the years {_FIRST_YEAR}-{_LAST_YEAR}",
        )
    ok = (settle != NAT_DAYS) & (maturity != NAT_DAYS) & ~checker.bad
    checker.check(
        "settle",
        settle.astype("datetime64[D]"),
        ok & (settle >= maturity),
        "settlement is on or after maturity; expected a date before maturity",
    )
    has_dated = dated != NAT_DAYS
    checker.check(
        "settle",
        settle.astype("datetime64[D]"),
        ok & has_dated & (settle < dated),
        "settlement is before the dated date; interest does not accrue yet",
    )
    checker.check(
        "dated",
        dated.astype("datetime64[D]"),
        ok & has_dated & (dated >= maturity),
        "dated date is on or after maturity",
    )
    bad = checker.bad
    safe_mat = np.where(bad | (maturity == NAT_DAYS), 20000, maturity)
    safe_settle = np.where(bad, safe_mat - 1, settle)
    safe_dated = np.where(bad, NAT_DAYS, dated)
    has_first = first != NAT_DAYS
    if has_first.any():
        mat = _maturity_parts(safe_mat)
        jd = _periods_after(mat, np.where(safe_dated != NAT_DAYS, safe_dated, safe_settle))
        allowed = (first == _quasi(mat, jd)) | (first == _quasi(mat, jd - 1))
        checker.check(
            "first_coupon",
            first.astype("datetime64[D]"),
            has_first & ~bad & (~allowed | (safe_dated == NAT_DAYS)),
            "must be the first or second coupon frequency date after the dated date (a regular, "
            "short or long first coupon), and needs a dated date",
        )
    safe_first = np.where(checker.bad, NAT_DAYS, first)
    safe_dated = np.where(checker.bad, NAT_DAYS, safe_dated)
    return safe_settle, safe_mat, safe_dated, safe_first


def _py_day(name: str, value: Any, optional: bool = False) -> int:
    """One date to a day number in pure Python (the scalar fast path)."""
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip()[:10]).toordinal() - EPOCH_ORDINAL
        except ValueError:
            raise InputError(f"{name} = {value!r} is not a date; expected YYYY-MM-DD") from None
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.toordinal() - EPOCH_ORDINAL
    day = int(as_days(name, value))
    if day == NAT_DAYS and not optional:
        raise InputError(f"{name} = {value!r}: is missing; expected a date")
    return day


def scalar_state(
    settle: Any, maturity: Any, dated: Any = None, first_coupon: Any = None
) -> AccrualState:
    """Accrual state of one bond in pure Python (no NumPy); raises :class:`InputError`."""
    s = _py_day("settle", settle)
    m = _py_day("maturity", maturity)
    d = NAT_DAYS if dated is None else _py_day("dated", dated, optional=True)
    f = NAT_DAYS if first_coupon is None else _py_day("first_coupon", first_coupon, True)
    if s >= m:
        raise InputError(
            f"settle = {days_to_date(s)}: settlement is on or after maturity "
            f"({days_to_date(m)}); expected a date before maturity"
        )
    if d != NAT_DAYS and s < d:
        raise InputError(
            f"settle = {days_to_date(s)}: settlement is before the dated date "
            f"({days_to_date(d)}); interest does not accrue yet"
        )
    if f != NAT_DAYS:
        mat = _maturity_parts(m)
        jd = _periods_after(mat, s if d == NAT_DAYS else d)
        if d == NAT_DAYS or f not in (_quasi(mat, jd), _quasi(mat, jd - 1)):
            raise InputError(
                f"first_coupon = {days_to_date(f)}: must be the first or second coupon frequency "
                "date after the dated date (a regular, short or long first coupon), and needs a "
                "dated date"
            )
    return state_of(s, m, d, f)


def _optional_days(name: str, value: Any, shape: tuple[int, ...]) -> Any:
    if value is None:
        return np.full(shape, NAT_DAYS, dtype=np.int64)
    return as_days(name, value)


def accrual_inputs(
    settle: Any,
    maturity: Any,
    dated: Any = None,
    first_coupon: Any = None,
    *,
    errors: Errors = "raise",
    values: tuple[Any, ...] = (),
) -> tuple[tuple[Any, Any, Any, Any], Checker, bool]:
    """Day numbers of settlement, maturity, dated date and first coupon, checked and broadcast.

    ``values`` are the call's other inputs (coupon, price, ...): their shapes join the broadcast
    and the call is scalar only if they are scalars too. Bad positions are recorded in the
    returned checker (raised by its ``finish()``) and replaced by harmless dates.
    """
    scalar = is_scalar_input(settle, maturity, dated, first_coupon, *values)
    also = tuple(np.shape(v) for v in values)
    s = as_days("settle", settle)
    m = as_days("maturity", maturity)
    d0 = _optional_days("dated", dated, s.shape)
    f0 = _optional_days("first_coupon", first_coupon, s.shape)
    shape = np.broadcast_shapes(s.shape, m.shape, d0.shape, f0.shape, *also)
    s, m, d0, f0 = (np.broadcast_to(a, shape) for a in (s, m, d0, f0))
    checker = Checker(errors, scalar, shape)
    return _validate_dates(checker, s, m, d0, f0), checker, scalar


def accrual_state(
    settle: Any,
    maturity: Any,
    dated: Any = None,
    first_coupon: Any = None,
    *,
    errors: Errors = "raise",
    values: tuple[Any, ...] = (),
) -> tuple[AccrualState, Checker, bool]:
    """Accrual state of each bond at settlement (vectorised), with the input checker.

    Returns the :class:`AccrualState` (arrays), the :class:`~tsy.math._inputs.Checker` holding
    the bad-input mask (raised by its ``finish()`` unless ``errors="coerce"``) and whether the
    call was scalar.
    """
    dates, checker, scalar = accrual_inputs(
        settle, maturity, dated, first_coupon, errors=errors, values=values
    )
    return state_of(*dates), checker, scalar


def accrued_interest(
    coupon: Any,
    settle: Any,
    maturity: Any,
    dated: Any = None,
    first_coupon: Any = None,
    *,
    errors: Errors = "raise",
) -> Any:
    """Accrued interest per 100 face value, actual/actual ICMA (31 CFR 356 App. B, I.D).

    ``AI = C/2 * days accrued / days in the half-year``, summed over the half-years involved when
    settlement lies in the regular part of a long first coupon (App. B I.D example 2). Exact:
    the Treasury rounds auction accrued interest to five decimals per $1,000 (I.D.4), i.e. six
    per 100; see :func:`tsy.math.bonds.round_accrued`.

    Parameters
    ----------
    coupon : float or array-like
        Annual coupon rate, percent.
    settle, maturity : date-like or array-like
    dated : date-like, optional
        Date interest starts to accrue; without it the schedule is regular.
    first_coupon : date-like, optional
        First interest payment date, to mark a long first coupon.

    Examples
    --------
    >>> round(accrued_interest(6.75, "2000-08-15", "2005-05-15", "2000-05-15") * 10, 5)
    16.875
    """
    state, checker, scalar = accrual_state(
        settle, maturity, dated, first_coupon, errors=errors, values=(coupon,)
    )
    c = as_float("coupon", coupon)
    c = np.broadcast_to(c, checker.shape)
    checker.nan_checks(coupon=c)
    checker.check("coupon", c, c < 0, "must be a non-negative annual coupon rate in percent")
    checker.finish()
    out = np.where(checker.bad, np.nan, c / 2.0 * state.accrued)
    return wrap(out, (coupon, settle, maturity, dated, first_coupon), scalar)


# --- schedules for display and for cross-checks ----------------------------------------------
@dataclass(frozen=True)
class CouponSchedule:
    """Coupon payment dates of one note or bond, with the kind of its first coupon."""

    dated: _dt.date
    first_coupon: _dt.date
    maturity: _dt.date
    payment_dates: tuple[_dt.date, ...]
    first_kind: str  # "regular", "short" or "long"
    first_quasi_start: _dt.date  # start of the quasi period ending on the first coupon

    def __len__(self) -> int:
        return len(self.payment_dates)


def _scalar_day(name: str, value: Any) -> int:
    days = as_days(name, value)
    if days.ndim != 0 or int(days) == NAT_DAYS:
        raise InputError(f"{name} = {value!r}: expected one date")
    return int(days)


def coupon_schedule(dated: Any, maturity: Any, first_coupon: Any = None) -> CouponSchedule:
    """Coupon payment dates from the dated date to maturity (semiannual, end-of-month rule).

    Parameters
    ----------
    dated : date-like
        Dated date (interest starts to accrue).
    maturity : date-like
    first_coupon : date-like, optional
        First interest payment date; default the first coupon frequency date after ``dated``
        (regular or short first coupon). The following one gives a long first coupon.

    Examples
    --------
    >>> s = coupon_schedule("1990-03-01", "1995-05-15", "1990-11-15")  # App. B II.C
    >>> s.first_kind, len(s), s.payment_dates[0]
    ('long', 10, datetime.date(1990, 11, 15))
    """
    d = _scalar_day("dated", dated)
    m = _scalar_day("maturity", maturity)
    f = NAT_DAYS if first_coupon is None else _scalar_day("first_coupon", first_coupon)
    checker = Checker("raise", True, ())
    _validate_dates(checker, np.asarray(d), np.asarray(m), np.asarray(d), np.asarray(f))
    checker.finish()
    mat = _maturity_parts(m)
    jd = int(_periods_after(mat, d))
    qd1 = int(_quasi(mat, jd))
    first = qd1 if f == NAT_DAYS else f
    j_first = jd if first == qd1 else jd - 1
    dates = tuple(days_to_date(int(_quasi(mat, j))) for j in range(j_first, -1, -1))
    qd0 = int(_quasi(mat, jd + 1))
    if first != qd1:
        kind = "long"
    elif d == qd0:
        kind = "regular"
    else:
        kind = "short"
    return CouponSchedule(
        dated=days_to_date(d),
        first_coupon=days_to_date(first),
        maturity=days_to_date(m),
        payment_dates=dates,
        first_kind=kind,
        first_quasi_start=days_to_date(int(_quasi(mat, j_first + 1))),
    )


def cash_flows(
    coupon: float, dated: Any, maturity: Any, first_coupon: Any = None, settle: Any = None
) -> pd.DataFrame:
    """Cash flows per 100 face value: one row per payment date after ``settle`` (default: all).

    Columns ``date``, ``interest``, ``principal``, ``total``. Odd first coupons are computed as in
    31 CFR 356 App. B, I.A.3 (short) and I.A.4 (long).
    """
    sched = coupon_schedule(dated, maturity, first_coupon)
    half = coupon / 2.0
    d = _scalar_day("dated", dated)
    f_day = sched.first_coupon.toordinal() - EPOCH_ORDINAL
    state = state_of(d, _scalar_day("maturity", maturity), d, f_day)
    amounts = [half] * len(sched.payment_dates)
    first_amt = state.first_amount if state.next_quasi == f_day else state.second_extra + 1.0
    amounts[0] = half * first_amt
    frame = pd.DataFrame({"date": pd.to_datetime(list(sched.payment_dates)), "interest": amounts})
    frame["principal"] = 0.0
    frame.loc[frame.index[-1], "principal"] = 100.0
    frame["total"] = frame["interest"] + frame["principal"]
    if settle is not None:
        cut = pd.Timestamp(days_to_date(_scalar_day("settle", settle)))
        frame = frame[frame["date"] > cut].reset_index(drop=True)
    return frame
