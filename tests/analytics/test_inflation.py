"""Realised inflation vs breakevens and the TIP/IEF switch, on the real shared data
(data/fred/CPIAUCNS.csv, DGS*/DFII*, data/market/TIP.csv and IEF.csv)."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from tests.analytics._raw_inflation import ex_post_record as raw_record

from tsy.analytics import inflation, tips_switch
from tsy.errors import InputError

# fixtures cpi, be5, be10: tests/analytics/conftest.py

#: The nominal and TIPS yields of each breakeven tenor (data/fred/*.csv).
TENOR_IDS = {5: ("DGS5", "DFII5"), 10: ("DGS10", "DFII10")}


def test_yoy_from_file(cpi):
    # data/fred/CPIAUCNS.csv: 2022-06 = 296.311, 2021-06 = 271.696 -> 9.06% (BLS headline 9.1%).
    yoy = inflation.realised_inflation(cpi, 12)
    assert yoy["2022-06-01"] == pytest.approx((296.311 / 271.696 - 1) * 100, abs=1e-9)
    ann = inflation.realised_inflation(cpi, 60)["2022-06-01"]
    assert ann == pytest.approx(((296.311 / cpi["2017-06-01"]) ** 0.2 - 1) * 100, abs=1e-9)


def test_unpublished_month_is_nan_not_filled(cpi):
    # MANIFEST: 2025-10 CPI was never published (blank in the file).
    yoy = inflation.realised_inflation(cpi, 12)
    assert np.isnan(yoy["2025-10-01"])


def test_reference_cpi_cfr_example(cpi):
    # 31 CFR 356 App. B example: Ref CPI for April 15, 1996 = 154.4 + 14/30 x (154.9 - 154.4)
    # = 154.63333 (CPI-U Jan 1996 154.4, Feb 1996 154.9; same values in CPIAUCNS.csv).
    ref = inflation.reference_cpi(cpi, pd.DatetimeIndex(["1996-04-15"]))
    assert ref.iloc[0] == pytest.approx(154.63333, abs=1e-5)


def test_release_lag_no_lookahead(cpi):
    # Month m's CPI is usable from the 15th of m+1: on 2022-02-14 the latest is 2021-12,
    # on 2022-02-15 it is 2022-01 (values from CPIAUCNS.csv).
    known = inflation.known_inflation(cpi, pd.DatetimeIndex(["2022-02-14", "2022-02-15"]))
    assert list(known["cpi_month"]) == [pd.Timestamp("2021-12-01"), pd.Timestamp("2022-01-01")]
    assert known["trailing_pct"].iloc[1] == pytest.approx(
        (281.148 / cpi["2021-01-01"] - 1) * 100, abs=1e-9
    )


def test_signal_on_analysts_example_day(cpi, be10):
    # MANIFEST anchor: 10y breakeven 2.43 on 2022-02-11 (DGS10 1.92 - DFII10 -0.51).
    sig = inflation.inflation_signal(cpi, be10, horizon_years=10, as_of="2022-02-11")
    assert sig.today["breakeven_pct"] == pytest.approx(2.43, abs=1e-9)
    # Latest CPI released by then: 2021-12, YoY 278.802 / CPI 2020-12.
    assert sig.today["cpi_month"] == pd.Timestamp("2021-12-01")
    yoy = (278.802 / cpi["2020-12-01"] - 1) * 100
    assert sig.today["trailing_pct"] == pytest.approx(yoy, abs=1e-9)
    assert sig.today["favours"] == ("TIPS" if yoy > 2.43 else "nominals")
    assert sig.history.index.max() == pd.Timestamp("2022-02-11")
    assert "favours TIPS" in sig.summary()


@pytest.mark.parametrize(("h", "name"), [(5, "be5"), (10, "be10")])
def test_ex_post_record_is_consistent(request, cpi, h, name):
    be = request.getfixturevalue(name)
    rec = inflation.ex_post_record(cpi, be, horizon_years=h, as_of="2026-06-24")
    e = rec.entries
    # Entries start with the breakevens (2003) and every exit is on or before as_of.
    assert e.index[0] == pd.Timestamp("2003-01-31")
    assert (e["exit"] <= pd.Timestamp("2026-06-24")).all()
    # One entry recomputed by hand, independently of tsy's reference_cpi: 31 CFR 356 App. B
    # I.B.1, Ref CPI on day t of a month of D days = CPI(m-3) + (t-1)/D x (CPI(m-2) - CPI(m-3)),
    # truncated to six decimals, rounded to five. Entry 2003-01-31 (t = 31, D = 31) uses
    # Oct/Nov 2002; the exit h years later Oct/Nov of 2002 + h.
    d = e.index[0]

    def ref_jan31(year: int) -> float:
        oct_ = Decimal(str(cpi[f"{year - 1}-10-01"]))
        nov = Decimal(str(cpi[f"{year - 1}-11-01"]))
        ref = oct_ + Decimal(30) / Decimal(31) * (nov - oct_)
        six = ref.quantize(Decimal("0.000001"), rounding=ROUND_DOWN)
        return float(six.quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP))

    realised = ((ref_jan31(2003 + h) / ref_jan31(2003)) ** (1 / h) - 1) * 100
    assert e.loc[d, "realised_pct"] == pytest.approx(realised, abs=1e-9)
    assert e.loc[d, "breakeven_pct"] == pytest.approx(be.loc[:d].iloc[-1], abs=1e-12)
    # The record's count, hit rate and mean excess against the rule recomputed from the raw
    # CSV files with the csv module and Decimal, no tsy code (tests/analytics/_raw_inflation.py).
    # Entries are the month ends from January 2003 whose exit h years on is by 2026-06-24:
    # January 2003 to May 2016 (161 months) for 10 years, to May 2021 (221) for 5 years.
    ind = raw_record(*TENOR_IDS[h], h, "2026-06-24")
    assert ind.n == {10: 161, 5: 221}[h]
    assert ind.last_entry == {10: "2016-05-31", 5: "2021-05-28"}[h]  # DGS5/DFII5 2021-05-28
    assert rec.stats["n"] == ind.n == len(e)
    assert e.index[-1] == pd.Timestamp(ind.last_entry)
    assert int(e["right"].sum()) == ind.right
    assert rec.stats["hit_rate_pct"] == pytest.approx(ind.right / ind.n * 100, abs=1e-9)
    assert rec.stats["mean_excess_pp"] == pytest.approx(ind.mean_excess_pp, abs=1e-12)
    assert rec.stats["always_tips_pct"] + rec.stats["always_nominals_pct"] == pytest.approx(100)
    assert rec.by_year["n"].sum() == rec.stats["n"]
    # The unpublished October 2025 CPI takes Treasury's index number 325.604 (31 CFR 356 App. B
    # I.B.4(iv)), so the entries exiting in December 2025 and January 2026 stay in the record.
    jan = e[(e["exit"] >= "2025-12-01") & (e["exit"] <= "2026-01-31")]
    assert len(jan) == 2
    ref_exit = inflation.reference_cpi(cpi, pd.DatetimeIndex([pd.Timestamp("2026-01-01")]))
    assert ref_exit.iloc[0] == pytest.approx(325.604, abs=1e-9)
    assert "was right" in rec.summary()


def test_ex_post_requires_an_ended_horizon(cpi, be10):
    with pytest.raises(InputError, match="no 10y horizon"):
        inflation.ex_post_record(cpi, be10, horizon_years=10, as_of="2010-01-01")


@pytest.fixture(scope="module")
def switch(series, be10, cpi):
    return tips_switch.tips_switch(series("TIP"), series("IEF"), be10, cpi, cost_bp=5)


def test_buy_and_hold_equals_price_ratio(switch, series):
    # Holding TIP: wealth = adjusted close ratio (data/market/TIP.csv 2004-01-02 50.8952 ->
    # 2026-06-05 109.25).
    w = switch.wealth
    tip = series("TIP")
    assert w["TIP"].iloc[-1] == pytest.approx(tip[w.index[-1]] / tip[w.index[0]], rel=1e-12)
    assert w.index[-1] == pd.Timestamp("2026-06-05")


def test_switch_costs_are_exact(series, be10, cpi, switch):
    free = tips_switch.tips_switch(series("TIP"), series("IEF"), be10, cpi, cost_bp=0)
    n = int(switch.stats.loc["switch", "n_switches"])
    assert n > 0
    ratio = switch.wealth["switch"].iloc[-1] / free.wealth["switch"].iloc[-1]
    assert ratio == pytest.approx((1 - 5e-4) ** n, rel=1e-12)


def test_switch_has_no_lookahead(series, be10, cpi, switch):
    # Scrambling every price after a date must not change any decision or wealth before it.
    cut = pd.Timestamp("2015-06-30")
    tip = series("TIP").copy()
    tip[tip.index > cut] *= 1.5
    alt = tips_switch.tips_switch(tip, series("IEF"), be10, cpi, cost_bp=5)
    pd.testing.assert_frame_equal(
        alt.decisions.loc[:cut], switch.decisions.loc[:cut], check_exact=True
    )
    pd.testing.assert_series_equal(
        alt.wealth["switch"].loc[:cut], switch.wealth["switch"].loc[:cut]
    )
    # Decisions use only CPI released by the decision date and execute strictly later.
    d = switch.decisions
    assert (d["execute"] > d.index).all()
    released = d["cpi_month"] + pd.DateOffset(months=1, days=14)
    assert (released <= d.index).all()


def test_switch_follows_rule(switch):
    d = switch.decisions
    assert ((d["trailing_pct"] > d["breakeven_pct"]) == (d["hold"] == "TIP")).all()
    assert "switch" in switch.summary()


def test_daily_entries_agree_with_monthly(cpi, be10):
    # Daily entries cover every breakeven date: more entries, same rule, similar hit rate.
    daily = inflation.ex_post_record(
        cpi, be10, horizon_years=10, as_of="2026-06-24", entries="daily"
    )
    monthly = inflation.ex_post_record(cpi, be10, horizon_years=10, as_of="2026-06-24")
    assert daily.stats["n"] > 15 * monthly.stats["n"]
    assert set(monthly.entries.index) <= set(daily.entries.index)
    with pytest.raises(InputError, match="entries"):
        inflation.ex_post_record(cpi, be10, horizon_years=10, entries="weekly")
