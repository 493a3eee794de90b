"""PostgreSQL as a desk runs it: password-protected writer and reader roles (the README's SQL),
bad targets as one line, and the same answers as SQLite on the real data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from tests.conftest import DATA, REPO, PgServer, run_tsy, store_fingerprint, tsy_serve
from tsy.errors import StoreError
from tsy.store import open_store, redact

WRITER_PW = "Wr1ter-pass-7q"
READER_PW = "Re4der-pass-9z"


def _as(url: str, user: str, password: str, database: str) -> str:
    """``url`` (the test server) with another role and database."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, f"{user}:{password}@{host}", f"/{database}", "", ""))


def _one_line(proc) -> str:
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode != 0 and len(lines) == 1, proc.stderr
    return lines[0]


def readme_sql() -> tuple[list[str], list[str]]:
    """The README's statements for the desk's roles and database: (run as the superuser on the
    server, run connected to the new database)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("### A shared PostgreSQL store", 1)[1].split("```sql\n", 1)[1]
    server: list[str] = []
    database: list[str] = []
    target = server
    for line in block.split("```", 1)[0].splitlines():
        if line.startswith("-- connected to the database"):
            target = database
        elif line.strip() and not line.startswith("--"):
            target.append(line.strip().rstrip(";"))
    return server, database


@pytest.fixture
def desk(pg_server: PgServer, tmp_path: Path):
    """A database owned by a writer role, readable by a reader role, made by running exactly
    the README's SQL (names and passwords made unique for the test)."""
    import uuid

    tag = uuid.uuid4().hex[:8]
    writer, reader, dbname = f"tsy_w_{tag}", f"tsy_r_{tag}", f"tsy_desk_{tag}"

    def ours(statement: str) -> str:
        statement = statement.replace("'change-me-too'", f"'{READER_PW}'")
        statement = statement.replace("'change-me'", f"'{WRITER_PW}'")
        statement = statement.replace("tsy_writer", writer).replace("tsy_reader", reader)
        return re.sub(r"\btsy\b", dbname, statement)

    on_server, in_database = readme_sql()
    # CREATE ROLE x2, CREATE DATABASE; then ALTER DEFAULT PRIVILEGES (README, "A shared ...")
    assert [s.split()[:2] for s in on_server] == [["CREATE", "ROLE"]] * 2 + [["CREATE", "DATABASE"]]
    assert [s.split()[:3] for s in in_database] == [["ALTER", "DEFAULT", "PRIVILEGES"]]
    pg_server.names.append(dbname)
    try:
        for statement in on_server:
            pg_server.sql(ours(statement))
        for statement in in_database:
            pg_server.sql(ours(statement), dbname)
        yield (
            _as(pg_server.admin_url, writer, WRITER_PW, dbname),
            _as(pg_server.admin_url, reader, READER_PW, dbname),
        )
    finally:
        pg_server.drop_all()
        pg_server.sql(f"DROP ROLE IF EXISTS {writer}")
        pg_server.sql(f"DROP ROLE IF EXISTS {reader}")


