"""Curve charts: the TIPS era by default, full history on request, gaps drawn as gaps, and a
line that ends early says so on the chart."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.conftest import DATA
from tsy.report.charts import TIPS_ERA, curve_chart
from tsy.report.figures import with_gaps


def _fred(name: str) -> pd.Series:
    raw = pd.read_csv(DATA / "fred" / f"{name}.csv", parse_dates=[0], index_col=0).iloc[:, 0]
    return pd.to_numeric(raw, errors="coerce").dropna()


def test_the_20y_pause_is_a_gap():
    # data/fred/DGS20.csv: no observation from 1987-01-01 to 1993-09-30 (Treasury stopped the
    # 20-year CMT); the only pause over a month in the file
    line = with_gaps(_fred("DGS20"))
    gap = line[line.isna()]
    assert list(gap.index) == [pd.Timestamp("1993-09-30")]
    around = line.loc["1986-12-30":"1993-10-01"]
    assert np.isnan(around.loc["1993-09-30"]) and len(around) == 4  # 12-30, 12-31, gap, 10-01


def _lines(fig):
    return fig.axes[0].get_lines()[:3]  # nominal, real, breakeven (then the zero line)


def test_report_curve_chart_starts_in_the_tips_era_and_full_history_on_request(report_data):
    frame = report_data.curve(20)
    fig, _ = curve_chart(frame, 20, "en")
    first = min(pd.Timestamp(ln.get_xdata()[0]) for ln in _lines(fig) if len(ln.get_xdata()))
    assert first >= TIPS_ERA
    fig, _ = curve_chart(frame, 20, "en", start=None)
    xs = pd.DatetimeIndex(_lines(fig)[0].get_xdata())
    assert xs[0] < pd.Timestamp("1994-01-01")  # DGS20 starts in 1993-10 or earlier


def test_a_line_that_ends_early_says_so(report_data):
    # data/fred/DFII7.csv ends 2022-11-25 (data/README.md): the 7y chart labels where it stops
    fig, _ = curve_chart(report_data.curve(7), 7, "en")
    texts = [a.get_text() for a in fig.axes[0].texts]
    assert any(s.startswith("ends ") and "2022" in s for s in texts), texts
    fig, _ = curve_chart(report_data.curve(7), 7, "zh")
    assert any("2022年11月25日止" in a.get_text() for a in fig.axes[0].texts)
