"""Auction signals on the real auction files (data/treasury/auctions), checked against the CSVs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _monitor_inputs import DERIVED, official_auctions, secondary_auctions
from _raw import auction_rows

from tsy.analytics.auction_signals import auction_signals, classify_by_cusip


@pytest.fixture(scope="module")
def sig():
    return auction_signals(official_auctions(), secondary=secondary_auctions())


def test_the_3_year_of_april_8_is_flagged_as_of_april_11(sig):
    f = sig.flagged("2025-04-11")
    assert f["cusip"] == "91282CMW8" and f["auction_date"] == pd.Timestamp("2025-04-08")
    # derived excerpt rows 2025-04-08 (91282CMW8) and 2025-03-11 (91282CMS7), columns
    # direct_pct and dealer_pct: 6.24 vs 26.00, 20.7 vs 11.5 (data/README.md, seed 000)
    rows = {r["cusip"]: r for r in auction_rows(DERIVED)}
    assert f["direct_pct"] == pytest.approx(float(rows["91282CMW8"]["direct_pct"]), abs=1e-9)
    assert f["direct_pct"] == pytest.approx(6.24, abs=0.005)
    assert f["direct_pct_prev"] == pytest.approx(float(rows["91282CMS7"]["direct_pct"]), abs=1e-9)
    assert f["direct_pct_prev"] == pytest.approx(26.00, abs=0.005)
    assert f["dealer_pct"] == pytest.approx(20.7, abs=0.05)
    assert f["dealer_pct_prev"] == pytest.approx(11.5, abs=0.05)
    line = sig.summary("2025-04-11")
    assert "3-Year" in line and "6.24%" in line and "26.00%" in line


def test_averages_equal_the_previous_auctions_in_the_file(sig):
    # The 6 and 12 three-year auctions before 2025-04-08 in the derived excerpt (the official
    # exports stop in 2023, so these come from the excerpt alone).
    rows = [r for r in auction_rows(DERIVED) if r["tenor"] == "3-Year" and r["date"] < "2025-04-08"]
    rows = sorted(rows, key=lambda r: r["date"])
    dealers = [float(r["dealer_pct"]) for r in rows if r["dealer_pct"]]
    f = sig.flagged("2025-04-11")
    assert f["dealer_pct_avg6"] == pytest.approx(np.mean(dealers[-6:]), abs=1e-9)
    assert f["dealer_pct_avg12"] == pytest.approx(np.mean(dealers[-12:]), abs=1e-9)
    z = (f["dealer_pct"] - np.mean(dealers[-12:])) / np.std(dealers[-12:], ddof=1)
    assert f["dealer_pct_z"] == pytest.approx(z, rel=1e-9)


def test_no_tail_without_a_when_issued_yield(sig):
    assert sig.table["tail_bp"].isna().all()


def test_tail_from_a_when_issued_yield():
    # A user's when-issued file: 3.760 % for the 3-year of 2025-04-08 (high 3.784 %: seed 000
    # quotes a 2.4bp tail against the when-issued)
    wi = pd.DataFrame({"cusip": ["91282CMW8"], "auction_date": ["2025-04-08"], "wi_yield": [3.76]})
    s = auction_signals(official_auctions(), secondary=secondary_auctions(), when_issued=wi)
    t = s.table.set_index(["cusip", "auction_date"])
    assert t.loc[("91282CMW8", pd.Timestamp("2025-04-08")), "tail_bp"] == pytest.approx(2.4)


def test_tips_and_frn_reopenings_are_classified_by_security():
    off = official_auctions()
    tips = off[off["inflation_index_security"].astype(str).str.lower() == "yes"].iloc[[0]]
    frn = off[off["floating_rate"].astype(str).str.lower() == "yes"].iloc[[0]]
    # the same CUSIPs listed again without flags (as the TreasuryDirect index lists them)
    bare = pd.concat([tips, frn]).assign(
        inflation_index_security=None, floating_rate=None,
        auction_date=lambda d: pd.to_datetime(d["auction_date"]) + pd.Timedelta(days=60),
    )  # fmt: skip
    from tsy.analytics.auctions import normalise_official

    n = normalise_official(pd.concat([tips, frn, bare], ignore_index=True))
    assert list(n["kind"]) == ["tips", "frn", "nominal", "nominal"]
    assert list(classify_by_cusip(n)) == ["tips", "frn", "tips", "frn"]


def test_march_2020_auctions_stand_out(sig):
    # the 3-year of 2020-03-10 (fiscaldata 2010-2020 export): dealers 44 % against about 35 %
    f = sig.flagged("2020-03-18")
    assert f["stress_z"] > 3.0


def test_special_issues_with_no_public_bids_are_not_auctions(sig):
    # fiscaldata_auctions_query_issue2010_2020.csv, the row auctioned 2019-06-21 of 9128286T2:
    # offering USD 25,000,000, no primary dealer / direct / indirect accepted: a special issue.
    # Counted as an auction it read as a 16.7-sigma dealer share and put the composite at 100%
    # of the auction part's weight for two weeks of a calm June 2019.
    rows = [
        r
        for r in auction_rows("fiscaldata_auctions_query_issue2010_2020.csv")
        if r["cusip"] == "9128286T2" and r["auction_date"] == "2019-06-21"
    ]
    assert len(rows) == 1 and rows[0]["offering_amt"] == "25000000"
    t = sig.table
    assert not ((t["cusip"] == "9128286T2") & (t["auction_date"] == "2019-06-21")).any()
    # the regular reopening of 2019-06-12 stays
    assert ((t["cusip"] == "9128286T2") & (t["auction_date"] == "2019-06-12")).any()


@pytest.mark.parametrize("tenor", ["2-Year", "3-Year", "5-Year", "7-Year", "10-Year", "30-Year"])
def test_every_average_and_z_equals_the_previous_auctions_of_its_term(sig, tenor):
    # Every auction of the tenor from 2025 in the derived excerpt against the auctions of the same
    # tenor before it in that file from 2024 on (the official exports stop in 2023): the windows
    # of 6 and 12 stay inside the tenor, oldest dropped first, for each auction, not only one.
    rows = sorted(
        (r for r in auction_rows(DERIVED) if r["tenor"] == tenor and r["date"] >= "2024-01-01"),
        key=lambda r: r["date"],
    )
    t = sig.table
    checked = 0
    for i, r in enumerate(rows):
        prev = [float(p["dealer_pct"]) for p in rows[:i] if p["dealer_pct"]]
        if r["date"] < "2025-01-01" or len(prev) < 12:
            continue
        got = t[(t["cusip"] == r["cusip"]) & (t["auction_date"] == r["date"])].iloc[0]
        assert got["dealer_pct_prev"] == pytest.approx(prev[-1], abs=1e-9), r["date"]
        assert got["dealer_pct_avg6"] == pytest.approx(np.mean(prev[-6:]), abs=1e-9), r["date"]
        assert got["dealer_pct_avg12"] == pytest.approx(np.mean(prev[-12:]), abs=1e-9), r["date"]
        z = (float(r["dealer_pct"]) - np.mean(prev[-12:])) / np.std(prev[-12:], ddof=1)
        assert got["dealer_pct_z"] == pytest.approx(z, rel=1e-9), r["date"]
        checked += 1
    assert checked >= 6


def test_the_first_auctions_of_a_term_see_only_that_term(sig):
    # The 20-year bond came back on 2020-05-20: its first eight auctions (original_security_term
    # "20-Year", fiscaldata_auctions_query_issue2010_2020.csv) have 0..7 of the term before them.
    # Under 4 there is no average (MIN_PREV); from the 5th on, the mean of all of them, never of
    # the auctions of another term sorted before it.
    rows = sorted(
        (
            r
            for r in auction_rows("fiscaldata_auctions_query_issue2010_2020.csv")
            if r["original_security_term"] == "20-Year"
        ),
        key=lambda r: r["auction_date"],
    )
    assert [r["auction_date"] for r in rows][:2] == ["2020-05-20", "2020-06-17"] and len(rows) == 8
    dealers = [
        float(r["primary_dealer_accepted"]) / float(r["comp_accepted"]) * 100.0 for r in rows
    ]
    t = sig.table
    for i, r in enumerate(rows):
        got = t[(t["cusip"] == r["cusip"]) & (t["auction_date"] == r["auction_date"])].iloc[0]
        assert got["original_term"] == "20-Year"
        if i < 4:
            assert np.isnan(got["dealer_pct_avg12"]), r["auction_date"]
            continue
        assert got["dealer_pct_avg12"] == pytest.approx(np.mean(dealers[:i]), rel=1e-12)
        assert got["dealer_pct_avg6"] == pytest.approx(np.mean(dealers[max(0, i - 6) : i]))
