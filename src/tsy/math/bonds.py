"""Treasury notes and bonds: price from yield, yield from price, risk measures.

Rates are in percent, prices per 100 of face value. Two conventions, chosen by ``convention``:

``"street"`` (default; what dealers quote, the Securities Industry convention)
    The fraction ``f = r/s`` of the current half-year is discounted with compound interest,
    ``(1 + i/2)^-f``; in the final coupon period (one payment left) with simple interest,
    ``1 / (1 + f i/2)``.
``"treasury"`` (31 CFR 356 Appendix B, section II; what auction results use)
    The fractional period is always discounted with simple interest, ``1 / (1 + f i/2)``.

Both discount the remaining whole half-years with compound interest ``v = 1/(1 + i/2)``. With
``G`` the value of the remaining cash flows at the next quasi-coupon date,

    dirty = G * D(f),   G = c x1 + c x2 v + c a_m + 100 v^m,   m = N - 1,

where ``c = C/2``, ``N`` the number of quasi-coupon dates left, ``a_m = v + ... + v^m``,
``x1`` the half-coupons paid on the next quasi date (a fraction for a short first coupon, more
than one for a long one, 0 inside a long first coupon's initial short period) and ``x2`` the
stub of a long first coupon paid one date later (see :class:`tsy.math.daycount.AccrualState`).
This reproduces every formula of App. B II.A to II.G. The two conventions differ by up to about
1.5 bp in yield (short settlement fractions of long bonds at high yields); every result carries
its ``convention``.

The yield solver is a bracketed Newton method on ``h = i/2`` (the price is strictly decreasing
and convex in ``h`` on ``(-1, inf)``), falling back to bisection whenever a Newton step leaves the
bracket; it converges for every positive price or raises. Arrays are processed in blocks that
stay in the CPU cache; a single bond takes a pure-Python path.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, fields
from typing import Any, Literal

import numpy as np

from tsy.errors import InputError
from tsy.math._inputs import Checker, Errors, FloatArray, as_float, days_to_date, wrap
from tsy.math.daycount import AccrualState, accrual_inputs, accrual_state, scalar_state, state_of

__all__ = [
    "CONVENTIONS",
    "BondResult",
    "BondRisk",
    "Convention",
    "approximate_yield",
    "bond_price",
    "bond_risk",
    "bond_yield",
    "convexity",
    "duration",
    "dv01",
    "round_accrued",
]

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

_H_LO, _H_HI = -0.999, 1e12  # bracket for h = i/2: yields from -199.8% to 2e14%
_MAX_ITER = 200
_BLOCK = 8192


def _convention(convention: str) -> bool:
    try:
        return bool(CONVENTIONS[convention]["simple_fraction"])
    except KeyError:
        raise InputError(
            f"convention = {convention!r}: expected one of {', '.join(CONVENTIONS)}"
        ) from None


# --- results ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BondResult:
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

    def to_dict(self) -> dict[str, Any]:
        """Fields as a dict (dates as ``datetime.date`` for one bond)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def summary(self) -> str:
        """One line per field, for a single bond."""
        return "\n".join(f"{k:>12}: {v}" for k, v in self.to_dict().items())


