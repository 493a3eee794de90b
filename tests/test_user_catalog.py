"""The user catalogue (``$TSY_DATA_DIR/catalog.toml``): any FRED series without editing tsy.

Run as a user would: ``tsy`` subprocesses against the local FRED look-alike
(:mod:`tests.fakeserver`), on a temporary data dir holding the file.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.conftest import load_shared_series, run_tsy
from tests.fakeserver import fake_fred
from tsy import catalog
from tsy.catalog.user import parse_user
from tsy.config import DEFAULT_BASE_URLS, load_settings
from tsy.errors import InputError
from tsy.store import open_store

HY = """
[series.BAMLH0A0HYM2]
source = "fred"
title_en = "ICE BofA US High Yield option-adjusted spread"
title_zh = "美银美林美国高收益债期权调整利差"
units = "percent"
frequency = "D"
group = "credit"

[series.TEN_Y]
source = "fred"
source_key = "DGS10"
title_en = "10-year yield under my own id"
units = "percent"
frequency = "D"
"""
#: What the fake FRED serves for BAMLH0A0HYM2 (not in ../shared/data): the stored values must be
#: exactly these, so they are the expected values.
HY_CSV = b"observation_date,BAMLH0A0HYM2\n2025-04-07,4.61\n2025-04-08,4.53\n2025-04-09,3.94\n"


def _env(srv) -> dict[str, str]:
    return {**{f"TSY_{n.upper()}_URL": srv.url for n in DEFAULT_BASE_URLS}, "TSY_FRED_RPS": "1000"}


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """A data dir with the user catalogue and a store updated from the fake FRED."""
    home = tmp_path_factory.mktemp("user-cat")
    (home / "catalog.toml").write_text(HY, encoding="utf-8")
    db = home / "tsy.db"
    with fake_fred() as srv:
        srv.overrides["BAMLH0A0HYM2"] = HY_CSV
        r = run_tsy("update", "BAMLH0A0HYM2", "TEN_Y", "-f", "csv", db=db, env=_env(srv))
        requests = list(srv.requests)
    assert r.returncode == 0, r.stderr
    return db, r, requests


def test_update_fetches_a_user_series_from_fred(filled):
    db, r, requests = filled
    rows = {ln.split(",")[0]: ln for ln in r.stdout.strip().splitlines()[1:]}
    assert set(rows) == {"BAMLH0A0HYM2", "TEN_Y"}
    assert all(",ok," in ln for ln in rows.values())
    # the source key, not tsy's id, is what FRED is asked for
    assert sorted(requests) == [
        "/graph/fredgraph.csv?id=BAMLH0A0HYM2",
        "/graph/fredgraph.csv?id=DGS10",
    ]
    with open_store(db, readonly=True) as store:
        hy = store.read_series("BAMLH0A0HYM2")
        ten = store.read_series("TEN_Y")
    assert hy.to_dict() == {
        pd.Timestamp("2025-04-07"): 4.61, pd.Timestamp("2025-04-08"): 4.53,
        pd.Timestamp("2025-04-09"): 3.94,
    }  # fmt: skip
    # TEN_Y is FRED's DGS10 (data/fred/DGS10.csv): 1.92 on 2022-02-11
    assert ten.loc["2022-02-11"] == pytest.approx(1.92)
    assert len(ten) == load_shared_series("DGS10").notna().sum()


def test_series_reads_a_user_series(filled):
    db, _, _ = filled
    r = run_tsy("series", "BAMLH0A0HYM2", "-f", "csv", db=db)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines() == [
        "date,BAMLH0A0HYM2", "2025-04-07,4.61", "2025-04-08,4.53", "2025-04-09,3.94",
    ]  # fmt: skip


def test_series_out_exports_a_user_series(filled, tmp_path):
    db, _, _ = filled
    out = tmp_path / "hy.json"
    r = run_tsy("series", "BAMLH0A0HYM2", "--out", str(out), db=db)
    assert r.returncode == 0, r.stderr
    got = json.loads(out.read_text())
    assert [row["BAMLH0A0HYM2"] for row in got] == [4.61, 4.53, 3.94]


@pytest.mark.parametrize("word", ["bamlh0a0hym2", "high yield", "高收益债"])
def test_catalog_search_finds_user_series(filled, word):
    db, _, _ = filled
    r = run_tsy("catalog", "--search", word, "-f", "json", db=db)
    assert r.returncode == 0, r.stderr
    (row,) = json.loads(r.stdout)
    assert (row["id"], row["source"], row["group"], row["release"]) == (
        "BAMLH0A0HYM2", "fred", "credit", "same_day",
    )  # fmt: skip


def test_the_help_documents_the_file(tmp_path):
    r = run_tsy("catalog", "--help", db=tmp_path / "t.db", columns=100)
    assert r.returncode == 0, r.stderr
    assert "catalog.toml" in r.stdout and "[series.BAMLH0A0HYM2]" in r.stdout


_BASE = 'title_en = "x"\nunits = "percent"\nfrequency = "D"\n'
BAD = {
    "unknown source": (
        f'[series.MY1]\nsource = "bloomberg"\n{_BASE}',
        ["[series.MY1]", "unknown source 'bloomberg'", "expected one of fred"],
    ),
    "built-in id, other meaning": (
        f'[series.DGS10]\nsource = "fred"\nsource_key = "DGS10X"\n{_BASE}',
        ["[series.DGS10]", "is a built-in series", "expected another id"],
    ),
    "bad TOML": ('[series.MY1\nsource = "fred"\n', ["is not valid TOML", "line 1"]),
    "missing fields": (
        '[series.MY1]\nsource = "fred"\ntitle_en = "x"\n',
        ["[series.MY1]", "missing field(s) units, frequency", "required: source, title_en"],
    ),
    "bad frequency": (
        '[series.MY1]\nsource = "fred"\ntitle_en = "x"\nunits = "percent"\nfrequency = "daily"\n',
        ["[series.MY1]", "frequency 'daily'", "expected one of D, W, M, Q"],
    ),
    "unknown field": (
        f'[series.MY1]\nsource = "fred"\ncolour = "red"\n{_BASE}',
        ["[series.MY1]", "unknown field(s) colour", "expected some of"],
    ),
    "bad release rule": (
        f'[series.MY1]\nsource = "fred"\nrelease = "weekly"\n{_BASE}',
        ["[series.MY1]", "release 'weekly'", "tsy.catalog.release"],
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_entry_is_one_line_naming_file_and_entry(tmp_path, case):
    text, says = BAD[case]
    (tmp_path / "catalog.toml").write_text(text, encoding="utf-8")
    db = tmp_path / "t.db"
    r = run_tsy("update", "DGS10", db=db)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr
    assert str(tmp_path / "catalog.toml") in lines[0]
    for part in says:
        assert part in lines[0]
    assert not db.exists()  # refused before the store is touched


def test_an_identical_built_in_row_is_accepted(tmp_path):
    (tmp_path / "catalog.toml").write_text(f'[series.DGS10]\nsource = "fred"\n{_BASE}')
    r = run_tsy("catalog", "--search", "DGS10", "-f", "json", db=tmp_path / "t.db")
    assert r.returncode == 0, r.stderr
    (row,) = [x for x in json.loads(r.stdout) if x["id"] == "DGS10"]
    assert row["title_en"] == "10-Year Treasury constant-maturity yield"  # the built-in row


@pytest.fixture
def clean_catalog():
    yield
    catalog.load_user("/nonexistent/catalog.toml", ["fred"])  # no user rows for the next test
    assert set(catalog.CATALOG) == catalog.BUILTIN


def test_python_api_loads_the_user_catalogue(filled, clean_catalog):
    db, _, _ = filled
    s = load_settings({"TSY_DATA_DIR": str(db.parent), "TSY_DB": str(db)})
    import tsy

    hy = tsy.series("BAMLH0A0HYM2", settings=s)
    assert hy.tolist() == [4.61, 4.53, 3.94]
    assert "BAMLH0A0HYM2" in set(tsy.catalog_frame(settings=s)["id"])


def test_load_user_replaces_the_previous_rows_and_keeps_a_bad_file_out(tmp_path, clean_catalog):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(f'[series.MY_A]\nsource = "fred"\n{_BASE}')
    b.write_text(f'[series.MY_B]\nsource = "fred"\n{_BASE}')
    assert [r.id for r in catalog.load_user(a, ["fred"])] == ["MY_A"]
    assert [r.id for r in catalog.load_user(b, ["fred"])] == ["MY_B"]
    assert "MY_A" not in catalog.CATALOG and catalog.get("my_b").group == "user"
    a.write_text("[series.MY_A\n")
    with pytest.raises(InputError, match="not valid TOML"):
        catalog.load_user(a, ["fred"])
    assert "MY_B" in catalog.CATALOG  # a bad file leaves the catalogue as it was


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('title = "x"\n', "unknown top-level key(s) ['title']; expected [series.ID] tables"),
        ('series = "x"\n', "'series' must be tables [series.ID]"),
        (f'[series."MY ONE"]\nsource = "fred"\n{_BASE}', "[series.MY ONE]: bad id"),
        (
            f'[series.my1]\nsource = "fred"\n{_BASE}[series.MY1]\nsource = "fred"\n{_BASE}',
            "[series.MY1]: id MY1 is declared twice (ids ignore case)",
        ),
        ("[series]\nMY1 = 3\n", "[series.MY1]: expected a table of fields, got 3"),
        (f'[series.MY1]\nsource = "fred"\ntenor = "10y"\n{_BASE}', "tenor '10y'; expected"),
        (f'[series.MY1]\nsource = "fred"\ntenor = 0\n{_BASE}', "tenor 0; expected a number"),
        (
            '[series.MY1]\nsource = "fred"\ntitle_en = ""\nunits = "percent"\nfrequency = "D"\n',
            "title_en must be a non-empty string, got ''",
        ),
        ('[series.MY1]\nsource = 7\ntitle_en = "x"\nunits = "%"\nfrequency = "D"\n', "got 7"),
    ],
)
def test_parse_user_names_the_entry_and_what_was_expected(tmp_path, text, says):
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        parse_user(path, ["fred"])
    assert str(path) in str(err.value) and says in str(err.value)
    assert "\n" not in str(err.value)


def test_parse_user_fills_the_defaults(tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text(
        '[series.hy_oas]\nsource = "fred"\nsource_key = "BAMLH0A0HYM2"\ntitle_en = "HY OAS"\n'
        'units = "percent"\nfrequency = "w"\ntenor = 5\nrelease = "next:thu"\n',
        encoding="utf-8",
    )
    assert parse_user(path, ["fred"]) == [
        {
            "id": "HY_OAS", "source": "fred", "source_key": "BAMLH0A0HYM2", "title_en": "HY OAS",
            "title_zh": "HY OAS", "units": "percent", "frequency": "W", "group": "user",
            "tenor": 5.0, "release": "next:thu",
        }
    ]  # fmt: skip


def test_an_unreadable_file_is_one_line(tmp_path):
    (tmp_path / "catalog.toml").mkdir()
    with pytest.raises(InputError, match="cannot read it"):
        parse_user(tmp_path / "catalog.toml", ["fred"])


def test_the_per_series_providers_are_the_modules_that_declare_it():
    # SERIES_PROVIDERS names the sources a user entry may have without importing the providers;
    # it must be exactly the provider modules that declare SERIES_SOURCE and fetch_series
    import importlib

    from tsy.sources import PROVIDERS, SERIES_PROVIDERS

    declared = {}
    for name in PROVIDERS:
        mod = importlib.import_module(name)
        if getattr(mod, "SERIES_SOURCE", None):
            assert callable(mod.fetch_series), name
            declared[mod.SERIES_SOURCE] = name
    assert declared == SERIES_PROVIDERS
