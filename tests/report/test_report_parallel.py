"""The report computed in worker processes (tsy.report.parallel): the default as-of date the
files give, and the same document as computed in one process.

Dates from ``../shared/data`` (read with the csv module, tests/analytics/_raw.py).
"""

from __future__ import annotations

import pytest

from tests.analytics._raw import raw
from tsy.indicators.sections import collect
from tsy.report.html import render_html
from tsy.report.parallel import collect_drawn, guess_as_of


def test_default_as_of_is_the_last_day_with_equity_10y_and_dollar_data(settings):
    # fred/SP500.csv or market/SPY.csv, fred/DGS10.csv and market/DXY.csv or fred/DTWEXBGS.csv
    equity = set(raw("SP500")) | set(raw("SPY"))
    dollar = set(raw("DXY")) | set(raw("DTWEXBGS"))
    want = max(equity & set(raw("DGS10")) & dollar)
    assert want == "2026-07-24"
    assert guess_as_of(settings).date().isoformat() == want
    data, drawn = collect_drawn(None, settings, ("en",))
    assert data.as_of.date().isoformat() == want  # the monitor's own date
    assert data.status.set_index("series_id").loc["DFII7", "last_date"].date().isoformat() == (
        max(raw("DFII7"))  # "2022-11-25": stale by then
    )
    assert isinstance(drawn["curve_10y", "en"], tuple)  # drawn: (data URI, caption)
    assert drawn["curve_10y", "en"][0].startswith("data:image/png;base64,")


@pytest.mark.parametrize("workers", [0, 2])
def test_parallel_report_is_the_one_process_report(settings, workers):
    # an asked date (2020-03-16, the dash for cash) and both languages
    data, drawn = collect_drawn("2020-03-16", settings, ("en", "zh"), workers=workers)
    one = collect("2020-03-16", settings)
    for lang in ("en", "zh"):
        assert render_html(data, lang, drawn=drawn) == render_html(one, lang)


def test_every_chart_is_drawn_by_one_group_and_the_last_draws_none():
    from tsy.report.charts import CHARTS
    from tsy.report.parallel import GROUPS, _charts_of

    per_group = [_charts_of(g) for g in GROUPS]
    assert per_group[-1] == []  # the calling process computes it without matplotlib
    assert sorted(c for charts in per_group for c in charts) == sorted(CHARTS)
