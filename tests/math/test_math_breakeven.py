"""Breakevens against FRED's own published series (../shared/data/fred, through tsy's parser)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tsy.math.breakeven as be
from tsy.errors import InputError


def test_t5yifr_reproduces_fred_every_day(series):
    # FRED T5YIFR (2 decimals) from DGS5, DFII5, DGS10, DFII10 with FRED's formula: every
    # common date of the shared files (5,873 days) matches at the published precision.
    ours = be.t5yifr(series("DGS5"), series("DFII5"), series("DGS10"), series("DFII10"))
    assert isinstance(ours, pd.Series) and ours.name == "T5YIFR"
    pub = series("T5YIFR")
    both = pd.concat({"ours": ours, "pub": pub}, axis=1, join="inner")
    assert len(both) > 5800
    np.testing.assert_allclose(both["ours"].round(2), both["pub"], atol=1e-9)


@pytest.mark.parametrize(("tenor", "fred_id"), [(5, "T5YIE"), (10, "T10YIE")])
def test_breakeven_reproduces_fred(series, tenor, fred_id):
    # FRED T5YIE = DGS5 - DFII5 and T10YIE = DGS10 - DFII10 (2 decimals), every common date.
    ours = be.breakeven(series(f"DGS{tenor}"), series(f"DFII{tenor}"))
    both = pd.concat({"ours": ours, "pub": series(fred_id)}, axis=1, join="inner")
    assert len(both) > 5000
    np.testing.assert_allclose(both["ours"].round(2), both["pub"], atol=1e-9)


def test_anchor_day_2022_02_11():
    # MANIFEST anchors (FRED, 2022-02-11): DGS10 1.92, DFII10 -0.51, T10YIE 2.43; T5YIE 2.82,
    # T5YIFR 2.04.
    assert be.breakeven(1.92, -0.51) == pytest.approx(2.43, abs=1e-12)
    assert round(be.forward_breakeven(2.82, 5, 2.43, 10), 2) == pytest.approx(2.04)


def test_series_are_aligned_on_dates():
    idx = pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-04"])
    nominal = pd.Series([4.0, 4.1, 4.2], index=idx)
    real = pd.Series([1.9, 2.0], index=idx[1:])
    out = be.breakeven(nominal, real)
    assert list(out.index) == list(idx[1:])
    np.testing.assert_allclose(out.to_numpy(), [4.1 - 1.9, 4.2 - 2.0], atol=1e-12)


def test_fisher_breakeven():
    # (1 + n/200) = (1 + r/200)(1 + pi/200): 1.0225/1.01 - 1 = 0.012376..., x 200 (hand).
    assert be.fisher_breakeven(4.5, 2.0) == pytest.approx((1.0225 / 1.01 - 1) * 200, rel=1e-14)
    # Zero real yield: Fisher equals the simple difference.
    assert be.fisher_breakeven(3.0, 0.0) == pytest.approx(3.0, rel=1e-14)


def test_forward_breakeven_consistency_and_bad_tenors():
    # Flat breakevens give the same forward.
    assert be.forward_breakeven(2.5, 5, 2.5, 10) == pytest.approx(2.5, rel=1e-13)
    with pytest.raises(InputError, match="tenors"):
        be.forward_breakeven(2.5, 10, 2.5, 5)
