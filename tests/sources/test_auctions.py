"""Auction records: Fiscal Data (JSON, CSV exports), TreasuryDirect (JSON, CSV), derived excerpt."""

from __future__ import annotations

import json

import httpx
import numpy as np
import pandas as pd
import pytest

from tests.conftest import DATA, FIXTURES
from tests.sources._mock import run_fetch
from tsy.errors import SchemaError
from tsy.sources import _auction_derived, files, fiscaldata, treasurydirect
from tsy.sources._auction_fields import FIELDS, NUMERIC_FIELDS

AUCTIONS = DATA / "treasury" / "auctions"
FD_CSVS = sorted(AUCTIONS.glob("fiscaldata_auctions_query_issue*.csv"))
FD_JSON = FIXTURES / "fiscaldata" / "auctions_query_bills_2026-01.json"
TD_JSON = FIXTURES / "treasurydirect" / "securities_search_2023-09-01_2023-11-16_first4.json"
TD_CSV = FIXTURES / "treasurydirect" / "Securities_csv_export_sample.csv"
TD_INDEX = AUCTIONS / "treasurydirect_auction_query_index_1979_2025.csv"
TD_PRICES = DATA / "treasury" / "treasurydirect_auction_prices_1992_2024.csv"
DERIVED = AUCTIONS / "coupon_auction_metrics_derived_2008-2009_2021_2024-2026_EXCERPT.csv"


@pytest.fixture(scope="module")
def fd_all() -> pd.DataFrame:
    frames = [fiscaldata.parse_auctions_csv(p.read_bytes()).tables["auctions"] for p in FD_CSVS]
    frames.append(fiscaldata.parse_auctions_json(FD_JSON.read_bytes()).tables["auctions"])
    return pd.concat(frames, ignore_index=True)


