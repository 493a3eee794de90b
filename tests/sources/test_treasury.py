"""Treasury daily par yield curves: official CSV downloads, re-saved copies, and the XML feed."""

from __future__ import annotations

import httpx
import numpy as np
import pandas as pd
import pytest

from tests.conftest import DATA, FIXTURES, load_shared_series
from tests.sources._mock import run_fetch
from tsy.errors import EmptyError, SchemaError
from tsy.sources import treasury

CSV_2023 = FIXTURES / "treasury" / "daily-treasury-rates_2023_official_download.csv"
CSV_2024 = DATA / "treasury" / "daily_treasury_par_yield_curve_2024.csv"
CSV_2025 = DATA / "treasury" / "daily_treasury_par_yield_curve_2025.csv"

# Treasury par yields are FRED's DGS* (FRED republishes the Treasury curve), so on common days
# they must agree exactly (both are 2-decimal prints of the same number).
PAIRS = [
    ("UST_PAR_1M", "DGS1MO"),
    ("UST_PAR_3M", "DGS3MO"),
    ("UST_PAR_6M", "DGS6MO"),
    ("UST_PAR_1Y", "DGS1"),
    ("UST_PAR_2Y", "DGS2"),
    ("UST_PAR_3Y", "DGS3"),
    ("UST_PAR_5Y", "DGS5"),
    ("UST_PAR_7Y", "DGS7"),
    ("UST_PAR_10Y", "DGS10"),
    ("UST_PAR_20Y", "DGS20"),
    ("UST_PAR_30Y", "DGS30"),
]


@pytest.mark.parametrize(
    ("path", "rows"),
    [(CSV_2023, 169), (CSV_2024, 250), (CSV_2025, 131)],  # row counts: MANIFEST.md
)
def test_csv_equals_fred_dgs(path, rows):
    parsed = treasury.parse_csv(path.read_bytes())
    assert parsed.source == "treasury"
    ten = parsed.series["UST_PAR_10Y"]
    assert len(ten) == rows
    assert ten.index.is_monotonic_increasing and ten.index.name == "date"
    for sid, fred_id in PAIRS:
        ours, fred = parsed.series[sid], load_shared_series(fred_id)
        common = ours.index.intersection(fred.index)
        assert len(common) == len(ours), f"{sid}: days missing in FRED {fred_id}"
        np.testing.assert_allclose(ours[common], fred[common], atol=1e-9, err_msg=sid)


def test_official_download_values():
    s = treasury.parse_csv(CSV_2023.read_bytes()).series
    # first data row of the official download: 09/01/2023,5.51,...,4.18,4.48,4.29
    assert s["UST_PAR_1M"].loc["2023-09-01"] == pytest.approx(5.51, abs=1e-12)
    assert s["UST_PAR_10Y"].loc["2023-09-01"] == pytest.approx(4.18, abs=1e-12)
    assert s["UST_PAR_30Y"].loc["2023-09-01"] == pytest.approx(4.29, abs=1e-12)
    assert s["UST_PAR_10Y"].index[0] == pd.Timestamp("2023-01-03")  # newest-first file, sorted


def test_one_and_a_half_month_point_2025():
    s = treasury.parse_csv(CSV_2025.read_bytes()).series["UST_PAR_1_5M"]
    # 2025 file: '1.5 Mo' blank on 2025-01-02/03, 4.39 on 2025-07-11 (first row)
    assert pd.Timestamp("2025-01-02") not in s.index
    assert s.loc["2025-07-11"] == pytest.approx(4.39, abs=1e-12)
    assert s.notna().all()


def test_archive_layout_lowercase_and_blank():
    # yearly archive layout (par-yield-curve-rates-1990-2023.csv): lower-case headers, blank where
    # a tenor was not published; rows taken from the 2023 official download above.
    body = b"date,1 mo,2 mo,4 mo,10 yr\n09/01/2023,5.51,5.55,5.58,4.18\n01/02/1990,,,,7.94\n"
    s = treasury.parse_csv(body).series
    assert s["UST_PAR_10Y"].loc["2023-09-01"] == pytest.approx(4.18, abs=1e-12)
    assert pd.Timestamp("1990-01-02") not in s["UST_PAR_1M"].index
    assert len(s["UST_PAR_10Y"]) == 2


