"""Recognition by content: every detector over every shared file; each file claimed once."""

from __future__ import annotations

import importlib

import pytest

from tests.conftest import DATA, FIXTURES
from tsy.sources import PROVIDERS, files

MINE = PROVIDERS
MY_FORMATS = [f for m in MINE for f in importlib.import_module(m).FORMATS]
ROOTS = [DATA / "treasury", DATA / "cftc", FIXTURES]

# expected claims (by our format name) for the shared files; all others: no claim by ours
EXPECTED = {
    "daily-treasury-rates_2023_official_download.csv": "treasury-par-curve-csv",
    "daily_treasury_par_yield_curve_2024.csv": "treasury-par-curve-csv",
    "daily_treasury_par_yield_curve_2025.csv": "treasury-par-curve-csv",
    "tic_mfhhis01.txt": "tic-mfh",
    "treasurydirect_auction_prices_1992_2024.csv": "treasurydirect-securities-csv",
    "treasurydirect_auction_query_index_1979_2025.csv": "treasurydirect-securities-csv",
    "Securities_csv_export_sample.csv": "treasurydirect-securities-csv",
    "securities_search_2023-09-01_2023-11-16_first4.json": "treasurydirect-securities-json",
    "auctions_query_bills_2026-01.json": "fiscaldata-auctions-json",
    "sofr_search_2024-06-01_2024-06-06.json": "nyfed-rates-json",
    "coupon_auction_metrics_derived_2008-2009_2021_2024-2026_EXCERPT.csv": (
        "auction-metrics-derived-csv"
    ),
}


def _head(path) -> str:
    with path.open("rb") as fh:
        return fh.read(files.SNIFF_BYTES).decode("utf-8", errors="replace")


def _all_files():
    return sorted(p for root in ROOTS for p in root.rglob("*") if p.is_file())


def test_names_unique():
    names = [f.name for f in MY_FORMATS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("path", _all_files(), ids=lambda p: p.name)
def test_each_file_claimed_at_most_once(path):
    head = _head(path)
    claims = [f.name for f in [files.FRED_LAYOUT, *MY_FORMATS] if f.detect(head)]
    assert len(claims) <= 1, claims
    mine = [f.name for f in MY_FORMATS if f.detect(head)]
    if path.name in EXPECTED:
        assert mine == [EXPECTED[path.name]]
    elif path.name.startswith("fiscaldata_auctions_query_issue"):
        assert mine == ["fiscaldata-auctions-csv"]
    elif path.name.startswith("tff_futures_only_"):
        assert mine == ["cftc-tff-txt"]
    else:  # FRED-layout fixtures, auction results XML, .xls workbooks
        assert mine == []


def test_recognised_files_parse():
    # every recognised shared file parses with the format that claims it (the large CFTC and
    # Fiscal Data files are parsed in their own tests)
    for path in _all_files():
        fmt = next((f for f in MY_FORMATS if f.detect(_head(path))), None)
        if fmt is None or path.stat().st_size > 600_000:
            continue
        assert fmt.parse(path.read_bytes()).rows() > 0, path.name


def test_fred_layout_files_not_mine():
    for path in sorted((DATA / "market").glob("*.csv")) + sorted((DATA / "fred").glob("*.csv")):
        head = _head(path)
        assert not [f.name for f in MY_FORMATS if f.detect(head)], path.name
