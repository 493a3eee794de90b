"""CFTC Traders in Financial Futures: the real yearly files and the API layout."""

from __future__ import annotations

import csv
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


def _api_rows() -> list[dict[str, str]]:
    """CONSTRUCTED API rows: the 2025-04-29 rows of the real text file in Socrata field names."""
    rows = []
    for r in csv.DictReader(io.StringIO(F2025.read_text())):
        if r["Report_Date_as_YYYY-MM-DD"] != "2025-04-29":
            continue
        rec = {
            "market_and_exchange_names": r["Market_and_Exchange_Names"],
            "report_date_as_yyyy_mm_dd": "2025-04-29T00:00:00.000",
            "cftc_contract_market_code": r["CFTC_Contract_Market_Code"].strip(),
        }
        for txt, aliases in cftc.COLUMNS.values():
            rec[aliases[0]] = r[txt].strip()
        rows.append(rec)
    return rows


def test_api_json_equals_text_file():
    api = cftc.parse_api_json(json.dumps(_api_rows()).encode()).tables["positions"]
    txt = cftc.parse_txt(F2025.read_bytes()).tables["positions"]
    txt = txt[txt.report_date == "2025-04-29"].reset_index(drop=True)
    pd.testing.assert_frame_equal(api, txt)
    with pytest.raises(SchemaError):
        cftc.parse_api_json(b'{"error": true, "message": "query failed"}')


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
        return httpx.Response(200, content=json.dumps(_api_rows()).encode())

    env = {"CFTC_APP_TOKEN": "tok123"}
    parsed = run_fetch(cftc.fetch, handler, "2025-04-29", "2025-05-01", env)
    assert seen[0].headers["X-App-Token"] == "tok123" and "tok123" not in str(seen[0].url)
    assert len(parsed.tables["positions"]) == 6
