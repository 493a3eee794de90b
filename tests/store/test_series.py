"""Series round trips, idempotence, revisions and validation on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

from tests.conftest import load_shared_series, store_fingerprint
from tsy.errors import StoreError
from tsy.store import Store, WriteResult, open_store

T0 = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
T1 = datetime(2026, 1, 6, 14, 0, tzinfo=UTC)


@pytest.fixture
def store(db_target: str) -> Store:
    with open_store(db_target) as s:
        yield s


def test_dgs10_round_trip_and_known_value(store: Store) -> None:
    dgs10 = load_shared_series("DGS10")  # data/fred/DGS10.csv through tsy's FRED parser
    result = store.upsert_series("DGS10", dgs10, source="fred", seen_at=T0)
    assert result == WriteResult(new=len(dgs10), revised=0, unchanged=0)
    assert result.written == len(dgs10)
    back = store.read_series("DGS10")
    pd.testing.assert_series_equal(back, dgs10, check_freq=False, rtol=0, atol=0)
    assert back.index.name == "date" and back.name == "DGS10" and back.dtype == float
    # data/fred/DGS10.csv row "2022-02-11,1.92"
    assert back.loc["2022-02-11"] == pytest.approx(1.92, abs=1e-12)
    assert store.last_date("DGS10") == dgs10.index.max()


def test_reupsert_writes_nothing(store: Store, db_target: str) -> None:
    dgs10 = load_shared_series("DGS10")
    store.upsert_series("DGS10", dgs10, source="fred", seen_at=T0)
    before = store_fingerprint(db_target)
    again = store.upsert_series("DGS10", dgs10, source="fred", seen_at=T1)
    assert again == WriteResult(new=0, revised=0, unchanged=len(dgs10))
    assert again.written == 0
    assert store_fingerprint(db_target) == before  # not even last_seen was rewritten
    # last_seen did not move: the unchanged rows were not rewritten.
    assert store.series_stats(["DGS10"])["last_fetched"].iloc[0] == pd.Timestamp(T0)


def test_float_noise_below_tolerance_is_unchanged(store: Store) -> None:
    s = pd.Series([4.06, 4.03], index=pd.to_datetime(["1962-01-02", "1962-01-03"]), name="X")
    store.upsert_series("X", s, source="file", seen_at=T0)
    noisy = s * (1 + 1e-15)  # a text round trip changes at most the last bits
    assert store.upsert_series("X", noisy, source="file", seen_at=T1).unchanged == 2


def test_revision_keeps_old_value(store: Store) -> None:
    dgs10 = load_shared_series("DGS10").loc["2022-02-01":"2022-02-28"]
    store.upsert_series("DGS10", dgs10, source="fred", seen_at=T0)
    revised = dgs10.copy()
    revised.loc["2022-02-11"] = 1.95
    extended = pd.concat([revised, pd.Series([1.80], index=pd.to_datetime(["2022-03-01"]))])
    result = store.upsert_series("DGS10", extended, source="fred", seen_at=T1)
    assert result == WriteResult(new=1, revised=1, unchanged=len(dgs10) - 1)
    assert store.read_series("DGS10").loc["2022-02-11"] == pytest.approx(1.95, abs=1e-12)
    rev = store.revisions("DGS10")
    assert len(rev) == 1
    row = rev.iloc[0]
    assert row["date"] == pd.Timestamp("2022-02-11")
    assert row["old_value"] == pytest.approx(1.92, abs=1e-12)  # DGS10.csv 2022-02-11
    assert row["new_value"] == pytest.approx(1.95, abs=1e-12)
    assert row["old_first_seen"] == pd.Timestamp(T0)
    assert row["revised_at"] == pd.Timestamp(T1)
    assert row["source"] == "fred"
    assert store.revisions("OTHER").empty


def test_nan_rows_are_skipped(store: Store) -> None:
    s = pd.Series(
        [1.0, np.nan, 3.0], index=pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-04"])
    )
    assert store.upsert_series("X", s, source="t", seen_at=T0) == WriteResult(2, 0, 0)
    assert len(store.read_series("X")) == 2
    empty = pd.Series([], index=pd.DatetimeIndex([]), dtype=float)
    assert store.upsert_series("X", empty, source="t", seen_at=T0) == WriteResult(0, 0, 0)


BAD_BATCHES = {
    "duplicate date": (
        pd.Series([1.0, 2.0], index=pd.to_datetime(["2024-01-02", "2024-01-02"])),
        "duplicate date 2024-01-02",
    ),
    "infinite": (
        pd.Series([1.0, np.inf], index=pd.to_datetime(["2024-01-02", "2024-01-03"])),
        "infinite value at 2024-01-03",
    ),
    "not a DatetimeIndex": (pd.Series([1.0, 2.0], index=["2024-01-02", "x"]), "DatetimeIndex"),
    "time of day": (
        pd.Series([1.0], index=pd.to_datetime(["2024-01-02 13:00"])),
        "time of day",
    ),
    "text values": (pd.Series(["a"], index=pd.to_datetime(["2024-01-02"])), "not numbers"),
}


@pytest.mark.parametrize("case", sorted(BAD_BATCHES))
def test_invalid_batch_writes_nothing(store: Store, case: str, db_target: str) -> None:
    values, message = BAD_BATCHES[case]
    before = store_fingerprint(db_target)
    with pytest.raises(StoreError, match=message) as info:
        store.upsert_series("BAD", values, source="t", seen_at=T0)
    assert store.where in str(info.value) and "BAD" in str(info.value)
    assert store.read_series("BAD").empty
    assert store_fingerprint(db_target) == before


def test_upsert_many_is_atomic(store: Store) -> None:
    good = load_shared_series("DGS10").iloc[-100:]
    bad = pd.Series([1.0, np.inf], index=pd.to_datetime(["2024-01-02", "2024-01-03"]))
    with pytest.raises(StoreError, match="infinite"):
        store.upsert_many({"DGS10": good, "BAD": bad}, source="file", seen_at=T0)
    assert store.read_series("DGS10").empty
    results = store.upsert_many(
        {"DGS10": good, "DGS2": good.rename("DGS2")}, source="file", seen_at=T0
    )
    assert results == {"DGS10": WriteResult(100, 0, 0), "DGS2": WriteResult(100, 0, 0)}


def test_read_frame_and_ranges(store: Store) -> None:
    d10 = load_shared_series("DGS10")
    d2 = load_shared_series("DGS2")
    store.upsert_many({"DGS10": d10, "DGS2": d2}, source="fred", seen_at=T0)
    frame = store.read_frame(["DGS2", "MISSING", "DGS10"], start="2022-02-01", end="2022-02-28")
    assert list(frame.columns) == ["DGS2", "MISSING", "DGS10"]
    assert frame.index.name == "date" and frame["MISSING"].isna().all()
    assert frame.index.min() >= pd.Timestamp("2022-02-01")
    assert frame.index.max() <= pd.Timestamp("2022-02-28")
    # data/fred/DGS10.csv 2022-02-11 = 1.92
    assert frame.loc["2022-02-11", "DGS10"] == pytest.approx(1.92, abs=1e-12)
    expected = d2.loc["2022-02-01":"2022-02-28"]
    pd.testing.assert_series_equal(
        frame["DGS2"].dropna(), expected, check_names=False, check_freq=False
    )
    sliced = store.read_series("DGS10", start=pd.Timestamp("2022-02-10"), end="2022-02-11")
    assert list(sliced.index.strftime("%Y-%m-%d")) == ["2022-02-10", "2022-02-11"]


def test_empty_reads_keep_types(store: Store) -> None:
    empty = store.read_series("NOPE")
    assert empty.empty and empty.dtype == float and isinstance(empty.index, pd.DatetimeIndex)
    assert empty.index.name == "date" and empty.name == "NOPE"
    assert store.last_date("NOPE") is None
    frame = store.read_frame(["A", "B"])
    assert list(frame.columns) == ["A", "B"] and isinstance(frame.index, pd.DatetimeIndex)


def test_stats_catalog_and_fetch_log(store: Store) -> None:
    d10 = load_shared_series("DGS10")
    store.upsert_series("DGS10", d10, source="fred", seen_at=T0)
    store.sync_catalog([{"id": "DGS10", "source": "fred", "title_en": "10y", "group": "nominal"}])
    store.sync_catalog([{"id": "DGS2", "source": "fred", "tenor": 2.0}])
    later = datetime(2026, 1, 7, 9, 0, tzinfo=UTC)
    store.log_fetch(source="fred", key="DGS10", started=later, finished=later, rows=0, status="ok")
    store.log_fetch(
        source="fred",
        key="DGS2",
        started=later,
        finished=later,
        rows=0,
        status="error",
        error="HTTP 500",
    )
    stats = store.series_stats().set_index("series_id")
    assert list(stats.index) == ["DGS10", "DGS2"]
    assert stats.loc["DGS10", "rows"] == len(d10)
    assert stats.loc["DGS10", "first_date"] == pd.Timestamp("1962-01-02")  # DGS10.csv first row
    assert stats.loc["DGS10", "last_fetched"] == pd.Timestamp(later)  # the ok fetch_log entry
    assert stats.loc["DGS2", "rows"] == 0 and pd.isna(stats.loc["DGS2", "last_fetched"])
    log = store.fetch_log()
    assert list(log["key"]) == ["DGS2", "DGS10"] and log["error"].iloc[0] == "HTTP 500"
    assert list(store.fetch_log(source="nyfed")["key"]) == []
    with pytest.raises(StoreError, match="unknown field"):
        store.sync_catalog([{"id": "X", "colour": "red"}])


def test_catalog_resync_writes_nothing(store: Store, db_target: str) -> None:
    rows = [{"id": "DGS10", "source": "fred", "units": "percent", "tenor": 10.0}]
    store.sync_catalog(rows)
    before = store_fingerprint(db_target)
    store.sync_catalog(rows)
    assert store_fingerprint(db_target) == before


def test_readonly(tmp_path) -> None:
    missing = tmp_path / "none.db"
    with pytest.raises(StoreError, match="tsy update") as info:
        open_store(missing, readonly=True)
    assert str(missing) in str(info.value) and not missing.exists()
    with open_store(tmp_path / "t.db") as rw:
        rw.upsert_series("DGS10", load_shared_series("DGS10"), source="fred", seen_at=T0)
    with open_store(tmp_path / "t.db", readonly=True) as ro:
        assert len(ro.read_series("DGS10")) == len(load_shared_series("DGS10"))
        with pytest.raises(StoreError, match="read-only"):
            ro.upsert_series("DGS10", load_shared_series("DGS10"), source="fred", seen_at=T0)


def test_not_a_database(tmp_path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        open_store(junk)


def test_bad_bound_is_input_error(store: Store) -> None:
    with pytest.raises(ValueError, match="start"):
        store.read_series("DGS10", start="not a date")


def test_dates_stored_as_iso_days_outside_the_nanosecond_range(store: Store) -> None:
    # the store keys a date by its ISO 8601 calendar text, YYYY-MM-DD with a four-digit year
    # (ISO 8601-1:2019, 5.2.2.1): also for dates pandas holds in seconds, beyond 1677-2262
    days = np.array(["0999-12-31", "1969-12-31", "2300-01-01"], dtype="datetime64[s]")
    s = pd.Series([1.0, 2.0, 3.0], index=pd.DatetimeIndex(days, name="date"))
    assert store.upsert_series("DGS10", s, source="file", seen_at=T0) == WriteResult(3, 0, 0)
    back, _ = store.read_arrays(["DGS10"])["DGS10"]
    assert [str(d) for d in back] == ["0999-12-31", "1969-12-31", "2300-01-01"]
    assert store.upsert_series("DGS10", s, source="file", seen_at=T1) == WriteResult(0, 0, 3)
