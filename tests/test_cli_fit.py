"""Tables that fit the terminal by leaving out optional columns instead of folding into blocks.

``tsy status`` at 80 columns on a store of the real shared files: one line per series (it
printed nine lines per series, 1,300 lines for the 145 series of `make run`), "Last fetched"
and the first date left out; at 200 columns every column is there.
"""

from __future__ import annotations

import pytest

from tests.conftest import run_tsy
from tests.report._store import shared_store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return shared_store(tmp_path_factory).db_path


def test_status_is_one_line_per_series_at_80_columns(db):
    res = run_tsy("status", db=db, columns=80)
    assert res.returncode == 0, res.stderr[-800:]
    lines = res.stdout.splitlines()
    assert max(len(x) for x in lines) <= 80
    head = next(i for i, x in enumerate(lines) if x.startswith("Series"))
    assert "Last date" in lines[head] and "Status" in lines[head]
    assert "fetched" not in "".join(lines[head - 1 : head + 1])
    # DGS10's row, whole on one line: data/fred/DGS10.csv ends 2026-08-20 (its last row)
    dgs10 = [x for x in lines if x.split()[:1] == ["DGS10"]]
    assert len(dgs10) == 1 and "2026-08-20" in dgs10[0]
    assert not any(x.startswith("----") for x in lines)  # no folded blocks


def test_status_keeps_every_column_when_it_fits(db):
    res = run_tsy("status", db=db, columns=200)
    assert res.returncode == 0, res.stderr[-800:]
    assert "Last fetched" in res.stdout and "First date" in res.stdout
    csv = run_tsy("status", "--format", "csv", db=db, columns=80)
    assert csv.stdout.splitlines()[0].startswith("series,freq,rows,first_date,last_date")


def test_import_is_one_table_at_80_columns_long_file_names_cut_in_the_middle(tmp_path):
    # the longest shared file name, 85 characters: it folded the whole import into blocks of
    # five lines per file; now its middle is cut and every file keeps one table row
    from rich.cells import cell_len

    from tests.conftest import DATA

    name = "treasury/auctions/coupon_auction_metrics_derived_2008-2009_2021_2024-2026_EXCERPT.csv"
    assert (DATA / name).is_file()
    folder = DATA / "treasury" / "auctions"
    res = run_tsy("import", str(folder), db=tmp_path / "tsy.db", columns=80)
    assert res.returncode == 0, res.stderr[-800:]
    lines = res.stdout.splitlines()
    assert max(cell_len(x) for x in lines) <= 80
    assert not any(x.startswith("----") for x in lines)  # no folded blocks
    head = next(x for x in lines if x.startswith("File"))
    assert "Status" in head and "New" in head
    rows = [x for x in lines if "…" in x and x.split("…")[1].split()[0].endswith("EXCERPT.csv")]
    assert len(rows) == 1 and rows[0].startswith("coupon_") and "imported" in rows[0]
    assert name.endswith(rows[0].split("…")[1].split()[0])  # its own end, the file's name
    csv = run_tsy("import", str(folder), "--format", "csv", db=tmp_path / "b.db", columns=80)
    assert name.removeprefix("treasury/auctions/") in csv.stdout  # csv carries it whole
