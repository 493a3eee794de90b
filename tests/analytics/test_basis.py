"""Basis trade on the real CFTC TFF files (data/cftc) and DGS curve (data/fred)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from _monitor_inputs import positions
from _raw import raw

from tsy.analytics.basis import CONTRACTS, basis_trade, contract_dv01


def _curve(series):
    ids = {2.0: "DGS2", 3.0: "DGS3", 5.0: "DGS5", 7.0: "DGS7", 10.0: "DGS10", 20.0: "DGS20",
           30.0: "DGS30"}  # fmt: skip
    return {k: series(v) for k, v in ids.items()}


@pytest.fixture(scope="module")
def res(series):
    return basis_trade(positions(), _curve(series))


def _price(coupon: float, y: float, n: int) -> float:
    """Price per 100 on a coupon date, n half-years left (textbook annuity formula)."""
    v = 1.0 / (1.0 + y / 200.0)
    return sum(coupon / 2.0 * v**k for k in range(1, n + 1)) + 100.0 * v**n


@pytest.mark.parametrize(("contract", "years"), [("10y", 6.5), ("ultrabond", 25.0)])
def test_contract_dv01_equals_the_annuity_formula(contract, years):
    # CTD yield 1.20 % and 4.90 % (round numbers); coupon floored to 1/8; settlement on a
    # coupon date because the term is a whole number of half-years.
    d = pd.DatetimeIndex(["2020-03-10", "2023-10-17"])
    y = pd.Series([1.20, 4.90], index=d)
    out = contract_dv01(contract, y)
    n = int(years * 2)
    for i, yy in enumerate(y):
        c = math.floor(yy * 8) / 8
        dv01 = (_price(c, yy - 0.005, n) - _price(c, yy + 0.005, n)) / 1.0  # per 1bp per 100
        cf = _price(c, 6.0, n) / 100.0
        expected = dv01 * CONTRACTS[contract].face_usd / 100.0 / cf
        assert out["cf"].iloc[i] == pytest.approx(cf, rel=1e-9)
        assert out["dv01_usd"].iloc[i] == pytest.approx(expected, rel=1e-6)


def test_dv01_moves_with_yields(res):
    by = res.by_contract.set_index(["contract", "report_date"])["dv01_usd"]
    # ultra bond: yields near 1.3 % in March 2020 and near 5 % in October 2023 (DGS20/DGS30;
    # tff_futures_only_2023_to1010.txt ends 2023-10-10)
    lo = by.loc[("ultrabond", pd.Timestamp("2020-03-10"))]
    hi = by.loc[("ultrabond", pd.Timestamp("2023-10-10"))]
    assert lo / hi > 2.0


def test_net_short_from_the_cftc_file(res):
    # MANIFEST: 10-year note leveraged short 2,070,536 on 2025-04-29; the long 237,175 is in the
    # same row of tff_futures_only_2025_to0429.txt (see test_positioning)
    row = res.by_contract.set_index(["contract", "report_date"]).loc[
        ("10y", pd.Timestamp("2025-04-29"))
    ]
    assert row["net_short"] == pytest.approx(2_070_536 - 237_175, abs=0.5)
    # DV01 weighting: level = sum of net short * contract DV01 over the six contracts
    day = res.by_contract[res.by_contract["report_date"] == "2025-04-29"]
    total = float((day["net_short"] * day["dv01_usd"]).sum())
    assert res.history.loc["2025-04-29", "net_short_dv01_usd"] == pytest.approx(total, rel=1e-12)
    assert len(day) == 6
    # the CTD yield is read from the curve: the 10y contract's 6.5y CTD, 3/4 of the way from
    # DGS5 to DGS7 (DGS5.csv, DGS7.csv on 2025-04-29)
    y5, y7 = raw("DGS5")["2025-04-29"], raw("DGS7")["2025-04-29"]
    assert row["ctd_yield_pct"] == pytest.approx(y5 + 0.75 * (y7 - y5), abs=1e-12)


def test_march_2020_reads_as_an_unwind(res):
    h = res.history
    # The issue: 4.23m -> 2.91m 10y-equivalents (-31 %) over March 2020
    assert h.loc["2020-03-31", "unwind_4w_pct"] > 15.0
    assert h.loc["2020-03-31", "net_short_dv01_usd"] < h.loc["2020-03-03", "net_short_dv01_usd"]
    # and it is the largest 4-week unwind of 2020 up to then
    ytd = h.loc["2020-01-01":"2020-03-31", "unwind_4w_pct"]
    assert ytd.idxmax() == pd.Timestamp("2020-03-31")


def test_unwind_values_old_positions_at_todays_dv01(res):
    by = res.by_contract
    now = by[by["report_date"] == "2020-03-31"].set_index("contract")
    then = by[by["report_date"] == "2020-03-03"].set_index("contract")
    expected = ((then["net_short"] - now["net_short"]) * now["dv01_usd"]).sum() / (
        then["net_short"] * now["dv01_usd"]
    ).sum()
    assert res.history.loc["2020-03-31", "unwind_4w_pct"] == pytest.approx(expected * 100, rel=1e-9)


@pytest.mark.parametrize("cut", ["2006-02-15", "2019-09-20", None])
def test_curve_on_report_dates_is_the_aligned_curve_carried_five_rows(series, cut):
    # The definition: the tenors aligned on the union of their dates and the report dates,
    # each carried forward at most 5 rows (pandas' ffill(limit=5)), read on the report dates.
    # DGS20 (1993-) and DGS30 (gap 2002-02 to 2006-02) leave holes to carry over or not.
    from tsy.analytics.basis import _curve_on

    curve = {k: (v if cut is None else v.loc[:cut]) for k, v in _curve(series).items()}
    dates = pd.DatetimeIndex(sorted(pd.to_datetime(positions()["report_date"]).unique()))
    dates = dates.union(pd.DatetimeIndex(["2002-02-19", "2006-02-10", "2019-09-21"]))
    aligned = pd.DataFrame(curve).sort_index()
    want = aligned.reindex(aligned.index.union(dates)).ffill(limit=5).reindex(dates)
    pd.testing.assert_frame_equal(_curve_on(curve, dates), want, check_exact=True)
