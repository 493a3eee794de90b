"""Benchmark: the store on SQLite and PostgreSQL, this checkout beside a base commit, one run.

Run by hand: ``.venv/bin/python benchmarks/bench_store.py [--base b9551fa] [--runs 5]
[--pg-url URL] [--concurrency]``. The base commit is unpacked with ``git archive`` into a
temporary folder and run with this checkout's virtualenv (``PYTHONPATH`` = its ``src``), so
both sides use the same libraries. The PostgreSQL URL (default ``$TSY_BENCH_PG_URL`` or
``$TSY_TEST_PG_URL``) must name a role that may create databases; throwaway databases are
created and dropped. Without one, only the SQLite columns are printed.

Each side fills its own store with ``tsy import ../shared/data`` (a store of this checkout's
schema may be newer than the base reads). The sides take turns, run by run, so a burst of load
on a shared machine falls on both; each row is the median of ``--runs`` after one warm-up round
(store reads: a fresh process per run, the median of 3 calls after a warm-up call):

- ``read_frame`` of 20 daily series over their full history (issue 13's row);
- ``read_series`` of the same 20 series one by one (the monitor reads series this way);
- ``read_table`` of ``auctions`` (~10,800 rows x 115 columns), and of every table with rows;
- ``tsy series DGS10 --format csv`` (a fresh process, as a user runs it);
- ``tsy import ../shared/data`` into an empty store (a fresh process and a new store each run).

With ``--concurrency`` (this checkout only, as before): 8 reader processes looping
``read_frame`` of DGS10, DFII10 and T10YIE during a full import (p50 / p95 latency, errors).
The load average before and after is printed under the table: on a shared machine, read the
figures against it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench_commands import FRAME_IDS  # the 20 daily series of issue 13's read_frame row

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
TABLES = ["auctions", "auctions_secondary", "positions", "foreign_holders", "cpi_substitutes"]
READ_IDS = ("DGS10", "DFII10", "T10YIE")
#: A reader's pause between two frames (a desk of people and dashboards, not a tight loop).
READER_PAUSE_S = 0.05

#: Run inside each side's interpreter: medians (ms) of the store reads, as JSON.
_PROBE = """
import json, statistics, sys, time
from tsy.store import open_store
target, runs = sys.argv[1], int(sys.argv[2])
ids, tables = sys.argv[3].split(","), sys.argv[4].split(",")
def med(fn):
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter(); fn(); times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000
with open_store(target, readonly=True) as st:
    out = {
        "read_frame": med(lambda: st.read_frame(ids)),
        "read_series": med(lambda: [st.read_series(i) for i in ids]),
        "auctions": med(lambda: st.read_table("auctions")),
        "tables": med(lambda: [st.read_table(t) for t in tables]),
        "shape": list(st.read_frame(ids).shape),
    }
