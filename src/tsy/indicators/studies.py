"""Research studies as Python functions: read the store, run the pure analytics, return results.

Glue only: each study is a declaration of :mod:`tsy.indicators.studies_defs` (its inputs by role,
its pure function); this module reads the inputs through
:func:`tsy.indicators.registry.load_inputs` and evaluates it, with no arithmetic and no catalogue
id of its own. Every
function takes ``settings`` (default: :func:`tsy.config.load_settings`) and ``as_of`` (nothing
dated after it is read, so a study can be re-run as it would have looked on a past date).

Missing series raise :class:`tsy.errors.InputError` naming them and how to get them; series that
exist but end early (e.g. DFII7, whose shared copy ends 2022-11-25) are reported in the results'
``coverage``/``notes``, never silently dropped.

Examples
--------
>>> import tsy
>>> be = tsy.breakevens(start="2022-01-01")          # doctest: +SKIP
>>> be.loc["2022-02-11", "be_10y_pct"]               # doctest: +SKIP
2.43
>>> print(tsy.tenor_table().summary())               # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from tsy.analytics import curves as _curves
from tsy.analytics import cycles as _cycles
from tsy.analytics import inflation as _inflation
from tsy.analytics import metals as _metals
from tsy.analytics import tenors as _tenors
from tsy.analytics import tips_switch as _switch
from tsy.analytics._result import Result
from tsy.config import Settings, load_settings
from tsy.cpi_substitutes import read_substitutes
from tsy.errors import InputError
from tsy.indicators import studies_defs as defs
from tsy.indicators.load import parse_date
from tsy.indicators.registry import Indicator, Inputs, evaluate, load_inputs
from tsy.store import open_store

__all__ = [
    "InflationStudy",
    "breakeven_check",
    "breakevens",
    "curve_monitor",
    "hiking_cycles",
    "inflation_signal",
    "metals_table",
    "tenor_curves",
    "tenor_table",
]


def _only(ind: Indicator, roles: Sequence[str]) -> Indicator:
    """The declaration narrowed to some of its roles, all of them required."""
    return replace(ind, series={r: ind.series[r] for r in roles}, required=tuple(roles))


def _strict(ind: Indicator, **window: Any) -> Inputs:
    """The indicator's inputs; each series of its required roles must be in the store."""
    return load_inputs([ind], [ind], **window)


def _run(ind: Indicator, inputs: Inputs, **params: Any) -> Any:
    return evaluate(ind, inputs, **params).result


def _legs(tenors: Sequence[int]) -> list[str]:
    return [role for t in tenors for role in (defs.nominal(t), defs.real(t))]


def _cpi_substitutes(settings: Settings | None) -> pd.Series:
    """Treasury's stored index numbers for CPI months not reported in time (may be empty)."""
    s = settings or load_settings()
    with open_store(s.db, readonly=True) as store:
        return read_substitutes(store)


