"""The morning safe-haven stress monitor: the monitor's indicators, evaluated, as one result.

Glue only: the indicators are declared in :mod:`tsy.indicators.monitor_defs` (inputs by role,
pure function, unit, staleness, labels); :func:`run_monitor` reads their inputs once, point in
time (:func:`tsy.indicators.registry.load_inputs`: only data released by the as-of date),
evaluates them and bundles their results with their lineage. The default as-of date is the last
date of the core series (``DGS10``) in the store; the clock is never read.

Examples
--------
>>> res = run_monitor(as_of="2025-04-11")  # doctest: +SKIP
>>> print(res.summary())  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tsy.analytics import stress as _stress
from tsy.analytics._result import Result, jsonable
from tsy.analytics.auctions import AuctionQuality
from tsy.analytics.crossasset import CrossAssetResult
from tsy.analytics.holders import ForeignHolders
from tsy.analytics.liquidity import LiquidityResult
from tsy.analytics.liquidity import required_ids as liquidity_ids
from tsy.analytics.positioning import Positioning
from tsy.analytics.velocity import VelocityResult, VelocityRule
from tsy.analytics.volatility import MOVE_WEIGHTS, VolatilityResult
from tsy.config import Settings
from tsy.errors import InputError
from tsy.indicators import registry
from tsy.indicators.load import load, parse_date
from tsy.indicators.monitor_defs import CORE, MONITOR, NOMINAL

__all__ = ["CORE", "MonitorResult", "alert_history", "run_monitor"]

#: Days back from the as-of date within which an alert counts as "today" (weekend + holiday).
ALERT_WINDOW_DAYS = 4


def _trace(series: dict[str, pd.Series], ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i in ids:
        s = series.get(i)
        out[i] = (
            {"first": s.index[0], "last": s.index[-1], "n": len(s)}
            if s is not None and len(s)
            else {"status": "missing"}
        )
    return out


def _table_trace(t: pd.DataFrame | None, date_col: str) -> dict[str, Any]:
    if t is None:
        return {"status": "missing"}
    d = pd.to_datetime(t[date_col])
    return {"first": d.min(), "last": d.max(), "rows": len(t)}


def _episode_rank(episodes: pd.DataFrame, date: Any) -> int | None:
    """Rank of the cross-asset episode spanning ``date`` (None when none does)."""
    hit = episodes[(episodes["start"] <= date) & (episodes["end"] >= date)]
    return int(hit["rank"].iloc[0]) if len(hit) else None


@dataclass(frozen=True, repr=False)
class MonitorResult(Result):
    """Everything the morning view shows, as pandas tables and result objects.

    Attributes
    ----------
    as_of : Timestamp
    headline : str
    alert : bool
        True when a triple-fall window or a velocity alert fires within the last
        ``ALERT_WINDOW_DAYS`` days of ``as_of`` (``tsy monitor`` exits 3).
    reasons : list of str
        One English line per alert (the CLI prints them).
    alert_items : list of dict
        The same alerts as data, for other languages: ``kind`` ("triple_fall": ``k``,
        ``date``, ``score``; "velocity": ``series_id``, ``horizon``, ``change_bp``, ``date``).
    crossasset, velocity, volatility, liquidity, positioning, auctions, holders
        The analysis results (None when their data is missing).
    stress : StressScore
    trace : dict
        For each part, the series/tables used and their first and last dates.
    lineage : dict
        For each indicator, :func:`tsy.indicators.registry.lineage` of its inputs (role, id,
        source, first/last date used, release date of the last observation).
    """

    as_of: pd.Timestamp
    headline: str
    alert: bool
    reasons: list[str]
    crossasset: CrossAssetResult | None
    velocity: VelocityResult | None
    volatility: VolatilityResult | None
    liquidity: LiquidityResult | None
    positioning: Positioning | None
    auctions: AuctionQuality | None
    holders: ForeignHolders | None
    stress: _stress.StressScore
    trace: dict[str, Any] = field(default_factory=dict)
    alert_items: list[dict[str, Any]] = field(default_factory=list)
    lineage: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    # -- tables -------------------------------------------------------------------------------
    @property
    def triple_fall(self) -> pd.DataFrame:
        """The last five common days' moves, flag and scores."""
        if self.crossasset is None:
            return pd.DataFrame()
        return self.crossasset.daily.tail(5)

    @property
    def velocity_table(self) -> pd.DataFrame:
        """Latest N-day changes, percentiles and alert flags per tenor."""
        return self.velocity.latest if self.velocity is not None else pd.DataFrame()

    @property
    def liquidity_table(self) -> pd.DataFrame:
        """Liquidity measures against Sep 2019 / Mar 2020."""
        return self.liquidity.table if self.liquidity is not None else pd.DataFrame()

    @property
    def auctions_latest(self) -> pd.DataFrame:
        """The last 10 coupon auctions with their ranks."""
        return self.auctions.latest(10) if self.auctions is not None else pd.DataFrame()

    @property
    def positions_latest(self) -> pd.DataFrame:
        """Leveraged funds' positions on the last report date."""
        return self.positioning.latest if self.positioning is not None else pd.DataFrame()

    def summary(self) -> str:
        """The morning view in plain text."""
        lines = [f"tsy monitor - as of {self.as_of.date()}", self.headline, ""]
        for part in (self.crossasset, self.velocity, self.volatility, self.liquidity):
            if part is not None:
                lines += [part.summary(), ""]
        for part2 in (self.positioning, self.auctions, self.holders):
            if part2 is not None:
                lines += [part2.summary(), ""]
        lines.append(self.stress.summary())
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values: every printed number with the series and dates it came from."""
        ca = self.crossasset
        return jsonable(
            {
                "as_of": self.as_of,
                "headline": self.headline,
                "alert": self.alert,
                "reasons": self.reasons,
                "composite": {
                    "score": self.stress.score,
                    "status": self.stress.status,
                    "verdict": self.stress.verdict,
                    "missing": self.stress.missing,
                    "stale": self.stress.stale,
                    "parts": self.stress.parts,
                },
                "cross_asset": None
                if ca is None
                else {
                    "latest": ca.latest(),
                    "recent_firing_windows": _recent_windows(ca, self.as_of),
                    "last_days": ca.daily.tail(5),
                    "share_triple_fall": ca.share_triple_fall,
                    "top_episodes": ca.episodes.head(10),
                    "correlations": ca.correlations.tail(1),
                    "params": {k: str(v) for k, v in ca.params.items()},
                },
                "velocity": None
                if self.velocity is None
                else {
                    "latest": self.velocity.latest,
                    "rule": vars(self.velocity.rule),
                    "recent_alerts": self.velocity.alerts.tail(20),
                },
                "volatility": None
                if self.volatility is None
                else {"latest": self.volatility.latest, "weights": self.volatility.weights},
                "liquidity": None
                if self.liquidity is None
                else {"measures": self.liquidity.table, "backstop": self.liquidity.backstop},
                "positioning": None
                if self.positioning is None
                else {
                    "latest": self.positioning.latest,
                    "household": self.positioning.household,
                    "sofr_volume": self.positioning.sofr_volume,
                    "durations": self.positioning.durations,
                },
                "auctions": None
                if self.auctions is None
                else {"latest": self.auctions.latest(10), "n": self.auctions.n},
                "foreign_holders": None
                if self.holders is None
                else {
                    "date": self.holders.date,
                    "top": self.holders.top,
                    "totals": self.holders.totals,
                },
                "trace": self.trace,
                "lineage": self.lineage,
            }
        )


def _recent_windows(ca: CrossAssetResult | None, asof: pd.Timestamp) -> pd.DataFrame:
    if ca is None or ca.windows.empty:
        return pd.DataFrame()
    w = ca.windows[ca.windows["date"] >= asof - pd.Timedelta(days=ALERT_WINDOW_DAYS)]
    return w.reset_index(drop=True)


def _headline(
    ca: CrossAssetResult | None,
    recent: pd.DataFrame,
    vel: VelocityResult | None,
    score: _stress.StressScore,
) -> str:
    parts = []
    if ca is not None and not recent.empty:
        top = recent.iloc[int(recent["score"].to_numpy().argmax())]
        n = _episode_rank(ca.episodes, top["date"])
        rank = f"; episode rank {n} of {len(ca.episodes)}" if n is not None else ""
        parts.append(
            f"SAFE HAVEN UNDER STRESS: stocks, Treasuries and the dollar fell together "
            f"({top['k']}d to {str(top['date'])[:10]}: S&P {top['spx_ret_pct']:+.2f}%, 10y "
            f"{top['dgs10_chg_bp']:+.0f}bp, dollar {top['usd_ret_pct']:+.2f}%, score "
            f"{top['score']:.2f}{rank})."
        )
    if vel is not None and not vel.firing.empty:
        f = vel.firing
        parts.append(
            "Velocity alert: "
            + ", ".join(
                f"{r['series_id']} {r['change_bp']:+.0f}bp in {r['horizon']}d"
                for r in f.to_dict("records")
            )
            + "."
        )
    parts.append(score.summary() + ".")
    return " ".join(parts)


def run_monitor(
    as_of: Any = None,
    settings: Settings | None = None,
    *,
    rule: VelocityRule | None = None,
) -> MonitorResult:
    """Run the safe-haven stress monitor on the store.

    Parameters
    ----------
    as_of : date-like, optional
        View as of this date, using only data dated on or before it. Default: the last date of
        ``DGS10`` in the store.
    settings : Settings, optional
        Where the store is (default: :func:`tsy.config.load_settings`).
    rule : VelocityRule, optional
        Velocity alert rule (default: N-day rise above the 99th percentile of the last 10y).

    Returns
    -------
    MonitorResult

    Raises
    ------
    InputError
        ``DGS10`` is not in the store, or there is no data on or before ``as_of``.
    """
    asof = parse_date(as_of, "as_of")
    core = load([CORE], as_of=asof, settings=settings)[CORE]
    if core.dropna().empty:
        raise InputError(f"no {CORE} observation on or before {asof}")
    if asof is None:
        asof = core.index[-1]
    inputs = registry.load_inputs(MONITOR, as_of=asof, settings=settings)
    params: dict[str, dict[str, Any]] = {"velocity": {"rule": rule}}
    ev = {ind.name: registry.evaluate(ind, inputs, **params.get(ind.name, {})) for ind in MONITOR}
    res = {name: e.result for name, e in ev.items()}
    s, tables = inputs.series, inputs.tables
    ca, vel, vol, liq = res["cross_asset"], res["velocity"], res["bond_vol"], res["liquidity"]
    pos, auc, fh = res["positioning"], res["auctions"], res["foreign_holders"]
    trace: dict[str, Any] = {
        "cross_asset": _trace(s, ["SP500", "SPY", CORE, "DTWEXBGS"]),
        "velocity": _trace(s, list(NOMINAL.values())),
        "bond_vol": _trace(s, [*MOVE_WEIGHTS, "MOVE"]),
        "liquidity": _trace(s, liquidity_ids()),
        "basis_trade": {
            "positions": _table_trace(tables.get("positions"), "report_date"),
            **_trace(s, ["BOGZ1FL153061105Q", "SOFR_VOLUME"]),
        },
        "auctions": {
            name: _table_trace(tables.get(name), "auction_date")
            for name in ("auctions", "auctions_secondary", "when_issued")
        },
        "foreign_holders": _table_trace(tables.get("foreign_holders"), "date"),
    }
    declared = [(part, res[ind.name]) for ind in MONITOR for part in ind.parts]
    parts = pd.DataFrame([part.reduce(result) for part, result in declared])
    limits = {part.name: part.stale_after_days for part, _ in declared}
    score = _stress.composite(parts, asof, stale_after=limits)

    reasons: list[str] = []
    items: list[dict[str, Any]] = []
    recent = asof - pd.Timedelta(days=ALERT_WINDOW_DAYS)
    recent_w = _recent_windows(ca, asof)
    for r in recent_w.to_dict("records"):
        day = str(r["date"])[:10]
        reasons.append(f"triple fall {r['k']}d to {day} (score {r['score']:.2f})")
        items.append({"kind": "triple_fall", "k": int(r["k"]), "date": day, "score": r["score"]})
    for r in vel.firing.to_dict("records"):
        if pd.Timestamp(r["date"]) >= recent:
            reasons.append(f"velocity {r['series_id']} {r['horizon']}d {r['change_bp']:+.0f}bp")
            items.append(
                {
                    "kind": "velocity",
                    "series_id": r["series_id"],
                    "horizon": int(r["horizon"]),
                    "change_bp": float(r["change_bp"]),
                    "date": str(r["date"])[:10],
                }
            )
    return MonitorResult(
        as_of=asof,
        headline=_headline(ca, recent_w, vel, score),
        alert=bool(reasons),
        reasons=reasons,
        alert_items=items,
        crossasset=ca,
        velocity=vel,
        volatility=vol,
        liquidity=liq,
        positioning=pos,
        auctions=auc,
        holders=fh,
        stress=score,
        trace=trace,
        lineage={name: e.lineage for name, e in ev.items()},
    )


def alert_history(
    since: Any = None,
    as_of: Any = None,
    settings: Settings | None = None,
    *,
    rule: VelocityRule | None = None,
) -> pd.DataFrame:
    """Every velocity alert and triple-fall window (score above threshold) since a date.

    Returns
    -------
    DataFrame with ``date, kind ("velocity" | "triple_fall"), series, horizon_days, value,
    threshold, unit, episode_rank`` sorted by date.
    """
    start = parse_date(since, "since")
    asof = parse_date(as_of, "as_of")
    inds = [registry.get("velocity"), registry.get("cross_asset")]
    inputs = registry.load_inputs(inds, as_of=asof, settings=settings)
    if CORE not in inputs.series:
        raise InputError(f"not in the store: {CORE}; run `tsy update {CORE}`")
    rows = []
    vel = registry.evaluate(inds[0], inputs, rule=rule).result
    for r in vel.alerts.to_dict("records"):
        rows.append(
            {
                "date": r["date"],
                "kind": "velocity",
                "series": r["series_id"],
                "horizon_days": r["horizon"],
                "value": r["change_bp"],
                "threshold": r["threshold_bp"],
                "unit": "bp",
            }
        )
    ca = registry.evaluate(inds[1], inputs).result
    if ca is not None:
        for r in ca.windows.to_dict("records"):
            rows.append(
                {
                    "date": r["date"],
                    "kind": "triple_fall",
                    "series": "SP500|SPY,DGS10,DTWEXBGS",
                    "horizon_days": r["k"],
                    "value": r["score"],
                    "threshold": ca.params["threshold"],
                    "unit": "score",
                    "episode_rank": _episode_rank(ca.episodes, r["date"]),
                }
            )
    cols = ["date", "kind", "series", "horizon_days", "value", "threshold", "unit", "episode_rank"]
    out = pd.DataFrame(rows).reindex(columns=cols)
    if start is not None:
        out = out[out["date"] >= start]
    return out.sort_values(["date", "kind", "series", "horizon_days"]).reset_index(drop=True)
