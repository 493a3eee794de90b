"""Cross-asset safe-haven check: do stocks, Treasuries and the dollar fall together?

In a normal risk-off day, stocks fall while Treasuries and the dollar rise (the haven works).
When all three fall together -- the S&P 500 down, the 10-year yield up (Treasury prices down)
and the broad dollar down -- the haven is failing, as on 10 and 21 April 2025.

Inputs (all aligned on the dates where every series has a value, so that a holiday of one market
never pairs a one-day move with a two-day move):

* equity: S&P 500 index level (FRED ``SP500``, from 2016), spliced by returns with the SPY adjusted
  close before it (``market/SPY``; a total-return price, so its daily return differs from the
  index's by the dividend yield / 252, about 0.6bp a day);
* ``DGS10``: 10-year constant-maturity yield, percent (FRED, H.15);
* ``DTWEXBGS``: nominal broad US dollar index, Jan 2006 = 100 (FRED, H.10). It is published for
  the same date as the other two (a noon-ET rate), so same-date rows line up.

Magnitude score
---------------
Same-sign days are common (about 7 % of days since 2016, mostly by little), so each k-day window
gets a score: the geometric mean of the three standardised falls,

    score_k = cbrt( z_eq * z_tsy * z_usd ),  z_x = fall_x(k) / (sigma_x * sqrt(k)),

where ``fall`` is the k-day fall (stock and dollar: minus the percent return; Treasuries: the yield
rise in bp) and ``sigma`` the standard deviation of daily moves over the previous ``vol_window``
days (trailing, excluding the day, so the score never looks ahead). The score is 0 unless all three
fell. A window *fires* when its score is at least ``threshold`` (default 1.0: the three falls
average one trailing standard deviation).

Episodes: firing dates (any k) closer than ``episode_gap`` trading days are one episode; its size
is its peak score (ties broken by the sum of the daily peak scores).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tsy.analytics._result import Result
from tsy.errors import InputError

__all__ = [
    "CrossAssetResult",
    "cross_asset",
    "par_modified_duration",
    "splice_equity",
]

#: Window lengths (trading days) checked for a triple fall.
DEFAULT_WINDOWS: tuple[int, ...] = (1, 3, 5)


def par_modified_duration(yield_pct: pd.Series | float, years: float = 10.0) -> pd.Series | float:
    """Modified duration of a par bond paying semiannual coupons, in years.

    For a par bond (coupon = yield ``y``, two payments a year, ``n = 2 * years`` periods) the
    modified duration is ``D = (1 - (1 + y/2)**-n) / y``. It converts a yield change into the
    Treasury price move it implies: ``dP/P ~= -D * dy``.

    Parameters
    ----------
    yield_pct : float or Series
        Yield in percent (e.g. 4.34).
    years : float
        Maturity in years (10 for the 10-year CMT).

    Examples
    --------
    >>> round(par_modified_duration(4.0), 3)
    8.176
    """
    y = np.asarray(yield_pct, dtype=float) / 100.0
    n = 2.0 * years
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where(np.abs(y) < 1e-9, years, (1.0 - (1.0 + y / 2.0) ** -n) / y)
    if isinstance(yield_pct, pd.Series):
        return pd.Series(d, index=yield_pct.index, name="duration")
    return float(d)


def splice_equity(sp500: pd.Series | None, spy: pd.Series | None) -> pd.DataFrame:
    """Daily equity returns: the S&P 500 index, and SPY's before the index's first date.

    Returns
    -------
    DataFrame indexed by ``date`` with ``level`` (the index or SPY price) and ``source``
    (``"SP500"`` or ``"SPY"``). Returns are computed later on the common calendar.
    """
    parts = []
    if spy is not None and len(spy.dropna()):
        s = spy.dropna()
        if sp500 is not None and len(sp500.dropna()):
            s = s[s.index <= sp500.dropna().index[0]]
        parts.append(pd.DataFrame({"level": s.astype(float), "source": "SPY"}))
    if sp500 is not None and len(sp500.dropna()):
        parts.append(pd.DataFrame({"level": sp500.dropna().astype(float), "source": "SP500"}))
    if not parts:
        raise InputError("cross-asset: no equity series (need SP500 or SPY)")
    out = pd.concat(parts)
    # On the splice date keep SPY's row (so the first SP500 return is SP500-on-SP500).
    out = out[~out.index.duplicated(keep="first")].sort_index()
    out.index.name = "date"
    return out


@dataclass(frozen=True, repr=False)
class CrossAssetResult(Result, frame="daily"):
    """Result of :func:`cross_asset`.

    Attributes
    ----------
    daily : DataFrame
        Per common date: ``spx_ret_pct``, ``dgs10_chg_bp``, ``tsy_price_pct`` (implied by the par
        10-year modified duration at the previous close), ``usd_ret_pct``, ``triple_fall`` (bool),
        ``score_k1/k3/k5`` and ``equity_source``.
    windows : DataFrame
        Every firing window: ``date``, ``k``, the k-day moves, the three z-scores and ``score``.
    correlations : DataFrame
        Rolling ``stock_bond_corr`` (S&P return vs Treasury price return) and ``bond_dollar_corr``
        (Treasury price return vs dollar return), and their ``*_chg20`` 20-day changes.
    breaks : DataFrame
        Dates where a correlation's 20-day change exceeded the break threshold.
    episodes : DataFrame
        Ranked episodes: ``rank, start, end, peak_date, peak_score, peak_k, days, score_sum,
        spx_ret_pct, dgs10_chg_bp, usd_ret_pct`` (moves from the close before the first window
        to the last firing date).
    share_triple_fall : float
        Share of days (k = 1) with all three falling, over the data given.
    params : dict
        The parameters used.
    sources : dict
        For traceability: series used and their first/last dates.
    """

    daily: pd.DataFrame
    windows: pd.DataFrame
    correlations: pd.DataFrame
    breaks: pd.DataFrame
    episodes: pd.DataFrame
    share_triple_fall: float
    params: dict[str, object] = field(default_factory=dict)
    sources: dict[str, object] = field(default_factory=dict)

    def latest(self) -> dict[str, object]:
        """The last common date's moves, flag and scores."""
        if self.daily.empty:
            return {}
        row = self.daily.iloc[-1]
        out: dict[str, object] = {"date": self.daily.index[-1]}
        out.update({k: row[k] for k in self.daily.columns})
        thr = float(str(self.params.get("threshold", 1.0)))
        scores = [row[c] for c in self.daily.columns if str(c).startswith("score_k")]
        out["fires"] = bool(any(s >= thr for s in scores))
        return out

    def summary(self) -> str:
        """One paragraph in plain words."""
        if self.daily.empty:
            return "cross-asset: no common dates"
        last = self.latest()
        d = pd.Timestamp(str(last["date"])).date()
        verdict = "FIRES" if last["fires"] else "quiet"
        lines = [
            f"Cross-asset {d}: S&P {last['spx_ret_pct']:+.2f}%, 10y {last['dgs10_chg_bp']:+.0f}bp "
            f"(Treasury price {last['tsy_price_pct']:+.2f}%), dollar {last['usd_ret_pct']:+.2f}% "
            f"-> triple fall {'yes' if last['triple_fall'] else 'no'}, score(k=1) "
            f"{last['score_k1']:.2f}: {verdict}.",
            f"All three fell on {self.share_triple_fall:.1%} of days in the sample.",
        ]
        if not self.episodes.empty:
            top = self.episodes.head(5)
            lines.append(
                "Largest episodes: "
                + "; ".join(
                    f"{str(r['start'])[:10]}..{str(r['end'])[:10]} (peak {r['peak_score']:.2f})"
                    for r in top.to_dict("records")
                )
            )
        return "\n".join(lines)


