"""PostgreSQL as a desk runs it: password-protected writer and reader roles (the README's SQL),
bad targets as one line, and the same answers as SQLite on the real data."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import DATA, PgServer, run_tsy
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


@pytest.fixture
def desk(pg_server: PgServer, tmp_path: Path):
    """A database owned by a writer role, readable by a reader role: the README's statements."""
    import uuid

    tag = uuid.uuid4().hex[:8]
    writer, reader, dbname = f"tsy_w_{tag}", f"tsy_r_{tag}", f"tsy_desk_{tag}"
    pg_server.sql(f"CREATE ROLE {writer} LOGIN PASSWORD '{WRITER_PW}'")
    pg_server.sql(f"CREATE ROLE {reader} LOGIN PASSWORD '{READER_PW}'")
    pg_server.sql(f"CREATE DATABASE {dbname} OWNER {writer}")
    pg_server.names.append(dbname)
    pg_server.sql(
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {writer} GRANT SELECT ON TABLES TO {reader}", dbname
    )
    try:
        yield (
            _as(pg_server.admin_url, writer, WRITER_PW, dbname),
            _as(pg_server.admin_url, reader, READER_PW, dbname),
        )
    finally:
        pg_server.drop_all()
        pg_server.sql(f"DROP ROLE IF EXISTS {writer}")
        pg_server.sql(f"DROP ROLE IF EXISTS {reader}")


def test_reader_role_reads_and_cannot_write(desk, tmp_path: Path) -> None:
    writer, reader = desk
    files = [DATA / "fred" / f"{sid}.csv" for sid in ("DGS10", "DFII10", "DGS2")]
    imported = run_tsy("import", *map(str, files), db=writer, data_dir=tmp_path)
    assert imported.returncode == 0, imported.stderr
    outputs = [imported]
    series = run_tsy("series", "DGS10", "--format", "csv", db=reader, data_dir=tmp_path)
    assert series.returncode == 0, series.stderr
    # data/fred/DGS10.csv, row 2024-12-31: 4.58
    assert "2024-12-31,4.58" in series.stdout
    status = run_tsy("db", "status", "--format", "json", db=reader, data_dir=tmp_path)
    assert status.returncode == 0, status.stderr
    outputs += [series, status]
    rows = json.loads(status.stdout)["rows"]
    assert rows["series"] == 0 or rows["observations"] > 0

    with open_store(reader, readonly=True) as store:  # what tsy serve / report / monitor use
        assert store.read_frame(["DGS10", "DFII10"]).notna().any().all()
        assert store.data_version() >= 1
    for command in (["import", str(files[0])], ["update", "DGS10"], ["db", "init"]):
        refused = run_tsy(*command, db=reader, data_dir=tmp_path)
        outputs.append(refused)
        if command[0] == "db":  # schema is current: opening for writing writes nothing
            assert refused.returncode == 0, refused.stderr
            continue
        assert "may only read (SELECT)" in _one_line(refused)
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
            report = run_update(store, settings, ["DGS10"], jobs=[], client=client)
            assert not report.failed
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


def test_same_answers_on_both_engines(pg_server: PgServer, tmp_path: Path) -> None:
    """``tsy import ../shared/data`` into each engine; series, monitor and report agree."""
    sqlite_db, pg_db = str(tmp_path / "tsy.db"), pg_server.new()
    for db in (sqlite_db, pg_db):
        proc = run_tsy("import", str(DATA), db=db, data_dir=tmp_path, timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
    commands = {
        "series": ["series", "DGS10", "DFII10", "T10YIE", "--format", "csv"],
        "monitor": ["monitor", "--as-of", "2025-04-11", "--format", "json"],
        "report": ["report", "--as-of", "2025-04-11", "--out", "-"],
    }
    for name, command in commands.items():
        out = {}
        for engine, db in (("sqlite", sqlite_db), ("postgresql", pg_db)):
            if name == "report":
                target = tmp_path / f"report-{engine}.html"
                command = [*command[:-1], str(target)]
            proc = run_tsy(*command, db=db, data_dir=tmp_path)
            assert proc.returncode in (0, 3), proc.stderr[-2000:]  # monitor: 3 = alert
            out[engine] = target.read_text() if name == "report" else proc.stdout
        assert out["sqlite"] == out["postgresql"], name
    # the copy back to SQLite is verified table by table (counts and checksums)
    copy = run_tsy("db", "copy", pg_db, str(tmp_path / "back.db"), db=pg_db, data_dir=tmp_path)
    assert copy.returncode == 0 and "checksums match" in copy.stderr, copy.stderr
    again = run_tsy("db", "copy", sqlite_db, pg_db, db=pg_db, data_dir=tmp_path)
    assert "not empty" in _one_line(again) and "--replace" in again.stderr
