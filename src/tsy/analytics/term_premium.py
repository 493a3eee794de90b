"""The 10-year yield split into expected path and term premium (Adrian-Crump-Moench, month-end).

ACM publish, each month end, the 10-year zero-coupon yield's term premium and its risk-neutral
(expected path) component, percent; ``yield = expected path + term premium``. A 10-year rise
that is term premium is investors asking more to hold duration (the seed article's "haven
doubt"); one that is expected path is the Fed outlook.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["acm_split"]


def acm_split(term_premium: pd.Series, expected_path: pd.Series) -> dict[str, Any] | None:
    """The latest term premium and expected path (percent) and their 1-month changes (bp).

    Parameters
    ----------
    term_premium, expected_path : Series
        ACM 10-year term premium and risk-neutral yield, percent, month-end.

    Returns
    -------
    dict or None
        ``date, term_premium_pct, term_premium_chg_1m_bp, expected_path_pct,
        expected_path_chg_1m_bp`` (change = last minus the observation before, x 100); None
        with fewer than two observations of either.

    Examples
    --------
    >>> d = pd.to_datetime(["2025-02-28", "2025-03-31"])
    >>> out = acm_split(pd.Series([0.60, 0.65], d), pd.Series([3.90, 3.80], d))
    >>> round(out["term_premium_chg_1m_bp"], 6), round(out["expected_path_chg_1m_bp"], 6)
    (5.0, -10.0)
    """
    tp, rn = term_premium.dropna(), expected_path.dropna()
    if len(tp) < 2 or len(rn) < 2:
        return None
    return {
        "date": tp.index[-1],
        "term_premium_pct": float(tp.iloc[-1]),
        "term_premium_chg_1m_bp": float((tp.iloc[-1] - tp.iloc[-2]) * 100.0),
        "expected_path_pct": float(rn.iloc[-1]),
        "expected_path_chg_1m_bp": float((rn.iloc[-1] - rn.iloc[-2]) * 100.0),
    }
