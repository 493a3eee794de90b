"""Treasury Inflation-Protected Securities: reference CPI, index ratio, principal, price, yield.

Rules of 31 CFR 356 Appendix B, sections I.B and III:

* Reference CPI for the first day of a month is the CPI-U NSA of the third preceding month; for
  day ``t`` of a month of ``D`` days, ``Ref CPI_M + (t - 1)/D * (Ref CPI_M+1 - Ref CPI_M)``,
  truncated to six decimals and rounded to five (I.B.3).
* Index ratio = Ref CPI(date) / Ref CPI(dated date), truncated to six decimals and rounded to
  five (I.B.2, I.B.3).
* Inflation-adjusted principal = par x index ratio; interest = C/2 x adjusted principal, also
  when the ratio is below 1 (I.B.5, Appendix C I.A); at maturity the Treasury pays
  max(adjusted principal, par), the deflation floor (section 356.30(b)).
* Prices: the real (unadjusted) price and accrued interest follow the formulas of the fixed-
  principal securities in real terms, then are multiplied by the index ratio (III.A, III.B).
* A month whose CPI was not reported in time gets Treasury's index number from the last
  available twelve-month change (I.B.4(iv)); see :mod:`tsy.math.cpi`.

Every rounding step is exact: inputs are read as the decimals they print as and truncated and
rounded with integer arithmetic (:mod:`tsy.math._exact`), so a quotient just under a six-decimal
boundary (322.69087 / 216.1395 = 1.49297499994...) is truncated, not pushed over it.

Rates in percent, prices per 100 of original principal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from tsy.errors import InputError
from tsy.math._exact import (
    exact,
    exact_product,
    interpolate_trunc6_round5,
    ratio_trunc6_round5,
    round_half_up,
    trunc6_round5,
)
from tsy.math._inputs import Checker, Errors, FloatArray, as_days, as_float, is_scalar_input, wrap
from tsy.math._pricing import _Fields
from tsy.math.bonds import Convention, bond_price, bond_yield
from tsy.math.cpi import tips_cpi
from tsy.math.daycount import civil_from_days, days_from_civil

__all__ = [
    "TipsResult",
    "adjusted_principal",
    "index_ratio",
    "principal_at_maturity",
    "reference_cpi",
    "tips_coupon_payment",
    "tips_price",
    "tips_yield",
    "truncate_round",
]


def truncate_round(x: Any) -> Any:
    """Truncate to six decimals, then round to five (half up): 31 CFR 356 App. B, I.B.3.

    Each value is read as the decimal it prints as (154.65 is 154.65, not the binary
    154.6499999...), then truncated and rounded exactly. Non-positive and NaN values give NaN.

    Examples
    --------
    >>> truncate_round(154.633333333), truncate_round(1.000107803), truncate_round(1.4929749999)
    (154.63333, 1.00011, 1.49297)
    """
    a = np.asarray(x, dtype=np.float64)
    out = np.full(a.shape, np.nan)
    for i in np.ndindex(a.shape):
        if np.isfinite(a[i]) and a[i] > 0:
            out[i] = trunc6_round5(exact(a[i]))
    return float(out) if out.ndim == 0 else out


def _cpi_table(cpi_monthly: pd.Series, substitutes: pd.Series | None) -> tuple[int, FloatArray]:
    """CPI values in an array indexed by month index (12 * year + month - 1) from a start."""
    s = tips_cpi(cpi_monthly, substitutes)
    if s.empty:
        raise InputError("cpi_monthly is empty; expected monthly CPI-U NSA values")
    idx = pd.DatetimeIndex(s.index)
    months = (idx.year * 12 + idx.month - 1).to_numpy(dtype=np.int64)
    start = int(months.min())
    table = np.full(int(months.max()) - start + 1, np.nan)
    table[months - start] = s.to_numpy(dtype=np.float64)
    return start, table


def reference_cpi(
    date: Any,
    cpi_monthly: pd.Series,
    *,
    substitutes: pd.Series | None = None,
    errors: Errors = "raise",
) -> Any:
    """Reference CPI for a date (31 CFR 356 App. B, I.B.3).

    Parameters
    ----------
    date : date-like or array-like
    cpi_monthly : pandas.Series
        CPI-U NSA by month (FRED ``CPIAUCNS``: first-of-month dates).
    substitutes : pandas.Series, optional
        Announced index numbers for months not reported in time (the store's labelled values);
        they win over ``cpi_monthly``. A month missing between reported months and not given
        here gets the index number of App. B I.B.4(iv) (:func:`tsy.math.cpi.tips_cpi`), so
        October 2025 (never published) is 325.604.
    errors : {"raise", "coerce"}
        A needed month beyond the CPI known raises (naming the month) or gives NaN.

    Returns
    -------
    float or ndarray
        ``Ref CPI_M + (t - 1)/D * (Ref CPI_M+1 - Ref CPI_M)``, truncated to six decimals and
        rounded to five; ``Ref CPI_M`` is the CPI of the third month before the date's month.

    Examples
    --------
    >>> cpi = pd.Series([154.4, 154.9], index=pd.to_datetime(["1996-01-01", "1996-02-01"]))
    >>> reference_cpi("1996-04-15", cpi)  # App. B I.B.3
    154.63333
    >>> cpi = pd.Series([315.301, 324.8, 324.122],
    ...                 index=pd.to_datetime(["2024-09-01", "2025-09-01", "2025-11-01"]))
    >>> reference_cpi("2026-01-01", cpi)  # CPI of Oct 2025: Treasury's index number 325.604
    325.604
    """
    scalar = is_scalar_input(date)
    days = as_days("date", date)
    checker = Checker(errors, scalar, days.shape)
    checker.date_checks(date=days)
    checker.finish()
    safe = np.where(checker.bad, 0, days)
    y, m, d = civil_from_days(safe)
    mi = y * 12 + m - 1
    month_len = days_from_civil((mi + 1) // 12, (mi + 1) % 12 + 1, 1) - days_from_civil(y, m, 1)
    start, table = _cpi_table(cpi_monthly, substitutes)
    lo_idx, hi_idx = mi - 3 - start, mi - 2 - start
    inside = (lo_idx >= 0) & (hi_idx < len(table))
    ref_m = np.where(inside, table[np.clip(lo_idx, 0, len(table) - 1)], np.nan)
    ref_m1 = np.where(inside, table[np.clip(hi_idx, 0, len(table) - 1)], np.nan)
    for ref, back in ((ref_m, 3), (ref_m1, 2)):
        missing = np.isnan(ref) & ~checker.bad
        if missing.any():
            k = int(np.ravel(mi - back)[np.argmax(missing)])  # the first missing month
            checker.check(
                "date",
                days.astype("datetime64[D]"),
                missing,
                f"needs the CPI of {k // 12}-{k % 12 + 1:02d} (three and two months before), "
                "which cpi_monthly lacks",
            )
    checker.finish()
    out = interpolate_trunc6_round5(ref_m, ref_m1, d - 1, month_len)
    return wrap(np.where(checker.bad, np.nan, out), (date,), scalar)


def index_ratio(ref_cpi_date: Any, ref_cpi_base: Any) -> Any:
    """Index ratio ``Ref CPI(date) / Ref CPI(dated date)``, truncated to 6, rounded to 5 decimals.

    31 CFR 356 App. B, I.B.2-3; the base is the Ref CPI of the original issue date, or of the
    dated date when it differs. The quotient is truncated and rounded exactly (no float
    rounding first).

    Examples
    --------
    >>> index_ratio(154.65, 154.63333)  # App. B I.B.3 (iv)
    1.00011
    >>> index_ratio(322.69087, 216.1395)  # 1.4929749999...: truncated to 1.492974
    1.49297
    """
    scalar = is_scalar_input(ref_cpi_date, ref_cpi_base)
    num = as_float("ref_cpi_date", ref_cpi_date)
    den = as_float("ref_cpi_base", ref_cpi_base)
    shape = np.broadcast_shapes(num.shape, den.shape)
    checker = Checker("raise", scalar, shape)
    checker.check("ref_cpi_date", num, ~(num > 0), "must be a positive index level")
    checker.check("ref_cpi_base", den, ~(den > 0), "must be a positive index level")
    checker.finish()
    out = ratio_trunc6_round5(num, den)
    return wrap(out, (ref_cpi_date, ref_cpi_base), scalar)


def adjusted_principal(index_ratio: Any, par: Any = 100.0) -> Any:
    """Inflation-adjusted principal: ``par x index ratio`` (App. B I.B.1; section 356.2).

    The product of the decimals as printed, rounded once (no float noise).

    Examples
    --------
    >>> adjusted_principal(1.01341, 100_000)  # App. B I.B.5: $101,341
    101341.0
    """
    scalar = is_scalar_input(index_ratio, par)
    out = exact_product(as_float("par", par), as_float("index_ratio", index_ratio))
    return wrap(out, (index_ratio, par), scalar)


def tips_coupon_payment(coupon: Any, index_ratio: Any, par: Any = 100.0) -> Any:
    """Semiannual interest: ``C/2 x par x index ratio / 100`` -- also when the ratio is below 1.

    31 CFR 356 App. B I.B.5: interest is paid on the inflation-adjusted principal of the
    payment date; Appendix C I.A: in deflation the interest falls (no floor on interest).

    Examples
    --------
    >>> round(tips_coupon_payment(3.875, index_ratio(166.2, 164), 100_000), 2)  # App. B I.B.5
    1963.48
    """
    scalar = is_scalar_input(coupon, index_ratio, par)
    c, p, r = (
        as_float(k, v) for k, v in (("coupon", coupon), ("par", par), ("index_ratio", index_ratio))
    )
    out = exact_product(c, p, r, divide_by=200)  # C/2 (percent) x par x ratio, exactly
    return wrap(out, (coupon, index_ratio, par), scalar)


def principal_at_maturity(index_ratio: Any, par: Any = 100.0) -> Any:
    """Principal paid at maturity: ``max(par x index ratio, par)``, the deflation floor.

    31 CFR 356.30(b): if the inflation-adjusted principal is below par the Treasury pays the
    difference, so at maturity the holder receives at least par.
    """
    scalar = is_scalar_input(index_ratio, par)
    p = as_float("par", par)
    out = np.maximum(p * as_float("index_ratio", index_ratio), p)
    return wrap(out, (index_ratio, par), scalar)


@dataclass(frozen=True)
class TipsResult(_Fields):
    """Real and inflation-adjusted values of TIPS at settlement (per 100 original principal).

    Attributes
    ----------
    real_clean, real_accrued, real_dirty : unadjusted (real) price P, accrued A, P + A
    index_ratio : index ratio of the settlement date
    adjusted_price, adjusted_accrued : P x ratio, A x ratio (App. B III: P_adj, A_adj)
    settlement_amount : P_adj + A_adj (App. B III: SA)
    real_yield_pct : real yield, percent
    convention : "treasury" (App. B III) or "street"
    """

    real_clean: Any
    real_accrued: Any
    real_dirty: Any
    index_ratio: Any
    adjusted_price: Any
    adjusted_accrued: Any
    settlement_amount: Any
    real_yield_pct: Any
    convention: str


def _ratio(value: Any, errors: Errors) -> Any:
    """The index ratio checked (positive), NaN where it is not when coercing."""
    r = as_float("index_ratio", value)
    checker = Checker(errors, r.ndim == 0, r.shape)
    checker.check("index_ratio", r, ~(r > 0), "must be a positive ratio (e.g. 1.01074)")
    checker.finish()
    r = np.where(checker.bad, np.nan, r)
    return float(r) if r.ndim == 0 else r


def _round6_product(x: Any, ratio: Any) -> Any:
    """``x x ratio`` of decimals as printed, rounded half up to six decimals, exactly."""
    a, b = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(ratio, dtype=np.float64))
    out = np.full(a.shape, np.nan)
    for i in np.ndindex(a.shape):
        if np.isfinite(a[i]) and np.isfinite(b[i]):
            out[i] = round_half_up(exact(a[i]) * exact(b[i]), 6)
    return float(out) if out.ndim == 0 else out


def _combine(res: Any, ratio: Any, rounded: bool) -> TipsResult:
    p_adj = res.clean * ratio
    a_adj = res.accrued * ratio
    if rounded:  # the Treasury's six decimals per 100 for settlement figures (App. B III.B)
        # P and A are already on the 1e-6 grid and the ratio on 1e-5: the products are exact
        # decimals, rounded half up exactly (a float product misrounds ~1 in 20,000 ties).
        p_adj = _round6_product(res.clean, ratio)
        a_adj = _round6_product(res.accrued, ratio)
    return TipsResult(
        real_clean=res.clean,
        real_accrued=res.accrued,
        real_dirty=res.dirty,
        index_ratio=ratio,
        adjusted_price=p_adj,
        adjusted_accrued=a_adj,
        settlement_amount=p_adj + a_adj,
        real_yield_pct=res.yield_pct,
        convention=res.convention,
    )


def tips_price(
    coupon: Any,
    real_yield: Any,
    settle: Any,
    maturity: Any,
    dated: Any = None,
    first_coupon: Any = None,
    *,
    index_ratio: Any,
    convention: Convention = "street",
    round_like_treasury: bool = False,
    errors: Errors = "raise",
) -> TipsResult:
    """TIPS price from real yield (31 CFR 356 App. B, III.A and III.B).

    ``P`` and ``A`` are the fixed-principal price and accrued interest in real terms
    (:func:`tsy.math.bonds.bond_price`); ``P_adj = P x ratio``, ``A_adj = A x ratio``,
    ``SA = P_adj + A_adj``. App. B III and auction results use ``convention="treasury"``; the
    default ``"street"`` is how dealers quote real yields.

    Parameters
    ----------
    coupon : float or array-like
        Real annual coupon, percent.
    real_yield : float or array-like
        Real yield, percent.
    settle, maturity, dated, first_coupon : date-like
        As for :func:`tsy.math.bonds.bond_price`; ``dated`` is the TIPS's dated date.
    index_ratio : float or array-like
        Index ratio on the settlement date (see :func:`index_ratio`, :func:`reference_cpi`).
    round_like_treasury : bool
        Round accrued interest (App. B I.D.4), ``P``, ``P_adj`` and ``A_adj`` to six decimals
        per 100, as the Treasury's worked examples and auction results do.

    Examples
    --------
    >>> r = tips_price(3.625, 3.65, "1998-10-15", "2008-01-15", "1998-01-15",
    ...                index_ratio=1.01074, convention="treasury", round_like_treasury=True)
    >>> r.real_clean, r.adjusted_price, r.adjusted_accrued  # App. B III.B
    (99.797017, 100.868837, 0.915983)
    """
    ratio = _ratio(index_ratio, errors)
    res = bond_price(
        coupon,
        real_yield,
        settle,
        maturity,
        dated,
        first_coupon,
        convention=convention,
        round_accrued=round_like_treasury,
        errors=errors,
    )
    if round_like_treasury:
        res = _rounded_clean(res)
    return _combine(res, ratio, round_like_treasury)


def _rounded_clean(res: Any) -> Any:
    clean = np.round(res.clean, 6)
    return replace(res, clean=float(clean) if np.ndim(clean) == 0 else clean)


def tips_yield(
    coupon: Any,
    price: Any,
    settle: Any,
    maturity: Any,
    dated: Any = None,
    first_coupon: Any = None,
    *,
    index_ratio: Any,
    adjusted: bool = False,
    convention: Convention = "street",
    round_like_treasury: bool = False,
    errors: Errors = "raise",
) -> TipsResult:
    """TIPS real yield from price (inverse of :func:`tips_price`).

    ``price`` is the real (unadjusted) clean price per 100, or the inflation-adjusted clean price
    when ``adjusted=True`` (it is then divided by the index ratio first).

    Examples
    --------
    >>> r = tips_yield(3.875, 99.811030, "1999-01-15", "2009-01-15", "1999-01-15",
    ...                index_ratio=1, convention="treasury")
    >>> round(r.real_yield_pct, 3)  # App. B III.A: 3.898%
    3.898
    """
    ratio = _ratio(index_ratio, errors)
    real = price
    if adjusted:
        scalar = is_scalar_input(price, index_ratio)
        real = wrap(as_float("price", price) / np.asarray(ratio), (price,), scalar)
    res = bond_yield(
        coupon,
        real,
        settle,
        maturity,
        dated,
        first_coupon,
        convention=convention,
        round_accrued=round_like_treasury,
        errors=errors,
    )
    return _combine(res, ratio, round_like_treasury)
