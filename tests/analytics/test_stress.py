"""Composite stress score from the real analyses (data/fred, data/market)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tsy.analytics.crossasset import cross_asset
from tsy.analytics.stress import PARTS, composite, stress_parts
from tsy.analytics.velocity import velocity
from tsy.analytics.volatility import MOVE_WEIGHTS, bond_volatility

ASOF = "2025-04-10"


@pytest.fixture(scope="module")
def parts(series):
    cut = {i: series(i)[:ASOF] for i in ["SP500", "DGS10", "DTWEXBGS", *MOVE_WEIGHTS, "MOVE"]}
    ca = cross_asset(cut["SP500"], cut["DGS10"], cut["DTWEXBGS"])
    vel = velocity({"DGS10": cut["DGS10"]})
    vol = bond_volatility({i: cut[i] for i in MOVE_WEIGHTS}, cut["MOVE"])
    return stress_parts(crossasset=ca, velocity=vel, volatility=vol)


def test_parts_carry_value_percentile_date(parts):
    p = parts.set_index("part")
    assert list(parts["part"]) == list(PARTS)
    # 2025-04-10 triple fall, score 2.27 (test_crossasset), among the highest scores on record
    assert p.loc["cross_asset", "value"] == pytest.approx(2.27, abs=0.01)
    assert p.loc["cross_asset", "percentile"] > 99.9
    assert p.loc["cross_asset", "date"] == pd.Timestamp(ASOF)
    # MOVE 2025-04-10 from data/market/MOVE.csv is the bond-vol reading
    assert p.loc["bond_vol", "unit"] == "MOVE"


def test_missing_parts_make_it_partial_without_rescaling(parts):
    s = composite(parts, ASOF)
    assert s.status == "partial"
    assert set(s.missing) == {"liquidity_price", "liquidity_quantity", "basis_trade", "auctions"}
    ok = s.parts[s.parts["status"] == "ok"]
    assert len(ok) == 3
    # the score is the plain mean of the three present percentiles, and says partial
    assert s.score == pytest.approx(ok["percentile"].mean(), rel=1e-12)
    assert "PARTIAL: 3 of 7 parts" in s.summary()
    assert "(partial)" in s.verdict


def test_stale_parts_are_listed_and_left_out(parts):
    # 30 days later every daily part is stale (limit 7 days): nothing fresh remains
    s = composite(parts, pd.Timestamp(ASOF) + pd.Timedelta(days=30))
    assert set(s.stale) == {"cross_asset", "velocity", "bond_vol"}
    assert s.status == "empty"
    assert np.isnan(s.score)


def test_complete_when_every_part_fresh():
    p = pd.DataFrame(
        {
            "part": list(PARTS),
            "status": "ok",
            "percentile": [50.0, 70.0, 90.0, 40.0, 60.0, 80.0, 100.0],
            "date": pd.Timestamp("2025-04-10"),
        }
    )
    s = composite(p, "2025-04-11")
    assert s.status == "complete"
    assert s.score == pytest.approx(70.0)
    assert s.verdict == "elevated"
