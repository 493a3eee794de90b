"""Generic keyed tables with a real Fiscal Data auctions payload (a plain frame, not the parser)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd
import pytest

from tests.conftest import FIXTURES, store_fingerprint
from tsy.errors import StoreError
from tsy.store import TABLES, Store, WriteResult, open_store

T0 = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)
T1 = datetime(2026, 1, 21, 12, 0, tzinfo=UTC)
PAYLOAD = FIXTURES / "fiscaldata" / "auctions_query_bills_2026-01.json"


@pytest.fixture
def store(db_target: str) -> Store:
    with open_store(db_target) as s:
        yield s


@pytest.fixture
def bills() -> pd.DataFrame:
    """The 25 bill auctions of January 2026 as Fiscal Data returns them ("null" -> None)."""
    records = json.loads(PAYLOAD.read_text())["data"]
    return pd.DataFrame(records).replace("null", None)


def _plain(column: pd.Series) -> list[object]:
    """Values with every missing marker (None, NaN) as None, for exact comparison of text."""
    return [None if pd.isna(v) else v for v in column.tolist()]


def test_auctions_round_trip(store: Store, bills: pd.DataFrame) -> None:
    assert store.upsert_table("auctions", bills, seen_at=T0) == WriteResult(
        25, 0, 0
    )  # meta total-count 25
    back = store.read_table("auctions")
    assert len(back) == 25
    assert set(bills.columns) == set(back.columns)
    assert pd.api.types.is_datetime64_any_dtype(back["auction_date"])
    expected = bills.assign(auction_date=pd.to_datetime(bills["auction_date"]))
    merged = expected.merge(back, on=["cusip", "auction_date"], suffixes=("", "_back"))
    assert len(merged) == 25
    for col in bills.columns.drop(["cusip", "auction_date"]):
        assert _plain(merged[col]) == _plain(merged[f"{col}_back"]), col
    # auctions_query_bills_2026-01.json: 912797SL2 (13-Week) auctioned 2026-01-05, high 3.540000
    row = store.read_table("auctions", where={"cusip": "912797SL2"})
    assert len(row) == 1 and row["high_discnt_rate"].iloc[0] == "3.540000"
    assert row["auction_date"].iloc[0] == pd.Timestamp("2026-01-05")
    assert store.table_last_date("auctions") == pd.to_datetime(bills["auction_date"]).max()


def test_reupsert_is_a_noop(store: Store, bills: pd.DataFrame, db_target: str) -> None:
    store.upsert_table("auctions", bills, seen_at=T0)
    version = store_fingerprint(db_target)
    assert store.upsert_table("auctions", bills, seen_at=T1) == WriteResult(0, 0, 25)
    assert store_fingerprint(db_target) == version


def test_numeric_columns_and_revision(store: Store, bills: pd.DataFrame) -> None:
    typed = bills.assign(
        high_discnt_rate=pd.to_numeric(bills["high_discnt_rate"]),
        offering_amt=pd.to_numeric(bills["offering_amt"]),
        issue_date=pd.to_datetime(bills["issue_date"]),
    )
    store.upsert_table("auctions", typed, seen_at=T0)
    back = store.read_table("auctions", where={"cusip": "912797SL2"})
    assert back["high_discnt_rate"].dtype == float
    assert back["high_discnt_rate"].iloc[0] == pytest.approx(3.54, abs=1e-12)  # fixture 3.540000
    assert back["offering_amt"].iloc[0] == pytest.approx(86e9, abs=0.5)  # fixture 86000000000
    assert back["issue_date"].iloc[0] == pd.Timestamp("2026-01-08")  # fixture issue_date

    changed = typed.copy()
    changed.loc[changed["cusip"] == "912797SL2", "high_discnt_rate"] = 3.545
    assert store.upsert_table("auctions", changed, seen_at=T1) == WriteResult(0, 1, 24)
    revs = store.table_revisions("auctions")
    assert len(revs) == 1
    assert revs["key"].iloc[0] == {"cusip": "912797SL2", "auction_date": "2026-01-05"}
    assert revs["old_row"].iloc[0]["high_discnt_rate"] == pytest.approx(3.54, abs=1e-12)
    assert revs["revised_at"].iloc[0] == pd.Timestamp(T1)
    now = store.read_table("auctions", where={"cusip": "912797SL2"})
    assert now["high_discnt_rate"].iloc[0] == pytest.approx(3.545, abs=1e-12)


def test_columns_created_on_demand(store: Store, bills: pd.DataFrame) -> None:
    store.upsert_table("auctions", bills[["cusip", "auction_date", "security_term"]], seen_at=T0)
    wider = bills[["cusip", "auction_date", "security_term", "bid_to_cover_ratio"]].iloc[:3]
    assert store.upsert_table("auctions", wider, seen_at=T1).revised == 3  # a new field filled in
    back = store.read_table("auctions")
    assert back["bid_to_cover_ratio"].notna().sum() == 3
    assert back.loc[back["cusip"] == "912797SL2", "bid_to_cover_ratio"].iloc[0] == "2.840000"


def test_filters(store: Store, bills: pd.DataFrame) -> None:
    store.upsert_table("auctions", bills, seen_at=T0)
    week = store.read_table("auctions", since="2026-01-05", until=pd.Timestamp("2026-01-08"))
    # fixture auction dates 2026-01-05..08: 912797SL2, RF6, PM3, TR8, SY4, SQ1
    assert sorted(week["cusip"]) == sorted(
        ["912797SL2", "912797RF6", "912797PM3", "912797TR8", "912797SY4", "912797SQ1"]
    )
    assert week["auction_date"].is_monotonic_increasing
    term = store.read_table("auctions", where={"security_term": "13-Week"})
    assert (term["security_term"] == "13-Week").all() and len(term) > 0
    hostile = store.read_table("auctions", where={"cusip": "x' OR '1'='1"})
    assert hostile.empty  # bound as a value, never pasted into SQL
    assert store.read_table("auctions", where={"callable": None}).shape[0] == 25  # IS NULL
    with pytest.raises(StoreError, match="unknown column 'nope'"):
        store.read_table("auctions", where={"nope": 1})


def test_empty_and_unknown_tables(store: Store) -> None:
    assert store.read_table("positions").empty
    assert store.table_last_date("positions") is None
    with pytest.raises(StoreError, match="unknown table 'bogus'"):
        store.upsert_table("bogus", pd.DataFrame({"a": [1]}), seen_at=T0)
    with pytest.raises(StoreError, match="unknown table"):
        store.read_table("bogus")
    assert set(TABLES) >= {"auctions", "positions", "foreign_holders", "when_issued"}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda f: f.drop(columns=["cusip"]), "key column 'cusip' is missing"),
        (lambda f: f.assign(cusip=[None, *f["cusip"][1:]]), "key column 'cusip' is null in row 0"),
        (lambda f: pd.concat([f, f.iloc[[3]]], ignore_index=True), "duplicate key"),
        (lambda f: f.assign(**{"bad name": 1}), "not a plain identifier"),
        (lambda f: f.assign(_last_seen="x"), "reserved"),
        (lambda f: f.assign(auction_date=["soon", *f["auction_date"][1:]]), "row 0"),
    ],
)
def test_invalid_frames_write_nothing(
    store: Store, bills: pd.DataFrame, mutate, message, db_target: str
) -> None:
    version = store_fingerprint(db_target)
    with pytest.raises(StoreError, match=message) as info:
        store.upsert_table("auctions", mutate(bills), seen_at=T0)
    assert "auctions" in str(info.value)
    assert store.read_table("auctions").empty
    assert store_fingerprint(db_target) == version


def test_fill_only_never_overwrites(store: Store, bills: pd.DataFrame) -> None:
    official = bills[["cusip", "auction_date", "security_term", "high_discnt_rate"]].copy()
    official.loc[official["cusip"] == "912797SL2", "high_discnt_rate"] = None
    store.upsert_table("auctions", official, seen_at=T0)
    # A secondary source: a different term text, the missing rate, and one auction not yet stored.
    secondary = bills[["cusip", "auction_date", "security_term", "high_discnt_rate"]].copy()
    secondary["security_term"] = "13 weeks (secondary)"
    extra = secondary.iloc[[0]].assign(cusip="TESTCUSIP")
    secondary = pd.concat([secondary, extra], ignore_index=True)
    result = store.upsert_table("auctions", secondary, seen_at=T1, fill_only=True)
    assert result == WriteResult(new=1, revised=1, unchanged=24)
    row = store.read_table("auctions", where={"cusip": "912797SL2"})
    assert row["high_discnt_rate"].iloc[0] == "3.540000"  # filled from the fixture value
    assert row["security_term"].iloc[0] == "13-Week"  # official text kept
    revs = store.table_revisions("auctions")
    assert len(revs) == 1 and revs["old_row"].iloc[0]["high_discnt_rate"] is None


def test_read_table_columns_reads_only_those(store: Store, bills: pd.DataFrame) -> None:
    # the monitor reads 19 of the auction fields: the key and date columns come with them, in
    # the table's order, a field the table lacks is left out, and a where column need not be
    # read. Values from the payload: 912797SL2 (13-Week, auctioned 2026-01-05) high investment
    # rate 3.622000, bid-to-cover 2.840000, competitive accepted 81948440600.
    store.upsert_table("auctions", bills, seen_at=T0)
    got = store.read_table(
        "auctions",
        columns=["bid_to_cover_ratio", "high_investment_rate", "no_such_field"],
        where={"security_term": "13-Week"},
    )
    whole = store.read_table("auctions", where={"security_term": "13-Week"})
    assert list(got.columns) == [c for c in whole.columns if c in set(got.columns)]
    assert set(got.columns) == {
        "cusip", "auction_date", "bid_to_cover_ratio", "high_investment_rate"
    }  # fmt: skip
    pd.testing.assert_frame_equal(got, whole[list(got.columns)])
    row = got[got["cusip"] == "912797SL2"].iloc[0]
    assert row["auction_date"] == pd.Timestamp("2026-01-05")
    assert float(row["high_investment_rate"]) == 3.622
    assert float(row["bid_to_cover_ratio"]) == 2.84
    assert len(got) == (bills["security_term"] == "13-Week").sum()


def _stored_rows(store: Store) -> dict[tuple[str, str], dict[str, object]]:
    rows = store.read_table("auctions")
    return {
        (r["cusip"], str(r["auction_date"].date())): {
            k: None if pd.isna(v) else v for k, v in r.items()
        }
        for r in rows.to_dict("records")
    }


def test_fill_only_keeps_the_whole_stored_row_as_its_revision(
    store: Store, bills: pd.DataFrame
) -> None:
    # the official row lacks its rate; the secondary one fills it: the revision holds every
    # stored column of the row as it was (auctions_query_bills_2026-01.json: 912797SL2 3.540000)
    official = bills.copy()
    official.loc[official["cusip"] == "912797SL2", "high_discnt_rate"] = None
    store.upsert_table("auctions", official, seen_at=T0)
    before = _stored_rows(store)[("912797SL2", "2026-01-05")]
    secondary = bills[["cusip", "auction_date", "high_discnt_rate", "security_term"]].copy()
    secondary["security_term"] = None  # missing in the secondary source: never a fill
    assert store.upsert_table("auctions", secondary, seen_at=T1, fill_only=True) == WriteResult(
        0, 1, 24
    )
    old = store.table_revisions("auctions")["old_row"].iloc[0]
    stored = store.read_table("auctions").columns
    assert set(old) == {*stored, "_first_seen", "_last_seen"}
    assert old["auction_date"] == "2026-01-05" and old["_first_seen"] == old["_last_seen"]
    assert all(old[k] == v for k, v in before.items() if k != "auction_date")
    assert old["high_discnt_rate"] is None
    assert _stored_rows(store)[("912797SL2", "2026-01-05")]["high_discnt_rate"] == "3.540000"


def test_a_column_without_any_value_is_created_and_left_empty(
    store: Store, bills: pd.DataFrame
) -> None:
    # tint_cusip_1 is "null" on every bill of the fixture; a new row names only the columns it
    # has values for, so the others must still exist and read back missing
    assert bills["tint_cusip_1"].isna().all()
    store.upsert_table("auctions", bills, seen_at=T0)
    back = store.read_table("auctions")
    assert "tint_cusip_1" in back.columns and back["tint_cusip_1"].isna().all()
    assert store.upsert_table("auctions", bills, seen_at=T1) == WriteResult(0, 0, 25)


def test_numbers_equal_within_the_tolerance_are_unchanged(
    store: Store, bills: pd.DataFrame
) -> None:
    # REL_TOL = 1e-12 (tsy.store._common): a round trip through text is no revision, a change
    # of a published digit is; fixture: 912797SL2 offering 86000000000
    typed = bills.assign(offering_amt=pd.to_numeric(bills["offering_amt"]))
    store.upsert_table("auctions", typed, seen_at=T0)
    nudged = typed.assign(offering_amt=typed["offering_amt"] * (1 + 1e-13))
    assert store.upsert_table("auctions", nudged, seen_at=T1) == WriteResult(0, 0, 25)
    moved = typed.copy()
    moved.loc[moved["cusip"] == "912797SL2", "offering_amt"] = 86.1e9
    assert store.upsert_table("auctions", moved, seen_at=T1) == WriteResult(0, 1, 24)
