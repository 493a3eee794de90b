"""The Python API on a store filled by the real importer from ../shared/data/fred.

Values: DGS10 2022-02-11 = 1.92, DFII10 = -0.51 (data/fred, MANIFEST.md anchors).
"""

from __future__ import annotations

import pandas as pd
import pytest

import tsy
from tests.conftest import DATA
from tsy.config import load_settings
from tsy.errors import InputError
from tsy.pipeline.importer import import_paths
from tsy.store import open_store


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "tsy.db"
    s = load_settings({"TSY_DB": str(db), "TSY_DATA_DIR": str(db.parent)})
    with open_store(s.db_path) as store:
        out = import_paths(store, [DATA / "fred" / "DGS10.csv", DATA / "fred" / "DFII10.csv"])
    assert [o.status for o in out] == ["imported", "imported"]
    return s


def test_series_returns_named_float_series(settings):
    s = tsy.series("DGS10", start="2020-01-01", settings=settings)
    assert s.name == "DGS10" and s.index.name == "date" and s.dtype == float
    assert s.index.min() >= pd.Timestamp("2020-01-01")
    assert s.loc["2022-02-11"] == pytest.approx(1.92)


def test_frame_aligns_on_dates(settings):
    f = tsy.frame(["DGS10", "DFII10"], start="2022-02-11", end="2022-02-11", settings=settings)
    assert list(f.columns) == ["DGS10", "DFII10"]
    assert f.loc["2022-02-11", "DFII10"] == pytest.approx(-0.51)
    full = tsy.frame(["DGS10", "DFII10"], settings=settings)
    # DGS10 starts 1962, DFII10 2003 (data/fred): early rows are NaN for DFII10, not dropped
    assert full["DFII10"].isna().sum() > 0 and full.index.min().year == 1962


def test_errors_are_input_errors(settings):
    with pytest.raises(InputError, match="unknown series id"):
        tsy.series("NOPE", settings=settings)
    with pytest.raises(InputError, match="before start"):
        tsy.series("DGS10", start="2022-02-11", end="2021-01-01", settings=settings)
    with pytest.raises(InputError, match="not in the store: DGS2"):
        tsy.series("DGS2", settings=settings)


def test_catalog_frame_has_both_languages():
    cat = tsy.catalog_frame("nominal")
    assert len(cat) == 11  # DGS1MO..DGS30, the 11 CMT tenors
    assert cat["title_zh"].str.contains("国债").all()


def test_vintages_through_the_api():
    # CONSTRUCTED payloads in FRED's documented layouts (no recorded FRED JSON exists).
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/vintagedates"):
            return httpx.Response(200, json={"vintage_dates": ["2025-01-15", "2025-02-12"]})
        obs = [
            {"date": "2024-12-01", "realtime_start": "2025-01-15", "realtime_end": "2025-02-11",
             "value": "315.605"},
            {"date": "2024-12-01", "realtime_start": "2025-02-12", "realtime_end": "9999-12-31",
             "value": "315.620"},
        ]  # fmt: skip
        return httpx.Response(200, json={"observations": obs})

    s = load_settings({"FRED_API_KEY": "a" * 32, "TSY_DATA_DIR": "/nonexistent-tsy"})
    frame = tsy.vintages("CPIAUCNS", settings=s, transport=httpx.MockTransport(handler))
    assert len(frame) == 2 and frame["realtime_end"].isna().sum() == 1
    with pytest.raises(InputError):
        tsy.vintages("NOPE", settings=s)
