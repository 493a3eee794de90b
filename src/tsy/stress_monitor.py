"""The morning safe-haven stress monitor: load from the store, run the analyses, one result.

Glue only: reads the store through :func:`tsy.data.load` / :func:`tsy.data.load_table` with
``as_of`` (so nothing dated after it is ever read), calls the pure functions of
:mod:`tsy.analytics`, and bundles their results. The default as-of date is the
latest date on which an equity index, ``DGS10`` and a dollar index all have data (stated in the
output); the clock is never read. The definitions are the pure functions of
:mod:`tsy.analytics.stress_parts` (haven state, velocity z, liquidity distance, DV01-weighted
basis trade, auction signals, composite); this module only maps catalogue ids to their roles.

Examples
--------
>>> res = run_monitor(as_of="2025-04-11")  # doctest: +SKIP
>>> print(res.summary())  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tsy import catalog
from tsy.analytics.auctions import AuctionQuality, auction_quality
from tsy.analytics.composite import Composite
from tsy.analytics.haven import HavenResult, haven
from tsy.analytics.holders import ForeignHolders, foreign_holders
from tsy.analytics.liquidity import LiquidityResult, liquidity
from tsy.analytics.liquidity import required_ids as liquidity_ids
from tsy.analytics.positioning import Positioning, positioning
from tsy.analytics.speed import velocity_z
from tsy.analytics.stress_parts import RELEASE_LAG_DAYS, MonitorInputs, Parts, build_parts, evaluate
from tsy.config import Settings
from tsy.data import load, load_table, parse_date
from tsy.errors import InputError, TsyError

__all__ = [
    "CORE",
    "MonitorResult",
    "alert_history",
    "core_as_of",
    "inputs_from",
    "run_monitor",
]

#: The core series: its last date in the store is the default as-of date.
CORE = "DGS10"
NOMINAL = ["DGS1MO", "DGS3MO", "DGS6MO", "DGS1", "DGS2", "DGS3", "DGS5", "DGS7", "DGS10"]
NOMINAL += ["DGS20", "DGS30"]
REAL = ["DFII5", "DFII7", "DFII10", "DFII20", "DFII30"]
CROSS = ["SP500", "SPY", "DXY", "DTWEXBGS"]
OTHER = ["MOVE", "BOGZ1FL153061105Q", "SOFR_VOLUME", "THREEFYTP10", "ACMTP10", "ACMRNY10"]
#: Roles of the monitor's definitions -> catalogue ids (the analytics know only the roles).
EQUITY = ("SP500", "SPY")  # by preference: the index, then the ETF before 2016
DOLLAR = ("DXY", "DTWEXBGS")  # by preference: ICE DXY (New York close), then the Fed's broad
CURVE: dict[str, tuple[str, float]] = {
    "1m": ("DGS1MO", 1 / 12), "3m": ("DGS3MO", 0.25), "6m": ("DGS6MO", 0.5), "1y": ("DGS1", 1.0),
    "2y": ("DGS2", 2.0), "3y": ("DGS3", 3.0), "5y": ("DGS5", 5.0), "7y": ("DGS7", 7.0),
    "10y": ("DGS10", 10.0), "20y": ("DGS20", 20.0), "30y": ("DGS30", 30.0),
}  # fmt: skip
LIQUIDITY_ROLES: dict[str, str] = {
    "sofr": "SOFR", "effr": "EFFR", "ioer": "IOER", "iorb": "IORB", "reserves": "WRESBAL",
    "fed_assets": "WALCL", "tga": "WTREGEN", "rrp": "RRPONTSYD",
}  # fmt: skip
#: At most this many alert lines open the monitor.
MAX_ALERTS = 5
#: Days back from the as-of date within which an alert counts as "today" (weekend + holiday).
ALERT_WINDOW_DAYS = 4


def _ids() -> list[str]:
    ids = [*NOMINAL, *REAL, *CROSS, *OTHER, *liquidity_ids(), *LIQUIDITY_ROLES.values()]
    return [i for i in dict.fromkeys(ids) if i in catalog.CATALOG]


def _table(name: str, as_of: pd.Timestamp, settings: Settings | None) -> pd.DataFrame | None:
    try:
        t = load_table(name, as_of=as_of, settings=settings)
    except TsyError:
        return None
    return t if len(t) else None


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


@dataclass
class MonitorResult:
    """Everything the morning view shows, as pandas tables and result objects.

    Attributes
    ----------
    as_of : Timestamp
    as_of_rule : str
        How the as-of date was chosen (stated in the output).
    state : HavenResult or None
        Haven state of the as-of day with its evidence (None when a leg's input is missing).
    headline : str
        The state line, then the composite's line.
    alert : bool
        True when the haven is failing on the as-of day or a velocity rule fires within the
        last ``ALERT_WINDOW_DAYS`` days (``tsy monitor`` exits 3).
    reasons : list of str
        At most :data:`MAX_ALERTS` English alert lines.
    alert_items : list of dict
        The same alerts as data (``kind`` "haven": ``state``, ``date``; "velocity":
        ``series_id``, ``tenor``, ``horizon``, ``change_bp``, ``z``, ``date``).
    stress : Composite
        The composite (normal day = 0) and its parts.
    parts : Parts
        The definitions' full results (velocity z, liquidity distance, basis, auction signals).
    liquidity, positioning, auctions, holders
        The panel's analyses behind the report's charts and tables (liquidity history, CFTC
        positions by contract, auction ranks, foreign holders; None when their data is
        missing); they do not enter the score.
    trace : dict
        For each part, the series/tables used, their first and last dates and release lags.
    """

    as_of: pd.Timestamp
    as_of_rule: str
    state: HavenResult | None
    headline: str
    alert: bool
    reasons: list[str]
    stress: Composite
    parts: Parts
    liquidity: LiquidityResult | None
    positioning: Positioning | None
    auctions: AuctionQuality | None
    holders: ForeignHolders | None
    trace: dict[str, Any] = field(default_factory=dict)
    alert_items: list[dict[str, Any]] = field(default_factory=list)
    term_premium_acm: dict[str, Any] = field(default_factory=dict)

    # -- tables -------------------------------------------------------------------------------
    @property
    def velocity_table(self) -> pd.DataFrame:
        """Latest N-day changes and z-scores per tenor (two-sided, bills apart)."""
        v = self.parts.velocity
        return v.latest if v is not None else pd.DataFrame()

    @property
    def liquidity_table(self) -> pd.DataFrame:
        """Liquidity measures: value, baseline, distance to Sep 2019 / Mar 2020."""
        liq = self.parts.liquidity
        return liq.table if liq is not None else pd.DataFrame()

    @property
    def auctions_latest(self) -> pd.DataFrame:
        """The last 10 coupon auctions with their ranks (older panel)."""
        return self.auctions.latest(10) if self.auctions is not None else pd.DataFrame()

    @property
    def positions_latest(self) -> pd.DataFrame:
        """Leveraged funds' positions on the last report date."""
        return self.positioning.latest if self.positioning is not None else pd.DataFrame()

    def state_line(self) -> str:
        """The haven state and its evidence, or why it is missing."""
        if self.state is None:
            return "Haven state: missing (needs an equity index, DGS10 and a dollar index)"
        return self.state.summary()

    def summary(self) -> str:
        """The morning view in plain text: state, at most five alerts, then the parts."""
        lines = [f"tsy monitor - as of {self.as_of.date()} ({self.as_of_rule})", self.state_line()]
        lines += [f"ALERT {r}" for r in self.reasons] or ["No alert."]
        lines += ["", self.stress.summary()]
        for r in self.stress.parts.to_dict("records"):
            if r["status"] == "missing":
                lines.append(f"  {r['part']}: missing ({r['note'] or r['inputs']})")
            else:
                lines.append(
                    f"  {r['part']}: score {r['score']:.0f} ({r['status']}), value "
                    f"{r['value']:.2f} {r['unit']}, {str(r['date'])[:10]}"
                )
        p = self.parts
        if p.liquidity is not None:
            lines += ["", p.liquidity.summary()]
        if p.basis is not None:
            lines += ["", p.basis.summary()]
        else:
            lines += ["", "Basis trade: missing (no CFTC positions in the store)"]
        if p.auctions is not None:
            lines += ["", p.auctions.summary(self.as_of)]
        else:
            lines += ["", "Auctions: missing (no auctions in the store)"]
        for part2 in (self.positioning, self.holders):
            if part2 is not None:
                lines += ["", part2.summary()]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict: every part's value, inputs, dates and release lags."""
        p = self.parts
        vel = p.velocity
        return {
            "as_of": self.as_of,
            "as_of_rule": self.as_of_rule,
            "state": None if self.state is None else self.state.evidence(),
            "ten_year_split": None
            if self.state is None
            else {"1d": self.state.split_1d, "5d": self.state.split_5d},
            "term_premium_acm": self.term_premium_acm or {"status": "missing"},
            "headline": self.headline,
            "alert": self.alert,
            "reasons": self.reasons,
            "alert_items": self.alert_items,
            "composite": {
                "score": self.stress.score,
                "mean_part_score": self.stress.mean,
                "verdict": self.stress.verdict,
                "message": self.stress.message,
                "missing": self.stress.missing,
                "stale": self.stress.stale,
                "parts": self.stress.parts,
                "release_lag_days": RELEASE_LAG_DAYS,
            },
            "velocity": None
            if vel is None
            else {"latest": vel.latest, "episodes": vel.episodes.tail(10)},
            "liquidity": None if p.liquidity is None else {"measures": p.liquidity.table},
            "basis_trade": None
            if p.basis is None
            else {"latest": p.basis.latest(), "by_contract": p.basis.by_contract.tail(6)},
            "auctions": None if p.auctions is None else {"flagged": p.auctions.flagged(self.as_of)},
            "positioning": None
            if self.positioning is None
            else {
                "household": self.positioning.household,
                "sofr_volume": self.positioning.sofr_volume,
            },
            "foreign_holders": None
            if self.holders is None
            else {"date": self.holders.date, "totals": self.holders.totals},
            "trace": self.trace,
        }


def _levels(s: dict[str, pd.Series], ids: Sequence[str]) -> list[tuple[str, pd.Series | None]]:
    return [(i, s.get(i)) for i in ids]


def core_as_of(s: dict[str, pd.Series]) -> pd.Timestamp | None:
    """Latest date on which an equity index, DGS10 and a dollar index all have data."""
    eq = [set(s[i].dropna().index) for i in EQUITY if i in s]
    usd = [set(s[i].dropna().index) for i in DOLLAR if i in s]
    if CORE not in s or not eq or not usd:
        return None
    common = set(s[CORE].dropna().index) & set().union(*eq) & set().union(*usd)
    return max(common) if common else None


def inputs_from(
    s: dict[str, pd.Series],
    positions: pd.DataFrame | None,
    auctions: pd.DataFrame | None,
    secondary: pd.DataFrame | None,
    when_issued: pd.DataFrame | None,
) -> MonitorInputs:
    """Map the store's series and tables to the definitions' roles."""
    return MonitorInputs(
        equity=_levels(s, EQUITY),
        dollar=_levels(s, DOLLAR),
        curve={k: s[i] for k, (i, _) in CURVE.items() if i in s},
        years={k: y for k, (_, y) in CURVE.items()},
        real_10y=s.get("DFII10"),
        term_premium=s.get("THREEFYTP10"),
        move=s.get("MOVE"),
        liquidity={role: s.get(i) for role, i in LIQUIDITY_ROLES.items()},
        positions=positions,
        auctions=auctions,
        auctions_secondary=secondary,
        when_issued=when_issued,
    )


def _alerts(
    state: HavenResult | None, parts: Parts, asof: pd.Timestamp
) -> tuple[list[str], list[dict[str, Any]]]:
    lines: list[str] = []
    items: list[dict[str, Any]] = []
    if state is not None and state.state is not None and state.state.startswith("haven failing"):
        lines.append(f"{state.state} on {str(state.date)[:10]}")
        items.append({"kind": "haven", "state": state.state, "date": str(state.date)[:10]})
    vel = parts.velocity
    if vel is not None:
        recent = asof - pd.Timedelta(days=ALERT_WINDOW_DAYS)
        for text in vel.lines(since=recent, k=MAX_ALERTS):
            lines.append(text)
        a = vel.alerts[vel.alerts["date"] >= recent]
        if len(a):
            # one item per tenor: its largest |z| (the lines above carry the episodes)
            top = a.loc[a["z"].abs().groupby(a["tenor"]).idxmax()].sort_values("years")
            for r in top.to_dict("records"):
                items.append(
                    {"kind": "velocity", "series_id": CURVE[r["tenor"]][0], "tenor": r["tenor"],
                     "horizon": int(r["horizon"]), "change_bp": float(r["change_bp"]),
                     "z": float(r["z"]), "date": str(r["date"])[:10]}
                )  # fmt: skip
    return lines[:MAX_ALERTS], items


def run_monitor(
    as_of: Any = None,
    settings: Settings | None = None,
) -> MonitorResult:
    """Run the safe-haven stress monitor on the store.

    Parameters
    ----------
    as_of : date-like, optional
        View as of this date, using only data dated on or before it. Default: the latest date on
        which an equity index, ``DGS10`` and a dollar index all have data.
    settings : Settings, optional
        Where the store is (default: :func:`tsy.config.load_settings`).

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
    rule_text = f"as asked: {asof.date()}" if asof is not None else ""
    if asof is None:
        cross = load([CORE, *EQUITY, *DOLLAR], settings=settings, required=False)
        asof = core_as_of(cross)
        if asof is None:
            asof = core.index[-1]
            rule_text = f"default: last {CORE} date (no common equity and dollar date)"
        else:
            rule_text = "default: latest date with equity, DGS10 and dollar data"
    s = load(_ids(), as_of=asof, settings=settings, required=False)
    trace: dict[str, Any] = {}

    liq = liquidity(s)
    pos_t = _table("positions", asof, settings)
    pos = positioning(pos_t, s)
    auc_t = _table("auctions", asof, settings)
    sec_t = _table("auctions_secondary", asof, settings)
    wi_t = _table("when_issued", asof, settings)
    auc = None
    if auc_t is not None or sec_t is not None:
        auc = auction_quality(
            auc_t,
            secondary=sec_t,
            when_issued=wi_t,
            cmt={i: s[i] for i in NOMINAL + REAL if i in s},
        )
    fh_t = _table("foreign_holders", asof, settings)
    fh = foreign_holders(fh_t) if fh_t is not None else None

    x = inputs_from(s, pos_t, auc_t, sec_t, wi_t)
    parts = build_parts(x)
    stress = evaluate(parts, asof)
    state = None
    try:
        state = haven(
            x.equity,
            s[CORE],
            x.dollar,
            real_10y=x.real_10y,
            term_premium=x.term_premium,
            as_of=asof,
        )
    except (InputError, KeyError):
        state = None
    trace["cross_asset"] = _trace(s, [*EQUITY, CORE, *DOLLAR, "DFII10", "THREEFYTP10"])
    trace["velocity"] = _trace(s, [i for i, _ in CURVE.values()])
    trace["bond_vol"] = _trace(s, ["MOVE", CORE])
    trace["liquidity"] = _trace(s, list(LIQUIDITY_ROLES.values()))
    trace["basis_trade"] = {
        "positions": _table_trace(pos_t, "report_date"),
        "release_lag_days": RELEASE_LAG_DAYS["basis_trade"],
        **_trace(s, ["BOGZ1FL153061105Q", "SOFR_VOLUME"]),
    }
    trace["auctions"] = {
        "auctions": _table_trace(auc_t, "auction_date"),
        "auctions_secondary": _table_trace(sec_t, "auction_date"),
        "when_issued": _table_trace(wi_t, "auction_date"),
    }
    trace["foreign_holders"] = _table_trace(fh_t, "date")
    reasons, items = _alerts(state, parts, asof)
    res = MonitorResult(
        as_of=asof,
        as_of_rule=rule_text,
        state=state,
        headline="",
        alert=bool(reasons),
        reasons=reasons,
        stress=stress,
        parts=parts,
        liquidity=liq,
        positioning=pos,
        auctions=auc,
        holders=fh,
        trace=trace,
        alert_items=items,
    )
    res.headline = f"{res.state_line()} {stress.summary()}."
    res.term_premium_acm = _acm_split(s)
    return res


def _acm_split(s: dict[str, pd.Series]) -> dict[str, Any]:
    """The ACM 10-year term premium and expected path (month-end) and their 1-month changes."""
    tp, rn = s.get("ACMTP10"), s.get("ACMRNY10")
    if tp is None or rn is None or len(tp.dropna()) < 2 or len(rn.dropna()) < 2:
        return {}
    tp, rn = tp.dropna(), rn.dropna()
    return {
        "date": tp.index[-1],
        "term_premium_pct": float(tp.iloc[-1]),
        "term_premium_chg_1m_bp": float((tp.iloc[-1] - tp.iloc[-2]) * 100.0),
        "expected_path_pct": float(rn.iloc[-1]),
        "expected_path_chg_1m_bp": float((rn.iloc[-1] - rn.iloc[-2]) * 100.0),
        "series": ["ACMTP10", "ACMRNY10"],
    }


def alert_history(
    since: Any = None,
    as_of: Any = None,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Haven state changes and velocity alerts since a date, as history.

    Returns
    -------
    DataFrame with ``date, kind ("state" | "velocity"), series, horizon_days, value, threshold,
    unit, text`` sorted by date. A state row is a day whose haven state differs from the day
    before (``text`` = "from -> to", ``value`` = the equity z-score); a velocity row is one
    alerting rule (``value`` = z, ``threshold`` in sigmas, ``text`` = the move in bp).
    """
    start = parse_date(since, "since")
    asof = parse_date(as_of, "as_of")
    ids = [*EQUITY, *DOLLAR, *(i for i, _ in CURVE.values())]
    s = load([i for i in ids if i in catalog.CATALOG], as_of=asof, settings=settings,
             required=False)  # fmt: skip
    if CORE not in s:
        raise InputError(f"not in the store: {CORE}; run `tsy update {CORE}`")
    x = inputs_from(s, None, None, None, None)
    rows: list[dict[str, Any]] = []
    try:
        legs = haven(x.equity, s[CORE], x.dollar).legs.dropna(subset=["state"])
    except InputError:
        legs = pd.DataFrame(columns=["state", "z_eq"])
    prev = legs["state"].shift(1)
    changed = legs.assign(prev=prev)[(legs["state"] != prev) & prev.notna()]
    for d, st_from, st_to, z in zip(
        changed.index, changed["prev"], changed["state"], changed["z_eq"], strict=True
    ):
        rows.append(
            {"date": d, "kind": "state", "series": "equity,DGS10,dollar", "horizon_days": 1,
             "value": float(z), "threshold": np.nan, "unit": "sigma",
             "text": f"{st_from} -> {st_to}"}
        )  # fmt: skip
    vel = velocity_z(x.curve, x.years)
    for r in vel.alerts.to_dict("records"):
        rows.append(
            {"date": r["date"], "kind": "velocity", "series": CURVE[r["tenor"]][0],
             "horizon_days": int(r["horizon"]), "value": float(r["z"]),
             "threshold": float(r["threshold"]), "unit": "sigma",
             "text": f"{r['tenor']} {r['change_bp']:+.0f}bp ({r['direction']})"}
        )  # fmt: skip
    cols = ["date", "kind", "series", "horizon_days", "value", "threshold", "unit", "text"]
    out = pd.DataFrame(rows).reindex(columns=cols)
    if start is not None:
        out = out[out["date"] >= start]
    return out.sort_values(["date", "kind", "series", "horizon_days"]).reset_index(drop=True)
