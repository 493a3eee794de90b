"""Market series: LBMA feed, user two-column files, catalogue rows."""

from __future__ import annotations

import importlib
import json

import httpx
import pandas as pd
import pytest

from tests.conftest import load_shared_series
from tests.sources._mock import run_fetch
from tsy import catalog
from tsy.catalog.rows_other import ROWS as EXTRA_SERIES
from tsy.errors import SchemaError
from tsy.sources import PROVIDERS, market, treasury
from tsy.sources.files import parse_two_column


def _lbma_json(days: list[str]) -> bytes:
    """CONSTRUCTED feed in LBMA's JSON layout carrying the shared GOLDPMUSD values (USD)."""
    gold = load_shared_series("GOLDPMUSD")
    recs = [{"is_cms_locked": 0, "d": d, "v": [float(gold.loc[d]), 0, 0]} for d in days]
    recs.append({"is_cms_locked": 0, "d": "1968-04-01", "v": [0, 0, 0]})  # not published
    return json.dumps(recs).encode()


def test_lbma_json_matches_shared_copy():
    p = market.parse_lbma_json(_lbma_json(["2025-04-04", "2025-04-03"]), "GOLDPMUSD")
    s = p.series["GOLDPMUSD"]
    assert "ICE Benchmark Administration" in p.note
    assert s.loc["2025-04-04"] == pytest.approx(3054.5, abs=1e-9)  # MANIFEST.md anchor
    assert len(s) == 2 and s.index.is_monotonic_increasing
    with pytest.raises(SchemaError):
        market.parse_lbma_json(b"<html>blocked</html>", "GOLDPMUSD")
    with pytest.raises(SchemaError) as err:
        market.parse_lbma_json(b'[{"d": "2025-04-04", "price": 1}]', "GOLDPMUSD")
    assert err.value.key == "v"
    with pytest.raises(SchemaError) as err:  # a malformed date names the field, no ValueError
        market.parse_lbma_json(b'[{"d": "2025-13-01", "v": [3054.5, 0, 0]}]', "GOLDPMUSD")
    assert err.value.key == "d"


def test_two_column_user_file_dmy_any_order():
    gold = load_shared_series("GOLDPMUSD")
    body = (
        f"date,price\n04/04/2025,{gold.loc['2025-04-04']}\n03/04/2025,{gold.loc['2025-04-03']}\n"
    ).encode()
    s = parse_two_column(body, "GOLDPMUSD", date_format="dmy")
    pd.testing.assert_series_equal(s, gold.loc["2025-04-03":"2025-04-04"], check_freq=False)


def test_fetch_lbma_with_mock_transport():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=_lbma_json(["2025-04-04"]))

    # no TSY_LBMA_URL until tsy.config has an "lbma" base URL: the request goes to the fallback
    p = run_fetch(market.fetch_lbma, handler, None, "2025-04-05")
    assert set(p.series) == {"GOLDPMUSD", "SILVERUSD"}
    assert market.JOBS == [] and market.OPTIONAL_JOBS[0].name == "market:lbma"


def test_catalogue_rows():
    ids = [r.id for r in EXTRA_SERIES]
    assert len(ids) == len(set(ids))
    for sid in (
        "UST_PAR_1_5M",
        "UST_REAL_10Y",
        "SOFR_NYFED",
        "SOFR_P99",
        "SOFR_VOLUME",
        "RRP_ONRRP_USD",
        "SRP_TAKEUP_USD",
        "TGA_DAILY",
        "GOLDPMUSD",
        "SILVERUSD",
        "MOVE",
        "DXY",
        "SPY",
        "TIP",
        "IEF",
        "TLT",
    ):
        info = catalog.get(sid)
        assert info.title_zh and info.frequency in "DWMQ"
    assert catalog.get("UST_PAR_10Y").title_zh == "10年期国债票面收益率"
    assert catalog.get("SOFR_P99").title_zh == "有担保隔夜融资利率 SOFR 第99百分位"
    assert catalog.get("UST_REAL_10Y").tenor == 10.0
    for row in EXTRA_SERIES:  # every market file in the shared data is a catalogue id
        if row.source == "market":
            assert len(load_shared_series(row.id)) > 100


def test_catalogue_agrees_with_the_parsers():
    # the catalogue rows (catalog.rows_other) and the parsers' tables are written apart: every
    # series a provider job fills is a catalogue id, and each par-curve row names its XML field
    jobs = [j for m in PROVIDERS for j in importlib.import_module(m).JOBS]
    jobs += market.OPTIONAL_JOBS
    ids = {r.id for r in EXTRA_SERIES} | set(catalog.CATALOG)
    assert {sid for j in jobs for sid in j.series_ids} <= ids
    keys = {r.id: r.source_key.split(":")[1] for r in EXTRA_SERIES}
    for field, (sid, _, _) in {**treasury.NOMINAL_TENORS, **treasury.REAL_TENORS}.items():
        assert keys[sid] == field
