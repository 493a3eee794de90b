"""Breakeven inflation: spot (simple and Fisher) and forward breakevens.

Yields in percent. Functions take numbers, arrays or pandas Series; Series are aligned on their
dates first (only dates present in every input are kept) and a Series named after the measure
is returned.

* Breakeven = nominal yield - real (TIPS) yield, same tenor and date (FRED ``T5YIE``,
  ``T10YIE``: ``DGS5 - DFII5``, ``DGS10 - DFII10``).
* Fisher breakeven, consistent with the semiannual compounding of Treasury yields:
  ``((1 + n/200) / (1 + r/200) - 1) * 200``.
* Forward breakeven between tenors ``n1 < n2`` years, annual compounding as FRED defines its
  5-year, 5-year forward (``T5YIFR``):
  ``(((1 + BE2/100)^n2 / (1 + BE1/100)^n1)^(1/(n2 - n1)) - 1) * 100``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tsy.errors import InputError
from tsy.math._inputs import as_float

__all__ = ["breakeven", "fisher_breakeven", "forward_breakeven", "t5yifr"]


def _align(**inputs: Any) -> tuple[dict[str, Any], pd.Index | None]:
    """Align Series inputs on their common dates; return plain arrays (or floats) and the index."""
    series = {k: v for k, v in inputs.items() if isinstance(v, pd.Series)}
    if not series:
        return {k: as_float(k, v) for k, v in inputs.items()}, None
    frame = pd.concat(series, axis=1, join="inner")
    out: dict[str, Any] = {}
    for k, v in inputs.items():
        out[k] = frame[k].to_numpy(dtype=np.float64) if k in series else as_float(k, v)
    return out, frame.index


def _finish(values: Any, index: pd.Index | None, name: str) -> Any:
    arr = np.asarray(values, dtype=np.float64)
    if index is not None:
        return pd.Series(arr, index=index, name=name)
    return float(arr) if arr.ndim == 0 else arr


def breakeven(nominal: Any, real: Any) -> Any:
    """Breakeven inflation, percent: ``nominal - real`` (same tenor, same date).

    Examples
    --------
    >>> round(breakeven(1.92, -0.51), 2)  # FRED 2022-02-11: DGS10 1.92, DFII10 -0.51, T10YIE 2.43
    2.43
    """
    a, idx = _align(nominal=nominal, real=real)
    return _finish(a["nominal"] - a["real"], idx, "breakeven")


def fisher_breakeven(nominal: Any, real: Any) -> Any:
    """Compounding-consistent (Fisher) breakeven, percent, semiannual bond-equivalent basis.

    ``(1 + n/200) = (1 + r/200)(1 + pi/200)`` solved for ``pi``: ``((1 + n/200)/(1 + r/200) - 1)
    * 200``. Slightly below the simple difference when real yields are positive.

    Examples
    --------
    >>> round(fisher_breakeven(4.5, 2.0), 6)
    2.475248
    """
    a, idx = _align(nominal=nominal, real=real)
    out = ((1.0 + a["nominal"] / 200.0) / (1.0 + a["real"] / 200.0) - 1.0) * 200.0
    return _finish(out, idx, "fisher_breakeven")


def forward_breakeven(be_short: Any, n_short: float, be_long: Any, n_long: float) -> Any:
    """Forward breakeven between ``n_short`` and ``n_long`` years, percent (annual compounding).

    ``(((1 + BE_long/100)^n_long / (1 + BE_short/100)^n_short)^(1/(n_long - n_short)) - 1) * 100``
    -- FRED's definition of T5YIFR with ``n_short = 5``, ``n_long = 10``.

    Examples
    --------
    >>> round(forward_breakeven(2.82, 5, 2.43, 10), 2)  # FRED 2022-02-11: T5YIFR 2.04
    2.04
    """
    if not n_long > n_short >= 0:
        raise InputError(f"tenors n_short={n_short!r}, n_long={n_long!r}: need 0 <= short < long")
    a, idx = _align(be_short=be_short, be_long=be_long)
    growth = (1.0 + a["be_long"] / 100.0) ** n_long / (1.0 + a["be_short"] / 100.0) ** n_short
    out = (growth ** (1.0 / (n_long - n_short)) - 1.0) * 100.0
    return _finish(out, idx, "forward_breakeven")


def t5yifr(dgs5: Any, dfii5: Any, dgs10: Any, dfii10: Any) -> Any:
    """5-year, 5-year forward inflation expectation rate exactly as FRED's ``T5YIFR``.

    ``(((1 + (DGS10 - DFII10)/100)^10 / (1 + (DGS5 - DFII5)/100)^5)^(1/5) - 1) * 100``.
    """
    a, idx = _align(dgs5=dgs5, dfii5=dfii5, dgs10=dgs10, dfii10=dfii10)
    out = forward_breakeven(a["dgs5"] - a["dfii5"], 5, a["dgs10"] - a["dfii10"], 10)
    return _finish(out, idx, "T5YIFR")
