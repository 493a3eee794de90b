"""`tsy monitor` / `tsy alerts` and `run_monitor` on a store filled from ../shared/data by the real
importer. Expected values: data/fred DGS10, SP500, DTWEXBGS rows for April 2025 (MANIFEST anchor
values: DGS10 4.01 on 2025-04-04, 4.48 on 2025-04-11) and the issue's dates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pandas as pd
import pytest

from tests.conftest import DATA, load_shared_series
from tsy.cli._common import to_jsonable
from tsy.config import load_settings
from tsy.indicators.monitor import alert_history, run_monitor
from tsy.pipeline.importer import import_paths
from tsy.store import open_store

FRED = ["DGS1MO", "DGS3MO", "DGS6MO", "DGS1", "DGS2", "DGS3", "DGS5", "DGS7", "DGS10", "DGS20"]
FRED += ["DGS30", "DFII5", "DFII10", "DFII20", "DFII30", "SP500", "DTWEXBGS", "WALCL"]
FRED += ["WRESBAL", "WTREGEN", "RRPONTSYD", "SOFR", "IORB", "IOER", "EFFR"]
AUC = DATA / "treasury" / "auctions"


def _files():
    return [
        *(DATA / "fred" / f"{i}.csv" for i in FRED),
        DATA / "market" / "SPY.csv",
        DATA / "market" / "MOVE.csv",
        DATA / "cftc",
        AUC / "fiscaldata_auctions_query_issue2023.csv",
        # TreasuryDirect's index holds 2024-2026 auctions without results: the derived metrics
        # must still reach the ranking (official rows without results give way)
        AUC / "treasurydirect_auction_query_index_1979_2025.csv",
        next(AUC.glob("coupon_auction_metrics_derived_*EXCERPT.csv")),
        DATA / "treasury" / "tic_mfhhis01.txt",
    ]


def _build(path):
    with open_store(path) as st, st.writer_lock():
        outs = import_paths(st, _files(), seen_at=datetime(2026, 9, 1, tzinfo=UTC))
    assert all(o.status == "imported" for o in outs), [o for o in outs if o.status != "imported"]
    return load_settings({"TSY_DB": str(path), "TSY_DATA_DIR": str(path.parent)})


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("mon") / "t.db")


@pytest.fixture(scope="module")
def april(settings):
    return run_monitor(as_of="2025-04-11", settings=settings)


def run_cli(db, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSY_")}
    env["TSY_DB"] = str(db)
    env["TSY_DATA_DIR"] = str(db.parent)
    return subprocess.run(
        [sys.executable, "-m", "tsy.cli", *args], capture_output=True, text=True, env=env
    )


def test_april_11_shows_the_episode(april, settings):
    assert april.as_of == pd.Timestamp("2025-04-11")
    assert april.alert
    # 10y: 4.01 (04-04) -> 4.48 (04-11) = +47bp in 5 trading days
    assert "velocity DGS10 5d +47bp" in april.reasons
    # Point in time: the broad dollar index (H.10) of 2025-04-07..11 is published on Monday
    # 2025-04-14, so on Friday 2025-04-11 the triple fall of 2025-04-10 is not yet visible...
    assert not any(r.startswith("triple fall") for r in april.reasons)
    # ...and it is on Monday 2025-04-14: S&P -3.46 %, 10y +6bp, broad dollar -1.22 % on
    # 2025-04-10 (data/fred rows), the k = 1 window
    monday = run_monitor(as_of="2025-04-14", settings=settings)
    assert "triple fall 1d to 2025-04-10" in monday.reasons[0]
    assert "SAFE HAVEN UNDER STRESS" in monday.headline
    assert april.stress.status in {"complete", "partial"}
    assert 0 <= april.stress.score <= 100
    text = april.summary()
    assert "as of 2025-04-11" in text
    assert "Stress score" in text


def test_as_of_uses_no_later_data(april):
    tr = april.trace
    assert tr["cross_asset"]["DGS10"]["last"] == pd.Timestamp("2025-04-11")
    assert tr["cross_asset"]["SP500"]["last"] == pd.Timestamp("2025-04-11")
    # released by Friday 2025-04-11: H.10 dollar index to Friday 2025-04-04 (out Monday 04-07),
    # CFTC TFF as of Tuesday 2025-04-08 (out Friday 04-11), TIC to January 2025 (rule
    # month+2:18: February's holdings count from 2025-04-18; the example, March's,
    # were published in mid-May)
    assert tr["cross_asset"]["DTWEXBGS"]["last"] == pd.Timestamp("2025-04-04")
    assert tr["basis_trade"]["positions"]["last"] == pd.Timestamp("2025-04-08")
    assert tr["auctions"]["auctions_secondary"]["last"] <= pd.Timestamp("2025-04-11")
    assert april.crossasset.daily.index[-1] == pd.Timestamp("2025-04-04")
    assert april.holders.date == pd.Timestamp("2025-01-31")
    rel = {r["id"]: r for r in april.lineage["foreign_holders"]}["foreign_holders"]
    assert rel["last"] == pd.Timestamp("2025-01-31") and rel["release"] <= april.as_of


def test_changing_later_data_changes_nothing(april, tmp_path):
    # Second store: same files, then every core series is revised after the as-of date
    # (+100bp / +10 %) and new far-future rows are added: the April view must not move.
    settings2 = _build(tmp_path / "changed.db")
    later = pd.Timestamp("2025-04-12")
    with open_store(settings2.db_path) as st, st.writer_lock():
        for sid, bump in (("DGS10", 1.0), ("SP500", 100.0), ("DTWEXBGS", 5.0), ("DGS2", 1.0)):
            s = load_shared_series(sid)
            s = s[s.index >= later] + bump
            s.loc[pd.Timestamp("2030-01-02")] = 9.0
            st.upsert_series(sid, s, source="test", seen_at=datetime(2026, 9, 2, tzinfo=UTC))
    again = run_monitor(as_of="2025-04-11", settings=settings2)
    a = json.dumps(to_jsonable(april.to_dict()), sort_keys=True)
    b = json.dumps(to_jsonable(again.to_dict()), sort_keys=True)
    assert a == b
    # ...while the default as-of follows the (changed) store
    assert run_monitor(settings=settings2).as_of == pd.Timestamp("2030-01-02")


def test_march_2020_no_triple_fall(settings):
    res = run_monitor(as_of="2020-03-20", settings=settings)
    assert not any(r.startswith("triple fall") for r in res.reasons)
    # ...but the 10y velocity alert of 2020-03-19 (+39bp in 3 days: 0.73 -> 1.12) is there
    a = res.velocity.alerts
    hit = a[(a["series_id"] == "DGS10") & (a["date"] == "2020-03-19") & (a["horizon"] == 3)]
    assert hit["change_bp"].iloc[0] == pytest.approx(39.0, abs=1e-6)


def test_default_as_of_is_last_core_date(settings):
    res = run_monitor(settings=settings)
    assert res.as_of == load_shared_series("DGS10").index[-1]


def test_alert_history(settings):
    h = alert_history(since="2025-01-01", settings=settings)
    tf = h[h["kind"] == "triple_fall"]
    assert {"2025-04-10", "2025-04-21"} <= set(tf["date"].dt.strftime("%Y-%m-%d"))
    v = h[(h["kind"] == "velocity") & (h["series"] == "DGS10")]
    pairs = set(zip(v["date"].dt.strftime("%Y-%m-%d"), v["horizon_days"], strict=True))
    assert {("2025-04-09", 3), ("2025-04-11", 5)} <= pairs
    assert (h["date"] >= "2025-01-01").all()


def test_cli_exit_code_and_json_trace(settings):
    db = settings.db_path
    r = run_cli(db, "monitor", "--as-of", "2025-04-11", "--format", "json")
    assert r.returncode == 3, r.stderr
    out = json.loads(r.stdout)
    assert out["as_of"] == "2025-04-11"
    assert out["trace"]["cross_asset"]["DTWEXBGS"]["last"] == "2025-04-04"  # H.10: Monday
    parts = {p["part"]: p for p in out["composite"]["parts"]}
    assert parts["cross_asset"]["series"] == "SP500|SPY,DGS10,DTWEXBGS"
    assert parts["velocity"]["date"] == "2025-04-11"
    # a quiet day exits 0: 2025-04-30 (no triple fall, no velocity alert; measured)
    q = run_cli(db, "monitor", "--as-of", "2025-04-30")
    assert q.returncode == 0, q.stderr
    assert "tsy monitor - as of 2025-04-30" in q.stdout
    h = run_cli(db, "alerts", "--since", "2025-04-01", "--format", "csv")
    assert h.returncode == 0, h.stderr
    assert "2025-04-10,triple_fall" in h.stdout


def test_python_api_tsy_monitor_is_the_function(settings):
    import tsy

    res = tsy.monitor(as_of="2025-04-11", settings=settings)
    assert callable(tsy.monitor) and res.alert  # the April 2025 episode fires (see above)


def test_april_11_ranks_the_three_year_of_april_8(april):
    # data/README.md: 2025-04-08 3-year, CUSIP 91282CMW8, high 3.784 %, bid-to-cover 2.47,
    # direct bidders 6.24 % (26.00 % the month before) - only in the derived excerpt offline,
    # while TreasuryDirect's index holds the same auction without results.
    latest = april.auctions_latest.set_index("cusip")
    row = latest.loc["91282CMW8"]
    assert row["source"] == "secondary"
    assert row["high_yield"] == pytest.approx(3.784, abs=5e-4)
    assert row["bid_to_cover"] == pytest.approx(2.47, abs=5e-3)
    assert row["direct_pct"] == pytest.approx(6.24, abs=5e-3)
    assert row["direct_pct_z"] < -2  # the lowest of its last 12 3-year auctions
