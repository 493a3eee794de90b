"""Benchmark: the store on SQLite and PostgreSQL, side by side in one run.

Run by hand: ``.venv/bin/python benchmarks/bench_store.py [--pg-url URL]``. The PostgreSQL URL
(default ``$TSY_BENCH_PG_URL`` or ``$TSY_TEST_PG_URL``) must name a role that may create
databases; a throwaway database is created and dropped. Prints one table, one row per measure,
one column per engine:

- full ``tsy import ../shared/data`` into a new store, then the same import again (no-op);
- ``read_frame`` of the 20 longest daily series over their full history (median of 5), with
  the per-series row-tuple read it replaced (``before``), and the same two under cProfile;
- bulk insert of those series' rows: the engine's fast path (``COPY`` / ``executemany``)
  against one ``INSERT`` statement per row;
- ``tsy monitor --as-of 2025-04-11 --format json`` (derived-result cache off);
- 8 reader processes looping ``read_frame`` of DGS10, DFII10 and T10YIE (full history, stored
  before they start; 50 ms pause between frames) during a full import: p50 / p95 latency,
  errors (an exception or a missing column), and how long that import took.

The load average (1/5/15 min) before and after is printed under the table: on a shared
machine, read the figures against it.
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing as mp
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd

from tsy import catalog
from tsy.store import _series as series_sql
from tsy.store import open_store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
READ_IDS = ("DGS10", "DFII10", "T10YIE")
#: A reader's pause between two frames (a desk of people and dashboards, not a tight loop).
READER_PAUSE_S = 0.05


def _tsy(*args: str, db: str, data_dir: str) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSY_")}
    env.update({"TSY_DB": db, "TSY_DATA_DIR": data_dir, "TSY_CACHE": "0"})
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "tsy.cli", *args], env=env, capture_output=True, text=True
    )
    if proc.returncode not in (0, 3):
        raise SystemExit(f"tsy {' '.join(args)} failed: {proc.stderr[-500:]}")
    return time.perf_counter() - t0


def _read_before(store, ids):
    """The read_frame this change replaced: one (date, value) tuple per row, pd.concat."""
    sql = "SELECT date, value FROM observations WHERE series_id = ? ORDER BY date"
    with store._read("read") as tx:
        cols = {sid: series_sql.to_series(sid, tx.execute(sql, [sid]).fetchall()) for sid in ids}
    frame = pd.concat(cols, axis=1, join="outer", sort=True)
    frame.index.name = "date"
    return frame


def _median_ms(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def _profiled_ms(fn) -> float:
    prof = cProfile.Profile()
    prof.runcall(fn)
    return pstats.Stats(prof).total_tt * 1000


def _longest_daily(store, n: int = 20) -> list[str]:
    daily = {i.id for i in catalog.all_series() if i.frequency == "D"}
    stats = store.series_stats()
    stats = stats[stats["series_id"].isin(daily)].sort_values("rows", ascending=False)
    return list(stats["series_id"].head(n))


def _bulk(store, ids) -> tuple[float, float, int]:
    """(fast path s, row-at-a-time s, rows) inserting the series' rows into a scratch copy of
    ``observations`` inside a transaction that is rolled back."""
    frame = store.read_frame(ids)
    rows = [
        (sid, day.strftime("%Y-%m-%d"), float(v), "x", "x", "bench")
        for sid in ids
        for day, v in frame[sid].dropna().items()
    ]
    cols = ("series_id", "date", "value", "first_seen", "last_seen", "source")
    out = []
    for mode in ("fast", "row"):
        try:
            with store._write("bench") as tx:
                tx.execute("CREATE TABLE bench_obs AS SELECT * FROM observations WHERE 1 = 0")
                t0 = time.perf_counter()
                if mode == "fast":
                    tx.insert("bench_obs", cols, rows)
                else:
                    sql = "INSERT INTO bench_obs VALUES (?, ?, ?, ?, ?, ?)"
                    for row in rows:
                        tx.execute(sql, row)
                out.append(time.perf_counter() - t0)
                raise _Rollback
        except _Rollback:
            pass
    return out[0], out[1], len(rows)


class _Rollback(Exception):
    pass


def _reader(target: str, stop, queue) -> None:
    latencies, errors = [], 0
    with open_store(target, readonly=True) as store:
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                frame = store.read_frame(list(READ_IDS))
                if frame.columns.tolist() != list(READ_IDS) or frame.isna().all().any():
                    errors += 1
            except Exception:  # counted, reported in the table
                errors += 1
            latencies.append(time.perf_counter() - t0)
            time.sleep(READER_PAUSE_S)
    queue.put((latencies, errors))


def _readers_during_import(target: str, data_dir: str) -> tuple[float, float, int, int, float]:
    """(p50 ms, p95 ms, reads, errors, import s) of 8 reader processes while ``tsy import``
    runs."""
    # the readers' three series are in before they start: every read is a full-history frame
    files = [str(DATA / "fred" / f"{sid}.csv") for sid in READ_IDS]
    _tsy("import", *files, db=target, data_dir=data_dir)
    ctx = mp.get_context("spawn")
    stop, queue = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_reader, args=(target, stop, queue)) for _ in range(8)]
    for p in procs:
        p.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSY_")}
    env.update({"TSY_DB": target, "TSY_DATA_DIR": data_dir})
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "tsy.cli", "import", str(DATA)], env=env, capture_output=True
    )
    took = time.perf_counter() - t0
    stop.set()
    if proc.returncode != 0:
        raise SystemExit(f"tsy import under readers failed: {proc.stderr[-500:]!r}")
    latencies: list[float] = []
    errors = 0
    for _ in procs:
        lat, err = queue.get(timeout=120)
        latencies += lat
        errors += err
    for p in procs:
        p.join(timeout=30)
    q = statistics.quantiles(latencies, n=20)
    return q[9] * 1000, q[18] * 1000, len(latencies), errors, took


def _pg_database(admin: str) -> tuple[str, str]:
    import psycopg

    name = f"tsy_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    parts = urlsplit(admin)
    return name, urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _pg_drop(admin: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def _measure(target: str, busy_target: str, data_dir: str) -> dict[str, str]:
    out: dict[str, str] = {}
    out["full import (s)"] = f"{_tsy('import', str(DATA), db=target, data_dir=data_dir):.1f}"
    out["no-op re-import (s)"] = f"{_tsy('import', str(DATA), db=target, data_dir=data_dir):.1f}"
    with open_store(target, readonly=True) as store:
        ids = _longest_daily(store)
        after = _median_ms(lambda: store.read_frame(ids))
        before = _median_ms(lambda: _read_before(store, ids))
        same = _read_before(store, ids).equals(store.read_frame(ids))
        p_after = _profiled_ms(lambda: store.read_frame(ids))
        p_before = _profiled_ms(lambda: _read_before(store, ids))
        rows = int(store.series_stats(ids)["rows"].sum())
    out["read_frame 20 daily, rows"] = f"{rows}"
    out["read_frame before (ms)"] = f"{before:.0f}"
    out["read_frame now (ms)"] = f"{after:.0f}  (x{before / after:.1f}, same={same})"
    out["  under cProfile before/now (ms)"] = (
        f"{p_before:.0f} / {p_after:.0f}  (x{p_before / p_after:.1f})"
    )
    with open_store(target) as store:
        fast, row, n = _bulk(store, ids)
    out[f"bulk insert {n} rows: fast path (s)"] = f"{fast:.2f}"
    out["  row-at-a-time INSERT (s)"] = f"{row:.2f}  (x{row / fast:.1f})"
    out["tsy monitor --as-of 2025-04-11 (s)"] = (
        f"{_tsy('monitor', '--as-of', '2025-04-11', '--format', 'json', db=target, data_dir=data_dir):.2f}"  # noqa: E501
    )
    p50, p95, reads, errors, took = _readers_during_import(busy_target, data_dir)
    out["8 readers during import: p50 / p95 (ms)"] = f"{p50:.0f} / {p95:.0f}"
    out["  reads, errors"] = f"{reads}, {errors}"
    out["  the import meanwhile (s)"] = f"{took:.1f}"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--pg-url", default=os.environ.get("TSY_BENCH_PG_URL") or os.environ.get("TSY_TEST_PG_URL")
    )
    args = ap.parse_args()
    if not args.pg_url:
        raise SystemExit("give --pg-url (a role that may CREATE DATABASE) or $TSY_BENCH_PG_URL")
    names: list[str] = []
    load_before = os.getloadavg()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            a, pg = _pg_database(args.pg_url)
            b, pg_busy = _pg_database(args.pg_url)
            names += [a, b]
            results = {
                "sqlite": _measure(str(Path(tmp) / "a.db"), str(Path(tmp) / "b.db"), tmp),
                "postgresql": _measure(pg, pg_busy, tmp),
            }
    finally:
        for name in names:
            _pg_drop(args.pg_url, name)
    width = max(len(k) for k in results["sqlite"])
    print(f"{'measure':<{width}}  {'sqlite':<28}  postgresql")
    for key in results["sqlite"]:
        print(f"{key:<{width}}  {results['sqlite'][key]:<28}  {results['postgresql'][key]}")
    before, after = (" ".join(f"{x:.1f}" for x in la) for la in (load_before, os.getloadavg()))
    print(f"(cpus: {os.cpu_count()}; load average 1/5/15 min before {before}, after {after})")


if __name__ == "__main__":
    main()
