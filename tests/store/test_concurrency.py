"""Crash safety and concurrency with real processes: SIGKILL mid-write, readers during a
writer, and a second writer refused by the lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tsy.errors import InputError, StoreError
from tsy.store import open_store

WORKER = Path(__file__).with_name("_worker.py")
ROWS = 2000
T0 = datetime(2026, 1, 5, tzinfo=UTC)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and flock")


def _spawn(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("delay", [0.0, 0.013, 0.029])
def test_sigkill_mid_write_keeps_every_committed_batch(db_target: str, delay: float) -> None:
    db = db_target
    open_store(db).close()
    child = _spawn("batches", db, ROWS)
    assert child.stdout is not None
    committed: list[int] = []
    try:
        while len(committed) < 6:
            line = child.stdout.readline()
            assert line, f"writer died early: {child.stderr.read() if child.stderr else ''}"
            committed.append(int(line))
        time.sleep(delay)  # land the kill somewhere inside a later transaction
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    committed += [int(line) for line in child.stdout.read().split()]  # printed before the kill

    with open_store(db) as store:
        assert store.check() == []  # SQLite integrity_check / PostgreSQL sanity check
        stats = store.series_stats().set_index("series_id")
        present = sorted(int(sid[1:]) for sid in stats.index if sid.startswith("B"))
        # Every reported batch is there; at most one more (committed, not yet printed).
        assert present[: len(committed)] == committed
        assert len(present) - len(committed) in (0, 1)
        assert present == list(range(len(present)))
        for batch in present:  # each batch complete, never partial
            values = store.read_series(f"B{batch:05d}")
            assert len(values) == ROWS and (values == batch).all()
        flat = store.read_series("ALL")
        assert len(flat) == ROWS and (flat == present[-1]).all()
        assert len(store.revisions("ALL")) == ROWS * (len(present) - 1)


def test_reader_never_sees_a_torn_write(db_target: str) -> None:
    db = db_target
    rows, versions = 300, 150
    open_store(db).close()
    child = _spawn("revise", db, rows, versions)
    seen: set[float] = set()
    reads = 0
    try:
        with open_store(db, readonly=True) as reader:
            while child.poll() is None or reads == 0:
                frame = reader.read_frame(["R", "R2"])
                reads += 1
                if frame.empty:
                    continue
                # one transaction wrote both series with one value: a read holds exactly one
                assert len(frame) == rows, f"partial read of {len(frame)} rows"
                values = set(frame["R"]) | set(frame["R2"])
                assert len(values) == 1, f"torn read: {sorted(values)[:5]}"
                seen |= values
                one = reader.read_series("R")
                assert len(one) == rows and one.nunique() == 1
                # several calls inside one snapshot (how tsy.data.load reads a frame) agree too
                with reader.snapshot():
                    r1, r2 = reader.read_series("R"), reader.read_series("R2")
                    assert reader.last_date("R2") == r2.index[-1]
                assert r1.equals(r2.rename("R")), "torn read across calls of one snapshot"
    finally:
        child.wait(timeout=30)
    assert child.returncode == 0, child.stderr.read() if child.stderr else ""
    # The reads overlapped the writer: several versions were observed, never an error.
    assert len(seen) >= 3, f"only saw versions {sorted(seen)} in {reads} reads"
    with open_store(db, readonly=True) as reader:
        assert set(reader.read_series("R")) == {versions - 1}


def test_a_python_frame_is_one_snapshot(db_target: str, tmp_path: Path) -> None:
    """``tsy.frame`` (the loader behind ``tsy series``, the report and the API) reads its
    series in one snapshot: never one series of the old batch beside one of the new."""
    import tsy
    from tsy.config import load_settings

    db, rows, versions = db_target, 300, 150
    open_store(db).close()
    settings = load_settings({"TSY_DB": db, "TSY_DATA_DIR": str(tmp_path)})
    child = _spawn("revise", db, rows, versions, "DGS10", "DFII10")
    seen: set[float] = set()
    try:
        while child.poll() is None or not seen:
            try:
                frame = tsy.frame(["DGS10", "DFII10"], settings=settings)
            except InputError:  # before the first batch: "not in the store"
                continue
            values = set(frame["DGS10"]) | set(frame["DFII10"])
            assert len(frame) == rows and len(values) == 1, f"torn: {sorted(values)[:5]}"
            seen |= values
    finally:
        child.wait(timeout=60)
    assert child.returncode == 0, child.stderr.read() if child.stderr else ""
    assert len(seen) >= 3, f"only saw versions {sorted(seen)}"


def test_no_write_inside_a_read_snapshot(db_target: str) -> None:
    with open_store(db_target) as store, store.snapshot():
        with pytest.raises(StoreError, match="not allowed inside a read snapshot"):
            store.log_fetch(source="t", key="k", started=T0, finished=T0, rows=0, status="ok")
        with store.snapshot():  # nested: the same snapshot
            assert store.fetch_log().empty


def test_second_writer_is_refused_until_the_holder_dies(db_target: str) -> None:
    db = db_target
    open_store(db).close()
    child = _spawn("lock", db, "import")
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "locked"
        with open_store(db) as store:
            with pytest.raises(StoreError) as info, store.writer_lock():
                pass
            message = str(info.value)
            # the message names the holder's command, pid and start time
            assert f"another tsy import is running (pid {child.pid}, since 20" in message
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=10)
            # the kernel (SQLite flock) or the server (advisory lock) released the dead holder's
            # lock: a new writer starts at once, and is named to the next one
            deadline = time.monotonic() + 5
            while True:
                try:
                    with (
                        store.writer_lock(),
                        open_store(db) as other,
                        pytest.raises(StoreError, match=f"pid {os.getpid()}"),
                    ):
                        other.writer_lock().__enter__()
                    break
                except StoreError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)  # the server may take a moment to notice the dead client
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_writer_lock_in_one_process(db_target: str) -> None:
    with open_store(db_target) as a, open_store(db_target) as b:
        with a.writer_lock(), pytest.raises(StoreError, match=f"pid {os.getpid()}"):
            b.writer_lock().__enter__()
        with b.writer_lock():
            pass
