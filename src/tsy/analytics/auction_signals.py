"""Auction signals: each auction against the 6 and 12 before it of the same type and term.

Metrics per auction (see :func:`tsy.analytics.auctions.normalise_official` for the fields):
``high_minus_median_bp``, ``bid_to_cover``, ``direct_pct``, ``indirect_pct``, ``dealer_pct``, and
``tail_bp`` only where a when-issued yield was supplied (``tail = (high - when-issued) * 100``;
without one there is no tail: a same-day constant-maturity yield is not the when-issued and its
gap moves with the day's yield change). Each is compared with the mean of the previous 6 and 12
auctions of the same security type (nominal, TIPS, FRN, bill) and original term, and z-scored
against the previous 12 (mean and sample sd; at least 4 needed).

Special issues with no public bids accepted (directs and indirects both exactly 0, e.g. the
USD 25 million 10-year reopening of 2019-06-21) are left out: they are not auctions to the market.

Security type is taken from the official flags (``inflation_index_security``, ``floating_rate``)
and carried to every row with the same CUSIP, so a TIPS or FRN reopening listed without flags
(the TreasuryDirect index has none) is never labelled nominal.

Stress z of an auction = the worst of: dealer share up (``+z``: the street had to take it),
bid-to-cover down (``-z``), high minus median up (``+z``) and the when-issued tail up (``+z``).
Direct and indirect shares are shown with their z-scores but are not in the worst-of: a fall in
directs taken up by indirects is a shift between end users, not weak demand (the 10-year of
2025-04-09 had directs at 1.4 % and indirects at 87.9 %, a strong auction).
The auction part of the composite is the worst stress z among the coupon auctions (nominal,
TIPS, FRN) of the last 10 business days.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.indexers import BaseIndexer

from tsy.analytics._result import Result
from tsy.analytics.auctions import normalise_official, normalise_secondary
from tsy.errors import InputError

__all__ = ["METRICS", "STRESS_SIGNS", "AuctionSignals", "auction_signals", "classify_by_cusip"]

#: Metrics compared with the previous auctions.
METRICS: tuple[str, ...] = (
    "high_minus_median_bp", "bid_to_cover", "direct_pct", "indirect_pct", "dealer_pct", "tail_bp",
)  # fmt: skip
#: Metric -> sign that turns its z into a stress z (only these enter the worst-of).
STRESS_SIGNS: dict[str, int] = {
    "dealer_pct": 1,
    "bid_to_cover": -1,
    "high_minus_median_bp": 1,
    "tail_bp": 1,
}
WINDOW_BD = 10
MIN_PREV = 4
#: Kinds in the composite part: coupons. Weekly bill auctions are swamped by money-fund flows
#: and would dominate a worst-of by their number alone.
COUPON_KINDS: tuple[str, ...] = ("nominal", "tips", "frn")


def classify_by_cusip(df: pd.DataFrame) -> pd.Series:
    """Security kind per row, with TIPS and FRN flags carried to every row of the same CUSIP."""
    kind = df["kind"].copy()
    for special in ("tips", "frn"):
        cus = set(df.loc[df["kind"] == special, "cusip"])
        kind[df["cusip"].isin(cus) & kind.isin(["nominal"])] = special
    return kind


def _no_public_bids(df: pd.DataFrame) -> pd.Series:
    """Rows with directs and indirects both reported as exactly 0: no public bids were accepted.

    Special issues, not auctions to the market: e.g. the 10-year reopening of 2019-06-21 (CUSIP
    9128286T2, USD 25 million offered, none to directs or indirects; Fiscal Data auctions_query
    row of that date) or the 5-year TIPS of 2020-07-10; as auction results they read as a 17-23
    sigma dealer share.
    """
    d = pd.to_numeric(df["direct_pct"], errors="coerce")
    i = pd.to_numeric(df["indirect_pct"], errors="coerce")
    return (d == 0) & (i == 0)


def _merge(
    auctions: pd.DataFrame | None,
    secondary: pd.DataFrame | None,
    official: pd.DataFrame | None = None,
) -> pd.DataFrame:
    parts = []
    if auctions is not None and len(auctions):
        parts.append(official if official is not None else normalise_official(auctions))
    if secondary is not None and len(secondary):
        parts.append(normalise_secondary(secondary))
    if not parts:
        raise InputError("auctions: no auctions (tables auctions / auctions_secondary)")
    df = pd.concat(parts, ignore_index=True)
    df["kind"] = classify_by_cusip(df)
    has = df[["high_yield", "dealer_pct", "bid_to_cover"]].notna().any(axis=1)
    df = df[has & ~_no_public_bids(df)].copy()
    df["_rank"] = (df["source"] != "official").astype(int)  # official first
    df = df.sort_values(["cusip", "auction_date", "_rank"])
    df = df.drop_duplicates(["cusip", "auction_date"], keep="first").drop(columns="_rank")
    # reopenings carry the original term (e.g. a "9-Year 10-Month" 10-year)
    return df.sort_values(["auction_date", "cusip"]).reset_index(drop=True)


def _tail(df: pd.DataFrame, when_issued: pd.DataFrame | None) -> pd.Series:
    tail = pd.Series(np.nan, index=df.index)
    if when_issued is None or not len(when_issued):
        return tail
    wi = when_issued.assign(
        auction_date=pd.to_datetime(when_issued["auction_date"]),
        cusip=when_issued["cusip"].astype(str),
        wi_yield=pd.to_numeric(when_issued["wi_yield"], errors="coerce"),
    ).drop_duplicates(["cusip", "auction_date"], keep="last")
    m = df[["cusip", "auction_date"]].merge(wi, how="left", on=["cusip", "auction_date"])
    return pd.Series(((df["high_yield"].to_numpy() - m["wi_yield"].to_numpy()) * 100.0).round(6),
                     index=df.index)  # fmt: skip


class _GroupWindows(BaseIndexer):
    """Trailing windows of ``window_size`` rows that never reach back past the row's group start.

    The bounds pandas' ``groupby(...).rolling(n)`` uses for rows sorted by group, so the same
    rolling kernels give the same numbers in one call over all groups.
    """

    def __init__(self, window_size: int, group_start: np.ndarray) -> None:
        super().__init__(window_size=window_size)
        self.window_size = window_size
        self.group_start = group_start  # row -> first row of its group

    def get_window_bounds(
        self,
        num_values: int = 0,
        min_periods: int | None = None,
        center: bool | None = None,
        closed: str | None = None,
        step: int | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        end = np.arange(1, num_values + 1, dtype=np.int64)
        return np.maximum(end - self.window_size, self.group_start).astype(np.int64), end


def _compare(df: pd.DataFrame) -> pd.DataFrame:
    keys = ["kind", "original_term"]
    df = df.sort_values([*keys, "auction_date"], kind="stable")
    # rows of one (kind, original term) are now contiguous, oldest first
    kind, term = df["kind"].to_numpy(), df["original_term"].to_numpy()
    new = np.r_[True, (kind[1:] != kind[:-1]) | (term[1:] != term[:-1])][: len(df)]
    starts = np.flatnonzero(new)
    first = np.repeat(starts, np.diff(np.r_[starts, len(df)])).astype(np.int64)
    windows = {n: _GroupWindows(window_size=n, group_start=first) for n in (6, 12)}
    # every metric's previous value (none at a group's first row), in one frame: the rolling
    # kernels run column by column, the same numbers as one call per metric
    values = df[list(METRICS)].to_numpy(dtype=float)
    prev = np.full_like(values, np.nan)
    prev[1:] = values[:-1]
    prev[new] = np.nan
    past = pd.DataFrame(prev, index=df.index, columns=list(METRICS))

    def roll(n: int, how: str) -> np.ndarray:
        r: pd.DataFrame = getattr(past.rolling(windows[n], min_periods=MIN_PREV), how)()
        return r.to_numpy()

    avg6, avg12, sd12 = roll(6, "mean"), roll(12, "mean"), roll(12, "std")
    with np.errstate(invalid="ignore"):
        z = (values - avg12) / np.where(sd12 > 0, sd12, np.nan)
    cols: dict[str, np.ndarray] = {}
    for j, m in enumerate(METRICS):
        cols |= {f"{m}_prev": prev[:, j], f"{m}_avg6": avg6[:, j], f"{m}_avg12": avg12[:, j]}
        cols[f"{m}_z"] = z[:, j]
    df = pd.concat([df, pd.DataFrame(cols, index=df.index)], axis=1)
    df = df.sort_values(["auction_date", "cusip"], kind="stable")
    # the worst stress z (NaN: none) and its metric (None: none; the first of equal ones)
    signed = np.column_stack([df[f"{m}_z"].to_numpy() * s for m, s in STRESS_SIGNS.items()])
    known = ~np.isnan(signed)
    anyz = known.any(axis=1)
    filled = np.where(known, signed, -np.inf)
    df["stress_z"] = np.where(anyz, filled.max(axis=1), np.nan)
    names = np.array(list(STRESS_SIGNS), dtype=object)[filled.argmax(axis=1)]
    df["stress_metric"] = pd.Series(np.where(anyz, names, None), index=df.index, dtype=object)
    return df


@dataclass(frozen=True, repr=False)
class AuctionSignals(Result, frame="table"):
    """Result of :func:`auction_signals`.

    Attributes
    ----------
    table : DataFrame
        One row per auction: identity (``auction_date, cusip, kind, original_term, security_term,
        reopening, source``), the metrics, and per metric ``<m>_prev, <m>_avg6, <m>_avg12, <m>_z``;
        ``stress_z`` and ``stress_metric`` (the worst of :data:`STRESS_SIGNS`).
    """

    table: pd.DataFrame

    def daily_worst(self, dates: pd.DatetimeIndex) -> pd.Series:
        """Per date, the worst stress z among coupon auctions of the last 10 business days."""
        t = self.table[self.table["kind"].isin(COUPON_KINDS)].dropna(subset=["stress_z"])
        t = t.sort_values("auction_date")
        ad = t["auction_date"].to_numpy(dtype="datetime64[D]")
        z = t["stress_z"].to_numpy(dtype=float)
        day = pd.DatetimeIndex(dates).to_numpy().astype("datetime64[D]")
        lo = np.busday_offset(day, -(WINDOW_BD - 1), roll="backward")
        i0 = np.searchsorted(ad, lo, side="left")
        i1 = np.searchsorted(ad, day, side="right")
        out = np.full(len(day), np.nan)
        if len(z) and len(day):
            # max of z[i0:i1] per date: reduceat over the (i0, i1) pairs, the odd ones unused
            pairs = np.column_stack([i0, i1]).ravel()
            worst = np.maximum.reduceat(np.r_[z, np.nan], pairs)[::2]
            out = np.where(i1 > i0, worst, np.nan)
        return pd.Series(out, index=dates, name="auction_worst_z")

    def flagged(self, as_of: Any) -> dict[str, Any]:
        """The coupon auction with the worst stress z in the 10 business days to ``as_of``."""
        d = pd.Timestamp(as_of)
        lo = pd.Timestamp(np.busday_offset(np.datetime64(d.date()), -(WINDOW_BD - 1),
                                           roll="backward"))  # fmt: skip
        t = self.table[(self.table["auction_date"] >= lo) & (self.table["auction_date"] <= d)]
        t = t[t["kind"].isin(COUPON_KINDS)].dropna(subset=["stress_z"])
        if t.empty:
            return {}
        return dict(t.iloc[int(np.argmax(t["stress_z"].to_numpy()))])

    def summary(self, as_of: Any = None) -> str:
        """The flagged auction in one line (as of ``as_of``; default: the last auction's date)."""
        if as_of is None and len(self.table):
            as_of = self.table["auction_date"].max()
        f = self.flagged(as_of) if as_of is not None else {}
        if not f:
            return "Auctions: none with enough history in the last 10 business days"
        return (
            f"Auction flagged: {str(f['auction_date'])[:10]} {f['original_term']} {f['kind']} "
            f"[{f['source']}] worst z {f['stress_z']:+.1f} ({f['stress_metric']}); directs "
            f"{f['direct_pct']:.2f}% vs {f['direct_pct_prev']:.2f}% before (avg6 "
            f"{f['direct_pct_avg6']:.1f}%), dealers {f['dealer_pct']:.1f}% vs "
            f"{f['dealer_pct_prev']:.1f}% (avg6 {f['dealer_pct_avg6']:.1f}%), bid-to-cover "
            f"{f['bid_to_cover']:.2f} (avg6 {f['bid_to_cover_avg6']:.2f}), high-median "
            f"{f['high_minus_median_bp']:.1f}bp"
        )


def auction_signals(
    auctions: pd.DataFrame | None,
    *,
    secondary: pd.DataFrame | None = None,
    when_issued: pd.DataFrame | None = None,
    official: pd.DataFrame | None = None,
) -> AuctionSignals:
    """Compare every auction with the previous 6 and 12 of its type and term.

    Parameters
    ----------
    auctions : DataFrame or None
        Official ``auctions`` rows (Fiscal Data ``auctions_query`` fields).
    secondary : DataFrame, optional
        ``auctions_secondary`` rows (derived excerpt); an official row with results wins.
    when_issued : DataFrame, optional
        ``cusip, auction_date, wi_yield`` (percent): the only source of a tail.
    official : DataFrame, optional
        :func:`~tsy.analytics.auctions.normalise_official` of ``auctions`` when the caller has
        it already (it is not normalised again; the frame is not modified).

    Examples
    --------
    As of 2025-04-11 the flagged auction is the 3-year of 2025-04-08 (CUSIP 91282CMW8): directs
    6.24 % against 26.00 % the month before, dealers 20.7 % against 11.5 %.
    """
    df = _merge(auctions, secondary, official)
    df["tail_bp"] = _tail(df, when_issued)
    return AuctionSignals(table=_compare(df))