def test_fiscaldata_files_shape(fd_all):
    # rows: MANIFEST.md (3,294 + 380 + 428 raw rows) + the 25 bill auctions of the JSON fixture
    assert len(fd_all) == 3294 + 380 + 428 + 25
    assert list(fd_all.columns) == [*FIELDS, "source"]
    assert (fd_all["source"] == "fiscaldata").all()
    assert not fd_all.duplicated(["cusip", "auction_date"]).any()
    for col in NUMERIC_FIELDS:
        assert fd_all[col].dtype == float, col
    assert fd_all["auction_date"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()


def test_competitive_equals_bidder_sum(fd_all):
    # Fiscal Data: comp_accepted = direct + indirect + primary dealer accepted on every row where
    # all four are published (MANIFEST.md "Checks on the three raw files").
    cols = [
        "comp_accepted",
        "direct_bidder_accepted",
        "indirect_bidder_accepted",
        "primary_dealer_accepted",
    ]
    full = fd_all.dropna(subset=cols)
    total = full[cols[1:]].sum(axis=1)
    np.testing.assert_allclose(full["comp_accepted"], total, rtol=0, atol=0.5)
    # 4,127 rows checked: every raw row from 2010-2023 and the 25 JSON bill auctions (2026-01)
    assert len(full) == 4127


def test_fiscaldata_json_first_record():
    t = fiscaldata.parse_auctions_json(FD_JSON.read_bytes()).tables["auctions"]
    r = t.iloc[0]
    # fixture record 0: 13-week bill 912797SL2 of 2026-01-05
    assert (r["cusip"], r["auction_date"], r["security_term"]) == (
        "912797SL2",
        "2026-01-05",
        "13-Week",
    )
    assert r["comp_accepted"] == 81948440600.0
    assert r["high_investment_rate"] == pytest.approx(3.622, abs=1e-12)
    assert r["bid_to_cover_ratio"] == pytest.approx(2.84, abs=1e-12)
    assert np.isnan(r["high_yield"]) and r["announcemtd_cusip"] is None  # "null"


def test_fiscaldata_schema_errors():
    doc = json.loads(FD_JSON.read_bytes())
    del doc["data"][3]["high_yield"]
    with pytest.raises(SchemaError) as err:
        fiscaldata.parse_auctions_json(json.dumps(doc).encode())
    assert (err.value.source, err.value.key) == ("fiscaldata", "high_yield")
    doc = json.loads(FD_JSON.read_bytes())
    doc["data"][0]["bidToCover"] = doc["data"][0].pop("bid_to_cover_ratio")  # renamed field
    with pytest.raises(SchemaError) as err:
        fiscaldata.parse_auctions_json(json.dumps(doc).encode())
    assert err.value.key == "bid_to_cover_ratio"
    with pytest.raises(SchemaError) as err:
        fiscaldata.parse_auctions_json(b"<!DOCTYPE html><html>Service Unavailable</html>")
    assert err.value.source == "fiscaldata"
    head, body = FD_CSVS[1].read_bytes().split(b"\n", 1)
    renamed = head.replace(b",comp_accepted,", b",competitive_accepted,") + b"\n" + body
    with pytest.raises(SchemaError) as err:
        fiscaldata.parse_auctions_csv(renamed)
    assert err.value.key == "comp_accepted"
    lines = FD_CSVS[1].read_text().splitlines()
    cols = lines[0].split(",")
    cells = lines[1].split(",")
    cells[cols.index("bid_to_cover_ratio")] = "2.8x"
    with pytest.raises(SchemaError) as err:
        fiscaldata.parse_auctions_csv("\n".join([lines[0], ",".join(cells)]).encode())
    assert err.value.key == "bid_to_cover_ratio"


def test_treasurydirect_json_equals_fiscaldata(fd_all):
    td = treasurydirect.parse_securities_json(TD_JSON.read_bytes()).tables["auctions"]
    assert (td["source"] == "treasurydirect").all()
    assert list(td["security_term"]) == ["42-Day", "13-Week", "26-Week", "30-Year"]
    merged = td.merge(fd_all, on=["cusip", "auction_date"], suffixes=("_td", "_fd"))
    assert len(merged) == 4  # all four auctions are in Fiscal Data's 2023 file (MANIFEST.md)
    for col in NUMERIC_FIELDS:
        a, b = merged[f"{col}_td"], merged[f"{col}_fd"]
        both_nan = a.isna() & b.isna()
        assert (both_nan | np.isclose(a, b, rtol=0, atol=1e-9)).all(), col
    for col in ("security_type", "security_term", "issue_date", "maturity_date", "reopening"):
        assert list(merged[f"{col}_td"]) == list(merged[f"{col}_fd"]), col
    # 30-year bond 912810TV0 of 2023-11-09: high yield 4.769 %, bid-to-cover 2.24 (record 4)
    bond = td.set_index("cusip").loc["912810TV0"]
    assert bond["high_yield"] == pytest.approx(4.769, abs=1e-12)
    assert bond["bid_to_cover_ratio"] == pytest.approx(2.24, abs=1e-12)


def test_treasurydirect_csv_files():
    sample = treasurydirect.parse_securities_csv(TD_CSV.read_bytes()).tables["auctions"]
    assert len(sample) == 100  # MANIFEST.md
    first = sample.iloc[0]  # "912797LG0","Bill","17-Week","05/08/2024",...,"98.267889"
    assert (first["cusip"], first["auction_date"], first["maturity_date"]) == (
        "912797LG0",
        "2024-05-08",
        "2024-09-10",
    )
    assert first["price_per100"] == pytest.approx(98.267889, abs=1e-12)
    index = treasurydirect.parse_securities_csv(TD_INDEX.read_bytes()).tables["auctions"]
    assert len(index) == 10780  # MANIFEST.md
    upcoming = index.set_index(["cusip", "auction_date"]).loc[("912810UP1", "2025-12-11")]
    assert np.isnan(upcoming["price_per100"])  # announced, not yet held: "null"
    assert upcoming["pdf_filenm_announcemt"] == "A_20251204_2.pdf"
    prices = treasurydirect.parse_securities_csv(TD_PRICES.read_bytes()).tables["auctions"]
    assert len(prices) == 7272  # MANIFEST.md


def test_treasurydirect_errors():
    with pytest.raises(SchemaError) as err:
        treasurydirect.parse_securities_json(b"<html>Error</html>")
    assert err.value.source == "treasurydirect"
    doc = json.loads(TD_JSON.read_bytes())
    del doc[1]["competitiveAccepted"]
    with pytest.raises(SchemaError) as err:
        treasurydirect.parse_securities_json(json.dumps(doc).encode())
    assert err.value.key == "competitiveAccepted"
    with pytest.raises(SchemaError) as err:
        treasurydirect.parse_securities_csv(b'"CUSIP","Security Type","Auction Date"\n')
    assert err.value.key == "Security Term"


def test_derived_excerpt_is_secondary():
    p = _auction_derived.parse_derived_csv(DERIVED.read_bytes())
    assert set(p.tables) == {"auctions_secondary"} and "secondary" in p.note
    t = p.tables["auctions_secondary"]
    assert len(t) == 428  # MANIFEST.md
    row = t.set_index(["cusip", "auction_date"]).loc[("91282CMW8", "2025-04-08")]
    # MANIFEST.md / README: 3-year 2025-04-08, high 3.784 %, btc 2.47, direct 6.24 %
    assert row["high_yield"] == pytest.approx(3.784, abs=1e-12)
    assert row["bid_to_cover"] == pytest.approx(2.47, abs=1e-12)
    assert row["direct_pct"] == pytest.approx(6.24, abs=5e-3)
    prev = t.set_index(["cusip", "auction_date"]).loc[("91282CMS7", "2025-03-11")]
    assert prev["direct_pct"] == pytest.approx(26.00, abs=5e-3)  # "against 26.00% the month before"
    shares = t[["dealer_pct", "direct_pct", "indirect_pct"]].dropna()
    assert len(shares) == 419  # 9 early-2008 rows have no shares (MANIFEST.md)
    np.testing.assert_allclose(shares.sum(axis=1), 100.0, atol=1.5e-12)
    assert t["source_note"].str.contains("never overrides").all()
    with pytest.raises(SchemaError):
        _auction_derived.parse_derived_csv(DERIVED.read_bytes().replace(b"bid_to_cover", b"btc", 1))


def _tga(rows: list[tuple[str, str, str, str]]) -> bytes:
    """CONSTRUCTED operating_cash_balance payload (documented fields; no recording exists)."""
    data = [
        {"record_date": d, "account_type": a, "close_today_bal": c, "open_today_bal": o}
        for d, a, c, o in rows
    ]
    return json.dumps({"data": data, "meta": {"total-pages": 1}}).encode()


def test_tga_reads_the_right_row_in_each_era():
    body = _tga(
        [
            ("2021-09-30", "Federal Reserve Account", "215211", "220000"),
            ("2021-09-30", "Tax and Loan Note Accounts", "0", "0"),
            ("2022-04-14", "Treasury General Account (TGA)", "870000", "880000"),
            ("2022-04-18", "Treasury General Account (TGA) Opening Balance", "null", "940000"),
            ("2022-04-18", "Treasury General Account (TGA) Closing Balance", "null", "952341"),
            ("2022-04-18", "Total TGA Deposits (Table II)", "null", "50000"),
        ]
    )
    s = fiscaldata.parse_tga_json(body).series["TGA_DAILY"]
    # constructed values: close_today_bal before 2022-04-18, open_today_bal on the closing row after
    assert s.to_dict() == {
        pd.Timestamp("2021-09-30"): 215211.0,
        pd.Timestamp("2022-04-14"): 870000.0,
        pd.Timestamp("2022-04-18"): 952341.0,
    }
    broken = json.loads(body)
    del broken["data"][4]["open_today_bal"]
    with pytest.raises(SchemaError) as err:
        fiscaldata.parse_tga_json(json.dumps(broken).encode())
    assert err.value.key == "open_today_bal"


def test_build_request_paging():
    path, params = fiscaldata.build_request("auctions_query", pd.Timestamp("2026-01-01"), page=2)
    assert path.endswith("/v1/accounting/od/auctions_query")
    assert params["page[size]"] == "10000" and params["page[number]"] == "2"
    assert params["filter"] == "auction_date:gte:2026-01-01"


def test_fetch_auctions_with_mock_transport():
    body = FD_JSON.read_bytes()
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, content=body)

    parsed = run_fetch(fiscaldata.fetch_auctions, handler, "2026-01-01", "2026-02-01")
    assert len(seen) == 1  # meta total-pages = 1
    assert seen[0].params["filter"] == "auction_date:gte:2026-01-01"
    assert len(parsed.tables["auctions"]) == 25  # fixture count


