"""Research studies as Python functions: read the store, run the pure analytics, return results.

Glue only (:mod:`tsy.indicators.load` in, :mod:`tsy.analytics` out); no arithmetic of its own. Every
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
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tsy import catalog
from tsy.analytics import curves as _curves
from tsy.analytics import cycles as _cycles
from tsy.analytics import inflation as _inflation
from tsy.analytics import metals as _metals
from tsy.analytics import tenors as _tenors
from tsy.analytics import tips_switch as _switch
from tsy.analytics._result import Result
from tsy.analytics.fomc import FOMC_HIKES
from tsy.config import Settings, load_settings
from tsy.cpi_substitutes import read_substitutes
from tsy.errors import InputError
from tsy.indicators.load import load, parse_date
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

_DAILY_STALE = catalog.stale_after_days("D")


def _load(ids: Sequence[str], **kw: Any) -> dict[str, pd.Series]:
    return load(list(dict.fromkeys(ids)), **kw)


def _cpi_substitutes(settings: Settings | None) -> pd.Series:
    """Treasury's stored index numbers for CPI months not reported in time (may be empty)."""
    s = settings or load_settings()
    with open_store(s.db, readonly=True) as store:
        return read_substitutes(store)


#: Forward-looking comparators of the inflation record: horizon -> (series id, label).
FORWARD_COMPARATORS: dict[int, tuple[str, str]] = {
    10: ("EXPINF10YR", "Cleveland Fed 10y expected inflation (EXPINF10YR)"),
}


