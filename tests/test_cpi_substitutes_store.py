"""Treasury's index number for October 2025 in the store, `tsy status` and `tsy calc tips`.

The CPI-U for October 2025 was never published (../shared/data/fred/CPIAUCNS.csv has it blank).
31 CFR 356 App. B I.B.4(iv): Treasury announces an index number from the last available
twelve-month change, 325.604 (Treasury's announcement, quoted by monetarybrief.com), and uses it
for every later calculation, never replacing it by a CPI reported later.

Index ratios: Treasury's published daily index ratios of 912810PV4 (1 3/4% TIPS of January 2028,
dated 2008-01-15, Ref CPI on dated date 209.49645) for January 2026, republished at
https://eyebonds.info/tips/2026/tips28_2026.html: 2026-01-01 1.55422, 2026-01-15 1.55103
(no TreasuryDirect index-ratio file is in ../shared). Tolerance: the published five decimals.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import DATA, run_tsy
from tsy.cpi_substitutes import TABLE
from tsy.store import open_store

PV4 = ["calc", "tips", "--coupon", "1.75", "--dated", "2008-01-15", "--maturity", "2028-01-15",
       "--yield", "1.0", "-f", "json"]  # fmt: skip


def _import_cpi(db):
    r = run_tsy("import", str(DATA / "fred" / "CPIAUCNS.csv"), db=db)
    assert r.returncode == 0, r.stderr


def test_store_keeps_the_index_number_apart_from_cpiaucns(db_target):
    db = db_target  # both engines
    _import_cpi(db)
    with open_store(db, readonly=True) as store:
        rows = store.read_table(TABLE)
        cpi = store.read_series("CPIAUCNS")
    assert len(rows) == 1
    row = rows.iloc[0]
    assert str(row["date"])[:10] == "2025-10-01" and row["series_id"] == "CPIAUCNS"
    assert row["value"] == pytest.approx(325.604, abs=1e-9)
    assert row["kind"] == "substitute" and "356" in row["rule"]
    assert row["based_on"] == "2025-09 324.8 / 2024-09 315.301"  # CPIAUCNS.csv rows
    assert "2025-10-01" not in set(cpi.dropna().index.strftime("%Y-%m-%d"))


def test_status_shows_the_substitute(tmp_path):
    db = tmp_path / "t.db"
    _import_cpi(db)
    r = run_tsy("status", "-f", "json", db=db)
    assert r.returncode == 0, r.stderr
    rows = {row["series"]: row for row in json.loads(r.stdout)}
    assert "2025-10 = 325.604" in rows["CPIAUCNS"]["substitutes"]
    assert "substitute" in rows["CPIAUCNS"]["substitutes"]
    assert rows["DGS10"]["substitutes"] == ""


def test_calc_tips_january_2026_matches_treasury(tmp_path):
    db = tmp_path / "t.db"
    _import_cpi(db)
    for settle, ratio in (("2026-01-01", 1.55422), ("2026-01-15", 1.55103)):
        r = run_tsy(*PV4, "--settle", settle, db=db)
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert out["ref_cpi_dated"] == pytest.approx(209.49645, abs=1e-9)
        assert out["index_ratio"] == pytest.approx(ratio, abs=1e-9)
        assert out["cpi_substitutes_used"].startswith("2025-10 = 325.604")


def test_a_cpi_reported_later_does_not_replace_the_number(tmp_path, db_target):
    # A constructed CPIAUCNS file (the shared file with a made-up October 2025 value, 330.000):
    # BLS never reported it; this checks App. B I.B.4(iv)(c) ("will not replace it").
    db = db_target  # both engines
    _import_cpi(db)
    late = tmp_path / "CPIAUCNS.csv"
    text = (DATA / "fred" / "CPIAUCNS.csv").read_text()
    assert "\n2025-10-01,\n" in text
    late.write_text(text.replace("\n2025-10-01,\n", "\n2025-10-01,330.0\n"))
    assert run_tsy("import", str(late), db=db).returncode == 0
    with open_store(db, readonly=True) as store:
        assert store.read_series("CPIAUCNS")["2025-10-01"] == pytest.approx(330.0)
        assert store.read_table(TABLE)["value"].tolist() == [pytest.approx(325.604, abs=1e-9)]
    out = json.loads(run_tsy(*PV4, "--settle", "2026-01-01", db=db).stdout)
    assert out["index_ratio"] == pytest.approx(1.55422, abs=1e-9)  # 325.604 / 209.49645
