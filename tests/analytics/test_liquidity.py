"""Liquidity by quantity and price on the real FRED files in data/fred."""

from __future__ import annotations

import contextlib

import pandas as pd
import pytest

from tsy.analytics.liquidity import admin_rate, liquidity, net_liquidity, required_roles
from tsy.indicators.monitor_defs import PANELS

#: Role -> catalogue id, as the liquidity panel declares them (tsy.indicators.monitor_defs).
IDS = next(p for p in PANELS if p.name == "liquidity_panel").series


@pytest.fixture(scope="module")
def data(series):
    out = {}
    for role in required_roles():
        # SOFR_P99, TGCR_NYFED, SRP_TAKEUP_USD, WORAL, ... are not in the shared data
        with contextlib.suppress(FileNotFoundError):
            out[role] = series(IDS[role])
    return out


def _cut(data, as_of):
    return {k: v[:as_of] for k, v in data.items()}


def test_units_and_net_liquidity(data):
    # data/fred rows for Wednesday 2025-04-09: WALCL 6,727,416 (USD mn), WTREGEN 306,049
    # (USD mn), RRPONTSYD 98.531 (USD bn, 2025-04-09) -> 6,727.416 - 306.049 - 98.531 bn.
    nl = net_liquidity(data["fed_assets"], data["tga"], data["rrp"])
    row = nl.loc["2025-04-09"]
    assert row["assets_bn"] == pytest.approx(6727.416, abs=1e-6)
    assert row["tga_bn"] == pytest.approx(306.049, abs=1e-6)
    assert row["net_liquidity_bn"] == pytest.approx(6727.416 - 306.049 - row["rrp_bn"], abs=1e-9)
    assert row["rrp_bn"] == pytest.approx(float(data["rrp"]["2025-04-09"]), abs=1e-9)


def test_admin_rate_switches_on_2021_07_29(data):
    # Board of Governors: IORB replaced IOER and IORR on 2021-07-29 (data/fred/IOER.csv ends
    # 2021-07-28, IORB.csv starts 2021-07-29; both 0.15 %).
    r = admin_rate(data["ioer"], data["iorb"])
    assert r["2021-07-28"] == pytest.approx(0.15)
    assert r["2021-07-29"] == pytest.approx(0.15)
    assert r.index.is_unique


@pytest.mark.parametrize(
    ("as_of", "measure", "value", "episode"),
    [
        # 2019-09-17: SOFR 5.25 % vs IOER 2.10 % (data/fred SOFR.csv, IOER.csv) -> +315bp;
        # EFFR 2.30 % -> +20bp
        ("2019-09-17", "sofr_iorb", 315.0, "sep2019"),
        ("2019-09-17", "effr_iorb", 20.0, "sep2019"),
        # 2020-03-17: SOFR 0.54 % vs IOER 0.10 % (same files) -> +44bp
        ("2020-03-17", "sofr_iorb", 44.0, "mar2020"),
    ],
)
def test_episode_days_are_at_their_extreme(data, as_of, measure, value, episode):
    t = liquidity(_cut(data, as_of), ids=IDS).table.set_index("measure")
    row = t.loc[measure]
    assert row["date"] == pd.Timestamp(as_of)
    assert row["value"] == pytest.approx(value, abs=1e-6)
    assert row[f"{episode}_fraction"] == pytest.approx(1.0, abs=1e-12)
    assert row["stress_pct"] > 98.9


def test_today_distance_is_computed(data):
    # 2025-04-11: SOFR 4.33 - IORB 4.40 = -7bp; the median of SOFR - IORB since 2018 is -7bp
    # too (measured), and the September 2019 extreme is +315bp, so the fraction is ~0.
    t = liquidity(_cut(data, "2025-04-11"), ids=IDS).table.set_index("measure")
    row = t.loc["sofr_iorb"]
    assert row["value"] == pytest.approx(-7.0, abs=1e-6)
    expected = (row["value"] - row["median"]) / (315.0 - row["median"])
    assert row["sep2019_fraction"] == pytest.approx(expected, rel=1e-12)
    assert abs(row["sep2019_fraction"]) < 0.05
    # reserves (baseline zero): ratio to the Sep 2019 low, WRESBAL 1,394,122 on 2019-09-18
    res = t.loc["reserves"]
    assert res["sep2019_extreme"] == pytest.approx(1394.122, abs=1e-6)
    assert res["sep2019_date"] == pd.Timestamp("2019-09-18")
    assert res["sep2019_fraction"] == pytest.approx(res["value"] / 1394.122, rel=1e-12)


def test_missing_series_reported_never_faked(data):
    r = liquidity(_cut(data, "2025-04-11"), ids=IDS)
    t = r.table.set_index("measure")
    for m in ("sofr99_sofr", "tgcr_iorb", "standing_repo"):
        assert t.loc[m, "status"] == "missing"
        assert pd.isna(t.loc[m, "value"])
    assert set(r.backstop["status"]) == {"missing"}
    assert "WORAL" in r.missing
    assert "missing:" in r.summary()
    # the outputs name the series by their catalogue ids (the declaration's), never by role
    assert t.loc["sofr_iorb", "inputs"] == "SOFR,IOER|IORB"
    assert t.loc["net_liquidity", "inputs"] == "WALCL,WTREGEN,RRPONTSYD"
    assert t.loc["tgcr_iorb", "missing_inputs"] == "TGCR_NYFED"
    anonymous = liquidity(_cut(data, "2025-04-11")).table.set_index("measure")
    assert anonymous.loc["sofr_iorb", "inputs"] == "sofr,ioer|iorb"
