"""Today's levels: nominal, real (TIPS) and breakeven yields by tenor, their changes and percentile.

For each tenor and measure (``nominal``, ``real``, ``breakeven = nominal - real``, same tenor and
same day), on the last date with data:

* ``level_pct``: the yield, percent;
* ``chg_1d_bp``: change from the observation before, basis points;
* ``chg_1w_bp``, ``chg_1m_bp``, ``chg_1y_bp``: change from the last observation on or before the
  same day one week, one month and one year earlier (calendar), basis points;
* ``pct_10y``: percentile of the level among the observations of the trailing ten years (the
  day included): the share at or below it, percent (100 = a ten-year high);
* ``stale``: the row's date is more than ``stale_after_days`` before the latest date of the table
  (a series that ended early: shown, and said so).

Changes are computed on values rounded to the source's two decimals and rounded to 0.1bp, so a
change printed as 0.0 is no change (no float noise).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tsy.analytics._result import Result

__all__ = ["MEASURES", "CurveSnapshot", "curve_snapshot"]

#: Measures in display order.
MEASURES: tuple[str, ...] = ("nominal", "real", "breakeven")
_BACK: dict[str, pd.DateOffset] = {
    "chg_1w_bp": pd.DateOffset(weeks=1),
    "chg_1m_bp": pd.DateOffset(months=1),
    "chg_1y_bp": pd.DateOffset(years=1),
}


@dataclass(frozen=True, repr=False)
class CurveSnapshot(Result, frame="table"):
    """Result of :func:`curve_snapshot`.

    Attributes
    ----------
    table : DataFrame
        ``tenor, measure, date, level_pct, chg_1d_bp, chg_1w_bp, chg_1m_bp, chg_1y_bp, pct_10y,
        stale``.
    """

    table: pd.DataFrame

    def summary(self) -> str:
        """The 10-year line (or the first row)."""
        if self.table.empty:
            return "Snapshot: no data"
        t = self.table
        ten = t[t["tenor"] == 10]
        rows = ten if len(ten) else t.head(1)
        bits = [
            f"{r['measure']} {r['level_pct']:.2f}% ({r['chg_1d_bp']:+.1f}bp 1d, "
            f"pct {r['pct_10y']:.0f})"
            for r in rows.to_dict("records")
        ]
        d = pd.Timestamp(rows["date"].max()).date()
        return f"Snapshot {d}, {int(rows['tenor'].iloc[0])}y: " + "; ".join(bits)


def _row(s: pd.Series, tenor: int, measure: str) -> dict[str, Any]:
    s = s.dropna().astype(float).round(2).sort_index()
    d = pd.Timestamp(s.index[-1])
    level = float(s.iloc[-1])
    row: dict[str, Any] = {"tenor": tenor, "measure": measure, "date": d, "level_pct": level}
    row["chg_1d_bp"] = round((level - float(s.iloc[-2])) * 100.0, 1) if len(s) > 1 else np.nan
    for col, back in _BACK.items():
        before = s.loc[: d - back]
        row[col] = round((level - float(before.iloc[-1])) * 100.0, 1) if len(before) else np.nan
    window = s.loc[d - pd.DateOffset(years=10) :]
    row["pct_10y"] = float((window <= level).mean() * 100.0)
    return row


def curve_snapshot(
    nominal: Mapping[int, pd.Series],
    real: Mapping[int, pd.Series],
    *,
    stale_after_days: int = 7,
) -> CurveSnapshot:
    """Levels, changes and ten-year percentile per tenor (see the module docstring).

    Parameters
    ----------
    nominal, real : mapping tenor (years) -> Series
        Constant-maturity nominal yields and TIPS real yields, percent (e.g. FRED's ``DGS10``
        and ``DFII10``), cut at the as-of date. A tenor missing from ``real`` has no real or
        breakeven row.
    stale_after_days : int
        Calendar days behind the table's latest date after which a row is ``stale``.

    Returns
    -------
    CurveSnapshot

    Examples
    --------
    >>> d = pd.to_datetime(["2024-04-10", "2025-04-03", "2025-04-09", "2025-04-10"])
    >>> n = pd.Series([4.55, 4.06, 4.34, 4.42], d)
    >>> r = pd.Series([2.13, 1.76, 2.12, 2.23], d)
    >>> t = curve_snapshot({10: n}, {10: r}).table.set_index("measure")
    >>> t.loc["breakeven", ["level_pct", "chg_1d_bp", "chg_1w_bp", "chg_1y_bp"]].tolist()
    [2.19, -3.0, -11.0, -23.0]
    """
    rows = []
    for tenor in sorted(set(nominal) | set(real)):
        n = nominal.get(tenor)
        r = real.get(tenor)
        n = n.dropna() if n is not None else None
        r = r.dropna() if r is not None else None
        if n is not None and len(n):
            rows.append(_row(n, tenor, "nominal"))
        if r is not None and len(r):
            rows.append(_row(r, tenor, "real"))
        if n is not None and r is not None and len(n) and len(r):
            both = pd.concat([n.round(2), r.round(2)], axis=1, join="inner").dropna()
            if len(both):
                be = (both.iloc[:, 0] - both.iloc[:, 1]).round(2)
                rows.append(_row(be, tenor, "breakeven"))
    cols = ["tenor", "measure", "date", "level_pct", "chg_1d_bp", "chg_1w_bp", "chg_1m_bp"]
    cols += ["chg_1y_bp", "pct_10y"]
    table = pd.DataFrame(rows, columns=cols)
    latest = table["date"].max() if len(table) else None
    table["stale"] = (
        (latest - table["date"]).dt.days > stale_after_days if latest is not None else False
    )
    return CurveSnapshot(table)
