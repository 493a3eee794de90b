"""Copy a whole store between engines (``tsy db copy SRC DST``), verified table by table.

Every table of the source except the migration ledger is read in one snapshot and written to
the target in one transaction; then each table's row count and a checksum are compared on both
sides. The checksum is engine-neutral: SHA-256 over the rows in canonical text (floats by
``repr``, everything else by ``str``, NULL as a marker), sorted, so SQLite and PostgreSQL agree
whatever their collation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tsy.errors import StoreError
from tsy.store._engine import REAL
from tsy.store._store import Store

__all__ = ["TableCopy", "copy_store", "rows_digest"]

_LEDGER = "schema_migrations"


@dataclass(frozen=True)
class TableCopy:
    """One copied table: its rows and checksum on both sides."""

    table: str
    rows: int
    checksum: str


def _canonical(value: Any, kind: str) -> str:
    if value is None:
        return "\x00"
    if kind == REAL and isinstance(value, (int, float)):
        return repr(float(value))
    return str(value)


def rows_digest(kinds: dict[str, str], rows: Sequence[Sequence[Any]]) -> str:
    """SHA-256 (hex) of ``rows`` in canonical text; column order and row order do not matter
    beyond the column names (columns are taken in sorted name order)."""
    order = sorted(range(len(kinds)), key=lambda i: list(kinds)[i])
    kind_list = list(kinds.values())
    names = [list(kinds)[i] for i in order]
    lines = sorted("\x1f".join(_canonical(row[i], kind_list[i]) for i in order) for row in rows)
    digest = hashlib.sha256("\x1f".join(names).encode())
    for line in lines:
        digest.update(b"\x1e" + line.encode())
    return digest.hexdigest()


def copy_store(src: Store, dst: Store, *, replace: bool = False) -> list[TableCopy]:
    """Copy every table of ``src`` into ``dst`` and verify counts and checksums.

    Raises
    ------
    StoreError
        The target holds rows and ``replace`` is false (nothing written), a write failed
        (nothing written), or the verification found a difference (named per table).
    """
    names = [t for t in src.table_names() if t != _LEDGER]
    contents = {t: src.dump_rows(t) for t in names}
    dst.load_rows(contents, replace=replace)
    copied = []
    for table, (kinds, rows) in contents.items():
        want = rows_digest(kinds, rows)
        got_kinds, got_rows = dst.dump_rows(table)
        positions = [list(got_kinds).index(c) for c in kinds]
        got = rows_digest(kinds, [tuple(r[p] for p in positions) for r in got_rows])
        if len(got_rows) != len(rows) or got != want:
            raise StoreError(
                f"{dst.where}: copy of table {table} differs from {src.where}:"
                f" {len(rows)} rows / {want[:12]} there, {len(got_rows)} rows / {got[:12]} here"
            )
        copied.append(TableCopy(table, len(rows), want))
    return copied
