"""Bills: 31 CFR 356 Appendix B section VI examples and the Treasury's own auction results.

Appendix B numbers are taken from the codified text (GovInfo CFR-2025 title 31 vol. 2, part 356,
Appendix B, section VI, examples A, C and D). Example B (purchase price = face x P / 100) is a
multiplication tsy does not offer as a function, so there is nothing of tsy to test there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tsy.errors import InputError
from tsy.math import bills


# --- 31 CFR 356 Appendix B, VI -------------------------------------------------------------
def test_vi_a_price_from_discount_rate():
    # App. B VI.A: bill issued 1989-11-24 due 1990-02-22, 7.610%, r = 90 -> P = 98.097500.
    assert round(bills.bill_price(7.610, 90), 6) == pytest.approx(98.097500, abs=1e-9)


def test_vi_c_discount_rate_from_price():
    # App. B VI.C: 26-week bill 1982-12-30 to 1983-06-30, P = 95.934567, r = 182
    # -> d = .080415158 = 8.042%.
    d = bills.bill_discount_rate(95.934567, 182)
    assert d / 100 == pytest.approx(0.080415158, abs=5e-10)
    assert round(d, 3) == pytest.approx(8.042, abs=1e-9)


def test_vi_d1_investment_rate_short_bill():
    # App. B VI.D.1: CMB 1990-06-01 to 1990-06-21, P = 99.559444, r = 20, y = 365 -> 8.076%.
    i = bills.bill_investment_rate(99.559444, 20, "1990-06-01")
    assert round(i, 3) == pytest.approx(8.076, abs=1e-9)


def test_vi_d2_investment_rate_quadratic():
    # App. B VI.D.2: 52-week bill 1990-06-07 to 1991-06-06, P = 92.265000, r = 364, y = 365
    # -> i = .082373244 = 8.237%.
    i = bills.bill_investment_rate(92.265, 364, "1990-06-07")
    assert i / 100 == pytest.approx(0.082373244, abs=5e-10)
    # The price from that investment rate comes back (inverse formula).
    assert bills.bill_price_from_investment_rate(i, 364, "1990-06-07") == pytest.approx(
        92.265, abs=1e-10
    )


@pytest.mark.parametrize(
    ("issue", "y"),
    # App. B VI.D.1 text: issue 2019-02-28 -> y = 365; issue 2019-03-01 -> y = 366.
    [("2019-02-28", 365), ("2019-03-01", 366)],
)
def test_vi_d_year_days(issue, y):
    assert bills.bill_year_days(issue) == y


# --- The Treasury's auction results ---------------------------------------------------------
def _check_bill_records(frame: pd.DataFrame) -> tuple[int, int]:
    """Reproduce each record's price, discount rate and investment rate from each other."""
    days = (pd.to_datetime(frame["maturity_date"]) - pd.to_datetime(frame["issue_date"])).dt.days
    r = days.to_numpy()
    price = frame["price_per100"].astype(float).to_numpy()
    disc = frame["high_discnt_rate"].astype(float).to_numpy()
    inv = frame["high_investment_rate"].astype(float).to_numpy()
    issue = frame["issue_date"].to_numpy()
    # Published precision: price 6 decimals, rates 3 decimals.
    ok_price = np.abs(np.round(bills.bill_price(disc, r), 6) - price) < 5e-7
    ok_disc = np.abs(np.round(bills.bill_discount_rate(price, r), 3) - disc) < 5e-4
    ok_inv = np.abs(np.round(bills.bill_investment_rate(price, r, issue), 3) - inv) < 5e-4
    ok = ok_price & ok_disc & ok_inv
    return len(frame), int(ok.sum())


def test_bill_auctions_2026_01(bills_2026_01):
    # Source: Fiscal Data auctions_query, recorded response auctions_query_bills_2026-01.json:
    # every record's price_per100, high_discnt_rate, high_investment_rate.
    n, matched = _check_bill_records(bills_2026_01)
    assert n == 25
    assert matched == n


def test_bill_auctions_2010_2023(auctions):
    # Source: Fiscal Data auctions_query CSV exports (issues 2010-2020, 2022, 2023), every bill
    # and cash-management bill with the three fields (2,873 records), incl. 183-day 26-week bills.
    rec = auctions[auctions["security_type"].isin(["Bill", "CMB"])]
    rec = rec.dropna(subset=["price_per100", "high_discnt_rate", "high_investment_rate"])
    n, matched = _check_bill_records(rec)
    assert n > 2800
    assert matched == n


