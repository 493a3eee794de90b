"""The server notices its database file being replaced or deleted (issue 15 item 6).

Before: a replaced file kept being served from the old inode, a deleted one too, ``/api/health``
stayed ok, and error bodies showed the absolute database path. Values: the real
``../shared/data/fred/DGS10.csv`` (2025-04-04 = 4.01, 2025-04-07 = 4.15).
"""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from tests.conftest import DATA
from tsy.config import load_settings
from tsy.pipeline.importer import import_paths
from tsy.store import open_store
from tsy.web.app import create_app


def _db(path, tmp_path, last_day: str):
    """A store holding DGS10 up to ``last_day`` (rows of data/fred/DGS10.csv)."""
    head, *rows = (DATA / "fred" / "DGS10.csv").read_text().splitlines()
    f = tmp_path / f"DGS10-{last_day}.csv"
    f.write_text("\n".join([head, *(r for r in rows if r[:10] <= last_day)]) + "\n")
    with open_store(path) as store:
        (out,) = import_paths(store, [f])
        assert out.status == "imported", out.reason


def _last(client) -> tuple[str, float]:
    body = client.get("/api/series/DGS10?start=2025-04-01").json()
    return body["dates"][-1], body["values"][-1]


def test_replaced_then_deleted_database(tmp_path):
    live = tmp_path / "data" / "tsy.db"
    _db(live, tmp_path, "2025-04-04")
    settings = load_settings({"TSY_DATA_DIR": str(live.parent), "TSY_DB": str(live)})
    with TestClient(create_app(settings, warm=False), raise_server_exceptions=False) as client:
        assert _last(client) == ("2025-04-04", pytest.approx(4.01))
        assert client.get("/api/health").json()["status"] == "ok"
        # another file moved over the live one (a restore from backup, a sync tool)
        newer = tmp_path / "newer.db"
        _db(newer, tmp_path, "2025-04-07")
        os.replace(newer, live)
        for ext in ("-wal", "-shm"):
            if (tmp_path / f"newer.db{ext}").exists():
                os.replace(tmp_path / f"newer.db{ext}", f"{live}{ext}")
        assert _last(client) == ("2025-04-07", pytest.approx(4.15))
        # the file deleted: 503 everywhere, never the old data, never a server path
        for f in live.parent.iterdir():
            f.unlink()
        health = client.get("/api/health")
        assert health.status_code == 503
        r = client.get("/api/series/DGS10?start=2025-04-01")
        assert r.status_code == 503, r.text
        for resp in (health, r, client.get("/api/monitor")):
            assert str(tmp_path) not in resp.text
            assert "tsy.db" not in resp.text or "the database" in resp.text


def test_computations_are_bounded_and_identical_requests_share_one(tmp_path):
    import threading

    from tsy.web.cache import Busy, StoreCache

    live = tmp_path / "tsy.db"
    _db(live, tmp_path, "2025-04-04")
    settings = load_settings({"TSY_DATA_DIR": str(tmp_path), "TSY_DB": str(live)})
    cache = StoreCache(settings, max_computations=1, slot_wait_s=0.2)
    release, started = threading.Event(), threading.Event()
    runs = []

    def slow():
        runs.append(1)
        started.set()
        release.wait(10)
        return "slow"

    results = []
    same = [threading.Thread(target=lambda: results.append(cache.get("k", slow))) for _ in range(3)]
    for t in same:
        t.start()
    assert started.wait(10)
    # the only slot is taken: a different computation is shed, not queued for ever
    with pytest.raises(Busy, match="server busy"):
        cache.get("other", lambda: "x")
    release.set()
    for t in same:
        t.join(10)
    assert results == ["slow"] * 3 and len(runs) == 1  # three identical requests, one run
    # a computation nested in another reuses its slot (no self-deadlock with one slot)
    assert cache.get("outer", lambda: cache.get("inner", lambda: "in")) == "in"
    cache.close()


def test_the_disk_cache_of_a_replaced_file_is_not_read(tmp_path):
    from tsy.cache import for_store

    live, other = tmp_path / "tsy.db", tmp_path / "other.db"
    _db(live, tmp_path, "2025-04-04")
    _db(other, tmp_path, "2025-04-07")  # other data; its content version may even be equal
    settings = load_settings({"TSY_DATA_DIR": str(tmp_path), "TSY_DB": str(live)})
    before = for_store(settings)
    os.replace(other, live)
    after = for_store(settings)
    assert before is not None and after is not None and before.file != after.file
    assert before._path("monitor", ("2025-04-07",)) != after._path("monitor", ("2025-04-07",))