def test_reader_role_reads_and_cannot_write(desk, tmp_path: Path) -> None:
    """The SELECT-only role reads; a write through it fails with one line and writes nothing.
    (``tsy monitor``, ``report`` and ``serve`` through it: test_same_answers_on_both_engines.)"""
    writer, reader = desk
    files = [DATA / "fred" / f"{sid}.csv" for sid in ("DGS10", "DFII10", "DGS2")]
    imported = run_tsy("import", *map(str, files), db=writer, data_dir=tmp_path)
    assert imported.returncode == 0, imported.stderr
    outputs = [imported]
    series = run_tsy("series", "DGS10", "DFII10", "--format", "csv", db=reader, data_dir=tmp_path)
    assert series.returncode == 0, series.stderr
    # data/fred/DGS10.csv and DFII10.csv, row 2024-12-31: 4.58 and 2.24
    assert "2024-12-31,4.58,2.24" in series.stdout
    status = run_tsy("db", "status", "--format", "json", db=reader, data_dir=tmp_path)
    assert status.returncode == 0, status.stderr
    outputs += [series, status]
    # data/fred/DGS10.csv: 16,144 rows with a value (see tests/test_import_shared.py)
    assert json.loads(status.stdout)["rows"]["observations"] > 16144
    with open_store(reader, readonly=True) as store:  # the Python API as the reader
        assert store.read_frame(["DGS10", "DFII10"]).notna().any().all()
        assert store.data_version() >= 1

    before = store_fingerprint(writer)
    for command in (
        ["import", str(DATA / "fred" / "DGS10.csv")],
        ["update", "DGS10"],
        ["db", "init"],
    ):
        refused = run_tsy(*command, db=reader, data_dir=tmp_path)
        outputs.append(refused)
        if command[0] == "db":  # schema is current: opening for writing writes nothing
            assert refused.returncode == 0, refused.stderr
            continue
        line = _one_line(refused)
        assert "may only read (SELECT)" in line and "Traceback" not in refused.stderr
    assert store_fingerprint(writer) == before  # the refused writes left nothing
    for proc in outputs:  # never a password in any output
        for secret in (WRITER_PW, READER_PW):
            assert secret not in proc.stdout and secret not in proc.stderr

    # an update as the writer (local FRED look-alike): the fetch log holds no password
    from tests.fakeserver import fake_fred
    from tsy.config import load_settings
    from tsy.http import HttpClient
    from tsy.pipeline.update import run_update

    with fake_fred() as srv:
        settings = load_settings(
            {"TSY_DB": writer, "TSY_FRED_URL": srv.url, "TSY_FRED_RPS": "1000"}
        )
        assert WRITER_PW not in repr(settings)
        with open_store(settings.db) as store:
            client = HttpClient(settings, sleep=lambda s: None)
            report_ = run_update(store, settings, ["DGS10"], jobs=[], client=client)
            assert not report_.failed
            log = store.fetch_log()
    assert len(log) >= 1
    assert WRITER_PW not in log.to_csv() and READER_PW not in log.to_csv()


@pytest.mark.parametrize(
    "case, expect",
    [
        ("unreachable", "cannot connect"),
        ("wrong password", "password authentication failed"),
        ("no database", "does not exist"),
        ("unknown scheme", "unknown database URL scheme 'mysql'"),
    ],
)
def test_bad_targets_are_one_line(pg_server: PgServer, tmp_path: Path, case, expect) -> None:
    admin = urlsplit(pg_server.admin_url)
    secret = admin.password or "no-password"
    target = {
        "unreachable": f"postgresql://tsy:{secret}@127.0.0.1:1/tsy",
        "wrong password": _as(pg_server.admin_url, admin.username or "x", "Wrong-pw-31", "x"),
        "no database": _as(pg_server.admin_url, admin.username or "x", secret, "tsy_missing_db"),
        "unknown scheme": f"mysql://tsy:{secret}@127.0.0.1/tsy",
    }[case]
    for command in (["import", str(DATA / "fred" / "DGS10.csv")], ["series", "DGS10"]):
        proc = run_tsy(*command, db=target, data_dir=tmp_path)
        line = _one_line(proc)
        assert expect in line and redact(target) in line
        assert secret not in proc.stderr + proc.stdout and "Wrong-pw-31" not in proc.stderr
    with pytest.raises(StoreError, match=expect):
        open_store(target)
    assert not (tmp_path / "tsy.db").exists()  # nothing fell back to a local file


