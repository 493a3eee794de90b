"""``tsy db init|status|check`` on both engines; a damaged SQLite file fails the check; a store
on a read-only folder is still readable (immutable fallback, with a note)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, run_tsy, store_fingerprint
from tsy.store import open_store


def test_init_status_check(db_target: str, tmp_path: Path) -> None:
    init = run_tsy("db", "init", db=db_target, data_dir=tmp_path)
    assert init.returncode == 0 and "schema version 3" in init.stderr, init.stderr
    imported = run_tsy("import", str(DATA / "fred" / "DGS10.csv"), db=db_target, data_dir=tmp_path)
    assert imported.returncode == 0, imported.stderr
    status = run_tsy("db", "status", "--format", "json", db=db_target, data_dir=tmp_path)
    assert status.returncode == 0, status.stderr
    info = json.loads(status.stdout)
    assert info["schema_version"] == 3 and info["size_bytes"] > 0
    # data/fred/DGS10.csv: 16,144 rows with a value (see tests/test_import_shared.py)
    assert info["rows"]["observations"] == 16144
    check = run_tsy("db", "check", db=db_target, data_dir=tmp_path)
    assert check.returncode == 0 and "integrity check ok" in check.stderr, check.stderr


def test_check_fails_on_a_damaged_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "tsy.db"
    assert run_tsy("import", str(DATA / "fred" / "DGS10.csv"), db=db).returncode == 0
    size = db.stat().st_size
    with db.open("r+b") as f:  # overwrite b-tree pages in the middle of the file
        f.seek(size // 2)
        f.write(b"\x00\xff" * 4096)
    check = run_tsy("db", "check", db=db)
    assert check.returncode != 0
    assert "integrity check found" in check.stderr or "malformed" in check.stderr, check.stderr


def test_read_only_folder_reads_immutably(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "tsy.db"
    assert run_tsy("import", str(DATA / "fred" / "DGS10.csv"), db=db).returncode == 0
    for leftover in (Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}.lock")):
        leftover.unlink(missing_ok=True)
    probe = (
        "import sys, logging\n"
        "from tsy.store import open_store\n"
        "with open_store(sys.argv[1], readonly=True) as s:\n"
        "    print(len(s.read_series('DGS10')))\n"
    )
    cmd = [sys.executable, "-c", probe, str(db)]
    os.chmod(folder, 0o555)
    try:
        if os.geteuid() == 0:  # root ignores permissions unless it drops the override caps
            setpriv = shutil.which("setpriv")  # util-linux
            if setpriv is None:
                pytest.skip("running as root without setpriv: cannot drop CAP_DAC_OVERRIDE")
            cmd = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    finally:
        os.chmod(folder, 0o755)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "16144"  # data/fred/DGS10.csv rows with a value
    assert "folder is read-only; reading the database as immutable" in proc.stderr
    with open_store(db, readonly=True) as store:  # writable again: the normal path
        assert store.note is None


def test_copy_sqlite_to_postgresql_and_back(pg_server, tmp_path: Path) -> None:
    """``tsy db copy``: SQLite -> PostgreSQL -> SQLite gives the same tables (rows and an
    engine-neutral checksum each); a non-empty target is refused untouched unless --replace."""
    src, pg, back = str(tmp_path / "src.db"), pg_server.new(), str(tmp_path / "back.db")
    files = [
        DATA / "fred" / "DGS10.csv",
        DATA / "treasury" / "daily_treasury_par_yield_curve_2025.csv",
    ]
    files.append(DATA / "treasury" / "auctions" / "fiscaldata_auctions_query_issue2023.csv")
    assert run_tsy("import", *map(str, files), db=src, data_dir=tmp_path).returncode == 0
    there = run_tsy("db", "copy", src, pg, db=src, data_dir=tmp_path)
    assert there.returncode == 0 and "checksums match" in there.stderr, there.stderr
    home = run_tsy("db", "copy", pg, back, db=src, data_dir=tmp_path)
    assert home.returncode == 0 and "checksums match" in home.stderr, home.stderr
    original = store_fingerprint(src)
    del original["schema_migrations"]  # the ledger's applied_at is the target's own
    assert {t: v for t, v in store_fingerprint(pg).items() if t in original} == original
    assert {t: v for t, v in store_fingerprint(back).items() if t in original} == original
    assert original["observations"][0] > 16144  # DGS10.csv alone has 16,144 rows

    # more data at the source: a plain copy is refused and leaves the target as it was
    more = DATA / "fred" / "DFII10.csv"
    assert run_tsy("import", str(more), db=src, data_dir=tmp_path).returncode == 0
    before = store_fingerprint(pg)
    refused = run_tsy("db", "copy", src, pg, db=src, data_dir=tmp_path)
    assert refused.returncode != 0 and "--replace" in refused.stderr
    assert store_fingerprint(pg) == before
    replaced = run_tsy("db", "copy", src, pg, "--replace", db=src, data_dir=tmp_path)
    assert replaced.returncode == 0, replaced.stderr
    now = store_fingerprint(src)
    del now["schema_migrations"]
    assert {t: v for t, v in store_fingerprint(pg).items() if t in now} == now
