"""`tsy study` / `tsy chart` and the studies API on a store filled from ../shared/data.

The store is built in tmp_path with tsy's own store from the shared files (read through the FRED
parser); settings point at it explicitly. Expected values: MANIFEST anchors (2022-02-11: DGS10
1.92, DFII10 -0.51, T10YIE 2.43; DFII7 ends 2022-11-25) and FOMC hiking-cycle facts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime

import pytest
from typer.testing import CliRunner

from tests.conftest import load_shared_series
from tsy.cli import app
from tsy.config import load_settings
from tsy.errors import InputError
from tsy.indicators import studies
from tsy.store import open_store

IDS = [
    "DGS3MO",
    "DGS2",
    "DGS5",
    "DGS7",
    "DGS10",
    "DGS20",
    "DGS30",
    "DFII5",
    "DFII7",
    "DFII10",
    "DFII20",
    "DFII30",
    "CPIAUCNS",
    "TIP",
    "IEF",
    "GOLDPMUSD",
    "SILVERUSD",
    "PCOPPUSDM",
    "DFEDTAR",
    "DFEDTARU",
    "DFEDTARL",
    "T5YIE",
    "T10YIE",
    "T5YIFR",
    "EXPINF10YR",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("studies") / "t.db"
    with open_store(path) as store:
        store.upsert_many(
            {i: load_shared_series(i) for i in IDS}, source="file", seen_at=datetime(2026, 8, 21)
        )
    return path


@pytest.fixture(scope="module")
def settings(db):
    return load_settings({"TSY_DB": str(db)})


def cli(db, *args):
    runner = CliRunner()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSY_")}
    env["TSY_DB"] = str(db)
    return runner.invoke(app, list(args), env=env)


def test_api_breakevens_example_and_dfii7_note(settings):
    be = studies.breakevens(settings=settings, start="2022-01-01", as_of="2026-06-24")
    row = be.loc["2022-02-11"]
    assert row["be_10y_pct"] == pytest.approx(2.43, abs=1e-9)  # T10YIE 2022-02-11
    assert row["be_5y_pct"] == pytest.approx(2.82, abs=1e-9)  # T5YIE 2022-02-11
    assert row["fwd_5y5y_pct"] == pytest.approx(2.04, abs=0.005)  # T5YIFR 2022-02-11
    cov = be.attrs["coverage"]
    assert cov.loc["be_7y", "status"] == "stale"
    assert any("DFII7 ends 2022-11-25" in n for n in be.attrs["notes"])
    assert be["be_7y_pct"].last_valid_index().date().isoformat() == "2022-11-25"


def test_api_as_of_drops_later_data(settings):
    be = studies.breakevens(settings=settings, tenors=(10,), as_of="2022-02-11")
    assert be.index.max().date().isoformat() == "2022-02-11"
    assert list(be.columns) == ["be_10y_pct"]


def test_api_hiking_cycles(settings):
    t = studies.hiking_cycles(settings=settings).table
    # FOMC: 17 hikes 1.00% -> 5.25% (2004-06..2006-06); 9 hikes to 2.25-2.50% (2015-12..2018-12).
    assert t.loc["2004-06..2006-06", "n_hikes"] == 17
    assert t.loc["2015-12..2018-12", "end_range"] == "2.25-2.50%"
    assert t.loc["2022-03..2023-07", "n_hikes"] == 11


def test_api_inflation_signal_pieces(settings):
    st = studies.inflation_signal(settings=settings, as_of="2022-02-11")
    assert st.signal.today["breakeven_pct"] == pytest.approx(2.43, abs=1e-9)
    assert set(st.records) == {5, 10}
    assert st.switch is not None
    assert st.switch.wealth.index.max().date().isoformat() <= "2022-02-11"
    assert "favours" in st.summary()


def test_api_missing_series_named(tmp_path):
    path = tmp_path / "empty.db"
    with open_store(path) as store:
        store.upsert_many(
            {"DGS10": load_shared_series("DGS10")}, source="file", seen_at=datetime(2026, 1, 1)
        )
    s = load_settings({"TSY_DB": str(path)})
    with pytest.raises(InputError, match="DFII10"):
        studies.breakevens(settings=s, tenors=(10,))


def test_cli_study_curves_json(db):
    r = cli(db, "study", "curves", "--as-of", "2026-06-24", "-f", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    claims = {c["claim"]: c for c in out["claims"]}
    assert set(claims) == {"decline_rebound", "short_more_volatile", "gfc_vs_covid", "post_covid"}
    assert all(c["verdict"] in ("holds", "does not hold") for c in claims.values())
    snap = {s["series"]: s for s in out["snapshot"]}
    assert snap["be_7y"]["status"] == "stale"
    assert any("DFII7 ends 2022-11-25" in n for n in out["notes"])


def test_cli_study_curves_table_and_csv(db):
    r = cli(db, "study", "curves", "--as-of", "2022-02-11")
    assert r.exit_code == 0, r.output
    assert "claims" in r.output and "snapshot" in r.output
    r = cli(db, "study", "curves", "--as-of", "2022-02-11", "--view", "snapshot", "-f", "csv")
    lines = r.output.splitlines()
    assert lines[0].startswith("series,kind,date,level_pct")
    be10 = next(line for line in lines if line.startswith("be_10y,"))
    assert float(be10.split(",")[3]) == pytest.approx(2.43, abs=1e-9)


def test_cli_study_inflation_views(db):
    r = cli(db, "study", "inflation", "--as-of", "2026-06-24", "--view", "switch", "-f", "json")
    assert r.exit_code == 0, r.output
    rows = {x["strategy"]: x for x in json.loads(r.output)}
    assert set(rows) == {"switch", "TIP", "IEF"}
    assert rows["switch"]["cost_bp"] == 5.0
    r = cli(db, "study", "inflation", "--as-of", "2026-06-24", "--view", "record", "-f", "csv")
    assert r.output.splitlines()[0].startswith("horizon_years,n,hit_rate_pct")
    # the seed's rule at 5y and 10y, and the same record with EXPINF10YR (forward-looking)
    r = cli(db, "study", "inflation", "--as-of", "2026-06-24", "--view", "record", "-f", "json")
    rows = json.loads(r.output)
    labels = [(x["horizon_years"], x["signal"]) for x in rows]
    assert labels == [
        (5, "trailing CPI (seed 004's rule)"),
        (10, "trailing CPI (seed 004's rule)"),
        (10, "Cleveland Fed 10y expected inflation (EXPINF10YR)"),
    ]
    assert all(x["hit_rate_se_pp"] > 0 and x["nw_lags"] > 0 for x in rows)


def test_cli_study_metals(db):
    r = cli(db, "study", "metals", "--metal", "gold", "--view", "changes", "-f", "json")
    assert r.exit_code == 0, r.output
    rows = {x["cycle"]: x for x in json.loads(r.output)}
    # GOLDPMUSD.csv: 394.40 (2004-06-29) -> 589.25 (2006-06-29).
    assert rows["2004-06..2006-06"]["gold_pct"] == pytest.approx((589.25 / 394.4 - 1) * 100)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["study", "curves", "--view", "nope"], "--view"),
        (["study", "metals", "--metal", "platinum"], "platinum"),
        (["chart", "curves", "--tenor", "3", "--out", "x.png"], "--tenor 3"),
        (["chart", "metals", "--metal", "tin", "--out", "x.png"], "--metal"),
        (["chart", "curves", "--out", "x.jpg"], ".png or .svg"),
    ],
)
def test_bad_input_is_input_error(db, args, needle):
    r = cli(db, *args)
    assert isinstance(r.exception, InputError)
    assert needle in str(r.exception)


def test_bad_input_exit_code_2(db):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSY_")}
    env["TSY_DB"] = str(db)
    r = subprocess.run(
        [sys.executable, "-m", "tsy.cli", "chart", "curves", "--tenor", "3", "--out", "x.png"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 2
    assert "--tenor 3" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_chart_curves_files(db, tmp_path, suffix):
    out = tmp_path / f"be7{suffix}"
    r = cli(db, "chart", "curves", "--tenor", "7", "--out", str(out))
    assert r.exit_code == 0, r.output
    head = out.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in out.read_bytes()[:2000]
    assert "DFII7 ends 2022-11-25" in r.output


def test_chart_metals_png(db, tmp_path):
    out = tmp_path / "gold.png"
    r = cli(db, "chart", "metals", "--metal", "gold", "--start", "2000-01-01", "--out", str(out))
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert out.stat().st_size > 20_000


def test_fred_check_view(db):
    # Computed DGS-DFII breakevens equal FRED's T5YIE/T10YIE to 0.01 on every common date, and the
    # 5y5y equals T5YIFR (FRED rounds to 0.01, so within 0.005); data/fred/T*.csv.
    r = cli(db, "study", "curves", "--view", "fred-check", "-f", "json")
    assert r.exit_code == 0, r.output
    rows = {x["published"]: x for x in json.loads(r.output)}
    assert rows["T5YIE"]["n_common"] > 5800 and rows["T5YIE"]["n_beyond_tol"] == 0
    assert rows["T10YIE"]["n_common"] > 5800 and rows["T10YIE"]["n_beyond_tol"] == 0
    assert rows["T5YIFR"]["n_beyond_tol"] == 0
    assert rows["T5YIFR"]["max_abs_diff"] <= 0.005 + 1e-9


def test_cli_study_metals_claims(db):
    # Seed 004's claims, one row per claim and cycle (numbers: see tests/analytics/
    # test_seed_claims.py): gold rose 49.4% and 18.2% -> "gold fell" does not hold in either.
    r = cli(db, "study", "metals", "--view", "claims", "-f", "json")
    assert r.exit_code == 0, r.output
    rows = {(x["claim"], x["cycle"]): x for x in json.loads(r.output)}
    assert len(rows) == 8
    gold = rows[("gold_fell", "2004-06..2006-06")]
    assert gold["verdict"] == "does not hold"
    assert gold["change"] == pytest.approx((589.25 / 394.4 - 1) * 100)  # GOLDPMUSD.csv rows
    assert rows[("gold_fell", "2015-12..2018-12")]["change"] == pytest.approx(
        (1255 / 1061.5 - 1) * 100  # 2015-12-15 and 2018-12-19 (the FOMC statement date)
    )
    assert rows[("nominal_rose", "2015-12..2018-12")]["verdict"] == "holds"
