"""The report, the dashboard's tables and the CLI tell the same story in both languages."""

from __future__ import annotations

import io

import pandas as pd
import pytest

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


def test_inflation_record_agrees_between_cli_and_report(settings, report_data):
    # The report scores the record as of the monitor's date (last DGS10 row, 2026-08-20 in
    # data/fred/DGS10.csv); `tsy study inflation` without --as-of must score the same day.
    report = {h: r.stats for h, r in report_data.need("inflation").records.items()}
    r = run_tsy("study", "inflation", "--view", "record", "-f", "csv", db=settings.db_path)
    assert r.returncode == 0, r.stderr
    cli = pd.read_csv(io.StringIO(r.stdout))
    if "signal" in cli.columns:  # the trailing-CPI rule (other rows: forward comparators)
        cli = cli[cli["signal"].str.startswith("trailing")]
    cli = cli.set_index("horizon_years")
    for h, stats in report.items():
        assert int(cli.loc[h, "n"]) == stats["n"]
        assert cli.loc[h, "hit_rate_pct"] == pytest.approx(stats["hit_rate_pct"], abs=1e-3)
