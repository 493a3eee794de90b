"""The packed copy of each series (``observations_packed``) agrees with ``observations`` after
every write path, on both engines: first import, appended dates, revisions, a value within the
tolerance (not rewritten), ``-0.0``, ``tsy db copy`` (plain and ``--replace``), and the
migration of a store written before the copy existed.

Agreement is checked behind tsy's back: the observations rows and the two blobs are read with
plain SQL through a second connection and the blobs decoded as the format is documented
(:mod:`tsy.store._packed`: little-endian ``int32`` days since 1970-01-01 and ``float64``
values). Values: ``../shared/data/fred/DGS10.csv`` line 15,016 ``2022-02-11,1.92``, line 2
``1962-01-02,4.06``; ``DFII10.csv`` line 2 ``2003-01-02,2.43``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.conftest import DATA, load_shared_series, raw_sql, run_tsy
from tsy.store import open_store

T0 = datetime(2026, 8, 21, tzinfo=UTC)
T1 = datetime(2026, 8, 22, tzinfo=UTC)


def _observations(db: str) -> dict[str, list[tuple[str, float]]]:
    """(date, value) rows per series, from ``observations`` itself."""
    out: dict[str, list[tuple[str, float]]] = {}
    for sid, day, value in raw_sql(
        db, "SELECT series_id, date, value FROM observations ORDER BY series_id, date"
    ):
        out.setdefault(str(sid), []).append((str(day), float(value)))  # type: ignore[arg-type]
    return out


def _packed(db: str) -> dict[str, list[tuple[str, float]]]:
    """(date, value) rows per series, decoded from ``observations_packed``'s blobs."""
    out: dict[str, list[tuple[str, float]]] = {}
    for sid, dates, vals in raw_sql(db, "SELECT series_id, dates, vals FROM observations_packed"):
        days = np.frombuffer(bytes(dates), dtype="<i4").astype("datetime64[D]")  # type: ignore[arg-type]
        values = np.frombuffer(bytes(vals), dtype="<f8")  # type: ignore[arg-type]
        out[str(sid)] = list(zip(days.astype(str).tolist(), values.tolist(), strict=True))
    return out


def _agree(db: str) -> dict[str, list[tuple[str, float]]]:
    """Assert the packed copy holds exactly the observations (dates, values and the sign of
    zero, as the engine stores it); return them."""
    rows = _observations(db)
    packed = _packed(db)
    assert packed.keys() == rows.keys()
    for sid, want in rows.items():
        got = packed[sid]
        assert [d for d, _ in got] == [d for d, _ in want], sid
        assert np.array_equal(np.array([v for _, v in got]), np.array([v for _, v in want])), sid
        assert [np.signbit(v) for _, v in got] == [np.signbit(v) for _, v in want], sid
    return rows


def test_every_upsert_keeps_the_copy_equal(db_target: str) -> None:
    dgs10 = load_shared_series("DGS10")  # data/fred/DGS10.csv through tsy's FRED parser
    with open_store(db_target) as store:
        # first write: an older part of the history, then the rest appended after it
        store.upsert_series("DGS10", dgs10.loc[:"1999-12-31"], source="fred", seen_at=T0)
        _agree(db_target)
        store.upsert_series("DGS10", dgs10, source="fred", seen_at=T0)
        rows = _agree(db_target)["DGS10"]
        assert len(rows) == len(dgs10) == 16144  # data rows of DGS10.csv
        assert rows[0] == ("1962-01-02", pytest.approx(4.06, abs=1e-12))  # line 2

        # a revision of 2022-02-11 (line 15,016: 1.92) and a change below the tolerance of
        # 2022-02-14: the first is rewritten in both, the second in neither (old value kept)
        batch = dgs10.loc["2022-02-11":"2022-02-14"].copy()
        batch.loc["2022-02-11"] = 1.95
        batch.loc["2022-02-14"] = batch.loc["2022-02-14"] * (1 + 1e-15)
        result = store.upsert_series("DGS10", batch, source="fred", seen_at=T1)
        assert (result.revised, result.unchanged) == (1, 1)
        after = dict(_agree(db_target)["DGS10"])
        assert after["2022-02-11"] == pytest.approx(1.95, abs=1e-12)
        assert after["2022-02-14"] == dict(rows)["2022-02-14"]  # bit for bit the stored value
        # the old value is in revisions, as before the copy existed
        revs = store.revisions("DGS10")
        assert revs["old_value"].tolist() == [pytest.approx(1.92, abs=1e-12)]

        # several series in one transaction, and a signed zero
        zero = pd.Series([-0.0, 1.5], index=pd.to_datetime(["2024-01-02", "2024-01-03"]))
        dfii10 = load_shared_series("DFII10")
        store.upsert_many({"X": zero, "DFII10": dfii10}, source="file", seen_at=T1)
        rows_all = _agree(db_target)
        assert rows_all["DFII10"][0] == ("2003-01-02", pytest.approx(2.43, abs=1e-12))  # line 2
        # what the reads give is what observations holds (SQLite keeps no sign on 0.0)
        back = store.read_series("X")
        assert np.signbit(back.iloc[0]) == np.signbit(rows_all["X"][0][1])


