"""The auctions frame built column by column equals the field rules applied cell by cell.

The rules (``tsy.sources._auction_fields``: Fiscal Data's field types) are written out here
independently, one cell at a time: text stripped, blank and null markers missing, numbers as
Python reads the decimal text (thousands separators removed), ISO dates cut to the day and
``MM/DD/YYYY`` rewritten as ISO. Expected values are cited from the shared files.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re

import pandas as pd
import pytest

from tests.conftest import DATA, FIXTURES
from tsy.errors import SchemaError
from tsy.sources import fiscaldata, treasurydirect
from tsy.sources._auction_fields import DATE_FIELDS, FIELD_BY_LABEL, FIELDS, NUMERIC_FIELDS
from tsy.sources._auction_frame import auctions_frame, auctions_frame_from_rows

AUCTIONS = DATA / "treasury" / "auctions"
FD_2022 = AUCTIONS / "fiscaldata_auctions_query_issue2022.csv"
CSV_FILES = [
    *sorted(AUCTIONS.glob("fiscaldata_auctions_query_issue*.csv")),
    AUCTIONS / "treasurydirect_auction_query_index_1979_2025.csv",
    DATA / "treasury" / "treasurydirect_auction_prices_1992_2024.csv",
    FIXTURES / "treasurydirect" / "Securities_csv_export_sample.csv",
]
#: Missing markers of the source files ("null" in Fiscal Data's exports, blank elsewhere).
MISSING = {"", "null", "NULL", "None", "nan", "NaN"}


def _rule(field: str, raw: object) -> object:
    """One cell by the field rules (the reference; None = missing)."""
    if raw is None:
        return None
    text = str(raw).strip()
    if text in MISSING:
        return None
    if field in NUMERIC_FIELDS:
        return float(text.replace(",", ""))
    if field in DATE_FIELDS:
        if re.match(r"\d{4}-\d{2}-\d{2}", text):
            return text[:10]
        month, day, year = (int(p) for p in text.split("/"))
        return f"{year:04d}-{month:02d}-{day:02d}"
    return text


def _parse(path) -> pd.DataFrame:
    parser = fiscaldata if path.name.startswith("fiscaldata") else treasurydirect
    payload = path.read_bytes()
    if parser is fiscaldata:
        return fiscaldata.parse_auctions_csv(payload).tables["auctions"]
    return treasurydirect.parse_securities_csv(payload).tables["auctions"]


def _same_cells(frame: pd.DataFrame, records: list[dict[str, object]]) -> int:
    """Assert every cell of ``frame`` follows :func:`_rule` of its record; return cells seen."""
    assert len(frame) == len(records)
    seen = 0
    for field in FIELDS:
        got = frame[field].tolist()
        for i, record in enumerate(records):
            want = _rule(field, record.get(field))
            cell = got[i]
            if want is None:
                assert cell is None or (isinstance(cell, float) and math.isnan(cell)), (field, i)
            else:
                assert type(cell) is type(want) and cell == want, (field, i, cell, want)
            seen += 1
    return seen


@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_every_cell_of_the_shared_files_follows_the_field_rules(path) -> None:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    rows = [r for r in rows if r and any(c.strip() for c in r)]
    names = [FIELD_BY_LABEL.get(h.strip().lower(), h.strip()) for h in rows[0]]
    records = [dict(zip(names, r, strict=False)) for r in rows[1:]]
    frame = _parse(path)
    assert _same_cells(frame, records) == len(records) * len(FIELDS)
    for col in NUMERIC_FIELDS:  # numbers float, the other fields Python text or missing
        assert frame[col].dtype == float


def test_cited_rows() -> None:
    # fiscaldata_auctions_query_issue2022.csv line 15: the 10-year note reopened 2022-01-12
    # (91282CDJ7, 9-Year 10-Month, high yield 1.723, price 96.866042, bid-to-cover 2.510000,
    # competitive accepted 35992396200, offering 36000000000, no call date: "null")
    t = _parse(FD_2022).set_index(["cusip", "auction_date"])
    row = t.loc[("91282CDJ7", "2022-01-12")]
    assert (row["security_term"], row["issue_date"], row["maturity_date"]) == (
        "9-Year 10-Month",
        "2022-01-18",
        "2031-11-15",
    )
    assert row["high_yield"] == pytest.approx(1.723, abs=1e-12)
    assert row["price_per100"] == pytest.approx(96.866042, abs=1e-12)
    assert row["bid_to_cover_ratio"] == pytest.approx(2.51, abs=1e-12)
    assert row["comp_accepted"] == pytest.approx(35992396200.0, abs=0.5)
    assert row["offering_amt"] == pytest.approx(36e9, abs=0.5)
    assert row["call_date"] is None and row["reopening"] == "Yes"
    # treasurydirect_auction_prices_1992_2024.csv line 2, US dates:
    # 912795GA3,Bill,13-Week,01/02/2001,01/04/2001,04/05/2001,98.559
    prices = _parse(DATA / "treasury" / "treasurydirect_auction_prices_1992_2024.csv")
    first = prices.iloc[0]
    assert (first["cusip"], first["auction_date"], first["issue_date"]) == (
        "912795GA3",
        "2001-01-02",
        "2001-01-04",
    )
    assert first["maturity_date"] == "2001-04-05"
    assert first["price_per100"] == pytest.approx(98.559, abs=1e-12)
    assert first["high_yield"] != first["high_yield"]  # not in the file: NaN


def _rows_2022() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(FD_2022.read_text())))
    return rows[0], [list(r) for r in rows[1:12]]


def test_the_error_names_the_first_bad_row_in_file_order() -> None:
    header, rows = _rows_2022()
    j = header.index("high_yield")
    rows[5][j] = "bad-a"
    rows[2][j] = rows[8][j] = "bad-b"  # the same bad text again later
    with pytest.raises(SchemaError, match=r"'high_yield' row 2: 'bad-b' is not a number"):
        auctions_frame_from_rows(header, rows, source="fiscaldata")
    header, rows = _rows_2022()
    j = header.index("issue_date")
    rows[6][j], rows[3][j] = "2022-02-30", "2022-13-01"
    with pytest.raises(SchemaError, match=r"'issue_date' row 3: '2022-13-01' is not a date"):
        auctions_frame_from_rows(header, rows, source="fiscaldata")


def test_rows_are_read_as_records_built_from_the_header() -> None:
    header, rows = _rows_2022()
    # a short row lacks the fields of its missing cells: the required check names it
    rows[4] = rows[4][:3]
    with pytest.raises(SchemaError, match=r"auction record 4 has no field 'auction_date'"):
        auctions_frame_from_rows(header, rows, source="fiscaldata")
    # without the check a short row's missing fields are missing; a name given twice takes
    # the later column; a cell beyond the header is dropped
    header, rows = _rows_2022()
    rows[4] = rows[4][: header.index("price_per100")]
    rows[1] = [*rows[1], "beyond"]
    names: list[str | None] = [*header, "security_term"]
    rows = [[*r, "late term"] if i != 4 else r for i, r in enumerate(rows)]
    frame = auctions_frame_from_rows(names, rows, source="fiscaldata", required=())
    records = [dict(zip(names, r, strict=False)) for r in rows]
    assert _same_cells(frame, records) == len(rows) * len(FIELDS)
    assert frame["security_term"].iloc[0] == "late term"
    assert frame["security_term"].iloc[4] == rows[4][header.index("security_term")]
    header, rows = _rows_2022()  # the same name twice on rows of the header's length
    rows = [[*r, f"term {i}"] for i, r in enumerate(rows)]
    frame = auctions_frame_from_rows([*header, "security_term"], rows, source="fiscaldata")
    assert frame["security_term"].tolist() == [f"term {i}" for i in range(len(rows))]


def test_records_with_values_other_than_text() -> None:
    # JSON may carry numbers and booleans: each is read as its text, so 1 and 1.0 (equal as
    # Python values) stay "1" and "1.0" in a text field
    base = {"cusip": "912797SL2", "auction_date": "2026-01-05"}
    records = [
        {**base, "series": 1, "reopening": True, "offering_amt": 1},
        {**base, "cusip": "912797SM0", "series": 1.0, "reopening": "No", "offering_amt": 2.5},
        {
            **base,
            "cusip": "912797SN8",
            "series": None,
            "reopening": " Yes ",
            "offering_amt": "3,000",
        },  # fmt: skip
    ]
    frame = auctions_frame(records, source="fiscaldata")
    assert frame["series"].tolist() == ["1", "1.0", None]
    assert frame["reopening"].tolist() == ["True", "No", "Yes"]
    assert frame["offering_amt"].tolist() == [1.0, 2.5, 3000.0]
    assert _same_cells(frame, records) == 3 * len(FIELDS)


def test_json_fixture_follows_the_field_rules() -> None:
    payload = (FIXTURES / "fiscaldata" / "auctions_query_bills_2026-01.json").read_bytes()
    frame = fiscaldata.parse_auctions_json(payload).tables["auctions"]
    assert _same_cells(frame, json.loads(payload)["data"]) == 25 * len(FIELDS)


def test_dates_in_both_layouts_and_the_first_bad_one() -> None:
    # Fiscal Data writes YYYY-MM-DD (sometimes with a time), TreasuryDirect MM/DD/YYYY with or
    # without leading zeros; 2023 is not a leap year, 2024 is (Gregorian calendar)
    base = {"cusip": "912797SL2", "auction_date": "2026-01-05"}
    records = [
        {**base, "issue_date": "1/8/2026", "maturity_date": "2026-04-09T00:00:00"},
        {**base, "cusip": "912797SM0", "issue_date": "02/29/2024", "maturity_date": "null"},
    ]
    frame = auctions_frame(records, source="treasurydirect")
    assert frame["issue_date"].tolist() == ["2026-01-08", "2024-02-29"]
    assert frame["maturity_date"].iloc[0] == "2026-04-09" and pd.isna(
        frame["maturity_date"].iloc[1]
    )
    records += [
        {**base, "cusip": "912797SN8", "issue_date": "2023-02-29"},
        {**base, "cusip": "912797SP3", "issue_date": "02/29/2023"},
    ]
    with pytest.raises(SchemaError, match=r"'issue_date' row 2: '2023-02-29' is not a date"):
        auctions_frame(records, source="treasurydirect")
    with pytest.raises(SchemaError, match=r"'issue_date' row 2: '02/29/2023' is not a date"):
        auctions_frame([records[0], records[1], records[3]], source="treasurydirect")


def test_a_repeated_auction_is_refused_by_its_key() -> None:
    header, rows = _rows_2022()
    c, d = header.index("cusip"), header.index("auction_date")
    rows.append(list(rows[4]))  # the fifth record of the 2022 file again, at the end
    with pytest.raises(SchemaError, match=rf"auction {rows[4][c]} {rows[4][d]} appears twice") as e:
        auctions_frame_from_rows(header, rows, source="fiscaldata")
    assert e.value.key == "cusip+auction_date"
