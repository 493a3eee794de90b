"""`tsy update` covers every source: each provider job runs through the real HTTP client, the
real parsers and the real store, against a MockTransport answering with the recorded real
payloads of ../shared/fixtures (Fiscal Data bills JSON, NY Fed SOFR JSON, TreasuryDirect search
JSON, FRED CSV); NY Fed rates other than SOFR answer an empty list. Hosts without a
recorded payload answer 503, so their jobs must fail cleanly
without stopping the others.

Expected values: NY Fed SOFR 2024-06-03 = 5.35 (fixtures/nyfed, equal to FRED SOFR per
data/MANIFEST.md); DGS10 2022-02-11 = 1.92 (data/fred/DGS10.csv).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pandas as pd
import pytest

from tests.conftest import DATA, FIXTURES
from tsy.config import load_settings
from tsy.http import HttpClient
from tsy.pipeline.update import all_jobs, run_update
from tsy.store import open_store

#: The earlier of the two run dates below; the FRED look-alike serves rows up to it.
FRED_AS_OF = "2024-06-07"

RECORDED = {
    "api.fiscaldata.treasury.gov": FIXTURES / "fiscaldata" / "auctions_query_bills_2026-01.json",
    "markets.newyorkfed.org": FIXTURES / "nyfed" / "sofr_search_2024-06-01_2024-06-06.json",
    "www.treasurydirect.gov": FIXTURES
    / "treasurydirect"
    / "securities_search_2023-09-01_2023-11-16_first4.json",
}


def handler(request: httpx.Request) -> httpx.Response:
    host = urlsplit(str(request.url)).netloc
    path = request.url.path
    if host == "fred.stlouisfed.org":
        sid = request.url.params.get("id", "")
        f = DATA / "fred" / f"{sid}.csv"
        if not f.exists():
            return httpx.Response(404)
        # as FRED answered on the run's date: no row dated after it (the store refuses those)
        head, *rows = f.read_bytes().splitlines()
        kept = [r for r in rows if r[:10] <= FRED_AS_OF.encode()]
        return httpx.Response(200, content=b"\n".join([head, *kept]) + b"\n")
    if host == "api.fiscaldata.treasury.gov" and "auctions_query" not in path:
        return httpx.Response(503)
    if host == "markets.newyorkfed.org" and "/rates/" not in path:
        return httpx.Response(503)
    if host == "markets.newyorkfed.org" and "sofr" not in path:
        # CONSTRUCTED: the API's documented answer for a window with no data
        return httpx.Response(200, json={"refRates": []})
    f = RECORDED.get(host)
    return httpx.Response(200, content=f.read_bytes()) if f else httpx.Response(503)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    db = tmp_path_factory.mktemp("all") / "t.db"
    settings = load_settings({"TSY_DB": str(db), "TSY_FRED_RPS": "1000"})
    client = HttpClient(
        settings, transport=httpx.MockTransport(handler), retries=0, sleep=lambda s: None
    )
    with open_store(db) as store:
        rep = run_update(
            store,
            settings,
            ["DGS10", "SOFR_NYFED", "TGA_DAILY", "UST_PAR_10Y", "RRP_ONRRP_USD"],
            client=client,
            as_of=pd.Timestamp("2024-06-07"),
        )
        yield rep, store


def test_named_series_select_their_jobs(report):
    rep, _ = report
    names = {o.name for o in rep.outcomes}
    assert {"DGS10", "nyfed:rates", "fiscaldata:tga", "treasury:par", "nyfed:operations"} <= names


def test_recorded_sources_land_in_the_store(report):
    rep, store = report
    by = {o.name: o for o in rep.outcomes}
    assert by["DGS10"].status == "ok"
    assert store.read_series("DGS10").loc["2022-02-11"] == pytest.approx(1.92)
    assert by["nyfed:rates"].status == "ok", by["nyfed:rates"].error
    assert store.read_series("SOFR_NYFED").loc["2024-06-03"] == pytest.approx(5.35)


def test_unreachable_sources_fail_cleanly(report):
    rep, store = report
    by = {o.name: o for o in rep.outcomes}
    for name in ("fiscaldata:tga", "treasury:par", "nyfed:operations"):
        assert by[name].status == "failed" and "503" in by[name].error
    assert store.last_date("TGA_DAILY") is None
    log = store.fetch_log(limit=100)
    assert set(log["key"]) >= set(by)


def test_full_update_runs_every_job(db_target):
    settings = load_settings({"TSY_DB": db_target, "TSY_FRED_RPS": "1000"})
    client = HttpClient(
        settings, transport=httpx.MockTransport(handler), retries=0, sleep=lambda s: None
    )
    with open_store(settings.db) as store:
        rep = run_update(store, settings, client=client, as_of=pd.Timestamp("2026-01-31"))
        names = {o.name for o in rep.outcomes}
        assert {j.name for j in all_jobs()} <= names
        by = {o.name: o for o in rep.outcomes}
        assert by["fiscaldata:auctions"].status == "ok", by["fiscaldata:auctions"].error
        auctions = store.read_table("auctions")
        # 25 bills in fixtures/fiscaldata/auctions_query_bills_2026-01.json
        assert len(auctions[auctions["source"] == "fiscaldata"]) == 25
