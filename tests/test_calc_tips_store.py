"""`tsy calc tips` takes CPI-U NSA from the store when no CPI is given.

Expected values: Fiscal Data auctions_query, 10-year TIPS 91282CHP9 reopened 2023-11-21, issued
2023-11-30 (data/treasury/auctions/fiscaldata_auctions_query_issue2023.csv): ref_cpi_on_dated_date
303.70803, ref_cpi_on_issue_date 307.76357, index_ratio_on_issue_date 1.01335, high_yield 2.180,
adj_price 94.285157 (treasury convention, 31 CFR 356 App. B III).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import DATA, run_tsy

ARGS = ["calc", "tips", "--coupon", "1.375", "--dated", "2023-07-15", "--maturity", "2033-07-15",
        "--settle", "2023-11-30", "--yield", "2.18", "--convention", "treasury"]  # fmt: skip


def test_tips_uses_store_cpi(tmp_path):
    db = tmp_path / "t.db"
    assert run_tsy("import", str(DATA / "fred" / "CPIAUCNS.csv"), db=db).returncode == 0
    r = run_tsy(*ARGS, "-f", "json", db=db)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["cpi_source"].startswith("store")
    assert out["ref_cpi_dated"] == pytest.approx(303.70803, abs=5e-6)
    assert out["ref_cpi_settle"] == pytest.approx(307.76357, abs=5e-6)
    assert out["index_ratio"] == pytest.approx(1.01335, abs=5e-6)
    assert out["adjusted_price"] == pytest.approx(94.285157, abs=5e-7)


def test_tips_without_cpi_says_what_to_do(tmp_path):
    r = run_tsy(*ARGS, db=tmp_path / "none.db")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "--cpi-file" in r.stderr and len(r.stderr.strip().splitlines()) == 1