def test_money_market_yield():
    # Definition: (100 - P)/P * 360/r; for App. B VI.A's 98.0975 and 90 days:
    # 1.9025/98.0975 * 4 = 0.07757588... (hand computation).
    assert bills.money_market_yield(98.0975, 90) == pytest.approx(
        1.9025 / 98.0975 * 4 * 100, rel=1e-15
    )


# --- Shapes and bad input -------------------------------------------------------------------
def test_vectorised_shapes_and_series():
    out = bills.bill_price(np.array([[5.0, 4.0], [3.0, 2.0]]), 91)
    assert out.shape == (2, 2)
    s = pd.Series([5.0, 4.0], index=pd.to_datetime(["2024-01-02", "2024-01-03"]))
    res = bills.bill_discount_rate(bills.bill_price(s, 91), 91)
    assert isinstance(res, pd.Series)
    assert res.index.equals(s.index)
    np.testing.assert_allclose(res.to_numpy(), s.to_numpy(), atol=1e-12)


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda: bills.bill_discount_rate(0.0, 91), "price"),
        (lambda: bills.bill_discount_rate(-3.0, 91), "price"),
        (lambda: bills.bill_discount_rate(99.0, -5), "days"),
        (lambda: bills.bill_investment_rate(float("nan"), 91), "price"),
        (lambda: bills.bill_price(5.0, 0), "days"),
        (lambda: bills.bill_price(500.0, 91), "discount_rate"),
    ],
)
def test_bad_scalar_input_raises(call, needle):
    with pytest.raises(InputError, match=needle):
        call()


def test_bad_array_input_names_index_or_coerces():
    price = np.array([99.0, 98.0, -1.0, np.nan])
    with pytest.raises(InputError, match=r"price\[2\]"):
        bills.bill_discount_rate(price, 91)
    out = bills.bill_discount_rate(price, 91, errors="coerce")
    assert np.isfinite(out[:2]).all()
    assert np.isnan(out[2:]).all()


def test_investment_rate_year_days_and_issue_dates_broadcast_or_coerce():
    # App. B VI.D.2: 52-week bill issued 1990-06-07, P = 92.265, r = 364, y = 365 -> 8.237%.
    # An array of year days, or of issue dates, gives one rate per element.
    out = bills.bill_investment_rate(92.265, 364, year_days=np.array([365, 366]))
    assert out.shape == (2,)
    assert round(out[0], 3) == pytest.approx(8.237, abs=1e-9)
    one = bills.bill_investment_rate(92.265, 364, year_days=366)
    assert out[1] == pytest.approx(one, rel=1e-15)
    # A missing issue date: named with its index, or NaN when coercing.
    issues = ["1990-06-07", None]
    with pytest.raises(InputError, match=r"issue_date\[1\]"):
        bills.bill_investment_rate(92.265, 364, issues)
    out = bills.bill_investment_rate(92.265, 364, issues, errors="coerce")
    assert round(out[0], 3) == pytest.approx(8.237, abs=1e-9) and np.isnan(out[1])


def test_price_from_investment_rate_checks_year_days():
    # App. B VI.D: y is 365 or 366, nothing else.
    with pytest.raises(InputError, match="year_days"):
        bills.bill_price_from_investment_rate(8.237, 364, year_days=360)


# --- issue 16: the chain discount rate -> rounded price -> investment rate -----------------
def test_investment_rate_from_discount_rate_via_the_rounded_price(auctions):
    # App. B VI.D: P is the price per 100 rounded to six places. Chaining high_discnt_rate ->
    # price (rounded) -> investment rate reproduces every published high_investment_rate of the
    # 2,873 bill/CMB records (Fiscal Data auctions_query exports, 2010-2020, 2022, 2023); from the
    # unrounded price 3 differ (9127952R1 and 9127952S9 in 2011, 912796JJ9 in 2016).
    rec = auctions[auctions["security_type"].isin(["Bill", "CMB"])]
    rec = rec.dropna(subset=["price_per100", "high_discnt_rate", "high_investment_rate"])
    days = (pd.to_datetime(rec["maturity_date"]) - pd.to_datetime(rec["issue_date"])).dt.days
    r, issue = days.to_numpy(), rec["issue_date"].to_numpy()
    disc = rec["high_discnt_rate"].astype(float).to_numpy()
    published = rec["high_investment_rate"].astype(float).to_numpy()
    price = bills.bill_price(disc, r, round_like_treasury=True)
    np.testing.assert_allclose(price, rec["price_per100"].astype(float), rtol=0, atol=5e-7)
    inv = np.round(bills.bill_investment_rate(price, r, issue), 3)
    assert len(rec) == 2873
    assert int((np.abs(inv - published) > 1e-9).sum()) == 0


