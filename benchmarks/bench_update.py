"""Benchmark: full load of the FRED catalogue from a local server, then an incremental update.

Run by hand: ``.venv/bin/python benchmarks/bench_update.py``. Prints a table: wall time,
requests, bytes transferred (server side) for the full load and the incremental update with
nothing new; the incremental run must transfer under 5% of the full run's bytes.
The server is ``tests/fakeserver.py`` (127.0.0.1) serving the real files of ../shared/data and
honouring ``cosd`` as FRED does. FRED's 2 requests/s limit is lifted here (``TSY_FRED_RPS``) so
that the figures measure tsy, not the politeness delay; pass ``--polite`` to keep it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakeserver import fake_fred

from tsy import catalog
from tsy.config import load_settings
from tsy.pipeline.update import run_update
from tsy.store import open_store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--polite", action="store_true", help="keep FRED's 2 requests/s limit")
    args = ap.parse_args()
    ids = [i.id for i in catalog.all_series() if i.source == "fred"]
    rows = []
    with fake_fred() as srv, tempfile.TemporaryDirectory() as tmp:
        env = {"TSY_FRED_URL": srv.url, "TSY_DB": str(Path(tmp) / "b.db")}
        if not args.polite:
            env["TSY_FRED_RPS"] = "1000"
        settings = load_settings(env)
        with open_store(settings.db_path) as store:
            for label, full in (("full load", True), ("incremental, nothing new", False)):
                srv.bytes_sent, srv.requests[:] = 0, []
                t0 = time.perf_counter()
                rep = run_update(store, settings, ids, full=full, jobs=[])
                dt = time.perf_counter() - t0
                ok = sum(o.status == "ok" for o in rep.outcomes)
                new = sum(o.new for o in rep.outcomes)
                rows.append(
                    (label, dt, len(srv.requests), srv.bytes_sent, ok, len(rep.outcomes), new)
                )
    full_bytes = rows[0][3]
    head = ("run", "wall s", "requests", "bytes", "% of full", "ok", "new rows")
    print(f"{head[0]:<26}" + "".join(f"{h:>11}" for h in head[1:]))
    for label, dt, req, b, ok, n, new in rows:
        pct = f"{100 * b / full_bytes:.2f}%"
        print(f"{label:<26}{dt:>11.2f}{req:>11}{b:>11,}{pct:>11}{f'{ok}/{n}':>11}{new:>11,}")
    print("(series absent from ../shared/data, e.g. WORAL, fail with 404 in both runs)")


if __name__ == "__main__":
    main()
