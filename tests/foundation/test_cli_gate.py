"""Behaviours that had no test (issue 15, "the gate"): the CLI as a user runs it.

Values: ``../shared/data/fred/DGS10.csv`` (2025-04-04 = 4.01; 2022-02-11 = 1.92, MANIFEST.md).
The when-issued file is the user's own data (no free source publishes it); its numbers are
typed here and read back unchanged.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import DATA, raw_sql, run_tsy
from tests.fakeserver import fake_fred
from tests.web._server import free_port
from tsy.config import DEFAULT_BASE_URLS
from tsy.store import open_store


def _db_with_dgs10(tmp_path):
    db = tmp_path / "t.db"
    shutil.copy(DATA / "fred" / "DGS10.csv", tmp_path / "DGS10.csv")
    r = run_tsy("import", str(tmp_path / "DGS10.csv"), db=db)
    assert r.returncode == 0, r.stderr
    return db


def test_import_when_issued_from_the_cli(tmp_path):
    f = tmp_path / "wi.csv"
    f.write_text(
        "cusip,auction_date,wi_yield\n91282CMM0,2025-02-12,4.632\n912810UG1, 2025-02-13 ,4.75\n"
    )
    db = tmp_path / "t.db"
    r = run_tsy("import", "--when-issued", str(f), db=db)
    assert r.returncode == 0, r.stderr
    assert "when-issued-csv" in r.stdout
    with open_store(db, readonly=True) as store:
        wi = store.read_table("when_issued").set_index("cusip")
    assert wi.loc["91282CMM0", "wi_yield"] == pytest.approx(4.632)
    assert str(wi.loc["912810UG1", "auction_date"])[:10] == "2025-02-13"
    bad = tmp_path / "bad.csv"
    bad.write_text("cusip,auction_date,wi_yield\n91282CMM0,12/02/2025,4.6\n")
    r = run_tsy("import", "--when-issued", str(bad), "--format", "csv", db=db)
    assert r.returncode == 1
    assert "bad.csv line 2: expected cusip, YYYY-MM-DD date" in r.stdout


def test_update_runs_to_completion_from_the_cli(tmp_path):
    db = tmp_path / "t.db"
    with fake_fred() as srv:
        urls = {f"TSY_{n.upper()}_URL": srv.url for n in DEFAULT_BASE_URLS}
        env = {**urls, "TSY_FRED_RPS": "1000"}
        r = run_tsy("update", "DGS10", "DFII10", "--format", "csv", db=db, env=env)
        assert r.returncode == 0, r.stderr
        lines = r.stdout.strip().splitlines()
        assert lines[0].startswith("series,source,new,revised,last_date,status")
        assert {ln.split(",")[0] for ln in lines[1:]} == {"DGS10", "DFII10"}
        assert all(",ok," in ln for ln in lines[1:])
        # a failing series: exit 1, the closing table names it, the other still lands
        srv.faults["DFII10"] = ["html"] * 10
        r = run_tsy("update", "DGS10", "DFII10", "--format", "csv", db=db, env=env)
        assert r.returncode == 1
        row = next(ln for ln in r.stdout.splitlines() if ln.startswith("DFII10,"))
        assert ",failed," in row and "HTML" in row
        assert "1 of 2 failed" in r.stderr
    with open_store(db, readonly=True) as store:
        assert store.read_series("DGS10").loc["2022-02-11"] == pytest.approx(1.92)


def test_update_with_a_fred_api_key_uses_the_api_and_never_shows_the_key(tmp_path):
    db = tmp_path / "t.db"
    key = "0123456789abcdef0123456789abcdef"  # 32 lowercase hex characters, as FRED issues
    with fake_fred(api_key=key) as srv:
        env = {"TSY_FRED_API_URL": srv.url, "TSY_FRED_RPS": "1000", "FRED_API_KEY": key}
        r = run_tsy("update", "DGS10", "--format", "csv", db=db, env=env)
        assert r.returncode == 0, r.stderr
        assert all(path.startswith("/fred/series/observations?") for path in srv.requests)
        assert key not in r.stdout + r.stderr
        # a key FRED does not know: exit 1, the reason shown, the key itself never
        bad = "f" * 32
        r = run_tsy("update", "DGS10", "--format", "csv", db=db, env={**env, "FRED_API_KEY": bad})
        assert r.returncode == 1
        assert bad not in r.stdout + r.stderr and "400" in r.stdout
    with open_store(db, readonly=True) as store:
        # data/fred/DGS10.csv: 2022-02-11 = 1.92
        assert store.read_series("DGS10").loc["2022-02-11"] == pytest.approx(1.92)
    log = str(raw_sql(db, "SELECT * FROM fetch_log"))
    assert "/fred/series/observations" in log  # the API was logged, without the key
    assert key not in log and bad not in log


@pytest.mark.parametrize("host", ["999.1.1.1", "no-such-host.invalid", "192.0.2.1"])
def test_serve_with_a_bad_host_is_one_line_exit_2(tmp_path, host):
    db = _db_with_dgs10(tmp_path)
    r = run_tsy("serve", "--host", host, "--port", str(free_port()), db=db, timeout=60)
    assert r.returncode == 2, (r.returncode, r.stderr)  # 3 is the monitor's alert code
    assert f"--host '{host}'" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_serve_starts_and_answers_health(tmp_path):
    db = _db_with_dgs10(tmp_path)
    port = free_port()
    env = {**os.environ, "TSY_DB": str(db), "TSY_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tsy.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        status = None
        for _ in range(200):  # up to ~60 s on a loaded machine
            if proc.poll() is not None:
                break
            try:
                resp = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                status = resp.status_code
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert status == 200, proc.stderr.read() if proc.poll() is not None else status
        assert str(tmp_path) not in resp.text  # never a server path
    finally:
        proc.terminate()
        proc.wait(20)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("series", "DGS10", "--start=-1"), "start: '-1' is not a date"),
        (("series", "DGS10", "--end=99999-01-01"), "is not a date"),
        (("study", "curves", "--lookback", "1000000000"), "--lookback"),
    ],
)
def test_bad_arguments_are_one_line_errors_not_exit_70(tmp_path, args, says):
    db = _db_with_dgs10(tmp_path)
    r = run_tsy(*args, db=db, timeout=120)
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert says in r.stderr and "internal error" not in r.stderr


@pytest.mark.parametrize(
    "cmd",
    [
        ("report", "--out"),
        ("chart", "report", "curve_10y", "--out"),
        ("chart", "curves", "--tenor", "10", "--out"),
        ("series", "DGS10", "--out"),
    ],
)
def test_an_unwritable_out_is_refused_before_any_work(tmp_path, cmd):
    db = _db_with_dgs10(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    suffix = {"report": ".html", "series": ".csv"}.get(cmd[0], ".png")
    if cmd[:2] == ("chart", "report") or cmd[:2] == ("chart", "curves"):
        suffix = ".png"
    for out, says in (
        (blocker / f"x{suffix}", "is a file, not a folder"),
        (tmp_path / "missing" / f"x{suffix}", "does not exist"),
    ):
        r = run_tsy(*cmd, str(out), db=db, timeout=120)
        assert r.returncode == 2, (r.returncode, r.stderr)
        assert says in r.stderr and len(r.stderr.strip().splitlines()) == 1
    # nothing was computed: no derived result reached the cache beside the database
    cache = tmp_path / "t.db.cache"
    assert not cache.exists() or not any(cache.iterdir())


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux /dev/full")
def test_a_full_disk_on_the_lock_file_is_one_line(tmp_path):
    db = _db_with_dgs10(tmp_path)
    before = raw_sql(db, "SELECT count(*), max(date) FROM observations")
    lock = tmp_path / "t.db.lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to("/dev/full")  # every write to it fails with ENOSPC, as on a full disk
    r = run_tsy("import", str(DATA / "fred" / "DFII10.csv"), db=db)
    assert r.returncode not in (0, 70), (r.returncode, r.stderr)
    assert "cannot write writer lock" in r.stderr and "No space left on device" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert raw_sql(db, "SELECT count(*), max(date) FROM observations") == before


def test_a_bad_date_format_is_refused_before_any_file(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("date,value\n2025-04-04,4.01\n")  # data/fred/DGS10.csv 2025-04-04
    for fmt, says in (("%", "not a date pattern"), ("abc", "needs day, month and year")):
        r = run_tsy(
            "import", str(f), "--series", "DGS10", "--date-format", fmt, db=tmp_path / "t.db"
        )
        assert r.returncode == 2, (r.returncode, r.stderr)
        assert f"--date-format '{fmt}': {says}" in r.stderr and "tsy import" not in r.stdout
    r = run_tsy("import", str(f), "--series", "DGS10", "--date-format", "iso", db=tmp_path / "t.db")
    assert r.returncode == 0, r.stderr


def test_a_damaged_database_says_to_run_db_check(tmp_path):
    db = _db_with_dgs10(tmp_path)
    raw_sql(db, "PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the main file
    size = db.stat().st_size
    with db.open("r+b") as fh:  # overwrite the second half of the file: a damaged disk image
        fh.seek(size // 2 // 4096 * 4096)
        fh.write(b"\xff" * (size - size // 2))
    r = run_tsy("status", db=db)
    assert r.returncode not in (0, 70), (r.returncode, r.stderr)
    assert "malformed" in r.stderr and "run `tsy db check`" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = run_tsy("db", "check", db=db)
    assert r.returncode != 0 and "integrity check found" in r.stderr
