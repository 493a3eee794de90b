"""Many users on one store, on both engines: 8 reader processes -- 4 looping ``tsy series``,
4 sending API requests to a real ``tsy serve`` (uvicorn on 127.0.0.1) -- while a full ``tsy
import ../shared/data`` writes (killed with SIGKILL part-way, then run again to the end), and
while a ``tsy update`` fetches from the local FRED look-alike.

What must hold: no reader ever fails; no reader sees a torn batch; a second writer is refused
with a message naming the running command and its pid; a SIGKILLed writer leaves every batch
it committed and no lock (the next writer starts at once).

"Torn" is judged independently of tsy's reading code, against the files themselves (counted
with the ``csv`` module): a FRED file is one batch, so a reader sees a series with none or all
of the file's values; a Treasury par-curve file is one batch of 14 series, so in one ``tsy
series`` frame of 13 of them (the 1.5-month column has blanks) every column holds the same
dates, those of no file, of one file or of both.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import DATA, raw_sql, run_tsy, tsy_env, tsy_serve
from tests.fakeserver import fake_fred
from tsy.config import DEFAULT_BASE_URLS
from tsy.store import open_store

READER = Path(__file__).with_name("_reader.py")
PAR_FILES = tuple(
    DATA / "treasury" / f"daily_treasury_par_yield_curve_{y}.csv" for y in (2024, 2025)
)
#: FRED series the readers watch (one file each; no other file of ../shared/data holds them).
WATCHED = ("DGS10", "DFII10", "T10YIE", "DGS2", "SP500", "VIXCLS")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@cache
def fred_rows(sid: str) -> int:
    """Observations in ``data/fred/SID.csv`` (rows with a value; FRED writes '.' or nothing
    for a missing one)."""
    with (DATA / "fred" / f"{sid}.csv").open(newline="") as fh:
        return sum(1 for row in list(csv.reader(fh))[1:] if row[1] not in ("", "."))


@cache
def par_files() -> tuple[tuple[str, ...], tuple[int, ...]]:
    """(ids of the par-curve tenors with a value on every row of both files, rows per file)."""
    tenors: list[set[str]] = []
    rows: list[int] = []
    for path in PAR_FILES:
        with path.open(newline="") as fh:
            header, *body = list(csv.reader(fh))
        full = {
            "UST_PAR_" + name.replace(" Mo", "M").replace(" Yr", "Y")
            for j, name in enumerate(header[1:], start=1)
            if all(r[j] != "" for r in body)
        }
        tenors.append(full)
        rows.append(len(body))
    return tuple(sorted(set.intersection(*tenors))), tuple(rows)


def allowed_counts(sid: str) -> set[int]:
    """How many values a reader may see of ``sid`` during a fresh import: the sums of any
    subset of the batches (files) that hold it."""
    if sid.startswith("UST_PAR_"):
        a, b = par_files()[1]
        return {0, a, b, a + b}
    return {0, fred_rows(sid)}


class Readers:
    """The 8 reader processes and what they saw."""

    def __init__(self, db: str, data_dir: Path, url: str, cli_groups: list[list[str]]) -> None:
        self.stop = data_dir / "stop-readers"
        self.out = [data_dir / f"reader-{k}.jsonl" for k in range(8)]
        env = tsy_env(db, data_dir=data_dir)

        def spawn(k: int, mode: str, pause: str, *args: str) -> subprocess.Popen[str]:
            command = [sys.executable, str(READER), mode, str(self.stop), str(self.out[k])]
            return subprocess.Popen(
                [*command, pause, *args], env=env, stderr=subprocess.PIPE, text=True
            )

        self.procs = [spawn(k, "cli", "1.0", ",".join(g)) for k, g in enumerate(cli_groups)]
        api_ids = [*WATCHED, *par_files()[0][:3]]
        for k in range(len(self.procs), 8):
            ids = api_ids[k % 3 :] + api_ids[: k % 3]  # each starts elsewhere in the list
            self.procs.append(spawn(k, "api", "0.2", url, *ids))

    def finish(self) -> list[dict]:
        self.stop.touch()
        for proc in self.procs:
            proc.wait(timeout=180)
            assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
        records = []
        for k, path in enumerate(self.out):
            lines = path.read_text(encoding="utf-8").splitlines()
            assert len(lines) >= 2, f"reader {k} read only {len(lines)} times"
            records += [json.loads(line) | {"reader": k} for line in lines]
        return records

    def kill(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@contextmanager
def readers(db: str, data_dir: Path, cli_groups: list[list[str]]) -> Iterator[Readers]:
    """``tsy serve`` over ``db`` and the 8 readers (4 CLI loops, 4 API loops)."""
    with tsy_serve(db, data_dir=data_dir) as url:
        group = Readers(db, data_dir, url, cli_groups)
        try:
            yield group
        finally:
            group.kill()


_MISSING = re.compile(r"not in the store: ([A-Za-z0-9_., ]+?); run")


def seen_states(records: list[dict]) -> list[tuple[float, float, str, int]]:
    """Check every read (no error, no torn batch); return (start, end, series, values seen)."""
    group = set(par_files()[0])
    seen: list[tuple[float, float, str, int]] = []
    for r in records:
        where = f"reader {r['reader']} at {r['t0']:.2f}: {r}"
        if "ids" in r:  # a `tsy series` frame
            if r["rc"] == 0:
                counts = {sid: n for sid, (n, _) in r["cols"].items()}
                if set(r["ids"]) == group:  # one par frame: every column the same dates
                    assert len({tuple(v) for v in r["cols"].values()}) == 1, f"torn: {where}"
            else:
                found = _MISSING.search(r["stderr"][0]) if len(r["stderr"]) == 1 else None
                assert found, f"reader error: {where}"
                missing = set(found.group(1).split(", "))
                if set(r["ids"]) == group:
                    assert missing == group, f"torn: part of one batch missing: {where}"
                counts = {sid: 0 for sid in missing}
        elif r["status"] == 200:
            counts = {r["id"]: r["n"]}
        else:
            detail = str(r.get("detail", ""))
            assert r["status"] == 404 and "is not in the store" in detail, f"reader error: {where}"
            counts = {r["id"]: 0}
        for sid, n in counts.items():
            assert n in allowed_counts(sid), f"torn: {sid} with {n} values: {where}"
            seen.append((r["t0"], r["t1"], sid, n))
    return seen


def stored_counts(db: str, ids: tuple[str, ...]) -> dict[str, int]:
    """Rows per series, counted by SQL behind tsy's back."""
    listed = ", ".join(f"'{sid}'" for sid in ids)
    sql = f"SELECT series_id, count(*) FROM observations WHERE series_id IN ({listed}) GROUP BY 1"
    found = dict(raw_sql(db, sql))
    return {sid: int(found.get(sid, 0)) for sid in ids}  # type: ignore[call-overload]


