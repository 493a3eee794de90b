"""Nothing implausible gets in: a bad row rejects its whole batch, from a file or a source.

The scenario is issue 15 item 1: one row dated 9999-12-31 in a DGS10 file. On the main branch
before this test it was stored, the monitor then read "as of 9999-12-31" and every later update
asked FRED for data from 9999-12-01. Real values come from ``../shared/data/fred/DGS10.csv``
(2025-04-04 = 4.01, MANIFEST.md anchor).
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import DATA, run_tsy
from tests.fakeserver import fake_fred
from tsy.config import load_settings
from tsy.errors import InputError, SchemaError
from tsy.http import HttpClient
from tsy.pipeline.importer import import_paths
from tsy.pipeline.update import run_update
from tsy.pipeline.validate import check_parsed
from tsy.sources.base import Parsed
from tsy.sources.files import parse_two_column
from tsy.sources.fred import parse_csv
from tsy.store import open_store

RUN = pd.Timestamp("2026-01-05")


def _poisoned_dgs10() -> bytes:
    """The real DGS10 file with one extra row dated 9999-12-31."""
    return (DATA / "fred" / "DGS10.csv").read_bytes().rstrip(b"\n") + b"\n9999-12-31,4.01\n"


def test_import_rejects_a_file_with_a_row_dated_9999_whole(tmp_path, db_target):
    f = tmp_path / "DGS10.csv"
    f.write_bytes(_poisoned_dgs10())
    with open_store(db_target) as store:
        (out,) = import_paths(store, [f])
        assert out.status == "failed"
        # one line naming the file, the series and the row
        assert "DGS10.csv" in out.reason and "series DGS10" in out.reason
        assert "9999-12-31" in out.reason and "\n" not in out.reason
        # the whole batch is refused: not even the 16,000 good rows were written
        assert store.last_date("DGS10") is None


def test_cli_import_of_the_poisoned_file_exits_non_zero_with_one_line(tmp_path):
    f = tmp_path / "DGS10.csv"
    f.write_bytes(_poisoned_dgs10())
    r = run_tsy("import", str(f), db=tmp_path / "t.db")
    assert r.returncode not in (0, 70), r.stderr
    assert "Traceback" not in r.stderr
    assert "9999-12-31" in r.stdout + r.stderr


def test_update_rejects_a_source_batch_with_a_row_dated_9999(tmp_path, db_target):
    with fake_fred() as srv:
        srv.overrides["DGS10"] = _poisoned_dgs10()
        settings = load_settings(
            {
                "TSY_FRED_URL": srv.url,
                "TSY_DATA_DIR": str(tmp_path),
                "TSY_DB": db_target,
                "TSY_FRED_RPS": "1000",
            }
        )
        with open_store(settings.db) as store:
            client = HttpClient(settings, sleep=lambda s: None)
            # data/fred/DGS10.csv ends in 2026-09; the run date is after every real row
            later = pd.Timestamp("2027-01-04")
            rep = run_update(store, settings, ["DGS10"], jobs=[], client=client, as_of=later)
            (o,) = rep.outcomes
            assert o.status == "failed"
            assert "9999-12-31" in o.error and "DGS10" in o.error
            assert store.last_date("DGS10") is None
            log = store.fetch_log(limit=1)
            assert log["status"].iloc[0] == "failed"


def _one(sid: str, day: str, value: float) -> Parsed:
    return Parsed(series={sid: pd.Series([value], index=pd.DatetimeIndex([day]))}, source="fred")


@pytest.mark.parametrize(
    ("sid", "day", "value", "why"),
    [
        ("DGS10", "2026-01-09", 4.0, "after 2026-01-08"),  # 4 days past the run: beyond the lead
        ("DGS10", "1899-12-29", 4.0, "before 1900-01-01"),
        ("DGS10", "2025-04-04", 1e308, "outside [-100, 100]"),  # a yield in percent
        ("DGS10", "2025-04-04", -1e308, "outside [-100, 100]"),
        ("CPIAUCSL", "2025-04-01", -5.0, "outside [0, 100000]"),  # a price index is positive
        ("WTREGEN", "2025-04-02", 5e12, "outside [-1e+09, 1e+09]"),  # USD millions
    ],
)
def test_implausible_rows_are_refused(sid, day, value, why):
    with pytest.raises(InputError, match="batch rejected") as err:
        check_parsed(_one(sid, day, value), as_of=RUN, label="f.csv")
    assert why in str(err.value) and f"series {sid}" in str(err.value)


def test_plausible_rows_pass():
    # DGS10 on 2025-04-04 was 4.01 (data/fred/DGS10.csv); a row dated the run date is fine
    check_parsed(_one("DGS10", "2025-04-04", 4.01), as_of=RUN, label="f.csv")
    check_parsed(_one("DGS10", "2026-01-05", 4.01), as_of=RUN, label="f.csv")
    check_parsed(_one("DFII10", "2021-08-04", -1.19), as_of=RUN, label="f.csv")  # real yield < 0


def test_table_rows_dated_far_ahead_are_refused():
    frame = pd.DataFrame({"report_date": ["9999-12-31"], "contract_code": ["043602"]})
    with pytest.raises(InputError, match="table positions row 1: report_date 9999-12-31"):
        check_parsed(Parsed(tables={"positions": frame}), as_of=RUN, label="cftc")


@pytest.mark.parametrize("text", ["1_000", "\u0661\u0662", "nan", "inf", "1e999", "0x10"])
def test_fred_csv_refuses_lenient_numbers(text):
    body = f"observation_date,DGS10\n2025-04-04,{text}\n".encode()
    with pytest.raises(SchemaError) as err:
        parse_csv(body, "DGS10")
    assert "not a number" in str(err.value) and "line 2" in str(err.value)


@pytest.mark.parametrize("text", ["1_000", "\u0661\u0662", "inf", "+inf", "1e999"])
def test_two_column_file_refuses_lenient_numbers(text):
    body = f"date,value\n2025-04-04,{text}\n".encode()
    with pytest.raises(InputError, match="line 2: value .* is not a number"):
        parse_two_column(body, "DGS10")


def test_two_column_file_counts_rows_without_a_value(tmp_path):
    # data/fred/DGS10.csv: 2025-04-04 = 4.01, 2025-04-07 = 4.15
    f = tmp_path / "mine.csv"
    f.write_text("date,value\n2025-04-04,4.01\n2025-04-05,nan\n2025-04-07,4.15\n")
    with open_store(tmp_path / "t.db") as store:
        (out,) = import_paths(store, [f], series_id="DGS10")
        assert out.status == "imported" and out.new == 2
        assert out.note == "1 rows without a value skipped"


def test_bad_date_error_is_one_line_naming_the_line():
    body = b"observation_date,DGS10\n2025-04-04,4.01\n2025-13-45,4.2\n"
    with pytest.raises(SchemaError, match=r"line 3: bad date '2025-13-45'") as err:
        parse_csv(body, "DGS10")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("codec", ["utf-16", "cr-only"])
def test_utf16_and_cr_only_files_are_read(tmp_path, codec):
    text = "observation_date,DGS10\n2025-04-04,4.01\n2025-04-07,4.15\n"
    raw = text.encode("utf-16") if codec == "utf-16" else text.replace("\n", "\r").encode()
    f = tmp_path / "DGS10.csv"
    f.write_bytes(raw)
    with open_store(tmp_path / "t.db") as store:
        (out,) = import_paths(store, [f])
        assert out.status == "imported", out.reason
        s = store.read_series("DGS10")
        assert s.loc["2025-04-07"] == pytest.approx(4.15)  # data/fred/DGS10.csv


@pytest.mark.parametrize("raw", ["nan", "inf", "1e30", "-3", "abc"])
def test_revision_window_must_be_a_sane_number(tmp_path, raw):
    with pytest.raises(InputError, match="TSY_REVISION_WINDOW_DAYS"):
        load_settings({"TSY_DATA_DIR": str(tmp_path), "TSY_REVISION_WINDOW_DAYS": raw})


def test_an_unreadable_config_is_one_line_not_ignored(tmp_path):
    (tmp_path / "config.toml").mkdir()  # a folder where the file should be: cannot be read
    with pytest.raises(InputError, match="config.toml: cannot read it") as err:
        load_settings({"TSY_DATA_DIR": str(tmp_path)})
    assert "\n" not in str(err.value)
    missing = tmp_path / "nowhere.toml"  # named explicitly, so its absence is an error
    with pytest.raises(InputError, match="nowhere.toml: cannot read it"):
        load_settings({"TSY_DATA_DIR": str(tmp_path), "TSY_CONFIG": str(missing)})


def test_config_toml_is_read_and_bad_toml_is_one_line(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text('fred_api_key = "abcd1234"\ntsy_fred_rps = 5\n')
    s = load_settings({"TSY_DATA_DIR": str(tmp_path)})
    assert s.fred_api_key == "abcd1234" and s.rate_limits["fred"] == 5.0
    assert s.db_path == tmp_path / "tsy.db"
    cfg.write_text("fred_api_key = \n[[[")
    with pytest.raises(InputError, match="not valid TOML") as err:
        load_settings({"TSY_DATA_DIR": str(tmp_path)})
    assert "\n" not in str(err.value)