def test_price_from_investment_rate_short_bill():
    # App. B VI.D.1 inverted: 8.076%, 20 days, y = 365 -> P = 100/(1 + .08076 x 20/365) =
    # 99.559444 (the example's price). The rate is rounded to 3 decimals, so the price is good to
    # 100 x 0.0005% x 20/365 = 2.7e-5.
    p = bills.bill_price_from_investment_rate(8.076, 20, year_days=365)
    assert p == pytest.approx(99.559444, abs=2.7e-5)


def test_price_from_investment_rate_auctions_up_to_184_days(auctions):
    # Every published bill of at most 184 days: price from its investment rate within the
    # rate's rounding (0.0005 percentage points -> P x 0.000005 x r/y per 100).
    rec = auctions[auctions["security_type"].isin(["Bill", "CMB"])]
    rec = rec.dropna(subset=["price_per100", "high_investment_rate"])
    days = (pd.to_datetime(rec["maturity_date"]) - pd.to_datetime(rec["issue_date"])).dt.days
    short = (days <= bills.HALF_YEAR_DAYS).to_numpy()
    r = days.to_numpy()[short]
    issue = rec["issue_date"].to_numpy()[short]
    price = rec["price_per100"].astype(float).to_numpy()[short]
    inv = rec["high_investment_rate"].astype(float).to_numpy()[short]
    y = bills.bill_year_days(issue)
    got = bills.bill_price_from_investment_rate(inv, r, issue)
    assert short.sum() > 2000
    assert (np.abs(got - price) <= price * 5e-6 * r / y + 1e-9).all()


def test_the_184_day_switch():
    # App. B VI.D: r <= half a year -> i = (100 - P)/P x y/r; beyond -> the positive root of
    # (r/2y - .25) i^2 + (r/y) i + (P - 100)/P = 0. P = 97.5, y = 365, written out by hand:
    # 184 days: 2.5/97.5 x 365/184 = 0.0508639...; 185 days: a = 185/730 - .25 = 0.00342466,
    # b = 0.50684932, c = -0.02564103 -> i = (-b + sqrt(b^2 - 4ac))/2a = 0.0505718... (the simple
    # formula would give 0.0505896 at 185 days)
    simple_184 = 2.5 / 97.5 * 365 / 184
    a, b, c = 185 / 730 - 0.25, 185 / 365, -2.5 / 97.5
    quad_185 = (-b + (b * b - 4 * a * c) ** 0.5) / (2 * a)
    assert simple_184 == pytest.approx(0.0508639, abs=1e-7)
    assert quad_185 == pytest.approx(0.0505718, abs=1e-7)
    assert bills.bill_investment_rate(97.5, 184, year_days=365) / 100 == pytest.approx(
        simple_184, rel=1e-12
    )
    assert bills.bill_investment_rate(97.5, 185, year_days=365) / 100 == pytest.approx(
        quad_185, rel=1e-9
    )
    # and the inverse switches at the same day
    for r, i in ((184, simple_184), (185, quad_185)):
        assert bills.bill_price_from_investment_rate(i * 100, r, year_days=365) == pytest.approx(
            97.5, abs=1e-10
        )


def test_default_year_length_is_365():
    # Neither issue date nor year_days: y = 365 (App. B VI.D.1's example uses 365: 8.076%).
    i = bills.bill_investment_rate(99.559444, 20)
    assert round(i, 3) == pytest.approx(8.076, abs=1e-9)
    assert bills.bill_price_from_investment_rate(8.076, 20) == pytest.approx(99.559444, abs=2.7e-5)