def catalogued(db: str) -> bool:
    """True once a writer synced the catalogue into ``series`` (under its writer lock)."""
    return bool(raw_sql(db, "SELECT count(*) FROM series")[0][0])


def refused_second_writer(db: str, data_dir: Path, command: str, pid: int) -> None:
    proc = run_tsy("import", str(DATA / "fred" / "DGS10.csv"), db=db, data_dir=data_dir)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode != 0 and len(lines) == 1, proc.stderr
    assert f"another tsy {command} is running (pid {pid}, since 20" in lines[0]


def wait_for(what: str, check, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_readers_during_a_killed_then_full_import(db_target: str, tmp_path: Path) -> None:
    db, par = db_target, par_files()[0]
    watched = (*WATCHED, *par)
    assert run_tsy("db", "init", db=db, data_dir=tmp_path).returncode == 0
    cli_groups = [list(par), ["DGS10"], list(par), ["DFII10", "T10YIE"]]
    with readers(db, tmp_path, cli_groups) as group:
        env = tsy_env(db, data_dir=tmp_path)
        # the whole of ../shared/data, its FRED folder first, so the kill below finds some
        # files committed (the watched ones among them) and most not yet read
        folders = sorted(DATA.iterdir(), key=lambda p: (p.name != "fred", p.name))
        first = subprocess.Popen(
            [sys.executable, "-m", "tsy.cli", "import", *map(str, folders), "--quiet"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_for("the writer's catalogue sync", lambda: catalogued(db))  # it holds the lock
        refused_second_writer(db, tmp_path, "import", first.pid)
        # SIGKILL part-way: once DGS10 (the 13th FRED file) is in
        wait_for("DGS10", lambda: stored_counts(db, ("DGS10",))["DGS10"] > 0, timeout=300)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = time.time()
        assert first.returncode == -signal.SIGKILL
        after_kill = stored_counts(db, watched)
        with open_store(db) as store:
            assert store.check() == []  # SQLite integrity_check / PostgreSQL sanity check
        # a new writer starts at once: the dead one's lock went with it (flock / advisory)
        deadline = time.monotonic() + 5
        while True:
            second = run_tsy("import", str(DATA), "--quiet", db=db, data_dir=tmp_path, timeout=600)
            if "another tsy import is running" not in second.stderr or time.monotonic() > deadline:
                break
            time.sleep(0.05)  # the server may take a moment to notice the dead client
        assert second.returncode == 0, second.stderr[-2000:]
        time.sleep(1.0)  # the readers see the finished store too
        seen = seen_states(group.finish())

    for sid, n in after_kill.items():  # the kill left whole batches only
        assert n in allowed_counts(sid), f"{sid}: {n} rows after the kill"
    # every batch a reader saw committed before the kill is still there after it
    for _, t1, sid, n in seen:
        if t1 < killed_at:
            assert after_kill[sid] >= n, f"{sid}: seen with {n} rows, {after_kill[sid]} after kill"
    final = stored_counts(db, watched)
    assert final == {sid: max(allowed_counts(sid)) for sid in watched}
    # the readers overlapped the writers: some saw a series absent, some saw it complete
    assert {n for *_, n in seen} >= {0, fred_rows("DGS10")}


def test_readers_during_an_update(db_target: str, tmp_path: Path) -> None:
    db = db_target
    ids = sorted(p.stem for p in (DATA / "fred").glob("*.csv"))
    assert run_tsy("db", "init", db=db, data_dir=tmp_path).returncode == 0
    cli_groups = [["DGS10"], ["DFII10"], ["T10YIE", "DGS2"], ["SP500", "VIXCLS"]]
    with fake_fred() as srv, readers(db, tmp_path, cli_groups) as group:
        env = {f"TSY_{n.upper()}_URL": srv.url for n in DEFAULT_BASE_URLS}  # never the internet
        env["TSY_FRED_RPS"] = "10"  # 45 requests: the update lasts several seconds
        writer = subprocess.Popen(
            [sys.executable, "-m", "tsy.cli", "update", *ids],
            env=tsy_env(db, data_dir=tmp_path, env=env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_for("the writer's catalogue sync", lambda: catalogued(db))  # it holds the lock
        refused_second_writer(db, tmp_path, "update", writer.pid)
        assert writer.wait(timeout=300) == 0, writer.stderr.read() if writer.stderr else ""
        time.sleep(1.0)
        seen = seen_states(group.finish())
    # every file arrived whole (the look-alike serves data/fred/ID.csv as it is)
    assert stored_counts(db, tuple(ids)) == {sid: fred_rows(sid) for sid in ids}
    assert {n for *_, n in seen} >= {0, fred_rows("DGS10")}
