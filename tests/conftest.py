"""Shared test fixtures: where the real data lives, loaders through tsy's own parsers, and the
hermetic environment every test runs in.

Hermetic: each test gets an empty temporary data directory (``TSY_DATA_DIR``, and
``XDG_DATA_HOME``/``XDG_CONFIG_HOME`` so that a ``load_settings({...})`` without a data dir never
finds the developer's ``config.toml``), no ``TSY_*``, ``FRED_API_KEY`` or ``CFTC_APP_TOKEN``
from the outside, and a network guard: a connection to anything but loopback, from the test or
from a ``tsy`` subprocess it starts, fails the test (tests marked ``network`` are exempt).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from tests._netguard import guard
from tsy.sources.fred import parse_csv

REPO = Path(__file__).resolve().parents[1]
#: ``../shared`` beside the repository (real public data and recorded API responses).
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
FIXTURES = SHARED / "fixtures"
_GUARD_DIR = Path(__file__).resolve().parent / "_netguard"
#: Outside settings that must never reach a test (secrets select live APIs).
_SCRUBBED = ("FRED_API_KEY", "CFTC_APP_TOKEN", "TSY_")
#: Test-harness settings CI sets on purpose (the PostgreSQL server of .ci/run).
_KEPT = ("TSY_TEST_",)


def _scrub(mp: pytest.MonkeyPatch, home: Path) -> None:
    for name in list(os.environ):
        if name.startswith(_SCRUBBED) and not name.startswith(_KEPT):
            mp.delenv(name)
    mp.setenv("TSY_DATA_DIR", str(home / "tsy"))
    mp.setenv("XDG_DATA_HOME", str(home / "share"))
    mp.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture(scope="session", autouse=True)
def _hermetic_session(tmp_path_factory):
    """For the whole session (module fixtures included): scrubbed env and the network guard."""
    home = tmp_path_factory.mktemp("session-home")
    log = home / "netguard.log"
    log.touch()
    with pytest.MonkeyPatch.context() as mp:
        _scrub(mp, home)
        mp.setenv("NETGUARD_LOG", str(log))
        path = os.environ.get("PYTHONPATH")
        mp.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(_GUARD_DIR), path) if p))
        guard.install(str(log))
        yield log


@pytest.fixture(autouse=True)
def _hermetic(request, tmp_path_factory, monkeypatch, _hermetic_session):
    """Per test: a fresh data dir; fails the test when it tried a non-loopback connection."""
    _scrub(monkeypatch, tmp_path_factory.mktemp("home"))
    if request.node.get_closest_marker("network"):
        guard.install(None)
        try:
            yield
        finally:
            guard.install(str(_hermetic_session))
        return
    log: Path = _hermetic_session
    before = log.stat().st_size
    yield
    with log.open(encoding="utf-8") as fh:
        fh.seek(before)
        attempts = fh.read().strip()
    if attempts:
        pytest.fail(f"test opened a non-loopback connection: {attempts.splitlines()[0]}")


@cache
def load_shared_series(series_id: str) -> pd.Series:
    """Read ``data/fred/ID.csv`` or ``data/market/ID.csv`` with tsy's real FRED-layout parser."""
    for folder in ("fred", "market"):
        path = DATA / folder / f"{series_id}.csv"
        if path.is_file():
            return parse_csv(path.read_bytes(), series_id)
    raise FileNotFoundError(f"no shared file for {series_id}")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"../shared not found beside the repository (looked in {SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def series():
    """Return the cached loader ``series("DGS10") -> pd.Series`` over ``../shared/data``."""
    return load_shared_series


def run_tsy(
    *args: str,
    db: Path | str,
    timeout: float = 300,
    data_dir: Path | None = None,
    columns: int = 200,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the ``tsy`` command as a user would (a subprocess), on database ``db`` (a file or a
    PostgreSQL URL; ``data_dir`` defaults to the file's folder).

    The environment is the test's scrubbed one (see ``_hermetic``) without ``TSY_*`` or API
    secrets, plus ``env`` (e.g. ``TSY_FRED_URL`` of a local server).
    """
    return subprocess.run(
        [sys.executable, "-m", "tsy.cli", *args],
        capture_output=True,
        text=True,
        env=tsy_env(db, data_dir=data_dir, columns=columns, env=env),
        timeout=timeout,
    )


def tsy_env(
    db: Path | str,
    *,
    data_dir: Path | None = None,
    columns: int = 200,
    env: dict[str, str] | None = None,
) -> dict[str, str]:
    """The environment :func:`run_tsy` gives a ``tsy`` subprocess (for ``Popen`` users too)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED)}
    if data_dir is None and "://" in str(db):
        import tempfile

        data_dir = Path(tempfile.mkdtemp(prefix="tsy-data-"))
    folder = data_dir if data_dir is not None else Path(str(db)).parent
    base.update({"TSY_DB": str(db), "TSY_DATA_DIR": str(folder), "COLUMNS": str(columns)})
    return {**base, **(env or {})}


