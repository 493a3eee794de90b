"""Haven state on the real shared data (data/fred, data/market), checked against the raw CSVs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _raw import raw, stdev

from tsy.analytics.haven import THRESHOLDS, classify, haven, haven_legs
from tsy.errors import InputError


def _equity(series):
    return [("SP500", series("SP500")), ("SPY", series("SPY"))]


def _dollar(series):
    return [("DXY", series("DXY")), ("DTWEXBGS", series("DTWEXBGS"))]


@pytest.fixture(scope="module")
def legs(series):
    return haven_legs(_equity(series), series("DGS10"), _dollar(series))


@pytest.mark.parametrize(
    ("day", "state"),
    [
        # Seed article 000 and issue 17: stocks, Treasuries and the dollar sold together.
        # SP500.csv 2025-04-10 -3.46 %, DGS10.csv +6bp, DXY.csv -1.97 %
        ("2025-04-10", "haven failing: sell America"),
        # SP500 -2.36 %, DGS10 +8bp, DXY -1.11 %
        ("2025-04-21", "haven failing: sell America"),
        # SP500 -5.18 %, DGS10 +16bp, DTWEXBGS +1.37 % (the dash for cash)
        ("2020-03-18", "haven failing: dash for cash"),
        # SP500 -7.60 %, DGS10 -20bp: Treasuries rallied
        ("2020-03-09", "haven working"),
        # SP500 -0.23 %: equities not down by a sigma
        ("2025-04-07", "calm"),
    ],
)
def test_expected_states(legs, day, state):
    assert legs.loc[day, "state"] == state


def test_thresholds_are_the_documented_ones():
    assert THRESHOLDS == {"equity": -1.0, "treasury": 0.5, "dollar": -0.5}
    # the 10y leg of 2025-04-10 (+1.03 sd) fails; a third of a sigma holds
    assert classify(-2.0, 1.03, -1.0) == "haven failing: sell America"
    assert classify(-2.0, 0.3, -1.0) == "haven working"
    assert classify(-2.0, 1.0, 0.0) == "haven failing: dash for cash"
    assert classify(np.nan, 1.0, 0.0) is None


def _common_dates() -> list[str]:
    eq = set(raw("SP500")) | set(raw("SPY"))
    usd = set(raw("DXY")) | set(raw("DTWEXBGS"))
    return sorted(set(raw("DGS10")) & eq & usd)


def _ret(day: str, prev: str, ids: tuple[str, ...]) -> float:
    for i in ids:
        s = raw(i)
        if day in s and prev in s:
            return (s[day] / s[prev] - 1.0) * 100.0
    raise KeyError(day)


@pytest.mark.parametrize("day", ["2025-04-10", "2025-04-21", "2020-03-18"])
def test_legs_equal_an_independent_computation_from_the_csv(legs, day):
    # Rebuild the calendar, the moves and the trailing 250-move sd with the csv module only.
    cal = _common_dates()
    i = cal.index(day)
    moves = {"eq": [], "y": [], "usd": []}
    for j in range(i - 250, i + 1):
        d, p = cal[j], cal[j - 1]
        moves["eq"].append(_ret(d, p, ("SP500", "SPY")))
        moves["y"].append(round((raw("DGS10")[d] - raw("DGS10")[p]) * 100.0, 6))
        moves["usd"].append(_ret(d, p, ("DXY", "DTWEXBGS")))
    for leg in ("eq", "y", "usd"):
        expected = moves[leg][-1] / stdev(moves[leg][:-1])
        assert legs.loc[day, f"z_{leg}"] == pytest.approx(expected, rel=1e-9)
    # the one-year figures: S&P -1.9 sd on 2025-04-21, 10y +1.0 sd on 2025-04-10
    if day == "2025-04-21":
        assert legs.loc[day, "z_eq"] == pytest.approx(-1.9, abs=0.1)
    if day == "2025-04-10":
        assert legs.loc[day, "z_y"] == pytest.approx(1.0, abs=0.1)


def test_dollar_source_is_dxy_where_present(legs):
    assert legs.loc["2025-04-10", "dollar_source"] == "DXY"
    assert legs.loc["2020-03-18", "dollar_source"] == "DTWEXBGS"


def test_correlation_and_split(series):
    r = haven(
        _equity(series),
        series("DGS10"),
        _dollar(series),
        real_10y=series("DFII10"),
        term_premium=series("THREEFYTP10"),
        as_of="2025-04-10",
    )
    assert r.state == "haven failing: sell America"
    # 60-day correlation of equity returns with minus the 10y change, recomputed with numpy
    tail = r.legs.tail(60)
    expected = np.corrcoef(tail["eq_ret_pct"], -tail["y_chg_bp"])[0, 1]
    assert r.evidence()["stock_bond_corr_60d"] == pytest.approx(expected, abs=1e-9)
    # the one-day split recomputed from DGS10.csv, DFII10.csv and THREEFYTP10.csv
    n, re, tp = raw("DGS10"), raw("DFII10"), raw("THREEFYTP10")
    s = r.split_1d
    assert s["nominal_bp"] == pytest.approx((n["2025-04-10"] - n["2025-04-09"]) * 100, abs=1e-9)
    assert s["real_bp"] == pytest.approx((re["2025-04-10"] - re["2025-04-09"]) * 100, abs=1e-9)
    assert s["nominal_bp"] == pytest.approx(s["real_bp"] + s["breakeven_bp"], abs=1e-9)
    assert s["term_premium_bp"] == pytest.approx(
        (tp["2025-04-10"] - tp["2025-04-09"]) * 100, abs=1e-9
    )
    assert "sell America" in r.summary() and "DXY" in r.summary()


def test_missing_dollar_is_an_error_not_a_zero(series):
    with pytest.raises(InputError, match="dollar"):
        haven_legs(_equity(series), series("DGS10"), [("DXY", None)])


def test_as_of_uses_no_later_data(series):
    full = haven(_equity(series), series("DGS10"), _dollar(series), as_of="2020-03-18")
    cut = {k: series(k).loc[:"2020-03-18"] for k in ("SP500", "SPY", "DGS10", "DTWEXBGS")}
    part = haven(
        [("SP500", cut["SP500"]), ("SPY", cut["SPY"])],
        cut["DGS10"],
        [("DXY", series("DXY").loc[:"2020-03-18"]), ("DTWEXBGS", cut["DTWEXBGS"])],
    )
    assert part.date == pd.Timestamp("2020-03-18")
    for k in ("z_eq", "z_y", "z_usd", "stock_bond_corr_60d", "stock_bond_corr_pct"):
        assert part.evidence()[k] == pytest.approx(full.evidence()[k], abs=1e-12)
