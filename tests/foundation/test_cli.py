"""The `tsy` command as a user runs it: subprocesses, real store, real files from ../shared.

Values: DGS10 2022-02-11 = 1.92, DFII10 = -0.51 (data/fred/*.csv, MANIFEST.md anchors).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DATA, FIXTURES, run_tsy

FRED_FILES = [
    DATA / "fred" / "DGS10.csv",
    DATA / "fred" / "DFII10.csv",
    DATA / "fred" / "DFII7.csv",
]


def tsy(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return run_tsy(*args, db=db, timeout=120)


def assert_clean_error(r: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert r.returncode != 0, r.stdout
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    for n in needles:
        assert n in r.stderr, r.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "tsy.db"
    r = tsy("import", *map(str, FRED_FILES), db=path)
    assert r.returncode == 0, r.stderr
    return path


def test_import_then_series_csv_and_json(db):
    r = tsy(
        "series",
        "DGS10",
        "DFII10",
        "--start",
        "2022-02-10",
        "--end",
        "2022-02-11",
        "--format",
        "csv",
        db=db,
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0] == "date,DGS10,DFII10"
    assert lines[-1] == "2022-02-11,1.92,-0.51"
    r = tsy("series", "DGS10", "--start", "2022-02-11", "--end", "2022-02-11", "-f", "json", db=db)
    assert json.loads(r.stdout) == [{"date": "2022-02-11", "DGS10": 1.92}]


def test_reimport_writes_nothing(db):
    r = tsy("import", str(FRED_FILES[0]), "--format", "json", db=db)
    out = json.loads(r.stdout)
    assert r.returncode == 0 and out[0]["new"] == 0 and out[0]["revised"] == 0
    assert out[0]["format"] == "fred-csv"


def test_status_and_catalog(db):
    r = tsy("status", "--format", "json", db=db)
    rows = {x["series"]: x for x in json.loads(r.stdout)}
    assert rows["DGS10"]["last_date"] == "2026-08-20"  # last row of data/fred/DGS10.csv
    assert rows["DFII7"]["status"] == "stale"  # ends 2022-11-25 (data/README.md known gaps)
    assert rows["DGS2"]["status"] == "missing"
    r = tsy("catalog", "--group", "tips", "--format", "csv", db=db)
    assert r.returncode == 0 and "DFII10" in r.stdout and "通胀保护债券" in r.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["series", "DGS99"], "unknown series id 'DGS99'"),
        (["series", "DGS10", "--start", "2022-13-45"], "not a date"),
        (["series", "DGS10", "--start", "2022-02-11", "--end", "2022-01-01"], "before start"),
        (["series", "DGS2"], "not in the store: DGS2"),
        (["import", "/nonexistent/file.csv"], "no such file"),
        (["catalog", "--group", "nope"], "unknown group"),
    ],
)
def test_bad_input_one_line_no_traceback(db, args, needle):
    r = tsy(*args, db=db)
    assert_clean_error(r, needle)
    assert r.returncode == 2


def test_unknown_file_skipped_with_reason_and_strict(db, tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_text("when,what\n1,2\n")
    r = tsy("import", str(junk), "--format", "json", db=db)
    out = json.loads(r.stdout)
    assert r.returncode == 0 and out[0]["status"] == "skipped"
    assert "when,what" in out[0]["reason"]
    r = tsy("import", str(junk), "--strict", db=db)
    assert r.returncode == 1


def test_bad_file_fails_and_writes_nothing(db, tmp_path):
    bad = tmp_path / "DGS10.csv"
    bad.write_text("observation_date,DGS10\n2030-01-01,4.5\n2030-01-02,abc\n")
    r = tsy("import", str(bad), "--format", "json", db=db)
    assert r.returncode == 1
    assert "line 3" in json.loads(r.stdout)[0]["reason"]
    r = tsy("series", "DGS10", "--start", "2030-01-01", db=db)
    assert_clean_error(r, "no observations of DGS10 from 2030-01-01")
    r = tsy("series", "DGS10", "--start", "2026-08-20", "-f", "csv", db=db)
    assert r.stdout.splitlines()[-1] == "2026-08-20,4.69"  # last row of data/fred/DGS10.csv


def test_two_column_user_file_with_date_format(db, tmp_path):
    f = tmp_path / "gold.csv"
    f.write_text("Date,Price\n07/04/2025,2950.0\n04/04/2025,3054.5\n")  # DD/MM/YYYY, newest first
    r = tsy("import", str(f), "--series", "GOLDPMUSD", "--date-format", "dmy", db=db)
    assert r.returncode == 0, r.stderr
    r = tsy("series", "GOLDPMUSD", "--format", "csv", db=db)
    assert r.stdout.strip().splitlines()[1:] == ["2025-04-04,3054.5", "2025-04-07,2950.0"]


def test_fred_legacy_fixture_imports(db):
    r = tsy("import", str(FIXTURES / "fred"), "--format", "json", db=db)
    out = json.loads(r.stdout)
    assert r.returncode == 0 and all(o["status"] == "imported" for o in out)


def test_status_without_database_says_what_to_do(tmp_path):
    r = tsy("status", db=tmp_path / "none.db")
    assert_clean_error(r, "tsy update")


def test_help_and_version(tmp_path):
    r = tsy("--help", db=tmp_path / "x.db")
    assert r.returncode == 0 and "update" in r.stdout and "import" in r.stdout
    r = tsy("--version", db=tmp_path / "x.db")
    assert r.returncode == 0 and r.stdout.startswith("tsy ")
