"""The JSON API reads dates with the same parser as the CLI and Python (tsy.dates)."""

from __future__ import annotations


def test_slashed_date_refused_naming_the_forms(client):
    r = client.get("/api/series/DGS10?start=11/04/2025")
    assert r.status_code in (400, 422)
    assert "YYYY-MM-DD, YYYY-MM or YYYY" in r.text


def test_month_and_year_forms_accepted(client):
    # data/fred/DGS10.csv has daily rows through 2026-08; Feb 2024 has 20 business days
    # with a DGS10 value (2024-02-19 was Presidents Day).
    body = client.get("/api/series/DGS10?start=2024-02&end=2024-02").json()
    dated = [d for d, v in zip(body["dates"], body["values"], strict=True) if v is not None]
    assert dated[0] == "2024-02-01" and dated[-1] == "2024-02-29" and len(dated) == 20
