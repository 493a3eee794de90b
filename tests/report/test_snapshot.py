"""The report opens with today's levels: nominal, real and breakeven yields by tenor, their
1d/1w/1m/1y changes and ten-year percentile, every number from the files."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import DATA
from tsy.indicators.sections import snapshot_section
from tsy.report.tables import render_table


@pytest.fixture(scope="module")
def april(settings):
    return snapshot_section("2025-04-11", settings).table.set_index(["tenor", "measure"])


def test_ten_year_levels_and_changes_from_the_files(april):
    # data/fred/DGS10.csv: 2025-04-11 4.48, 04-10 4.40, 04-04 4.01, 2025-03-11 4.28,
    # 2024-04-11 4.56; data/fred/DFII10.csv same days: 2.28, 2.21, 1.83, 1.97, 2.16
    cols = ["level_pct", "chg_1d_bp", "chg_1w_bp", "chg_1m_bp", "chg_1y_bp"]
    assert april.loc[(10, "nominal"), cols].tolist() == [4.48, 8.0, 47.0, 20.0, -8.0]
    assert april.loc[(10, "real"), cols].tolist() == [2.28, 7.0, 45.0, 31.0, 12.0]
    # breakeven = nominal - real: 2.20, 2.19, 2.18, 2.31, 2.40
    assert april.loc[(10, "breakeven"), cols].tolist() == [2.20, 1.0, 2.0, -11.0, -20.0]
    assert april.loc[(10, "nominal"), "date"] == pd.Timestamp("2025-04-11")


def test_ten_year_percentile_against_the_raw_csv(april):
    raw = pd.read_csv(DATA / "fred" / "DGS10.csv", parse_dates=[0], index_col=0).iloc[:, 0]
    raw = pd.to_numeric(raw, errors="coerce").dropna()
    window = raw.loc["2015-04-11":"2025-04-11"]
    assert april.loc[(10, "nominal"), "pct_10y"] == pytest.approx((window <= 4.48).mean() * 100)


def test_a_series_that_ends_early_says_so(settings):
    # data/fred/DFII7.csv ends 2022-11 (data/README.md): as of 2025-04-11 its rows are stale
    snap = snapshot_section("2025-04-11", settings).table.set_index(["tenor", "measure"])
    assert bool(snap.loc[(7, "real"), "stale"]) and not bool(snap.loc[(10, "real"), "stale"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_opens_with_the_snapshot(report_data, reports, lang):
    view = render_table("snapshot", report_data, lang)
    title = {"en": "Levels and changes by tenor", "zh": "各期限水平与变动"}[lang]
    assert view.title == title and len(view.rows) == 15  # 5 tenors x 3 measures
    html = reports[lang]
    first = {"en": "Today&#39;s levels", "zh": "今日水平"}[lang]  # as the HTML escapes it
    monitor = {"en": "Safe-haven", "zh": "避险"}[lang]
    assert first in html
    assert html.index(first) < html.index(monitor)
