"""NY Fed Markets API: reference rates (recorded SOFR response) and repo operations."""

from __future__ import annotations

import json

import httpx
import numpy as np
import pandas as pd
import pytest

from tests.conftest import FIXTURES, load_shared_series
from tests.sources._mock import run_fetch
from tsy.errors import SchemaError
from tsy.sources import nyfed

SOFR_JSON = FIXTURES / "nyfed" / "sofr_search_2024-06-01_2024-06-06.json"


def test_sofr_equals_fred():
    s = nyfed.parse_rates(SOFR_JSON.read_bytes()).series
    ours, fred = s["SOFR_NYFED"], load_shared_series("SOFR")
    assert len(ours) == 4  # 2024-06-03..06 (MANIFEST.md)
    np.testing.assert_allclose(ours, fred.loc[ours.index], atol=1e-12)
    # MANIFEST.md anchors: SOFR 2024-06-03 = 5.35, 2024-06-06 = 5.33
    assert ours.loc["2024-06-03"] == pytest.approx(5.35, abs=1e-12)
    # fixture record of 2024-06-06: p1 5.29, p25 5.32, p75 5.40, p99 5.44, volume 2008 bn
    day = pd.Timestamp("2024-06-06")
    assert [s[k].loc[day] for k in ("SOFR_P1", "SOFR_P25", "SOFR_P75", "SOFR_P99")] == [
        pytest.approx(v, abs=1e-12) for v in (5.29, 5.32, 5.40, 5.44)
    ]
    assert s["SOFR_VOLUME"].loc[day] == pytest.approx(2008.0, abs=1e-9)
    assert s["SOFR_P99"].name == "SOFR_P99" and s["SOFR_P99"].index.name == "date"


def test_rates_schema_errors():
    with pytest.raises(SchemaError) as err:
        nyfed.parse_rates(b"<!DOCTYPE html><html>503</html>")
    assert err.value.source == "nyfed"
    doc = json.loads(SOFR_JSON.read_bytes())
    doc["refRates"][2]["rate"] = doc["refRates"][2].pop("percentRate")
    with pytest.raises(SchemaError) as err:
        nyfed.parse_rates(json.dumps(doc).encode())
    assert err.value.key == "percentRate"
    with pytest.raises(SchemaError) as err:
        nyfed.parse_rates(b'{"rates": []}')
    assert err.value.key == "refRates"


def _ops() -> bytes:
    """CONSTRUCTED operations payload in the API's documented shape (no recording exists)."""
    ops = [
        {
            "operationDate": "2025-12-31",
            "operationType": "Reverse Repo",
            "term": "Overnight",
            "totalAmtAccepted": 106000000000,
            "note": "",
        },
        {
            "operationDate": "2025-12-31",
            "operationType": "Repo",
            "term": "Overnight",
            "totalAmtAccepted": 25950000000,
            "releaseTime": "08:15",
        },
        {
            "operationDate": "2025-12-31",
            "operationType": "Repo",
            "term": "Overnight",
            "totalAmtAccepted": 74600000000,
            "releaseTime": "13:45",
        },
        {
            "operationDate": "2025-12-30",
            "operationType": "Repo",
            "term": "Overnight",
            "totalAmtAccepted": 1000000,
            "note": "This operation is a small value exercise.",
        },
        {
            "operationDate": "2025-12-30",
            "operationType": "Reverse Repo",
            "term": "Overnight",
            "totalAmtAccepted": 0,
        },
        {"operationDate": "2026-01-02", "operationType": "Repo", "term": "Overnight"},
    ]
    return json.dumps({"repo": {"operations": ops}}).encode()


def test_operations_sum_am_pm_and_drop_small_value_exercises():
    s = nyfed.parse_operations(_ops()).series
    # constructed values: AM 25.95 bn + PM 74.60 bn; the small-value exercise is dropped
    assert s["SRP_TAKEUP_USD"].to_dict() == {pd.Timestamp("2025-12-31"): 100.55e9}
    assert s["RRP_ONRRP_USD"].loc["2025-12-31"] == pytest.approx(106e9)
    assert s["RRP_ONRRP_USD"].loc["2025-12-30"] == 0.0  # operation held, nothing accepted
    with pytest.raises(SchemaError) as err:
        nyfed.parse_operations(b'{"repo": {"operations": [{"operationType": "Repo"}]}}')
    assert err.value.key == "operationDate"


def test_fetch_rates_with_mock_transport():
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path.endswith("/sofr/search.json"):
            return httpx.Response(200, content=SOFR_JSON.read_bytes())
        return httpx.Response(200, content=b'{"refRates": []}')

    parsed = run_fetch(nyfed.fetch_rates, handler, "2024-06-01", "2024-06-06")
    assert len(seen) == 5 and "/api/rates/unsecured/effr/search.json" in seen
    assert parsed.series["SOFR_NYFED"].loc["2024-06-04"] == pytest.approx(5.33, abs=1e-12)
