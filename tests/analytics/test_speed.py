"""Velocity z-scores on the real DGS files (data/fred), checked against the raw CSVs."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from _monitor_inputs import CURVE, YEARS
from _raw import raw, stdev

from tsy.analytics.speed import BUCKETS, bucket_of, velocity_z, z_moves


@pytest.fixture(scope="module")
def vel(series):
    return velocity_z({k: series(v) for k, v in CURVE.items()}, YEARS)


@pytest.mark.parametrize(
    ("day", "tenor", "direction"),
    [
        # DGS10.csv: 4.01 (2025-04-04) -> 4.34 (04-09), 4.42 (04-10), 4.48 (04-11)
        ("2025-04-09", "10y", "rise"),
        ("2025-04-10", "10y", "rise"),
        ("2025-04-11", "10y", "rise"),
        # DGS10.csv: 0.73 (2020-03-16) -> 1.12 (2020-03-19)
        ("2020-03-19", "10y", "rise"),
        # DGS2.csv: 4.60 (2023-03-10) -> 4.03 (2023-03-13): SVB
        ("2023-03-13", "2y", "fall"),
    ],
)
def test_must_fire(vel, day, tenor, direction):
    a = vel.alerts
    hit = a[(a["date"] == day) & (a["tenor"] == tenor)]
    assert len(hit), f"no {tenor} alert on {day}"
    assert set(hit["direction"]) == {direction}


def test_no_rule_alerts_on_more_than_ten_percent_of_any_year(vel):
    t = vel.alert_days_per_year()
    full = t[(t["year"] >= 2006) & (t["year"] <= 2025)]
    worst = full.loc[full["pct_days"].idxmax()]
    assert worst["pct_days"] <= 10.0, worst.to_dict()


def _z_raw(sid: str, day: str, n: int) -> float:
    s = raw(sid)
    dates = sorted(s)
    i = dates.index(day)
    diffs = [round((s[dates[j]] - s[dates[j - 1]]) * 100, 6) for j in range(i - 250, i)]
    chg = (s[day] - s[dates[i - n]]) * 100
    return chg / (stdev(diffs) * math.sqrt(n))


@pytest.mark.parametrize(
    ("sid", "day", "n"), [("DGS10", "2025-04-11", 5), ("DGS2", "2023-03-13", 3)]
)
def test_z_equals_an_independent_computation(series, sid, day, n):
    z = z_moves(series(sid))
    assert z.loc[day, f"z{n}"] == pytest.approx(_z_raw(sid, day, n), rel=1e-9)


def test_bills_apart_and_thresholds():
    assert bucket_of(0.25) == "bills" and bucket_of(1.0) == "bills"
    assert BUCKETS["bills"][1] > BUCKETS["front"][1] > BUCKETS["long"][1]


def test_episode_line_names_breadth_and_shape(vel):
    e = vel.episodes
    april = e[(e["start"] <= "2025-04-11") & (e["end"] >= "2025-04-09")]
    assert len(april) == 1
    row = april.iloc[0]
    assert row["direction"] == "bear" and row["breadth"] >= 4
    svb = e[(e["start"] <= "2023-03-13") & (e["end"] >= "2023-03-13")].iloc[0]
    # DGS2.csv 4.60 -> 4.03 (-57bp), DGS10.csv 3.70 -> 3.55 (-15bp) on 2023-03-13: bull steepener
    assert svb["direction"] == "bull" and svb["shape"] == "steepener"
    lines = vel.lines(since="2025-04-09", k=1)
    assert lines and "tenor(s)" in lines[0]


def test_latest_rows_carry_sigma_and_sign(vel):
    lt = vel.latest.set_index(["tenor", "horizon"])
    assert (lt["sigma_bp"] > 0).all()
    assert lt["date"].max() == pd.Timestamp(sorted(raw("DGS10"))[-1])
