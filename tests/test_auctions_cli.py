"""`tsy auctions` on a store filled from ../shared/data/treasury/auctions by the real importer.

Expected values: the 2025-04-08 3-year auction, CUSIP 91282CMW8: high 3.784%, bid-to-cover
2.47, direct bidders 6.24% (data/README.md; the derived excerpt is its only offline copy).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import DATA, run_tsy


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("auc") / "t.db"
    r = run_tsy("import", str(DATA / "treasury" / "auctions"), "-f", "json", db=path)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    # official files imported; the .xls workbooks skipped with a reason
    assert {o["status"] for o in out if o["file"].endswith(".xls")} == {"skipped"}
    assert all(o["status"] == "imported" for o in out if o["file"].endswith(".csv"))
    return path


def test_secondary_metrics_fill_the_2025_04_08_three_year(db):
    r = run_tsy(
        "auctions", "--term", "3-Year", "--since", "2025-04-08", "--limit", "0", "-f", "json", db=db
    )
    rows = {x["date"]: x for x in json.loads(r.stdout)}
    row = rows["2025-04-08"]
    assert row["cusip"] == "91282CMW8" and row["source"] == "derived"
    assert row["high_pct"] == pytest.approx(3.784, abs=5e-4)
    assert row["btc"] == pytest.approx(2.47, abs=5e-3)
    assert row["direct_pct"] == pytest.approx(6.24, abs=5e-3)


def test_official_record_wins_over_treasurydirect_index(db):
    # 2023 coupon auctions are in both the Fiscal Data export and TreasuryDirect's index;
    # the official record must keep its source and its results.
    r = run_tsy(
        "auctions",
        "--term",
        "10-Year",
        "--since",
        "2023-01-01",
        "--limit",
        "0",
        "-f",
        "json",
        db=db,
    )
    rows = [x for x in json.loads(r.stdout) if x["date"].startswith("2023")]
    assert rows and all(x["source"] == "fiscaldata" for x in rows)
    # direct + indirect + dealer = 100% of competitive accepted, within the rounding of three
    # shares written to 3 decimals (tsy.units: 3 x 5e-4)
    for x in rows:
        assert x["direct_pct"] + x["indirect_pct"] + x["dealer_pct"] == pytest.approx(
            100, abs=1.5e-3 + 1e-9
        )


def test_bad_filters_are_clean_errors(db):
    r = run_tsy("auctions", "--type", "stock", db=db)
    assert r.returncode == 2 and "--type 'stock'" in r.stderr and "Traceback" not in r.stderr
    r = run_tsy("auctions", "--term", "11-Year", db=db)
    assert r.returncode == 2 and "no auctions with --term" in r.stderr


def test_since_2026_shows_the_derived_2026_auctions(db):
    # The official files end in 2025; the derived excerpt has 2026 coupon auctions, e.g.
    # 2026-10-06 3-Year 91282CRQ6: high 4.932%, bid-to-cover 2.62 (data/treasury/auctions/
    # coupon_auction_metrics_derived_2008-2009_2021_2024-2026_EXCERPT.csv, its last row).
    r = run_tsy("auctions", "--since", "2026-01-01", "--limit", "0", "-f", "json", db=db)
    assert r.returncode == 0, r.stderr
    rows = {x["cusip"]: x for x in json.loads(r.stdout)}
    row = rows["91282CRQ6"]
    assert row["date"] == "2026-10-06" and row["source"] == "derived"
    assert row["high_pct"] == pytest.approx(4.932, abs=5e-4)
    assert row["btc"] == pytest.approx(2.62, abs=5e-3)
    assert all(x["date"] >= "2026-01-01" for x in rows.values())