def test_real_curve_csv():
    # real-curve download layout "Date,5 YR,7 YR,10 YR,20 YR,30 YR"; no real file exists in the
    # shared data, so the values are FRED's DFII* for 2022-02-11 (MANIFEST anchors: DFII5 -0.98,
    # DFII7 -0.74, DFII10 -0.51, DFII20 -0.11, DFII30 0.09).
    body = b'Date,"5 YR","7 YR","10 YR","20 YR","30 YR"\n02/11/2022,-0.98,-0.74,-0.51,-0.11,0.09\n'
    s = treasury.parse_csv(body).series
    assert sorted(s) == [
        "UST_REAL_10Y",
        "UST_REAL_20Y",
        "UST_REAL_30Y",
        "UST_REAL_5Y",
        "UST_REAL_7Y",
    ]
    assert s["UST_REAL_10Y"].iloc[0] == pytest.approx(
        load_shared_series("DFII10").loc["2022-02-11"]
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"<!DOCTYPE html><html><body>Maintenance</body></html>", "Date"),
        (b'Date,"1 Mo","10 Yr","15 Yr"\n09/01/2023,5.51,4.18,4.3\n', "15 yr"),
        (b'Day,"1 Mo","10 Yr"\n09/01/2023,5.51,4.18\n', "Date"),
        (b'Date,"1 Mo","10 Yr"\n2023-13-45,5.51,4.18\n', "Date"),
        (b'Date,"1 Mo","10 Yr"\n09/01/2023,5.51,four\n', "BC_10YEAR"),
    ],
)
def test_csv_schema_errors(body, field):
    with pytest.raises(SchemaError) as err:
        treasury.parse_csv(body)
    assert err.value.source == "treasury"
    assert err.value.key == field


def _xml_feed(rows: list[dict[str, str | None]]) -> bytes:
    """CONSTRUCTED test payload in the documented Atom/OData layout of the Treasury XML feed.

    No recorded feed exists in the shared data (README "Known gaps"). ``None`` writes
    ``m:null="true"``; a missing key writes no element.
    """
    entries = []
    for row in rows:
        props = [f'<d:NEW_DATE m:type="Edm.DateTime">{row["NEW_DATE"]}T00:00:00</d:NEW_DATE>']
        for k, v in row.items():
            if k == "NEW_DATE":
                continue
            if v is None:
                props.append(f'<d:{k} m:type="Edm.Double" m:null="true" />')
            else:
                props.append(f'<d:{k} m:type="Edm.Double">{v}</d:{k}>')
        entries.append(
            '<entry><id>x</id><title type="text" /><updated>2024-12-31T00:00:00Z</updated>'
            '<content type="application/xml"><m:properties>'
            + "".join(props)
            + "</m:properties></content></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8" standalone="yes"?>'
        '<feed xml:base="https://home.treasury.gov/" xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" '
        'xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">'
        '<title type="text">DailyTreasuryYieldCurveRateData</title>' + "".join(entries) + "</feed>"
    ).encode()


#: The 2024 par yield CSV (daily_treasury_par_yield_curve_2024.csv) lines 3, 2 and 190, in the
#: XML feed's field names (percent). Columns: 1 Mo, 2 Mo, 3 Mo, 4 Mo, 6 Mo, 1 Yr, 2 Yr, 3 Yr,
#: 5 Yr, 7 Yr, 10 Yr, 20 Yr, 30 Yr.
_FIELDS = [
    *("BC_1MONTH", "BC_2MONTH", "BC_3MONTH", "BC_4MONTH", "BC_6MONTH", "BC_1YEAR", "BC_2YEAR"),
    *("BC_3YEAR", "BC_5YEAR", "BC_7YEAR", "BC_10YEAR", "BC_20YEAR", "BC_30YEAR"),
]
CSV_LINES_2024 = {
    "2024-12-30": "4.43,4.42,4.37,4.33,4.25,4.17,4.24,4.29,4.37,4.46,4.55,4.84,4.77",  # line 3
    "2024-12-31": "4.4,4.39,4.37,4.32,4.24,4.16,4.25,4.27,4.38,4.48,4.58,4.86,4.78",  # line 2
    "2024-04-01": "5.49,5.47,5.44,5.41,5.36,5.06,4.72,4.51,4.34,4.33,4.33,4.58,4.47",  # line 190
}


