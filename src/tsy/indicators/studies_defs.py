"""The studies' indicators, declared in the registry (:mod:`tsy.indicators.registry`).

Curves (breakevens, forwards, spreads, the snapshot against FRED's published breakevens), the
tenor table, the inflation signal with its ex-post record and the TIP/IEF switch, the metals
and the Fed's hiking cycles. Each declaration names its inputs by role (the only place the
studies' catalogue ids are spelled), the pure function it calls, its unit, staleness limit,
en/zh labels and what it feeds. :mod:`tsy.indicators.studies` reads their inputs through
:func:`tsy.indicators.registry.load_inputs` and evaluates them.

The adapters below only reshape role-named inputs for the analytics' signatures and join their
results; they compute nothing of their own. The curve analytics name an input in their notes
and coverage tables by what :data:`NAMES` calls its role: the catalogue id declared here
(``DFII7 ends 2022-11-25``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from tsy import catalog
from tsy.analytics import curves as _curves
from tsy.analytics import cycles as _cycles
from tsy.analytics import inflation as _inflation
from tsy.analytics import metals as _metals
from tsy.analytics import tenors as _tenors
from tsy.analytics import tips_switch as _switch
from tsy.analytics.fomc import FOMC_HIKES
from tsy.indicators.curve_ids import CURVE_TENORS
from tsy.indicators.registry import Indicator, register

__all__ = [
    "BREAKEVENS",
    "BREAKEVEN_CHECK",
    "CURVE_MONITOR",
    "CURVE_TENORS",
    "FORWARD_COMPARATORS",
    "HIKING_CYCLES",
    "INFLATION_RECORD",
    "INFLATION_SIGNAL",
    "METALS",
    "METAL_IDS",
    "STUDIES",
    "TENOR_CURVE",
    "TENOR_TABLE",
    "NAMES",
    "TIPS_SWITCH",
    "nominal",
    "real",
]


#: Role of the nominal / TIPS real yield of a tenor (``nominal_10y``, ``real_10y``): the
#: curve analytics' own role names.
nominal = _curves.nominal
real = _curves.real


def _legs(tenors: Sequence[int]) -> dict[str, str]:
    out: dict[str, str] = {}
    for t in tenors:
        out[nominal(t)], out[real(t)] = CURVE_TENORS[t]
    return out


_TENOR_SERIES = _legs(tuple(CURVE_TENORS))
#: The short legs of the curve spreads (3m10y, 2s10s).
_SPREAD_LEGS = {"nominal_3m": "DGS3MO", "nominal_2y": "DGS2"}
#: FRED's published breakevens, by the name of ours they check: name -> (role, id).
_PUBLISHED: dict[str, tuple[str, str]] = {
    "be_5y": ("published_be_5y", "T5YIE"),
    "be_10y": ("published_be_10y", "T10YIE"),
    "fwd_5y5y": ("published_fwd_5y5y", "T5YIFR"),
}
_CPI = {"cpi": "CPIAUCNS"}
#: Forward-looking comparators of the inflation record: horizon -> (role, id, label).
FORWARD_COMPARATORS: dict[int, tuple[str, str, str]] = {
    10: (
        "expected_inflation_10y",
        "EXPINF10YR",
        "Cleveland Fed 10y expected inflation (EXPINF10YR)",
    ),
}
_ETFS = {"tips_etf": "TIP", "nominal_etf": "IEF"}
_POLICY = {"target": "DFEDTAR", "target_upper": "DFEDTARU", "target_lower": "DFEDTARL"}
#: Metal (role) -> catalogue id: LBMA gold PM and silver (USD/oz), IMF copper (USD/t).
METAL_IDS: dict[str, str] = {"gold": "GOLDPMUSD", "silver": "SILVERUSD", "copper": "PCOPPUSDM"}
_RATES_10Y = {nominal(10): CURVE_TENORS[10][0], real(10): CURVE_TENORS[10][1]}

#: Role -> catalogue id of every curve input: what the curve analytics' notes call them.
NAMES: dict[str, str] = {
    **_TENOR_SERIES,
    **_SPREAD_LEGS,
    **{role: sid for role, sid in _PUBLISHED.values()},
}
_DAILY = catalog.stale_after_days("D")


def _given(kw: Mapping[str, Any]) -> dict[str, pd.Series]:
    """The curve inputs present in the store (role -> series)."""
    return {r: s for r, s in kw.items() if s is not None and r in NAMES}


def _tenor_curve(*, tenor: int, as_of: Any = None, **kw: Any) -> pd.DataFrame:
    data = _given(kw)
    frame = _curves.tenor_frame(data, tenor, names=NAMES)
    cov = _curves.coverage(data, as_of=as_of, max_age_days=_DAILY, names=NAMES)
    note = str(cov.loc[f"be_{tenor}y", "note"])
    frame.attrs["notes"] = [note] if note else []
    return frame


def _breakevens(
    *, tenors: Sequence[int], forwards: bool = True, as_of: Any = None, **kw: Any
) -> pd.DataFrame:
    data = _given(kw)
    frame = _curves.breakevens(data, tenors)
    if forwards:
        frame = frame.join(_curves.forward_breakevens(data), how="left")
    cov = _curves.coverage(data, as_of=as_of, max_age_days=_DAILY, names=NAMES)
    keep = [f"be_{t}y" for t in tenors] + [
        f"fwd_{n}" for n, (a, b) in _curves.FORWARDS.items() if forwards and {a, b} <= {*tenors}
    ]
    cov = cov.loc[[k for k in keep if k in cov.index]]
    frame.attrs["coverage"] = cov
    frame.attrs["notes"] = [f"{k}: {n}" for k, n in cov["note"].items() if n]
    return frame


def _breakeven_check(*, tol: float = 0.01, **kw: Any) -> pd.DataFrame:
    data = _given(kw)
    ours = _curves.breakevens(data, (5, 10)).join(_curves.forward_breakevens(data))
    rows = []
    for name, (role, pub) in _PUBLISHED.items():
        if kw.get(role) is None:
            rows.append({"series": name, "published": pub, "n_common": 0, "note": "not in store"})
            continue
        res = _curves.compare_with_published(ours[f"{name}_pct"], kw[role], tol=tol)
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


def _curve_monitor(*, as_of: Any = None, lookback_years: int = 5, **kw: Any) -> Any:
    return _curves.curve_monitor(
        _given(kw), as_of=as_of, lookback_years=lookback_years, max_age_days=_DAILY, names=NAMES
    )


def _tenor_table(**kw: Any) -> Any:
    return _tenors.tenor_table(_given(kw), names=NAMES)


def _breakeven(kw: Mapping[str, Any], horizon: int) -> pd.Series:
    return _curves.breakeven(kw[nominal(horizon)], kw[real(horizon)])


def _inflation_signal(
    *, horizon: int, as_of: Any, trailing_months: int, release_day: int, **kw: Any
) -> Any:
    return _inflation.inflation_signal(
        kw["cpi"],
        _breakeven(kw, horizon),
        horizon_years=horizon,
        as_of=as_of,
        trailing_months=trailing_months,
        release_day=release_day,
    )


def _inflation_record(*, horizon_years: int, forward: bool = False, **kw: Any) -> Any:
    """The seed's rule scored ex post; with ``forward``, against the declared comparator."""
    params = {k: kw.pop(k) for k in ("as_of", "trailing_months", "release_day", "entries")}
    params["substitutes"] = kw.pop("substitutes", None)
    if forward:
        role, _, label = FORWARD_COMPARATORS[horizon_years]
        params |= {"comparator": kw[role], "comparator_label": label}
    return _inflation.ex_post_record(
        kw["cpi"], _breakeven(kw, horizon_years), horizon_years=horizon_years, **params
    )


