"""CFTC Traders in Financial Futures: the real yearly files and the API layout."""

from __future__ import annotations

import io
import json
import zipfile

import httpx
import pandas as pd
import pytest

from tests.conftest import DATA
from tests.sources._mock import run_fetch
from tsy.errors import SchemaError
from tsy.sources import cftc

FILES = sorted((DATA / "cftc").glob("tff_futures_only_*.txt"))
F2025 = DATA / "cftc" / "tff_futures_only_2025_to0429.txt"


@pytest.fixture(scope="module")
def positions() -> pd.DataFrame:
    return pd.concat(
        [cftc.parse_txt(p.read_bytes()).tables["positions"] for p in FILES], ignore_index=True
    )


def test_columns_exactly(positions):
    assert list(positions.columns) == [
        "report_date",
        "contract_code",
        "contract",
        "market_name",
        "open_interest",
        "dealer_long",
        "dealer_short",
        "dealer_spread",
        "asset_mgr_long",
        "asset_mgr_short",
        "asset_mgr_spread",
        "lev_money_long",
        "lev_money_short",
        "lev_money_spread",
        "other_rept_long",
        "other_rept_short",
        "other_rept_spread",
        "nonrept_long",
        "nonrept_short",
    ]


def test_ten_year_leveraged_short(positions):
    p = positions.set_index(["report_date", "contract"])
    # MANIFEST.md: 10y note leveraged-funds short 2,070,536 on 2025-04-29, 2,501,936 on 2026-08-04
    assert p.loc[("2025-04-29", "10y"), "lev_money_short"] == 2_070_536
    assert p.loc[("2026-08-04", "10y"), "lev_money_short"] == 2_501_936


def test_codes_and_2022_renaming(positions):
    names = positions.groupby("contract")["market_name"].unique()
    # codes verified in every file: the name changed on 2022-02-08 (MANIFEST.md), the code did not
    assert set(names["10y"]) == {
        "10-YEAR U.S. TREASURY NOTES - CHICAGO BOARD OF TRADE",
        "UST 10Y NOTE - CHICAGO BOARD OF TRADE",
    }
    ten = positions[positions.contract == "10y"].set_index("report_date")["market_name"]
    assert ten.loc["2022-02-01"].startswith("10-YEAR") and ten.loc["2022-02-08"] == (
        "UST 10Y NOTE - CHICAGO BOARD OF TRADE"
    )
    assert "LONG-TERM U.S. TREASURY BONDS - CHICAGO BOARD OF TRADE" in set(names["ultrabond"])
    # the ultra 10-year contract (043607) is absent in 2015 (listed January 2016)
    y2015 = positions[positions.report_date.str.startswith("2015")]
    assert set(y2015.contract) == {"2y", "5y", "10y", "bond", "ultrabond"}
    assert not positions.duplicated(["report_date", "contract_code"]).any()


def test_open_interest_identity(positions):
    # TFF identity: every long (and short) position sums to open interest, spreads counted on
    # both sides: OI = dealer + asset mgr + lev + other (long + spread) + nonrept long.
    longs = positions[
        [
            "dealer_long",
            "dealer_spread",
            "asset_mgr_long",
            "asset_mgr_spread",
            "lev_money_long",
            "lev_money_spread",
            "other_rept_long",
            "other_rept_spread",
            "nonrept_long",
        ]
    ].sum(axis=1)
    shorts = positions[
        [
            "dealer_short",
            "dealer_spread",
            "asset_mgr_short",
            "asset_mgr_spread",
            "lev_money_short",
            "lev_money_spread",
            "other_rept_short",
            "other_rept_spread",
            "nonrept_short",
        ]
    ].sum(axis=1)
    assert ((longs - positions.open_interest).abs() <= 0.5).all()
    assert ((shorts - positions.open_interest).abs() <= 0.5).all()


def test_zip_and_schema_errors():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("FinFutYY.txt", F2025.read_bytes())
    assert len(cftc.parse_txt(buf.getvalue()).tables["positions"]) == 102  # 17 weeks x 6
    head, rest = F2025.read_bytes().split(b"\n", 1)
    broken = head.replace(b'"Lev_Money_Positions_Short_All"', b'"Lev_Money_Short"') + b"\n" + rest
    with pytest.raises(SchemaError) as err:
        cftc.parse_txt(broken)
    assert (err.value.source, err.value.key) == ("cftc", "Lev_Money_Positions_Short_All")


