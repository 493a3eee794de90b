"""Benchmark: ``tsy import ../shared/data`` into an empty store, this checkout beside base commits.

Run by hand: ``.venv/bin/python benchmarks/bench_import.py [--base f0a4bc5 --base 21d37bc]
[--runs 5] [--pg-url URL]``. Each base commit is unpacked with ``git archive`` into a temporary
folder and run with this checkout's virtualenv (``PYTHONPATH`` = its ``src``, as
:mod:`bench_store` does), so every side uses the same libraries. Every run is a fresh process
(``python -m tsy.cli import DATA``, the table printed to a pipe, as a user runs it) into a new
empty store; the sides take turns run by run, so a burst of load on the shared machine falls on
all of them. Printed per side: the median wall time of ``--runs`` runs after one warm-up round,
the median CPU time (user + system, less moved by other processes' load), peak memory, and the
ratio to the first base. With a PostgreSQL URL (default ``$TSY_BENCH_PG_URL`` or
``$TSY_TEST_PG_URL``; a role that may create databases) a second block imports into a new
database per run (throwaway databases, dropped at the end).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import DATA, REPO, Targets, _env, _unpack


def _once(src: Path, db: str, data_dir: str) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MB) of one ``tsy import`` of the shared data into ``db``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tsy.cli", "import", str(DATA)],
        env=_env(src, db, data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"tsy import ({src}) failed")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _block(sides: dict[str, Path], targets: Targets, data_dir: str, runs: int) -> None:
    """Warm-up round, then ``runs`` rounds taking turns; print one line per side."""
    times: dict[str, list[tuple[float, float, float]]] = {name: [] for name in sides}
    for round_ in range(runs + 1):
        for name, src in sides.items():
            took = _once(src, targets.new(), data_dir)
            if round_:
                times[name].append(took)
    first = statistics.median(t[0] for t in times[next(iter(sides))])
    for name, got in times.items():
        wall = statistics.median(t[0] for t in got)
        cpu = statistics.median(t[1] for t in got)
        peak = max(t[2] for t in got)
        spread = ", ".join(f"{t[0]:.2f}" for t in got)
        print(
            f"  {name:<16} {wall:>7.2f} s {cpu:>7.2f} s {peak:>7.0f} MB {first / wall:>6.2f}x"
            f"   runs: {spread}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", action="append", help="commit to compare with (repeatable)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument(
        "--pg-url", default=os.environ.get("TSY_BENCH_PG_URL") or os.environ.get("TSY_TEST_PG_URL")
    )
    args = ap.parse_args()
    bases = args.base or ["f0a4bc5"]
    if not DATA.is_dir():
        raise SystemExit(f"no shared data at {DATA}")
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="tsy-bench-import-") as tmp:
        sides = {f"base {b}": _unpack(b, Path(tmp) / f"base-{b}") for b in bases}
        sides["this checkout"] = REPO / "src"
        print(f"tsy import {DATA.name} into an empty store; median of {args.runs} after a warm-up")
        print(f"  {'side':<16} {'wall':>9} {'cpu':>9} {'peak':>10} {'ratio':>7}")
        for engine, admin in (("sqlite", None), ("postgresql", args.pg_url)):
            if engine == "postgresql" and not admin:
                continue
            print(engine)
            targets = Targets(Path(tmp), admin)
            try:
                _block(sides, targets, tmp, args.runs)
            finally:
                targets.drop()
    before, after = (" ".join(f"{x:.1f}" for x in la) for la in (load_before, os.getloadavg()))
    print(f"(cpus: {os.cpu_count()}; load average 1/5/15 min before {before}, after {after})")


if __name__ == "__main__":
    main()
