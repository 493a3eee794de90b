"""NY Fed ACM files (data/fed) through the real parser and the importer's format registry."""

from __future__ import annotations

import csv

import pytest

from tests.conftest import DATA
from tsy.errors import SchemaError
from tsy.sources.acm import parse
from tsy.sources.files import recognise

MONTHLY = DATA / "fed" / "ACMTermPremium_monthly_1961_2025.csv"
DAILY = DATA / "fed" / "acm_fitted_yields_1961_2025.csv"


def test_monthly_table():
    p = parse(MONTHLY.read_bytes())
    assert {"ACMY10", "ACMTP10", "ACMRNY10"} <= set(p.series)
    # MANIFEST: official monthly ACMY10 on 2025-06-30 is 4.2805 %
    assert p.series["ACMY10"].loc["2025-06-30"] == pytest.approx(4.2805, abs=5e-5)
    # the file's own row, read with the csv module
    with MONTHLY.open(newline="") as fh:
        last = list(csv.DictReader(fh))[-1]
    assert last["DATE"] == "30-Jun-2025"
    assert p.series["ACMTP10"].loc["2025-06-30"] == pytest.approx(float(last["ACMTP10"]))
    # model identity: fitted yield = risk-neutral yield + term premium (within rounding)
    d = p.series["ACMY10"] - p.series["ACMRNY10"] - p.series["ACMTP10"]
    assert float(d.abs().max()) < 1e-6


def test_daily_fitted_yields_in_percent():
    p = parse(DAILY.read_bytes())
    # MANIFEST: ACMY10 on 2025-08-07 = 428 bp (the file holds 427.97 bp)
    assert p.series["ACMY10_D"].loc["2025-08-07"] == pytest.approx(4.28, abs=0.001)
    assert set(p.series) == {"ACMY01_D", "ACMY02_D", "ACMY03_D", "ACMY05_D", "ACMY10_D"}


def test_recognised_by_content_and_bad_file_rejected():
    for f in (MONTHLY, DAILY):
        fmt = recognise(f.read_bytes()[:8192].decode("utf-8", "replace"))
        assert fmt is not None and fmt.name == "nyfed-acm-csv"
    with pytest.raises(SchemaError, match="bad date"):
        parse(b"DATE,ACMY10\n2025-13-45,428\n")
    with pytest.raises(SchemaError, match="unknown columns"):
        parse(b"DATE,ACMY10,FOO\n2025-08-07,428,1\n")
