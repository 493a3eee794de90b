"""FRED parsing: both CSV layouts (real files) and the API JSON (constructed payloads).

No recorded FRED API JSON exists in ../shared (data/README.md, "Known gaps"); the JSON payloads
below are CONSTRUCTED from the documented format of fred/series/observations and
fred/series/vintagedates (https://fred.stlouisfed.org/docs/api/fred/).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import DATA, FIXTURES
from tsy.errors import EmptyError, SchemaError
from tsy.sources import fred


def test_current_layout_with_blanks():
    s = fred.parse_csv((DATA / "fred" / "DGS10.csv").read_bytes(), "DGS10")
    # data/fred/DGS10.csv: 2022-02-11 = 1.92; holidays are blank rows and are dropped
    assert s.loc["2022-02-11"] == pytest.approx(1.92)
    assert s.notna().all() and s.index.is_monotonic_increasing


def test_legacy_layout_with_dots():
    raw = (FIXTURES / "fred" / "fredgraph_legacy_DATE_dot_DFII30.csv").read_bytes()
    s = fred.parse_csv(raw, "DFII30")
    assert raw.startswith(b"DATE,DFII30")
    assert s.iloc[0] == pytest.approx(2.22)  # first row of the fixture: 2010-02-22,2.22
    dots = sum(1 for ln in raw.decode().splitlines()[1:] if ln.endswith(",."))
    rows = len(raw.decode().splitlines()) - 1
    assert len(s) == rows - dots


def test_wrong_series_in_header_is_schema_error():
    raw = (DATA / "fred" / "DGS10.csv").read_bytes()
    with pytest.raises(SchemaError, match="DGS10.*not 'DGS2'"):
        fred.parse_csv(raw, "DGS2")


def test_empty_and_bad_values():
    with pytest.raises(EmptyError):
        fred.parse_csv(b"observation_date,DGS10\n2020-01-01,\n", "DGS10")
    with pytest.raises(SchemaError, match="line 2"):
        fred.parse_csv(b"observation_date,DGS10\n2020-01-01,abc\n", "DGS10")
    with pytest.raises(SchemaError, match="date"):
        fred.parse_csv(b"observation_date,DGS10\n01/02/2020,1\n", "DGS10")


def test_build_request_incremental_and_api():
    r = fred.build_request("DGS10", since="2025-03-01")
    assert r.path == "/graph/fredgraph.csv" and r.params == {"id": "DGS10", "cosd": "2025-03-01"}
    a = fred.build_request("DGS10", api=True, realtime=("2020-01-01", "9999-12-31"))
    assert a.base == "fred_api" and "api_key" not in a.params
    assert a.params["realtime_start"] == "2020-01-01"


def _obs_payload(rows):  # CONSTRUCTED, documented layout of fred/series/observations
    return json.dumps(
        {
            "realtime_start": "2000-01-01",
            "realtime_end": "9999-12-31",
            "observations": [
                {"realtime_start": rs, "realtime_end": re, "date": d, "value": v}
                for d, rs, re, v in rows
            ],
        }
    ).encode()


def test_api_observations_latest_vintage_wins():
    payload = _obs_payload(
        [
            ("2025-01-01", "2025-02-12", "2025-03-11", "317.671"),
            ("2025-01-01", "2025-03-12", "9999-12-31", "317.700"),
            ("2025-02-01", "2025-03-12", "9999-12-31", "."),
        ]
    )
    frame = fred.parse_api_observations(payload, "CPIAUCNS")
    assert len(frame) == 3 and frame["realtime_end"].isna().sum() == 2
    cur = fred.latest_from_api(frame, "CPIAUCNS")
    assert len(cur) == 1 and cur.iloc[0] == pytest.approx(317.700)


def test_api_error_message_and_missing_list():
    with pytest.raises(SchemaError, match="Bad Request"):
        fred.parse_api_observations(b'{"error_code":400,"error_message":"Bad Request"}', "X")
    with pytest.raises(SchemaError, match="observations"):
        fred.parse_api_observations(b'{"count":0}', "X")


def test_vintage_windows_respect_cap():
    dates = [f"2000-01-{d:02d}" for d in range(1, 29)] * 150  # 4,200 vintage dates
    windows = fred.vintage_windows(dates)
    assert len(windows) == 3  # ceil(4200 / 2000), FRED's documented cap per request
    assert windows[-1][1] == "9999-12-31"
    assert fred.VINTAGE_CAP == 2000


def test_fetch_vintages_in_windows_through_the_client():
    # CONSTRUCTED payloads in the documented layouts of fred/series/vintagedates and
    # fred/series/observations; 4,200 vintages -> 3 observation requests (2,000-vintage cap).
    import httpx

    from tsy.config import load_settings
    from tsy.http import HttpClient

    vintages = [f"{2000 + i // 365}-{1 + (i // 28) % 12:02d}-{1 + i % 28:02d}" for i in range(4200)]
    seen: list[dict[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        assert params["api_key"] == "k" * 32 and params["file_type"] == "json"
        if request.url.path.endswith("/vintagedates"):
            return httpx.Response(200, json={"vintage_dates": vintages})
        seen.append(params)
        start = params["realtime_start"]
        obs = [{"realtime_start": start, "realtime_end": params["realtime_end"],
                "date": "2020-01-01", "value": str(len(seen))}]  # fmt: skip
        return httpx.Response(200, json={"observations": obs})

    settings = load_settings({"FRED_API_KEY": "k" * 32, "TSY_DATA_DIR": "/nonexistent-tsy"})
    client = HttpClient(settings, transport=httpx.MockTransport(handler), sleep=lambda s: None)
    frame = fred.fetch_vintages(client, settings, "GDP")
    assert len(seen) == 3
    assert [p["realtime_start"] for p in seen] == [vintages[0], vintages[2000], vintages[4000]]
    assert seen[-1]["realtime_end"] == "9999-12-31"
    assert len(frame) == 3 and list(frame.columns) == [
        "date",
        "realtime_start",
        "realtime_end",
        "value",
    ]


def test_vintages_need_a_key():
    from tsy.config import load_settings
    from tsy.errors import MissingCredentialError
    from tsy.http import HttpClient

    settings = load_settings({"TSY_DATA_DIR": "/nonexistent-tsy"})
    with pytest.raises(MissingCredentialError, match="FRED_API_KEY"):
        fred.fetch_vintages(HttpClient(settings), settings, "GDP")


def _row_by_row(raw: bytes) -> bytes:
    """The same CSV with its header quoted: csv reads it the same, but the plain reading
    (tsy.sources._payload.plain_date_values) declines a text with quotes."""
    head, _, rest = raw.partition(b"\n")
    return b",".join(b'"' + h.strip() + b'"' for h in head.split(b",")) + b"\n" + rest


FRED_LAYOUT = sorted(
    p
    for folder in ("fred", "market")
    for p in (DATA / folder).glob("*.csv")
    if p.read_bytes().split(b",", 1)[0].lstrip(b"\xef\xbb\xbf") in (b"observation_date", b"DATE")
)


def test_plain_reading_equals_row_by_row_on_every_shared_file():
    assert len(FRED_LAYOUT) >= 50  # data/fred and data/market (MANIFEST.md)
    for path in FRED_LAYOUT:
        raw = path.read_bytes()
        fast, slow = fred.parse_csv(raw), fred.parse_csv(_row_by_row(raw))
        assert fast.name == slow.name and fast.index.dtype == slow.index.dtype, path.name
        assert fast.index.equals(slow.index), path.name
        assert fast.to_numpy().tobytes() == slow.to_numpy().tobytes(), path.name


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2022-02-14,1.9.2", "line 4: value '1.9.2' is not a number"),
        ("2022-02-14,inf", "line 4: value 'inf' is not a number"),
        ("2022-02-14,1e0005", "line 4: value '1e0005' is not a number"),
        ("2022-02-14,1,2", "line 4 has 3 fields"),
        ("2022-02-30,1.92", "line 4: bad date '2022-02-30'"),
    ],
)
def test_a_bad_line_of_a_plain_file_is_named(line: str, message: str):
    # data/fred/DGS10.csv lines 15015-15018 (2022-02-10 2.03, 02-11 1.92, 02-14 1.98,
    # 02-15 2.05), the 2022-02-14 line made bad
    body = f"observation_date,DGS10\n2022-02-10,2.03\n2022-02-11,1.92\n{line}\n2022-02-15,2.05\n"
    with pytest.raises(SchemaError, match=message):
        fred.parse_csv(body.encode(), "DGS10")
    s = fred.parse_csv(body.replace(line, "2022-02-14,").encode(), "DGS10")  # blank: missing
    assert s.index.strftime("%Y-%m-%d").tolist() == ["2022-02-10", "2022-02-11", "2022-02-15"]
    assert s.tolist() == pytest.approx([2.03, 1.92, 2.05], abs=1e-12)
