"""The composite on the real shared data: calibration targets, freshness rules, as-of replay."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _monitor_inputs import inputs
from _raw import median, raw

from tsy.analytics.composite import PARTS, SCALES, PartReading, Scale, combine, composite
from tsy.analytics.liquidity_distance import MEASURES
from tsy.analytics.stress_parts import build_parts, evaluate, score_history, vol_shock


@pytest.fixture(scope="module")
def parts():
    return build_parts(inputs())


def test_a_normal_day_scores_zero_on_the_fixed_scale():
    # The definition (composite module docstring): 100 * clip((v - normal) / (full - normal)).
    sc = Scale(2.5, 5.5).score(pd.Series([0.0, 2.5, 4.0, 5.5, 9.0]))
    assert sc.tolist() == [0.0, 0.0, 50.0, 100.0, 100.0]
    # every part's scale starts above its quiet values: an all-quiet reading is exactly 0
    quiet = {p: 0.0 for p in PARTS}
    assert combine(quiet) == 0.0
    assert all(s.full > s.normal and 0 < s.weight <= 1 for s in SCALES.values())


def test_the_composite_is_a_noisy_or_of_weighted_part_scores():
    # by hand: 1 - (1 - 0.5)(1 - 0.5) = 0.75; a slow part alone gives at most its weight
    assert combine({"cross_asset": 50.0, "velocity": 50.0}) == pytest.approx(75.0)
    assert combine({"auctions": 100.0}) == pytest.approx(100 * SCALES["auctions"].weight)
    w = SCALES["basis_trade"].weight
    expected = 100 * (1 - (1 - 0.8) * (1 - w * 0.5))
    assert combine({"velocity": 80.0, "basis_trade": 50.0}) == pytest.approx(expected)


def test_calibration_targets(parts):
    me = pd.date_range("2006-01-31", "2025-12-31", freq="BME")
    h = score_history(parts, me)
    assert h["score"].median() < 30
    ep = score_history(parts, ["2020-03-18", "2025-04-10"])
    assert (ep["score"] > 70).all(), ep["score"].to_dict()


def test_what_a_strategist_would_quote(parts):
    # The first edition re-ranked the mean part score against its trailing three years: Lehman's
    # 2008-09-15 read 0 after a stressed year, SVB's 2023-03-13 49, and the month-ends of Q4 2025
    # (repo spreads up, every market part quiet) 85-96. On fixed scales:
    ep = score_history(parts, ["2008-09-15", "2023-03-13"])["score"]
    assert (ep >= 70).all(), ep.to_dict()
    q4 = score_history(parts, ["2025-09-30", "2025-10-31", "2025-11-28"])
    assert (q4["score"] < 40).all(), q4["score"].to_dict()
    assert (q4[["cross_asset", "velocity", "bond_vol"]] == 0).all().all()
    assert (q4["liquidity_price"] > 0).any()  # the repo tightness is seen, as a part


def test_effr_above_target_on_lehman_day_from_the_csv_files(parts):
    # EFFR.csv 2008-09-15 = 2.64, DFEDTAR.csv = 2.0: +64bp; baseline = median of the spread over
    # the 350 calendar days before (csv module, no tsy code); scale 5/40bp (MEASURES docstring).
    effr, tgt = raw("EFFR"), raw("DFEDTAR")
    assert effr["2008-09-15"] == 2.64 and tgt["2008-09-15"] == 2.0
    spread = {d: round((effr[d] - tgt[d]) * 100, 6) for d in effr if d in tgt}
    window = [v for d, v in spread.items() if "2007-09-01" <= d < "2008-09-15"]
    dev = spread["2008-09-15"] - median(window)
    scale = MEASURES["effr_target"].scale
    lo, hi = scale.normal, scale.full
    expected = min(100.0, max(0.0, 100 * (dev - lo) / (hi - lo)))
    got = scale.score(parts.liquidity.deviation("effr_target"))
    assert got.loc["2008-09-15"] == pytest.approx(expected, abs=1e-9)
    assert expected == 100.0  # 64bp above target, against a baseline of a few bp
    assert parts.scores["liquidity_price"].loc["2008-09-15"] == pytest.approx(100.0)


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