def breakevens(
    *,
    tenors: Sequence[int] = tuple(_curves.TENORS),
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
    ids = [i for t in tenors for i in (_curves.TENORS[t].nominal, _curves.TENORS[t].real)]
    data = _load(ids, start=start, end=end, as_of=as_of, settings=settings)
    frame = _curves.breakevens(data, tenors)
    if forwards:
        fwd = _curves.forward_breakevens(data)
        frame = frame.join(fwd, how="left")
    when = parse_date(as_of, "as_of")
    cov = _curves.coverage(data, as_of=when, max_age_days=_DAILY_STALE)
    keep = [f"be_{t}y" for t in tenors] + [
        f"fwd_{n}" for n, (a, b, _) in _curves.FORWARDS.items() if forwards and {a, b} <= {*tenors}
    ]
    cov = cov.loc[[k for k in keep if k in cov.index]]
    frame.attrs["coverage"] = cov
    frame.attrs["notes"] = [f"{k}: {n}" for k, n in cov["note"].items() if n]
    return frame


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
    pairs = {"be_5y": "T5YIE", "be_10y": "T10YIE", "fwd_5y5y": "T5YIFR"}
    data = _load(["DGS5", "DFII5", "DGS10", "DFII10"], as_of=as_of, settings=settings)
    published = load(list(pairs.values()), as_of=as_of, settings=settings, required=False)
    ours = _curves.breakevens(data, (5, 10)).join(_curves.forward_breakevens(data))
    rows = []
    for name, pub in pairs.items():
        if pub not in published:
            rows.append({"series": name, "published": pub, "n_common": 0, "note": "not in store"})
            continue
        res = _curves.compare_with_published(ours[f"{name}_pct"], published[pub], tol=tol)
        dates = [str(d) for d in res.pop("dates_beyond_tol")]  # type: ignore[attr-defined]
        rows.append(
            {
                "series": name,
                "published": pub,
                **res,
                "first_dates_beyond_tol": ", ".join(dates[:5]),
                "note": "",
            }
        )
    return pd.DataFrame(rows)


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
    if tenor not in _curves.TENORS:
        raise InputError(f"tenor {tenor}: expected one of {sorted(_curves.TENORS)} (years)")
    ids = _curves.TENORS[tenor]
    data = _load([ids.nominal, ids.real], start=start, end=end, as_of=as_of, settings=settings)
    frame = _curves.tenor_frame(data, tenor)
    cov = _curves.coverage(
        data, as_of=parse_date(as_of, "as_of") or parse_date(end, "end"), max_age_days=_DAILY_STALE
    )
    note = str(cov.loc[f"be_{tenor}y", "note"])
    frame.attrs["notes"] = [note] if note else []
    return frame


def curve_monitor(
    *,
    as_of: Any = None,
    lookback_years: int = 5,
    settings: Settings | None = None,
) -> _curves.CurveMonitor:
    """Snapshot of nominal, real, breakeven, forward and spread series as of a date.

    Level, 1w/1m/3m/1y changes (bp), percentile and z-score over ``lookback_years`` (see
    :func:`tsy.analytics.curves.curve_monitor`). Every series in
    :func:`tsy.analytics.curves.required_ids` must be in the store.
    """
    if lookback_years < 1:
        raise InputError(f"lookback_years must be >= 1, got {lookback_years}")
    data = _load(_curves.required_ids(), as_of=as_of, settings=settings)
    return _curves.curve_monitor(
        data,
        as_of=parse_date(as_of, "as_of"),
        lookback_years=lookback_years,
        max_age_days=_DAILY_STALE,
    )


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
    ids = [i for t in _curves.TENORS.values() for i in (t.nominal, t.real)]
    data = _load(ids, start=start, end=end, as_of=as_of, settings=settings)
    return _tenors.tenor_table(data)


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
    ids = ["CPIAUCNS"] + [
        i for h in horizons for i in (_curves.TENORS[h].nominal, _curves.TENORS[h].real)
    ]
    data = _load(ids, as_of=as_of, settings=settings)
    when = parse_date(as_of, "as_of")
    be = {
        h: _curves.breakeven(data[_curves.TENORS[h].nominal], data[_curves.TENORS[h].real])
        for h in horizons
    }
    sig = _inflation.inflation_signal(
        data["CPIAUCNS"],
        be[horizon],
        horizon_years=horizon,
        as_of=when,
        trailing_months=trailing_months,
        release_day=release_day,
    )
    records = {}
    forward = {}
    notes = []
    subs = _cpi_substitutes(settings)
    wanted = [FORWARD_COMPARATORS[h][0] for h in record_horizons if h in FORWARD_COMPARATORS]
    comps = load(wanted, as_of=as_of, settings=settings, required=False) if wanted else {}
    for h in record_horizons:
        kw: dict[str, Any] = {
            "horizon_years": h,
            "as_of": sig.as_of,
            "trailing_months": trailing_months,
            "release_day": release_day,
            "entries": entries,
            "substitutes": subs,
        }
        try:
            records[h] = _inflation.ex_post_record(data["CPIAUCNS"], be[h], **kw)
        except InputError as exc:
            notes.append(f"{h}y record not available: {exc}")
        comp_id, label = FORWARD_COMPARATORS.get(h, ("", ""))
        if comp_id not in comps:
            notes.append(
                f"{h}y forward-looking record not run: "
                + (f"{comp_id} not in the store" if comp_id else "no comparator of that tenor")
            )
            continue
        try:
            forward[h] = _inflation.ex_post_record(
                data["CPIAUCNS"], be[h], comparator=comps[comp_id], comparator_label=label, **kw
            )
        except InputError as exc:
            notes.append(f"{h}y forward-looking record not available: {exc}")
    result = None
    if switch:
        etf = load(["TIP", "IEF"], as_of=as_of, settings=settings, required=False)
        missing = [i for i in ("TIP", "IEF") if i not in etf]
        if missing:
            notes.append(
                f"TIP/IEF switch not run: {', '.join(missing)} not in the store "
                f"(run `tsy update {' '.join(missing)}` or `tsy import DIR`)"
            )
        else:
            result = _switch.tips_switch(
                etf["TIP"],
                etf["IEF"],
                be[10],
                data["CPIAUCNS"],
                as_of=when,
                cost_bp=cost_bp,
                trailing_months=trailing_months,
                release_day=release_day,
            )
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
    data = _load(_cycles.POLICY_IDS, as_of=as_of, settings=settings)
    target = _cycles.policy_target(data["DFEDTAR"], data["DFEDTARU"], data["DFEDTARL"])
    return _cycles.hiking_cycles(target, min_hikes=min_hikes, statements=FOMC_HIKES)


def metals_table(
    *,
    metals: Sequence[str] = tuple(_metals.METALS),
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
    bad = [m for m in metals if m not in _metals.METALS]
    if bad:
        raise InputError(f"unknown metal(s) {bad}: expected some of {sorted(_metals.METALS)}")
    ids = [_metals.METALS[m][0] for m in metals] + ["DGS10", "DFII10"]
    data = _load(ids, start=start, end=end, as_of=as_of, settings=settings)
    rates = _metals.rates_10y(data["DGS10"], data["DFII10"])
    cyc = hiking_cycles(min_hikes=min_hikes, as_of=as_of, settings=settings).table
    s, e = parse_date(start, "start"), parse_date(end, "end")
    if len(cyc):
        inside = pd.Series(True, index=cyc.index)
        if s is not None:
            inside &= cyc["start"] >= s
        if e is not None:
            inside &= cyc["end"] <= e
        cyc = cyc[inside]
    prices = {m: data[_metals.METALS[m][0]] for m in metals}
    return _metals.metals_study(prices, rates, cyc)