#: One Socrata API row of the TFF futures-only dataset (gpe5-46if), field names as the CFTC's
#: API publishes them (written out here, not taken from tsy's alias map), values copied from
#: line 689 of tff_futures_only_2025_to0429.txt: UST 10Y NOTE, report date 2025-04-29.
API_ROW_10Y = {
    "market_and_exchange_names": "UST 10Y NOTE - CHICAGO BOARD OF TRADE",
    "report_date_as_yyyy_mm_dd": "2025-04-29T00:00:00.000",
    "cftc_contract_market_code": "043602",
    "open_interest_all": "4880010",
    "dealer_positions_long_all": "211473",
    "dealer_positions_short_all": "617770",
    "dealer_positions_spread_all": "110124",
    "asset_mgr_positions_long": "2773117",
    "asset_mgr_positions_short": "712093",
    "asset_mgr_positions_spread": "558118",
    "lev_money_positions_long": "237175",
    "lev_money_positions_short": "2070536",
    "lev_money_positions_spread": "99802",
    "other_rept_positions_long": "410501",
    "other_rept_positions_short": "387473",
    "other_rept_positions_spread": "7271",
    "nonrept_positions_long_all": "472429",
    "nonrept_positions_short_all": "316823",
}


def test_api_json_equals_text_file():
    api = cftc.parse_api_json(json.dumps([API_ROW_10Y]).encode()).tables["positions"]
    assert len(api) == 1
    row = api.iloc[0]
    # tff_futures_only_2025_to0429.txt line 689 (UST 10Y NOTE, 2025-04-29)
    assert (row["report_date"], row["contract_code"]) == ("2025-04-29", "043602")
    assert row["open_interest"] == 4880010
    assert (row["lev_money_long"], row["lev_money_short"]) == (237175, 2070536)
    assert (row["asset_mgr_long"], row["asset_mgr_short"]) == (2773117, 712093)
    assert (row["nonrept_long"], row["nonrept_short"]) == (472429, 316823)
    # the same row read from the text file: the two formats give one table row
    txt = cftc.parse_txt(F2025.read_bytes()).tables["positions"]
    txt = txt[(txt.report_date == "2025-04-29") & (txt.contract_code == "043602")]
    pd.testing.assert_frame_equal(api, txt.reset_index(drop=True))
    with pytest.raises(SchemaError):
        cftc.parse_api_json(b'{"error": true, "message": "query failed"}')
    twice = json.dumps([API_ROW_10Y, API_ROW_10Y]).encode()
    with pytest.raises(SchemaError, match=r"appears twice on 2025-04-29") as e:
        cftc.parse_api_json(twice)
    assert e.value.key == "report_date+contract_code"


def test_request_never_pastes_text():
    path, params = cftc.build_request(pd.Timestamp("2025-01-01"))
    assert path == "/resource/gpe5-46if.json"
    assert "'043602'" in params["$where"] and "2025-01-01T00:00:00" in params["$where"]
    with pytest.raises(ValueError):
        cftc.build_request(codes=("043602') OR (1=1",))


def test_fetch_with_token_header():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=json.dumps([API_ROW_10Y]).encode())

    env = {"CFTC_APP_TOKEN": "tok123"}
    parsed = run_fetch(cftc.fetch, handler, "2025-04-29", "2025-05-01", env)
    assert seen[0].headers["X-App-Token"] == "tok123" and "tok123" not in str(seen[0].url)
    assert parsed.tables["positions"]["open_interest"].tolist() == [4880010]  # file line 689


def test_a_bad_report_date_names_its_line_after_good_ones():
    # each report date is converted once per file (it repeats for every contract): a later line
    # with a bad date is still named. tff_futures_only_2025_to0429.txt line 689: UST 10Y NOTE,
    # 2025-04-29; a copy of it as line 3 with the date made impossible (2025-04-31)
    head, rest = F2025.read_bytes().split(b"\n", 1)
    line = F2025.read_bytes().split(b"\n")[688]
    assert b"2025-04-29" in line
    bad = line.replace(b"2025-04-29", b"2025-04-31")
    with pytest.raises(SchemaError, match=r"report date '2025-04-31' \(line 3\)"):
        cftc.parse_txt(b"\n".join([head, line, bad]) + b"\n")
    twice = cftc.parse_txt(b"\n".join([head, line]) + b"\n").tables["positions"]
    assert twice["report_date"].tolist() == ["2025-04-29"]
