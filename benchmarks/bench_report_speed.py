"""Benchmark: ``tsy report`` and the dashboard's first view, this checkout against a base commit.

The report and dashboard rows of issue 13, side by side in one run (the base first, then this
checkout, for every row), each the median of ``--runs`` fresh processes after a warm-up, with
peak memory; the measurements are those of ``benchmarks/bench_commands.py`` (imported from it):

- ``tsy report`` en and zh, uncached (``TSY_CACHE=0``) and cached (a second run on an unchanged
  store);
- the dashboard's first complete view from a cold ``tsy serve`` (the page, ``/api/monitor``,
  every figure and table it lists, 6 at a time), uncached and cached, and the slowest ``/api/``
  endpoint's p95 over 20 requests right after.

Each side reads its own store, filled from ``../shared/data`` by its own ``tsy import``.

Run: ``.venv/bin/python benchmarks/bench_report_speed.py [--runs 5] [--base COMMIT]``.
Targets: report uncached < 3 s; first view < 1.5 s; every ``/api/`` p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_commands import DATA, _first_view, _median, _run, two_sides


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--base", default="b9551fa", help="commit to compare with")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()))
    args = ap.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="tsy-bench-report-"))
    sides = two_sides(args.base, args.work, scratch)
    for side in sides:
        _run([str(side.tsy), "import", str(DATA)], side.env())
    out = scratch / "report.html"
    rows: list[tuple[str, str, dict[str, tuple[float, float]]]] = []
    for lang in ("en", "zh"):
        for label, env in (("TSY_CACHE=0", {"TSY_CACHE": "0"}), ("cached", {})):
            argv = ["report", "--lang", lang, "--out", str(out)]
            per = {
                s.name: _median(
                    args.runs, lambda s=s, a=argv, e=env: _run([str(s.tsy), *a], s.env(**e))
                )
                for s in sides
            }
            rows.append((f"tsy report --lang {lang} ({label})", "< 3 s", per))
    dash = []
    for cache in (False, True):
        per_view = {}
        for side in sides:
            _first_view(side, cache)  # warm-up
            runs = [_first_view(side, cache) for _ in range(args.runs)]
            per_view[side.name] = (
                statistics.median(r[0] for r in runs),
                max(r[1] for r in runs),
                statistics.median(r[2] for r in runs),
                runs[-1][3],
            )
        dash.append(("cached" if cache else "TSY_CACHE=0", per_view))

    b, h = (s.name for s in sides)
    print(f"{'measure':<44} {b:>16} {'this checkout':>14} {'ratio':>6} {'peak MB':>11}  target")
    for label, target, per in rows:
        (tb, mb), (th, mh) = per[b], per[h]
        print(
            f"{label:<44} {tb:>14.2f} s {th:>12.2f} s {tb / th:>5.1f}x {mb:>5.0f}/{mh:<5.0f}  "
            f"{target}"
        )
    for label, per_view in dash:
        (vb, mb, pb, ub), (vh, mh, ph, uh) = per_view[b], per_view[h]
        print(
            f"{'dashboard first view, cold (' + label + ')':<44} {vb:>14.2f} s {vh:>12.2f} s "
            f"{vb / vh:>5.1f}x {mb:>5.0f}/{mh:<5.0f}  < 1.5 s"
        )
        print(
            f"{'  slowest /api/ p95 after it':<44} {pb:>13.1f} ms {ph:>11.1f} ms "
            f"{pb / ph:>5.1f}x {'':>11}  < 50 ms"
        )
        print(f"    slowest: base {ub}; this {uh}")
    load = os.getloadavg()
    print(
        f"\nmedian of {args.runs} runs after a warm-up; peak MB = max RSS (base/this); "
        f"{os.cpu_count()} cores; load average at the end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
