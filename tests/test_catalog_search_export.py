"""``tsy catalog --search`` over ids and en/zh titles; ``tsy series ID --out FILE`` exports."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.conftest import load_shared_series, run_tsy
from tests.report._store import shared_store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return shared_store(tmp_path_factory).db_path


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("dfii10", "DFII10"),  # an id, any case
        ("10-year tips", "DFII10"),  # the English title (tsy.catalog), any case
        ("10年期通胀保护", "DFII10"),  # the Chinese title
    ],
)
def test_search_finds_ids_and_titles(db, word, expected):
    r = run_tsy("catalog", "--search", word, "-f", "json", db=db)
    assert r.returncode == 0, r.stderr
    ids = {row["id"] for row in json.loads(r.stdout)}
    assert expected in ids
    assert "SP500" not in ids


def test_search_without_a_match_is_a_one_line_error(db):
    r = run_tsy("catalog", "--search", "no-such-series-xyz", db=db)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet", ".xlsx"])
def test_series_out_writes_the_stored_values(db, tmp_path, suffix):
    out = tmp_path / f"dgs10{suffix}"
    r = run_tsy(
        "series", "DGS10", "--start", "2024-01", "--end", "2024-03", "--out", str(out), db=db
    )
    assert r.returncode == 0, r.stderr
    readers = {
        ".csv": lambda p: pd.read_csv(p, parse_dates=["date"]),
        ".json": lambda p: pd.DataFrame(json.loads(p.read_text())).assign(
            date=lambda f: pd.to_datetime(f["date"])
        ),
        ".parquet": pd.read_parquet,
        ".xlsx": lambda p: pd.read_excel(p, parse_dates=["date"]),
    }
    got = readers[suffix](out).set_index("date")["DGS10"].dropna()
    want = load_shared_series("DGS10").loc["2024-01-01":"2024-03-31"].dropna()  # data/fred/DGS10
    assert len(got) == len(want)
    assert got.to_numpy() == pytest.approx(want.to_numpy(), abs=1e-9)


def test_unknown_suffix_names_the_formats(db, tmp_path):
    r = run_tsy("series", "DGS10", "--out", str(tmp_path / "x.feather"), db=db)
    assert r.returncode == 2 and ".parquet" in r.stderr and "Traceback" not in r.stderr