print(json.dumps(out))
"""


def _env(src: Path, db: str, data_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSY_")}
    env.update({"TSY_DB": db, "TSY_DATA_DIR": data_dir, "TSY_CACHE": "0", "PYTHONPATH": str(src)})
    return env


def _tsy(src: Path, *args: str, db: str, data_dir: str) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "tsy.cli", *args],
        env=_env(src, db, data_dir),
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"tsy {' '.join(args)} ({src}) failed: {proc.stderr[-500:]}")
    return took


class Targets:
    """New empty store targets: SQLite files in ``tmp``, or databases on a PostgreSQL server."""

    def __init__(self, tmp: Path, admin: str | None) -> None:
        self.tmp, self.admin, self.names = tmp, admin, []  # type: ignore[var-annotated]

    def new(self) -> str:
        name = f"tsy_bench_{uuid.uuid4().hex[:8]}"
        if self.admin is None:
            return str(self.tmp / f"{name}.db")
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
        self.names.append(name)
        parts = urlsplit(self.admin)
        return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))

    def drop(self) -> None:
        if self.admin is None:
            return
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            for name in self.names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def _probe(src: Path, db: str, data_dir: str) -> dict[str, float]:
    """Each store read in a fresh process: the median of 3 calls after a warm-up call (ms)."""
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, db, "3", ",".join(FRAME_IDS), ",".join(TABLES)],
        env=_env(src, db, data_dir),
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        raise SystemExit(f"probe ({src}) failed: {probe.stderr[-500:]}")
    return dict(json.loads(probe.stdout))


def _sides(sides: dict[str, Path], targets: Targets, runs: int) -> dict[str, dict[str, float]]:
    """Medians per side; the sides take turns run by run, so a burst of load on a shared
    machine falls on both rather than on one."""
    data_dir = str(targets.tmp)
    dbs = {side: targets.new() for side in sides}
    for side, src in sides.items():
        _tsy(src, "import", str(DATA), "--quiet", db=dbs[side], data_dir=data_dir)
    samples: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
    for _ in range(runs + 1):  # the first round is the warm-up
        for side, src in sides.items():
            row = _probe(src, dbs[side], data_dir)
            row["series_cmd"] = _tsy(
                src, "series", "DGS10", "--format", "csv", db=dbs[side], data_dir=data_dir
            )
            fresh = targets.new()
            row["import"] = _tsy(src, "import", str(DATA), "--quiet", db=fresh, data_dir=data_dir)
            samples[side].append(row)
    return {
        side: {
            key: statistics.median(r[key] for r in rows[1:]) for key in rows[0] if key != "shape"
        }
        | {"shape": rows[0]["shape"]}
        for side, rows in samples.items()
    }


ROWS = (
    ("read_frame 20 daily, full history (ms)", "read_frame", 1.0),
    ("read_series x20, one by one (ms)", "read_series", 1.0),
    ("read_table auctions (ms)", "auctions", 1.0),
    (f"read_table x{len(TABLES)}: {', '.join(TABLES)} (ms)", "tables", 1.0),
    ("tsy series DGS10 --format csv (s)", "series_cmd", 1.0),
    ("tsy import ../shared/data, empty store (s)", "import", 1.0),
)


def _unpack(base: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", base, "src"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _reader(target: str, stop, queue) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO / "src"))
    from tsy.store import open_store

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


def _readers_during_import(targets: Targets) -> str:
    """p50 / p95 ms of 8 reader processes while ``tsy import`` runs, reads, errors, import s."""
    target, data_dir, src = targets.new(), str(targets.tmp), REPO / "src"
    files = [str(DATA / "fred" / f"{sid}.csv") for sid in READ_IDS]
    _tsy(src, "import", *files, db=target, data_dir=data_dir)
    ctx = mp.get_context("spawn")
    stop, queue = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_reader, args=(target, stop, queue)) for _ in range(8)]
    for p in procs:
        p.start()
    took = _tsy(src, "import", str(DATA), "--quiet", db=target, data_dir=data_dir)
    stop.set()
    latencies: list[float] = []
    errors = 0
    for _ in procs:
        lat, err = queue.get(timeout=120)
        latencies += lat
        errors += err
    for p in procs:
        p.join(timeout=30)
    q = statistics.quantiles(latencies, n=20)
    return (
        f"{q[9] * 1000:.0f} / {q[18] * 1000:.0f} ms, {len(latencies)} reads, {errors} errors,"
        f" import {took:.1f} s"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--base", default="b9551fa", help="commit to compare with (default b9551fa)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument(
        "--pg-url", default=os.environ.get("TSY_BENCH_PG_URL") or os.environ.get("TSY_TEST_PG_URL")
    )
    ap.add_argument("--concurrency", action="store_true", help="also 8 readers during an import")
    args = ap.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"no shared data at {DATA}")
    load_before = os.getloadavg()
    engines = ["sqlite"] + (["postgresql"] if args.pg_url else [])
    results: dict[tuple[str, str], dict[str, float]] = {}
    extra: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="tsy-bench-store-") as tmp:
        sides = {"base": _unpack(args.base, Path(tmp) / "base"), "now": REPO / "src"}
        for engine in engines:
            targets = Targets(Path(tmp), args.pg_url if engine == "postgresql" else None)
            try:
                for side, row in _sides(sides, targets, args.runs).items():
                    results[(engine, side)] = row
                if args.concurrency:
                    extra[engine] = _readers_during_import(targets)
            finally:
                targets.drop()
    header = ["measure"] + [f"{e} {s}" for e in engines for s in ("base", "now", "ratio")]
    width = max(len(label) for label, _, _ in ROWS)
    print(f"base {args.base} vs this checkout; median of {args.runs} after a warm-up")
    print(f"{header[0]:<{width}}  " + "  ".join(f"{h:>17}" for h in header[1:]))
    for label, key, _ in ROWS:
        cells = []
        for engine in engines:
            before, now = results[(engine, "base")][key], results[(engine, "now")][key]
            fmt = ".2f" if label.endswith("(s)") else ".1f"
            cells += [f"{before:{fmt}}", f"{now:{fmt}}", f"x{before / now:.1f}"]
        print(f"{label:<{width}}  " + "  ".join(f"{c:>17}" for c in cells))
    shape = results[(engines[0], "now")]["shape"]
    print(f"(read_frame shape {shape[0]} x {shape[1]})")  # type: ignore[index]
    for engine, text in extra.items():
        print(f"8 readers during import, {engine}: {text}")
    before, after = (" ".join(f"{x:.1f}" for x in la) for la in (load_before, os.getloadavg()))
    print(f"(cpus: {os.cpu_count()}; load average 1/5/15 min before {before}, after {after})")


if __name__ == "__main__":
    main()
