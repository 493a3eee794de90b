"""The CLI read in an 80-column terminal: ``tsy monitor``, ``study curves``, ``status`` and
``auctions`` run as subprocesses with ``COLUMNS=80`` on a store of the real shared files."""

from __future__ import annotations

import re

import pytest

from tests.conftest import run_tsy
from tests.report._store import shared_store

COMMANDS = {
    "monitor": ("monitor",),
    "study curves": ("study", "curves"),
    "status": ("status",),
    "auctions": ("auctions",),
}
#: A number in scientific notation (2.502e+06, 4.441e-14), as pandas used to print them.
SCIENTIFIC = re.compile(r"\d[eE][+-]\d")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return shared_store(tmp_path_factory).db_path


@pytest.fixture(scope="module")
def outputs(db) -> dict[str, str]:
    out = {}
    for name, args in COMMANDS.items():
        res = run_tsy(*args, db=db, columns=80)
        assert res.returncode in (0, 3), f"{name}: {res.stderr[-800:]}"  # 3 = monitor alert
        out[name] = res.stdout
    return out


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_line_over_80_no_scientific_no_nat(outputs, name):
    text = outputs[name]
    assert text.strip(), name
    long = [line for line in text.splitlines() if len(line) > 80]
    assert long == [], long[:3]
    assert not SCIENTIFIC.search(text), SCIENTIFIC.search(text)
    assert "NaT" not in text and "nan" not in text.lower().split()


def test_headers_are_words_with_units(outputs):
    # velocity's change_bp and sigma_bp columns, the basis trade's level_pctile column, and the
    # curve snapshot's level_pct column
    assert "(bp)" in outputs["monitor"] and "pctile" in outputs["monitor"]
    assert "Level (%)" in outputs["study curves"]
    assert "change_bp" not in outputs["monitor"] and "pct_recent" not in outputs["monitor"]
    assert "level_pct" not in outputs["study curves"]


def test_numbers_are_never_split_across_lines(outputs):
    # The 5y nominal yield on 2026-06-24 is 4.17 (data/fred/DGS5.csv, last row): printed whole.
    assert re.search(r"(?<![\d.])4\.17(?![\d])", outputs["study curves"])
    # CFTC 10y leveraged-fund shorts of 2026-08-04 (data/cftc TFF file) with separators
    assert re.search(r"\d{1,3},\d{3},\d{3}", outputs["monitor"])


def test_rich_markup_is_printed_as_text(outputs):
    # the composite's auctions part names its source as "auctions [secondary] CUSIP"
    assert "[secondary]" in outputs["monitor"]


def test_text_summary_comes_first(outputs):
    # issue 17: the monitor opens with the haven state and its evidence, then the alerts
    lines = outputs["monitor"].splitlines()
    assert lines[0].startswith("tsy monitor - as of ")
    state = next(i for i, line in enumerate(lines) if line.startswith("Haven state "))
    assert state <= 2  # the as-of line may wrap at 80 columns
    assert any("Stress score" in line for line in lines[state : state + 12])


def test_decimals_follow_the_unit(outputs):
    # The last auction of coupon_auction_metrics_derived_..._EXCERPT.csv (line 429): 2026-10-06
    # 91282CRQ6, high 4.932, bid-to-cover 2.62, dealer 10.74020488007504, direct
    # 31.66495271669295, indirect 57.59484240323201: the high yield to 3 decimals as Treasury
    # quotes it, the shares to 1, never their float tails.
    text = outputs["auctions"]
    block = text[text.index("2026-10-06") :].split("-" * 40)[0]
    assert "91282CRQ6" in block
    for label, value in (
        ("High (%)", "4.932"),
        ("Bid/cover", "2.62"),
        ("Direct (%)", "31.7"),
        ("Indirect (%)", "57.6"),
        ("Dealer (%)", "10.7"),
    ):
        assert re.search(rf"^{re.escape(label)}\s+{re.escape(value)}\s*$", block, re.M), label
    assert "31.66" not in text and "57.59" not in text
    # velocity: the 10y's one-day change on 2026-07-24 is 4.69 - 4.71 = -2 bp (data/fred/DGS10.csv
    # lines 16125-16126): a whole number of bp prints with no decimals
    assert re.search(r"^10y\s+long\s+1\s+2026-07-24\s+-2\s", outputs["monitor"], re.M)
