"""One staleness rule: ``tsy status``, the report and the dashboard's ``/api/status`` show the
same fresh/stale/missing for every series of one database, judged on the same as-of date."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.conftest import run_tsy
from tests.report._store import shared_store
from tsy import catalog
from tsy.indicators.sections import collect


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return shared_store(tmp_path_factory)


@pytest.fixture(scope="module")
def client(settings):
    from fastapi.testclient import TestClient

    from tsy.web.app import create_app

    with TestClient(create_app(settings, warm=False)) as c:
        yield c


@pytest.mark.parametrize("as_of", [None, "2020-03-18"])
def test_cli_report_and_api_agree(settings, client, as_of):
    args = ["status", "--format", "json"] + (["--as-of", as_of] if as_of else [])
    out = run_tsy(*args, db=settings.db_path)
    assert out.returncode == 0, out.stderr
    cli = {r["series"]: r["status"] for r in json.loads(out.stdout)}
    api = client.get("/api/status", params={"as_of": as_of} if as_of else {}).json()
    web = {r["series_id"]: r["status"] for r in api}
    report = collect(as_of, settings, sections=["status"]).status
    rep = dict(zip(report["series_id"], report["status"], strict=True))
    assert cli == web == rep
    assert set(cli) == set(catalog.CATALOG)
    assert {"fresh", "missing"} <= set(cli.values())


def test_rule_follows_release_calendars(settings):
    st = collect("2025-04-11", settings, sections=["status"]).status.set_index("series_id")
    # data/fred/CPIAUCNS.csv: February 2025 (dated 2025-02-01) is the last month released by
    # the 15th-of-next-month rule on 2025-04-11; 27 days after its release, it is fresh
    assert st.loc["CPIAUCNS", "last_date"] == pd.Timestamp("2025-02-01")
    assert st.loc["CPIAUCNS", "status"] == "fresh"
    # H.4.1 WALCL: the Wednesday 2025-04-09 level was published Thursday 2025-04-10
    assert st.loc["WALCL", "last_date"] == pd.Timestamp("2025-04-09")
    assert st.loc["WALCL", "status"] == "fresh"
    # H.10 DTWEXBGS: 2025-04-04 (published Monday 2025-04-07) is the last released value
    assert st.loc["DTWEXBGS", "last_date"] == pd.Timestamp("2025-04-04")
