"""``--format csv`` gives one table that ``pandas.read_csv`` reads, without float noise."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from tests.conftest import run_tsy
from tests.report._store import shared_store
from tsy.cli.monitor import TABLES


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return shared_store(tmp_path_factory).db_path


def test_monitor_csv_needs_a_table_name(db):
    r = run_tsy("monitor", "-f", "csv", db=db)
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "--table" in r.stderr


@pytest.mark.parametrize("name", TABLES)
def test_each_monitor_table_is_one_readable_csv(db, name):
    r = run_tsy("monitor", "-f", "csv", "--table", name, db=db)
    assert r.returncode in (0, 3), r.stderr  # 3: an alert fired
    if not r.stdout.strip():  # a part without data in the shared store prints nothing
        pytest.skip(f"{name}: no data")
    frame = pd.read_csv(io.StringIO(r.stdout))
    assert len(frame.columns) > 1 and len(frame) >= 1
    # one header only: no later row repeats the header's first cell
    assert not (frame.iloc[:, 0].astype(str) == frame.columns[0]).any()


def test_csv_has_no_float_noise(db):
    # be_10y's 1-month change is 2.20 - 2.20 = 0 bp (data/fred/DGS10.csv, DFII10.csv) and used
    # to print as 4.440892098500626e-14; nothing in a csv needs 12 decimals.
    r = run_tsy("study", "curves", "--view", "snapshot", "-f", "csv", db=db)
    assert r.returncode == 0, r.stderr
    assert not re.search(r"\d\.\d{11,}", r.stdout)
    assert not re.search(r"\de-\d", r.stdout)
    snap = pd.read_csv(io.StringIO(r.stdout)).set_index("series")
    assert snap.loc["be_10y", "chg_1m_bp"] == pytest.approx(0.0, abs=1e-9)
