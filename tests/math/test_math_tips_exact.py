"""TIPS rounding steps of 31 CFR 356 App. B done exactly (issue 16, item 2).

App. B I.B.3: Ref CPI and index ratio are "truncated to six decimal places, then rounded to five".
The expected values below follow that text by hand (digits written out in the comments); the
independent oracle :func:`_rule` applies the same text with :class:`fractions.Fraction`.
Tolerance: exact equality of the five-decimal results (compared as floats within 1e-12, far
below the 1e-5 grid).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from tsy.math import tips

GRID = 1e-12  # the results are on a 1e-5 grid; this only absorbs the float representation


def _rule(q: Fraction) -> float:
    """App. B I.B.3 by the letter: drop digits after the sixth decimal, then round half up."""
    six = Fraction(int(q * 10**6), 10**6)  # truncate (q > 0)
    five = int(six * 10**5 + Fraction(1, 2))  # round half up to five decimals
    return five / 10**5


def test_quotient_just_under_a_six_decimal_boundary_is_truncated():
    # The case: 322.69087 / 216.1395 = 1.49297499994216...; truncated 1.492974,
    # rounded 1.49297 (main gave 1.49298 by rounding the quotient to nine decimals first).
    assert Fraction("322.69087") / Fraction("216.1395") < Fraction("1.492975")
    assert tips.index_ratio(322.69087, 216.1395) == pytest.approx(1.49297, abs=GRID)


def test_912810QF8_on_2025_09_09(auctions, cpi_u_nsa):
    # 912810QF8 (2 1/8% TIPS of Feb 2040): Ref CPI on its dated date 216.139500 in the Fiscal
    # Data auctions_query export (fiscaldata_auctions_query_issue2010_2020.csv, auction
    # 2010-02-22). Ref CPI 2025-09-09 = CPI Jun 2025 322.561 + 8/30 (CPI Jul 2025 323.048 -
    # 322.561) = 322.6908666..., truncated 322.690866, rounded 322.69087 (CPIAUCNS.csv rows
    # 2025-06-01, 2025-07-01). Ratio 322.69087 / 216.1395 -> 1.49297 (see the test above).
    rec = auctions[auctions["cusip"] == "912810QF8"]
    base = float(rec["ref_cpi_on_dated_date"].iloc[0])
    assert base == pytest.approx(216.1395, abs=GRID)
    ref = tips.reference_cpi("2025-09-09", cpi_u_nsa)
    assert ref == pytest.approx(322.69087, abs=GRID)
    assert tips.index_ratio(ref, base) == pytest.approx(1.49297, abs=GRID)


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [
        ("100.0005", "100", 1.00001),  # 1.000005 exactly: the 6th decimal is 5 -> rounds up
        ("100.00049", "100", 1.0),  # 1.0000049: truncated to 1.000004 -> 1.00000
        ("100.00059", "100", 1.00001),  # 1.0000059: truncated to 1.000005 -> 1.00001
        ("154.65", "154.63333", 1.00011),  # App. B I.B.3 (iv): 1.000107803 -> 1.00011
        ("166.2", "164", 1.01341),  # App. B I.B.5: 1.0134146... -> 1.013414 -> 1.01341
    ],
)
def test_index_ratio_boundaries(num, den, expected):
    assert _rule(Fraction(num) / Fraction(den)) == pytest.approx(expected, abs=GRID)
    assert tips.index_ratio(float(num), float(den)) == pytest.approx(expected, abs=GRID)


def test_index_ratio_matches_the_rule_on_many_quotients():
    # Every pair of Ref CPIs on a 1e-5 grid around the case (322.69000..322.69199 over
    # 216.1395): 200 quotients, each compared with the exact rule; arrays take the same path.
    nums = [Fraction(32269000 + k, 10**5) for k in range(200)]
    den = Fraction("216.1395")
    got = tips.index_ratio(np.array([float(n) for n in nums]), float(den))
    want = np.array([_rule(n / den) for n in nums])
    np.testing.assert_allclose(got, want, rtol=0, atol=GRID)


def test_reference_cpi_half_at_the_sixth_decimal():
    # Ref CPI = 100 + 15/30 (100.00031 - 100) = 100.000155: truncated 100.000155, rounded half
    # up 100.00016 (App. B I.B.3); and 100 + 1/3 * 0.00002 = 100.0000066..: 100.000006 -> 100.00001.
    cpi = pd.Series([100.0, 100.00031], index=pd.to_datetime(["2001-01-01", "2001-02-01"]))
    assert tips.reference_cpi("2001-04-16", cpi) == pytest.approx(100.00016, abs=GRID)
    cpi2 = pd.Series([100.0, 100.00002], index=pd.to_datetime(["2001-01-01", "2001-02-01"]))
    # April has 30 days: t = 11 -> (t - 1)/D = 10/30 = 1/3
    assert tips.reference_cpi("2001-04-11", cpi2) == pytest.approx(100.00001, abs=GRID)


def test_truncate_round_reads_the_printed_decimal():
    # 1.4929749999 truncates to 1.492974 -> 1.49297; 154.65 (binary 154.6499999...) stays 154.65.
    assert tips.truncate_round(1.4929749999) == pytest.approx(1.49297, abs=GRID)
    assert tips.truncate_round(154.65) == pytest.approx(154.65, abs=GRID)
    assert tips.truncate_round(1.000107803) == pytest.approx(1.00011, abs=GRID)


def test_adjusted_principal_and_interest_exact():
    # App. B I.B.5: $100,000 par at index ratio 1.01341 -> $101,341 adjusted principal;
    # x .03875/2 = $1,963.481875 ($1,963.48). The products are exact decimals, so the floats
    # returned are the nearest doubles to them (no float noise from multiplying in binary).
    assert tips.adjusted_principal(1.01341, 100_000) == float(Fraction("101341"))
    assert tips.tips_coupon_payment(3.875, 1.01341, 100_000) == float(Fraction("1963.481875"))
    # 0.1 x 3 in binary is 0.30000000000000004; as decimals it is 0.3
    assert tips.adjusted_principal(1.1, 3) == 3.3


def test_adjusted_price_rounds_the_exact_product():
    # App. B III.B: P_adj = P x index ratio, to six decimals. 102.41475 x 1.422 = 145.6337745
    # exactly (written out: 102.41475 x 1.422 = 145.63377450), half up -> 145.633775; the float
    # product 145.63377449999... rounds to 145.633774. (Such ties: 9 in 200,000 random
    # six-decimal prices and five-decimal ratios, measured.)
    assert Fraction("102.41475") * Fraction("1.422") == Fraction("145.6337745")
    r = tips.tips_yield(
        1.0, 102.41475, "2024-01-16", "2034-01-15", "2024-01-15", index_ratio=1.422,
        convention="treasury", round_like_treasury=True,
    )  # fmt: skip
    assert r.adjusted_price == pytest.approx(145.633775, abs=GRID)