@dataclass(frozen=True)
class BondRisk:
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

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# --- the pricing core: value and derivative in h = i/2 -----------------------------------------
def _dirty_np(
    h: FloatArray, c: FloatArray, st: AccrualState, simple: bool
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Dirty price, dP/dh, G and dG/dh for arrays (h not exactly 0 handled by a limit)."""
    n = st.remaining
    m = n - 1.0
    lg = np.log1p(h)
    v = 1.0 / (1.0 + h)
    vm = np.exp(-m * lg)
    zero = h == 0.0
    hs = np.where(zero, 1.0, h)
    am = np.where(zero, m, -np.expm1(-m * lg) / hs)
    dam = np.where(zero, -0.5 * m * (m + 1.0), (m * vm * v - am) / hs)
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


def _dirty_py(h: float, c: float, st: AccrualState, simple: bool) -> tuple[float, float]:
    """Scalar twin of :func:`_dirty_np` in plain Python floats (the fast single-bond path)."""
    n = int(st.remaining)
    m = n - 1.0
    x1, x2, f = float(st.first_amount), float(st.second_extra), float(st.fraction)
    v = 1.0 / (1.0 + h)
    if h == 0.0:
        vm, am, dam = 1.0, m, -0.5 * m * (m + 1.0)
    else:
        lg = math.log1p(h)
        vm = math.exp(-m * lg)
        am = -math.expm1(-m * lg) / h
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


def round_accrued(accrued: Any) -> Any:
    """Round accrued interest per 100 as the Treasury does: five decimals per $1,000 (half up).

    31 CFR 356 App. B, I.D.4. Per 100 face value that is six decimals.
    """
    a = np.asarray(accrued, dtype=np.float64)
    out = np.floor(a * 1e6 + 0.5 + 1e-7) / 1e6
    return float(out) if out.ndim == 0 else out


# --- inputs -------------------------------------------------------------------------------------
@dataclass
class _Flat:
    """Inputs of one vectorised call, checked, broadcast and flattened for block processing."""

    settle: Any
    maturity: Any
    dated: Any
    first: Any
    coupon: FloatArray
    value: FloatArray
    checker: Checker
    scalar: bool

    @property
    def bad(self) -> Any:
        return self.checker.bad.reshape(-1)

    def blocks(self) -> Any:
        """Yield ``(slice, AccrualState)`` over blocks small enough to stay in the CPU cache."""
        n = self.coupon.size
        for start in range(0, n, _BLOCK):
            sl = slice(start, min(start + _BLOCK, n))
            yield sl, state_of(self.settle[sl], self.maturity[sl], self.dated[sl], self.first[sl])


def _setup(
    coupon: Any,
    value: Any,
    value_name: str,
    settle: Any,
    maturity: Any,
    dated: Any,
    first_coupon: Any,
    errors: Errors,
) -> _Flat:
    c = as_float("coupon", coupon)
    x = as_float(value_name, value)
    dates, checker, scalar = accrual_inputs(
        settle, maturity, dated, first_coupon, errors=errors, values=(coupon, value)
    )
    shape = checker.shape
    c = np.broadcast_to(c, shape)
    x = np.broadcast_to(x, shape)
    checker.nan_checks(**{"coupon": c, value_name: x})
    checker.check("coupon", c, c < 0, "must be a non-negative annual coupon rate in percent")
    s, m, d, f, cf, xf = (np.ascontiguousarray(a).reshape(-1) for a in (*dates, c, x))
    return _Flat(s, m, d, f, cf, xf, checker, scalar)


class _Out:
    """Flat output buffers of a blocked call."""

    def __init__(self, n: int) -> None:
        self.clean = np.empty(n)
        self.dirty = np.empty(n)
        self.accrued = np.empty(n)
        self.yld = np.empty(n)
        self.fraction = np.empty(n)
        self.periods = np.empty(n, dtype=np.int64)
        self.prev = np.empty(n, dtype=np.int64)
        self.next = np.empty(n, dtype=np.int64)

    def put_state(self, sl: slice, st: AccrualState) -> None:
        self.fraction[sl] = st.fraction
        self.periods[sl] = st.remaining
        self.prev[sl] = st.prev_quasi
        self.next[sl] = st.next_quasi


def _result(flat: _Flat, out: _Out, convention: str, raw: tuple[Any, ...]) -> BondResult:
    checker, scalar = flat.checker, flat.scalar
    shape = checker.shape
    bad = checker.bad
    any_bad = bool(bad.any())

    def fl(x: Any) -> Any:
        x = x.reshape(shape)
        return wrap(np.where(bad, np.nan, x) if any_bad else x, raw, scalar)

    prev, nxt = out.prev.reshape(shape), out.next.reshape(shape)
    if scalar:
        prev_d: Any = None if bad.any() else days_to_date(int(prev))
        next_d: Any = None if bad.any() else days_to_date(int(nxt))
        periods: Any = None if bad.any() else int(out.periods[0])
    else:
        prev_d, next_d = prev.view("datetime64[D]"), nxt.view("datetime64[D]")
        periods = out.periods.reshape(shape)
        if any_bad:
            prev_d = np.where(bad, np.datetime64("NaT"), prev_d)
            next_d = np.where(bad, np.datetime64("NaT"), next_d)
            periods = np.where(bad, -1, periods)
    return BondResult(
        clean=fl(out.clean),
        dirty=fl(out.dirty),
        accrued=fl(out.accrued),
        yield_pct=fl(out.yld),
        convention=convention,
        fraction=fl(out.fraction),
        periods=periods,
        prev_coupon=prev_d,
        next_coupon=next_d,
    )


def _accrued(c: FloatArray, st: AccrualState, rounded: bool) -> FloatArray:
    acc = c / 2.0 * st.accrued
    return np.asarray(round_accrued(acc)) if rounded else acc


# --- public functions ---------------------------------------------------------------------------
def bond_price(
    coupon: Any,
    yld: Any,
    settle: Any,
    maturity: Any,
    dated: Any = None,
    first_coupon: Any = None,
    *,
    convention: Convention = "street",
    round_accrued: bool = False,
    errors: Errors = "raise",
) -> BondResult:
    """Price of a note or bond from its yield.

    Parameters
    ----------
    coupon : float or array-like
        Annual coupon rate, percent (``4.125``).
    yld : float or array-like
        Yield to maturity, percent, semiannual.
    settle, maturity : date-like or array-like
        Settlement date (the issue date for an auction) and maturity date.
    dated : date-like, optional
        Dated date, when interest starts to accrue; needed for odd first coupons. Without it the
        schedule is regular.
    first_coupon : date-like, optional
        First interest payment date, to mark a long first coupon.
    convention : {"street", "treasury"}
        See the module docstring.
    round_accrued : bool
        Round accrued interest as the Treasury does for settlement (App. B I.D.4); the clean price
        is then ``dirty - rounded accrued``, as in App. B II.D to II.G.
    errors : {"raise", "coerce"}

    Returns
    -------
    BondResult
        ``clean``, ``dirty``, ``accrued``, ``yield_pct`` and the schedule position.

    Examples
    --------
    >>> r = bond_price(8.75, 8.84, "1990-05-15", "2020-05-15", convention="treasury")
    >>> round(r.clean, 6)  # 31 CFR 356 App. B, II.A
    99.057893
    """
    simple = _convention(convention)
    if errors == "raise" and _fast(coupon, yld, settle, maturity, dated, first_coupon):
        return _price_scalar(
            float(coupon),
            float(yld),
            settle,
            maturity,
            dated,
            first_coupon,
            simple,
            convention,
            round_accrued,
        )
    flat = _setup(coupon, yld, "yld", settle, maturity, dated, first_coupon, errors)
    y = flat.value
    shape = flat.checker.shape
    low = (~(y > 200.0 * _H_LO) & ~np.isnan(y)).reshape(shape)
    flat.checker.check("yld", y.reshape(shape), low, "must be above -199.8 percent")
    flat.checker.finish()
    bad = flat.bad
    out = _Out(y.size)
    for sl, st in flat.blocks():
        h = np.where(bad[sl], 0.02, y[sl] / 200.0)
        c = np.where(bad[sl], 0.0, flat.coupon[sl])
        dirty = _dirty_np(h, c / 2.0, st, simple)[0]
        acc = _accrued(c, st, round_accrued)
        out.put_state(sl, st)
        out.dirty[sl], out.accrued[sl], out.clean[sl] = dirty, acc, dirty - acc
        out.yld[sl] = y[sl]
    return _result(flat, out, convention, (coupon, yld))


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


def bond_yield(
    coupon: Any,
    price: Any,
    settle: Any,
    maturity: Any,
    dated: Any = None,
    first_coupon: Any = None,
    *,
    convention: Convention = "street",
    dirty: bool = False,
    round_accrued: bool = False,
    errors: Errors = "raise",
) -> BondResult:
    """Yield to maturity (percent) of a note or bond from its price.

    Same arguments as :func:`bond_price`, with ``price`` per 100 (clean unless ``dirty=True``).
    The solver is a bracketed Newton method; it converges for every positive price or raises.

    Examples
    --------
    >>> r = bond_yield(8.75, 99.057893, "1990-05-15", "2020-05-15", convention="treasury")
    >>> round(r.yield_pct, 4)  # 31 CFR 356 App. B, II.A: 8.84%
    8.84
    """
    simple = _convention(convention)
    if errors == "raise" and _fast(coupon, price, settle, maturity, dated, first_coupon):
        return _yield_scalar(
            float(coupon),
            float(price),
            settle,
            maturity,
            dated,
            first_coupon,
            simple,
            convention,
            dirty,
            round_accrued,
        )
    flat = _setup(coupon, price, "price", settle, maturity, dated, first_coupon, errors)
    checker, p = flat.checker, flat.value
    shape = checker.shape
    nonpos_price = (~(p > 0) & ~np.isnan(p)).reshape(shape)
    checker.check("price", p.reshape(shape), nonpos_price, "must be a positive price per 100")
    bad = flat.bad.copy()
    out = _Out(p.size)
    nonpositive = np.zeros(p.size, dtype=np.bool_)
    found = np.ones(p.size, dtype=np.bool_)
    for sl, st in flat.blocks():
        c = np.where(bad[sl], 0.0, flat.coupon[sl])
        acc = _accrued(c, st, round_accrued)
        target = p[sl] if dirty else p[sl] + acc
        nonpositive[sl] = ~(target > 0) & ~bad[sl]
        skip = bad[sl] | nonpositive[sl]
        target = np.where(skip, 100.0, target)
        half = np.where(skip, 0.0, c / 2.0)
        h, ok = _solve_block(target, half, st, simple, _initial_h(c, target - acc, st))
        found[sl] = ok | skip
        out.put_state(sl, st)
        out.dirty[sl], out.accrued[sl], out.clean[sl] = target, acc, target - acc
        out.yld[sl] = 200.0 * h
    checker.check(
        "price", p.reshape(shape), nonpositive.reshape(shape),
        "is below minus the accrued interest (a non-positive dirty price)",
    )  # fmt: skip
    checker.check("price", p.reshape(shape), ~found.reshape(shape), _NO_ROOT)
    checker.finish()  # raises, unless coercing
    return _result(flat, out, convention, (coupon, price))


def approximate_yield(coupon: Any, price: Any, settle: Any, maturity: Any) -> Any:
    """The textbook *approximate* yield, percent: ``[C + (100 - P)/n] / [(100 + P)/2]``.

    ``C`` the annual coupon per 100, ``P`` the (clean) price, ``n`` the years to maturity counted
    in half-years, ``(N - 1 + f)/2``. An approximation offered as such, never the yield: use
    :func:`bond_yield` for the yield. Typically within a few basis points near par, much worse
    far from par.

    Examples
    --------
    >>> round(approximate_yield(4.0, 95.0, "2024-05-15", "2034-05-15"), 4)
    4.6154
    """
    st, checker, scalar = accrual_state(settle, maturity, values=(coupon, price))
    c = np.broadcast_to(as_float("coupon", coupon), checker.shape)
    p = np.broadcast_to(as_float("price", price), checker.shape)
    checker.nan_checks(coupon=c, price=p)
    checker.check("price", p, ~(p > 0) & ~np.isnan(p), "must be a positive price per 100")
    checker.finish()
    years = (np.asarray(st.remaining) - 1.0 + st.fraction) / 2.0
    out = (c + (100.0 - p) / years) / ((100.0 + p) / 2.0) * 100.0
    return wrap(out, (coupon, price, settle, maturity), scalar)


def bond_risk(
    coupon: Any,
    yld: Any,
    settle: Any,
    maturity: Any,
    dated: Any = None,
    first_coupon: Any = None,
    *,
    convention: Convention = "street",
    errors: Errors = "raise",
) -> BondRisk:
    """Macaulay and modified duration, convexity and DV01 at a yield (percent).

    First derivatives are analytic; the second derivative is a central difference of the
    analytic first derivative (step 1e-5 in ``i/2``; relative accuracy about 1e-9).

    Examples
    --------
    >>> r = bond_risk(4.0, 4.0, "2024-05-15", "2034-05-15")
    >>> round(r.modified, 4), round(r.dv01, 4)
    (8.1757, 0.0818)
    """
    simple = _convention(convention)
    flat = _setup(coupon, yld, "yld", settle, maturity, dated, first_coupon, errors)
    checker, scalar, y, bad = flat.checker, flat.scalar, flat.value, flat.bad
    checker.finish()
    st = state_of(flat.settle, flat.maturity, flat.dated, flat.first)
    h = np.where(bad, 0.02, y / 200.0)
    half = np.where(bad, 0.0, flat.coupon / 2.0)
    p, dp, g, dg = _dirty_np(h, half, st, simple)
    e = 1e-5
    d2p = (_dirty_np(h + e, half, st, simple)[1] - _dirty_np(h - e, half, st, simple)[1]) / (2 * e)
    macaulay = (st.fraction * g - (1.0 + h) * dg) / (2.0 * g)
    modified = -dp / (2.0 * p)  # d/di = (1/2) d/dh
    conv = d2p / (4.0 * p)
    dv01 = -dp / 2.0 * 1e-4

    def fl(x: Any) -> Any:
        return wrap(np.where(bad, np.nan, x).reshape(checker.shape), (coupon, yld), scalar)

    return BondRisk(fl(macaulay), fl(modified), fl(conv), fl(dv01), fl(p), fl(y), convention)


def duration(
    coupon: Any,
    yld: Any,
    settle: Any,
    maturity: Any,
    dated: Any = None,
    first_coupon: Any = None,
    *,
    kind: Literal["modified", "macaulay"] = "modified",
    convention: Convention = "street",
) -> Any:
    """Modified (default) or Macaulay duration in years; see :func:`bond_risk`."""
    if kind not in ("modified", "macaulay"):
        raise InputError(f"kind = {kind!r}: expected 'modified' or 'macaulay'")
    risk = bond_risk(coupon, yld, settle, maturity, dated, first_coupon, convention=convention)
    return getattr(risk, kind)


def convexity(
    coupon: Any,
    yld: Any,
    settle: Any,
    maturity: Any,
    dated: Any = None,
    first_coupon: Any = None,
    *,
    convention: Convention = "street",
) -> Any:
    """Convexity ``(d^2P/di^2)/P`` in years^2; see :func:`bond_risk`."""
    risk = bond_risk(coupon, yld, settle, maturity, dated, first_coupon, convention=convention)
    return risk.convexity


def dv01(
    coupon: Any,
    yld: Any,
    settle: Any,
    maturity: Any,
    dated: Any = None,
    first_coupon: Any = None,
    *,
    convention: Convention = "street",
) -> Any:
    """Price value of a basis point per 100 face value; see :func:`bond_risk`."""
    risk = bond_risk(coupon, yld, settle, maturity, dated, first_coupon, convention=convention)
    return risk.dv01