def _rows_2024(days: list[str]) -> list[dict[str, str | None]]:
    """Feed rows of :data:`CSV_LINES_2024` on ``days``."""
    return [
        {"NEW_DATE": day, **dict(zip(_FIELDS, CSV_LINES_2024[day].split(","), strict=True))}
        for day in days
    ]


def test_xml_feed_matches_2024_csv():
    rows = _rows_2024(list(CSV_LINES_2024))
    rows[0]["BC_1_5MONTH"] = None  # m:null="true" -> missing
    rows[1]["BC_30YEARDISPLAY"] = "4.78"  # extra display field is ignored
    del rows[2]["BC_4MONTH"]  # absent element -> missing
    parsed = treasury.parse_xml(_xml_feed(rows))
    # CSV line 2 (2024-12-31): 1 Mo 4.4, 10 Yr 4.58, 30 Yr 4.78; line 190 (2024-04-01): 2 Yr 4.72
    assert parsed.series["UST_PAR_1M"].loc["2024-12-31"] == pytest.approx(4.40, abs=1e-12)
    assert parsed.series["UST_PAR_10Y"].loc["2024-12-31"] == pytest.approx(4.58, abs=1e-12)
    assert parsed.series["UST_PAR_30Y"].loc["2024-12-31"] == pytest.approx(4.78, abs=1e-12)
    assert parsed.series["UST_PAR_2Y"].loc["2024-04-01"] == pytest.approx(4.72, abs=1e-12)
    # line 3 (2024-12-30): 4 Mo 4.33; on 2024-04-01 the 4-month element was left out
    assert parsed.series["UST_PAR_4M"].loc["2024-12-30"] == pytest.approx(4.33, abs=1e-12)
    assert pd.Timestamp("2024-04-01") not in parsed.series["UST_PAR_4M"].index
    assert len(parsed.series["UST_PAR_10Y"]) == 3
    assert "UST_PAR_1_5M" not in parsed.series
    # and the feed and the CSV file give the same numbers on those days
    csv = treasury.parse_csv(CSV_2024.read_bytes()).series
    for sid, s in parsed.series.items():
        for day in s.index:
            assert s.loc[day] == pytest.approx(csv[sid].loc[day], abs=1e-12)


def test_xml_real_feed():
    body = _xml_feed([{"NEW_DATE": "2022-02-11", "TC_10YEAR": "-0.51", "TC_5YEAR": "-0.98"}])
    s = treasury.parse_xml(body).series
    assert set(s) == {"UST_REAL_10Y", "UST_REAL_5Y"}
    assert s["UST_REAL_10Y"].iloc[0] == pytest.approx(-0.51, abs=1e-12)  # FRED DFII10 2022-02-11


def test_xml_errors():
    with pytest.raises(SchemaError):
        treasury.parse_xml(b"<html><body>Access denied</body></html>")
    with pytest.raises(SchemaError) as err:
        treasury.parse_xml(_xml_feed([{"NEW_DATE": "2024-12-31", "BC_10YEAR": "n.a.x"}]))
    assert err.value.key == "BC_10YEAR"
    no_date = _xml_feed([{"NEW_DATE": "2024-12-31", "BC_10YEAR": "4.58"}]).replace(
        b"NEW_DATE", b"OLD_DATE"
    )
    with pytest.raises(SchemaError) as err:
        treasury.parse_xml(no_date)
    assert err.value.key == "NEW_DATE"
    with pytest.raises(SchemaError) as err:  # a malformed date is a SchemaError, not ValueError
        treasury.parse_xml(_xml_feed([{"NEW_DATE": "2024-13-45", "BC_10YEAR": "4.58"}]))
    assert err.value.key == "NEW_DATE"
    with pytest.raises(EmptyError):
        treasury.parse_xml(_xml_feed([]))


def test_fetch_through_http_client():
    days = ["2024-12-30", "2024-12-31"]
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        year = request.url.params["field_tdr_date_value"]
        rows = _rows_2024(days) if year == "2024" else []
        return httpx.Response(200, content=_xml_feed(rows))

    parsed = run_fetch(treasury.JOBS[0].run, handler, "2024-06-01", "2025-01-03")
    assert [u.params["field_tdr_date_value"] for u in seen] == ["2024", "2025"]
    assert all(u.params["data"] == "daily_treasury_yield_curve" for u in seen)
    assert parsed.series["UST_PAR_10Y"].loc["2024-12-31"] == pytest.approx(4.58, abs=1e-12)
