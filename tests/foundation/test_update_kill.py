"""A `tsy update` killed with SIGKILL mid-way leaves a database that opens and holds every
batch that had committed (each committed series complete, as in its FRED file)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from tests.conftest import load_shared_series
from tests.fakeserver import fake_fred
from tsy.config import DEFAULT_BASE_URLS
from tsy.store import open_store


def test_sigkill_during_update(tmp_path):
    db = tmp_path / "k.db"
    with fake_fred() as srv:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TSY_", "FRED_", "CFTC_"))}
        # 4 requests/s: the 47-series update takes ~12 s, so the kill lands mid-way
        env.update({"TSY_DB": str(db), "TSY_FRED_URL": srv.url, "TSY_FRED_RPS": "4"})
        # every other provider at the local server too (it answers 404): never the internet
        env.update({f"TSY_{n.upper()}_URL": srv.url for n in DEFAULT_BASE_URLS if n != "fred"})
        proc = subprocess.Popen(
            [sys.executable, "-m", "tsy.cli", "update"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        done = 0
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.25)
            if db.exists():
                try:
                    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as c:
                        done = c.execute(
                            "SELECT COUNT(*) FROM fetch_log WHERE status = 'ok'"
                        ).fetchone()[0]
                except sqlite3.OperationalError:
                    done = 0
            if done >= 8:
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert done >= 8, "the update did not get far enough to test a kill mid-way"
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with open_store(db) as store:
        log = store.fetch_log(limit=1000)
        ok = sorted(set(log.loc[log.status == "ok", "key"]))
        assert 8 <= len(ok) < 45  # killed mid-way (45 of the 47 series have files)
        for sid in ok:  # every committed batch is whole: equal to its real file
            stored = store.read_series(sid)
            want = load_shared_series(sid)
            assert len(stored) == len(want), sid
            assert (stored.to_numpy() == want.to_numpy()).all(), sid
        with store.writer_lock():  # the dead process's lock was released by the kernel
            pass
