"""A `tsy update` killed with SIGKILL mid-way leaves a database that opens and holds every
batch that had committed (each committed series complete, as in its FRED file)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.conftest import load_shared_series
from tests.fakeserver import fake_fred
from tsy.config import DEFAULT_BASE_URLS
from tsy.errors import StoreError
from tsy.store import open_store


def _committed(db: str) -> int:
    """Successful fetches logged so far, read from another connection (0 before the schema)."""
    try:
        with open_store(db, readonly=True) as store:
            log = store.fetch_log(limit=1000)
    except StoreError:
        return 0
    return int((log.status == "ok").sum())


def test_sigkill_during_update(db_target, tmp_path):
    db = db_target
    with fake_fred() as srv:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TSY_", "FRED_", "CFTC_"))}
        # 4 requests/s: the 47-series update takes ~12 s, so the kill lands mid-way
        env.update(
            {"TSY_DB": db, "TSY_DATA_DIR": str(tmp_path), "TSY_FRED_URL": srv.url}
            | {"TSY_FRED_RPS": "4"}
        )
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
            done = _committed(db)
            if done >= 8:
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert done >= 8, "the update did not get far enough to test a kill mid-way"
    with open_store(db) as store:
        assert store.check() == []  # SQLite integrity_check / PostgreSQL sanity check
        log = store.fetch_log(limit=1000)
        ok = sorted(set(log.loc[log.status == "ok", "key"]))
        assert 8 <= len(ok) < 45  # killed mid-way (45 of the 47 series have files)
        for sid in ok:  # every committed batch is whole: equal to its real file
            stored = store.read_series(sid)
            want = load_shared_series(sid)
            assert len(stored) == len(want), sid
            assert (stored.to_numpy() == want.to_numpy()).all(), sid
        # the dead process's lock was released by the kernel (flock) or the server (advisory)
        deadline = time.monotonic() + 5
        while True:
            try:
                with store.writer_lock():
                    break
            except StoreError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
