"""Auction quality: who bought, how well covered, how far the stop was from the middle.

For each Treasury auction (Fiscal Data ``auctions_query`` field names, table ``auctions``):

* ``direct_pct``, ``indirect_pct``, ``dealer_pct``: direct bidders', indirect bidders' and primary
  dealers' shares of competitive accepted, percent
  (``direct_bidder_accepted / comp_accepted * 100`` and so on; the three sum to 100);
* ``bid_to_cover``: ``bid_to_cover_ratio`` as Treasury publishes it
  (total tendered / total accepted, SOMA excluded);
* ``high_minus_median_bp``: ``(high_yield - avg_med_yield) * 100`` (bills: investment rates);
* ``allocation_pct``: percent of bids at the high yield that were allotted (``allocation_pctage``);
* ``tail_bp``: ``(high_yield - wi_yield) * 100`` when the user supplied a when-issued yield (table
  ``when_issued``: cusip, auction_date, wi_yield; no free source publishes one), else a *proxy*,
  ``(high_yield - CMT) * 100`` with the same-day constant-maturity yield of the nearest tenor
  (inputs ``nominal_<tenor>`` for nominals and bills, ``real_<tenor>`` for TIPS: FRED ``DGS*``
  and ``DFII*`` in the registry); ``tail_basis`` says which, by the name given for it.

Each metric is ranked against the previous ``n`` auctions of the same kind and original term
(percentile: share of those at or below it; z-score against their mean and standard deviation).
TIPS are separated from nominals by ``inflation_index_security``, FRNs by ``floating_rate``, CMBs
by ``cash_management_bill_cmb``; reopenings are grouped with their original term
(``original_security_term``). The derived coupon excerpt (table ``auctions_secondary``: shares in
percent, no dollar amounts) extends the history where no official record exists and every such
row is labelled ``source = "secondary"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tsy.analytics._result import Result
from tsy.errors import InputError

__all__ = [
    "METRICS",
    "AuctionQuality",
    "auction_quality",
    "normalise_official",
    "normalise_secondary",
    "term_years",
]

#: Metrics ranked per auction.
METRICS: tuple[str, ...] = (
    "direct_pct",
    "indirect_pct",
    "dealer_pct",
    "bid_to_cover",
    "high_minus_median_bp",
    "allocation_pct",
    "tail_bp",
)

#: Constant-maturity yields of the proxy tail by kind: (tenor in years, input role). Bills and
#: nominals use the nominal curve, TIPS the real one.
CMT_BY_KIND: dict[str, tuple[tuple[float, str], ...]] = {
    "nominal": (
        (1 / 12, "nominal_1m"), (0.25, "nominal_3m"), (0.5, "nominal_6m"), (1.0, "nominal_1y"),
        (2.0, "nominal_2y"), (3.0, "nominal_3y"), (5.0, "nominal_5y"), (7.0, "nominal_7y"),
        (10.0, "nominal_10y"), (20.0, "nominal_20y"), (30.0, "nominal_30y"),
    ),
    "tips": (
        (5.0, "real_5y"), (7.0, "real_7y"), (10.0, "real_10y"), (20.0, "real_20y"),
        (30.0, "real_30y"),
    ),
}  # fmt: skip
CMT_BY_KIND["bill"] = CMT_BY_KIND["nominal"]
CMT_BY_KIND["cmb"] = CMT_BY_KIND["nominal"]

_UNIT_YEARS = {"year": 1.0, "month": 1 / 12, "week": 7 / 364, "day": 1 / 364}


def term_years(term: str) -> float:
    """Years in a Treasury term label: ``"10-Year"`` -> 10, ``"9-Year 10-Month"`` -> 9.833,
    ``"13-Week"`` -> 0.25, ``"42-Day"`` -> 0.115. NaN if it does not parse."""
    if not isinstance(term, str):
        return float("nan")
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*-?\s*(year|month|week|day)", term.lower())
    if not parts:
        return float("nan")
    return float(sum(float(n) * _UNIT_YEARS[u] for n, u in parts))


def _by_value(col: pd.Series, fn: Callable[[Any], Any], dtype: type = bool) -> pd.Series:
    """``fn`` of each element of ``col``, called once per distinct value.

    A table's flag and term columns hold a handful of distinct values in thousands of rows.
    ``fn`` takes one non-missing value; a missing one (NaN, None, NA) gives ``False`` (NaN for
    a float ``dtype``), as pandas' string methods do.
    """
    codes, uniques = pd.factorize(col, use_na_sentinel=False)
    once: np.ndarray = np.array(
        [_MISSING[dtype] if pd.isna(u) else fn(u) for u in uniques], dtype=dtype
    )
    return pd.Series(once[codes], index=col.index)


#: What :func:`_by_value` gives a missing element, per result dtype.
_MISSING: dict[type, Any] = {bool: False, float: float("nan")}


def _yes(col: pd.Series) -> pd.Series:
    """``True`` where the text (stripped, any case) is yes/true/y/1."""
    return _by_value(col, lambda v: str(v).strip().lower() in _YES)


_YES = {"yes", "true", "y", "1"}


def _flag(df: pd.DataFrame, col: str, fn: Callable[[pd.Series], pd.Series]) -> np.ndarray:
    return fn(df[col]).to_numpy(dtype=bool) if col in df else np.zeros(len(df), dtype=bool)


def _kind(df: pd.DataFrame) -> pd.Series:
    flags: dict[str, tuple[str, Callable[[pd.Series], pd.Series]]] = {
        "bill": ("security_type", lambda c: _by_value(c, lambda v: str(v).lower() == "bill")),
        "cmb": ("cash_management_bill_cmb", _yes),
        "tips": ("inflation_index_security", _yes),
        "frn": ("floating_rate", _yes),
    }
    kind = np.full(len(df), "nominal", dtype=object)
    for name, (col, f) in flags.items():  # later flags win: a CMB is a bill, TIPS/FRN are notes
        kind[_flag(df, col, f)] = name
    return pd.Series(kind, index=df.index)


def _num(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df:
        return pd.Series(np.nan, index=df.index)
    return pd.to_numeric(df[col], errors="coerce")


def _keys(*frames: pd.DataFrame) -> list[np.ndarray]:
    """One integer per (cusip, auction date) pair, the same across the frames (NaT is a value)."""
    both = pd.concat([f[["cusip", "auction_date"]] for f in frames], ignore_index=True)
    cusip, _ = pd.factorize(both["cusip"], use_na_sentinel=False)
    date, dates = pd.factorize(both["auction_date"], use_na_sentinel=False)
    key = cusip.astype(np.int64) * (len(dates) + 1) + date
    return np.split(key, np.cumsum([len(f) for f in frames])[:-1])


#: Result fields; an official row with none of them has no results yet.
_METRICS = ("high_yield", "direct_pct", "indirect_pct", "dealer_pct", "bid_to_cover")


#: The fields of the official ``auctions`` table (Fiscal Data ``auctions_query`` names) that
#: :func:`normalise_official` reads, so callers may read only these of its 115 columns.
OFFICIAL_FIELDS: tuple[str, ...] = (
    "cusip", "auction_date", "security_type", "security_term", "original_security_term",
    "reopening", "cash_management_bill_cmb", "inflation_index_security", "floating_rate",
    "comp_accepted", "high_yield", "high_investment_rate", "avg_med_yield",
    "avg_med_investment_rate", "direct_bidder_accepted", "indirect_bidder_accepted",
    "primary_dealer_accepted", "bid_to_cover_ratio", "allocation_pctage",
)  # fmt: skip


def normalise_official(auctions: pd.DataFrame) -> pd.DataFrame:
    """Per-auction metrics from the official ``auctions`` table (Fiscal Data field names; it
    reads only :data:`OFFICIAL_FIELDS`)."""
    need = ["cusip", "auction_date", "security_type", "security_term"]
    miss = [c for c in need if c not in auctions]
    if miss:
        raise InputError(f"auctions table lacks columns {miss}; expected auctions_query fields")
    df = auctions
    comp = _num(df, "comp_accepted").where(lambda x: x > 0)
    kind = _kind(df)
    is_bill = kind.isin(["bill", "cmb"])
    high = _num(df, "high_yield").where(~is_bill, _num(df, "high_investment_rate"))
    med = _num(df, "avg_med_yield").where(~is_bill, _num(df, "avg_med_investment_rate"))
    orig = df.get("original_security_term", df["security_term"])
    real = _by_value(orig, lambda v: str(v).lower() != "null")
    orig = orig.where(real.astype(bool), df["security_term"])
    return pd.DataFrame(
        {
            "auction_date": pd.to_datetime(df["auction_date"]),
            "cusip": df["cusip"].astype(str),
            "kind": kind,
            "original_term": orig.astype(str),
            "security_term": df["security_term"].astype(str),
            "reopening": _yes(df.get("reopening", pd.Series("", index=df.index))),
            "high_yield": high,
            "direct_pct": _num(df, "direct_bidder_accepted") / comp * 100.0,
            "indirect_pct": _num(df, "indirect_bidder_accepted") / comp * 100.0,
            "dealer_pct": _num(df, "primary_dealer_accepted") / comp * 100.0,
            "bid_to_cover": _num(df, "bid_to_cover_ratio"),
            "high_minus_median_bp": ((high - med) * 100.0).round(6),
            "allocation_pct": _num(df, "allocation_pctage"),
            "source": "official",
        }
    )


def normalise_secondary(secondary: pd.DataFrame) -> pd.DataFrame:
    """Per-auction metrics from ``auctions_secondary`` (derived excerpt; nominal coupons)."""
    df = secondary
    high = _num(df, "high_yield")
    return pd.DataFrame(
        {
            "auction_date": pd.to_datetime(df["auction_date"]),
            "cusip": df["cusip"].astype(str),
            "kind": "nominal",
            "original_term": df["tenor"].astype(str),
            "security_term": df["term"].astype(str),
            "reopening": _yes(df.get("reopening", pd.Series("", index=df.index))),
            "high_yield": high,
            "direct_pct": _num(df, "direct_pct"),
            "indirect_pct": _num(df, "indirect_pct"),
            "dealer_pct": _num(df, "dealer_pct"),
            "bid_to_cover": _num(df, "bid_to_cover"),
            "high_minus_median_bp": ((high - _num(df, "median_yield")) * 100.0).round(6),
            "allocation_pct": np.nan,
            "source": "secondary",
        }
    )


def _on_dates(s: pd.Series, dates: np.ndarray) -> np.ndarray:
    """``s.reindex(dates)`` as floats: the value dated exactly each date, NaN where none.

    A binary search on a sorted, unique date index (a stored series); other indexes go
    through ``reindex`` (which refuses duplicate dates).
    """
    idx = s.index
    keys = idx.to_numpy()
    if keys.dtype.kind != "M" or not (idx.is_monotonic_increasing and idx.is_unique):
        return s.reindex(pd.DatetimeIndex(dates)).to_numpy(dtype=float)
    unit = np.result_type(keys.dtype, dates.dtype)
    keys, want = keys.astype(unit), dates.astype(unit)
    out = np.full(len(want), np.nan)
    if not len(keys):
        return out
    pos = np.searchsorted(keys, want).clip(max=len(keys) - 1)
    hit = keys[pos] == want
    out[hit] = s.to_numpy(dtype=float)[pos[hit]]
    return out


def _tail(
    df: pd.DataFrame,
    when_issued: pd.DataFrame | None,
    cmt: Mapping[str, pd.Series],
    names: Mapping[str, str],
) -> pd.DataFrame:
    df = df.copy()
    tail = np.full(len(df), np.nan)
    basis = np.full(len(df), "none", dtype=object)
    years = _by_value(df["security_term"], term_years, float).to_numpy(dtype=float)
    high = df["high_yield"].to_numpy(dtype=float)
    kinds = df["kind"].to_numpy()
    dates = df["auction_date"].to_numpy()
    for kind, table in CMT_BY_KIND.items():
        avail = [(t, sid) for t, sid in table if sid in cmt and len(cmt[sid])]
        if not avail:
            continue
        tenors = np.array([t for t, _ in avail])
        rows = np.flatnonzero((kinds == kind) & np.isfinite(years))
        if not len(rows):
            continue
        nearest = np.abs(tenors[None, :] - years[rows, None]).argmin(axis=1)
        for j, (_, sid) in enumerate(avail):
            sel = rows[nearest == j]
            v = _on_dates(cmt[sid], dates[sel])
            ok = np.isfinite(v)
            tail[sel[ok]] = np.round((high[sel[ok]] - v[ok]) * 100.0, 6)
            basis[sel[ok]] = f"proxy: high - {names.get(sid, sid)} same day"
    if when_issued is not None and len(when_issued):
        wi_dates = pd.to_datetime(when_issued["auction_date"])
        wi = pd.Series(
            pd.to_numeric(when_issued["wi_yield"], errors="coerce").to_numpy(dtype=float),
            index=pd.MultiIndex.from_arrays([when_issued["cusip"].astype(str), wi_dates]),
        )
        key = pd.MultiIndex.from_arrays([df["cusip"], df["auction_date"]])
        w = wi[~wi.index.duplicated(keep="last")].reindex(key).to_numpy(dtype=float)
        has = np.isfinite(w)
        tail[has] = np.round((high[has] - w[has]) * 100.0, 6)
        basis[has] = "when-issued (user file)"
    df["tail_bp"] = tail
    df["tail_basis"] = basis
    return df


def _window_rows(group: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Where each row's window of its ``n`` previous rows of its group starts.

    ``group`` holds each row's group number in time order (-1: in no group, never ranked).
    Returns the stable order by group and, per row in that order, the first row (in that
    order) of its window: the window is ``[start, row)``, empty for a row in no group. The
    same for every metric ranked over the same rows.
    """
    order = np.argsort(group, kind="stable")
    g = group[order]
    pos = np.arange(len(g))
    first = np.flatnonzero(np.r_[True, g[1:] != g[:-1]]) if len(g) else pos
    group_start = first[np.searchsorted(first, pos, side="right") - 1] if len(g) else pos
    start = np.maximum(pos - n, group_start)
    return order, np.where(g >= 0, start, pos)