def _k_return_pct(ret_pct: pd.Series, k: int) -> pd.Series:
    return np.expm1(np.log1p(ret_pct / 100.0).rolling(k).sum()) * 100.0


def cross_asset(
    equity: pd.Series | pd.DataFrame,
    dgs10: pd.Series,
    dollar: pd.Series,
    *,
    windows: tuple[int, ...] = DEFAULT_WINDOWS,
    vol_window: int = 250,
    threshold: float = 1.0,
    corr_window: int = 60,
    corr_break: float = 0.5,
    episode_gap: int = 10,
) -> CrossAssetResult:
    """Flag days and k-day windows where stocks, Treasuries and the dollar all fall.

    Parameters
    ----------
    equity : Series or DataFrame
        S&P 500 level (Series), or the output of :func:`splice_equity` (``level``, ``source``).
    dgs10 : Series
        10-year CMT yield, percent (FRED ``DGS10``).
    dollar : Series
        Broad dollar index (FRED ``DTWEXBGS``).
    windows : tuple of int
        Window lengths k in trading days (default 1, 3, 5).
    vol_window : int
        Trailing days for the standard deviations in the score (default 250, about one year).
    threshold : float
        Score at or above which a window fires (default 1.0).
    corr_window : int
        Rolling correlation window, trading days (default 60).
    corr_break : float
        A correlation "breaks" when it moves by at least this much in 20 trading days.
    episode_gap : int
        Firing dates at most this many trading days apart belong to one episode.

    Returns
    -------
    CrossAssetResult

    Examples
    --------
    On 2025-04-10 (S&P 500 -3.46 %, 10y +6bp, broad dollar -1.22 %) the k = 1 window fires.
    """
    eq = equity if isinstance(equity, pd.DataFrame) else splice_equity(equity, None)
    for name, s in (("DGS10", dgs10), ("DTWEXBGS", dollar)):
        if s is None or s.dropna().empty:
            raise InputError(f"cross-asset: series {name} is empty")
    lev = pd.concat(
        {"eq": eq["level"], "y": dgs10.astype(float), "usd": dollar.astype(float)},
        axis=1,
        sort=True,
    ).dropna()
    lev.index.name = "date"
    src = eq["source"].reindex(lev.index)
    if len(lev) < 3:
        raise InputError("cross-asset: fewer than 3 common dates of equity, DGS10 and DTWEXBGS")
    daily = pd.DataFrame(index=lev.index)
    daily["spx_ret_pct"] = lev["eq"].pct_change() * 100.0
    # A return across the SPY->SP500 splice would mix two price scales: the first SP500 row's
    # return is SP500/SPY, so drop it (the splice row itself is SPY).
    switch = src.ne(src.shift(1)) & src.shift(1).notna()
    daily.loc[switch, "spx_ret_pct"] = np.nan
    daily["dgs10_chg_bp"] = lev["y"].diff() * 100.0
    dur = par_modified_duration(lev["y"].shift(1))
    daily["tsy_price_pct"] = -dur * daily["dgs10_chg_bp"] / 100.0
    daily["usd_ret_pct"] = lev["usd"].pct_change() * 100.0
    daily["equity_source"] = src
    daily = daily.iloc[1:]
    daily = daily[daily["spx_ret_pct"].notna()]
    daily["triple_fall"] = (
        (daily["spx_ret_pct"] < 0) & (daily["dgs10_chg_bp"] > 0) & (daily["usd_ret_pct"] < 0)
    )
    moves = daily[["spx_ret_pct", "dgs10_chg_bp", "usd_ret_pct"]]
    sigma = moves.rolling(vol_window, min_periods=min(60, vol_window)).std().shift(1)
    frames = []
    for k in windows:
        s_k = _k_return_pct(moves["spx_ret_pct"], k)
        y_k = moves["dgs10_chg_bp"].rolling(k).sum()
        d_k = _k_return_pct(moves["usd_ret_pct"], k)
        z = pd.DataFrame(
            {
                "z_eq": -s_k / (sigma["spx_ret_pct"] * np.sqrt(k)),
                "z_tsy": y_k / (sigma["dgs10_chg_bp"] * np.sqrt(k)),
                "z_usd": -d_k / (sigma["usd_ret_pct"] * np.sqrt(k)),
            }
        )
        fell = (s_k < 0) & (y_k > 0) & (d_k < 0) & z.notna().all(axis=1)
        score = pd.Series(np.cbrt(z.prod(axis=1)), index=z.index).where(fell, 0.0)
        daily[f"score_k{k}"] = score
        w = pd.DataFrame({"k": k, "spx_ret_pct": s_k, "dgs10_chg_bp": y_k, "usd_ret_pct": d_k})
        w = pd.concat([w, z, score.rename("score")], axis=1)[score >= threshold]
        frames.append(w)
    fired = pd.concat(frames).reset_index() if frames else pd.DataFrame()
    if not fired.empty:
        fired = fired.sort_values(["date", "k"]).reset_index(drop=True)
    corr = _correlations(daily, corr_window)
    breaks = _breaks(corr, corr_break)
    episodes = _episodes(daily, fired, episode_gap)
    share = float(daily["triple_fall"].mean()) if len(daily) else float("nan")
    return CrossAssetResult(
        daily=daily,
        windows=fired,
        correlations=corr,
        breaks=breaks,
        episodes=episodes,
        share_triple_fall=share,
        params={
            "windows": tuple(windows),
            "vol_window": vol_window,
            "threshold": threshold,
            "corr_window": corr_window,
            "corr_break": corr_break,
            "episode_gap": episode_gap,
            "score": "cbrt(z_eq*z_tsy*z_usd), z = k-day fall / (trailing sd * sqrt(k))",
            "duration": "par 10y semiannual modified duration at the previous close",
        },
        sources={
            "equity": sorted(set(src.dropna())),
            "series": ["SP500|SPY", "DGS10", "DTWEXBGS"],
            "first_date": daily.index[0] if len(daily) else None,
            "last_date": daily.index[-1] if len(daily) else None,
        },
    )


