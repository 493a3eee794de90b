"""TIC Major Foreign Holders: the real history file and the current fixed-width layout."""

from __future__ import annotations

import httpx
import numpy as np
import pandas as pd
import pytest

from tests.conftest import DATA
from tests.sources._mock import run_fetch
from tsy.errors import SchemaError
from tsy.sources import tic

HIS = DATA / "treasury" / "tic_mfhhis01.txt"
OFFICIAL = [
    "Foreign Official",
    "Foreign Official: Treasury Bills",
    "Foreign Official: T-Bonds & Notes",
]


@pytest.fixture(scope="module")
def holders() -> pd.DataFrame:
    return tic.parse_mfh(HIS.read_bytes()).tables["foreign_holders"]


def test_shape_and_values(holders):
    assert list(holders.columns) == ["country", "date", "holdings_usd_bn"]
    assert not holders.duplicated(["country", "date"]).any()
    h = holders.set_index(["country", "date"])["holdings_usd_bn"]
    # mfhhis01.txt lines 10 and 47: Japan 1185.5, Grand Total 9271 (Dec 2025); line 12 China
    assert h[("Japan", "2025-12-31")] == pytest.approx(1185.5, abs=1e-9)
    assert h[("Grand Total", "2025-12-31")] == pytest.approx(9271.0, abs=1e-9)
    assert h[("China, Mainland", "2025-01-31")] == pytest.approx(760.8, abs=1e-9)
    # series break June 2011: the first (new-series) column is kept: Grand Total 4690.6, not 4533.6
    assert h[("Grand Total", "2011-06-30")] == pytest.approx(4690.6, abs=1e-9)
    # March 2000 (two columns): 1085 (Series II) kept, 1252.1 (Series I, comparison) dropped
    assert h[("Grand Total", "2000-03-31")] == pytest.approx(1085.0, abs=1e-9)
    assert h[("United Kingdom", "2000-12-31")] == pytest.approx(50.2, abs=1e-9)  # "2/" stripped
    months = holders[holders.country == "Grand Total"]["date"]
    assert len(months) == 310 and months.min() == "2000-03-31"  # 2000-03..2025-12 (MANIFEST.md)


def test_rows_add_up(holders):
    # table identities, within the 0.1 bn rounding of each printed cell:
    # countries + All Other = Grand Total; official = bills + bonds & notes
    wide = holders.pivot(index="date", columns="country", values="holdings_usd_bn")
    countries = wide.drop(columns=["Grand Total", *OFFICIAL]).sum(axis=1)
    np.testing.assert_allclose(countries, wide["Grand Total"], atol=0.51)
    np.testing.assert_allclose(wide[OFFICIAL[1]] + wide[OFFICIAL[2]], wide[OFFICIAL[0]], atol=0.11)


# CONSTRUCTED excerpt in the space-aligned layout of the current mfh.txt (values are the
# Dec/Nov 2025 figures of mfhhis01.txt, lines 10, 12 and 47-52).
MFH_TXT = b"""                 MAJOR FOREIGN HOLDERS OF TREASURY SECURITIES
                         (in billions of dollars)
                       HOLDINGS 1/ AT END OF PERIOD

                            Dec      Nov
Country                    2025     2025
                         ------   ------
Japan                    1185.5   1202.7
China, Mainland           683.5    683.9
Grand Total              9271     9359.3

Of which:
  For. Official          3887     3921.6
    Treasury Bills        388.5    385.6
    T-Bonds & Notes      3498.5   3536.1

1/ Estimated foreign holdings of U.S. Treasury marketable and non-marketable bills, bonds 2025
"""


def test_fixed_width_layout(holders):
    t = tic.parse_mfh(MFH_TXT).tables["foreign_holders"]
    assert len(t) == 12
    merged = t.merge(holders, on=["country", "date"], suffixes=("", "_his"))
    assert len(merged) == 12
    np.testing.assert_allclose(merged["holdings_usd_bn"], merged["holdings_usd_bn_his"], atol=1e-9)


def test_schema_errors():
    with pytest.raises(SchemaError):
        tic.parse_mfh(b"<html><body>Not found</body></html>")
    with pytest.raises(SchemaError) as err:
        tic.parse_mfh(MFH_TXT.replace(b"Grand Total", b"Total"))
    assert err.value.key == "Grand Total"


def test_fetch_with_mock_transport():
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/Publish/mfh.txt"
        return httpx.Response(200, content=MFH_TXT)

    parsed = run_fetch(tic.fetch, handler, "2025-12-01", "2026-02-01")
    t = parsed.tables["foreign_holders"]
    assert set(t["date"]) == {"2025-12-31"} and len(t) == 6
