"""Curves on the real FRED data in ../shared/data/fred (read through tsy's FRED parser)."""

from __future__ import annotations

import pandas as pd
import pytest

from tsy.analytics import curves
from tsy.errors import InputError
from tsy.indicators.studies_defs import CURVE_MONITOR

#: Role -> FRED id, as the registry declares them (the analytics take the roles).
IDS = dict(CURVE_MONITOR.series)


@pytest.fixture(scope="module")
def data(series):
    return {role: series(i) for role, i in IDS.items()}


def test_the_roles_are_the_analytics_own():
    assert sorted(IDS) == curves.required_roles()


@pytest.mark.parametrize(("tenor", "fred_id"), [(5, "T5YIE"), (10, "T10YIE")])
def test_breakeven_equals_fred_published(data, series, tenor, fred_id):
    # FRED defines T5YIE/T10YIE as BC_nYEAR - TC_nYEAR (series notes); files data/fred/DGS*,
    # DFII*, T*YIE. Measured: 5,873 (5y) and 5,890 (10y) common dates, none beyond 0.01.
    be = curves.breakevens(data, [tenor])[f"be_{tenor}y_pct"]
    res = curves.compare_with_published(be, series(fred_id), tol=0.01)
    assert res["n_common"] > 5800
    assert res["n_beyond_tol"] == 0, res["dates_beyond_tol"][:10]


def test_5y5y_equals_fred_t5yifr(data, series):
    # FRED T5YIFR notes give the annual-compounding formula; data/fred/T5YIFR.csv.
    # Published values are rounded to 0.01, so agreement within 0.005 (+fp) on every date.
    fwd = curves.forward_breakevens(data)["fwd_5y5y_pct"]
    res = curves.compare_with_published(fwd, series("T5YIFR"), tol=0.01)
    assert res["n_common"] > 5800
    assert res["n_beyond_tol"] == 0
    assert res["max_abs_diff"] <= 0.005 + 1e-9


def test_analysts_example_2022_02_11(data):
    # MANIFEST anchor values: DGS10 1.92, DFII10 -0.51, T10YIE 2.43 on 2022-02-11;
    # T5YIE 2.82 and T5YIFR 2.04 that day; DFII7 -0.74 and DGS7 1.92 (data/fred/DGS7.csv).
    day = pd.Timestamp("2022-02-11")
    ten = curves.tenor_frame(data, 10).loc[day]
    assert ten["nominal_pct"] == pytest.approx(1.92, abs=1e-9)
    assert ten["real_pct"] == pytest.approx(-0.51, abs=1e-9)
    assert ten["breakeven_pct"] == pytest.approx(2.43, abs=1e-9)
    assert curves.breakevens(data).loc[day, "be_5y_pct"] == pytest.approx(2.82, abs=1e-9)
    assert curves.forward_breakevens(data).loc[day, "fwd_5y5y_pct"] == pytest.approx(
        2.04, abs=0.005
    )


def test_forward_formula_by_hand():
    # (1.03^10 / 1.02^5)^(1/5) - 1 = 4.0098% (arithmetic), annual compounding as in T5YIFR.
    idx = pd.DatetimeIndex(["2020-01-02"], name="date")
    fwd = curves.forward_breakeven(pd.Series([2.0], idx), pd.Series([3.0], idx), 5, 10)
    assert fwd.iloc[0] == pytest.approx(((1.03**10 / 1.02**5) ** 0.2 - 1) * 100, abs=1e-12)


def test_spreads_are_long_minus_short_in_bp(data):
    # 2022-02-11: DGS10 1.92, DGS2 1.50 (data/fred/DGS2.csv) -> 2s10s = 42bp.
    sp = curves.curve_spreads(data).loc["2022-02-11"]
    assert sp["2s10s_bp"] == pytest.approx(
        (data["nominal_10y"]["2022-02-11"] - data["nominal_2y"]["2022-02-11"]) * 100, abs=1e-9
    )
    assert set(sp.index) == {"3m10y_bp", "2s10s_bp", "5s30s_bp"}


def test_7y_breakeven_reports_dfii7_stale(data):
    # MANIFEST: data/fred/DFII7.csv ends 2022-11-25 (only copy found).
    cov = curves.coverage(data, as_of="2026-06-24", names=IDS)
    assert cov.loc["be_7y", "status"] == "stale"
    assert "DFII7 ends 2022-11-25" in cov.loc["be_7y", "note"]
    assert cov.loc["be_7y", "last"] == pd.Timestamp("2022-11-25")
    assert cov.loc["be_10y", "status"] == "ok"
    mon = curves.curve_monitor(data, as_of="2026-06-24", names=IDS)
    assert mon.table.loc["be_7y", "status"] == "stale"
    assert any("DFII7 ends 2022-11-25" in n for n in mon.notes)
    assert cov.loc["fwd_5y5y", "inputs"] == "DFII10+DFII5+DGS10+DGS5"
    # without names, the notes call the inputs by their roles
    plain = curves.coverage(data, as_of="2026-06-24")
    assert "real_7y ends 2022-11-25" in plain.loc["be_7y", "note"]


def test_missing_input_is_reported_not_guessed(data):
    partial = {k: v for k, v in data.items() if k != "real_20y"}
    cov = curves.coverage(partial, as_of="2026-06-24", names=IDS)
    assert cov.loc["be_20y", "status"] == "missing"
    assert "DFII20 missing" in cov.loc["be_20y", "note"]
    assert "be_20y_pct" not in curves.breakevens(partial)


def test_snapshot_numbers_follow_from_data(data):
    # Level and 1y change of DGS10 as of 2022-02-11 recomputed from the file by hand.
    mon = curves.curve_monitor(data, as_of="2022-02-11", lookback_years=5)
    row = mon.table.loc["nominal_10y"]
    s = data["nominal_10y"]
    assert row["level_pct"] == pytest.approx(1.92, abs=1e-9)
    assert row["chg_1y_bp"] == pytest.approx((1.92 - s.loc[:"2021-02-11"].iloc[-1]) * 100, abs=1e-9)
    window = s.loc["2017-02-12":"2022-02-11"]
    assert row["percentile"] == pytest.approx((window <= 1.92).mean() * 100, abs=1e-9)
    assert row["zscore"] == pytest.approx((1.92 - window.mean()) / window.std(), abs=1e-9)
    assert "fwd_10y10y" in mon.table.index
    assert "Curves as of 2022-02-11" in mon.summary()


def test_bad_tenor_raises(data):
    with pytest.raises(InputError, match="unknown tenor"):
        curves.breakevens(data, [3])
    with pytest.raises(InputError):
        curves.forward_breakeven(pd.Series(dtype=float), pd.Series(dtype=float), 10, 5)
