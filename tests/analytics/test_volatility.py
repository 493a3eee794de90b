"""Bond volatility on the real data (data/fred DGS2/5/10/30, data/market/MOVE)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tsy.analytics.volatility import MOVE_WEIGHTS, bond_volatility, realised_vol_index
from tsy.errors import InputError

IDS = list(MOVE_WEIGHTS)


@pytest.fixture(scope="module")
def res(series):
    return bond_volatility({i: series(i) for i in IDS}, series("MOVE"))


def test_alternating_moves_give_known_vol():
    # +-10bp alternating changes: the 20 changes have mean 0 (10 of each sign), so the sample sd
    # is 10 * sqrt(20/19) bp; annualised by sqrt(252) -> 162.87bp (closed form). Equal yields in
    # every tenor give the same value for the weighted index; tolerance 1e-9.
    idx = pd.DatetimeIndex(pd.bdate_range("2024-01-01", periods=21), name="date")
    y = pd.Series(4.0 + 0.1 * (np.arange(21) % 2), index=idx)
    out = realised_vol_index({i: y for i in IDS})
    expected = 10 * np.sqrt(20 / 19) * np.sqrt(252)
    assert out["TSYRVOL"].iloc[-1] == pytest.approx(expected, abs=1e-9)
    assert out["TSYRVOL"].iloc[:-1].isna().all()


def test_weights_are_move_weights_and_checked():
    # ICE BofA MOVE: 2y 20 %, 5y 20 %, 10y 40 %, 30y 20 % (index methodology)
    assert MOVE_WEIGHTS == {"DGS2": 0.2, "DGS5": 0.2, "DGS10": 0.4, "DGS30": 0.2}
    with pytest.raises(InputError, match="sum to 1"):
        realised_vol_index({}, weights={"DGS10": 0.5})
    with pytest.raises(InputError, match="missing yield series"):
        realised_vol_index({"DGS10": pd.Series([1.0])})


def test_missing_tenor_day_is_nan_not_reweighted(series):
    ys = {i: series(i) for i in IDS}
    ys["DGS30"] = ys["DGS30"].drop(pd.Timestamp("2025-04-11"))
    out = realised_vol_index(ys)
    assert np.isnan(out.loc["2025-04-11", "TSYRVOL"])
    assert not np.isnan(out.loc["2025-04-10", "TSYRVOL"])


def test_real_index_tracks_move(res):
    # Measured on data/market/MOVE.csv and the DGS files: 4,060 common days 2010-2026, level
    # correlation 0.85; the realised index peaks in March 2020 above 190bp (10y daily moves of
    # 20-30bp, data/fred/DGS10.csv 2020-03-09..03-19).
    lt = res.latest
    assert lt["n_common"] > 4000
    assert lt["corr_levels"] == pytest.approx(0.85, abs=0.05)
    assert res.index.loc["2020-03-18", "TSYRVOL"] > 190
    # April 2025: MOVE 137.26 on 2025-04-11 (data/market/MOVE.csv row), realised about 120bp
    assert res.index.loc["2025-04-11", "MOVE"] == pytest.approx(137.26, abs=1e-9)
    assert 100 < res.index.loc["2025-04-11", "TSYRVOL"] < 140


def test_without_move(series):
    r = bond_volatility({i: series(i)[:"2025-04-11"] for i in IDS})
    assert r.latest["MOVE"] is None
    assert r.latest["date"] == pd.Timestamp("2025-04-11")
    assert "not in the store" in r.summary()
