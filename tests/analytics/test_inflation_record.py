"""The inflation rule's record with base rates, Newey-West errors and a forward-looking call.

Data: ../shared/data/fred CPIAUCNS, DGS5/DFII5, DGS10/DFII10 and EXPINF10YR (Cleveland Fed
10-year expected inflation), through tsy's FRED parser. Newey-West standard errors are checked
against statsmodels (OLS on a constant, HAC covariance, Bartlett kernel, no small-sample
correction), an independent implementation; tolerance 1e-10 relative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tsy.analytics import inflation
from tsy.analytics._stats import newey_west_se

AS_OF = "2026-06-24"


# fixtures cpi, be10: tests/analytics/conftest.py


@pytest.fixture(scope="module")
def rec10(cpi, be10):
    return inflation.ex_post_record(cpi, be10, horizon_years=10, as_of=AS_OF)


@pytest.fixture(scope="module")
def fwd10(cpi, be10, series):
    return inflation.ex_post_record(
        cpi, be10, horizon_years=10, as_of=AS_OF, comparator=series("EXPINF10YR"),
        comparator_label="EXPINF10YR",
    )  # fmt: skip


def test_the_seed_rule_is_kept_as_stated(rec10):
    # Seed 004: trailing CPI inflation above the breakeven -> TIPS. Right = the call's side won.
    e = rec10.entries
    assert (e["signal_pct"] == e["trailing_pct"]).all()
    assert ((e["call"] == "TIPS") == (e["trailing_pct"] > e["breakeven_pct"])).all()
    right = (e["call"] == "TIPS") == (e["realised_pct"] > e["breakeven_pct"])
    assert rec10.stats["hit_rate_pct"] == pytest.approx(right.mean() * 100, abs=1e-9)
    assert "seed" in str(rec10.stats["signal"])


def test_base_rates(rec10):
    # always-TIPS = share of entries where TIPS won; blind calls with the rule's TIPS share p
    # are right p q + (1 - p)(1 - q) of the time (q = always-TIPS), recomputed from the entries.
    e, s = rec10.entries, rec10.stats
    q = (e["realised_pct"] > e["breakeven_pct"]).mean()
    p = (e["call"] == "TIPS").mean()
    assert s["always_tips_pct"] == pytest.approx(q * 100, abs=1e-9)
    assert s["always_nominals_pct"] == pytest.approx((1 - q) * 100, abs=1e-9)
    assert s["calls_tips_pct"] == pytest.approx(p * 100, abs=1e-9)
    assert s["chance_hit_rate_pct"] == pytest.approx((p * q + (1 - p) * (1 - q)) * 100, abs=1e-9)
    diff = (e["right"].astype(float) - e["tips_won"].astype(float)).mean() * 100
    assert s["hit_minus_always_tips_pp"] == pytest.approx(diff, abs=1e-9)


def test_newey_west_lags_cover_the_overlap(rec10):
    # Monthly entries over a 10-year horizon: each window overlaps the next 119 (12 x 10 - 1).
    assert rec10.stats["nw_lags"] == 119


def test_newey_west_matches_statsmodels(rec10):
    sm = pytest.importorskip("statsmodels.api")
    e, s = rec10.entries, rec10.stats
    lags = int(s["nw_lags"])
    for col, key, scale in (
        ("right", "hit_rate_se_pp", 100.0),
        ("tips_won", "always_tips_se_pp", 100.0),
        ("excess_pp", "mean_excess_se_pp", 1.0),
    ):
        x = e[col].astype(float).to_numpy()
        fit = sm.OLS(x, np.ones(len(x))).fit(
            cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": False}
        )
        assert s[key] == pytest.approx(fit.bse[0] * scale, rel=1e-10)
        assert newey_west_se(x, lags) == pytest.approx(fit.bse[0], rel=1e-10)


def test_forward_looking_comparator(fwd10, rec10, series):
    # Entry 2003-01-31: breakeven DGS10 - DFII10 = 4.00 - 2.19 = 1.81 (DGS10.csv, DFII10.csv);
    # the latest EXPINF10YR month released by then (month m used from the 15th of m+1) is
    # 2002-12: 2.3274091 (EXPINF10YR.csv row 2002-12-01) -> above the breakeven: TIPS.
    e = fwd10.entries
    first = e.loc["2003-01-31"]
    assert first["breakeven_pct"] == pytest.approx(1.81, abs=1e-9)
    assert first["signal_pct"] == pytest.approx(2.3274091, abs=1e-9)
    assert first["call"] == "TIPS"
    assert fwd10.stats["signal"] == "EXPINF10YR"
    # Same entries and outcomes as the rule's record; only the calls differ.
    pd.testing.assert_series_equal(e["realised_pct"], rec10.entries["realised_pct"])
    assert ((e["call"] == "TIPS") == (e["signal_pct"] > e["breakeven_pct"])).all()


def test_forward_comparator_has_no_lookahead(cpi, be10, series, fwd10):
    # Changing EXPINF10YR from 2010-01 on must not change any call made before 2010-01-15.
    alt = series("EXPINF10YR").copy()
    alt[alt.index >= "2010-01-01"] += 5.0
    rec = inflation.ex_post_record(
        cpi, be10, horizon_years=10, as_of=AS_OF, comparator=alt, comparator_label="alt"
    )
    before = fwd10.entries.index < "2010-01-15"
    pd.testing.assert_series_equal(
        rec.entries.loc[before, "call"], fwd10.entries.loc[before, "call"]
    )
    # from 2010-02-15 the January 2010 value (+5pp) is known: every call is TIPS
    after = rec.entries.index >= "2010-02-15"
    assert (rec.entries.loc[after, "call"] == "TIPS").all()


def test_summary_labels_each_record(rec10, fwd10):
    assert "trailing CPI" in rec10.summary() and "Newey-West" in rec10.summary()
    assert "always-TIPS" in rec10.summary() and "blind calls" in rec10.summary()
    assert "EXPINF10YR" in fwd10.summary()
