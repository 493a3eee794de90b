"""Fed hiking cycles and metals vs 10y rates on the real shared data (data/fred/DFEDTAR*.csv,
data/market/GOLDPMUSD.csv, SILVERUSD.csv, data/fred/PCOPPUSDM.csv, DGS10.csv, DFII10.csv)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tsy.analytics import cycles, metals
from tsy.errors import InputError


@pytest.fixture(scope="module")
def cyc(series):
    target = cycles.policy_target(series("DFEDTAR"), series("DFEDTARU"), series("DFEDTARL"))
    return cycles.hiking_cycles(target)


@pytest.fixture(scope="module")
def rates(series):
    return metals.rates_10y(series("DGS10"), series("DFII10"))


@pytest.fixture(scope="module")
def study(series, rates, cyc):
    prices = {
        "gold": series("GOLDPMUSD"),
        "silver": series("SILVERUSD"),
        "copper": series("PCOPPUSDM"),
    }
    return metals.metals_study(prices, rates, cyc.table)


def test_2004_cycle(cyc):
    # FOMC: 17 consecutive 25bp hikes, 1.00% (2004-06-30) to 5.25% (2006-06-29).
    row = cyc.table.loc["2004-06..2006-06"]
    assert row["n_hikes"] == 17
    assert row["start"] == pd.Timestamp("2004-06-30") and row["end"] == pd.Timestamp("2006-06-29")
    assert row["start_upper_pct"] == pytest.approx(1.00, abs=1e-9)
    assert row["end_upper_pct"] == pytest.approx(5.25, abs=1e-9)
    assert row["source"] == "DFEDTAR"  # DFEDTAR.csv ends 2008-12-15, the range starts the day after


def test_2015_cycle(cyc):
    # FOMC: 9 hikes from 0-0.25% (Dec 2015) to 2.25-2.50% (Dec 2018).
    row = cyc.table.loc["2015-12..2018-12"]
    assert row["n_hikes"] == 9
    assert row["end_range"] == "2.25-2.50%"
    assert row["start_range"] == "0.00-0.25%"
    assert row["source"] == "DFEDTARU"


def test_2022_cycle_as_found(cyc):
    # FOMC: 11 hikes 2022-03-16 .. 2023-07-26 to 5.25-5.50% (FRED dates them the day after).
    row = cyc.table.loc["2022-03..2023-07"]
    assert row["n_hikes"] == 11
    assert row["end_range"] == "5.25-5.50%"
    assert row["total_change_bp"] == pytest.approx(525, abs=1e-9)
    assert row["first_cut"] == pd.Timestamp("2024-09-19")


def test_splice_and_pause_handling(cyc):
    # The 2008-12-16 move from the 1.00% target to the 0-0.25% range is a cut, not a gap.
    moves = cyc.moves.set_index("date")["change_bp"]
    assert moves[pd.Timestamp("2008-12-16")] == pytest.approx(-75, abs=1e-9)
    # Every cycle has >= min_hikes hikes and no cut between start and end.
    for r in cyc.table.itertuples():
        inside = moves.loc[r.start : r.end]
        assert (inside > 0).all() and len(inside) == r.n_hikes >= 3
    assert "17 hikes" in cyc.summary()


def test_aligned_levels_match_files(study):
    lv = study.levels["gold"].loc["2022-02-11"]
    # GOLDPMUSD.csv 2022-02-11 = 1831.15; MANIFEST anchors DGS10 1.92, DFII10 -0.51.
    assert lv["gold_usd_oz"] == pytest.approx(1831.15, abs=1e-9)
    assert lv["breakeven_10y_pct"] == pytest.approx(2.43, abs=1e-9)
    cu = study.levels["copper"]
    # Copper is monthly: the rates are the monthly mean of daily DGS10.
    assert cu.index.is_month_start.all()


def test_cycle_levels_2004(study):
    cl = study.cycle_levels.set_index(["cycle", "asset"])
    c = "2004-06..2006-06"
    # Day before the first hike (2004-06-29) and the last hike (2006-06-29), from the files:
    # gold 394.40 -> 589.25, silver 5.89 -> 10.38, DGS10 4.70 -> 5.22, DFII10 2.20 -> 2.61,
    # copper (monthly average) 2004-06 2689.05 -> 2006-06 7222.77.
    assert cl.loc[(c, "gold"), "change"] == pytest.approx((589.25 / 394.4 - 1) * 100, abs=1e-9)
    assert cl.loc[(c, "silver"), "start_level"] == pytest.approx(5.89, abs=1e-12)
    assert cl.loc[(c, "copper"), "end_level"] == pytest.approx(7222.77, abs=1e-9)
    assert cl.loc[(c, "nominal_10y"), "change"] == pytest.approx(52, abs=1e-9)
    assert cl.loc[(c, "real_10y"), "change"] == pytest.approx(41, abs=1e-9)
    assert cl.loc[(c, "breakeven_10y"), "change"] == pytest.approx(11, abs=1e-9)
    # Before TIPS (1994 cycle) the breakeven is missing and says why.
    assert "no breakeven_10y data" in cl.loc[("1994-02..1995-02", "breakeven_10y"), "note"]


def test_betas_are_ols_on_changes(study):
    ch = study.changes["gold"]
    pair = ch[["gold_chg_pct", "real_10y_chg_bp"]].dropna()
    slope = np.polyfit(pair["real_10y_chg_bp"] / 100, pair["gold_chg_pct"], 1)[0]
    row = study.betas.query("metal == 'gold' and regime == 'all' and rate == 'real_10y'").iloc[0]
    assert row["beta_pct_per_100bp"] == pytest.approx(slope, rel=1e-9)
    assert row["corr"] == pytest.approx(pair.corr().iloc[0, 1], abs=1e-12)
    assert row["n"] == len(pair)
    # Weekly gold change = 100 x log ratio of prices on the sampled days.
    lv = study.levels["gold"]["gold_usd_oz"]
    d0, d1 = ch.index[-2], ch.index[-1]
    assert ch.loc[d1, "gold_chg_pct"] == pytest.approx(100 * np.log(lv[d1] / lv[d0]), abs=1e-9)


def test_cycle_correlations(study):
    cc = study.cycle_correlations.set_index(["cycle", "metal", "rate"])
    # 2004-07..2006-06 monthly copper changes inside the cycle: 24.
    assert cc.loc[("2004-06..2006-06", "copper", "real_10y"), "n"] == 24
    assert cc["corr"].dropna().between(-1, 1).all()
    assert "cycle 2022-03..2023-07" in study.summary()


def test_rolling_correlations_bounded(study):
    roll = study.rolling["silver"]
    assert roll.dropna(how="all")["corr_real_10y"].dropna().between(-1, 1).all()


def test_bad_metal(rates, series):
    with pytest.raises(InputError, match="unknown metal"):
        metals.metals_study({"platinum": series("GOLDPMUSD")}, rates)
