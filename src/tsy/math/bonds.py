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

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from tsy.errors import InputError
from tsy.math._inputs import Checker, Errors, FloatArray, as_float, days_to_date, wrap
from tsy.math._pricing import (
    _H_LO,
    _NO_ROOT,
    CONVENTIONS,
    BondResult,
    BondRisk,
    Convention,
    _convention,
    _dirty_d2_np,
    _dirty_np,
    _fast,
    _initial_h,
    _price_scalar,
    _solve_block,
    _yield_scalar,
)
from tsy.math.daycount import AccrualState, accrual_inputs, accrual_state, state_of

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

_BLOCK = 8192


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


def _setup_yield(
    coupon: Any,
    yld: Any,
    settle: Any,
    maturity: Any,
    dated: Any,
    first_coupon: Any,
    errors: Errors,
) -> _Flat:
    """:func:`_setup` for calls given a yield: checks it is in the solver's range, then raises."""
    flat = _setup(coupon, yld, "yld", settle, maturity, dated, first_coupon, errors)
    y = flat.value.reshape(flat.checker.shape)
    low = ~(y > 200.0 * _H_LO) & ~np.isnan(y)
    flat.checker.check("yld", y, low, "must be above -199.8 percent")
    flat.checker.finish()  # raises, unless coercing
    return flat


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
    flat = _setup_yield(coupon, yld, settle, maturity, dated, first_coupon, errors)
    y, bad = flat.value, flat.bad
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

    All derivatives are analytic (closed forms, and their power series within 1e-4 of zero
    ``i/2``, so durations and DV01 stay exact at and near a zero yield). Convexity agrees with
    QuantLib's ``BondFunctions.convexity`` to about 1e-12 relative (tests/math/test_math_quantlib).

    Examples
    --------
    >>> r = bond_risk(4.0, 4.0, "2024-05-15", "2034-05-15")
    >>> round(r.modified, 4), round(r.dv01, 4)
    (8.1757, 0.0818)
    """
    simple = _convention(convention)
    flat = _setup_yield(coupon, yld, settle, maturity, dated, first_coupon, errors)
    checker, scalar, y, bad = flat.checker, flat.scalar, flat.value, flat.bad
    st = state_of(flat.settle, flat.maturity, flat.dated, flat.first)
    h = np.where(bad, 0.02, y / 200.0)
    half = np.where(bad, 0.0, flat.coupon / 2.0)
    p, dp, g, dg = _dirty_np(h, half, st, simple)
    d2p = _dirty_d2_np(h, half, st, simple)
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
