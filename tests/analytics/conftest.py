"""Shared fixtures of the analytics tests: CPI-U NSA and breakevens from ../shared/data/fred."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def cpi(series):
    """CPIAUCNS.csv through tsy's FRED parser."""
    return series("CPIAUCNS")


@pytest.fixture(scope="module")
def be10(series):
    """10y breakeven DGS10 - DFII10, percent (DGS10.csv, DFII10.csv)."""
    return (series("DGS10") - series("DFII10")).dropna()


@pytest.fixture(scope="module")
def be5(series):
    """5y breakeven DGS5 - DFII5, percent (DGS5.csv, DFII5.csv)."""
    return (series("DGS5") - series("DFII5")).dropna()
