"""Seed 004's hiking-cycle claims as verdicts, cycles from FOMC statement dates (issue 16, 5).

The claims (../shared/seeds/004, gold section): in the 2004-06 and 2015-18 hiking cycles the 10y
breakeven stayed basically stable, the 10y nominal and TIPS yields edged up, gold fell under
pressure. Data: ../shared/data/fred DFEDTAR, DFEDTARU, DFEDTARL, DGS10, DFII10, PCOPPUSDM and
../shared/data/market GOLDPMUSD through tsy's FRED parser; every level below is a file row.
Tolerance: 1e-9 on levels, changes recomputed from those rows.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tsy.analytics import cycles, metals
from tsy.analytics.fomc import FOMC_HIKES, statement_date
from tsy.analytics.hiking_claims import CLAIMS, hiking_claims


@pytest.fixture(scope="module")
def target(series):
    return cycles.policy_target(series("DFEDTAR"), series("DFEDTARU"), series("DFEDTARL"))


@pytest.fixture(scope="module")
def table(target):
    return cycles.hiking_cycles(target, statements=FOMC_HIKES).table


@pytest.fixture(scope="module")
def study(series, table):
    prices = {"gold": series("GOLDPMUSD"), "copper": series("PCOPPUSDM")}
    return metals.metals_study(prices, metals.rates_10y(series("DGS10"), series("DFII10")), table)


def test_every_fred_hike_since_2004_is_on_a_statement_date_or_the_day_after(target):
    hikes = cycles.hiking_cycles(target).moves
    hikes = hikes[(hikes["change_bp"] > 0) & (hikes["date"] >= "2004-01-01")]
    found = [statement_date(d) for d in hikes["date"]]
    assert len(hikes) == len(FOMC_HIKES) == 37
    assert all(ok for _, ok in found)
    assert sorted(d.strftime("%Y-%m-%d") for d, _ in found) == sorted(FOMC_HIKES)
    late = [d for d, (s, _) in zip(hikes["date"], found, strict=True) if d != s]
    # FRED dates every move from 2017-03 on by its effective day, the day after the statement
    assert pd.Timestamp("2018-12-20") in late and pd.Timestamp("2022-03-17") in late
    assert pd.Timestamp("2023-07-27") in late and pd.Timestamp("2015-12-16") not in late


def test_cycles_run_from_statement_dates(table):
    # FOMC statements: first/last hikes 2004-06-30/2006-06-29, 2015-12-16/2018-12-19,
    # 2022-03-16/2023-07-26; FRED's DFEDTARU has the last three on the day after.
    t = table.loc[["2004-06..2006-06", "2015-12..2018-12", "2022-03..2023-07"]]
    assert [d.strftime("%Y-%m-%d") for d in t["start"]] == [
        "2004-06-30",
        "2015-12-16",
        "2022-03-16",
    ]
    assert [d.strftime("%Y-%m-%d") for d in t["end"]] == ["2006-06-29", "2018-12-19", "2023-07-26"]
    assert t.loc["2015-12..2018-12", "end_fred"] == pd.Timestamp("2018-12-20")
    assert (t["dated_by"] == "FOMC statement").all()
    assert (table.loc["1999-06..2000-05", "dated_by"]) == "FRED"  # before the table


# (claim, cycle) -> (start level, end level, verdict). Start = last row before the first hike's
# statement, end = row of the last hike's statement: GOLDPMUSD.csv 2004-06-29 394.4, 2006-06-29
# 589.25, 2015-12-15 1061.5, 2018-12-19 1255; DGS10.csv 4.7, 5.22, 2.28, 2.77; DFII10.csv 2.2,
# 2.61, 0.8, 0.97 on the same days; breakeven = DGS10 - DFII10.
EXPECTED = {
    ("breakeven_stable", "2004-06..2006-06"): (2.5, 2.61, "holds"),  # +11bp
    ("breakeven_stable", "2015-12..2018-12"): (1.48, 1.80, "does not hold"),  # +32bp
    ("nominal_rose", "2004-06..2006-06"): (4.7, 5.22, "holds"),
    ("nominal_rose", "2015-12..2018-12"): (2.28, 2.77, "holds"),
    ("real_rose", "2004-06..2006-06"): (2.2, 2.61, "holds"),
    ("real_rose", "2015-12..2018-12"): (0.8, 0.97, "holds"),
    ("gold_fell", "2004-06..2006-06"): (394.4, 589.25, "does not hold"),  # +49.4%
    ("gold_fell", "2015-12..2018-12"): (1061.5, 1255.0, "does not hold"),  # +18.2%
}


def test_one_verdict_row_per_claim_and_cycle(study):
    c = study.claims
    assert len(c) == len(CLAIMS) * 2 == 8
    for (claim, cyc), (a, b, verdict) in EXPECTED.items():
        row = c[(c["claim"] == claim) & (c["cycle"] == cyc)].iloc[0]
        assert row["start_level"] == pytest.approx(a, abs=1e-9)
        assert row["end_level"] == pytest.approx(b, abs=1e-9)
        change = (b / a - 1) * 100 if row["change_units"] == "pct" else (b - a) * 100
        assert row["change"] == pytest.approx(change, abs=1e-9)
        assert row["verdict"] == verdict, (claim, cyc)
        assert row["rule"] and row["evidence"]


def test_copper_starts_from_the_month_before_the_first_hike(study):
    # PCOPPUSDM.csv: 2004-05-01 2728.46 (May 2004, the month before the 2004-06-30 hike),
    # 2006-06-01 7222.77 (the month of the last hike).
    cl = study.cycle_levels
    row = cl[(cl["cycle"] == "2004-06..2006-06") & (cl["asset"] == "copper")].iloc[0]
    assert row["start_level"] == pytest.approx(2728.46, abs=1e-9)
    assert row["end_level"] == pytest.approx(7222.77, abs=1e-9)
    assert "month before the first hike" in row["note"]
    assert any("month before the first hike" in n for n in study.notes)
    assert any("FOMC statement dates" in n for n in study.notes)


def test_unknown_when_the_cycle_is_missing(study):
    out = hiking_claims(study.cycle_levels, cycles=("1990-01..1990-06",))
    assert (out["verdict"] == "unknown").all() and len(out) == len(CLAIMS)
