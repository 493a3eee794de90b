"""Notes and bonds: 31 CFR 356 Appendix B sections I and II, the Treasury's auction results,
properties, and bad input.

Appendix B numbers are from the codified text (GovInfo CFR-2025 title 31 vol. 2, part 356,
Appendix B): section I.A (interest payments), I.D (accrued interest) and II.A to II.G (prices).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tsy.errors import InputError
from tsy.math import bonds, daycount

T = "treasury"


# --- Appendix B, I.A: interest payments -----------------------------------------------------
def test_i_a1_regular_half_year_payment():
    # App. B I.A.1: $1,000 at 8% pays ($1,000 x .08)/2 = $40 each half-year.
    cf = daycount.cash_flows(8.0, "2020-02-15", "2030-02-15")
    assert cf["interest"].iloc[3] * 10 == pytest.approx(40.0, abs=1e-12)


def test_i_a3_short_first_coupon_payment():
    # App. B I.A.3: 8 3/8% 2-year note issued 1990-07-02, first payment 1990-12-31: 182 of 184
    # days -> $41.419837004 per $1,000.
    cf = daycount.cash_flows(8.375, "1990-07-02", "1992-06-30")
    assert cf["date"].iloc[0] == pd.Timestamp("1990-12-31")
    # The Treasury multiplies Table 2's daily decimal (0.227581522, rounded to 9 places) by the
    # days; tsy is exact (no table): it differs by at most 182 x 5e-10 and gives the same $41.42.
    assert cf["interest"].iloc[0] * 10 == pytest.approx(41.419837004, abs=182 * 5e-10)
    assert round(cf["interest"].iloc[0] * 10, 2) == pytest.approx(41.42, abs=1e-9)


def test_i_a4_long_first_coupon_payment():
    # App. B I.A.4: 7 7/8% 5-year 2-month note issued 1990-12-03, first payment 1991-08-15:
    # $39.375 + 74 days x $0.213994565 = $55.210597810 per $1,000.
    sched = daycount.coupon_schedule("1990-12-03", "1996-02-15", "1991-08-15")
    assert sched.first_kind == "long"
    cf = daycount.cash_flows(7.875, "1990-12-03", "1996-02-15", "1991-08-15")
    # The published figure uses Table 2's daily decimal 0.213994565 (9 places); tsy is exact:
    # within 74 x 5e-10 of it, and the same $55.21.
    assert cf["interest"].iloc[0] * 10 == pytest.approx(55.210597810, abs=74 * 5e-10)
    assert round(cf["interest"].iloc[0] * 10, 2) == pytest.approx(55.21, abs=1e-9)


# --- Appendix B, I.D: accrued interest ------------------------------------------------------
def test_i_d_example1_one_half_year():
    # App. B I.D example (1): 6 3/4% note dated 2000-05-15, reopened 2000-08-15: 92 of 184 days
    # -> $16.87500 per $1,000.
    ai = daycount.accrued_interest(6.75, "2000-08-15", "2005-05-15", "2000-05-15")
    assert bonds.round_accrued(ai) * 10 == pytest.approx(16.875, abs=1e-9)


def test_i_d_example2_two_half_years():
    # App. B I.D example (2): 10 3/4% bond dated 1985-07-02, first payment 1986-02-15, reopened
    # 1985-11-04: 44/181 + 81/184 half-coupons -> $36.72798 per $1,000.
    ai = daycount.accrued_interest(10.75, "1985-11-04", "2005-08-15", "1985-07-02", "1986-02-15")
    # Published: $0.296961326 x 44 + $0.292119565 x 81 = $36.727983109 (9-place table decimals),
    # rounded to $36.72798 (I.D.4). tsy is exact: within 125 x 5e-10, same rounded figure.
    assert ai * 10 == pytest.approx(36.727983109, abs=125 * 5e-10)
    assert bonds.round_accrued(ai) * 10 == pytest.approx(36.72798, abs=1e-9)


# --- Appendix B, II: price from yield (treasury convention) ---------------------------------
# (coupon, yield, settle, maturity, dated, first coupon, published P, published A per 100)
APPENDIX_B_II = {
    # II.A: 8 3/4% 30-year bond issued 1990-05-15, yield 8.84% -> 99.057893.
    "A": (8.75, 8.84, "1990-05-15", "2020-05-15", None, None, 99.057893, 0.0),
    # II.B: 8 1/2% 2-year note issued 1990-04-02 (short first), yield 8.59% -> 99.838183.
    "B": (8.5, 8.59, "1990-04-02", "1992-03-31", "1990-04-02", None, 99.838183, 0.0),
    # II.C: 8 1/2% note issued 1990-03-01, first payment 1990-11-15 (long), 8.53% -> 99.805118.
    "C": (8.5, 8.53, "1990-03-01", "1995-05-15", "1990-03-01", "1990-11-15", 99.805118, 0.0),
    # II.D: 9 1/2% note dated 1985-11-15, issued 1985-11-29, 9.54% -> A = .367403, 99.730918.
    "D": (9.5, 9.54, "1985-11-29", "1995-11-15", "1985-11-15", None, 99.730918, 0.367403),
    # II.E: 10 3/4% bond dated 1985-07-02, first 1986-02-15, reopened 1985-11-04, 10.47%
    # -> A = 3.672798, P = 102.214586.
    "E": (
        10.75,
        10.47,
        "1985-11-04",
        "2005-08-15",
        "1985-07-02",
        "1986-02-15",
        102.214586,
        3.672798,
    ),
    # II.F: 10 1/2% note dated 1983-05-16, reopened 1983-08-15, 10.53% -> A = 2.596467,
    # P = 99.777074.
    "F": (10.5, 10.53, "1983-08-15", "1991-05-15", "1983-05-16", None, 99.777074, 2.596467),
    # II.G: 9 3/4% note dated 1988-10-15, first 1989-06-15, reopened 1988-11-15, 9.79%
    # -> A = .825820, P = 99.738045.
    "G": (9.75, 9.79, "1988-11-15", "1994-12-15", "1988-10-15", "1989-06-15", 99.738045, 0.825820),
}


@pytest.mark.parametrize("example", sorted(APPENDIX_B_II))
def test_appendix_b_ii_prices(example):
    c, y, settle, mat, dated, first, price, accrued = APPENDIX_B_II[example]
    res = bonds.bond_price(c, y, settle, mat, dated, first, convention=T, round_accrued=True)
    assert res.convention == T
    # Published to six decimals (App. B II definitions: P rounded to six places).
    assert round(res.clean, 6) == pytest.approx(price, abs=1e-9)
    assert res.accrued == pytest.approx(accrued, abs=1e-9)
    back = bonds.bond_yield(c, price, settle, mat, dated, first, convention=T, round_accrued=True)
    # Yields are quoted to three decimals; the published price gives the yield back.
    assert round(back.yield_pct, 3) == pytest.approx(y, abs=1e-9)


def test_appendix_b_ii_a_intermediates():
    # App. B II.A: r = s = 184, n = 59, v^n = .0779403508, a_n = 20.8610780353 at 8.84%.
    res = bonds.bond_price(8.75, 8.84, "1990-05-15", "2020-05-15", convention=T)
    assert res.fraction == pytest.approx(1.0)
    assert res.periods == 60  # n + 1 coupon dates left
    # App. B II.A's price formula with its published intermediates (r/s = 1, A = 0):
    # P = v^(r/s) x (C/2 + C/2 x a_n + 100 v^n), v = 1/(1 + .0884/2); the intermediates carry 10
    # decimals, so the unrounded price is known to 100 x 5e-11 + 4.375 x 5e-11 (< 6e-9).
    published = (4.375 + 4.375 * 20.8610780353 + 100 * 0.0779403508) / 1.0442
    assert res.clean == pytest.approx(published, abs=6e-9)


def test_vectorised_equals_scalar_for_appendix_examples():
    rows = [APPENDIX_B_II[k] for k in sorted(APPENDIX_B_II)]
    cols = list(zip(*rows, strict=True))
    dated = np.array([r if r else "NaT" for r in cols[4]], dtype="datetime64[D]")
    first = np.array([r if r else "NaT" for r in cols[5]], dtype="datetime64[D]")
    vec = bonds.bond_price(
        np.array(cols[0]), np.array(cols[1]), np.array(cols[2], dtype="datetime64[D]"),
        np.array(cols[3], dtype="datetime64[D]"), dated, first, convention=T, round_accrued=True,
    )  # fmt: skip
    np.testing.assert_allclose(np.round(vec.clean, 6), cols[6], atol=1e-9)


# --- The Treasury's auction results ---------------------------------------------------------
# 912810RN0 reopened 2015-09-15: accrued 31/184 x 1.4375 = 2.421875 per $1,000 exactly; Fiscal
# Data publishes 2.42187 (and a price consistent with it) while the same exact half is rounded up
# in 9128284N7 (2018-06-15) and 912810TG3 (2022-06-15). App. B I.D.4 says normal rounding.
ROUNDED_DOWN_HALF = {("912810RN0", "2015-09-15")}


def test_note_bond_auctions(auctions):
    # Source: Fiscal Data auctions_query CSV exports (issues 2010-2020, 2022, 2023): every Note
    # and Bond record with price_per100, int_rate and high_yield (965 records).
    rec = auctions[auctions["security_type"].isin(["Note", "Bond"])]
    rec = rec.dropna(subset=["price_per100", "int_rate", "high_yield"]).reset_index(drop=True)
    c = rec["int_rate"].astype(float).to_numpy()
    y = rec["high_yield"].astype(float).to_numpy()
    p = rec["price_per100"].astype(float).to_numpy()
    args = (rec["issue_date"], rec["maturity_date"], rec["dated_date"])
    first = rec["first_int_payment_date"]
    res = bonds.bond_price(c, y, *args, first, convention=T, round_accrued=True)
    back = bonds.bond_yield(c, p, *args, first, convention=T, round_accrued=True)
    ok_price = np.abs(np.round(res.clean, 6) - p) < 5e-7  # published to 6 decimals
    ok_yield = np.abs(np.round(back.yield_pct, 3) - y) < 5e-4  # published to 3 decimals
    ai = rec["accrued_int_per1000"].astype(float).to_numpy()  # 5 decimals per $1,000
    ok_ai = np.isnan(ai) | (np.abs(res.accrued * 10 - ai) < 5e-6)
    ok = ok_price & ok_yield & ok_ai
    keys = list(zip(rec["cusip"], rec["issue_date"], strict=True))
    failures = {k for k, good in zip(keys, ok, strict=True) if not good}
    assert len(rec) == 965
    assert failures == ROUNDED_DOWN_HALF
    # That record is reproduced with its own published accrued interest.
    (i,) = np.flatnonzero((rec["cusip"] == "912810RN0") & (rec["issue_date"] == "2015-09-15"))
    exact = bonds.bond_price(c[i], y[i], *(a[i] for a in args), first[i], convention=T)
    assert round(exact.dirty - ai[i] / 10, 6) == pytest.approx(p[i], abs=1e-9)


# --- Other checks ---------------------------------------------------------------------------
def test_end_of_month_schedule():
    # EOM rule (App. B Table 1, last-day-of-month columns): a note maturing 2027-08-31 pays on
    # 28/29 February and 31 August.
    s = daycount.coupon_schedule("2025-08-31", "2027-08-31")
    assert s.payment_dates == (
        dt.date(2026, 2, 28), dt.date(2026, 8, 31), dt.date(2027, 2, 28), dt.date(2027, 8, 31)
    )  # fmt: skip
    assert daycount.coupon_schedule("2023-08-31", "2025-08-31").payment_dates[0] == dt.date(
        2024, 2, 29
    )


def test_final_period_street_equals_treasury_simple():
    # In the final coupon period both conventions discount with simple interest (street: SIA
    # money-market yield): dirty = (100 + C/2) / (1 + f i/2).
    s = bonds.bond_price(4.0, 5.0, "2024-09-01", "2024-11-15", convention="street")
    t = bonds.bond_price(4.0, 5.0, "2024-09-01", "2024-11-15", convention=T)
    f = 75 / 184
    assert s.dirty == pytest.approx(102.0 / (1 + f * 0.025), rel=1e-15)
    assert t.dirty == pytest.approx(s.dirty, rel=1e-15)


def test_conventions_differ_by_a_fraction_of_a_basis_point_typically():
    # A 30-year 4% bond settling mid-period at 5%: the two conventions differ, both labelled.
    s = bonds.bond_yield(4.0, 85.0, "2024-08-15", "2054-05-15", convention="street")
    t = bonds.bond_yield(4.0, 85.0, "2024-08-15", "2054-05-15", convention=T)
    assert s.convention == "street" and t.convention == T
    assert 0 < abs(s.yield_pct - t.yield_pct) * 100 < 1.5


def test_approximate_yield_formula():
    # [C + (100 - P)/n] / [(100 + P)/2] with C = 4, P = 95, n = 10 years: 4.5/97.5 = 4.6154%.
    assert bonds.approximate_yield(4.0, 95.0, "2024-05-15", "2034-05-15") == pytest.approx(
        4.5 / 97.5 * 100, rel=1e-12
    )


def test_risk_par_bond_closed_form():
    # At issue, a par bond's modified duration is a_n / (1 + i/2) / 2 per unit price (sum of
    # k v^k over the price) -- closed form D_mod = (1/i)(1 - v^n) for a par bond (textbook
    # identity), i = 4%, n = 20 half-years.
    r = bonds.bond_risk(4.0, 4.0, "2024-05-15", "2034-05-15")
    v = 1 / 1.02
    assert r.dirty == pytest.approx(100.0, abs=1e-10)
    assert r.modified == pytest.approx((1 - v**20) / 0.04, rel=1e-12)
    assert r.macaulay == pytest.approx(r.modified * 1.02, rel=1e-12)
    assert r.dv01 == pytest.approx(r.modified * 100 * 1e-4, rel=1e-12)


# --- Properties -----------------------------------------------------------------------------
DAY0 = dt.date(2000, 1, 1)


@st.composite
def bond_case(draw):
    maturity = DAY0 + dt.timedelta(days=draw(st.integers(400, 10_950)))
    dated = maturity - dt.timedelta(days=draw(st.integers(370, 30 * 365)))
    settle = dated + dt.timedelta(days=draw(st.integers(0, (maturity - dated).days - 1)))
    coupon = draw(st.floats(0.0, 15.0))
    convention = draw(st.sampled_from(["street", T]))
    return coupon, settle, maturity, dated, convention


@settings(max_examples=200, deadline=None)
@given(case=bond_case(), yld=st.floats(-3.0, 30.0))
def test_price_of_yield_of_price_round_trips(case, yld):
    coupon, settle, maturity, dated, convention = case
    # any price a market could show: the price at a yield from -3% to 30%, to 6 decimals
    price = round(bonds.bond_price(coupon, yld, settle, maturity, dated).clean, 6)
    y = bonds.bond_yield(coupon, price, settle, maturity, dated, convention=convention)
    back = bonds.bond_price(coupon, y.yield_pct, settle, maturity, dated, convention=convention)
    assert back.clean == pytest.approx(price, abs=1e-10)


@settings(max_examples=100, deadline=None)
@given(case=bond_case(), y1=st.floats(-2.0, 25.0), dp=st.floats(1e-6, 1e-3))
def test_yield_decreases_as_price_rises(case, y1, dp):
    coupon, settle, maturity, dated, convention = case
    p1 = bonds.bond_price(coupon, y1, settle, maturity, dated).clean
    y1 = bonds.bond_yield(coupon, p1, settle, maturity, dated, convention=convention).yield_pct
    p2 = p1 * (1 + dp)
    y2 = bonds.bond_yield(coupon, p2, settle, maturity, dated, convention=convention).yield_pct
    assert y2 < y1


@settings(max_examples=200, deadline=None)
@given(case=bond_case(), long_first=st.booleans())
def test_accrued_between_zero_and_the_current_coupon(case, long_first):
    coupon, settle, maturity, dated, _ = case
    first = None
    if long_first:
        first = daycount.coupon_schedule(dated, maturity).payment_dates[1]
        if first >= maturity:
            first = None
    ai = daycount.accrued_interest(coupon, settle, maturity, dated, first)
    cf = daycount.cash_flows(coupon, dated, maturity, first, settle)
    current = cf["interest"].iloc[0]  # the coupon being earned (odd or regular)
    assert -1e-12 <= ai <= current + 1e-12


# --- Bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"price": 0.0}, "price"),
        ({"price": -5.0}, "price"),
        ({"price": float("nan")}, "price"),
        ({"settle": "2034-05-15"}, "settle"),
        ({"settle": "2035-01-01"}, "settle"),
        ({"coupon": float("nan")}, "coupon"),
        ({"settle": "2024-13-01"}, "settle"),
    ],
)
def test_bad_scalar_input(kwargs, needle):
    args = {"coupon": 4.0, "price": 99.0, "settle": "2024-06-03", "maturity": "2034-05-15"}
    args.update(kwargs)
    with pytest.raises(InputError, match=needle):
        bonds.bond_yield(**args)


def test_bad_array_input_names_first_index_or_coerces():
    price = np.array([99.0, 101.0, 0.0, 98.0])
    settle = np.array(["2024-06-03", "2024-06-03", "2024-06-03", "2035-01-01"], "datetime64[D]")
    with pytest.raises(InputError, match=r"price\[2\]"):
        bonds.bond_yield(4.0, price, settle, "2034-05-15")
    res = bonds.bond_yield(4.0, price, settle, "2034-05-15", errors="coerce")
    assert np.isfinite(res.yield_pct[:2]).all()
    assert np.isnan(res.yield_pct[2:]).all()


def test_unknown_convention():
    with pytest.raises(InputError, match="convention"):
        bonds.bond_price(4.0, 4.0, "2024-06-03", "2034-05-15", convention="bloomberg")


def test_first_coupon_must_fit_the_schedule():
    with pytest.raises(InputError, match="first_coupon"):
        bonds.bond_price(4.0, 4.0, "2024-06-03", "2034-05-15", "2024-05-15", "2025-11-15")
    with pytest.raises(InputError, match="first_coupon"):
        bonds.bond_price(4.0, 4.0, "2024-06-03", "2034-05-15", "2024-05-15", "2024-12-01")


def test_array_values_with_scalar_dates_return_arrays():
    # Shapes: scalar dates broadcast against array coupons/prices; each element equals the
    # scalar call (the pure-Python path).
    prices = np.array([95.0, 100.0, 105.0])
    res = bonds.bond_yield(4.0, prices, "2024-02-01", "2034-05-15")
    assert res.yield_pct.shape == (3,)
    for p, y in zip(prices, res.yield_pct, strict=True):
        one = bonds.bond_yield(4.0, float(p), "2024-02-01", "2034-05-15").yield_pct
        assert y == pytest.approx(one, abs=1e-12)
    ai = daycount.accrued_interest(np.array([4.0, 5.0]), "2024-02-01", "2034-05-15")
    assert ai.shape == (2,)
    ay = bonds.approximate_yield(np.array([4.0, 5.0]), 99.0, "2024-02-01", "2034-05-15")
    assert ay.shape == (2,)


def test_coerce_on_a_scalar_call_returns_nan():
    res = bonds.bond_yield(4.0, -1.0, "2024-02-01", "2034-05-15", errors="coerce")
    assert np.isnan(res.yield_pct)


def test_risk_rejects_a_yield_outside_the_solver_range():
    # Same range as bond_price: i/2 > -0.999 (the module's bracket), i.e. above -199.8%.
    with pytest.raises(InputError, match="yld"):
        bonds.bond_risk(4.0, -300.0, "2024-06-03", "2034-05-15")
    res = bonds.bond_risk(4.0, [4.0, -300.0], "2024-06-03", "2034-05-15", errors="coerce")
    assert np.isfinite(res.dv01[0]) and np.isnan(res.dv01[1])


def test_bad_dates_in_arrays_and_2d_positions_are_named():
    with pytest.raises(InputError, match=r"settle\[1\] = 'x' is not a date"):
        daycount.accrued_interest(4.0, ["2024-06-03", "x"], "2034-05-15")
    price = np.array([[99.0, 98.0], [97.0, -1.0]])
    with pytest.raises(InputError, match=r"price\[1, 1\] = -1\.0"):
        bonds.bond_yield(4.0, price, "2024-06-03", "2034-05-15")
