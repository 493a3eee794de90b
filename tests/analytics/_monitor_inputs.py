"""The monitor's named inputs built from ../shared/data through tsy's real parsers."""

from __future__ import annotations

from functools import cache

import pandas as pd
from tests.conftest import DATA, load_shared_series

from tsy.analytics.stress_parts import MonitorInputs
from tsy.sources._auction_derived import parse_derived_csv
from tsy.sources.cftc import parse_txt
from tsy.sources.fiscaldata import parse_auctions_csv

CURVE = {"1m": "DGS1MO", "3m": "DGS3MO", "6m": "DGS6MO", "1y": "DGS1", "2y": "DGS2",
         "3y": "DGS3", "5y": "DGS5", "7y": "DGS7", "10y": "DGS10", "20y": "DGS20",
         "30y": "DGS30"}  # fmt: skip
YEARS = {"1m": 1 / 12, "3m": 0.25, "6m": 0.5, "1y": 1.0, "2y": 2.0, "3y": 3.0, "5y": 5.0,
         "7y": 7.0, "10y": 10.0, "20y": 20.0, "30y": 30.0}  # fmt: skip
LIQ = {"sofr": "SOFR", "effr": "EFFR", "ioer": "IOER", "iorb": "IORB", "reserves": "WRESBAL",
       "fed_assets": "WALCL", "tga": "WTREGEN", "rrp": "RRPONTSYD", "target": "DFEDTAR",
       "target_upper": "DFEDTARU", "target_lower": "DFEDTARL"}  # fmt: skip
AUC = DATA / "treasury" / "auctions"
DERIVED = "coupon_auction_metrics_derived_2008-2009_2021_2024-2026_EXCERPT.csv"


@cache
def positions() -> pd.DataFrame:
    files = sorted((DATA / "cftc").glob("tff_futures_only_*.txt"))
    return pd.concat([parse_txt(p.read_bytes()).tables["positions"] for p in files])


@cache
def official_auctions() -> pd.DataFrame:
    files = sorted(AUC.glob("fiscaldata_auctions_query_*.csv"))
    return pd.concat([parse_auctions_csv(p.read_bytes()).tables["auctions"] for p in files])


@cache
def secondary_auctions() -> pd.DataFrame:
    return parse_derived_csv((AUC / DERIVED).read_bytes()).tables["auctions_secondary"]


def _cut(s: pd.Series, d: pd.Timestamp | None, lag: int = 0) -> pd.Series:
    return s if d is None else s[s.index + pd.Timedelta(days=lag) <= d]


def inputs(cut: str | None = None) -> MonitorInputs:
    """All inputs; with ``cut``, everything published after that date deleted."""
    d = pd.Timestamp(cut) if cut else None
    L = load_shared_series
    pos, off, sec = positions(), official_auctions(), secondary_auctions()
    if d is not None:
        # CFTC: Tuesday positions published Friday; H.4.1 Wednesday levels on Thursday
        pos = pos[pd.to_datetime(pos["report_date"]) + pd.Timedelta(days=3) <= d]
        off = off[pd.to_datetime(off["auction_date"]) <= d]
        sec = sec[pd.to_datetime(sec["auction_date"]) <= d]
    weekly = {"WRESBAL", "WALCL", "WTREGEN"}
    return MonitorInputs(
        equity=[("SP500", _cut(L("SP500"), d)), ("SPY", _cut(L("SPY"), d))],
        dollar=[("DXY", _cut(L("DXY"), d)), ("DTWEXBGS", _cut(L("DTWEXBGS"), d))],
        curve={k: _cut(L(v), d) for k, v in CURVE.items()},
        years=YEARS,
        real_10y=_cut(L("DFII10"), d),
        term_premium=_cut(L("THREEFYTP10"), d),
        move=_cut(L("MOVE"), d),
        liquidity={k: _cut(L(v), d, 1 if v in weekly else 0) for k, v in LIQ.items()},
        positions=pos,
        auctions=off,
        auctions_secondary=sec,
    )
