"""Declarations of the stress monitor's indicators (first edition, ported as they were).

Each :func:`tsy.indicators.registry.register` call below is one indicator of ``tsy monitor``:
its inputs by role, the pure function of :mod:`tsy.analytics` it calls, unit, stress
direction, staleness limit (:data:`tsy.analytics.stress.PARTS`), labels and what it feeds. The
monitor (:mod:`tsy.indicators.monitor`) evaluates :data:`MONITOR` in order.

The analytics of the first edition take mappings keyed by catalogue id (``velocity``,
``bond_volatility``, ``liquidity``, ``positioning``, ``auction_quality``); the small adapters
here rebuild those mappings from the role-named inputs, so the numbers are exactly those of the
previous monitor.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from tsy import catalog
from tsy.analytics import stress
from tsy.analytics.auctions import auction_quality
from tsy.analytics.crossasset import cross_asset, splice_equity
from tsy.analytics.holders import foreign_holders
from tsy.analytics.liquidity import liquidity, required_ids
from tsy.analytics.positioning import positioning
from tsy.analytics.stress import PARTS
from tsy.analytics.velocity import VelocityRule, velocity
from tsy.analytics.volatility import MOVE_WEIGHTS, bond_volatility
from tsy.indicators.registry import Indicator, Part, register

__all__ = ["CORE", "MONITOR", "NOMINAL", "REAL"]

#: The core series: its last date in the store is the default as-of date.
CORE = "DGS10"
#: Role -> id of the nominal constant-maturity curve (H.15 / Treasury).
NOMINAL: dict[str, str] = {
    "nominal_1m": "DGS1MO",
    "nominal_3m": "DGS3MO",
    "nominal_6m": "DGS6MO",
    "nominal_1y": "DGS1",
    "nominal_2y": "DGS2",
    "nominal_3y": "DGS3",
    "nominal_5y": "DGS5",
    "nominal_7y": "DGS7",
    "nominal_10y": "DGS10",
    "nominal_20y": "DGS20",
    "nominal_30y": "DGS30",
}
#: Role -> id of the TIPS real constant-maturity curve.
REAL: dict[str, str] = {
    "real_5y": "DFII5",
    "real_7y": "DFII7",
    "real_10y": "DFII10",
    "real_20y": "DFII20",
    "real_30y": "DFII30",
}
_BY_ID = {v: k for k, v in NOMINAL.items()}


def _by_id(roles: Mapping[str, str], given: Mapping[str, Any]) -> dict[str, pd.Series]:
    """Role-named inputs -> the id-keyed mapping the first-edition analytics take."""
    return {roles[r]: s for r, s in given.items() if r in roles and s is not None}


def _cross_asset(*, equity: Any, equity_etf: Any, nominal_10y: pd.Series, dollar: pd.Series) -> Any:
    if equity is None and equity_etf is None:
        return None
    return cross_asset(splice_equity(equity, equity_etf), nominal_10y, dollar)


def _velocity(*, rule: VelocityRule | None = None, **nominal: Any) -> Any:
    return velocity(_by_id(NOMINAL, nominal), rule)


_VOL = {_BY_ID[i]: i for i in MOVE_WEIGHTS}


def _bond_vol(*, move: Any = None, **nominal: Any) -> Any:
    return bond_volatility(_by_id(_VOL, nominal), move)


_LIQ = {i.lower(): i for i in required_ids() if i in catalog.CATALOG}


def _liquidity(**given: Any) -> Any:
    return liquidity(_by_id(_LIQ, given))


_POS = {"household": "BOGZ1FL153061105Q", "sofr_volume": "SOFR_VOLUME"}


def _positioning(*, positions: Any, **given: Any) -> Any:
    return positioning(positions, {r: s for r, s in given.items() if s is not None}, names=_POS)


_CMT = {**NOMINAL, **REAL}


def _part(name: str, reduce: Any) -> Part:
    return Part(name, reduce, PARTS[name])


def _liquidity_price(res: Any) -> dict[str, object]:
    return stress.liquidity_part(res, "price", None)


def _liquidity_quantity(res: Any) -> dict[str, object]:
    return stress.liquidity_part(res, "quantity", "net_liquidity")


def _auctions(*, auctions: Any, secondary: Any, when_issued: Any, **cmt: Any) -> Any:
    if auctions is None and secondary is None:
        return None
    return auction_quality(
        auctions, secondary=secondary, when_issued=when_issued, cmt=_by_id(_CMT, cmt)
    )


MONITOR: tuple[Indicator, ...] = (
    register(
        Indicator(
            "cross_asset",
            "Safe haven: stocks, Treasuries and the dollar falling together",
            "避险属性：股债汇三杀",
            "score",
            _cross_asset,
            series={
                "equity": "SP500",
                "equity_etf": "SPY",
                "nominal_10y": CORE,
                "dollar": "DTWEXBGS",
            },
            required=("nominal_10y", "dollar"),
            direction="up",
            stale_after_days=PARTS["cross_asset"],
            feeds=("chart:triple_fall", "table:triple_fall"),
            parts=(_part("cross_asset", stress.cross_part),),
        )
    ),
    register(
        Indicator(
            "velocity",
            "Yield velocity: N-day rises against the last ten years",
            "收益率上行速度",
            "bp",
            _velocity,
            series=NOMINAL,
            direction="up",
            stale_after_days=PARTS["velocity"],
            feeds=("chart:velocity", "table:velocity"),
            parts=(_part("velocity", stress.velocity_part),),
        )
    ),
    register(
        Indicator(
            "bond_vol",
            "Treasury volatility: MOVE or tsy's realised index",
            "美债波动率（MOVE 或已实现波动率）",
            "bp/yr",
            _bond_vol,
            series={**{_BY_ID[i]: i for i in MOVE_WEIGHTS}, "move": "MOVE"},
            required=tuple(_BY_ID[i] for i in MOVE_WEIGHTS),
            direction="up",
            stale_after_days=PARTS["bond_vol"],
            feeds=("chart:bond_vol",),
            parts=(_part("bond_vol", stress.vol_part),),
        )
    ),
    register(
        Indicator(
            "liquidity",
            "Dollar liquidity: quantity and price against Sep 2019 / Mar 2020",
            "美元流动性：数量与价格（对照2019年9月、2020年3月）",
            "USD bn / bp",
            _liquidity,
            series=_LIQ,
            direction="up",
            stale_after_days=PARTS["liquidity_price"],
            feeds=("chart:liquidity", "table:liquidity"),
            parts=(
                _part("liquidity_price", _liquidity_price),
                _part("liquidity_quantity", _liquidity_quantity),
            ),
        )
    ),
    register(
        Indicator(
            "positioning",
            "Basis trade: leveraged funds' Treasury futures shorts",
            "基差交易：杠杆基金美债期货空头",
            "10y-eq contracts",
            _positioning,
            series=_POS,
            tables={"positions": "positions"},
            direction="up",
            stale_after_days=PARTS["basis_trade"],
            feeds=("chart:positioning", "table:positioning"),
            parts=(_part("basis_trade", stress.basis_part),),
        )
    ),
    register(
        Indicator(
            "auctions",
            "Auction quality: tails, bid-to-cover, dealer take-up",
            "拍卖质量：尾差、投标倍数、一级交易商获配",
            "bp",
            _auctions,
            series=_CMT,
            tables={
                "auctions": "auctions",
                "secondary": "auctions_secondary",
                "when_issued": "when_issued",
            },
            direction="up",
            stale_after_days=PARTS["auctions"],
            feeds=("table:auctions",),
            parts=(_part("auctions", stress.auction_part),),
        )
    ),
    register(
        Indicator(
            "foreign_holders",
            "Foreign holders of Treasuries (TIC)",
            "海外持有美债（TIC）",
            "USD bn",
            foreign_holders,
            tables={"table": "foreign_holders"},
            required=("table",),
            direction="down",
            stale_after_days=None,
            feeds=("table:foreign_holders",),
        )
    ),
)
