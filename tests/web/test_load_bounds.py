"""Load shedding of the server (issue 15 item 7): a gone client's request starts no work, and
memory stays bounded under many asked dates.

Before: every request queued for a computation slot ran to the end even after its client had
given up (the server burned a core for minutes on abandoned work), and the cache kept up to 256
computed sections of about 30 MB each (RSS 214 -> 1,289 MB, never returned). Values: the real
``../shared/data/fred/DGS10.csv`` (2025-04-04 = 4.01).
"""

from __future__ import annotations

import threading
import time

import anyio
import pytest

from tests.web.test_db_replaced import _db
from tsy.config import load_settings
from tsy.web.cache import CANCEL, Cancelled, FairSlots, StoreCache
from tsy.web.disconnect import CancelOnDisconnect


def _settings(tmp_path):
    live = tmp_path / "tsy.db"
    _db(live, tmp_path, "2025-04-04")
    return load_settings({"TSY_DATA_DIR": str(tmp_path), "TSY_DB": str(live)})


def test_a_request_whose_client_left_stops_waiting_and_starts_nothing(tmp_path):
    cache = StoreCache(_settings(tmp_path), max_computations=1, slot_wait_s=30)
    release, started = threading.Event(), threading.Event()

    def slow():
        started.set()
        release.wait(20)
        return "slow"

    busy = threading.Thread(target=lambda: cache.get("busy", slow))
    busy.start()
    assert started.wait(10)
    gone, ran, outcome = threading.Event(), [], []

    def waiter():
        CANCEL.set(gone)  # what the middleware sets for this request's thread
        try:
            cache.get("other", lambda: ran.append(1))
        except Cancelled as exc:
            outcome.append(exc)

    t = threading.Thread(target=waiter)
    t.start()
    time.sleep(0.3)  # the waiter is queued behind the slow computation
    gone.set()  # its client disconnects
    t.join(5)
    assert not t.is_alive() and len(outcome) == 1 and ran == []  # left at once, ran nothing
    # a waiter for the same computation as the slow one leaves too (the slow one goes on)
    gone2, outcome2 = threading.Event(), []

    def same():
        CANCEL.set(gone2)
        try:
            cache.get("busy", lambda: "again")
        except Cancelled as exc:
            outcome2.append(exc)

    t2 = threading.Thread(target=same)
    t2.start()
    time.sleep(0.2)
    gone2.set()
    t2.join(5)
    assert len(outcome2) == 1
    release.set()
    busy.join(10)
    assert cache.get("busy", lambda: "recomputed") == "slow"  # its result was kept
    cache.close()


def test_the_middleware_tells_the_worker_thread_when_the_client_disconnects():
    seen: list[bool] = []

    async def app(scope, receive, send):
        # a sync endpoint runs in the threadpool with the request's context, as FastAPI does
        gone = await anyio.to_thread.run_sync(lambda: CANCEL.get())
        assert gone is not None
        seen.append(await anyio.to_thread.run_sync(lambda: gone.wait(10)))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    messages = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():
        if messages:
            return messages.pop(0)
        await anyio.sleep(0.2)  # the client hangs up 0.2 s into the request
        return {"type": "http.disconnect"}

    async def send(message):
        pass

    async def main():
        with anyio.fail_after(8):
            await CancelOnDisconnect(app)({"type": "http", "method": "GET"}, receive, send)

    anyio.run(main)
    assert seen == [True]


def test_sections_for_asked_dates_are_bounded(tmp_path):
    cache = StoreCache(_settings(tmp_path), max_items=50, max_dated=2)
    for day in ("2025-04-01", "2025-04-02", "2025-04-03", "2025-04-04"):
        cache.get(("section", "monitor", day), lambda d=day: d)
        cache.get(("json", "monitor", day, "en"), lambda d=day: d.encode())
    cache.get(("section", "monitor", None), lambda: "default")
    dated = [k for k in cache._values if k[0] == "section" and k[2] is not None]
    # the two most recent asked dates are kept; their JSON bodies and the default view too
    assert dated == [("section", "monitor", "2025-04-03"), ("section", "monitor", "2025-04-04")]
    assert len(cache) == 2 + 4 + 1
    with pytest.raises(Cancelled):  # a request already gone never starts
        gone = threading.Event()
        gone.set()
        token = CANCEL.set(gone)
        try:
            cache.get(("section", "monitor", "2025-03-31"), lambda: "x")
        finally:
            CANCEL.reset(token)
    cache.close()


def test_sections_for_asked_dates_expire(tmp_path):
    cache = StoreCache(_settings(tmp_path), dated_ttl_s=0.3)
    cache.get(("section", "monitor", "2025-04-04"), lambda: "dated")
    cache.get(("section", "monitor", None), lambda: "default")
    assert len(cache) == 2
    deadline = time.monotonic() + 10
    while len(cache) > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(cache._values) == [("section", "monitor", None)]  # the default view stays
    cache.close()


def test_freed_slots_go_to_waiters_in_arrival_order():
    """Before: a freed slot went to whichever polling waiter looked first; under 10 concurrent
    uncached requests p50 was 1.36 s and p95 6.3 s (benchmarks/bench_load.py, 2026-12-02)."""
    slots = FairSlots(1)
    assert slots.acquire(None)  # the one slot is taken
    order: list[int] = []
    threads = []
    for i in range(6):

        def take(i: int = i) -> None:
            assert slots.acquire(30)
            order.append(i)
            slots.release()

        t = threading.Thread(target=take)
        t.start()
        threads.append(t)
        while len(slots._queue) < i + 1:  # queued before the next one arrives
            time.sleep(0.005)
    slots.release()
    for t in threads:
        t.join(10)
    assert order == [0, 1, 2, 3, 4, 5]
    # a waiter that times out or whose client leaves holds nothing and leaves no place behind
    assert slots.acquire(0)
    assert slots.acquire(0.1) is False
    gone = threading.Event()
    gone.set()
    CANCEL.set(gone)
    try:
        with pytest.raises(Cancelled):
            slots.acquire(5)
    finally:
        CANCEL.set(None)
    assert not slots._queue
    slots.release()
    assert slots.acquire(0)  # the slot came back free
