"""The report, the dashboard's tables and the CLI tell the same story in both languages."""

from __future__ import annotations

import pytest

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
