"""The morning safe-haven stress monitor: load from the store, run the analyses, one result.

Glue only: reads the store through :func:`tsy.indicators.load.load` /
:func:`tsy.indicators.load.load_table` with
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

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tsy import catalog
from tsy.analytics._result import Result, jsonable
from tsy.analytics.auctions import AuctionQuality
from tsy.analytics.composite import Composite
from tsy.analytics.haven import HavenResult, haven
from tsy.analytics.holders import ForeignHolders
from tsy.analytics.liquidity import LiquidityResult
from tsy.analytics.positioning import Positioning
from tsy.analytics.speed import velocity_z
from tsy.analytics.stress_parts import (
    RELEASE_LAG_DAYS,
    MonitorInputs,
    Parts,
    assemble_parts,
    evaluate,
)
from tsy.config import Settings
from tsy.errors import InputError
from tsy.indicators import monitor_defs as defs
from tsy.indicators.load import load, parse_date
from tsy.indicators.registry import Evaluated, Inputs, get, load_inputs
from tsy.indicators.registry import evaluate as evaluate_indicator

__all__ = [
    "CORE",
    "MonitorResult",
    "alert_history",
    "core_as_of",
    "inputs_from",
    "monitor_ids",
    "run_monitor",
]

#: The core series: its last date in the store is the default as-of date.
CORE = defs.CURVE["nominal_10y"][0]
#: Tenor label -> catalogue id of the nominal curve (alert items name the series).
TENOR_IDS: dict[str, str] = {label: sid for sid, label, _ in defs.CURVE.values()}
YEARS: dict[str, float] = {label: y for _, label, y in defs.CURVE.values()}
#: At most this many alert lines open the monitor.
MAX_ALERTS = 5
#: Days back from the as-of date within which an alert counts as "today" (weekend + holiday).
ALERT_WINDOW_DAYS = 4
_INDICATORS = (*defs.MONITOR, *defs.PANELS)


def monitor_ids() -> list[str]:
    """Every catalogue id the monitor's indicators read (from their declarations)."""
    return list(dict.fromkeys(i for ind in _INDICATORS for i in ind.series.values()))


@dataclass(frozen=True, repr=False)
class MonitorResult(Result, frame="parts_table"):
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
        The same alerts as data (``kind`` "haven": ``state``, ``date``; "velocity", one per
        episode: ``start``, ``end``, ``date`` (= end), the peak move's ``series_id``, ``tenor``,
        ``horizon``, ``change_bp``, ``z``, and ``breadth``, ``tenors``, ``shape``).
    stress : Composite
        The composite (normal day = 0) and its parts.
    parts : Parts
        The definitions' full results (velocity z, liquidity distance, basis, auction signals).
    liquidity, positioning, auctions, holders
        The panel's analyses behind the report's charts and tables (liquidity history, CFTC
        positions by contract, auction ranks, foreign holders; None when their data is
        missing); they do not enter the score.
    lineage : dict
        Indicator name -> its inputs (:func:`tsy.indicators.registry.lineage`): role, id or
        table, source, first/last date used and the release date of the last one.
    term_premium_acm : dict
        The ACM split of the 10-year (:func:`tsy.analytics.term_premium.acm_split`), or empty.
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
    lineage: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    alert_items: list[dict[str, Any]] = field(default_factory=list)
    term_premium_acm: dict[str, Any] = field(default_factory=dict)

    @property
    def parts_table(self) -> pd.DataFrame:
        """The composite's parts: status, score, value, unit, date, inputs, note."""
        return self.stress.parts

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
        return jsonable({
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
            "lineage": self.lineage,
        })  # fmt: skip


def core_as_of(s: dict[str, pd.Series]) -> pd.Timestamp | None:
    """Latest date on which an equity index, DGS10 and a dollar index all have data."""
    eq = [s[i].dropna().index.to_numpy() for i in defs.EQUITY.values() if i in s]
    usd = [s[i].dropna().index.to_numpy() for i in defs.DOLLAR.values() if i in s]
    if CORE not in s or not eq or not usd:
        return None
    core = s[CORE].dropna().index.to_numpy()
    if all(_sorted(a) for a in (core, *eq, *usd)):
        # the core's dates that some equity and some dollar series share, by binary search
        both = _in_any(core, eq) & _in_any(core, usd)
        return pd.Timestamp(core[both].max()) if both.any() else None
    common = np.intersect1d(core, np.concatenate(eq))
    common = np.intersect1d(common, np.concatenate(usd))
    return pd.Timestamp(common.max()) if len(common) else None


def _sorted(a: np.ndarray) -> bool:
    return a.dtype.kind == "M" and not np.isnat(a).any() and bool((a[1:] >= a[:-1]).all())


