"""Fixtures for the Treasury math tests: the Treasury's own auction records, read in place."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

AUCTION_FILES = (
    "fiscaldata_auctions_query_issue2010_2020.csv",
    "fiscaldata_auctions_query_issue2022.csv",
    "fiscaldata_auctions_query_issue2023.csv",
)


@pytest.fixture(scope="session")
def auctions(shared_dir: Path) -> pd.DataFrame:
    """Every record of the Fiscal Data ``auctions_query`` CSV exports (all fields as text)."""
    folder = shared_dir / "data" / "treasury" / "auctions"
    frames = [pd.read_csv(folder / name, dtype=str, na_values=["null"]) for name in AUCTION_FILES]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="session")
def bills_2026_01(shared_dir: Path) -> pd.DataFrame:
    """The recorded Fiscal Data response ``auctions_query_bills_2026-01.json`` as a frame."""
    path = shared_dir / "fixtures" / "fiscaldata" / "auctions_query_bills_2026-01.json"
    payload = json.loads(path.read_text())
    return pd.DataFrame(payload["data"]).replace("null", np.nan)


@pytest.fixture(scope="session")
def cpi_u_nsa(series) -> pd.Series:
    """CPI-U NSA monthly (FRED CPIAUCNS, ../shared/data/fred) through tsy's FRED parser."""
    return series("CPIAUCNS")
