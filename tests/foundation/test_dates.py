"""One date parser (tsy.dates) behind the CLI, the Python API and the JSON API."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import tsy
from tests.conftest import run_tsy
from tests.report._store import shared_store
from tsy.dates import parse_date
from tsy.errors import InputError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-11-04", "2025-11-04"),
        (" 2025-11-04 ", "2025-11-04"),
        ("2025-11", "2025-11-01"),
        ("2025", "2025-01-01"),
        (dt.date(2025, 11, 4), "2025-11-04"),
        (dt.datetime(2025, 11, 4, 15, 30), "2025-11-04"),
        (pd.Timestamp("2025-11-04 09:00"), "2025-11-04"),
        (np.datetime64("2025-11-04"), "2025-11-04"),
    ],
)
def test_accepted_forms(value, expected):
    assert parse_date(value) == pd.Timestamp(expected)


def test_end_of_a_month_or_year():
    assert parse_date("2024-02", end=True) == pd.Timestamp("2024-02-29")  # leap year
    assert parse_date("2025", end=True) == pd.Timestamp("2025-12-31")


@pytest.mark.parametrize(
    "value", ["11/04/2025", "2025/11/04", "04.11.2025", "Nov 4 2025", "2025-13-01", "20251104", 3]
)
def test_refused_with_the_accepted_forms(value):
    with pytest.raises(InputError, match=r"expected YYYY-MM-DD, YYYY-MM or YYYY"):
        parse_date(value, "start")


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return shared_store(tmp_path_factory)


def test_python_api_refuses_a_slashed_start(settings):
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        tsy.series("DGS10", start="11/04/2025", settings=settings)
    got = tsy.series("DGS10", start=dt.date(2024, 2, 1), end="2024-02", settings=settings)
    # data/fred/DGS10.csv: Feb 2024 rows 2024-02-01 .. 2024-02-29
    assert got.dropna().index[0] == pd.Timestamp("2024-02-01")
    assert got.dropna().index[-1] == pd.Timestamp("2024-02-29")


def test_cli_refuses_a_slashed_as_of_in_one_line(settings):
    r = run_tsy("monitor", "--as-of", "11/04/2025", db=settings.db_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "expected YYYY-MM-DD, YYYY-MM or YYYY" in lines[0]
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_help_shows_date_forms_and_no_bool_noise(tmp_path):
    r = run_tsy("monitor", "--help", db=tmp_path / "none.db")
    assert r.returncode == 0
    assert "YYYY-MM-DD" in r.stdout
    assert "<bool>" not in r.stdout
    r = run_tsy("update", "--help", db=tmp_path / "none.db")
    assert "<bool>" not in r.stdout and "--full" in r.stdout
