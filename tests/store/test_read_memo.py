"""The server's read memo (tsy.store._memo) answers exactly what the database would.

On both engines, a store filled by the real importer from ../shared/data (DGS10, DFII10 and a
Fiscal Data auctions export): every read with the memo on equals the same read with it off,
dtypes included, for bounds inside, at the edges of and outside the data; a write by another
connection (a new content version) is seen by the next read; what a read returns can be
changed by its caller without changing what the memo holds. The point-in-time loads of the
monitor's inputs are compared the same way on the full shared store.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.conftest import DATA
from tests.report._store import shared_store
from tsy.indicators import monitor
from tsy.indicators.registry import load_inputs
from tsy.pipeline.importer import import_paths
from tsy.store import enable_read_memo, open_store

AUCTIONS = DATA / "treasury" / "auctions" / "fiscaldata_auctions_query_issue2023.csv"
BOUNDS = [
    (None, None),
    ("2020-03-09", "2020-03-31"),
    ("2020-03-07", None),  # a Saturday: no observation on the bound itself
    (None, "1962-01-02"),  # DGS10's first date (DGS10.csv); DFII10 starts in 2003
    ("2030-01-01", None),  # after every date
    ("2023-02-08", "2023-02-08"),
]


@pytest.fixture
def memo() -> Iterator[None]:
    enable_read_memo(False)
    try:
        yield
    finally:
        enable_read_memo(False)


@pytest.fixture
def filled(db_target: str) -> str:
    with open_store(db_target) as st, st.writer_lock("import"):
        import_paths(st, [DATA / "fred" / "DGS10.csv", DATA / "fred" / "DFII10.csv", AUCTIONS])
    return db_target


def _reads(target: str) -> tuple[dict[str, pd.Series], dict[str, pd.DataFrame]]:
    series: dict[str, pd.Series] = {}
    tables: dict[str, pd.DataFrame] = {}
    with open_store(target, readonly=True) as st:
        for lo, hi in BOUNDS:
            for sid in ("DGS10", "DFII10", "NOTHERE"):
                series[f"{sid} {lo} {hi}"] = st.read_series(sid, lo, hi)
            frame = st.read_frame(["DGS10", "DFII10"], lo, hi)
            series[f"frame {lo} {hi}"] = frame["DFII10"]
            for cols in (None, ["high_yield", "bid_to_cover_ratio", "security_term"]):
                got = st.read_table("auctions", since=lo, until=hi, columns=cols)
                tables[f"auctions {lo} {hi} {cols}"] = got
        tables["where"] = st.read_table("auctions", where={"cusip": "91282CGM7"})
    return series, tables


def _same(a: tuple[dict, dict], b: tuple[dict, dict]) -> None:
    assert a[0].keys() == b[0].keys() and a[1].keys() == b[1].keys()
    for k in a[0]:
        pd.testing.assert_series_equal(a[0][k], b[0][k], check_exact=True, obj=k)
    for k in a[1]:
        pd.testing.assert_frame_equal(a[1][k], b[1][k], check_exact=True, obj=k)


def test_memo_reads_equal_database_reads(filled: str, memo: None) -> None:
    direct = _reads(filled)
    enable_read_memo()
    _same(direct, _reads(filled))  # filling the memo
    again = _reads(filled)
    _same(direct, again)  # answered from it
    # DGS10.csv: 2020-03-09 0.54, 2020-03-10 0.76; DFII10.csv: 2020-03-09 -0.45
    march = again[0]["DGS10 2020-03-09 2020-03-31"]
    assert march.index[0] == pd.Timestamp("2020-03-09") and march.iloc[:2].tolist() == [0.54, 0.76]
    assert again[0]["frame 2020-03-09 2020-03-31"].iloc[0] == -0.45
    assert again[0]["DGS10 2030-01-01 None"].empty
    # fiscaldata_auctions_query_issue2023.csv: auctions of 2023-02-08 are 912797FN2 (17-week
    # bill) and 91282CGM7 (10-year note, high yield 3.6130, bid-to-cover 2.660000)
    day = again[1]["auctions 2023-02-08 2023-02-08 None"]
    assert sorted(day["cusip"]) == ["912797FN2", "91282CGM7"]
    # the same file: 91282CGM7 was auctioned 2023-02-08 (3.6130) and reopened 2023-03-08
    # (3.9850) and 2023-04-12 (3.4550)
    assert again[1]["where"]["high_yield"].tolist() == [3.613, 3.985, 3.455]


def test_a_write_elsewhere_is_seen_by_the_next_read(filled: str, memo: None, tmp_path: Path):
    enable_read_memo()
    with open_store(filled, readonly=True) as st:
        assert st.read_series("DGS10", "2020-03-09", "2020-03-09").tolist() == [0.54]
        days, values = st.read_arrays(["DGS10"])["DGS10"]
        values[:] = -1.0  # the caller's copy, not the memo's
        before = st.content_version()
    revision = tmp_path / "revise.csv"
    revision.write_text("date,value\n2020-03-09,0.55\n")
    with open_store(filled) as writer, writer.writer_lock("import"):
        import_paths(writer, [revision], series_id="DGS10")
    with open_store(filled, readonly=True) as st:
        assert st.content_version() != before
        assert st.read_series("DGS10", "2020-03-09", "2020-03-10").tolist() == [0.55, 0.76]
        whole = st.read_arrays(["DGS10"])["DGS10"][1]
        assert not np.any(whole == -1.0) and len(whole) == len(days)


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return shared_store(tmp_path_factory)


@pytest.mark.parametrize("day", ["2008-10-10", "2012-06-01", "2020-03-18", "2023-03-13"])
def test_point_in_time_inputs_are_the_same_with_the_memo(settings, memo: None, day: str) -> None:
    when = pd.Timestamp(day)
    off = load_inputs(monitor._INDICATORS, as_of=when, settings=settings)
    enable_read_memo()
    for _ in range(2):
        on = load_inputs(monitor._INDICATORS, as_of=when, settings=settings)
        assert on.series.keys() == off.series.keys() and on.tables.keys() == off.tables.keys()
        for k, s in off.series.items():
            pd.testing.assert_series_equal(on.series[k], s, check_exact=True, obj=k)
            assert s.index.max() <= when
        for k, t in off.tables.items():
            pd.testing.assert_frame_equal(on.tables[k], t, check_exact=True, obj=k)


def test_the_memo_is_forgotten_after_a_while_without_reads(filled: str, memo: None) -> None:
    from tsy.store import _memo

    cleared = threading.Event()
    enable_read_memo(idle_s=3.0, on_clear=cleared.set)
    with open_store(filled, readonly=True) as st:
        assert st.read_series("DGS10", "2020-03-09", "2020-03-09").tolist() == [0.54]
        assert _memo._kept  # held while requests come
        for _ in range(3):  # reads keep it alive (well within idle_s even on a loaded machine)
            time.sleep(0.1)
            st.read_series("DGS10")
        assert _memo._kept and not cleared.is_set()
    assert cleared.wait(15)
    assert not _memo._kept
    with open_store(filled, readonly=True) as st:  # and it fills again on the next read
        assert st.read_series("DGS10", "2020-03-10", "2020-03-10").tolist() == [0.76]
