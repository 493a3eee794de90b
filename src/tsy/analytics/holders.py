"""Foreign holders of Treasuries: the largest holders and their 1-month and 12-month changes.

Input: table ``foreign_holders`` (TIC "Major Foreign Holders of Treasury Securities",
``mfhhis01.txt``; columns ``country``, ``date`` (month end), ``holdings_usd_bn``). Aggregate rows
(``Grand Total``, ``All Other``, ``Foreign Official`` and its bills / bonds split, and groups such
as ``Oil Exporters`` and ``Carib Bnkng Ctrs``) are kept apart from the country ranking.

Changes are in USD billions: ``chg_1m = h(t) - h(t - 1 month)``, ``chg_12m = h(t) - h(t - 12
months)``; a month the TIC table does not list for that country gives NaN, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tsy.analytics._result import Result
from tsy.errors import InputError

__all__ = ["AGGREGATES", "ForeignHolders", "foreign_holders"]

#: Rows of the TIC table that are not single countries.
AGGREGATES: frozenset[str] = frozenset(
    {
        "Grand Total",
        "All Other",
        "Foreign Official",
        "Foreign Official: T-Bonds & Notes",
        "Foreign Official: Treasury Bills",
        "Oil Exporters",
        "Carib Bnkng Ctrs",
        "Treasury Bills",
        "T-Bonds & Notes",
    }
)


@dataclass(frozen=True, repr=False)
class ForeignHolders(Result, frame="top"):
    """Result of :func:`foreign_holders`.

    Attributes
    ----------
    date : Timestamp
        The latest month.
    top : DataFrame
        The ``n`` largest country holders: ``rank, country, holdings_usd_bn, chg_1m_usd_bn,
        chg_12m_usd_bn, chg_12m_pct``.
    totals : DataFrame
        The aggregate rows (Grand Total, Foreign Official, ...) with the same columns.
    """

    date: pd.Timestamp
    top: pd.DataFrame
    totals: pd.DataFrame

    def summary(self) -> str:
        """One line: the date, the total and the top holders."""
        gt = self.totals[self.totals["country"] == "Grand Total"].to_dict("records")
        total = (
            f"total {gt[0]['holdings_usd_bn']:,.0f}bn (12m {gt[0]['chg_12m_usd_bn']:+,.0f}bn); "
            if gt
            else ""
        )
        tops = ", ".join(
            f"{r['country']} {r['holdings_usd_bn']:,.0f} ({r['chg_12m_usd_bn']:+,.0f})"
            for r in self.top.head(5).to_dict("records")
        )
        return f"Foreign holders {self.date.date()}: {total}{tops}"


def foreign_holders(table: pd.DataFrame, *, n: int = 10) -> ForeignHolders:
    """Largest foreign holders and their 1m/12m changes at the latest month.

    Parameters
    ----------
    table : DataFrame
        ``country, date, holdings_usd_bn`` (cut at the as-of date).
    n : int
        How many countries to list.

    Returns
    -------
    ForeignHolders

    Examples
    --------
    TIC December 2025 (mfhhis01.txt): the United Kingdom held USD 866.0bn.
    """
    need = ["country", "date", "holdings_usd_bn"]
    miss = [c for c in need if c not in table]
    if miss:
        raise InputError(f"foreign_holders table lacks columns {miss}; expected {need}")
    if table.empty:
        raise InputError("foreign_holders: no rows")
    t = table.assign(
        date=pd.to_datetime(table["date"]).dt.to_period("M"),
        holdings_usd_bn=pd.to_numeric(table["holdings_usd_bn"], errors="coerce"),
    )
    wide = t.pivot_table(index="date", columns="country", values="holdings_usd_bn", aggfunc="last")
    wide = wide.reindex(pd.period_range(wide.index.min(), wide.index.max(), freq="M"))
    last = wide.index.max()
    now = wide.loc[last]
    chg1 = now - wide.loc[last - 1] if (last - 1) in wide.index else now * float("nan")
    chg12 = now - wide.loc[last - 12] if (last - 12) in wide.index else now * float("nan")
    frame = pd.DataFrame(
        {
            "country": now.index,
            "holdings_usd_bn": now.to_numpy(),
            "chg_1m_usd_bn": chg1.to_numpy(),
            "chg_12m_usd_bn": chg12.to_numpy(),
        }
    ).dropna(subset=["holdings_usd_bn"])
    frame["chg_12m_pct"] = (
        frame["chg_12m_usd_bn"] / (frame["holdings_usd_bn"] - frame["chg_12m_usd_bn"]) * 100.0
    )
    is_agg = frame["country"].isin(AGGREGATES)
    top = frame[~is_agg].sort_values("holdings_usd_bn", ascending=False).head(n)
    top.insert(0, "rank", range(1, len(top) + 1))
    return ForeignHolders(
        date=last.to_timestamp(how="end").normalize(),
        top=top.reset_index(drop=True),
        totals=frame[is_agg].reset_index(drop=True),
    )
