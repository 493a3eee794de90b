"""Benchmark: the everyday commands of issue 13, this checkout against a base commit.

Every row is the median of ``--runs`` (default 5) runs after one warm-up run, each a fresh
process as a user starts it (``tsy ...``), with its peak memory (max RSS of the process, from
``wait4``). The same rows run on the base commit (default ``21d37bc``, where the work started)
from a ``git worktree`` in the temporary folder with its own virtualenv, created on the first
run and reused afterwards; so the ratio is measured in one run, on one machine, at one load.

Each side reads its own store, filled from ``../shared/data`` by its own ``tsy import``.

Run: ``.venv/bin/python benchmarks/bench_commands.py [--runs 5] [--base 21d37bc] [--pg URL]``
(needs ``git``, ``../shared/data`` beside the repository and, for the base side, PyPI to
install the base's dependencies into its virtualenv once).

With ``--pg postgresql://user:pw@host:port/db`` (or ``TSY_BENCH_PG_URL``) a third column runs
this checkout on a PostgreSQL store: a scratch database created on that server, filled by the
same ``tsy import``, dropped at the end (the base commit has no PostgreSQL engine; its
PostgreSQL column would be empty, so it is not printed).

Rows ``(cached)`` run a command a second time on an unchanged store: this checkout reads the
derived results it cached on the store's content version; the base has no cache and recomputes.
``TSY_CACHE=0`` rows compute everything. The dashboard row starts ``tsy serve`` cold and times
until every request of the first view (the page, ``/api/monitor``, every figure and table it
lists, 6 at a time as a browser does) has answered; the ``/api`` row is the slowest endpoint's
p95 over 20 requests on the server that just served that view (the first requests, which
compute, are the dashboard row).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
#: Twenty daily series of the catalogue, full history (the read_frame row).
FRAME_IDS = [
    "DGS1MO", "DGS3MO", "DGS6MO", "DGS1", "DGS2", "DGS3", "DGS5", "DGS7", "DGS10", "DGS20",
    "DGS30", "DFII5", "DFII7", "DFII10", "DFII20", "DFII30", "T5YIE", "T10YIE", "SP500",
    "DTWEXBGS",
]  # fmt: skip
_FRAME_PROBE = """
import sys, time, statistics
from tsy.store import open_store
ids = sys.argv[2].split(",")
with open_store(sys.argv[1], readonly=True) as st:
    st.read_frame(ids)
    times = []
    for _ in range(int(sys.argv[3])):
        t0 = time.perf_counter(); f = st.read_frame(ids); times.append(time.perf_counter() - t0)
print("MEDIAN", statistics.median(times), f.shape)
"""


@dataclass
class Side:
    """One tsy installation and the store it reads."""

    name: str
    python: Path
    tsy: Path
    db: str
    data_dir: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TSY_")}
        env.update({"TSY_DB": self.db, "TSY_DATA_DIR": str(self.data_dir)})
        env.update({"COLUMNS": "200", **extra})
        return env


def _run(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one process run to its end."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    dt = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 3):  # 3: tsy monitor raised an alert
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}")
    return dt, usage.ru_maxrss / 1024


def _median(runs: int, once: Callable[[], tuple[float, float]]) -> tuple[float, float]:
    once()  # warm-up: OS file cache, .pyc files, the derived-results cache where there is one
    results = [once() for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: Requests of the dashboard rows that did not answer 200 (e.g. 503 from load shedding), by row.
ERRORS: dict[str, int] = {}


def _get(url: str) -> float:
    """Seconds to the whole answer of ``url``; a non-200 answer is counted in :data:`ERRORS`."""
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            r.read()
    except urllib.error.HTTPError as exc:
        exc.read()
        ERRORS[_ROW[0]] = ERRORS.get(_ROW[0], 0) + 1
    return time.perf_counter() - t0


_ROW = [""]  # the dashboard row being measured (for ERRORS)


def _first_view(side: Side, cache: bool) -> tuple[float, float, float, str]:
    """Cold ``tsy serve``: seconds to the whole first view, peak MB, worst p95 (ms), its URL."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = side.env() if cache else side.env(TSY_CACHE="0")
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(side.tsy), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(base + "/?lang=en", timeout=120) as r:
                    page = r.read().decode()
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - t0 > 120:
                    raise RuntimeError("tsy serve did not start") from None
                time.sleep(0.02)
        urls = [base + "/api/monitor?lang=en"]
        urls += [
            f"{base}/api/figures/{n}?lang=en" for n in re.findall(r'data-chart="([^"]+)"', page)
        ]
        urls += [
            f"{base}/api/tables/{n}?lang=en" for n in re.findall(r'data-table="([^"]+)"', page)
        ]
        with ThreadPoolExecutor(6) as pool:
            list(pool.map(_get, urls))
        view = time.perf_counter() - t0
        worst, worst_url = 0.0, ""
        for url in urls:
            times = sorted(_get(url) for _ in range(20))
            p95 = times[18] * 1000
            if p95 > worst:
                worst, worst_url = p95, url.removeprefix(base)
    finally:
        proc.terminate()
        _, _, usage = os.wait4(proc.pid, 0)
    return view, usage.ru_maxrss / 1024, worst, worst_url