def test_same_answers_on_both_engines(desk, tmp_path: Path) -> None:
    """``tsy import ../shared/data`` into each engine (PostgreSQL as the desk's writer role);
    ``tsy series``, ``monitor`` and ``report`` give identical output, PostgreSQL read through
    the SELECT-only role, and ``tsy serve`` answers through that role too."""
    writer, reader = desk
    sqlite_db = str(tmp_path / "tsy.db")
    for db in (sqlite_db, writer):
        proc = run_tsy("import", str(DATA), db=db, data_dir=tmp_path, timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
    commands = {
        "series": ["series", "DGS10", "DFII10", "T10YIE", "--format", "csv"],
        "monitor": ["monitor", "--as-of", "2025-04-11", "--format", "json"],
        "report": ["report", "--as-of", "2025-04-11", "--out", "-"],
    }
    outputs = []
    for name, command in commands.items():
        out = {}
        for engine, db in (("sqlite", sqlite_db), ("postgresql", reader)):
            if name == "report":
                target = tmp_path / f"report-{engine}.html"
                command = [*command[:-1], str(target)]
            proc = run_tsy(*command, db=db, data_dir=tmp_path)
            assert proc.returncode in (0, 3), proc.stderr[-2000:]  # monitor: 3 = alert
            outputs.append(proc)
            text = target.read_text(encoding="utf-8") if name == "report" else proc.stdout
            out[engine] = (proc.returncode, text)
        assert out["sqlite"] == out["postgresql"], name
    assert "US Treasury market report – 11 Apr 2025" in out["postgresql"][1]  # the title
    with tsy_serve(reader, data_dir=tmp_path) as url:  # its /api/health answered 200
        health = httpx.get(f"{url}/api/health", timeout=60).json()
        assert health["data_version"] is not None
        got = httpx.get(f"{url}/api/series/DGS10?start=2024-12-31&end=2024-12-31", timeout=60)
        assert got.status_code == 200 and got.json()["values"] == [4.58]  # data/fred/DGS10.csv
    for proc in outputs:  # never a password in any output (tsy db copy: test_db_cli.py)
        for secret in (WRITER_PW, READER_PW):
            assert secret not in proc.stdout and secret not in proc.stderr


def test_password_from_pgpassword_or_pgpass(desk, tmp_path: Path) -> None:
    """A URL without a password: libpq takes it from ``PGPASSWORD`` or ``~/.pgpass``."""
    writer, reader = desk
    bare_writer, bare_reader = (re.sub(r":[^:@/]+@", "@", url, count=1) for url in desk)
    assert WRITER_PW not in bare_writer and READER_PW not in bare_reader
    dgs10 = str(DATA / "fred" / "DGS10.csv")
    imported = run_tsy(
        "import", dgs10, db=bare_writer, data_dir=tmp_path, env={"PGPASSWORD": WRITER_PW}
    )
    assert imported.returncode == 0, imported.stderr
    home = tmp_path / "home"
    home.mkdir()
    host, port = urlsplit(reader).hostname, urlsplit(reader).port
    pgpass = home / ".pgpass"  # host:port:database:user:password
    pgpass.write_text(f"{host}:{port}:*:{urlsplit(reader).username}:{READER_PW}\n")
    pgpass.chmod(0o600)  # libpq ignores a group- or world-readable file
    env = {"HOME": str(home)}
    series = run_tsy(
        "series", "DGS10", "--format", "csv", db=bare_reader, data_dir=tmp_path, env=env
    )
    assert series.returncode == 0, series.stderr
    assert "2024-12-31,4.58" in series.stdout  # data/fred/DGS10.csv
    # without either, one line (libpq's own words), no password anywhere
    nowhere = {"HOME": str(tmp_path / "nohome"), "PGPASSFILE": str(tmp_path / "none")}
    missing = run_tsy("series", "DGS10", db=bare_reader, data_dir=tmp_path, env=nowhere)
    assert "cannot connect" in _one_line(missing) and redact(bare_reader) in missing.stderr
    for proc in (imported, series, missing):
        for secret in (WRITER_PW, READER_PW):
            assert secret not in proc.stdout and secret not in proc.stderr
