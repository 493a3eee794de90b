"""Numbers written for machines (``--format json``, ``--format csv``) carry no float noise.

Yields subtract to ``2.3400000000000003`` and bp changes to ``4.999999999999982`` in binary
floating point; tsy rounds every number it writes to the precision its name states
(:mod:`tsy.units`), in one place (:func:`tsy.analytics._result.jsonable`), for every command.
The expected values are lines of ``../shared/data/fred/*.csv`` read with the csv module.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests._precision import NOISE, assert_no_noise, fred_value
from tests.conftest import run_tsy
from tests.report._store import shared_store

COMMANDS = [
    ("study", "curves"),
    ("study", "inflation"),
    ("study", "metals"),
    ("monitor",),
    ("alerts",),
    ("auctions",),
    ("status",),
    ("series", "DGS20", "DFII20", "--start", "2026-06-01"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return shared_store(tmp_path_factory).db_path


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_json_of_every_main_command_has_no_float_noise(db, args):
    r = run_tsy(*args, "--format", "json", db=db)
    assert r.returncode in (0, 3), r.stderr  # 3: the monitor's alert
    assert not NOISE.search(r.stdout), NOISE.search(r.stdout)
    assert_no_noise(json.loads(r.stdout))


def test_snapshot_json_equals_the_csv_lines(db):
    r = run_tsy("study", "curves", "--format", "json", db=db)
    assert r.returncode == 0, r.stderr
    snap = {row["series"]: row for row in json.loads(r.stdout)["snapshot"]}
    be20 = snap["be_20y"]
    # data/fred/DGS20.csv line 16823 "2026-06-24,4.87", DFII20.csv line 5483 "2026-06-24,2.53":
    # 4.87 - 2.53 is 2.3400000000000003 in floating point and was printed so.
    assert fred_value("DGS20", "2026-06-24") - fred_value("DFII20", "2026-06-24") != 2.34
    assert be20["date"] == "2026-06-24" and be20["level_pct"] == 2.34
    # a week before: 2026-06-17, DGS20 4.95 (line 16818), DFII20 2.55 (line 5479): 2.40 -> -6 bp;
    # a month before: 2026-05-24 -> 2026-05-22, DGS20 5.06 (16800), DFII20 2.56 (5462): -16 bp
    assert be20["chg_1w_bp"] == -6.0 and be20["chg_1m_bp"] == -16.0
    # 2s10s: DGS10 4.41 (DGS10.csv line 16105) - DGS2 4.11 (DGS2.csv line 13063) = 0.30
    assert snap["2s10s"]["level_pct"] == 0.3


def test_series_json_values_are_the_file_values(db):
    r = run_tsy("series", "DGS20", "DFII20", "--start", "2026-06-24", "--end", "2026-06-24",
                "-f", "json", db=db)  # fmt: skip
    assert r.returncode == 0, r.stderr
    # DGS20.csv line 16823, DFII20.csv line 5483
    assert json.loads(r.stdout) == [{"date": "2026-06-24", "DGS20": 4.87, "DFII20": 2.53}]


@pytest.mark.parametrize(
    "args",
    [
        ("study", "curves", "--view", "snapshot"),
        ("study", "metals", "--view", "betas"),
        ("monitor", "--table", "composite"),
        ("alerts",),
        ("auctions",),
    ],
    ids=lambda a: " ".join(a),
)
def test_csv_is_rounded_as_the_json(db, args):
    r = run_tsy(*args, "--format", "csv", db=db)
    assert r.returncode in (0, 3), r.stderr
    assert r.stdout.strip(), "empty csv"
    assert not NOISE.search(r.stdout), NOISE.search(r.stdout)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    for row in rows:
        for key, cell in row.items():
            if re.fullmatch(r"-?\d+\.\d+", cell or ""):
                limit = 2 if key.endswith("_bp") else 4 if re.search(r"_(pct|pp)$", key) else 6
                assert len(cell.split(".")[1]) <= limit, (key, cell)
