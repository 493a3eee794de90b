"""`tsy import ../shared/data` recognises every official and market file by content and skips
the rest with reasons (data/README.md, "What `tsy import ../shared/data` should do")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATA, ENGINES, PgServer, _pg_admin_url, run_tsy
from tsy.store import open_store


@pytest.fixture(scope="module", params=ENGINES)
def imported(request, tmp_path_factory):
    """``tsy import ../shared/data`` into a new store on each engine."""
    folder = tmp_path_factory.mktemp("shared")
    server = None
    if request.param == "sqlite":
        db = str(folder / "t.db")
    else:
        server = PgServer(_pg_admin_url())
        db = server.new()
    try:
        r = run_tsy("import", str(DATA), "-f", "json", db=db, data_dir=folder, timeout=600)
        assert r.returncode == 0, r.stderr
        yield db, {o["file"]: o for o in json.loads(r.stdout)}
    finally:
        if server is not None:
            server.drop_all()


def test_every_series_file_imported_as_its_header(imported):
    db, out = imported
    for folder in ("fred", "market"):
        for f in sorted((DATA / folder).glob("*.csv")):
            o = out[f"{folder}/{f.name}"]
            assert o["status"] == "imported" and o["format"] == "fred-csv", o
    with open_store(db, readonly=True) as store:
        stats = store.series_stats().set_index("series_id")
    # rows with a value in data/fred/DGS10.csv (16,144 of 16,823 lines; blanks are holidays)
    assert int(stats.loc["DGS10", "rows"]) == 16144
    assert str(stats.loc["GOLDPMUSD", "last_date"])[:10] == "2026-08-20"  # MANIFEST.md


def test_official_files_recognised_by_content(imported):
    _, out = imported
    want = {
        "cftc/tff_futures_only_2025_to0429.txt": "cftc",
        "treasury/daily_treasury_par_yield_curve_2024.csv": "treasury",
        "treasury/tic_mfhhis01.txt": "tic",
        "treasury/auctions/fiscaldata_auctions_query_issue2023.csv": "fiscaldata",
        "treasury/auctions/treasurydirect_auction_query_index_1979_2025.csv": "treasurydirect",
    }
    for name, fmt in want.items():
        assert out[name]["status"] == "imported" and out[name]["format"].startswith(fmt), out[name]
    for name, o in out.items():
        top = Path(name).parts[0]
        if top in ("fred", "market", "cftc", "treasury", "fed") and not name.endswith(".xls"):
            assert o["status"] == "imported", o


def test_extras_skipped_with_reasons_and_acm_imported(imported):
    _, out = imported
    skipped = {n: o for n, o in out.items() if Path(n).parts[0] == "extras"}
    assert skipped and all(o["status"] == "skipped" and o["reason"] for o in skipped.values())
    # issue 17: the NY Fed ACM files are imported as catalogue series (term premia)
    for name in ("fed/acm_fitted_yields_1961_2025.csv", "fed/ACMTermPremium_monthly_1961_2025.csv"):
        assert out[name]["status"] == "imported" and out[name]["format"] == "nyfed-acm-csv"
    assert all(o["status"] != "failed" for o in out.values())


def test_reimport_writes_nothing(imported):
    db, _ = imported
    r = run_tsy("import", str(DATA / "cftc"), "-f", "json", db=db, timeout=600)
    out = json.loads(r.stdout)
    assert sum(o["new"] + o["revised"] for o in out) == 0
