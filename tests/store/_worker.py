"""Subprocess writer for the store's crash and concurrency tests (run as a script).

Usage: python _worker.py MODE DB [ARGS]
  batches DB ROWS      write batch 0, 1, 2, ... forever; print each id once committed
  revise DB ROWS N [A B]  rewrite series A and B (default R, R2) with value k (k = 0..N-1) on
                       ROWS dates, both in one transaction
  lock DB [COMMAND]    hold the writer lock (as COMMAND), print "locked", then sleep
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime

import pandas as pd

from tsy.store import open_store

SEEN = datetime(2026, 1, 5, tzinfo=UTC)


def _flat(value: float, rows: int) -> pd.Series:
    index = pd.date_range("1990-01-01", periods=rows, freq="D", name="date")
    return pd.Series(float(value), index=index)


def batches(db: str, rows: int) -> None:
    with open_store(db) as store:
        batch = 0
        while True:
            # One transaction: a new series B<i> plus a revision of every row of ALL.
            store.upsert_many(
                {f"B{batch:05d}": _flat(batch, rows), "ALL": _flat(batch, rows)},
                source="test",
                seen_at=SEEN,
            )
            print(batch, flush=True)
            batch += 1


def revise(db: str, rows: int, versions: int, a: str = "R", b: str = "R2") -> None:
    with open_store(db) as store:
        for k in range(versions):
            store.upsert_many({a: _flat(k, rows), b: _flat(k, rows)}, source="t", seen_at=SEEN)
    print("done", flush=True)


def lock(db: str, command: str = "update") -> None:
    with open_store(db) as store, store.writer_lock(command):
        print("locked", flush=True)
        time.sleep(60)


if __name__ == "__main__":
    mode, path, *args = sys.argv[1:]
    if mode == "batches":
        batches(path, int(args[0]))
    elif mode == "revise":
        revise(path, int(args[0]), int(args[1]), *args[2:])
    else:
        lock(path, *args)
