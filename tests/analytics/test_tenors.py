"""Tenor claims on the real FRED curves in ../shared/data/fred: numbers recomputed from the files
here, verdicts re-derived from the returned numbers with the documented rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tsy.analytics import tenors
from tsy.indicators.studies_defs import TENOR_TABLE

#: Role -> FRED id (DGS*, DFII*) as the registry declares them; the analytics take the roles.
IDS = dict(TENOR_TABLE.series)


@pytest.fixture(scope="module")
def data(series):
    """The files by FRED id (data/fred/DGS*.csv, DFII*.csv), for the recomputations here."""
    return {i: series(i) for i in IDS.values()}


def by_role(data):
    return {role: data[i] for role, i in IDS.items()}


@pytest.fixture(scope="module")
def result(data):
    return tenors.tenor_table(by_role(data), names=IDS)


def test_four_claims_in_order(result):
    assert list(result.claims) == list(tenors.CLAIMS)
    assert list(result.table["verdict"].unique()) <= ["holds", "does not hold"]
    assert "(4)" in result.summary()


def test_claim1_numbers_and_verdict(result, data):
    c = result.claims["decline_rebound"]
    n = c.numbers.set_index("measure")["value"]
    dgs10, be10 = data["DGS10"], (data["DGS10"] - data["DFII10"]).dropna()
    # data/fred/DGS10.csv: all-time high 15.84 on 1981-09-30 (read from the file here).
    assert n["10y nominal all-time peak"] == pytest.approx(dgs10.max(), abs=1e-12)
    covid = be10.loc["2020-02-15":"2020-06-30"]
    assert n["10y BE COVID low"] == pytest.approx(covid.min(), abs=1e-12)
    assert n["10y BE 2015-19 mean"] == pytest.approx(be10.loc["2015":"2019"].mean(), abs=1e-12)
    annual = dgs10.loc["1981":"2020"].groupby(dgs10.loc["1981":"2020"].index.year).mean()
    slope = np.polyfit(annual.index.to_numpy(float), annual.to_numpy(), 1)[0]
    assert n["10y nominal trend, pp/decade"] == pytest.approx(slope * 10, abs=1e-9)
    expected = n["10y nominal trend, pp/decade"] < 0 and (
        n["10y BE post-COVID high"] > n["10y BE 2015-19 mean"]
    )
    assert c.holds is bool(expected)


def test_claim2_vols_from_data_and_verdict(result, data):
    c = result.claims["short_more_volatile"]
    full = c.numbers[c.numbers["period"] == "full"].set_index("kind")
    # Independent recomputation: common dates of DGS5..DGS30, sd of daily changes x sqrt(252).
    nom = pd.concat([data[f"DGS{t}"] for t in (5, 7, 10, 20, 30)], axis=1).dropna()
    vol5 = nom.iloc[:, 0].diff().std() * np.sqrt(252) * 100
    assert full.loc["nominal", "vol_5y_bp"] == pytest.approx(vol5, rel=1e-12)
    real = pd.concat([data[f"DFII{t}"] for t in (5, 7, 10, 20, 30)], axis=1).dropna()
    # The real common sample is bounded by DFII30 (starts 2010-02-22) and DFII7 (ends 2022-11-25).
    assert full.loc["real", "start"] == real.index[0] == pd.Timestamp("2010-02-22")
    assert full.loc["real", "end"] == pd.Timestamp("2022-11-25")
    for kind, row in full.iterrows():
        short = min(row["vol_5y_bp"], row["vol_7y_bp"])
        long_ = max(row["vol_20y_bp"], row["vol_30y_bp"])
        assert row["short_more_volatile"] is bool(short > long_), kind
    assert c.holds is bool(full["short_more_volatile"].all())


def test_claim3_ranges_from_data_and_verdict(result, data):
    c = result.claims["gfc_vs_covid"]
    num = c.numbers.set_index(["kind", "tenor"])
    dfii5 = data["DFII5"]
    gfc = dfii5.loc["2008-07-01":"2009-06-30"]
    cov = dfii5.loc["2020-02-15":"2020-06-30"]
    assert num.loc[("real", 5), "GFC 2008_range_bp"] == pytest.approx(
        (gfc.max() - gfc.min()) * 100, abs=1e-9
    )
    assert num.loc[("real", 5), "COVID 2020_range_bp"] == pytest.approx(
        (cov.max() - cov.min()) * 100, abs=1e-9
    )
    assert len(num) == 4
    assert c.holds is bool((num["GFC 2008_range_bp"] > num["COVID 2020_range_bp"]).all())


def test_claim4_changes_from_data_and_verdict(result, data):
    c = result.claims["post_covid"]
    ten = c.numbers[c.numbers["tenor"] == 10].set_index("kind")
    a, b = tenors.POST_COVID
    d10 = data["DGS10"].loc[a:b]
    assert ten.loc["nominal", "change_bp"] == pytest.approx(
        (d10.iloc[-1] - d10.iloc[0]) * 100, abs=1e-9
    )
    assert ten.loc["real", "max_pct"] == pytest.approx(data["DFII10"].loc[a:b].max(), abs=1e-12)
    expected = (
        ten.loc["nominal", "change_bp"] > 0
        and ten.loc["breakeven", "change_bp"] > 0
        and ten.loc["real", "max_pct"] < 0
    )
    assert c.holds is bool(expected)


def test_dfii7_end_is_noted(result):
    assert any("DFII7 ends 2022-11-25" in n for n in result.notes)


def test_window_restriction_changes_numbers(data):
    short = tenors.tenor_table(by_role(data), start="2005-01-01", names=IDS)
    full = short.claims["short_more_volatile"].numbers
    assert full[full["period"] == "full"]["start"].min() >= pd.Timestamp("2005-01-01")


def test_verdicts_are_pinned_to_what_the_files_show(result, data):
    """The four verdicts as the shared files settle them (so a wrong rule cannot pass).

    Rows read straight from data/fred: DGS10 peaked at 15.84 on 1981-09-30; the 10y breakeven
    (DGS10 - DFII10) was 0.50 on 2020-03-19 (1.12 - 0.62) and 3.02 on 2022-04-21;
    DFII5 ranged 371 bp over 2008-07..2009-06 against 150 bp over 2020-02-15..2020-06-30.
    """
    assert result.table.set_index("claim")["verdict"].to_dict() == {
        "decline_rebound": "holds",
        "short_more_volatile": "holds",
        "gfc_vs_covid": "holds",
        "post_covid": "holds",
    }
    dgs10, dfii10, dfii5 = data["DGS10"], data["DFII10"], data["DFII5"]
    assert dgs10.loc["1981-09-30"] == pytest.approx(15.84)
    assert dgs10.loc["2020-03-19"] - dfii10.loc["2020-03-19"] == pytest.approx(0.50, abs=1e-9)
    assert dgs10.loc["2022-04-21"] - dfii10.loc["2022-04-21"] == pytest.approx(3.02, abs=1e-9)
    gfc, cov = dfii5.loc["2008-07-01":"2009-06-30"], dfii5.loc["2020-02-15":"2020-06-30"]
    assert (
        round((gfc.max() - gfc.min()) * 100) == 371 and round((cov.max() - cov.min()) * 100) == 150
    )
    # The one decade where the claim fails: 2010s nominal, 5y 73.1 bp/yr < 20y 78.8 bp/yr.
    vols = result.claims["short_more_volatile"].numbers.set_index(["kind", "period"])
    assert not vols.loc[("nominal", "2010s"), "short_more_volatile"]
