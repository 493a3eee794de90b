"""A CPI month never published: Treasury's index number (31 CFR 356 App. B I.B.4(iv)).

The CPI-U for October 2025 was never published (federal shutdown; ../shared/data/fred/CPIAUCNS.csv
has it blank). Treasury announced the index number 325.604 for it under the contingency rule of
the TIPS terms ("Based on the calculations described in the UOC, the index number for October
2025 is 325.604", Treasury's announcement as quoted by monetarybrief.com, "Treasury sets
provisional CPI index for TIPS payments amid data release delay").

Daily index ratios for January 2026: no TreasuryDirect CPI/index-ratio file is in ../shared, so the
values below are Treasury's published daily index ratios for 912810PV4 (1 3/4% TIPS of January
2028, Ref CPI on dated date 209.49645) as republished at https://eyebonds.info/tips/2026/
tips28_2026.html ("Index Ratios for 2026"). Tolerance: equal to the published five decimals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tsy.errors import InputError
from tsy.math import cpi as tcpi
from tsy.math import tips

GRID = 1e-12  # five-decimal results; this only absorbs float representation

# Treasury's daily index ratios of 912810PV4, January 1..31, 2026 (eyebonds.info, see above).
PV4_JANUARY_2026 = [
    1.55422, 1.55399, 1.55377, 1.55354, 1.55331, 1.55308, 1.55285, 1.55262, 1.55240, 1.55217,
    1.55194, 1.55171, 1.55148, 1.55126, 1.55103, 1.55080, 1.55057, 1.55034, 1.55011, 1.54989,
    1.54966, 1.54943, 1.54920, 1.54897, 1.54875, 1.54852, 1.54829, 1.54806, 1.54783, 1.54760,
    1.54738,
]  # fmt: skip


def test_october_2025_index_number(cpi_u_nsa):
    # 324.800 x (324.800 / 315.301)^(1/12) = 325.60438... -> 325.604 (CPIAUCNS.csv rows 2025-09-01
    # and 2024-09-01); the only interior gap of the file.
    subs = tcpi.index_substitutes(cpi_u_nsa)
    assert list(subs.index) == [pd.Timestamp("2025-10-01")]
    assert subs.iloc[0] == pytest.approx(325.604, abs=GRID)


def test_generalised_formula_two_months_late():
    # App. B I.B.4(iv)(b): last reported CPI N = 2 months before M:
    # CPI_M = CPI_(M-2) (CPI_(M-2)/CPI_(M-14))^(2/12) = 200 (200/190)^(1/6) = 201.7171.. -> 201.717
    cpi = pd.Series([190.0, 200.0], index=pd.to_datetime(["2020-01-01", "2021-01-01"]))
    assert tcpi.contingency_index(cpi, "2021-03-15") == pytest.approx(201.717, abs=GRID)
    with pytest.raises(InputError, match="2020-01-01"):  # no CPI a year before the base
        tcpi.contingency_index(cpi.iloc[1:], "2021-02-01")


def test_january_2026_index_ratios_of_912810PV4(cpi_u_nsa):
    # Ref CPI on 2026-01-01 is the October 2025 index number; 912810PV4's base Ref CPI
    # 209.49645 (dated 2008-01-15) is recomputed from CPIAUCNS too (Oct/Nov 2007).
    base = tips.reference_cpi("2008-01-15", cpi_u_nsa)
    assert base == pytest.approx(209.49645, abs=GRID)
    days = pd.date_range("2026-01-01", "2026-01-31")
    ratios = tips.index_ratio(tips.reference_cpi(days, cpi_u_nsa), base)
    np.testing.assert_allclose(ratios, PV4_JANUARY_2026, rtol=0, atol=GRID)
    assert tips.reference_cpi("2026-01-01", cpi_u_nsa) == pytest.approx(325.604, abs=GRID)


def test_announced_number_is_never_replaced_by_a_late_cpi(cpi_u_nsa):
    # App. B I.B.4(iv)(c): once announced, the number is used for every later calculation even
    # if the actual CPI is reported later. Pretend BLS later reported 330.000 for October 2025.
    late = cpi_u_nsa.copy()
    late[pd.Timestamp("2025-10-01")] = 330.0
    announced = tcpi.index_substitutes(cpi_u_nsa)
    ref = tips.reference_cpi("2026-01-01", late, substitutes=announced)
    assert ref == pytest.approx(325.604, abs=GRID)
    # without the stored number the late CPI would be used (what the store prevents)
    assert tips.reference_cpi("2026-01-01", late) == pytest.approx(330.0, abs=GRID)


def test_later_months_use_the_last_reported_cpi(cpi_u_nsa):
    # Ref CPI 2026-02-01 = CPI Nov 2025 = 324.122 as reported (CPIAUCNS.csv row 2025-11-01);
    # 2026-01-16 interpolates 325.604 -> 324.122: 325.604 + 15/31 (324.122 - 325.604)
    # = 324.886903..., truncated 324.886903, rounded 324.88690.
    assert tips.reference_cpi("2026-02-01", cpi_u_nsa) == pytest.approx(324.122, abs=GRID)
    assert tips.reference_cpi("2026-01-16", cpi_u_nsa) == pytest.approx(324.8869, abs=GRID)


def test_beyond_the_last_reported_month_still_raises(cpi_u_nsa):
    # CPIAUCNS.csv ends 2026-06: the Ref CPI of 2026-10-01 needs July 2026, not yet reported.
    with pytest.raises(InputError, match="2026-07"):
        tips.reference_cpi("2026-10-01", cpi_u_nsa)