def _tips_switch(**kw: Any) -> Any:
    params = {k: kw.pop(k) for k in ("as_of", "cost_bp", "trailing_months", "release_day")}
    return _switch.tips_switch(
        kw["tips_etf"], kw["nominal_etf"], _breakeven(kw, 10), kw["cpi"], **params
    )


def _hiking_cycles(*, min_hikes: int = 3, **kw: Any) -> Any:
    target = _cycles.policy_target(kw["target"], kw["target_upper"], kw["target_lower"])
    return _cycles.hiking_cycles(target, min_hikes=min_hikes, statements=FOMC_HIKES)


def _metals_study(*, cycles: pd.DataFrame, **kw: Any) -> Any:
    rates = _metals.rates_10y(kw[nominal(10)], kw[real(10)])
    prices = {m: s for m, s in kw.items() if m in METAL_IDS and s is not None}
    return _metals.metals_study(prices, rates, cycles)


TENOR_CURVE = register(Indicator(
    "tenor_curve", "Nominal, real and breakeven of one tenor", "单一期限的名义、实际与盈亏平衡",
    "%", _tenor_curve, series=_TENOR_SERIES, stale_after_days=_DAILY,
    feeds=("chart.tenor_curves", "chart.tenor"),
))  # fmt: skip
BREAKEVENS = register(Indicator(
    "breakevens", "Breakevens and forward breakevens", "盈亏平衡通胀率与远期盈亏平衡通胀率", "%",
    _breakevens, series=_TENOR_SERIES, stale_after_days=_DAILY, feeds=("api.breakevens",),
))  # fmt: skip
BREAKEVEN_CHECK = register(Indicator(
    "breakeven_check", "Our breakevens against FRED's", "自算盈亏平衡通胀率与FRED对照", "%",
    _breakeven_check,
    series={**_legs((5, 10)), **{role: sid for role, sid in _PUBLISHED.values()}},
    required=tuple(_legs((5, 10))), stale_after_days=_DAILY, feeds=("study.curves.fred-check",),
))  # fmt: skip
CURVE_MONITOR = register(Indicator(
    "curve_monitor", "Curve snapshot", "收益率曲线快照", "%", _curve_monitor,
    series={**_TENOR_SERIES, **_SPREAD_LEGS}, required=(*_TENOR_SERIES, *_SPREAD_LEGS),
    stale_after_days=_DAILY, feeds=("study.curves.snapshot", "study.curves.coverage"),
))  # fmt: skip
TENOR_TABLE = register(Indicator(
    "tenor_table", "The four tenor claims", "四项期限结论", "bp", _tenor_table,
    series=_TENOR_SERIES, required=tuple(_TENOR_SERIES), stale_after_days=_DAILY,
    feeds=("section.tenor_table", "study.curves.claims", "study.curves.vol"),
))  # fmt: skip
INFLATION_SIGNAL = register(Indicator(
    "inflation_signal", "Inflation signal (CPI against breakeven)", "通胀信号（CPI对比盈亏平衡）",
    "pp", _inflation_signal, series={**_CPI, **_legs((5, 10))},
    required=("cpi",), stale_after_days=catalog.stale_after_days("M"),
    feeds=("section.inflation", "study.inflation.signal"),
))  # fmt: skip
INFLATION_RECORD = register(Indicator(
    "inflation_record", "Ex-post record of the inflation rule", "通胀规则的事后记录", "%",
    _inflation_record,
    series={**_CPI, **_legs((5, 10)), **{r: i for r, i, _ in FORWARD_COMPARATORS.values()}},
    required=("cpi",), stale_after_days=catalog.stale_after_days("M"),
    feeds=("section.inflation", "study.inflation.record", "study.inflation.by-year"),
))  # fmt: skip
TIPS_SWITCH = register(Indicator(
    "tips_switch", "TIP/IEF switch backtest", "TIP/IEF轮动回测", "%", _tips_switch,
    series={**_ETFS, **_CPI, **_RATES_10Y}, required=(*_ETFS, "cpi", *_RATES_10Y),
    stale_after_days=_DAILY, feeds=("section.inflation", "study.inflation.switch"),
))  # fmt: skip
HIKING_CYCLES = register(Indicator(
    "hiking_cycles", "Fed hiking cycles", "美联储加息周期", "bp", _hiking_cycles,
    series=_POLICY, required=tuple(_POLICY), stale_after_days=_DAILY,
    feeds=("section.cycles", "study.metals.cycles"),
))  # fmt: skip
METALS = register(Indicator(
    "metals", "Metals against 10y rates", "金属与10年期利率", "% per 100bp", _metals_study,
    series={**METAL_IDS, **_RATES_10Y}, required=tuple(_RATES_10Y), stale_after_days=_DAILY,
    feeds=("section.metals", "chart.metals", "study.metals"),
))  # fmt: skip

#: Every study indicator, in the order of the report's sections.
STUDIES: tuple[Indicator, ...] = (
    TENOR_CURVE, BREAKEVENS, BREAKEVEN_CHECK, CURVE_MONITOR, TENOR_TABLE, INFLATION_SIGNAL,
    INFLATION_RECORD, TIPS_SWITCH, HIKING_CYCLES, METALS,
)  # fmt: skip