def test_fetch_treasurydirect_with_mock_transport():
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["startDate"] == "09/01/2023"
        return httpx.Response(200, content=TD_JSON.read_bytes())

    parsed = run_fetch(treasurydirect.fetch, handler, "2023-09-01", "2023-11-16")
    assert len(parsed.tables["auctions"]) == 4


def test_upcoming_auctions():
    # CONSTRUCTED upcoming_auctions payload (documented nine fields); record 1 carries the terms
    # of the fixture's 13-week bill 912797SL2 (announced 2025-12-31, offering $86 bn)
    recs = [
        {
            "record_date": "2026-01-02",
            "security_type": "Bill",
            "security_term": "13-Week",
            "reopening": "Yes",
            "cusip": "912797SL2",
            "offering_amt": "86000000000",
            "announcemt_date": "2025-12-31",
            "auction_date": "2026-01-05",
            "issue_date": "2026-01-08",
        },
        {
            "record_date": "2026-01-02",
            "security_type": "Note",
            "security_term": "3-Year",
            "reopening": "No",
            "cusip": "null",
            "offering_amt": "null",
            "announcemt_date": "2026-01-06",
            "auction_date": "2026-01-12",
            "issue_date": "2026-01-15",
        },
    ]
    t = fiscaldata.parse_upcoming_json(json.dumps({"data": recs, "meta": {}}).encode()).tables[
        "upcoming_auctions"
    ]
    assert len(t) == 1  # the CUSIP-less row is left out (key is cusip + auction_date)
    assert t.loc[0, "offering_amt"] == 86e9
    del recs[0]["offering_amt"]
    with pytest.raises(SchemaError) as err:
        fiscaldata.parse_upcoming_json(json.dumps({"data": recs, "meta": {}}).encode())
    assert err.value.key == "offering_amt"


def test_fiscaldata_csv_resaved_with_index_column():
    # a pandas re-save of a real export (index=True) adds a leading unnamed column: the file is
    # still recognised and reads the same rows as the original
    original = FD_CSVS[1].read_bytes()
    lines = original.decode().splitlines()
    resaved = "\n".join([f",{lines[0]}", *(f"{i},{line}" for i, line in enumerate(lines[1:]))])
    fmt = files.recognise(resaved[: files.SNIFF_BYTES])
    assert fmt is not None and fmt.name == "fiscaldata-auctions-csv"
    a = fiscaldata.parse_auctions_csv(original).tables["auctions"]
    b = fmt.parse(resaved.encode()).tables["auctions"]
    pd.testing.assert_frame_equal(a, b)
