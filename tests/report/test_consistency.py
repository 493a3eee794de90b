"""The report, the dashboard's tables and the CLI tell the same story in both languages."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.analytics._raw_inflation import ex_post_record as raw_record
from tests.conftest import run_tsy
from tsy.report.tables import render_table


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tenor_claims_keep_their_evidence(report_data, lang):
    view = render_table("tenor_claims", report_data, lang)  # the dashboard's /api/tables too
    label = {"en": "Evidence", "zh": "依据"}[lang]  # locales/*.json col.evidence
    assert label in view.columns
    i = view.columns.index(label)
    # the claims' margins state figures (e.g. "15.84%" for the 1981 10y high, data/fred/DGS10)
    assert all(row[i].strip() for row in view.rows)
    assert any("%" in row[i] or "bp" in row[i] for row in view.rows)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_metal_betas_include_copper(report_data, lang):
    view = render_table("metal_betas", report_data, lang)
    names = {row[0] for row in view.rows}
    expected = {"en": {"Gold", "Silver", "Copper"}, "zh": {"黄金", "白银", "铜"}}[lang]
    assert expected <= names, names


def test_inflation_record_is_the_same_everywhere(report_data, settings):
    """The report, the dashboard's table and ``tsy study inflation`` give one record for one
    as-of (they used to read 221 months / 43.4% against 220 / 43.2%), and it is the record
    recomputed from the raw files (tests/analytics/_raw_inflation.py, no tsy code)."""
    from fastapi.testclient import TestClient

    from tsy.web.app import create_app

    as_of = pd.Timestamp(report_data.as_of).date().isoformat()
    assert as_of == "2026-07-24"  # the monitor's as-of (see tests/web/test_api.py)
    # month ends from January 2003 whose exit is by the as-of: to June 2021 (5y, 222 months)
    # and June 2016 (10y, 162 months)
    want = {
        h: raw_record(nominal, real, h, as_of)
        for h, nominal, real in ((5, "DGS5", "DFII5"), (10, "DGS10", "DFII10"))
    }
    assert (want[5].n, want[10].n) == (222, 162)

    def rows(view) -> dict[int, tuple[str, str]]:
        i, n, hit = (view.columns.index(c) for c in ("Horizon (years)", "Months", "Rule right"))
        return {int(r[i]): (r[n], r[hit]) for r in view.rows if "seed" in r[0]}

    expected = {h: (str(r.n), f"{r.hit_rate_pct:.1f}%") for h, r in want.items()}
    assert rows(render_table("inflation_record", report_data, "en")) == expected  # the report
    with TestClient(create_app(settings, warm=False)) as client:
        for url in ("/api/tables/inflation_record", f"/api/tables/inflation_record?as_of={as_of}"):
            body = client.get(url).json()
            got = {int(r[1]): (r[2], r[3]) for r in body["rows"] if "seed" in r[0]}
            assert got == expected, url  # the dashboard
    for args in ((), ("--as-of", as_of)):
        r = run_tsy(
            "study", "inflation", "--view", "record", "-f", "json", *args, db=settings.db_path
        )
        assert r.returncode == 0, r.stderr
        rule = [x for x in json.loads(r.stdout) if "seed" in x["signal"]]
        got = {x["horizon_years"]: (x["n"], x["hit_rate_pct"]) for x in rule}
        assert got == {h: (w.n, round(w.hit_rate_pct, 4)) for h, w in want.items()}, args