def _in_any(x: np.ndarray, sorted_arrays: list[np.ndarray]) -> np.ndarray:
    """Whether each of ``x`` is in at least one of the sorted arrays."""
    hit = np.zeros(len(x), dtype=bool)
    for a in sorted_arrays:
        if len(a):
            i = np.searchsorted(a, x).clip(max=len(a) - 1)
            hit |= a[i] == x
    return hit


def _roles(series: dict[str, pd.Series], tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """Role -> input over all the monitor's declarations (a role means one id everywhere)."""
    out: dict[str, Any] = {}
    for ind in _INDICATORS:
        out.update({r: series.get(i) for r, i in ind.series.items()})
        out.update({r: tables.get(t) for r, t in ind.tables.items()})
    return out


def inputs_from(
    s: dict[str, pd.Series],
    positions: pd.DataFrame | None,
    auctions: pd.DataFrame | None,
    secondary: pd.DataFrame | None,
    when_issued: pd.DataFrame | None,
) -> MonitorInputs:
    """The definitions' named inputs from series keyed by catalogue id and the store tables
    (the calibration benchmark builds the whole history this way)."""
    tables = {"positions": positions, "auctions": auctions, "auctions_secondary": secondary}
    tables["when_issued"] = when_issued
    kw = _roles(s, {k: v for k, v in tables.items() if v is not None})
    return MonitorInputs(
        equity=defs.levels(kw, defs.EQUITY),
        dollar=defs.levels(kw, defs.DOLLAR),
        curve=defs.curve_inputs(kw),
        years=YEARS,
        real_10y=kw.get("real_10y"),
        term_premium=kw.get("term_premium"),
        move=kw.get("move"),
        liquidity={r: kw.get(r) for r in defs.LIQUIDITY},
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
        ep = vel.episodes[vel.episodes["end"] >= recent].tail(MAX_ALERTS)
        for r in ep.to_dict("records"):  # the same episodes as the lines, as data
            items.append(
                {"kind": "velocity", "series_id": TENOR_IDS[r["peak_tenor"]],
                 "tenor": r["peak_tenor"], "horizon": int(r["peak_horizon"]),
                 "change_bp": float(r["peak_change_bp"]), "z": float(r["peak_z"]),
                 "date": str(r["end"])[:10], "start": str(r["start"])[:10],
                 "end": str(r["end"])[:10], "breadth": int(r["breadth"]),
                 "tenors": r["tenors"], "shape": f"{r['direction']} {r['shape']}"}
            )  # fmt: skip
    return lines[:MAX_ALERTS], items


def _evaluate(name: str, inputs: Inputs) -> tuple[Evaluated | None, str]:
    """Evaluate one declared indicator; a definition refusing its data gives its reason."""
    ind = next(i for i in _INDICATORS if i.name == name)
    try:
        return evaluate_indicator(ind, inputs), ""
    except InputError as exc:
        return None, str(exc)


def _check_core(
    series: dict[str, pd.Series], asof: pd.Timestamp | None, settings: Settings | None
) -> pd.Series:
    """The core series among ``series``; ``InputError`` when it is not in the store (as
    :func:`~tsy.indicators.load.load` says it) or has no observation on or before ``asof``."""
    core = series.get(CORE)
    if core is None:
        core = load([CORE], as_of=asof, settings=settings)[CORE]
    if core.dropna().empty:
        raise InputError(f"no {CORE} observation on or before {asof}")
    return core


def _result(ev: Evaluated | None) -> Any:
    return ev.result if ev is not None else None


def run_monitor(
    as_of: Any = None,
    settings: Settings | None = None,
) -> MonitorResult:
    """Run the safe-haven stress monitor on the store.

    Every indicator is a declaration of :mod:`tsy.indicators.monitor_defs`; their inputs are
    read once (:func:`tsy.indicators.registry.load_inputs`), each is evaluated, and the
    composite is assembled from their results.

    Parameters
    ----------
    as_of : date-like, optional
        View as of this date, point in time: only observations released by it (each series'
        and table's release rule, :mod:`tsy.catalog.release`), with their values as first seen
        on or before it. Default: "now", i.e. everything in the store, dated up to the latest
        date on which an equity index, ``DGS10`` and a dollar index all have data.
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
    if asof is not None:
        # An asked date is a point in time: only what was released by then. Its core series
        # is among the inputs (read once); without it, the error of reading it alone.
        inputs = load_inputs(_INDICATORS, as_of=asof, settings=settings)
        _check_core(inputs.series, asof, settings)
        rule_text = f"as asked: {asof.date()}"
    else:
        # The default date is "now": everything the store holds, up to the latest date with
        # the core series and an equity and a dollar level (read once for both).
        cross_ids = [CORE, *defs.EQUITY.values(), *defs.DOLLAR.values()]
        cross = load(cross_ids, settings=settings, required=False)
        core = _check_core(cross, None, settings)
        asof = core_as_of(cross)
        if asof is None:
            asof = core.index[-1]
            rule_text = f"default: last {CORE} date (no common equity and dollar date)"
        else:
            rule_text = "default: latest date with equity, DGS10 and dollar data"
        # (blank text asked for the default date, read point in time as an asked date is)
        window = {"as_of": asof} if as_of is not None else {"end": asof}
        inputs = load_inputs(_INDICATORS, **window, settings=settings)
    ev: dict[str, Evaluated | None] = {}
    notes: dict[str, str] = {}
    for ind in _INDICATORS:
        ev[ind.name], note = _evaluate(ind.name, inputs)
        if note:
            notes[ind.name] = note
    state = _result(ev["cross_asset"])
    vol = _result(ev["bond_vol"])
    vel = _result(ev["velocity"])
    kw = _roles(inputs.series, inputs.tables)
    curve = defs.curve_inputs(kw)
    parts = assemble_parts(
        state.legs if state is not None else None,
        vel,
        vol,
        _result(ev["liquidity"]),
        _result(ev["basis_trade"]),
        _result(ev["auctions"]),
        last_curve_date=max(v.index[-1] for v in curve.values()) if curve else None,
        notes={"cross_asset": notes["cross_asset"]} if "cross_asset" in notes else None,
    )
    stress = evaluate(parts, asof)
    reasons, items = _alerts(state, parts, asof)
    tp = _result(ev["term_premium_acm"])
    if tp is not None:
        tp = {**tp, "series": list(get("term_premium_acm").series.values())}
    state_line = (
        state.summary()
        if state is not None
        else "Haven state: missing (needs an equity index, DGS10 and a dollar index)"
    )
    return MonitorResult(
        as_of=asof,
        as_of_rule=rule_text,
        state=state,
        headline=f"{state_line} {stress.summary()}.",
        alert=bool(reasons),
        reasons=reasons,
        stress=stress,
        parts=parts,
        liquidity=_result(ev["liquidity_panel"]),
        positioning=_result(ev["positioning"]),
        auctions=_result(ev["auction_quality"]),
        holders=_result(ev["foreign_holders"]),
        lineage={n: e.lineage for n, e in ev.items() if e is not None},
        alert_items=items,
        term_premium_acm=tp or {},
    )


def alert_history(
    since: Any = None,
    as_of: Any = None,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Haven state changes and velocity alerts since a date, as history.

    Returns
    -------
    DataFrame with ``date, end, kind ("state" | "velocity"), series, horizon_days, value,
    threshold, unit, text`` sorted by date. A state row is a day whose haven state differs from
    the day before (``text`` = "from -> to", ``value`` = the equity z-score). A velocity row is
    one episode (alert days at most 2 business days apart with the same sign, as in ``tsy
    monitor``), from ``date`` to ``end``: its largest coupon move (``series``, ``horizon_days``,
    ``value`` = z, ``threshold`` in sigmas), and in ``text`` the move in bp, the breadth (tenors
    that alerted) and the curve's shape. An episode is listed when it ends on or after ``since``.
    """
    start = parse_date(since, "since")
    asof = parse_date(as_of, "as_of")
    ids = [*defs.EQUITY.values(), *defs.DOLLAR.values(), *TENOR_IDS.values()]
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
            {"date": d, "end": d, "kind": "state", "series": "equity,DGS10,dollar",
             "horizon_days": 1, "value": float(z), "threshold": np.nan, "unit": "sigma",
             "text": f"{st_from} -> {st_to}"}
        )  # fmt: skip
    vel = velocity_z(x.curve, x.years)
    thr = vel.alerts.groupby("tenor")["threshold"].first().to_dict() if len(vel.alerts) else {}
    for r in vel.episodes.to_dict("records"):
        rows.append(
            {"date": r["start"], "end": r["end"], "kind": "velocity",
             "series": TENOR_IDS[r["peak_tenor"]], "horizon_days": int(r["peak_horizon"]),
             "value": float(r["peak_z"]), "threshold": float(thr.get(r["peak_tenor"], np.nan)),
             "unit": "sigma",
             "text": f"{r['peak_tenor']} {r['peak_change_bp']:+.0f}bp in {r['peak_horizon']}d; "
                     f"{r['breadth']} tenor(s) [{r['tenors']}]; {r['direction']} {r['shape']}"}
        )  # fmt: skip
    cols = ["date", "end", "kind", "series", "horizon_days", "value", "threshold", "unit", "text"]
    out = pd.DataFrame(rows).reindex(columns=cols)
    if start is not None:
        out = out[out["end"] >= start]
    return out.sort_values(["date", "kind", "series", "horizon_days"]).reset_index(drop=True)
