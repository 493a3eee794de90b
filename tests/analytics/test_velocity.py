"""Yield velocity on the real DGS files in data/fred (official closes, H.15)."""

from __future__ import annotations

import pandas as pd
import pytest

from tsy.analytics._stats import percentile_rank
from tsy.analytics.velocity import VelocityRule, nday_change_bp, velocity
from tsy.errors import InputError


@pytest.fixture(scope="module")
def res10(series):
    return velocity({"DGS10": series("DGS10")})


@pytest.mark.parametrize(
    ("day", "horizon", "bp"),
    [
        # data/fred/DGS10.csv: 2025-04-04 4.01 -> 2025-04-09 4.34 (3 trading days)
        ("2025-04-09", 3, 33.0),
        # 2025-04-04 4.01 -> 2025-04-11 4.48 (5 trading days); MANIFEST anchor values
        ("2025-04-11", 5, 47.0),
        # 2020-03-16 0.73 -> 2020-03-19 1.12 (3 trading days)
        ("2020-03-19", 3, 39.0),
    ],
)
def test_10y_alerts_fire_on_official_closes(res10, day, horizon, bp):
    a = res10.alerts
    row = a[(a["date"] == day) & (a["horizon"] == horizon) & (a["series_id"] == "DGS10")]
    assert len(row) == 1
    assert row["change_bp"].iloc[0] == pytest.approx(bp, abs=1e-6)
    assert row["change_bp"].iloc[0] > row["threshold_bp"].iloc[0]


def test_no_alert_on_a_tie_from_float_noise(res10):
    # 2025-04-04 4.01 -> 04-07 4.15 is exactly 14bp, equal to (not above) the 99th percentile
    # of the previous 10 years' daily changes (14bp); float noise must not make it fire.
    a = res10.alerts
    assert a[(a["date"] == "2025-04-07") & (a["horizon"] == 1)].empty


def test_as_of_view_and_percentiles(series):
    r = velocity({"DGS10": series("DGS10")[:"2025-04-11"]})
    row = r.latest.set_index("horizon").loc[5]
    assert row["date"] == pd.Timestamp("2025-04-11")
    assert bool(row["alert"])
    assert row["change_bp"] == pytest.approx(47.0, abs=1e-6)
    # +47bp in 5 days is beyond the 99th percentile since 1962 and of the last 10 years
    assert row["pct_all"] > 99.0
    assert row["pct_recent"] > 99.0
    assert r.firing["horizon"].tolist() == [5]


def test_thresholds_use_past_data_only(series):
    full = velocity({"DGS10": series("DGS10")}).alerts
    cut = velocity({"DGS10": series("DGS10")[:"2020-03-19"]}).alerts
    a = full[full["date"] <= "2020-03-19"].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, cut.reset_index(drop=True))


def test_rule_and_helpers():
    # percentile_rank: 3 of 4 values at or below 3 -> 75 (definition)
    assert percentile_rank(pd.Series([1.0, 2.0, 3.0, 4.0]), 3.0) == pytest.approx(75.0)
    idx = pd.DatetimeIndex(pd.bdate_range("2020-01-01", periods=4), name="date")
    s = pd.Series([1.0, 1.1, 1.3, 1.6], index=idx)
    assert nday_change_bp(s, 2).dropna().tolist() == pytest.approx([30.0, 50.0], abs=1e-9)
    with pytest.raises(InputError, match="quantile"):
        VelocityRule(quantile=1.5)
    with pytest.raises(InputError, match="direction"):
        VelocityRule(direction="up")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="no yield"):
        velocity({})
