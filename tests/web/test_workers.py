"""Sections computed in worker processes (tsy.web.workers): the server answers what the files
say, a section's error reaches the client as from the server's own threads, and a broken pool
falls back to computing in the server.

Values from ``../shared/data`` (read with the csv module, tests/analytics/_raw.py).
"""

from __future__ import annotations

import os
import signal

import pytest
from fastapi.testclient import TestClient

from tests.analytics._raw import raw
from tests.web.test_api import _evidence, _moves
from tsy.errors import InputError
from tsy.web.app import create_app
from tsy.web.workers import SectionPool


@pytest.fixture(scope="module")
def pooled(settings):
    """The app with two section workers, warmed up (the default view computed in them)."""
    with TestClient(create_app(settings, workers=2), raise_server_exceptions=False) as c:
        yield c


def test_monitor_of_a_date_from_a_worker_states_the_files(pooled):
    assert pooled.app.state.pool.workers == 2
    # 2025-04-09, the tariff pause: SP500.csv 4982.77 -> 5456.9 (+9.52%), DGS10.csv 4.26 ->
    # 4.34 (+8bp)
    r = pooled.get("/api/monitor?as_of=2025-04-09&lang=en")
    assert r.status_code == 200, r.text[:300]
    h = r.json()["headline"]
    eq, ten, dollar, usd = _evidence(h["state_text"])
    want = _moves("2025-04-09", dollar)
    assert (eq, ten) == (round(want[0], 2), round(want[1])) == (9.52, 8)
    assert usd == round(want[2], 2)


def test_status_of_a_date_from_a_worker(pooled):
    # DFII7.csv ends 2022-11-25; DGS10.csv's last row on or before 2024-06-28 is that day
    rows = {r["series_id"]: r for r in pooled.get("/api/status?as_of=2024-06-28").json()}
    assert rows["DFII7"]["last_date"] == max(raw("DFII7")) == "2022-11-25"
    assert rows["DGS10"]["last_date"] == max(d for d in raw("DGS10") if d <= "2024-06-28")


def test_no_data_before_the_files_is_a_422_from_a_worker(pooled):
    # DGS10.csv starts 1962-01-02: nothing on or before 1950-01-01
    r = pooled.get("/api/monitor?as_of=1950-01-01")
    assert r.status_code == 422 and r.json()["error"] == "no_data", r.text[:300]


def test_an_error_in_a_worker_is_raised_as_in_the_server(settings):
    pool = SectionPool(1)
    try:
        with pytest.raises(InputError, match="DGS10"):
            pool.section("monitor", "1950-01-01", settings, None)
    finally:
        pool.close()


def test_a_killed_worker_leaves_the_server_computing_itself(settings):
    pool = SectionPool(1)
    try:
        pid = next(iter(pool._executor._processes))  # type: ignore[union-attr]
        os.kill(pid, signal.SIGKILL)
        st = pool.section("status", "2024-06-28", settings, None)
        assert pool.workers == 0  # the pool is gone: computed in this process
        last = st.set_index("series_id").loc["DFII7", "last_date"]
        assert last.date().isoformat() == max(raw("DFII7")) == "2022-11-25"
    finally:
        pool.close()


def test_workers_end_with_a_killed_server(settings, tmp_path):
    import subprocess
    import sys
    import time

    code = (
        "import os, sys, time\n"
        "from tsy.config import load_settings\n"
        "from tsy.web.workers import SectionPool\n"
        "pool = SectionPool(1)\n"
        "print(next(iter(pool._executor._processes)), flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        worker = int(proc.stdout.readline())
        os.kill(worker, 0)  # running
    finally:
        proc.kill()
        proc.wait(10)
    for _ in range(100):
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"worker {worker} still running after its server was killed")
