"""Benchmark: the monitor's and the studies' computation, this checkout against a base commit.

Both sides run with this checkout's virtualenv; only the source differs: the base is ``git
archive`` of ``--base`` (default ``b9551fa``, where the computation work of issue 13 started)
unpacked in the temporary folder, put first on ``PYTHONPATH``. Each side reads a store it filled
itself from ``../shared/data`` (the schema may differ between them; the data are the same), or
both the one ``--db`` names. So the ratio is measured in one run, on one machine, at one load.

Rows (each the median of ``--runs`` runs, the two sides alternating run by run, each run in a
fresh process after one warm-up inside it; wall seconds, and CPU seconds of the process for the
in-process rows, which matter on a loaded machine):

* ``compute: monitor``: every indicator of ``tsy monitor`` evaluated on inputs read once, plus
  the composite (:func:`tsy.analytics.stress_parts.assemble_parts` and ``evaluate``): the
  computation alone, no store read.
* ``compute: dated x10 (2012)``: the same for the ten business days from 2012-01-02, each on its
  point-in-time inputs read beforehand (the evaluate side of a dated ``/api/monitor``).
* ``run_monitor x10 as-of``: :func:`tsy.indicators.monitor.run_monitor` for ten as-of dates in
  one process (reads included), as the dashboard and the load test ask for many dates.
* ``run_monitor x10 dated (2012)``: the same for the ten business days from 2012-01-02.
* ``tsy monitor`` / ``tsy study ...``: the command in a fresh process, ``TSY_CACHE=0``.

Run: ``.venv/bin/python benchmarks/bench_monitor.py [--db PATH] [--runs 5] [--base b9551fa]``
(without ``--db`` each side imports ``../shared/data`` into a temporary store first).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
#: The as-of dates of the in-process row: the episode library's dates and two quiet ones.
AS_OF = [
    "2008-09-15", "2011-08-08", "2015-06-30", "2019-09-17", "2020-03-18", "2022-09-28",
    "2023-03-13", "2025-04-10", "2025-06-30", "2025-12-31",
]  # fmt: skip
STUDIES = ("curves", "inflation", "metals")

_PROBE = r"""
import json, sys, time
import pandas as pd
from tsy.indicators import monitor as M
from tsy.indicators.load import load
from tsy.indicators.registry import Inputs, evaluate, load_inputs
from tsy.analytics.stress_parts import assemble_parts, evaluate as composite_at

dates = sys.argv[1].split(",")
dated = list(pd.bdate_range("2012-01-02", periods=10))

def timed(fn):
    fn()  # warm-up
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c

ids = [M.CORE, *M.defs.EQUITY.values(), *M.defs.DOLLAR.values()]
asof = M.core_as_of(load(ids, required=False))
now = load_inputs(M._INDICATORS, end=asof)
read = [load_inputs(M._INDICATORS, as_of=d) for d in dated]

def compute(inputs, when):
    inputs = Inputs(inputs.as_of, inputs.series, inputs.tables)  # nothing kept from a run
    ev = {ind.name: evaluate(ind, inputs).result for ind in M._INDICATORS}
    curve = [s for r, s in inputs.series.items() if r.startswith("DGS") and len(s)]
    parts = assemble_parts(
        ev["cross_asset"].legs if ev["cross_asset"] is not None else None, ev["velocity"],
        ev["bond_vol"], ev["liquidity"], ev["basis_trade"], ev["auctions"],
        last_curve_date=max(s.index[-1] for s in curve),
    )
    composite_at(parts, when)

print(json.dumps({
    "compute": timed(lambda: compute(now, asof)),
    "dated_compute": timed(lambda: [compute(i, d) for i, d in zip(read, dated)]),
    "asof": timed(lambda: [M.run_monitor(as_of=d) for d in dates]),
    "dated": timed(lambda: [M.run_monitor(as_of=d) for d in dated]),
}))
"""

#: The in-process rows: probe key -> label.
PROBE_ROWS = {
    "compute": "compute: monitor",
    "dated_compute": "compute: dated x10 (2012)",
    "asof": "run_monitor x10 as-of",
    "dated": "run_monitor x10 dated (2012)",
}


def _base_src(commit: str) -> Path:
    """The base commit's tree, unpacked once into the temporary folder."""
    root = Path(tempfile.gettempdir()) / f"tsy-bench-monitor-{commit}"
    if not (root / "src" / "tsy").is_dir():
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", "--format=tar", commit],
            check=True,
            capture_output=True,
        ).stdout
        root.mkdir(parents=True, exist_ok=True)
        tar = root / "tree.tar"
        tar.write_bytes(archive)
        with tarfile.open(tar) as t:
            t.extractall(root, filter="data")
        tar.unlink()
    return root / "src"


def _env(src: Path, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSY_")}
    env.update({"PYTHONPATH": str(src), "TSY_DB": str(db), "TSY_DATA_DIR": str(db.parent)})
    env.update({"TSY_CACHE": "0", "COLUMNS": "200"})
    return env


def _command(argv: Sequence[str], env: dict[str, str]) -> float:
    """Wall seconds of ``python -m tsy.cli ARGV`` in a fresh process."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tsy.cli", *argv], env=env, capture_output=True)
    return time.perf_counter() - t0


def _probe(env: dict[str, str]) -> dict[str, list[float]]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, ",".join(AS_OF)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, list[float]] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _alternating(fn: Callable[[str], T], sides: Sequence[str], runs: int) -> dict[str, list[T]]:
    """``fn(side)`` for each side, ``runs`` rounds, the sides alternating (after a warm-up)."""
    got: dict[str, list[T]] = {k: [] for k in sides}
    for i in range(runs + 1):
        for k in sides:
            r = fn(k)
            if i:
                got[k].append(r)
    return got


def _store(db: str | None, scratch: Path, src: Path) -> Path:
    if db:
        return Path(db)
    path = scratch / "tsy.db"
    path.parent.mkdir(parents=True)
    env = _env(src, path)
    subprocess.run(
        [sys.executable, "-m", "tsy.cli", "import", str(DATA), "--quiet"],
        env=env,
        check=True,
        capture_output=True,
    )
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="the store both sides read (default: import ../shared/data)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--base", default="b9551fa")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="tsy-bench-monitor-") as tmp:
        srcs = {"base": _base_src(a.base), "this": REPO / "src"}
        sides = {k: _env(src, _store(a.db, Path(tmp) / k, src)) for k, src in srcs.items()}
        where = a.db or "each side's own import of ../shared/data"
        print(f"store: {where}; base {a.base}; median of {a.runs} runs after a warm-up")
        print(f"{'row':34} {'base':>16} {'this':>16} {'ratio':>7}")
        probes = _alternating(lambda k: _probe(sides[k]), list(sides), a.runs)
        for key, label in PROBE_ROWS.items():
            (bw, bc), (tw, tc) = (
                [statistics.median(p[key][j] for p in probes[k]) for j in (0, 1)]
                for k in ("base", "this")
            )
            print(f"{label:34} {bw:6.3f}s ({bc:5.3f}c) {tw:6.3f}s ({tc:5.3f}c) {bw / tw:6.1f}x")
        rows = [("tsy monitor", ["monitor"])]
        rows += [(f"tsy study {s}", ["study", s]) for s in STUDIES]
        for label, argv in rows:
            t = _alternating(lambda k, argv=argv: _command(argv, sides[k]), list(sides), a.runs)
            b, n = statistics.median(t["base"]), statistics.median(t["this"])
            print(f"{label:34} {b:15.3f}s {n:15.3f}s {b / n:6.1f}x")


if __name__ == "__main__":
    main()