def _correlations(daily: pd.DataFrame, window: int) -> pd.DataFrame:
    mp = max(20, window * 2 // 3)
    sb = daily["spx_ret_pct"].rolling(window, min_periods=mp).corr(daily["tsy_price_pct"])
    bd = daily["tsy_price_pct"].rolling(window, min_periods=mp).corr(daily["usd_ret_pct"])
    out = pd.DataFrame({"stock_bond_corr": sb, "bond_dollar_corr": bd})
    out["stock_bond_corr_chg20"] = out["stock_bond_corr"].diff(20)
    out["bond_dollar_corr_chg20"] = out["bond_dollar_corr"].diff(20)
    return out


def _breaks(corr: pd.DataFrame, threshold: float) -> pd.DataFrame:
    rows = []
    for name in ("stock_bond_corr", "bond_dollar_corr"):
        chg = corr[f"{name}_chg20"]
        hit = chg[chg.abs() >= threshold]
        # keep the first date of each run of breaks
        new = hit.index.to_series().diff().dt.days.fillna(999) > 30
        for d in hit.index[new.to_numpy()]:
            rows.append({"date": d, "measure": name, "corr": corr.at[d, name], "chg20": chg.at[d]})
    cols = ["date", "measure", "corr", "chg20"]
    return pd.DataFrame(rows, columns=cols).sort_values("date").reset_index(drop=True)


def _episodes(
    daily: pd.DataFrame,
    fired: pd.DataFrame,
    gap: int,
) -> pd.DataFrame:
    cols = [
        "rank",
        "start",
        "end",
        "peak_date",
        "peak_score",
        "peak_k",
        "days",
        "score_sum",
        "spx_ret_pct",
        "dgs10_chg_bp",
        "usd_ret_pct",
    ]
    if fired.empty:
        return pd.DataFrame(columns=cols)
    best = fired.sort_values("score", ascending=False).drop_duplicates("date").set_index("date")
    best = best.sort_index()
    pos = pd.Series(np.arange(len(daily)), index=daily.index).reindex(best.index)
    ep_id = (pos.diff().fillna(gap + 1) > gap).cumsum().to_numpy()
    day_pos = pd.Series(np.arange(len(daily)), index=daily.index)
    rows = []
    for _, grp in best.groupby(ep_id):
        peak = grp["score"].idxmax()
        first = int(day_pos[grp.index[0]]) - int(grp["k"].iloc[0]) + 1
        span = daily.iloc[max(first, 0) : int(day_pos[grp.index[-1]]) + 1]
        rows.append(
            {
                "start": grp.index[0],
                "end": grp.index[-1],
                "peak_date": peak,
                "peak_score": float(grp["score"].max()),
                "peak_k": int(grp["k"].to_numpy()[int(np.argmax(grp["score"].to_numpy()))]),
                "days": len(grp),
                "score_sum": float(grp["score"].sum()),
                "spx_ret_pct": float(np.prod(1 + span["spx_ret_pct"] / 100.0) - 1) * 100.0,
                "dgs10_chg_bp": float(span["dgs10_chg_bp"].sum()),
                "usd_ret_pct": float(np.prod(1 + span["usd_ret_pct"] / 100.0) - 1) * 100.0,
            }
        )
    out = pd.DataFrame(rows).sort_values(["peak_score", "score_sum"], ascending=False)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out.reset_index(drop=True)[cols]
