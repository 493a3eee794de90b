"""Notes and bonds internals: conventions, result types, the pricing core, solvers, scalar path.

The public API is :mod:`tsy.math.bonds`, which re-exports the conventions and result types.

With ``c`` the half coupon, ``N`` the coupon dates left, ``m = N - 1``, ``v = 1/(1 + h)`` and
``a_m = v + ... + v^m``: ``G = c x1 + c x2 v + c a_m + 100 v^m`` (value at the next quasi-coupon
date) and ``dirty = G * D(f)``, with ``D = (1 + h)^-f`` (street) or ``1/(1 + f h)`` (treasury,
and street's final period). See :mod:`tsy.math.bonds`.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, fields
from typing import Any, Literal

import numpy as np

from tsy.errors import InputError
from tsy.math._inputs import FloatArray, days_to_date
from tsy.math.daycount import AccrualState, scalar_state

Convention = Literal["street", "treasury"]

#: Conventions as data: whether the fractional first period is always discounted simply.
CONVENTIONS: dict[str, dict[str, Any]] = {
    "street": {
        "simple_fraction": False,
        "description": "compound interest for the fractional period, simple in the final period "
        "(dealer quotes)",
    },
    "treasury": {
        "simple_fraction": True,
        "description": "simple interest for the fractional period (31 CFR 356 App. B; auctions)",
    },
}


def _convention(convention: str) -> bool:
    try:
        return bool(CONVENTIONS[convention]["simple_fraction"])
    except KeyError:
        raise InputError(
            f"convention = {convention!r}: expected one of {', '.join(CONVENTIONS)}"
        ) from None


_H_LO, _H_HI = -0.999, 1e12  # bracket for h = i/2: yields from -199.8% to 2e14%
_MAX_ITER = 200


# --- the pricing core: value and derivative in h = i/2 -----------------------------------------
#: Below this |h| the annuity and its derivatives come from their power series: the closed forms
#: divide a difference by h and lose about eps/(m h) relative (2e-4 years of duration at a yield
#: of 1e-10 %); at 1e-4 the closed forms are good to ~1e-13 and the series (ratio ~ m h) to 1e-16.
_SERIES_H = 1e-4
_SERIES_TERMS = 12


def _annuity_series(h: Any, m: Any) -> tuple[Any, Any, Any]:
    """``a_m = v + ... + v^m`` and its first two h-derivatives by series, for small ``h``.

    ``(1 + h)^-k = sum_j C(k + j - 1, j) (-h)^j`` and ``sum_{k=1..m} C(k + j - 1, j) =
    C(m + j, j + 1)``, so ``a_m = sum_j C(m + j, j + 1) (-h)^j`` (``a_m(0) = m``,
    ``a_m'(0) = -m(m + 1)/2``, ``a_m''(0) = m(m + 1)(m + 2)/3``).
    """
    coef = m * 1.0  # C(m, 1)
    am = coef
    dam = 0.0 * h
    d2am = 0.0 * h
    hp = [1.0 + 0.0 * h]  # powers (-h)^j
    for j in range(1, _SERIES_TERMS):
        coef = coef * (m + j) / (j + 1.0)  # C(m + j, j + 1)
        hp.append(hp[-1] * -h)  # (-h)^j
        am = am + coef * hp[j]
        dam = dam - j * coef * hp[j - 1]  # d/dh (-h)^j = -j (-h)^(j-1)
        if j >= 2:
            d2am = d2am + j * (j - 1) * coef * hp[j - 2]
    return am, dam, d2am


def _annuity_np(h: FloatArray, m: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``a_m``, ``a_m'`` and ``a_m''`` (closed forms, series near h = 0)."""
    lg = np.log1p(h)
    v = 1.0 / (1.0 + h)
    vm = np.exp(-m * lg)
    small = np.abs(h) < _SERIES_H
    hs = np.where(small, 1.0, h)
    am = -np.expm1(-m * lg) / hs
    dam = (m * vm * v - am) / hs
    d2am = (-m * (m + 1.0) * vm * v * v - 2.0 * dam) / hs
    if np.any(small):
        s_am, s_dam, s_d2am = _annuity_series(h, m)
        am, dam, d2am = (
            np.where(small, a, b) for a, b in ((s_am, am), (s_dam, dam), (s_d2am, d2am))
        )
    return am, dam, d2am


def _dirty_np(
    h: FloatArray, c: FloatArray, st: AccrualState, simple: bool
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Dirty price, dP/dh, G and dG/dh for arrays (series for ``a_m`` near h = 0)."""
    n = st.remaining
    m = n - 1.0
    lg = np.log1p(h)
    v = 1.0 / (1.0 + h)
    vm = np.exp(-m * lg)
    am, dam, _ = _annuity_np(h, m)
    g = c * (st.first_amount + st.second_extra * v + am) + 100.0 * vm
    dg = c * (dam - st.second_extra * v * v) - 100.0 * m * vm * v
    f = st.fraction
    ds = 1.0 / (1.0 + f * h)
    dds = -f * ds * ds
    if simple:
        d, dd = ds, dds
    else:
        dc = np.exp(-f * lg)
        last = n == 1
        d = np.where(last, ds, dc)
        dd = np.where(last, dds, -f * dc * v)
    return g * d, dg * d + g * dd, g, dg


def _dirty_d2_np(h: FloatArray, c: FloatArray, st: AccrualState, simple: bool) -> FloatArray:
    """Analytic d^2P/dh^2 of the dirty price (the convexity numerator) for arrays.

    ``P = G D``: ``P'' = G'' D + 2 G' D' + G D''`` with ``G'' = c (a_m'' + 2 x2 v^3) +
    100 m (m + 1) v^(m + 2)``, ``D'' = 2 f^2 / (1 + f h)^3`` (simple) or
    ``f (f + 1) (1 + h)^(-f - 2)`` (compound).
    """
    n = st.remaining
    m = n - 1.0
    lg = np.log1p(h)
    v = 1.0 / (1.0 + h)
    vm = np.exp(-m * lg)
    am, dam, d2am = _annuity_np(h, m)
    x2 = st.second_extra
    g = c * (st.first_amount + x2 * v + am) + 100.0 * vm
    dg = c * (dam - x2 * v * v) - 100.0 * m * vm * v
    d2g = c * (d2am + 2.0 * x2 * v**3) + 100.0 * m * (m + 1.0) * vm * v * v
    f = st.fraction
    ds = 1.0 / (1.0 + f * h)
    d, dd, d2d = ds, -f * ds * ds, 2.0 * f * f * ds**3
    if not simple:
        dc = np.exp(-f * lg)
        last = n == 1
        d = np.where(last, d, dc)
        dd = np.where(last, dd, -f * dc * v)
        d2d = np.where(last, d2d, f * (f + 1.0) * dc * v * v)
    return d2g * d + 2.0 * dg * dd + g * d2d


def _dirty_py(h: float, c: float, st: AccrualState, simple: bool) -> tuple[float, float]:
    """Scalar twin of :func:`_dirty_np` in plain Python floats (the fast single-bond path)."""
    n = int(st.remaining)
    m = n - 1.0
    x1, x2, f = float(st.first_amount), float(st.second_extra), float(st.fraction)
    v = 1.0 / (1.0 + h)
    vm = math.exp(-m * math.log1p(h))
    if abs(h) < _SERIES_H:
        am, dam, _ = _annuity_series(h, m)
    else:
        am = -math.expm1(-m * math.log1p(h)) / h
        dam = (m * vm * v - am) / h
    g = c * (x1 + x2 * v + am) + 100.0 * vm
    dg = c * (dam - x2 * v * v) - 100.0 * m * vm * v
    if simple or n == 1:
        d = 1.0 / (1.0 + f * h)
        dd = -f * d * d
    else:
        d = math.exp(-f * math.log1p(h))
        dd = -f * d * v
    return g * d, dg * d + g * dd


def _initial_h(c: FloatArray, clean: FloatArray, st: AccrualState) -> FloatArray:
    years = np.maximum((np.asarray(st.remaining) - 1.0 + st.fraction) / 2.0, 1.0 / 365.0)
    guess = (c + (100.0 - clean) / years) / ((100.0 + clean) / 2.0) / 2.0
    return np.clip(guess, _H_LO + 0.01, 1.0)


def _solve_block(
    target: FloatArray, half: FloatArray, st: AccrualState, simple: bool, h: FloatArray
) -> tuple[FloatArray, Any]:
    """Bracketed Newton on a block; returns ``h`` and a flag of the roots found in the bracket."""
    lo = np.full_like(h, _H_LO)
    hi = np.full_like(h, _H_HI)
    for _ in range(_MAX_ITER):
        p, dp, _g, _dg = _dirty_np(h, half, st, simple)
        err = p - target
        lo = np.where(err > 0, h, lo)
        hi = np.where(err < 0, h, hi)
        step = err / dp
        new = h - step
        outside = ~((new >= lo) & (new <= hi))
        if outside.any():
            # geometric bisection in 1 + h: the bracket spans many orders of magnitude
            new = np.where(outside, np.sqrt((1.0 + lo) * (1.0 + hi)) - 1.0, new)
        h = new
        scale = 1.0 + np.abs(h)
        done = (np.abs(step) < 1e-10 * scale) | (hi - lo < 1e-14 * scale)
        if done.all():
            return h, (h > _H_LO * (1 - 1e-9)) & (h < _H_HI * (1 - 1e-9))
    return h, np.zeros(h.shape, dtype=bool)


def _solve_scalar(
    target: float, half: float, st: AccrualState, simple: bool, h: float
) -> tuple[float, bool]:
    lo, hi = _H_LO, _H_HI
    for _ in range(_MAX_ITER):
        p, dp = _dirty_py(h, half, st, simple)
        err = p - target
        if err > 0:
            lo = h
        elif err < 0:
            hi = h
        step = err / dp
        new = h - step
        h = new if lo <= new <= hi else math.sqrt((1.0 + lo) * (1.0 + hi)) - 1.0
        scale = 1.0 + abs(h)
        if abs(step) < 1e-10 * scale or hi - lo < 1e-14 * scale:
            return h, _H_LO * (1 - 1e-9) < h < _H_HI * (1 - 1e-9)
    return h, False


_NO_ROOT = "implies a yield outside -199.8% to 2e14% (or the solver failed); check price and dates"


# --- results ------------------------------------------------------------------------------------
class _Fields:
    """``to_dict()`` and ``summary()`` for the result dataclasses of :mod:`tsy.math`."""

    def to_dict(self) -> dict[str, Any]:
        """Fields as a dict (dates as ``datetime.date`` for one bond)."""
        # every subclass is a dataclass
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]

    def summary(self) -> str:
        """One line per field, for a single bond."""
        return "\n".join(f"{k:>12}: {v}" for k, v in self.to_dict().items())


@dataclass(frozen=True)
class BondResult(_Fields):
    """Price and yield of notes/bonds at settlement (floats for one bond, arrays for many).

    Attributes
    ----------
    clean, dirty, accrued : price per 100 without and with accrued interest, accrued interest
    yield_pct : yield to maturity, percent, semiannual compounding in ``convention``
    convention : "street" or "treasury"
    fraction : r/s, the share of the current half-year left until the next quasi-coupon date
    periods : N, coupon frequency dates left (including the next one and maturity)
    prev_coupon, next_coupon : quasi-coupon dates around settlement (``datetime64[D]``)
    """

    clean: Any
    dirty: Any
    accrued: Any
    yield_pct: Any
    convention: str
    fraction: Any
    periods: Any
    prev_coupon: Any
    next_coupon: Any


@dataclass(frozen=True)
class BondRisk(_Fields):
    """Risk measures at a yield (per 100 face; durations in years, convexity in years^2).

    ``macaulay`` is the present-value-weighted time to the cash flows, ``(k - 1 + f)/2`` years for
    the k-th; ``modified = -(dP/di)/P``; ``convexity = (d^2P/di^2)/P``; ``dv01`` the fall in
    the dirty price per 100 for a one-basis-point rise in yield (``-(dP/di) * 0.0001``); all on the
    dirty price in ``convention``.
    """

    macaulay: Any
    modified: Any
    convexity: Any
    dv01: Any
    dirty: Any
    yield_pct: Any
    convention: str


_FAST_DATES = (str, _dt.date, type(None))


def _fast(number_a: Any, number_b: Any, *dates: Any) -> bool:
    """Whether a call can take the pure-Python single-bond path."""
    return (
        isinstance(number_a, float | int)
        and isinstance(number_b, float | int)
        and all(isinstance(d, _FAST_DATES) for d in dates)
    )


def _check_number(name: str, value: float, ok: bool, why: str) -> None:
    if math.isnan(value):
        raise InputError(f"{name} = nan: is NaN; expected a number")
    if not ok:
        raise InputError(f"{name} = {value!r}: {why}")


def _scalar_result(
    st: AccrualState, clean: float, dirty: float, acc: float, yld: float, convention: str
) -> BondResult:
    return BondResult(
        clean=clean,
        dirty=dirty,
        accrued=acc,
        yield_pct=yld,
        convention=convention,
        fraction=float(st.fraction),
        periods=int(st.remaining),
        prev_coupon=days_to_date(int(st.prev_quasi)),
        next_coupon=days_to_date(int(st.next_quasi)),
    )


def _scalar_accrued(coupon: float, st: AccrualState, rounded: bool) -> float:
    acc = coupon / 2.0 * float(st.accrued)
    return math.floor(acc * 1e6 + 0.5 + 1e-7) / 1e6 if rounded else acc


def _price_scalar(
    coupon: float,
    yld: float,
    settle: Any,
    maturity: Any,
    dated: Any,
    first_coupon: Any,
    simple: bool,
    convention: str,
    rounded: bool,
) -> BondResult:
    _check_number("coupon", coupon, coupon >= 0, "must be a non-negative annual coupon rate")
    _check_number("yld", yld, yld > 200.0 * _H_LO, "must be above -199.8 percent")
    st = scalar_state(settle, maturity, dated, first_coupon)
    dirty = _dirty_py(yld / 200.0, coupon / 2.0, st, simple)[0]
    acc = _scalar_accrued(coupon, st, rounded)
    return _scalar_result(st, dirty - acc, dirty, acc, yld, convention)


def _yield_scalar(
    coupon: float,
    price: float,
    settle: Any,
    maturity: Any,
    dated: Any,
    first_coupon: Any,
    simple: bool,
    convention: str,
    is_dirty: bool,
    rounded: bool,
) -> BondResult:
    _check_number("coupon", coupon, coupon >= 0, "must be a non-negative annual coupon rate")
    _check_number("price", price, price > 0, "must be a positive price per 100")
    st = scalar_state(settle, maturity, dated, first_coupon)
    acc = _scalar_accrued(coupon, st, rounded)
    target = price if is_dirty else price + acc
    years = max((int(st.remaining) - 1.0 + float(st.fraction)) / 2.0, 1.0 / 365.0)
    clean = target - acc
    guess = (coupon + (100.0 - clean) / years) / ((100.0 + clean) / 2.0) / 2.0
    h, ok = _solve_scalar(target, coupon / 2.0, st, simple, min(max(guess, _H_LO + 0.01), 1.0))
    if not ok:
        raise InputError(f"price = {price!r}: {_NO_ROOT}")
    return _scalar_result(st, clean, target, acc, 200.0 * h, convention)
