"""``tsy series ID --format csv`` on both engines: every stored observation of the data file,
in order, one ``date,value`` line each; several series outer-joined on date with blanks where a
series has no value; the same one-line errors as the other formats.

Expectations come from the files themselves (``../shared/data/fred/DGS10.csv``: 16,144 rows with
a value, line 15,016 ``2022-02-11,1.92``; ``WALCL.csv``: weekly, Wednesdays), read here with the
csv module, not with tsy.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import DATA, run_tsy


def _file_rows(series_id: str) -> list[tuple[str, float]]:
    with open(DATA / "fred" / f"{series_id}.csv", newline="") as f:
        rows = list(csv.reader(f))[1:]
    return [(d, float(v)) for d, v in rows if v.strip() not in ("", ".")]


def _printed(stdout: str) -> list[list[str]]:
    return list(csv.reader(stdout.splitlines()))


@pytest.fixture
def db(db_target: str, tmp_path: Path) -> str:
    files = [str(DATA / "fred" / f"{sid}.csv") for sid in ("DGS10", "WALCL")]
    r = run_tsy("import", *files, db=db_target, data_dir=tmp_path)
    assert r.returncode == 0, r.stderr
    return db_target


def test_one_series_is_every_row_of_its_file(db: str, tmp_path: Path) -> None:
    r = run_tsy("series", "DGS10", "--format", "csv", db=db, data_dir=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = _printed(r.stdout)
    assert lines[0] == ["date", "DGS10"]
    want = _file_rows("DGS10")
    assert len(want) == 16144 and len(lines) == 16145
    assert [d for d, _ in lines[1:]] == [d for d, _ in want]
    assert [float(v) for _, v in lines[1:]] == pytest.approx([v for _, v in want], abs=1e-12)
    assert "2022-02-11,1.92\n" in r.stdout  # DGS10.csv line 15,016, as printed
    assert r.stdout.endswith("\n") and "\r" not in r.stdout


def test_several_series_are_joined_on_date_with_blanks(db: str, tmp_path: Path) -> None:
    r = run_tsy(
        "series", "WALCL", "DGS10", "--format", "csv", "--start", "2024-01", "--end", "2024-02",
        db=db, data_dir=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    lines = _printed(r.stdout)
    assert lines[0] == ["date", "WALCL", "DGS10"]
    walcl = {d: v for d, v in _file_rows("WALCL") if "2024-01-01" <= d <= "2024-02-29"}
    dgs10 = {d: v for d, v in _file_rows("DGS10") if "2024-01-01" <= d <= "2024-02-29"}
    assert [row[0] for row in lines[1:]] == sorted(walcl.keys() | dgs10.keys())
    for day, w, y in lines[1:]:
        assert (w == "") == (day not in walcl) and (y == "") == (day not in dgs10)
        if w:
            assert float(w) == pytest.approx(walcl[day], abs=1e-9)
        if y:
            assert float(y) == pytest.approx(dgs10[day], abs=1e-12)


def test_errors_are_one_line(db: str, tmp_path: Path) -> None:
    missing = run_tsy("series", "DGS10", "DFII10", "--format", "csv", db=db, data_dir=tmp_path)
    assert missing.returncode != 0 and missing.stdout == ""
    assert "not in the store: DFII10" in missing.stderr and "Traceback" not in missing.stderr
    empty = run_tsy(
        "series", "WALCL", "--format", "csv", "--start", "1990", "--end", "1991",
        db=db, data_dir=tmp_path,
    )  # fmt: skip
    assert empty.returncode != 0
    assert "no observations of WALCL from 1990-01-01 to 1991-12-31" in empty.stderr
    unknown = run_tsy("series", "NOPE", "--format", "csv", db=db, data_dir=tmp_path)
    assert unknown.returncode != 0 and "unknown series id 'NOPE'" in unknown.stderr
