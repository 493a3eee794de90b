"""The JSON API on the shared store: numbers equal the files, bad requests get a 4xx JSON body."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

import pytest

from tests.analytics._raw import raw
from tests.conftest import load_shared_series


def _ok(client, url):
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:300])
    return r.json()


def test_series_equals_the_file(client):
    body = _ok(client, "/api/series/DGS10?start=2024-01-01&end=2024-03-31")
    s = load_shared_series("DGS10").loc["2024-01-01":"2024-03-31"].dropna()  # data/fred/DGS10.csv
    got = {d: v for d, v in zip(body["dates"], body["values"], strict=True) if v is not None}
    assert body["n"] == len(body["dates"]) and body["units"] == "percent"
    assert len(got) == len(s)
    for d, v in s.items():
        assert got[d.date().isoformat()] == pytest.approx(v, abs=1e-9)


def test_curve_breakeven_is_nominal_minus_tips(client):
    body = _ok(client, "/api/curves/10?start=2022-02-01&end=2022-02-28")
    i = body["dates"].index("2022-02-11")
    # data/fred/DGS10.csv and DFII10.csv, 2022-02-11
    nominal, real = (
        load_shared_series("DGS10")["2022-02-11"],
        load_shared_series("DFII10")["2022-02-11"],
    )
    assert body["nominal_pct"][i] == pytest.approx(nominal, abs=1e-9)
    assert body["breakeven_pct"][i] == pytest.approx(nominal - real, abs=1e-9)
    be = _ok(client, "/api/breakevens?start=2022-02-11&end=2022-02-11")
    assert be["columns"]["be_10y_pct"][0] == pytest.approx(nominal - real, abs=1e-9)


def _moves(as_of: str, dollar: str) -> tuple[float, float, float]:
    """S&P 500 return (%), 10y change (bp) and dollar return (%) of ``as_of`` against the
    previous row of each file, read with the csv module (tests/analytics/_raw.py)."""

    def step(series_id: str) -> tuple[float, float]:
        values = raw(series_id)
        dates = sorted(d for d in values if d <= as_of)
        assert dates[-1] == as_of, (series_id, dates[-1])
        return values[dates[-2]], values[dates[-1]]

    (s0, s1), (y0, y1), (d0, d1) = step("SP500"), step("DGS10"), step(dollar)
    return (s1 / s0 - 1) * 100, (y1 - y0) * 100, (d1 / d0 - 1) * 100


def _evidence(text: str) -> tuple[float, float, str, float]:
    """Equities %, 10y bp, the dollar series and its % from the English state line."""
    m = re.search(
        r"Equities ([-+]?\d+\.\d+)%.*?10y ([-+]?\d+)bp.*?dollar \[(\w+)\] ([-+]?\d+\.\d+)%", text
    )
    assert m, text
    return float(m[1]), float(m[2]), m[3], float(m[4])


def test_monitor_headline_states_the_moves_of_the_files(client):
    body = _ok(client, "/api/monitor?lang=en")
    h = body["headline"]
    # The default as-of is the latest date with equity, 10y and dollar data: the last rows of
    # data/fred/SP500.csv, DGS10.csv (2026-08-20) and the dollar files, DTWEXBGS.csv (2026-07-24)
    # and market/DXY.csv (2026-07-23).
    last = {sid: max(raw(sid)) for sid in ("SP500", "DGS10", "DTWEXBGS", "DXY")}
    expected_as_of = min(last["SP500"], last["DGS10"], max(last["DTWEXBGS"], last["DXY"]))
    assert h["as_of"] == body["as_of"] == expected_as_of == "2026-07-24"
    eq, ten, dollar, usd = _evidence(h["state_text"])
    # SP500.csv 2026-07-23 7408.3 -> 2026-07-24 7411.98 (+0.05%); DGS10.csv 4.71 -> 4.69 (-2bp);
    # DTWEXBGS.csv 120.9075 -> 120.7105 (-0.16%)
    want = _moves("2026-07-24", dollar)
    assert dollar == "DTWEXBGS"  # DXY.csv has no 2026-07-24 row
    assert (eq, ten, usd) == (round(want[0], 2), round(want[1]), round(want[2], 2))
    assert (eq, ten, usd) == (0.05, -2, -0.16)
    # each part is scored 0 (a normal day) to 100; 5 of 7 fresh are needed for a score
    ok = [p["score"] for p in body["parts"] if p["status"] == "ok"]
    assert all(0 <= v <= 100 for v in ok)
    assert h["n_ok"] == len(ok) and h["n_parts"] == len(body["parts"]) == 7
    assert (h["score"] is not None) == (len(ok) >= 5)


def test_monitor_on_the_tariff_pause_rally(client):
    # 2025-04-09, the day the tariffs were paused: SP500.csv 4982.77 -> 5456.9 (+9.52%, the
    # index's best day since 2008), DGS10.csv 4.26 -> 4.34 (+8bp)
    h = _ok(client, "/api/monitor?as_of=2025-04-09&lang=en")["headline"]
    assert h["as_of"] == "2025-04-09"
    eq, ten, dollar, usd = _evidence(h["state_text"])
    want = _moves("2025-04-09", dollar)
    assert (eq, ten) == (round(want[0], 2), round(want[1])) == (9.52, 8)
    assert usd == round(want[2], 2)  # DXY.csv 102.96 -> 102.9 or DTWEXBGS.csv 126.8668 -> 126.628
    # the velocity alert of that week, led by the 20y: DGS20.csv 2025-04-04 4.44 (line 16505)
    # -> 2025-04-09 4.78 (line 16508), +34bp in 3 trading days
    assert h["alert"] and any("20y +34bp in 3d" in r for r in h["reasons"]), h["reasons"]


def test_monitor_headline_in_chinese(client):
    h = _ok(client, "/api/monitor?lang=zh")["headline"]
    assert h["as_of_text"] == "2026年7月24日" and "压力指数" in h["text"]
    assert h["state_text"].startswith("避险状态 2026年7月24日")


def test_auctions_latest(client):
    rows = _ok(client, "/api/auctions?limit=12")
    # coupon_auction_metrics_derived_..._EXCERPT.csv lines 400-411: the twelve auctions up to
    # the default as-of 2026-07-24, from 2026-05-28 91282CQT1 (7-Year) to 2026-07-22 912810UV8
    assert len(rows) == 12
    assert (rows[0]["auction_date"], rows[0]["cusip"]) == ("2026-05-28", "91282CQT1")
    assert (rows[-1]["auction_date"], rows[-1]["cusip"]) == ("2026-07-22", "912810UV8")
    assert rows[-1]["high_yield_pct"] == pytest.approx(5.163, abs=1e-9)  # line 411
    row = next(r for r in rows if r["cusip"] == "91282CQZ7" and r["auction_date"] == "2026-07-07")
    # coupon_auction_metrics_derived_..._EXCERPT.csv: 2026-07-07 91282CQZ7 high 4.179, btc 2.6
    # (the default as-of is 2026-07-24, see test_monitor_headline_is_consistent)
    assert row["high_yield_pct"] == pytest.approx(4.179, abs=1e-9)
    assert row["bid_to_cover"] == pytest.approx(2.6, abs=1e-9)
    assert all(0 <= v <= 100 for v in row["ranks_pct"].values() if v is not None)


def test_status_names_last_date_and_source(client):
    rows = {r["series_id"]: r for r in _ok(client, "/api/status")}
    # shared/data README: DFII7 ends 2022-11 (last row of data/fred/DFII7.csv is 2022-11-25)
    assert rows["DFII7"]["last_date"] == "2022-11-25" and rows["DFII7"]["status"] == "stale"
    assert rows["DGS10"]["source"] == "fred" and rows["DGS10"]["status"] == "fresh"


@pytest.mark.parametrize(
    "name", ["stress", "curve_5y", "metal_gold", "liquidity_price", "basis", "auctions"]
)
def test_figures_in_both_languages(client, name):
    for lang, word in (("en", "Source:"), ("zh", "来源：")):
        body = _ok(client, f"/api/figures/{name}?lang={lang}")
        assert body["caption"].startswith(word)
        assert body["figure"]["data"] and body["figure"]["layout"]["title"]["text"]


def test_curve_figure_plots_the_file(client):
    fig = _ok(client, "/api/figures/curve_5y?lang=en")["figure"]
    real = next(t for t in fig["data"] if t["name"] == "TIPS real yield")
    # data/fred/DFII5.csv line 5893: 2026-07-22, 2.11 (the last TIPS date up to 2026-07-24)
    assert str(real["x"][-1]).startswith("2026-07-22")
    assert real["y"][-1] == pytest.approx(2.11, abs=1e-9)


def test_tables_localised(client):
    body = _ok(client, "/api/tables/auctions?lang=zh")
    assert "直接竞标者" in body["columns"] and "尾部利差" in body["columns"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/series/NOPE", 404),
        ("/api/series/DGS10?start=2024-13-45", 400),
        ("/api/series/DGS10?start=yesterday", 400),  # tsy.dates: one parser
        ("/api/series/DGS10?start=11/04/2025", 400),
        ("/api/series/DGS10?start=0001-01-01&end=9999-12-31", 400),
        ("/api/series/DGS10?start=2024-02-01&end=2024-01-01", 400),
        ("/api/curves/3", 404),
        ("/api/curves/abc", 422),
        ("/api/monitor?as_of=1950-01-01", 422),
        ("/api/monitor?lang=fr", 422),
        # no 30y TIPS yield before 2010-02-22 (data/fred/DFII30.csv, first row): no 30y curve
        ("/api/figures/curve_30y?as_of=2008-10-10", 422),
        ("/api/tables/tenor_vol?as_of=1990-06-01", 422),
        ("/api/auctions?limit=0", 422),
        ("/api/auctions?limit=100000", 422),
        ("/api/figures/nope", 404),
        ("/api/tables/nope", 404),
        ("/api/nothing", 404),
    ],
)
def test_bad_requests_get_a_json_4xx(client, url, status):
    r = client.get(url)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error", "detail"} and body["detail"]
    assert "Traceback" not in r.text


def test_read_only(client, app):
    for route in app.openapi()["paths"].values():
        assert set(route) == {"get"}
    r = client.post("/api/series/DGS10", json={})
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"


SEEN = datetime(2026, 8, 21, tzinfo=UTC)


def test_new_data_shows_without_restart(tmp_path):
    """A write by another connection (as `tsy update` does) invalidates the cache."""
    from fastapi.testclient import TestClient

    from tsy.config import load_settings
    from tsy.store import open_store
    from tsy.web.app import create_app

    db = tmp_path / "t.db"
    full = load_shared_series("DGS10").dropna()
    with open_store(db) as st:
        st.upsert_series("DGS10", full.loc[:"2024-12-31"], source="fred", seen_at=SEEN)
    with TestClient(create_app(load_settings({"TSY_DB": str(db)}), warm=False)) as c:
        before = c.get("/api/series/DGS10?start=2024-12-01").json()
        with open_store(db) as st:
            st.upsert_series(
                "DGS10", full.loc["2025-01-01":"2025-01-31"], source="fred", seen_at=SEEN
            )
        after = c.get("/api/series/DGS10?start=2024-12-01").json()
    assert after["n"] == before["n"] + len(full.loc["2025-01-01":"2025-01-31"])
    assert after["end"] == full.loc[:"2025-01-31"].index[-1].date().isoformat()
    assert not math.isnan(after["values"][-1])


def test_curves_before_2010_keep_the_tenors_that_exist(client):
    # DFII10 starts 2003-01-02 (data/fred/DFII10.csv): the 10y curve exists in October 2008
    # although the 30y (DFII30 from 2010-02-22) does not.
    r = client.get("/api/figures/curve_10y?as_of=2008-10-10")
    assert r.status_code == 200, r.text
    r = client.get("/api/figures/curve_30y?as_of=2008-10-10")
    assert r.status_code == 422 and "DFII30" in r.text