def test_reads_match_observations_with_bounds(db_target: str) -> None:
    dgs10, dfii10 = load_shared_series("DGS10"), load_shared_series("DFII10")
    with open_store(db_target) as store:
        store.upsert_many({"DGS10": dgs10, "DFII10": dfii10}, source="fred", seen_at=T0)
        rows = _observations(db_target)
        bounds = [
            (None, None), ("2003-01-02", "2003-01-31"), ("2022-02-12", None),
            (None, "1962-01-02"), ("2031-01-01", None), ("2010-05-03", "2010-05-01"),
        ]  # fmt: skip
        for start, end in bounds:
            frame = store.read_frame(["DFII10", "NOPE", "DGS10"], start, end)
            assert list(frame.columns) == ["DFII10", "NOPE", "DGS10"]
            assert frame.index.name == "date" and frame["NOPE"].isna().all()
            for sid in ("DGS10", "DFII10"):
                want = [
                    (d, v)
                    for d, v in rows[sid]
                    if (start is None or d >= start) and (end is None or d <= end)
                ]
                one = store.read_series(sid, start, end)
                assert one.index.strftime("%Y-%m-%d").tolist() == [d for d, _ in want]
                assert one.tolist() == [v for _, v in want]
                col = frame[sid].dropna()
                assert col.index.strftime("%Y-%m-%d").tolist() == [d for d, _ in want]
                assert col.tolist() == [v for _, v in want]
            # the frame's dates are the union of both series' dates in the range
            union = sorted(
                {d for sid in ("DGS10", "DFII10") for d, _ in rows[sid]}
                & set(frame.index.strftime("%Y-%m-%d"))
            )
            assert frame.index.strftime("%Y-%m-%d").tolist() == union


def test_old_store_is_migrated_with_its_series_packed(db_target: str) -> None:
    """A store written before migration 3 (no packed copy, ledger at version 2) gets the copy
    built from its observations when a writer opens it."""
    dgs10 = load_shared_series("DGS10")
    with open_store(db_target) as store:
        store.upsert_many(
            {"DGS10": dgs10, "DFII10": load_shared_series("DFII10")}, source="fred", seen_at=T0
        )
    raw_sql(db_target, "DROP TABLE observations_packed")
    raw_sql(db_target, "DELETE FROM schema_migrations WHERE version = 3")
    with pytest.raises(Exception, match="schema is at version 2, this tsy needs 3"):
        open_store(db_target, readonly=True)  # a reader never migrates
    open_store(db_target).close()
    versions = raw_sql(db_target, "SELECT version, name FROM schema_migrations ORDER BY version")
    assert versions[-1] == (3, "observations_packed")
    rows = _agree(db_target)
    assert len(rows["DGS10"]) == 16144
    with open_store(db_target, readonly=True) as store:
        # data/fred/DGS10.csv line 15,016: 2022-02-11,1.92
        assert store.read_series("DGS10").loc["2022-02-11"] == pytest.approx(1.92, abs=1e-12)


def test_db_copy_rebuilds_the_copy_on_both_engines(pg_server, tmp_path: Path) -> None:
    src, pg, back = str(tmp_path / "src.db"), pg_server.new(), str(tmp_path / "back.db")
    files = [DATA / "fred" / "DGS10.csv", DATA / "fred" / "T10YIE.csv"]
    assert run_tsy("import", *map(str, files), db=src, data_dir=tmp_path).returncode == 0
    assert run_tsy("db", "copy", src, pg, db=src, data_dir=tmp_path).returncode == 0
    assert _agree(pg) == _agree(src)
    # more at the source, copied over the filled target with --replace
    more = DATA / "fred" / "DFII10.csv"
    assert run_tsy("import", str(more), db=src, data_dir=tmp_path).returncode == 0
    replaced = run_tsy("db", "copy", src, pg, "--replace", db=src, data_dir=tmp_path)
    assert replaced.returncode == 0, replaced.stderr
    assert set(_agree(pg)) == {"DGS10", "T10YIE", "DFII10"}
    assert run_tsy("db", "copy", pg, back, db=src, data_dir=tmp_path).returncode == 0
    assert _agree(back) == _agree(pg)
    # the derived table is neither listed nor counted by `tsy db status`
    status = run_tsy("db", "status", "--format", "json", db=back, data_dir=tmp_path)
    assert status.returncode == 0 and "observations_packed" not in status.stdout


def test_db_check_finds_a_copy_that_disagrees(db_target: str, tmp_path: Path) -> None:
    """An observation changed behind tsy's back (raw SQL, not a tsy write) leaves the copy
    stale: ``tsy db check`` names the series and fails; a healthy store passes."""
    imported = run_tsy("import", str(DATA / "fred" / "DGS10.csv"), db=db_target, data_dir=tmp_path)
    assert imported.returncode == 0, imported.stderr
    ok = run_tsy("db", "check", db=db_target, data_dir=tmp_path)
    assert ok.returncode == 0 and "integrity check ok" in ok.stderr, ok.stderr
    raw_sql(db_target, "UPDATE observations SET value = 9.99 WHERE date = '2022-02-11'")
    bad = run_tsy("db", "check", db=db_target, data_dir=tmp_path)
    assert bad.returncode != 0 and "series DGS10" in bad.stderr, bad.stderr
    assert "Traceback" not in bad.stderr