@contextmanager
def tsy_serve(db: Path | str, *, data_dir: Path | None = None, wait_s: float = 60) -> Iterator[str]:
    """Run ``tsy serve`` (uvicorn, a real process) on 127.0.0.1 and a free port over ``db``;
    yield its base URL once ``/api/health`` answers 200; stop it (SIGTERM) on exit."""
    import socket
    import time

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    proc = subprocess.Popen(
        [sys.executable, "-m", "tsy.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=tsy_env(db, data_dir=data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_s
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"tsy serve exited {proc.returncode}: {proc.stderr.read()}")
            try:
                if httpx.get(f"{url}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"tsy serve did not answer /api/health in {wait_s} s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -------------------------------------------------------------------- both store engines
#: URL of a PostgreSQL server the suite may create throwaway databases on (a role that may
#: CREATE DATABASE), e.g. ``postgresql://postgres:pw@127.0.0.1:55432/postgres``; `.ci/run` sets it.
PG_URL_ENV = "TSY_TEST_PG_URL"
ENGINES = ("sqlite", "postgresql")


def _pg_admin_url() -> str:
    url = os.environ.get(PG_URL_ENV, "")
    if url:
        return url
    reason = f"no PostgreSQL server for the tests: set {PG_URL_ENV} (see .ci/run)"
    if os.environ.get("CI"):
        pytest.fail(f"CI must test PostgreSQL too: {reason}")
    pytest.skip(reason)


def _pg_database_url(admin_url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(admin_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


class PgServer:
    """Throwaway databases on the test server: :meth:`new` creates one, :meth:`drop_all` ends."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.names: list[str] = []

    def new(self) -> str:
        import uuid

        import psycopg

        name = f"tsy_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return _pg_database_url(self.admin_url, name)

    def sql(self, statement: str, database: str | None = None) -> None:
        import psycopg

        url = _pg_database_url(self.admin_url, database) if database else self.admin_url
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def drop_all(self) -> None:
        for name in self.names:
            self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.names.clear()


@pytest.fixture
def pg_server():
    """A :class:`PgServer` on ``$TSY_TEST_PG_URL`` (skips outside CI without a server)."""
    server = PgServer(_pg_admin_url())
    try:
        yield server
    finally:
        server.drop_all()


@pytest.fixture(params=ENGINES)
def db_target(request, tmp_path: Path) -> str:
    """A new, empty store target on each engine: a SQLite file, or a fresh PostgreSQL database.

    Every store, ingest, update, import, revision, concurrency and SIGKILL test takes this
    fixture, so the same assertions run on both engines.
    """
    if request.param == "sqlite":
        return str(tmp_path / "data" / "tsy.db")
    server = request.getfixturevalue("pg_server")
    return server.new()


def store_fingerprint(target: str | Path) -> dict[str, tuple[int, str]]:
    """Rows and checksum of every table, read through a second connection: equal before and
    after proves an operation wrote nothing (on any engine)."""
    from tsy.store import open_store
    from tsy.store.copy import rows_digest

    with open_store(target, readonly=True) as other:
        out = {}
        for table in other.table_names():
            kinds, rows = other.dump_rows(table)
            out[table] = (len(rows), rows_digest(kinds, rows))
        return out


def raw_sql(target: str | Path, statement: str) -> list[tuple[object, ...]]:
    """Run one SQL statement on a store's database behind tsy's back (sabotage, inspection)."""
    if "://" in str(target):
        import psycopg

        with psycopg.connect(str(target), autocommit=True) as conn:
            cur = conn.execute(statement)  # type: ignore[arg-type]
            return list(cur.fetchall()) if cur.description else []
    import sqlite3

    conn = sqlite3.connect(target)
    try:
        rows = conn.execute(statement).fetchall()
        conn.commit()
        return rows
    finally:
        conn.close()
