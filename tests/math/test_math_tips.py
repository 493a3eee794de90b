"""TIPS: 31 CFR 356 Appendix B I.B and III examples, and the Treasury's TIPS auction results.

Appendix B numbers are from the codified text (GovInfo CFR-2025 title 31 vol. 2, part 356,
Appendix B): I.B.3 (reference CPI, index ratio), I.B.5 (interest payment), III.A and III.B.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tsy.errors import InputError
from tsy.math import tips

CPI_1996 = pd.Series([154.40, 154.90], index=pd.to_datetime(["1996-01-01", "1996-02-01"]))


def test_i_b3_reference_cpi():
    # App. B I.B.3 (ii)-(iii): Ref CPI April 15, 1996 = 154.40 + (14/30)(154.90 - 154.40)
    # = 154.633333333 -> truncated 154.633333 -> rounded 154.63333 (Jan/Feb 1996 CPI-U NSA).
    assert tips.reference_cpi("1996-04-15", CPI_1996) == pytest.approx(154.63333, abs=1e-9)
    # I.B.3 (iv): Ref CPI April 16, 1996 = 154.65000.
    assert tips.reference_cpi("1996-04-16", CPI_1996) == pytest.approx(154.65, abs=1e-9)
    # First of the month: the CPI of the third preceding month (April 1 -> January).
    assert tips.reference_cpi("1996-04-01", CPI_1996) == pytest.approx(154.40, abs=1e-9)


def test_i_b3_index_ratio():
    # App. B I.B.3 (iv): 154.65000 / 154.63333 = 1.000107803 -> 1.000107 -> 1.00011.
    assert tips.index_ratio(154.65, 154.63333) == pytest.approx(1.00011, abs=1e-12)


def test_i_b5_interest_payment():
    # App. B I.B.5: 3 7/8% TIPS, Ref CPI 164 at issue and 166.2 on 1999-07-15: adjusted principal
    # $101,341 per $100,000 and a payment of $1,963.48.
    ratio = tips.index_ratio(166.2, 164)
    assert tips.adjusted_principal(ratio, 100_000) == pytest.approx(101_341, abs=1e-6)
    assert round(tips.tips_coupon_payment(3.875, ratio, 100_000), 2) == pytest.approx(1963.48)


def test_coupon_on_adjusted_principal_below_par_and_deflation_floor():
    # Appendix C I.A / section 356.30(b): interest follows the adjusted principal even below par;
    # principal at maturity is max(adjusted principal, par).
    assert tips.tips_coupon_payment(2.0, 0.98) == pytest.approx(0.98, rel=1e-15)
    np.testing.assert_allclose(tips.principal_at_maturity([0.97, 1.0, 1.25]), [100, 100, 125])


def test_iii_a_price_at_issue():
    # App. B III.A: 3 7/8% 10-year TIPS issued 1999-01-15 at 3.898% real, index ratio 1
    # -> P = 99.811030, A = 0, SA = 99.811030.
    r = tips.tips_price(
        3.875, 3.898, "1999-01-15", "2009-01-15", "1999-01-15", index_ratio=1.0,
        convention="treasury", round_like_treasury=True,
    )  # fmt: skip
    assert r.real_clean == pytest.approx(99.811030, abs=1e-9)
    assert r.real_accrued == pytest.approx(0.0, abs=1e-12)
    assert r.settlement_amount == pytest.approx(99.811030, abs=1e-9)
    assert r.convention == "treasury"


def test_iii_b_reopening():
    # App. B III.B: 3 5/8% 10-year TIPS dated 1998-01-15, reopened 1998-10-15 at 3.65%, Ref CPI
    # 161.55484 (base) and 163.29032 -> ratio 1.01074; P = 99.797017, P_adj = 100.868837,
    # A = 0.906250, A_adj = 0.915983, SA = 101.784820.
    ratio = tips.index_ratio(163.29032, 161.55484)
    assert ratio == pytest.approx(1.01074, abs=1e-12)
    r = tips.tips_price(
        3.625, 3.65, "1998-10-15", "2008-01-15", "1998-01-15", index_ratio=ratio,
        convention="treasury", round_like_treasury=True,
    )  # fmt: skip
    assert r.real_clean == pytest.approx(99.797017, abs=1e-9)
    assert r.adjusted_price == pytest.approx(100.868837, abs=1e-9)
    assert r.real_accrued == pytest.approx(0.906250, abs=1e-9)
    assert r.adjusted_accrued == pytest.approx(0.915983, abs=1e-9)
    assert r.settlement_amount == pytest.approx(101.784820, abs=1e-9)
    back = tips.tips_yield(
        3.625, 100.868837, "1998-10-15", "2008-01-15", "1998-01-15", index_ratio=ratio,
        adjusted=True, convention="treasury",
    )  # fmt: skip
    assert round(back.real_yield_pct, 3) == pytest.approx(3.65, abs=1e-9)


# --- The Treasury's TIPS auction results ----------------------------------------------------
# CPI-U NSA for May-Aug 2016 as implied by the Treasury's own published Ref CPIs (solving the
# I.B.3 interpolation for the Ref CPIs of 912828S50 on 2016-07-15/07-29, 912828Q60 on 2016-08-31,
# 912828S50 on 2016-09-30, 912810RR1 on 2016-10-31 and 912828S50 on 2016-11-30): FRED's
# CPIAUCNS has 240.229, 241.018, 240.628, 240.849 for those months. Everything else is FRED's.
TREASURY_CPI_2016 = {"2016-05-01": 240.236, "2016-06-01": 241.038, "2016-07-01": 240.647,
                     "2016-08-01": 240.853}  # fmt: skip


@pytest.fixture(scope="module")
def tips_records(auctions):
    # Source: Fiscal Data auctions_query CSV exports (issues 2010-2020, 2022, 2023): every TIPS
    # record (154) with prices, real yield, reference CPIs and index ratio.
    rec = auctions[auctions["inflation_index_security"] == "Yes"]
    return rec.dropna(subset=["price_per100", "int_rate", "high_yield"]).reset_index(drop=True)


def _f(rec, col):
    return rec[col].astype(float).to_numpy()


def test_tips_auction_reference_cpi(tips_records, cpi_u_nsa):
    rec = tips_records
    # The index-ratio base is the original dated date (Fiscal Data's dated_date is the reopening's
    # accrual start; App. B I.B.2: Ref CPI of the original issue/dated date).
    base = rec["original_dated_date"].fillna(rec["dated_date"]).to_numpy()
    pub_base, pub_issue = _f(rec, "ref_cpi_on_dated_date"), _f(rec, "ref_cpi_on_issue_date")
    fred_base = tips.reference_cpi(base, cpi_u_nsa)
    fred_issue = tips.reference_cpi(rec["issue_date"].to_numpy(), cpi_u_nsa)
    ok = (np.abs(fred_base - pub_base) < 5e-6) & (np.abs(fred_issue - pub_issue) < 5e-6)
    assert len(rec) == 154
    assert ok.sum() == 149  # the 5 others settle Jul-Nov 2016 (see TREASURY_CPI_2016)
    months = pd.to_datetime(rec.loc[~ok, "issue_date"])
    assert ((months >= "2016-07-01") & (months <= "2016-11-30")).all()
    cpi = cpi_u_nsa.copy()
    for month, value in TREASURY_CPI_2016.items():
        cpi[pd.Timestamp(month)] = value
    np.testing.assert_allclose(tips.reference_cpi(base, cpi), pub_base, atol=5e-6)
    np.testing.assert_allclose(tips.reference_cpi(rec["issue_date"], cpi), pub_issue, atol=5e-6)
    # Index ratio from the published Ref CPIs (5 decimals).
    ratio = tips.index_ratio(pub_issue, pub_base)
    np.testing.assert_allclose(ratio, _f(rec, "index_ratio_on_issue_date"), atol=5e-6)


def test_tips_auction_prices(tips_records):
    rec = tips_records
    ratio = tips.index_ratio(_f(rec, "ref_cpi_on_issue_date"), _f(rec, "ref_cpi_on_dated_date"))
    args = (rec["issue_date"], rec["maturity_date"], rec["dated_date"])
    first = rec["first_int_payment_date"]
    r = tips.tips_price(
        _f(rec, "int_rate"), _f(rec, "high_yield"), *args, first, index_ratio=ratio,
        convention="treasury", round_like_treasury=True,
    )  # fmt: skip
    # unadj_price and price_per100 (= adj_price) published to 6 decimals; accrued per $1,000 to 5.
    np.testing.assert_allclose(r.real_clean, _f(rec, "unadj_price"), atol=5e-7)
    np.testing.assert_allclose(r.adjusted_price, _f(rec, "price_per100"), atol=5e-7)
    unadj_ai = _f(rec, "unadj_accrued_int_per1000")
    adj_ai = _f(rec, "adj_accrued_int_per1000")
    has = ~np.isnan(unadj_ai)
    assert has.sum() == 152
    np.testing.assert_allclose(r.real_accrued[has] * 10, unadj_ai[has], atol=5e-6)
    np.testing.assert_allclose(
        np.round(r.real_accrued * ratio * 10, 5)[has], adj_ai[has], atol=5e-6
    )
    back = tips.tips_yield(
        _f(rec, "int_rate"), _f(rec, "price_per100"), *args, first, index_ratio=ratio,
        adjusted=True, convention="treasury", round_like_treasury=True,
    )  # fmt: skip
    np.testing.assert_allclose(np.round(back.real_yield_pct, 3), _f(rec, "high_yield"), atol=5e-4)


def test_missing_cpi_month_is_named():
    with pytest.raises(InputError, match="1996-03"):
        tips.reference_cpi("1996-06-15", CPI_1996)
    out = tips.reference_cpi(["1996-04-15", "1996-06-15"], CPI_1996, errors="coerce")
    assert out[0] == pytest.approx(154.63333) and np.isnan(out[1])


def test_bad_index_ratio():
    with pytest.raises(InputError, match="index_ratio"):
        tips.tips_price(1.0, 1.0, "2024-01-16", "2034-01-15", "2024-01-15", index_ratio=-1.0)


def test_index_ratio_array_names_first_index_or_coerces():
    ratios = np.array([1.01074, -1.0, np.nan])
    args = (3.625, 3.65, "1998-10-15", "2008-01-15", "1998-01-15")
    with pytest.raises(InputError, match=r"index_ratio\[1\]"):
        tips.tips_price(*args, index_ratio=ratios)
    r = tips.tips_price(*args, index_ratio=ratios, convention="treasury", errors="coerce")
    # App. B III.B: at ratio 1.01074 the (unrounded) adjusted price is about 100.868837.
    assert r.adjusted_price[0] == pytest.approx(100.868837, abs=1e-5)
    assert np.isnan(r.adjusted_price[1:]).all()


def test_tips_yield_keeps_a_series_of_prices():
    # App. B III.A: 3 7/8% TIPS issued 1999-01-15 at 99.811030 (ratio 1) -> 3.898%; a Series of
    # prices (adjusted by the ratio or not) gives a Series on the same dates.
    dates = pd.to_datetime(["1999-01-15", "1999-01-16"])
    for adjusted in (False, True):
        price = pd.Series([99.811030, 99.811030], index=dates)
        r = tips.tips_yield(
            3.875, price, "1999-01-15", "2009-01-15", "1999-01-15", index_ratio=1.0,
            adjusted=adjusted, convention="treasury",
        )  # fmt: skip
        assert isinstance(r.real_yield_pct, pd.Series) and r.real_yield_pct.index.equals(dates)
        np.testing.assert_allclose(r.real_yield_pct.round(3), 3.898, atol=1e-9)
