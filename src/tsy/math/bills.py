"""Treasury bills: price, discount rate, investment rate and money-market yield.

All rates are in percent (``5.25`` means 5.25%), prices per 100 of face value, ``days`` the
number of days from issue (or settlement) to maturity. Formulas follow 31 CFR 356, Appendix B,
section VI ("Computation of Purchase Price, Discount Rate, and Investment Rate (Coupon-Equivalent
Yield) for Treasury Bills"). Results are exact (unrounded); the Treasury publishes prices rounded
to six decimals and rates to three.

Functions accept scalars, arrays or pandas Series (broadcast together) and return the same shape.
Bad input (price <= 0, days <= 0, NaN) raises :class:`tsy.errors.InputError` unless
``errors="coerce"``, which returns NaN at the offending positions.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tsy.math._exact import exact, round_half_up
from tsy.math._inputs import Checker, Errors, FloatArray, as_days, as_float, is_scalar_input, wrap

__all__ = [
    "HALF_YEAR_DAYS",
    "bill_discount_rate",
    "bill_investment_rate",
    "bill_price",
    "bill_price_from_investment_rate",
    "bill_year_days",
    "money_market_yield",
]

#: Longest half-year in days (31 CFR 356 App. B, Table 1): the investment-rate formula switch.
HALF_YEAR_DAYS = 184


def _prepare(
    errors: Errors, **named: Any
) -> tuple[Checker, dict[str, FloatArray], bool, tuple[Any, ...]]:
    raw = tuple(named.values())
    scalar = is_scalar_input(*raw)
    arrays = {k: as_float(k, v) for k, v in named.items()}
    shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    arrays = {k: np.broadcast_to(a, shape) for k, a in arrays.items()}
    checker = Checker(errors, scalar, shape)
    checker.nan_checks(**arrays)
    return checker, arrays, scalar, raw


def _check_days(checker: Checker, days: FloatArray) -> None:
    checker.check("days", days, ~(days > 0), "must be a positive number of days to maturity")


def _check_price(checker: Checker, price: FloatArray) -> None:
    checker.check("price", price, ~(price > 0), "must be a positive price per 100")


def _finish(checker: Checker, out: FloatArray, raw: tuple[Any, ...], scalar: bool) -> Any:
    checker.finish()
    out = np.where(checker.bad, np.nan, out)
    return wrap(out, raw, scalar)


def bill_price(
    discount_rate: Any, days: Any, *, round_like_treasury: bool = False, errors: Errors = "raise"
) -> Any:
    """Price per 100 of a bill from its discount rate.

    ``P = 100 * (1 - d * r / 360)`` with ``d`` the discount rate in decimals and ``r`` the days
    to maturity (31 CFR 356 App. B, VI.A). The Treasury rounds the result to six decimals and
    computes the investment rate from that rounded price (App. B VI.D: ``P`` is the price per
    100 "rounded to six places"); ``round_like_treasury=True`` does so exactly (the rate read as
    the decimal it prints as, half up), e.g. 0.030% for 28 days -> 99.997667.

    Parameters
    ----------
    discount_rate : float or array-like
        Bank discount rate, percent (360-day year).
    days : int or array-like
        Days from issue/settlement to maturity, > 0.
    errors : {"raise", "coerce"}

    Returns
    -------
    float or ndarray or Series
        Price per 100 of face value.

    Examples
    --------
    >>> round(bill_price(7.610, 90), 6)  # 31 CFR 356 App. B, VI.A
    98.0975
    >>> bill_price(0.030, 28, round_like_treasury=True)  # 9127952R1, auctioned 2011-04-19
    99.997667
    """
    checker, a, scalar, raw = _prepare(errors, discount_rate=discount_rate, days=days)
    d, r = a["discount_rate"], a["days"]
    _check_days(checker, r)
    price = 100.0 * (1.0 - d / 100.0 * r / 360.0)
    if round_like_treasury:
        price = np.array(price, dtype=np.float64)
        for i in np.ndindex(price.shape):
            if np.isfinite(d[i]) and np.isfinite(r[i]) and r[i] == int(r[i]):
                q = 100 - exact(d[i]) * int(r[i]) / 360
                price[i] = round_half_up(q, 6)
    checker.check(
        "discount_rate",
        d,
        ~(price > 0) & ~checker.bad,
        "is too high for the days to maturity (the price would be <= 0)",
    )
    return _finish(checker, price, raw, scalar)


def bill_discount_rate(price: Any, days: Any, *, errors: Errors = "raise") -> Any:
    """Discount rate (percent) of a bill from its price.

    ``d = (100 - P) / 100 * 360 / r`` (31 CFR 356 App. B, VI.C).

    Examples
    --------
    >>> round(bill_discount_rate(95.934567, 182), 3)  # App. B, VI.C
    8.042
    """
    checker, a, scalar, raw = _prepare(errors, price=price, days=days)
    p, r = a["price"], a["days"]
    _check_price(checker, p)
    _check_days(checker, r)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (100.0 - p) / 100.0 * 360.0 / r * 100.0
    return _finish(checker, out, raw, scalar)


def bill_year_days(issue_date: Any) -> Any:
    """Days in the year following the issue date: 366 if it contains 29 February, else 365.

    31 CFR 356 App. B, VI.D: ``y`` is 366 when the one-year period from the issue date contains
    29 February (issue 2019-03-01 -> 366; issue 2019-02-28 -> 365). Computed as the number of
    days from the issue date to the same calendar date one year later.

    Examples
    --------
    >>> bill_year_days("2019-03-01"), bill_year_days("2019-02-28")
    (366, 365)
    """
    out = _year_days_of(issue_date, "raise").astype(np.int64)
    return int(out.reshape(-1)[0]) if is_scalar_input(issue_date) else out


def _year_days_of(issue_date: Any, errors: Errors) -> FloatArray:
    """:func:`bill_year_days` as floats, NaN where the issue date is missing (when coercing)."""
    days = as_days("issue_date", issue_date)
    checker = Checker(errors, is_scalar_input(issue_date), days.shape)
    checker.date_checks(issue_date=days)
    checker.finish()
    d = np.where(checker.bad, 0, days).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    dom = (d - month.astype("datetime64[D]")).astype(np.int64)
    nxt_month = month + 12
    month_len = (
        (nxt_month + 1).astype("datetime64[D]") - nxt_month.astype("datetime64[D]")
    ).astype(np.int64)
    nxt = nxt_month.astype("datetime64[D]") + np.minimum(dom, month_len - 1)
    return np.where(checker.bad, np.nan, (nxt - d).astype(np.float64))


def _investment_inputs(
    errors: Errors, name: str, value: Any, days: Any, issue_date: Any, year_days: Any
) -> tuple[Checker, FloatArray, FloatArray, FloatArray, tuple[Any, ...], bool]:
    """Checked inputs of the investment-rate functions: ``y`` from the issue date if given."""
    y: Any = 365 if year_days is None else year_days
    if issue_date is not None:
        y = _year_days_of(issue_date, errors)
    checker, a, scalar, raw = _prepare(errors, **{name: value}, days=days, year_days=y)
    yd = a["year_days"]
    _check_days(checker, a["days"])
    checker.check("year_days", yd, ~((yd == 365) | (yd == 366)), "must be 365 or 366")
    # the issue date joins the inputs, so a Series of issue dates gives a Series back
    return checker, a[name], a["days"], yd, (*raw, issue_date), scalar


def bill_investment_rate(
    price: Any,
    days: Any,
    issue_date: Any = None,
    *,
    year_days: Any = None,
    errors: Errors = "raise",
) -> Any:
    """Investment rate (coupon-equivalent yield, percent) of a bill from its price.

    31 CFR 356 App. B, VI.D:

    * not more than a half-year to maturity (``r <= 184``): ``i = (100 - P)/P * y/r``;
    * beyond: solve ``P[1 + (r - y/2)(i/y)](1 + i/2) = 100``, i.e.
      ``(r/2y - 0.25) i^2 + (r/y) i + (P - 100)/P = 0``, taking the positive root.

    ``y`` is 366 when the year after the issue date contains 29 February, else 365 (see
    :func:`bill_year_days`). The two formulas coincide at ``r = y/2``. App. B does not put the
    half-year in days; tsy takes the longest half-year of its Table 1, 184 days
    (:data:`HALF_YEAR_DAYS`). The Treasury's own results agree: the 26-week bill 912796RW1
    (issued 2019-01-03, 183 days, y = 365) is published at 2.573%, the simple formula's value
    (the quadratic gives 2.572).

    Parameters
    ----------
    price : float or array-like
        Price per 100.
    days : int or array-like
        Days to maturity ``r``.
    issue_date : date-like or array-like, optional
        Issue date, to choose ``y``. Without it ``year_days`` is used.
    year_days : int, optional
        ``y`` when no issue date is given (default 365).
    errors : {"raise", "coerce"}

    Examples
    --------
    >>> round(bill_investment_rate(99.559444, 20, year_days=365), 3)  # App. B, VI.D.1
    8.076
    >>> round(bill_investment_rate(92.265, 364, "1990-06-07"), 3)  # App. B, VI.D.2
    8.237
    """
    checker, p, r, yd, raw, scalar = _investment_inputs(
        errors, "price", price, days, issue_date, year_days
    )
    _check_price(checker, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        simple = (100.0 - p) / p * yd / r
        qa = r / (2.0 * yd) - 0.25
        qb = r / yd
        qc = (p - 100.0) / p
        disc = np.sqrt(np.maximum(qb * qb - 4.0 * qa * qc, 0.0))
        # Citardauq form of the positive root: stable when qa is near 0 (r near y/2).
        quad = -2.0 * qc / (qb + disc)
    out = np.where(r <= HALF_YEAR_DAYS, simple, quad) * 100.0
    return _finish(checker, out, raw, scalar)


def bill_price_from_investment_rate(
    investment_rate: Any,
    days: Any,
    issue_date: Any = None,
    *,
    year_days: Any = None,
    errors: Errors = "raise",
) -> Any:
    """Price per 100 from an investment rate (percent): the inverse of :func:`bill_investment_rate`.

    ``P = 100 / (1 + i r/y)`` for ``r <= 184``; ``P = 100 / ([1 + (r - y/2) i/y] (1 + i/2))``
    beyond (31 CFR 356 App. B, VI.D rearranged).
    """
    checker, rate, r, yd, raw, scalar = _investment_inputs(
        errors, "investment_rate", investment_rate, days, issue_date, year_days
    )
    i = rate / 100.0
    with np.errstate(divide="ignore", invalid="ignore"):
        short = 100.0 / (1.0 + i * r / yd)
        long_ = 100.0 / ((1.0 + (r - yd / 2.0) * i / yd) * (1.0 + i / 2.0))
    out = np.where(r <= HALF_YEAR_DAYS, short, long_)
    checker.check(
        "investment_rate",
        rate,
        ~(out > 0) & ~checker.bad,
        "gives no positive price",
    )
    return _finish(checker, out, raw, scalar)


def money_market_yield(price: Any, days: Any, *, errors: Errors = "raise") -> Any:
    """Money-market (CD-equivalent) yield, percent: ``(100 - P)/P * 360/r``.

    The simple-interest yield on an actual/360 basis, the convention of the money markets (and of
    the FRN index rate, 31 CFR 356 App. B, IV, which applies it to the 13-week bill).

    Examples
    --------
    >>> round(money_market_yield(98.0975, 90), 6)
    7.757588
    """
    checker, a, scalar, raw = _prepare(errors, price=price, days=days)
    p, r = a["price"], a["days"]
    _check_price(checker, p)
    _check_days(checker, r)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (100.0 - p) / p * 360.0 / r * 100.0
    return _finish(checker, out, raw, scalar)
