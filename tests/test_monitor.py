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
FRED += ["WRESBAL", "WTREGEN", "RRPONTSYD", "SOFR", "IORB", "IOER", "EFFR", "THREEFYTP10"]
AUC = DATA / "treasury" / "auctions"


def _files():
    return [
        *(DATA / "fred" / f"{i}.csv" for i in FRED),
        DATA / "market" / "SPY.csv",
        DATA / "market" / "MOVE.csv",
        DATA / "market" / "DXY.csv",
        DATA / "fed" / "ACMTermPremium_monthly_1961_2025.csv",
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


def run_cli(db, *args, env=None):
    extra = env or {}
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSY_")}
    env.update(extra)
    env["TSY_DB"] = str(db)
    env["TSY_DATA_DIR"] = str(db.parent)
    return subprocess.run(
        [sys.executable, "-m", "tsy.cli", *args], capture_output=True, text=True, env=env
    )


def test_april_11_opens_with_the_state_and_its_alerts(april):
    assert april.as_of == pd.Timestamp("2025-04-11")
    assert april.alert
    # 2025-04-11: S&P +1.81 % (SP500.csv): equities up, so the state is calm...
    assert april.state.state == "calm"
    # ...and the velocity episode of the week is the alert: 10y 4.01 (04-04) -> 4.48 (04-11)
    assert any(r.startswith("velocity 2025-04-0") and "bear" in r for r in april.reasons)
    assert len(april.reasons) <= 5
    text = april.summary().splitlines()
    assert text[0].startswith("tsy monitor - as of 2025-04-11")
    assert text[1].startswith("Haven state 2025-04-11: calm")
    assert text[2].startswith("ALERT velocity")
    assert april.stress.score is not None and 0 <= april.stress.score <= 100


def test_april_10_sell_america_with_dxy(settings):
    res = run_monitor(as_of="2025-04-10", settings=settings)
    # SP500 -3.46 %, DGS10 +6bp, DXY -1.97 % (data/market/DXY.csv: the New York close index)
    assert res.state.state == "haven failing: sell America"
    assert res.state.evidence()["dollar_source"] == "DXY"
    assert res.reasons[0] == "haven failing: sell America on 2025-04-10"
    # the target: above 70 on 2025-04-10
    assert res.stress.score > 70
    # the report and dashboard open with the same alerts: one line per velocity episode, in
    # words. DGS20.csv 4.44 (04-04) -> 4.78 (04-09): +34bp in 3 days; DGS2 3.68 -> 3.91 and
    # DGS10 4.01 -> 4.34 over the same days: both up, the 10y more: a bear steepener.
    from tsy.report.tables import headline

    en, zh = headline(res, "en")["reasons"], headline(res, "zh")["reasons"]
    vel_lines = [r for r in res.reasons if r.startswith("velocity")]
    assert len(en) == len(zh) == 1 + len(vel_lines)
    assert (
        en[1]
        == "velocity 7 Apr 2025–10 Apr 2025: 20y +34bp in 3d (+3.5 sd); 5 tenor(s); bear steepener"
    )
    assert zh[1].startswith("收益率速度 2025年4月7日–2025年4月10日：20y 3日变动+34个基点") and zh[
        1
    ].endswith("熊陡")


def test_as_of_uses_no_later_data(april):
    tr = {name: {r["id"]: r for r in rows} for name, rows in april.lineage.items()}
    assert tr["cross_asset"]["DGS10"]["last"] == pd.Timestamp("2025-04-11")
    assert tr["cross_asset"]["SP500"]["last"] == pd.Timestamp("2025-04-11")
    # CFTC TFF as of Tuesday 2025-04-08 was published Friday 2025-04-11 (data/cftc)
    assert tr["basis_trade"]["positions"]["last"] == pd.Timestamp("2025-04-08")
    assert tr["basis_trade"]["positions"]["release"] == pd.Timestamp("2025-04-11")
    assert tr["auctions"]["auctions_secondary"]["last"] <= pd.Timestamp("2025-04-11")
    assert april.state.legs.index[-1] == pd.Timestamp("2025-04-11")
    # TIC: March 2025 holdings were published 2025-05-16 and February's on 2025-04-16 (Treasury
    # TIC press releases); the release rule month+2:18 makes January 2025 the last one known on
    # 2025-04-11 (published 2025-03-18)
    assert april.holders.date == pd.Timestamp("2025-01-31")


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


def test_march_2020(settings):
    res = run_monitor(as_of="2020-03-18", settings=settings)
    # SP500 -5.18 %, DGS10 +16bp (data/market/SP500.csv, data/fred/DGS10.csv): the haven fails
    # that day; the dollar's kind waits: no DXY file before 2024, and the Fed's H.10 broad index
    # (DTWEXBGS) of the week of 2020-03-16 was published on Monday 2020-03-23
    assert res.state.state == "haven failing: dollar n/a"
    assert res.state.date == pd.Timestamp("2020-03-18")
    line = res.state.summary()
    # DGS10 1.02 -> 1.18 and DFII10 0.39 -> 0.55 (data/fred): +16bp, all real, breakeven 0
    # (a float difference of -0.0...: printed +0bp, never -0bp)
    assert "real +16bp, breakeven +0bp" in line and "dollar n/a" in line
    assert res.stress.score > 70
    # once H.10 is out, the same day reads dash for cash: DTWEXBGS +1.37 % on 2020-03-18
    later = run_monitor(as_of="2020-03-23", settings=settings)
    row = later.state.legs.loc["2020-03-18"]
    assert row["state"] == "haven failing: dash for cash"
    assert row["dollar_source"] == "DTWEXBGS"
    assert row["usd_ret_pct"] == pytest.approx(1.37, abs=0.005)
    # the 10y velocity alert of 2020-03-19 (+39bp in 3 days: 0.73 -> 1.12) is there a day later
    a = run_monitor(as_of="2020-03-19", settings=settings).parts.velocity.alerts
    hit = a[(a["tenor"] == "10y") & (a["date"] == "2020-03-19") & (a["horizon"] == 3)]
    assert hit["change_bp"].iloc[0] == pytest.approx(39.0, abs=1e-6)


def test_bond_vol_note_names_the_stand_in_only_before_move(settings, april):
    # data/market/MOVE.csv starts 2010-01-08: as of a date before it the part is the 10y's
    # realised vol (said so); as of a later date MOVE itself, with no note about the stand-in
    # that only its history before 2010 used
    parts = april.stress.parts.set_index("part")
    assert parts.loc["bond_vol", "note"] == ""
    early = run_monitor(as_of="2009-06-30", settings=settings).stress.parts.set_index("part")
    assert early.loc["bond_vol", "note"] == "MOVE missing: 10y 20-day realised vol"


def test_default_as_of_is_the_last_common_cross_asset_date(settings):
    res = run_monitor(settings=settings)
    last = {i: load_shared_series(i).index[-1] for i in ("SP500", "DGS10", "DTWEXBGS", "DXY")}
    expected = min(last["SP500"], last["DGS10"], max(last["DTWEXBGS"], last["DXY"]))
    assert res.as_of == expected
    assert "latest date with equity, DGS10 and dollar data" in res.as_of_rule


def test_alert_history(settings):
    h = alert_history(since="2025-01-01", settings=settings)
    st = h[h["kind"] == "state"]
    days = dict(zip(st["date"].dt.strftime("%Y-%m-%d"), st["text"], strict=True))
    assert days["2025-04-10"].endswith("-> haven failing: sell America")
    assert days["2025-04-21"].endswith("-> haven failing: sell America")
    # velocity: one row per episode (not per tenor and horizon); the tariff week's sell-off of
    # the long end (DGS10.csv 4.01 on 2025-04-04 -> 4.48 on 2025-04-11) is one bear episode
    v = h[h["kind"] == "velocity"]
    week = v[(v["date"] <= "2025-04-09") & (v["end"] >= "2025-04-11")]
    assert len(week) == 1, v
    row = week.iloc[0]
    assert "10y" in row["text"].split("[")[1] and "bear" in row["text"]
    assert not v.duplicated(["date", "end"]).any()
    assert (h["end"] >= "2025-01-01").all()


def test_cli_exit_code_and_json_trace(settings):
    db = settings.db_path
    r = run_cli(db, "monitor", "--as-of", "2025-04-11", "--format", "json")
    assert r.returncode == 3, r.stderr
    out = json.loads(r.stdout)
    assert out["as_of"] == "2025-04-11"
    dxy = [r for r in out["lineage"]["cross_asset"] if r["id"] == "DXY"][0]
    assert dxy["last"] == "2025-04-11" and dxy["role"] == "dollar"
    assert out["state"]["state"] == "calm" and out["state"]["date"] == "2025-04-11"
    parts = {p["part"]: p for p in out["composite"]["parts"]}
    assert set(parts) == {"cross_asset", "velocity", "bond_vol", "liquidity_price",
                          "liquidity_quantity", "basis_trade", "auctions"}  # fmt: skip
    assert parts["velocity"]["date"] == "2025-04-11"
    assert parts["basis_trade"]["inputs"] and out["composite"]["release_lag_days"]["basis_trade"]
    pos = [r for r in out["lineage"]["basis_trade"] if r["id"] == "positions"][0]
    assert (pos["last"], pos["release"]) == ("2025-04-08", "2025-04-11")  # Tuesday -> Friday
    # ACM 10-year term premium, month-end on or before the as-of date (fed/ACMTermPremium...csv)
    assert out["term_premium_acm"]["date"] == "2025-03-31"
    # a quiet day exits 0: 2025-05-30 (calm, no velocity alert in its last 4 days; measured)
    q = run_cli(db, "monitor", "--as-of", "2025-05-30")
    assert q.returncode == 0, q.stdout
    lines = q.stdout.splitlines()
    assert lines[0].startswith("tsy monitor - as of 2025-05-30")
    assert lines[1].startswith("Haven state 2025-05-30")
    h = run_cli(db, "alerts", "--since", "2025-04-01", "--format", "csv")
    assert h.returncode == 0, h.stderr
    assert "2025-04-10,2025-04-10,state" in h.stdout
    t = run_cli(
        db, "alerts", "--since", "2025-04-01", "--as-of", "2025-04-30", env={"COLUMNS": "80"}
    )
    assert t.returncode == 0, t.stderr
    lines = t.stdout.splitlines()
    assert max(len(x) for x in lines) <= 80
    assert any(x.startswith("2025-04-10        state    calm -> haven failing: sell America")
               for x in lines)  # fmt: skip


def test_python_api_tsy_monitor_is_the_function(settings):
    import tsy

    res = tsy.monitor(as_of="2025-04-11", settings=settings)
    assert callable(tsy.monitor) and res.alert  # the April 2025 episode fires (see above)


def test_missing_parts_say_missing(tmp_path):
    # A store with the cross-asset inputs only: the composite is not scored, and says why.
    with open_store(tmp_path / "small.db") as st, st.writer_lock():
        files = [DATA / "fred" / f"{i}.csv" for i in ("DGS10", "SP500", "DTWEXBGS")]
        import_paths(st, files, seen_at=datetime(2026, 9, 1, tzinfo=UTC))
    s = load_settings({"TSY_DB": str(tmp_path / "small.db"), "TSY_DATA_DIR": str(tmp_path)})
    res = run_monitor(as_of="2025-04-10", settings=s)
    assert res.stress.score is None
    assert res.stress.message.startswith("not enough fresh data")
    p = res.stress.parts.set_index("part")
    for part in ("liquidity_quantity", "basis_trade", "auctions"):
        assert p.loc[part, "status"] == "missing" and pd.isna(p.loc[part, "score"])
    assert "missing" in res.summary()


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
    # the monitor's own auction part flags it as of 2025-04-11 (worst z of 10 business days)
    f = april.parts.auctions.flagged("2025-04-11")
    assert f["cusip"] == "91282CMW8"


def test_when_issued_tail_end_to_end(tmp_path):
    # `tsy import --when-issued` then `tsy monitor`: the auction part shows a tail only from the
    # when-issued yield. The file is constructed (no free source publishes when-issued yields):
    # 3.760 % for the 3-year of 2025-04-08, whose high yield was 3.784 % (data/README.md), so the
    # tail is 2.4bp, the figure seed 000 quotes.
    settings2 = _build(tmp_path / "wi.db")
    wi = tmp_path / "wi.csv"
    wi.write_text("cusip,auction_date,wi_yield\n91282CMW8,2025-04-08,3.760\n")
    r = run_cli(settings2.db_path, "import", "--when-issued", str(wi))
    assert r.returncode == 0, r.stderr
    out = run_cli(settings2.db_path, "monitor", "--as-of", "2025-04-11", "--format", "json")
    assert out.returncode in (0, 3), out.stderr
    flagged = json.loads(out.stdout)["auctions"]["flagged"]
    assert flagged["cusip"] == "91282CMW8"
    assert flagged["tail_bp"] == pytest.approx(2.4, abs=1e-6)
    # without the file there is no tail at all (a same-day CMT gap is not a tail)
    assert (
        run_monitor(as_of="2025-04-11", settings=_build(tmp_path / "no.db"))
        .parts.auctions.table["tail_bp"]
        .isna()
        .all()
    )
