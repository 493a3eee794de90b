"""The JSON API rounds numbers as the CLI's ``--format json`` does: no float noise anywhere.

Expected values are lines of ``../shared/data/fred/*.csv`` and of the Treasury auction excerpt.
"""

from __future__ import annotations

import pytest

from tests._precision import NOISE, assert_no_noise, fred_value
from tsy.report.plotly_figs import FIGURES

URLS = [
    "/api/monitor",
    "/api/monitor?lang=zh",
    "/api/auctions?limit=50",
    "/api/breakevens?start=2026-01-01",
    "/api/curves/20?start=2026-01-01",
    "/api/series/DGS20?start=2026-01-01",
    *(f"/api/figures/{name}" for name in FIGURES),
]


@pytest.mark.parametrize("url", URLS)
def test_no_float_noise_in_any_answer(client, url):
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:300])
    assert not NOISE.search(r.text), NOISE.search(r.text)
    assert_no_noise(r.json())


def test_breakeven_equals_the_csv_lines(client):
    body = client.get("/api/breakevens?start=2026-06-24&end=2026-06-24").json()
    # DGS20.csv line 16823 "2026-06-24,4.87" minus DFII20.csv line 5483 "2026-06-24,2.53":
    # 2.3400000000000003 in floating point, 2.34 as FRED publishes both to 2 decimals
    assert fred_value("DGS20", "2026-06-24") - fred_value("DFII20", "2026-06-24") != 2.34
    assert body["dates"] == ["2026-06-24"]
    assert body["columns"]["be_20y_pct"] == [2.34]
    curve = client.get("/api/curves/20?start=2026-06-24&end=2026-06-24").json()
    assert (curve["nominal_pct"], curve["real_pct"], curve["breakeven_pct"]) == (
        [4.87],
        [2.53],
        [2.34],
    )


def test_auction_numbers_are_the_published_ones(client):
    rows = client.get("/api/auctions?limit=12").json()
    row = next(r for r in rows if r["cusip"] == "91282CQZ7" and r["auction_date"] == "2026-07-07")
    # coupon_auction_metrics_derived_..._EXCERPT.csv line 408: 2026-07-07 91282CQZ7 high 4.179,
    # btc 2.6, dealer 7.741634203465297 (a share computed from Treasury's amounts: 3 decimals)
    assert (row["high_yield_pct"], row["bid_to_cover"]) == (4.179, 2.6)
    assert row["dealer_pct"] == 7.742
