"""The stress monitor's indicators, declared in the registry (:mod:`tsy.indicators.registry`).

Each declaration names its inputs by role (the only place the monitor's catalogue ids are
spelled), the pure function of :mod:`tsy.analytics` it calls, its unit, stress direction,
staleness limit, en/zh labels, what it feeds and the composite parts it scores
(:data:`tsy.analytics.composite.PARTS`). :func:`tsy.indicators.monitor.run_monitor` reads the
inputs of all of them once, point in time, evaluates each, and assembles the composite from the
results (:func:`tsy.analytics.stress_parts.assemble_parts`).

The adapters below only reshape role-named inputs for the analytics' signatures (preference
lists of levels, tenor maps); they compute nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from tsy.analytics.auction_signals import auction_signals
from tsy.analytics.auctions import OFFICIAL_FIELDS, auction_quality, normalise_official
from tsy.analytics.basis import basis_trade
from tsy.analytics.curves import real
from tsy.analytics.haven import haven
from tsy.analytics.holders import foreign_holders
from tsy.analytics.liquidity import liquidity
from tsy.analytics.liquidity_distance import liquidity_distance
from tsy.analytics.positioning import positioning
from tsy.analytics.speed import velocity_z
from tsy.analytics.stress_parts import vol_shock
from tsy.analytics.term_premium import acm_split
from tsy.indicators.curve_ids import CURVE_TENORS
from tsy.indicators.registry import Indicator, register

__all__ = [
    "CURVE",
    "EQUITY",
    "DOLLAR",
    "MONITOR",
    "PANELS",
    "PARTS_OF",
    "curve_inputs",
    "levels",
]

#: Nominal curve roles -> (catalogue id, tenor label, years).
CURVE: dict[str, tuple[str, str, float]] = {
    "nominal_1m": ("DGS1MO", "1m", 1 / 12), "nominal_3m": ("DGS3MO", "3m", 0.25),
    "nominal_6m": ("DGS6MO", "6m", 0.5), "nominal_1y": ("DGS1", "1y", 1.0),
    "nominal_2y": ("DGS2", "2y", 2.0), "nominal_3y": ("DGS3", "3y", 3.0),
    "nominal_5y": ("DGS5", "5y", 5.0), "nominal_7y": ("DGS7", "7y", 7.0),
    "nominal_10y": ("DGS10", "10y", 10.0), "nominal_20y": ("DGS20", "20y", 20.0),
    "nominal_30y": ("DGS30", "30y", 30.0),
}  # fmt: skip
#: Equity and dollar levels by preference: role -> catalogue id (the id is the display label).
EQUITY: dict[str, str] = {"equity": "SP500", "equity_etf": "SPY"}
DOLLAR: dict[str, str] = {"dollar": "DXY", "dollar_broad": "DTWEXBGS"}
#: Liquidity roles of :func:`tsy.analytics.liquidity_distance.liquidity_distance`.
LIQUIDITY: dict[str, str] = {
    "sofr": "SOFR", "effr": "EFFR", "ioer": "IOER", "iorb": "IORB", "reserves": "WRESBAL",
    "fed_assets": "WALCL", "tga": "WTREGEN", "rrp": "RRPONTSYD", "target": "DFEDTAR",
    "target_upper": "DFEDTARU", "target_lower": "DFEDTARL",
}  # fmt: skip
_CURVE_IDS = {r: i for r, (i, _, _) in CURVE.items()}
_TEN = {"nominal_10y": "DGS10"}


def curve_inputs(kw: Mapping[str, Any], *, min_years: float = 0.0) -> dict[str, pd.Series]:
    """Tenor label -> yields, from the role-named inputs (absent or empty tenors left out)."""
    out: dict[str, pd.Series] = {}
    for role, (_, label, years) in CURVE.items():
        s = kw.get(role)
        if s is not None and len(s.dropna()) and years >= min_years:
            out[label] = s
    return out


def levels(kw: Mapping[str, Any], roles: Mapping[str, str]) -> list[tuple[str, pd.Series | None]]:
    """(display label, levels) by preference, from the role-named inputs."""
    return [(sid, kw.get(role)) for role, sid in roles.items()]


_YEARS = {label: years for _, label, years in CURVE.values()}


def _haven(**kw: Any) -> Any:
    return haven(
        levels(kw, EQUITY),
        kw["nominal_10y"],
        levels(kw, DOLLAR),
        real_10y=kw.get("real_10y"),
        term_premium=kw.get("term_premium"),
    )


def _velocity(**kw: Any) -> Any:
    curve = curve_inputs(kw)
    return velocity_z(curve, _YEARS) if curve else None


def _bond_vol(**kw: Any) -> Any:
    return vol_shock(kw.get("move"), kw.get("nominal_10y"))


def _liquidity(**kw: Any) -> Any:
    roles = {r: kw.get(r) for r in LIQUIDITY}
    if kw.get("nominal_10y") is not None:
        roles["ten_year"] = kw["nominal_10y"]
    return liquidity_distance(roles)


def _basis(**kw: Any) -> Any:
    curve = curve_inputs(kw, min_years=1.5)
    return basis_trade(kw["positions"], {_YEARS[k]: v for k, v in curve.items()})


def _auctions(**kw: Any) -> Any:
    if kw.get("auctions") is None and kw.get("auctions_secondary") is None:
        return None
    return auction_signals(
        kw.get("auctions"),
        secondary=kw.get("auctions_secondary"),
        when_issued=kw.get("when_issued"),
        official=kw.get("auctions_official"),
    )


_AUCTION_TABLES = {
    "auctions": "auctions",
    "auctions_secondary": "auctions_secondary",
    "when_issued": "when_issued",
}
#: The auction analyses read the official table only through ``normalise_official``: 19 of
#: its 115 fields (a whole read was most of an uncached ``tsy monitor``'s store time).
_AUCTION_COLUMNS = {"auctions": OFFICIAL_FIELDS}
#: Both auction analyses start from the official table's metrics: normalised once per monitor.
_AUCTION_DERIVED = {"auctions_official": ("auctions", normalise_official)}

#: The composite's indicators, in the monitor's order.
MONITOR: tuple[Indicator, ...] = (
    register(Indicator(
        "cross_asset", "Haven state (stocks, Treasuries, dollar)", "避险状态（股、债、美元）",
        "sigma", _haven,
        series={**EQUITY, **_TEN, **DOLLAR, "real_10y": "DFII10", "term_premium": "THREEFYTP10"},
        required=("nominal_10y",), direction="up", stale_after_days=7,
        feeds=("monitor.state", "table.monitor_parts"), parts=("cross_asset",),
    )),
    register(Indicator(
        "velocity", "Yield velocity (N-day z)", "收益率变动速度（N日z值）", "sigma", _velocity,
        series=_CURVE_IDS, direction="up", stale_after_days=7,
        feeds=("table.velocity", "table.monitor_parts"), parts=("velocity",),
    )),
    register(Indicator(
        "bond_vol", "Treasury volatility shock", "美债波动率冲击", "ratio", _bond_vol,
        series={"move": "MOVE", **_TEN}, direction="up", stale_after_days=7,
        feeds=("table.monitor_parts",), parts=("bond_vol",),
    )),
    register(Indicator(
        "liquidity", "Dollar liquidity (quantity and price)", "美元流动性（数量与价格）",
        "mixed", _liquidity, series={**LIQUIDITY, **_TEN}, direction="up", stale_after_days=14,
        feeds=("table.liquidity", "table.monitor_parts"),
        parts=("liquidity_price", "liquidity_quantity"),
    )),
    register(Indicator(
        "basis_trade", "Basis trade (leveraged funds, DV01)", "基差交易（杠杆基金，DV01）", "%",
        _basis, series=_CURVE_IDS, tables={"positions": "positions"}, required=("positions",),
        direction="up", stale_after_days=14,
        feeds=("table.positioning", "table.monitor_parts"), parts=("basis_trade",),
    )),
    register(Indicator(
        "auctions", "Auction signals", "拍卖信号", "sigma", _auctions, tables=_AUCTION_TABLES,
        columns=_AUCTION_COLUMNS, derived=_AUCTION_DERIVED, direction="up", stale_after_days=31,
        feeds=("table.auctions", "table.monitor_parts"), parts=("auctions",),
    )),
)  # fmt: skip


def _term_premium(**kw: Any) -> Any:
    return acm_split(kw["term_premium"], kw["expected_path"])


def _positioning(**kw: Any) -> Any:
    series = {r: kw[r] for r in _POSITIONING_SERIES if kw.get(r) is not None}
    return positioning(kw.get("positions"), series, ids=_POSITIONING_SERIES)


def _liquidity_panel(**kw: Any) -> Any:
    return liquidity({r: s for r, s in kw.items() if s is not None}, ids=_LIQ_PANEL)


def _auction_panel(**kw: Any) -> Any:
    if kw.get("auctions") is None and kw.get("auctions_secondary") is None:
        return None
    cmt = {role: kw[role] for role in _CMT if kw.get(role) is not None}
    return auction_quality(
        kw.get("auctions"),
        secondary=kw.get("auctions_secondary"),
        when_issued=kw.get("when_issued"),
        cmt=cmt,
        names=_CMT,
        official=kw.get("auctions_official"),
    )


def _holders(**kw: Any) -> Any:
    return foreign_holders(kw["foreign_holders"])


_POSITIONING_SERIES = {"household": "BOGZ1FL153061105Q", "sofr_volume": "SOFR_VOLUME"}
#: Constant-maturity yields of the auction panel's proxy tail: the nominal curve and the TIPS
#: real yields (roles of :data:`tsy.analytics.auctions.CMT_BY_KIND`; ids name them in
#: ``tail_basis``).
_CMT: dict[str, str] = {
    **_CURVE_IDS,
    **{real(t): rid for t, (_, rid) in CURVE_TENORS.items()},
}
#: Roles of :func:`tsy.analytics.liquidity.liquidity` (the liquidity history panel).
_LIQ_PANEL: dict[str, str] = {
    "reserves": "WRESBAL", "rrp": "RRPONTSYD", "tga": "WTREGEN", "fed_assets": "WALCL",
    "sofr": "SOFR", "effr": "EFFR", "sofr_p99": "SOFR_P99", "tgcr": "TGCR_NYFED",
    "srf_takeup": "SRP_TAKEUP_USD", "ioer": "IOER", "iorb": "IORB",
    "fima_repo": "H41RESPPALGTRFNWW", "repo_others": "WORAL", "discount_window": "WLCFLPCL",
    "soma_treasuries": "TREAST",
}  # fmt: skip

#: Panels shown beside the composite (not scored).
PANELS: tuple[Indicator, ...] = (
    register(Indicator(
        "term_premium_acm", "ACM 10-year term premium", "ACM 10年期期限溢价", "%",
        _term_premium, series={"term_premium": "ACMTP10", "expected_path": "ACMRNY10"},
        required=("term_premium", "expected_path"), stale_after_days=45,
        feeds=("monitor.headline",),
    )),
    register(Indicator(
        "positioning", "Leveraged funds and repo", "杠杆基金与回购", "contracts", _positioning,
        series=_POSITIONING_SERIES, tables={"positions": "positions"}, stale_after_days=14,
        feeds=("chart.positioning", "table.positioning"),
    )),
    register(Indicator(
        "liquidity_panel", "Liquidity history", "流动性历史", "mixed", _liquidity_panel,
        series=_LIQ_PANEL, stale_after_days=14, feeds=("chart.liquidity",),
    )),
    register(Indicator(
        "auction_quality", "Auction ranks", "拍卖排名", "rank", _auction_panel,
        series=_CMT, tables=_AUCTION_TABLES, columns=_AUCTION_COLUMNS, derived=_AUCTION_DERIVED,
        stale_after_days=31,
        feeds=("chart.auctions", "table.auctions"),
    )),
    register(Indicator(
        "foreign_holders", "Foreign holders (TIC)", "海外持有者（TIC）", "USD bn", _holders,
        tables={"foreign_holders": "foreign_holders"}, required=("foreign_holders",),
        stale_after_days=80, feeds=("table.holders",),
    )),
)  # fmt: skip

#: Composite part -> the indicator that scores it.
PARTS_OF: dict[str, str] = {p: ind.name for ind in MONITOR for p in ind.parts}