def _base_side(commit: str, work: Path) -> Path:
    """A worktree of ``commit`` with its own virtualenv (created once, then reused)."""
    wt = work / f"tsy-bench-{commit}"
    venv = wt / ".venv"
    if not (venv / "bin" / "tsy").exists():
        if not wt.exists():
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "add", "--detach", str(wt), commit],
                check=True,
            )
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-e", str(wt)], check=True)
    return venv


def two_sides(base: str, work: Path, scratch: Path) -> list[Side]:
    """The base commit's installation (:func:`_base_side`) and this checkout's, each with its
    own SQLite store in ``scratch`` (still empty)."""
    base_venv = _base_side(base, work)
    here_venv = Path(sys.executable).parent.parent
    return [
        Side(f"base {base}", base_venv / "bin/python", base_venv / "bin/tsy",
             str(scratch / "b.db"), scratch),
        Side("this checkout", here_venv / "bin/python", here_venv / "bin/tsy",
             str(scratch / "h.db"), scratch),
    ]  # fmt: skip


def _pg_admin(url: str, sql: str) -> None:
    """Run one statement outside a transaction on the server of ``url`` (CREATE/DROP DATABASE)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def _pg_url(url: str, dbname: str) -> str:
    """``url`` with its database name replaced by ``dbname``."""
    head, _, tail = url.partition("?")
    return head.rsplit("/", 1)[0] + "/" + dbname + ("?" + tail if tail else "")


def _import_once(side: Side, scratch: Path, pg: str | None) -> tuple[float, float]:
    env = side.env()
    if side.db.startswith("postgresql://"):
        assert pg is not None
        _pg_admin(pg, "DROP DATABASE IF EXISTS tsy_bench_import")
        _pg_admin(pg, "CREATE DATABASE tsy_bench_import")
        env["TSY_DB"] = _pg_url(pg, "tsy_bench_import")
    else:
        slug = re.sub(r"\W+", "-", side.name)
        for p in scratch.glob(f"import-{slug}.db*"):
            shutil.rmtree(p) if p.is_dir() else p.unlink()
        env["TSY_DB"] = str(scratch / f"import-{slug}.db")
    return _run([str(side.tsy), "import", str(DATA)], env)


def _line(
    label: str, base: str, this: str, ratio: float, mem: str = "", target: str = "", pg: str = ""
) -> None:
    print(f"{label:<46} {base:>14} {this:>14} {ratio:>5.1f}x {mem:>13} {pg:>14}  {target}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--base", default="21d37bc")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--pg", default=os.environ.get("TSY_BENCH_PG_URL"), help="PostgreSQL URL")
    args = ap.parse_args()
    if not DATA.is_dir():
        sys.exit(f"shared data not found at {DATA}")
    scratch = Path(tempfile.mkdtemp(prefix="tsy-bench-"))
    sides = two_sides(args.base, args.work, scratch)
    here = (sides[1].python, sides[1].tsy)
    if args.pg:
        _pg_admin(args.pg, "DROP DATABASE IF EXISTS tsy_bench")
        _pg_admin(args.pg, "CREATE DATABASE tsy_bench")
        (scratch / "pg").mkdir()
        sides.append(Side("this, PostgreSQL", *here, _pg_url(args.pg, "tsy_bench"), scratch / "pg"))
    for side in sides:  # each side fills its own store with its own importer
        _run([str(side.tsy), "import", str(DATA)], side.env())
    report = scratch / "report.html"
    rows: list[tuple[str, str, Callable[[Side], tuple[float, float]]]] = []

    def cmd(label: str, target: str, argv: list[str], **env: str) -> None:
        rows.append(
            (
                label,
                target,
                lambda s: _median(args.runs, lambda: _run([str(s.tsy), *argv], s.env(**env))),
            )
        )

    cmd("tsy --help", "< 0.25 s", ["--help"])
    cmd("tsy series DGS10 --format csv", "< 0.4 s", ["series", "DGS10", "--format", "csv"])
    cmd("tsy monitor (TSY_CACHE=0)", "< 1.0 s", ["monitor"], TSY_CACHE="0")
    cmd("tsy monitor (cached)", "< 1.0 s", ["monitor"])
    cmd("tsy report (TSY_CACHE=0)", "< 3 s", ["report", "--out", str(report)], TSY_CACHE="0")
    cmd("tsy report (cached)", "< 3 s", ["report", "--out", str(report)])
    rows.append(
        (
            "tsy import ../shared/data (empty store)",
            "< 5 s",
            lambda s: _median(args.runs, lambda: _import_once(s, scratch, args.pg)),
        )
    )

    results: dict[str, dict[str, tuple[float, float]]] = {}
    for label, _, fn in rows:
        for side in sides:
            results.setdefault(label, {})[side.name] = fn(side)
            print(f"  {label} [{side.name}]: {results[label][side.name][0]:.3f} s", file=sys.stderr)

    frame_ms: dict[str, float] = {}
    for side in sides:
        out = subprocess.run(
            [str(side.python), "-c", _FRAME_PROBE, side.db, ",".join(FRAME_IDS),
             str(args.runs)],
            capture_output=True, text=True, check=True, env=side.env(),
        )  # fmt: skip
        frame_ms[side.name] = float(out.stdout.split()[1]) * 1000

    dash: dict[str, dict[str, tuple[float, float, float, str]]] = {}
    for cache in (False, True):
        key = "dashboard first view, cold server" + ("" if cache else " (TSY_CACHE=0)")
        for side in sides:
            _ROW[0] = f"{key} [{side.name}]"
            _first_view(side, cache)  # warm-up
            runs = [_first_view(side, cache) for _ in range(args.runs)]
            dash.setdefault(key, {})[side.name] = (
                statistics.median(r[0] for r in runs),
                max(r[1] for r in runs),
                statistics.median(r[2] for r in runs),
                runs[-1][3],
            )

    b, h = sides[0].name, sides[1].name
    p = sides[2].name if len(sides) > 2 else None

    def pg_cell(value: float | None, fmt: str) -> str:
        return "" if value is None else fmt.format(value)

    pg_head = "PostgreSQL" if p else ""
    print(f"{'command':<46} {b:>14} {h:>14} {'ratio':>6} {'peak MB':>13} {pg_head:>14}  target")
    for label, target, _ in rows:
        (tb, mb), (th, mh) = results[label][b], results[label][h]
        tp = results[label][p][0] if p else None
        cells = (f"{tb:.3f} s", f"{th:.3f} s", tb / th, f"{mb:.0f} / {mh:.0f}", target)
        _line(label, *cells, pg=pg_cell(tp, "{:.3f} s"))
    fb, fh = frame_ms[b], frame_ms[h]
    fp = frame_ms[p] if p else None
    _line(
        "read_frame, 20 daily series",
        f"{fb:.1f} ms",
        f"{fh:.1f} ms",
        fb / fh,
        "",
        "< 30 ms",
        pg=pg_cell(fp, "{:.1f} ms"),
    )
    for key, per in dash.items():
        (vb, mb, pb, ub), (vh, mh, ph, uh) = per[b], per[h]
        vp, pp = (per[p][0], per[p][2]) if p else (None, None)
        cells = (f"{vb:.3f} s", f"{vh:.3f} s", vb / vh, f"{mb:.0f} / {mh:.0f}", "< 1.5 s")
        _line(key, *cells, pg=pg_cell(vp, "{:.3f} s"))
        _line(
            "  /api/ slowest p95 after it",
            f"{pb:.1f} ms",
            f"{ph:.1f} ms",
            pb / ph,
            "",
            "< 50 ms",
            pg=pg_cell(pp, "{:.1f} ms"),
        )
        print(f"    slowest: base {ub}; this {uh}" + (f"; PostgreSQL {per[p][3]}" if p else ""))
    for row, n in ERRORS.items():
        print(f"  ERRORS: {n} non-200 answers in {row} (warm-up included)")
    print(f"\nmedian of {args.runs} runs after a warm-up; peak MB = max RSS (base / this); "
          f"{os.cpu_count()} cores; stores in {scratch}")  # fmt: skip
    shutil.rmtree(scratch, ignore_errors=True)
    if args.pg:
        _pg_admin(args.pg, "DROP DATABASE IF EXISTS tsy_bench")
        _pg_admin(args.pg, "DROP DATABASE IF EXISTS tsy_bench_import")


if __name__ == "__main__":
    main()
