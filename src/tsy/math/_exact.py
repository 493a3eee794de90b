"""Exact decimal arithmetic for the rounding steps of 31 CFR 356 Appendix B (TIPS).

App. B I.B.3: "Interpolation calculations are truncated to six decimal places, then rounded to
five", and the index ratio likewise. A float quotient cannot be truncated safely: 322.69087 /
216.1395 is 1.4929749999..., just under the boundary 1.492975, and any rounding of the float
before truncating pushes it over. So every input is read as the decimal number it prints as (its
shortest ``repr``: 154.65 is 154.65, not 154.6499999...) and the arithmetic is done on integers:

* the fast path scales each value to an integer count of 1e-5 when the value has at most five
  decimals (every published CPI-U and Ref CPI has), checked by a round trip, and divides with
  integer floor division;
* anything else goes through :class:`fractions.Fraction` element by element.

Both give the same result; the fast path only avoids Python objects for whole arrays.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from tsy.math._inputs import FloatArray, IntArray

__all__ = [
    "exact",
    "exact_product",
    "fifths",
    "interpolate_trunc6_round5",
    "ratio_trunc6_round5",
    "round_half_up",
    "trunc6_round5",
]

_FIFTH = 100_000  # 1e5: the Ref CPI and index ratio grid
_LIMIT = 2.0**52


def exact(value: Any) -> Fraction:
    """The decimal number a float prints as, exactly (``exact(0.1) == Fraction(1, 10)``)."""
    return Fraction(repr(float(value)))


def fifths(x: FloatArray) -> tuple[IntArray, Any]:
    """``x`` as integers of 1e-5 where ``x`` is the float of a number with <= 5 decimals.

    Returns the integers (0 elsewhere) and the mask of elements that passed the round trip
    ``n / 1e5 == x`` (IEEE division is correctly rounded, so this holds exactly when ``x`` is the
    double nearest to ``n * 1e-5``).
    """
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = np.rint(x * 1e5)
        ok = np.isfinite(scaled) & (np.abs(scaled) < _LIMIT)
        ok &= np.where(ok, scaled, 0.0) / 1e5 == x
    return np.where(ok, scaled, 0.0).astype(np.int64), ok


def _round5_of_micro(micro: Any) -> Any:
    """Round a count of 1e-6 half up to five decimals, as a float (``micro`` integers)."""
    return ((micro + 5) // 10) / 1e5


def round_half_up(q: Fraction, decimals: int) -> float:
    """Round a rational half up (away from zero at .5) to ``decimals`` places, as a float."""
    scale = 10**decimals
    n = int(abs(q) * scale + Fraction(1, 2))
    return (n if q >= 0 else -n) / scale


def trunc6_round5(q: Fraction) -> float:
    """Truncate a positive rational to six decimals, then round half up to five."""
    micro = (q.numerator * 10**6) // q.denominator
    return float(_round5_of_micro(micro))


def ratio_trunc6_round5(num: Any, den: Any) -> Any:
    """``trunc6_round5(num / den)`` element by element, exact (inputs positive)."""
    shape = np.broadcast_shapes(np.shape(num), np.shape(den))
    num, den = (
        np.broadcast_to(np.asarray(x, dtype=np.float64), shape).reshape(-1) for x in (num, den)
    )
    n5, ok_n = fifths(num)
    d5, ok_d = fifths(den)
    ok = ok_n & ok_d & (d5 > 0)
    safe_d = np.where(ok, d5, 1)
    ok &= np.abs(n5) < 9 * 10**12  # n5 * 1e6 must stay below 2^63 (larger: the Fraction path)
    micro = (np.where(ok, n5, 0) * 10**6) // safe_d
    out = np.where(ok, _round5_of_micro(micro), np.nan)
    for i in np.flatnonzero(~ok & np.isfinite(num) & np.isfinite(den) & (den > 0)):
        out[i] = trunc6_round5(exact(num[i]) / exact(den[i]))
    return out.reshape(shape)


def interpolate_trunc6_round5(lo: Any, hi: Any, t1: Any, days: Any) -> Any:
    """``trunc6_round5(lo + t1/days * (hi - lo))`` exactly: the Ref CPI of App. B I.B.3.

    ``lo``, ``hi`` index levels; ``t1`` the day of the month minus one; ``days`` the month's
    length (integers).
    """
    shape = np.broadcast_shapes(*(np.shape(x) for x in (lo, hi, t1, days)))
    lo, hi = (np.broadcast_to(np.asarray(x, dtype=np.float64), shape).reshape(-1) for x in (lo, hi))
    t1, days = (
        np.broadcast_to(np.asarray(x, dtype=np.int64), shape).reshape(-1) for x in (t1, days)
    )
    a, ok_a = fifths(lo)
    b, ok_b = fifths(hi)
    ok = ok_a & ok_b
    a, b = np.where(ok, a, 0), np.where(ok, b, 0)
    # 1e6 * (a + t1 (b - a)/D) = (10 a D + 10 t1 (b - a)) / D, floored (the value is positive)
    micro = (10 * a * days + 10 * t1 * (b - a)) // np.maximum(days, 1)
    out = np.where(ok, _round5_of_micro(micro), np.nan)
    for i in np.flatnonzero(~ok & np.isfinite(lo) & np.isfinite(hi)):
        x, y = exact(lo[i]), exact(hi[i])
        out[i] = trunc6_round5(x + Fraction(int(t1[i]), int(days[i])) * (y - x))
    return out.reshape(shape)


def exact_product(*factors: Any, divide_by: int = 1) -> Any:
    """The product of decimals (as printed) divided by an integer, rounded once to a float."""
    arrays = np.broadcast_arrays(*(np.asarray(f, dtype=np.float64) for f in factors))
    out = np.empty(arrays[0].shape, dtype=np.float64)
    for i in np.ndindex(out.shape):
        vals = [a[i] for a in arrays]
        if not all(np.isfinite(v) for v in vals):
            out[i] = np.nan
            continue
        prod = Fraction(1, divide_by)
        for v in vals:
            prod *= exact(v)
        out[i] = float(prod)
    return out
