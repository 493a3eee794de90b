"""Auction quality on the real auction files in data/treasury/auctions, through tsy's parsers."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tsy.analytics._stats import percentile_rank, zscore
from tsy.analytics.auctions import auction_quality, normalise_official, term_years
from tsy.errors import InputError
from tsy.indicators.monitor_defs import PANELS
from tsy.sources._auction_derived import parse_derived_csv
from tsy.sources.fiscaldata import parse_auctions_csv

#: ../shared/data/treasury/auctions beside the repository (as tests/conftest.py's DATA)
AUC = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "treasury" / "auctions"


def _panel(name):
    return next(p for p in PANELS if p.name == name)


#: Role -> FRED id of the proxy tail's yields, as the registry declares them (DGS* and DFII*),
#: DFII7 left out (it ends 2022-11-25, data/fred/DFII7.csv).
CMT_IDS = {r: i for r, i in _panel("auction_quality").series.items() if i != "DFII7"}


@cache
def official() -> pd.DataFrame:
    files = sorted(AUC.glob("fiscaldata_auctions_query_issue*.csv"))
    return pd.concat([parse_auctions_csv(p.read_bytes()).tables["auctions"] for p in files])


@cache
def secondary() -> pd.DataFrame:
    path = next(AUC.glob("coupon_auction_metrics_derived_*EXCERPT.csv"))
    return parse_derived_csv(path.read_bytes()).tables["auctions_secondary"]


@pytest.fixture(scope="module")
def res(series):
    return auction_quality(
        official(),
        secondary=secondary(),
        cmt={r: series(i) for r, i in CMT_IDS.items()},
        n=12,
        names=CMT_IDS,
    )


def test_term_years():
    assert term_years("10-Year") == pytest.approx(10.0)
    assert term_years("9-Year 10-Month") == pytest.approx(9 + 10 / 12)
    assert term_years("13-Week") == pytest.approx(0.25)
    assert pd.isna(term_years("null"))


def test_shares_from_dollar_amounts():
    # fiscaldata_auctions_query_issue2023.csv, 7-year 91282CGB1 auctioned 2022-12-29:
    # comp_accepted 34,946,725,000; direct 5,650,100,000; indirect 23,791,565,000; primary
    # dealers 5,505,060,000 -> 16.168 %, 68.079 %, 15.753 %; high 3.921 vs median 3.859 -> 6.2bp;
    # allocation_pctage 16.12. Tolerance 1e-3 percentage points.
    t = normalise_official(official())
    row = t[(t["cusip"] == "91282CGB1") & (t["auction_date"] == "2022-12-29")].iloc[0]
    assert row["direct_pct"] == pytest.approx(5_650_100_000 / 34_946_725_000 * 100, abs=1e-3)
    assert row["indirect_pct"] == pytest.approx(68.079, abs=1e-3)
    assert row["dealer_pct"] == pytest.approx(15.753, abs=1e-3)
    assert row["high_minus_median_bp"] == pytest.approx(6.2, abs=1e-6)
    assert row["allocation_pct"] == pytest.approx(16.12, abs=1e-9)
    assert row["kind"] == "nominal"
    assert row["original_term"] == "7-Year"


def test_tips_and_reopenings_grouped(res):
    t = res.table
    tips = t[t["kind"] == "tips"]
    assert len(tips) > 100
    assert set(tips["tail_basis"].str.extract(r"(DFII\d+)")[0].dropna()) <= {
        "DFII5",
        "DFII10",
        "DFII20",
        "DFII30",
    }
    # the 10-year reopening of 2025-04-09 (term "9-Year 10-Month", MANIFEST) ranks with 10-years
    row = t[(t["cusip"] == "91282CMM0") & (t["auction_date"] == "2025-04-09")].iloc[0]
    assert row["original_term"] == "10-Year"
    assert row["security_term"] == "9-Year 10-Month"


def test_april_2025_three_year_direct_share_ranks_last(res):
    # MANIFEST / derived excerpt: 3-year 2025-04-08 CUSIP 91282CMW8, high 3.784 %, btc 2.47,
    # direct 6.24 % against 26.00 % on 2025-03-11 (91282CMS7).
    t = res.table
    row = t[(t["cusip"] == "91282CMW8") & (t["auction_date"] == "2025-04-08")].iloc[0]
    assert row["source"] == "secondary"
    assert row["high_yield"] == pytest.approx(3.784, abs=1e-9)
    assert row["bid_to_cover"] == pytest.approx(2.47, abs=1e-9)
    assert row["direct_pct"] == pytest.approx(6.24, abs=1e-4)  # file: 6.239954...
    assert row["direct_pct_n"] == 12
    assert row["direct_pct_pct"] == pytest.approx(0.0)  # lowest of the previous 12
    assert row["direct_pct_z"] < -2
    prev = t[(t["original_term"] == "3-Year") & (t["auction_date"] == "2025-03-11")].iloc[0]
    assert prev["direct_pct"] == pytest.approx(26.00, abs=1e-2)
    # proxy tail: high 3.784 - DGS3 3.71 on 2025-04-08 (data/fred/DGS3.csv) = +7.4bp, labelled
    assert row["tail_bp"] == pytest.approx(7.4, abs=1e-6)
    assert row["tail_basis"] == "proxy: high - DGS3 same day"


def test_official_row_wins_over_secondary(res):
    t = res.table
    assert not t.duplicated(["cusip", "auction_date"]).any()
    assert res.sources["official"] > 3000
    assert res.sources["secondary"] > 300


def test_when_issued_file_replaces_proxy(series):
    # a when-issued yield supplied by the user (constructed: 3.760 %) gives tail 3.784 - 3.760
    wi = pd.DataFrame({"cusip": ["91282CMW8"], "auction_date": ["2025-04-08"], "wi_yield": [3.76]})
    r = auction_quality(
        None, secondary=secondary(), when_issued=wi, cmt={"nominal_3y": series("DGS3")}
    )
    row = r.table[r.table["cusip"] == "91282CMW8"].iloc[0]
    assert row["tail_bp"] == pytest.approx(2.4, abs=1e-6)
    assert row["tail_basis"] == "when-issued (user file)"


def test_bad_input():
    with pytest.raises(InputError, match="no auctions"):
        auction_quality(None)
    with pytest.raises(InputError, match="lacks columns"):
        normalise_official(pd.DataFrame({"cusip": ["x"]}))


def test_ranks_are_the_previous_n_of_the_same_term_exactly(res):
    # The definition, row by row: each metric against the finite values among the previous
    # n = 12 auctions of the same kind and original term (at least 3), through the shared
    # percentile_rank / zscore. The vectorised ranking must give the same floats, bit for bit
    # (outputs stay byte-identical).
    t = res.table
    checked = 0
    for _, g in t.groupby(["kind", "original_term"]):
        for m in ("direct_pct", "bid_to_cover", "tail_bp", "allocation_pct"):
            vals = g[m].to_numpy(dtype=float)
            for j in range(len(g)):
                prev = vals[max(0, j - 12) : j]
                prev = prev[np.isfinite(prev)]
                assert g[f"{m}_n"].iloc[j] == len(prev)
                want_p = want_z = np.nan
                if len(prev) >= 3 and np.isfinite(vals[j]):
                    want_p, want_z = percentile_rank(prev, vals[j]), zscore(prev, vals[j])
                    checked += 1
                got_p, got_z = g[f"{m}_pct"].iloc[j], g[f"{m}_z"].iloc[j]
                assert (got_p == want_p) or (np.isnan(got_p) and np.isnan(want_p))
                assert (got_z == want_z) or (np.isnan(got_z) and np.isnan(want_z))
    assert checked > 10_000


def test_group_numbers_are_pandas_ngroup():
    # the groups the ranking runs over: pandas' groupby(..., sort=False).ngroup(), including
    # missing keys (which pandas leaves out of every group)
    import numpy as np

    from tsy.analytics.auctions import _group_numbers

    rng = np.random.default_rng(7)
    for t in range(60):
        kinds = ["nominal", "tips", "bill", "cmb"][: 1 + t % 4] + ([None] if t % 5 == 0 else [])
        terms = ["2-Year", "10-Year", "13-Week", "5-Year", "30-Year"][: 1 + t % 5]
        n = int(rng.integers(0, 200))
        a = pd.Series(rng.choice(np.array(kinds, dtype=object), n), dtype=object)
        b = pd.Series(rng.choice(terms, n), dtype="str")
        want = pd.DataFrame({"a": a, "b": b}).groupby(["a", "b"], sort=False).ngroup()
        got = _group_numbers(a, b)
        assert got.dtype == want.dtype
        assert np.array_equal(got, want.to_numpy(), equal_nan=True)
