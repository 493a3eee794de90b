"""Basis-trade proxies (CFTC TFF files in data/cftc) and foreign holders (TIC mfhhis01.txt)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from tsy.analytics.holders import foreign_holders
from tsy.analytics.positioning import CONTRACTS, leveraged_shorts, positioning
from tsy.errors import InputError
from tsy.sources.cftc import parse_txt
from tsy.sources.tic import parse_mfh

#: ../shared/data beside the repository (as tests/conftest.py's DATA)
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@cache
def positions() -> pd.DataFrame:
    files = sorted((DATA / "cftc").glob("tff_futures_only_*.txt"))
    return pd.concat([parse_txt(p.read_bytes()).tables["positions"] for p in files])


@cache
def holders() -> pd.DataFrame:
    return parse_mfh((DATA / "treasury" / "tic_mfhhis01.txt").read_bytes()).tables[
        "foreign_holders"
    ]


def test_10y_leveraged_short_published_figure():
    # MANIFEST: CFTC 10-year note leveraged-funds short 2,070,536 contracts on 2025-04-29
    # (tff_futures_only_2025_to0429.txt); lev long 237,175 on the same row.
    r = positioning(positions()[positions()["report_date"] <= "2025-04-29"])
    row = r.latest.set_index("contract").loc["10y"]
    assert row["report_date"] == pd.Timestamp("2025-04-29")
    assert row["lev_short"] == pytest.approx(2_070_536, abs=0.5)
    assert row["net_short"] == pytest.approx(2_070_536 - 237_175, abs=0.5)
    assert row["net_short_10y_eq"] == pytest.approx(row["net_short"], abs=1e-6)


def test_ten_year_equivalents_by_dv01():
    # eq10 = contracts * face * D / (100,000 * 6.3); 2-year: 200,000 * 1.9 / 630,000 = 0.6032
    h = leveraged_shorts(positions())
    two = h[h["contract"] == "2y"].iloc[-1]
    factor = CONTRACTS["2y"].face_usd * CONTRACTS["2y"].duration / (100_000 * 6.3)
    assert factor == pytest.approx(0.6032, abs=1e-4)
    assert two["net_short_10y_eq"] == pytest.approx(two["net_short"] * factor, rel=1e-12)
    tot = h[(h["contract"] == "total") & (h["report_date"] == two["report_date"])].iloc[0]
    parts = h[(h["contract"] != "total") & (h["report_date"] == two["report_date"])]
    assert tot["net_short_10y_eq"] == pytest.approx(parts["net_short_10y_eq"].sum(), rel=1e-12)


def test_weekly_change_skips_gaps():
    # data/cftc has no file for 2016 and the 2020 file ends 2020-11-24: the first report after
    # a gap has no weekly change (NaN, not a change over a year).
    h = leveraged_shorts(positions())
    ten = h[h["contract"] == "10y"].set_index("report_date")
    first_2017 = ten[ten.index.year == 2017].iloc[0]
    assert pd.isna(first_2017["wk_chg_net_short"])
    assert ten["wk_chg_net_short"].notna().sum() > 400
    assert ten["pct_net_short"].between(0, 100).all()


def test_missing_parts_reported():
    r = positioning(None, {}, ids={"household": "BOGZ1FL153061105Q"})
    assert r.latest.empty
    assert r.household == {"series_id": "BOGZ1FL153061105Q", "status": "missing"}
    assert r.sofr_volume["series_id"] == "sofr_volume"  # no id given: the role
    assert r.sofr_volume["status"] == "missing"
    with pytest.raises(InputError, match="lacks columns"):
        leveraged_shorts(pd.DataFrame({"contract": ["10y"]}))


def test_household_and_sofr_volume_when_present():
    # constructed quarterly values (no Z.1 copy in the shared data): 4,000,000 -> 4,250,000 USD
    # mn is +250bn quarter on quarter
    q = pd.Series(
        [4_000_000.0, 4_250_000.0],
        index=pd.DatetimeIndex(["2024-10-01", "2025-01-01"], name="date"),
    )
    r = positioning(None, {"household": q})
    assert r.household["qoq_chg_usd_bn"] == pytest.approx(250.0)


def test_foreign_holders_top_and_changes():
    # tic_mfhhis01.txt, December 2025: Japan 1,185.5, United Kingdom 866.0; Grand Total
    # 9,271.0 (file rows); Japan November 2025 1,202.7 -> 1m change -17.2.
    f = foreign_holders(holders())
    assert f.date == pd.Timestamp("2025-12-31")
    top = f.top.set_index("country")
    assert top.loc["Japan", "rank"] == 1
    assert top.loc["Japan", "holdings_usd_bn"] == pytest.approx(1185.5, abs=1e-9)
    assert top.loc["Japan", "chg_1m_usd_bn"] == pytest.approx(-17.2, abs=1e-9)
    assert top.loc["United Kingdom", "holdings_usd_bn"] == pytest.approx(866.0, abs=1e-9)
    assert "Grand Total" not in top.index
    tot = f.totals.set_index("country")
    assert tot.loc["Grand Total", "holdings_usd_bn"] == pytest.approx(9271.0, abs=1e-9)


def test_foreign_holders_as_of():
    h = holders()
    f = foreign_holders(h[pd.to_datetime(h["date"]) <= "2025-04-11"])
    assert f.date == pd.Timestamp("2025-03-31")
    with pytest.raises(InputError, match="no rows"):
        foreign_holders(h.iloc[:0])
