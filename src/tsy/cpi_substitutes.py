"""Treasury's index numbers for CPI months not reported in time, kept in the store.

31 CFR 356 App. B I.B.4(iv) (see :mod:`tsy.math.cpi`): when a month's CPI-U is not reported by
the last day of the following month, Treasury announces an index number from the last available
twelve-month change and uses it for every later TIPS calculation, even after the actual CPI
appears. tsy keeps that number as a labelled value in the generic table ``cpi_substitutes``
(never in ``CPIAUCNS``, which holds only what BLS published):

========== ============ ==============================================================
column     example      meaning
========== ============ ==============================================================
series_id  CPIAUCNS     the series it stands in for
date       2025-10-01   the month
value      325.604      the index number
kind       substitute   always "substitute" (what ``tsy status`` shows)
rule       31 CFR ...   the rule that gave it
based_on   2025-09 ...  the reported months it was computed from
========== ============ ==============================================================

Rows are written once, when CPIAUCNS is written and a month is missing between reported months
(``fill_only``: a stored number is never overwritten, whatever BLS reports later).
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from tsy.math.cpi import SUBSTITUTE_RULE, index_substitutes
from tsy.store import Store

__all__ = ["CPI_ID", "TABLE", "read_substitutes", "record_substitutes"]

TABLE = "cpi_substitutes"
CPI_ID = "CPIAUCNS"


def read_substitutes(store: Store, series_id: str = CPI_ID) -> pd.Series:
    """The stored index numbers of ``series_id`` by month (empty Series when none)."""
    frame = store.read_table(TABLE, where={"series_id": series_id})
    if frame.empty or "value" not in frame.columns:
        return pd.Series(dtype=float, index=pd.DatetimeIndex([], name="date"), name=series_id)
    out = pd.Series(
        frame["value"].astype(float).to_numpy(),
        index=pd.DatetimeIndex(frame["date"], name="date"),
        name=series_id,
    )
    return out.sort_index()


def record_substitutes(store: Store, seen_at: datetime) -> int:
    """Compute and store index numbers for CPI months missing between reported months.

    Returns the number of new rows. Months already stored are left as they are.
    """
    cpi = store.read_series(CPI_ID)
    if cpi.empty:
        return 0
    stored = read_substitutes(store)
    new = index_substitutes(cpi)
    new = new[~new.index.isin(stored.index)]
    if new.empty:
        return 0
    s = cpi.dropna()
    rows = []
    for month, value in new.items():
        last = s.index[s.index < month][-1]
        ago = last - pd.DateOffset(months=12)
        rows.append(
            {
                "series_id": CPI_ID,
                "date": month,
                "value": float(value),
                "kind": "substitute",
                "rule": SUBSTITUTE_RULE,
                "based_on": f"{last:%Y-%m} {s[last]:g} / {ago:%Y-%m} {s[ago]:g}",
            }
        )
    res = store.upsert_table(TABLE, pd.DataFrame(rows), seen_at=seen_at, fill_only=True)
    return int(res.new)
