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


def test_figure_points_are_the_csv_lines(client):
    """x and y of the 10y figure are DGS10.csv lines 16107-16113 and DFII10.csv lines
    5876-5882 (2026-07-03, the Independence Day holiday, has no line), breakeven their
    difference to FRED's 2 decimals."""
    body = client.get("/api/figures/curve_10y?start=2026-06-26&end=2026-07-07").json()
    nominal, real, breakeven = body["figure"]["data"]
    days = ["2026-06-26", "2026-06-29", "2026-06-30", "2026-07-01", "2026-07-02"]
    days += ["2026-07-06", "2026-07-07"]
    assert nominal["x"] == real["x"] == breakeven["x"] == days
    assert nominal["y"] == [4.38, 4.38, 4.44, 4.48, 4.49, 4.48, 4.55]
    assert real["y"] == [2.18, 2.16, 2.2, 2.25, 2.26, 2.24, 2.3]
    assert breakeven["y"] == [2.2, 2.22, 2.24, 2.23, 2.23, 2.24, 2.25]


def test_day_strings_and_rounding_of_the_figure_helpers():
    """Calendar days as the index states them (a New York evening stays on its own day, before
    1970 too); NaN is null; ``round`` to the given decimals."""
    import pandas as pd

    from tsy.report.plotly_figs import iso_days, rounded_floats

    ny = pd.DatetimeIndex(["1969-12-31 23:00", "2026-07-02 20:00"]).tz_localize("America/New_York")
    assert iso_days(ny) == ["1969-12-31", "2026-07-02"]
    assert iso_days(pd.DatetimeIndex(["1962-01-02", "2026-12-01"])) == ["1962-01-02", "2026-12-01"]
    assert rounded_floats([4.55 - 2.3, float("nan"), 1 / 3], 4) == [2.25, None, 0.3333]