def breakevens(
    *,
    tenors: Sequence[int] = tuple(defs.CURVE_TENORS),
    forwards: bool = True,
    start: Any = None,
    end: Any = None,
    as_of: Any = None,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Breakevens by tenor (nominal DGS* minus TIPS DFII*, same date), and forward breakevens.

    Parameters
    ----------
    tenors : sequence of int
        Any of 5, 7, 10, 20, 30 (years).
    forwards : bool
        Add ``fwd_5y5y_pct`` (FRED T5YIFR formula) and ``fwd_10y10y_pct`` (from 10y and 20y)
        when their tenors are in ``tenors``.
    start, end, as_of : date-like, optional
        Window; nothing after ``as_of`` is read.

    Returns
    -------
    DataFrame indexed by ``date``: ``be_<t>y_pct`` per tenor (percent), optional ``fwd_*_pct``.
    ``frame.attrs["coverage"]`` holds :func:`tsy.analytics.curves.coverage` (first/last date and
    status of each series) and ``frame.attrs["notes"]`` the stale or early-ending inputs, e.g.
    ``"be_7y: DFII7 ends 2022-11-25 (...)"``.
    """
    bad = [t for t in tenors if t not in defs.CURVE_TENORS]
    if bad:
        raise InputError(
            f"unknown tenor(s) {bad}: expected one of {sorted(defs.CURVE_TENORS)} (years)"
        )
    ind = _only(defs.BREAKEVENS, _legs(tenors))
    inputs = _strict(ind, start=start, end=end, as_of=as_of, settings=settings)
    when = parse_date(as_of, "as_of")
    return _run(ind, inputs, tenors=tenors, forwards=forwards, as_of=when)


def breakeven_check(
    *, tol: float = 0.01, as_of: Any = None, settings: Settings | None = None
) -> pd.DataFrame:
    """Computed breakevens against the ones FRED publishes (T5YIE, T10YIE, T5YIFR).

    Returns
    -------
    DataFrame, one row per published series present in the store: ``series`` (ours),
    ``published``, ``n_common`` (dates), ``n_beyond_tol``, ``max_abs_diff`` (percentage points),
    ``first_dates_beyond_tol``. Published series missing from the store are listed with
    ``n_common`` 0 and a note.
    """
    ind = defs.BREAKEVEN_CHECK
    return _run(ind, _strict(ind, as_of=as_of, settings=settings), tol=tol)


def tenor_curves(
    tenor: int,
    *,
    start: Any = None,
    end: Any = None,
    as_of: Any = None,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Nominal yield, TIPS real yield and breakeven of one tenor over time (the analysts' chart).

    Returns
    -------
    DataFrame indexed by ``date``: ``nominal_pct``, ``real_pct``, ``breakeven_pct`` (percent;
    the breakeven only where both legs exist). ``frame.attrs["notes"]`` says when an input ends
    early (e.g. DFII7 ends 2022-11-25, so the 7y breakeven stops there).
    """
    if tenor not in defs.CURVE_TENORS:
        raise InputError(f"tenor {tenor}: expected one of {sorted(defs.CURVE_TENORS)} (years)")
    ind = _only(defs.TENOR_CURVE, _legs([tenor]))
    inputs = _strict(ind, start=start, end=end, as_of=as_of, settings=settings)
    when = parse_date(as_of, "as_of") or parse_date(end, "end")
    return _run(ind, inputs, tenor=tenor, as_of=when)


def curve_monitor(
    *,
    as_of: Any = None,
    lookback_years: int = 5,
    settings: Settings | None = None,
) -> _curves.CurveMonitor:
    """Snapshot of nominal, real, breakeven, forward and spread series as of a date.

    Level, 1w/1m/3m/1y changes (bp), percentile and z-score over ``lookback_years`` (see
    :func:`tsy.analytics.curves.curve_monitor`). Every series of the declaration
    (:data:`tsy.indicators.studies_defs.CURVE_MONITOR`) must be in the store.
    """
    if lookback_years < 1:
        raise InputError(f"lookback_years must be >= 1, got {lookback_years}")
    ind = defs.CURVE_MONITOR
    inputs = _strict(ind, as_of=as_of, settings=settings)
    return _run(ind, inputs, as_of=parse_date(as_of, "as_of"), lookback_years=lookback_years)


def tenor_table(
    *,
    start: Any = None,
    end: Any = None,
    as_of: Any = None,
    settings: Settings | None = None,
) -> _tenors.TenorTable:
    """The four tenor claims tested on the data (see :mod:`tsy.analytics.tenors`).

    Returns
    -------
    TenorTable
        ``.table`` (claim, statement, verdict, margin, rule), ``.claims[key].numbers``,
        ``.vol`` (vol by kind/period/tenor, bp per year), ``.episodes``, ``.summary()``.
    """
    ind = defs.TENOR_TABLE
    return _run(ind, _strict(ind, start=start, end=end, as_of=as_of, settings=settings))


@dataclass(frozen=True, repr=False)
class InflationStudy(Result):
    """Inflation signal, its ex-post record by horizon, and the TIP/IEF switch backtest.

    ``records`` score the seed's rule (trailing CPI against the breakeven); ``forward`` the same
    record with a forward-looking comparator (:data:`FORWARD_COMPARATORS`) where the store has it.
    """

    signal: _inflation.InflationSignal
    records: dict[int, _inflation.ExPostRecord]
    switch: _switch.SwitchResult | None
    notes: list[str] = field(default_factory=list)
    forward: dict[int, _inflation.ExPostRecord] = field(default_factory=dict)

    def summary(self) -> str:
        """Today's call, how often the rule was right, and the switch against buy-and-hold."""
        parts = [self.signal.summary()]
        parts += [r.summary() for r in self.records.values()]
        parts += [r.summary() for r in self.forward.values()]
        if self.switch is not None:
            parts.append(self.switch.summary())
        parts += self.notes
        return "\n".join(parts)


def inflation_signal(
    *,
    horizon: int = 10,
    record_horizons: Sequence[int] = (5, 10),
    as_of: Any = None,
    trailing_months: int = 12,
    release_day: int = 15,
    cost_bp: float = 5.0,
    switch: bool = True,
    entries: str = "monthly",
    settings: Settings | None = None,
) -> InflationStudy:
    """Realised CPI inflation against breakevens: signal, ex-post record, TIP/IEF switch.

    Parameters
    ----------
    horizon : int
        Breakeven tenor of today's signal (5 or 10; the switch always uses the 10y, matching
        IEF's 7-10y maturities).
    record_horizons : sequence of int
        Horizons of the ex-post record (5y and 10y breakevens start in 2003).
    trailing_months : int
        Trailing inflation window (12 = year over year).
    release_day : int
        Month m's CPI is used from this day of month m+1 (BLS publishes ~2 weeks after).
    cost_bp : float
        Cost per switch, basis points (default 5).
    switch : bool
        Run the TIP/IEF backtest (needs ``TIP`` and ``IEF`` in the store).
    entries : {"monthly", "daily"}
        Entry dates of the ex-post record (month-end or every breakeven date).
    """
    horizons = sorted({horizon, *record_horizons} | ({10} if switch else set()))
    for h in horizons:
        if h not in (5, 10):
            raise InputError(f"horizon {h}: expected 5 or 10 (years with a long breakeven history)")
    core = _only(defs.INFLATION_SIGNAL, ["cpi", *_legs(horizons)])
    extra = [defs.INFLATION_RECORD, *([defs.TIPS_SWITCH] if switch else [])]
    inputs = load_inputs(extra, [core], as_of=as_of, settings=settings)
    when = parse_date(as_of, "as_of")
    common = {"trailing_months": trailing_months, "release_day": release_day}
    sig = _run(defs.INFLATION_SIGNAL, inputs, horizon=horizon, as_of=when, **common)
    records = {}
    forward = {}
    notes = []
    kw: dict[str, Any] = {
        "as_of": sig.as_of,
        "entries": entries,
        "substitutes": _cpi_substitutes(settings),
        **common,
    }
    rec = defs.INFLATION_RECORD
    for h in record_horizons:
        try:
            records[h] = _run(rec, inputs, horizon_years=h, **kw)
        except InputError as exc:
            notes.append(f"{h}y record not available: {exc}")
        role, comp_id, _ = defs.FORWARD_COMPARATORS.get(h, ("", "", ""))
        if not comp_id or comp_id not in inputs.series:
            notes.append(
                f"{h}y forward-looking record not run: "
                + (f"{comp_id} not in the store" if comp_id else "no comparator of that tenor")
            )
            continue
        try:
            forward[h] = _run(rec, inputs, horizon_years=h, forward=True, **kw)
        except InputError as exc:
            notes.append(f"{h}y forward-looking record not available: {exc}")
    result = None
    if switch:
        sw = defs.TIPS_SWITCH
        missing = [sw.series[r] for r in sw.required if sw.series[r] not in inputs.series]
        if missing:
            notes.append(
                f"TIP/IEF switch not run: {', '.join(missing)} not in the store "
                f"(run `tsy update {' '.join(missing)}` or `tsy import DIR`)"
            )
        else:
            result = _run(sw, inputs, as_of=when, cost_bp=cost_bp, **common)
    return InflationStudy(signal=sig, records=records, switch=result, notes=notes, forward=forward)


def hiking_cycles(
    *, min_hikes: int = 3, as_of: Any = None, settings: Settings | None = None
) -> _cycles.HikingCycles:
    """Fed hiking cycles from DFEDTAR then DFEDTARU (and DFEDTARL for the range).

    Cycles from 2004 run from FOMC statement dates (:data:`tsy.analytics.fomc.FOMC_HIKES`).

    Returns
    -------
    HikingCycles
        ``.table`` (start, end, n_hikes, start/end levels and ranges, total_change_bp,
        first_cut, source, start_fred, end_fred, dated_by), ``.moves``, ``.summary()``.
    """
    ind = defs.HIKING_CYCLES
    return _run(ind, _strict(ind, as_of=as_of, settings=settings), min_hikes=min_hikes)


def metals_table(
    *,
    metals: Sequence[str] = tuple(defs.METAL_IDS),
    start: Any = None,
    end: Any = None,
    as_of: Any = None,
    min_hikes: int = 3,
    settings: Settings | None = None,
) -> _metals.MetalsStudy:
    """Gold, silver, copper against the 10y nominal, breakeven and real yield, and by hiking cycle.

    Returns
    -------
    MetalsStudy
        ``.betas`` (metal, freq, regime, rate, beta_pct_per_100bp, corr, n, start, end),
        ``.cycle_levels`` (cycle, asset, start_level, end_level, change, change_units, note),
        ``.claims`` (seed 004's claims per cycle: claim, cycle, numbers, rule, verdict),
        ``.cycle_correlations``, ``.levels[metal]``, ``.rolling[metal]``, ``.summary()``.
    """
    bad = [m for m in metals if m not in defs.METAL_IDS]
    if bad:
        raise InputError(f"unknown metal(s) {bad}: expected some of {sorted(defs.METAL_IDS)}")
    ind = _only(defs.METALS, [*metals, defs.nominal(10), defs.real(10)])
    inputs = _strict(ind, start=start, end=end, as_of=as_of, settings=settings)
    cyc = hiking_cycles(min_hikes=min_hikes, as_of=as_of, settings=settings).table
    s, e = parse_date(start, "start"), parse_date(end, "end")
    if len(cyc):
        inside = pd.Series(True, index=cyc.index)
        if s is not None:
            inside &= cyc["start"] >= s
        if e is not None:
            inside &= cyc["end"] <= e
        cyc = cyc[inside]
    return _run(ind, inputs, cycles=cyc)
