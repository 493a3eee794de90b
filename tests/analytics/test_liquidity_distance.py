"""Liquidity distances on the real H.4.1 / NY Fed files (data/fred), checked against the CSVs."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from _monitor_inputs import LIQ
from _raw import median, raw

from tsy.analytics.liquidity_distance import MEASURES, liquidity_distance


def _inputs(series):
    out = {k: series(v) for k, v in LIQ.items()}
    out["ten_year"] = series("DGS10")
    return out


def test_sofr_ioer_at_distance_one_of_sep_2019(series):
    t = liquidity_distance(_inputs(series), as_of="2019-09-17").table.set_index("measure")
    row = t.loc["sofr_iorb"]
    # SOFR.csv 2019-09-17 = 5.25, IOER.csv = 2.10: +315bp, the Sep 2019 peak
    assert row["value"] == pytest.approx(315.0, abs=1e-6)
    assert row["sep2019_peak_date"].date() == date(2019, 9, 17)
    assert row["sep2019_distance"] == pytest.approx(1.0, abs=1e-12)


def test_baseline_is_the_trailing_250_business_day_median(series):
    t = liquidity_distance(_inputs(series), as_of="2019-09-17").table.set_index("measure")
    sofr, ioer = raw("SOFR"), raw("IOER")
    lo = (date(2019, 9, 17) - timedelta(days=350)).isoformat()
    window = [
        round((sofr[d] - ioer[d]) * 100, 6) for d in sofr if d in ioer and lo <= d < "2019-09-17"
    ]
    assert t.loc["sofr_iorb", "baseline"] == pytest.approx(median(window), abs=1e-9)


def test_distance_is_floored_and_reasons_are_given(series):
    t = liquidity_distance(_inputs(series), as_of="2025-04-11").table.set_index("measure")
    d = t["sep2019_distance"].dropna()
    assert (d >= 0).all()
    # repo spreads are not judged on March 2020; ON RRP has no distance (unused in 2019)
    assert np.isnan(t.loc["sofr_iorb", "mar2020_distance"])
    assert "cash-market" in t.loc["sofr_iorb", "mar2020_note"]
    assert "unused" in t.loc["rrp_buffer", "sep2019_note"]
    assert t.loc["tga", "direction"] == 0 and t.loc["fed_assets", "dimension"] == "driver"
    # reserves rose in March 2020: no distance, a reason
    assert "rose" in t.loc["reserves_share", "mar2020_note"]


def test_march_2020_is_judged_on_the_cash_market(series):
    t = liquidity_distance(_inputs(series), as_of="2020-03-31").table.set_index("measure")
    assert t.loc["tsy_rvol_20d", "mar2020_distance"] >= 0.0
    assert (
        t.loc["tsy_rvol_20d", "mar2020_peak"] > 2 * t.loc["tsy_rvol_20d", "mar2020_peak_baseline"]
    )


def test_reserves_share_is_a_ratio_of_the_h41_files(series):
    t = liquidity_distance(_inputs(series), as_of="2019-09-18").table.set_index("measure")
    # WRESBAL.csv / WALCL.csv on 2019-09-18
    expected = raw("WRESBAL")["2019-09-18"] / raw("WALCL")["2019-09-18"] * 100
    assert t.loc["reserves_share", "value"] == pytest.approx(expected, rel=1e-12)
    assert MEASURES["reserves_share"].direction == -1


def test_missing_inputs_say_missing_not_zero(series):
    t = liquidity_distance({"ten_year": series("DGS10")}).table.set_index("measure")
    assert t.loc["sofr_iorb", "status"] == "missing"
    assert "sofr" in t.loc["sofr_iorb", "missing_roles"]
    assert np.isnan(t.loc["sofr_iorb"].get("value", np.nan))
    assert t.loc["tsy_rvol_20d", "status"] == "ok"
