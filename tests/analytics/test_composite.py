"""The composite on the real shared data: calibration targets, freshness rules, as-of replay."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _monitor_inputs import inputs
from _raw import median, raw

from tsy.analytics.composite import PARTS, PartReading, composite, rank_score
from tsy.analytics.stress_parts import build_parts, evaluate, score_history, vol_shock


@pytest.fixture(scope="module")
def parts():
    return build_parts(inputs())


def test_normal_day_scores_zero():
    d = pd.bdate_range("2020-01-01", periods=800)
    rng = np.random.default_rng(0)
    s = rank_score(pd.Series(rng.normal(size=800), index=d))
    assert float(s.median()) == 0.0
    # a run of ties ranks in the middle, not at the top ("at or below" would give 100)
    flat = rank_score(pd.Series(np.ones(800), index=d))
    assert float(flat.max()) == pytest.approx(0.0, abs=1e-9)
    # the highest of n readings scores 100 - 100 / n (mid-rank)
    top = rank_score(pd.Series(np.r_[np.zeros(799), 1.0], index=d))
    assert float(top.iloc[-1]) == pytest.approx(
        100 - 100 / 782, abs=1e-9
    )  # 782 business days in 1,096


def test_calibration_targets(parts):
    me = pd.date_range("2006-01-31", "2025-12-31", freq="BME")
    h = score_history(parts, me)
    assert h["score"].median() < 30
    ep = score_history(parts, ["2020-03-18", "2025-04-10"])
    assert (ep["score"] > 70).all(), ep["score"].to_dict()


def test_the_monitor_day_reading(parts):
    c = evaluate(parts, "2025-04-10")
    assert c.score is not None and c.score > 70
    assert set(c.parts["part"]) == set(PARTS)
    assert c.parts.set_index("part").loc["cross_asset", "status"] == "ok"


def test_not_enough_fresh_data_names_what_is_missing():
    day = pd.Timestamp("2025-04-11")
    r = {p: PartReading(p, "ok", 10.0, 1.0, "", day) for p in PARTS}
    r["liquidity_price"] = PartReading("liquidity_price", "missing")
    c = composite(r, day)
    assert c.score is None and "liquidity_price" in c.message
    assert c.summary().startswith("Stress score: not enough fresh data")
    r = {p: PartReading(p, "ok", 10.0, 1.0, "", day) for p in list(PARTS)[:4]}
    c = composite(r, day)
    assert c.score is None and "missing" in c.message
    old = {p: PartReading(p, "ok", 10.0, 1.0, "", day - pd.Timedelta(days=30)) for p in PARTS}
    c = composite(old, day)
    assert c.score is None and "stale" in c.message


def test_missing_part_is_missing_not_zero(parts):
    c = evaluate(parts, "2008-09-15")  # no CFTC file before 2015: basis trade missing
    row = c.parts.set_index("part").loc["basis_trade"]
    assert row["status"] == "missing" and np.isnan(row["score"])


@pytest.mark.parametrize("day", ["2020-03-18", "2025-04-11"])
def test_as_of_replay_equals_recomputation_with_later_data_deleted(parts, day):
    full = evaluate(parts, day)
    cut = evaluate(build_parts(inputs(cut=day)), day)
    assert full.score == pytest.approx(cut.score, abs=1e-9)
    a = full.parts.set_index("part")
    b = cut.parts.set_index("part")
    assert list(a["status"]) == list(b["status"])
    np.testing.assert_allclose(a["score"].to_numpy(float), b["score"].to_numpy(float), atol=1e-9)


def test_vol_shock_is_move_over_its_trailing_median(series):
    # Rebuilt from data/market/MOVE.csv with the csv module: MOVE 137.26 on 2025-04-11 (row of
    # that date) over the median of the 250 MOVE closes before it.
    ratio, note, until = vol_shock(series("MOVE"), series("DGS10"))
    move = raw("MOVE")
    dates = sorted(move)
    i = dates.index("2025-04-11")
    assert move["2025-04-11"] == pytest.approx(137.26, abs=1e-9)
    expected = move["2025-04-11"] / median([move[d] for d in dates[i - 250 : i]])
    assert ratio.loc["2025-04-11"] == pytest.approx(expected, rel=1e-12)
    # before MOVE's first row (2010-01-08) the 10y's realised volatility stands in, said so
    assert ratio.index[0] < pd.Timestamp(dates[0]) and "before MOVE starts" in note
    assert until is not None and until > pd.Timestamp(dates[0])  # the note stops applying there
    assert not ratio.index.duplicated().any()
    _, alone, _ = vol_shock(None, series("DGS10"))
    assert alone == "MOVE missing: 10y 20-day realised vol"
    empty, why, _ = vol_shock(None, None)
    assert empty.empty and why == "no MOVE and no 10-year yield"
