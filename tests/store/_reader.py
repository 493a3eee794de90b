"""A reader process of the many-users test (run as a script): loops until a stop file appears,
writing one JSON line per read to OUT, pausing PAUSE seconds between reads.

Usage:
  python _reader.py cli STOP OUT PAUSE GROUP [GROUP...]   `tsy series ID... --format csv`
  python _reader.py api STOP OUT PAUSE URL ID [ID...]     GET URL/api/series/ID in turn

A GROUP is comma-separated ids read in one ``tsy series`` call (one frame). The CLI reader runs
the real command line (``tsy.cli.main``, the console entry point, with its own ``sys.argv``,
standard streams and exit code) in this process, call after call, so a read costs the command,
not a Python start-up. Each line records what the reader saw, parsed with the standard library
only (never with tsy's code): for the CLI, the exit code, the stderr lines, and per column the
number of values and a digest of the dates that hold one; for the API, the HTTP status, ``n``,
first and last date (or the error detail).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def _tsy(*args: str) -> tuple[int, str, str]:
    """Run the ``tsy`` command line in this process: (exit code, stdout, stderr)."""
    from tsy.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["tsy", *args]
    code: object = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.argv = argv
    rc = code if isinstance(code, int) else (0 if code is None else 1)
    return rc, out.getvalue(), err.getvalue()


def _cli(stop: Path, out: Path, pause: float, groups: list[str]) -> None:
    with out.open("w", encoding="utf-8") as fh:
        k = 0
        while not stop.exists():
            ids = groups[k % len(groups)].split(",")
            k += 1
            t0 = time.time()
            rc, stdout, stderr = _tsy("series", *ids, "--format", "csv")
            lines = [line for line in stderr.splitlines() if line.strip()]
            record: dict[str, object] = {
                "t0": t0,
                "t1": time.time(),
                "ids": ids,
                "rc": rc,
                "stderr": lines[:3],
            }
            if rc == 0:
                rows = list(csv.reader(io.StringIO(stdout)))
                header, body = rows[0], rows[1:]
                cols = {}
                for j, sid in enumerate(header[1:], start=1):
                    dates = [r[0] for r in body if r[j] != ""]
                    digest = hashlib.sha256("\n".join(dates).encode()).hexdigest()[:16]
                    cols[sid] = [len(dates), digest]
                record["cols"] = cols
            fh.write(json.dumps(record) + "\n")
            fh.flush()
            time.sleep(pause)


def _api(stop: Path, out: Path, pause: float, url: str, ids: list[str]) -> None:
    with out.open("w", encoding="utf-8") as fh:
        k = 0
        while not stop.exists():
            sid = ids[k % len(ids)]
            k += 1
            t0 = time.time()
            record: dict[str, object] = {"t0": t0, "id": sid}
            try:
                with urllib.request.urlopen(f"{url}/api/series/{sid}", timeout=120) as resp:
                    body = json.loads(resp.read())
                    record.update(
                        status=resp.status, n=body["n"], dates=[body["start"], body["end"]]
                    )
            except urllib.error.HTTPError as exc:
                record.update(status=exc.code, detail=json.loads(exc.read() or b"{}"))
            except OSError as exc:  # connection refused/reset, timeout: a reader error
                record.update(status=0, detail=f"{type(exc).__name__}: {exc}")
            record["t1"] = time.time()
            fh.write(json.dumps(record) + "\n")
            fh.flush()
            time.sleep(pause)


if __name__ == "__main__":
    mode, stop_file, out_file, pause, *rest = sys.argv[1:]
    if mode == "cli":
        _cli(Path(stop_file), Path(out_file), float(pause), rest)
    else:
        _api(Path(stop_file), Path(out_file), float(pause), rest[0], rest[1:])