def _rank_metric(
    values: np.ndarray, layout: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, ...]:
    """Percentile, z-score and count of each value against the previous ``n`` of its group.

    The same numbers as :func:`tsy.analytics._stats.percentile_rank` and
    :func:`tsy.analytics._stats.zscore` on each row's window of finite previous values (at
    least 3 of them), computed per window length at once. In the order by group a window's
    finite values are consecutive among the finite values, so each window is a slice of them.
    """
    order, start = layout
    v = values[order]
    finite = np.flatnonzero(np.isfinite(v))
    compact = v[finite]
    lo = np.searchsorted(finite, start)  # first finite value of the window
    cnt = np.searchsorted(finite, np.arange(len(v))) - lo
    pct, z = np.full(len(v), np.nan), np.full(len(v), np.nan)
    ranked = (cnt >= 3) & np.isfinite(v)
    for k in np.unique(cnt[ranked]):
        rows = np.flatnonzero(ranked & (cnt == k))
        w = compact[lo[rows, None] + np.arange(k)]  # the window's values, oldest first
        x = v[rows]
        pct[rows] = (w <= x[:, None]).mean(axis=1) * 100.0
        sd = w.std(axis=1, ddof=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            zz = (x - w.mean(axis=1)) / sd
        z[rows] = np.where((sd == 0) | np.isnan(sd), np.nan, zz)
    out = [np.empty(len(v)), np.empty(len(v)), np.empty(len(v), dtype=cnt.dtype)]
    for o, r in zip(out, (pct, z, cnt), strict=True):
        o[order] = r
    return out[0], out[1], out[2]


def _group_numbers(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Number of each row's (a, b) pair in order of first appearance:
    ``groupby([a, b], sort=False).ngroup()`` (which it runs when a key is missing)."""
    ca, _ = pd.factorize(a)
    cb, ub = pd.factorize(b)
    if (ca < 0).any() or (cb < 0).any():
        frame = pd.DataFrame({"a": a, "b": b})
        return frame.groupby(["a", "b"], sort=False).ngroup().to_numpy()
    codes, _ = pd.factorize(ca.astype(np.int64) * len(ub) + cb)
    return codes


def _rank(df: pd.DataFrame, n: int) -> pd.DataFrame:
    df = df.sort_values(["auction_date", "cusip"]).reset_index(drop=True)
    group = _group_numbers(df["kind"], df["original_term"])
    cols: dict[str, np.ndarray] = {}
    layout = _window_rows(group, n)
    for m in METRICS:
        pct, z, cnt = _rank_metric(df[m].to_numpy(dtype=float), layout)
        cols[f"{m}_pct"] = pct
        cols[f"{m}_z"] = z
        cols[f"{m}_n"] = np.where(group >= 0, cnt, 0)
    return pd.concat([df, pd.DataFrame(cols, index=df.index)], axis=1)


@dataclass(frozen=True, repr=False)
class AuctionQuality(Result, frame="table"):
    """Result of :func:`auction_quality`.

    Attributes
    ----------
    table : DataFrame
        One row per auction: identity (``auction_date, cusip, kind, original_term,
        security_term, reopening, source``), the metrics of :data:`METRICS`, ``tail_basis``, and
        per metric ``<m>_pct``, ``<m>_z``, ``<m>_n`` (how many previous auctions it was ranked
        against).
    n : int
        Look-back in auctions.
    """

    table: pd.DataFrame
    n: int
    sources: dict[str, object] = field(default_factory=dict)

    def latest(self, k: int = 10, kinds: tuple[str, ...] = ("nominal", "tips")) -> pd.DataFrame:
        """The last ``k`` auctions of the given kinds."""
        t = self.table[self.table["kind"].isin(kinds)]
        return t.tail(k).reset_index(drop=True)

    def summary(self, k: int = 5) -> str:
        """The last ``k`` coupon auctions with their ranks."""
        lines = [f"Auctions (ranked against the previous {self.n} of the same term):"]
        for r in self.latest(k).to_dict("records"):
            tail = r["tail_bp"]
            lines.append(
                f"  {str(r['auction_date'])[:10]} {r['original_term']} {r['kind']} "
                f"[{r['source']}]: btc {r['bid_to_cover']:.2f} (pct {r['bid_to_cover_pct']:.0f}),"
                f" direct {r['direct_pct']:.1f}% (pct {r['direct_pct_pct']:.0f}), indirect "
                f"{r['indirect_pct']:.1f}%, tail {tail:+.1f}bp ({r['tail_basis']})"
            )
        return "\n".join(lines)


def auction_quality(
    auctions: pd.DataFrame | None,
    *,
    secondary: pd.DataFrame | None = None,
    when_issued: pd.DataFrame | None = None,
    cmt: Mapping[str, pd.Series] | None = None,
    n: int = 12,
    names: Mapping[str, str] | None = None,
    official: pd.DataFrame | None = None,
) -> AuctionQuality:
    """Rank every auction's bidding metrics against the previous ``n`` of the same term.

    Parameters
    ----------
    auctions : DataFrame or None
        Official ``auctions`` table (Fiscal Data ``auctions_query`` fields).
    secondary : DataFrame, optional
        ``auctions_secondary`` rows; used only where no official row has the same cusip and
        auction date.
    when_issued : DataFrame, optional
        ``cusip, auction_date, wi_yield`` (percent) from the user's file.
    cmt : mapping role -> Series, optional
        Constant-maturity yields for the proxy tail, by the roles of :data:`CMT_BY_KIND`
        (``nominal_10y``, ``real_5y``, ...), percent.
    n : int
        Previous auctions to rank against (default 12).
    names : mapping role -> str, optional
        What ``tail_basis`` calls each yield (the registry passes the catalogue ids:
        ``proxy: high - DGS10 same day``); default the role.
    official : DataFrame, optional
        :func:`normalise_official` of ``auctions`` when the caller has it already (it is not
        normalised again; the frame is not modified).

    Returns
    -------
    AuctionQuality

    Examples
    --------
    The 3-year auction of 2025-04-08 (CUSIP 91282CMW8, derived excerpt) had direct bidders at
    6.24 % against 26.00 % the month before: the lowest of its last 12.
    """
    if n < 3:
        raise InputError(f"auction ranking: n must be >= 3, got {n}")
    parts = []
    if auctions is not None and len(auctions):
        parts.append(official if official is not None else normalise_official(auctions))
    if secondary is not None and len(secondary):
        sec = normalise_secondary(secondary)
        if parts:
            # An official row with results wins; an official row without any (TreasuryDirect's
            # index, an auction announced but not yet held) gives way to the secondary metrics.
            off = parts[0]
            filled = off[list(_METRICS)].notna().any(axis=1).to_numpy()
            off_keys, sec_keys = _keys(off, sec)
            sec_new = ~np.isin(sec_keys, off_keys[filled])
            sec = sec[sec_new]
            parts[0] = off[filled | ~np.isin(off_keys, sec_keys[sec_new])]
        parts.append(sec)
    if not parts:
        raise InputError("auction ranking: no auctions (tables auctions / auctions_secondary)")
    df = pd.concat(parts, ignore_index=True)
    df = df[df["kind"] != "frn"].reset_index(drop=True)
    df = _tail(df, when_issued, cmt or {}, names or {})
    out = _rank(df, n)
    return AuctionQuality(
        table=out,
        n=n,
        sources={
            "official": int((out["source"] == "official").sum()),
            "secondary": int((out["source"] == "secondary").sum()),
            "when_issued": int((out["tail_basis"] == "when-issued (user file)").sum()),
        },
    )
