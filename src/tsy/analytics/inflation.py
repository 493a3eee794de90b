"""Realised inflation against breakevens: today's TIPS-or-nominals signal and its ex-post record.

Pure functions (no I/O, no clock). Inputs: ``CPIAUCNS`` (CPI-U all items, not seasonally
adjusted, 1982-84 = 100, monthly, indexed at the first of the month; BLS via FRED) and a daily
breakeven in percent (nominal minus TIPS yield, see :mod:`tsy.analytics.curves`).

The rule
--------
Trailing realised inflation above the breakeven favours TIPS, below favours nominals. The trailing
figure uses only CPI already *published* on the date: month m's CPI is released by BLS about two
weeks into month m+1, so it is usable from day ``release_day`` (default 15) of month m+1.

The honest record
-----------------
Held to the horizon, a TIPS beats the nominal of the same maturity by about realised inflation
minus the breakeven at entry, per year. The inflation a TIPS accrues from settlement ``d`` to
``d + h`` is the ratio of reference CPIs (31 CFR 356 App. B: the reference CPI of day ``d`` of
month M is CPI(M-3) + (d-1)/days(M) x (CPI(M-2) - CPI(M-3))), annualised:
``(RefCPI(d+h)/RefCPI(d))^(1/h) - 1``. The call made at entry was right when the sign of
(trailing - breakeven) matched the sign of (realised - breakeven). A CPI month never published
(October 2025) takes Treasury's index number, as the TIPS themselves do (31 CFR 356 App. B
I.B.4(iv), :mod:`tsy.math.cpi`), known from the first day of the second month after it.

Beside the hit rate the record gives its base rates (always-TIPS, always-nominals, and the hit
rate of calls with the same TIPS share made blind to the outcome), Newey-West standard errors
that allow for the overlap of consecutive windows (monthly entries over an h-year horizon overlap
by 12h - 1 months), and, with ``comparator``, the same record for a forward-looking call: an
inflation expectation (e.g. the Cleveland Fed's 10-year expected inflation, EXPINF10YR) against
the breakeven instead of trailing CPI.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tsy.analytics._result import Result
from tsy.analytics._stats import check_series, newey_west_se, resolve_as_of
from tsy.errors import InputError
from tsy.math.tips import reference_cpi as _reference_cpi

__all__ = [
    "ExPostRecord",
    "InflationSignal",
    "ex_post_record",
    "inflation_signal",
    "known_inflation",
    "month_ends",
    "realised_inflation",
    "reference_cpi",
    "release_dates",
]

#: Choice when trailing inflation is above / not above the breakeven.
CHOICE = {True: "TIPS", False: "nominals"}


def _check_cpi(cpi: pd.Series) -> pd.Series:
    c = check_series(cpi, "CPI")
    if (c <= 0).any():
        raise InputError("CPI: expected a positive index level")
    return c.asfreq("MS")  # a month never published (2025-10) stays NaN, never filled


def realised_inflation(cpi: pd.Series, months: int = 12) -> pd.Series:
    """Realised inflation over ``months``, annualised, percent, by month of the later CPI.

    Formula: ``((CPI_m / CPI_{m-months}) ** (12 / months) - 1) * 100``; ``months=12`` is the
    usual year-over-year rate. A month without a published CPI gives NaN (never filled).

    Examples
    --------
    CPI-U NSA 2022-06 = 296.311 and 2021-06 = 271.696 give a YoY of 9.06% (BLS headline 9.1%).
    """
    if months < 1:
        raise InputError(f"months must be >= 1, got {months}")
    c = _check_cpi(cpi)
    out = ((c / c.shift(months)) ** (12.0 / months) - 1.0) * 100.0
    out.name = f"cpi_{months}m_ann_pct"
    out.index.name = "date"
    return out


def release_dates(index: pd.DatetimeIndex, release_day: int = 15) -> pd.DatetimeIndex:
    """Date from which each CPI month is treated as known: day ``release_day`` of month m+1."""
    if not 1 <= release_day <= 28:
        raise InputError(f"release_day must be 1..28, got {release_day}")
    return pd.DatetimeIndex(index + pd.DateOffset(months=1, days=release_day - 1))


def known_inflation(
    cpi: pd.Series,
    dates: pd.DatetimeIndex,
    *,
    months: int = 12,
    release_day: int = 15,
) -> pd.DataFrame:
    """Latest published trailing inflation on each date (no look-ahead).

    Returns
    -------
    DataFrame indexed by ``date`` with ``cpi_month`` (the latest CPI month released by that date)
    and ``trailing_pct`` (its ``months``-month annualised inflation).
    """
    rate = realised_inflation(cpi, months).dropna()
    return _known(rate, dates, release_day).rename(
        columns={"month": "cpi_month", "value": "trailing_pct"}
    )


def _known(monthly: pd.Series, dates: pd.DatetimeIndex, release_day: int) -> pd.DataFrame:
    """Latest month of ``monthly`` released by each date (month m from day ``release_day`` of
    m+1) and its value: columns ``month``, ``value``."""
    m = monthly.dropna()
    avail = pd.Series(m.index, index=release_dates(pd.DatetimeIndex(m.index), release_day))
    idx = pd.DatetimeIndex(dates)
    pos = avail.index.searchsorted(idx, side="right") - 1
    if (pos >= 0).any():  # the release dates' months, NaT before the first release
        months = avail.to_numpy()
        month = pd.DatetimeIndex(
            np.where(pos >= 0, months[pos.clip(min=0)], months.dtype.type("NaT"))
        )
    else:
        month = pd.DatetimeIndex([pd.NaT] * len(pos))
    out = pd.DataFrame({"month": month}, index=idx)
    out["value"] = m.reindex(month).to_numpy()
    out.index.name = "date"
    return out


def reference_cpi(
    cpi: pd.Series, dates: pd.DatetimeIndex, substitutes: pd.Series | None = None
) -> pd.Series:
    """TIPS reference CPI on each date (31 CFR 356 App. B, daily interpolation, 3-month lag).

    Ref CPI(day d of month M) = CPI(M-3) + (d - 1) / days_in(M) x (CPI(M-2) - CPI(M-3)),
    truncated to six decimals and rounded to five, computed by
    :func:`tsy.math.tips.reference_cpi`. A month missing between published months takes
    Treasury's index number (``substitutes`` if given, else the rule of App. B I.B.4(iv)):
    October 2025, never published, is 325.604, as in every TIPS's accrual. NaN beyond the
    last published month.
    """
    c = _check_cpi(cpi).dropna()
    idx = pd.DatetimeIndex(dates)
    values = np.asarray(
        _reference_cpi(idx, c, substitutes=substitutes, errors="coerce"), dtype=float
    )
    out = pd.Series(values, index=idx, name="ref_cpi")
    out.index.name = "date"
    return out


def month_ends(days: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The last date of each calendar month present in ``days`` (e.g. month-end closes)."""
    return pd.DatetimeIndex(
        pd.Series(days, index=days).groupby(days.to_period("M")).last().to_numpy()
    )


#: Entry-date rules of the ex-post record.
ENTRY_RULES = {"monthly": month_ends, "daily": lambda days: days}


@dataclass(frozen=True, repr=False)
class InflationSignal(Result, frame="history"):
    """Today's TIPS-or-nominals signal and its daily history.

    Attributes
    ----------
    as_of : Timestamp
    horizon_years : int
        Tenor of the breakeven used.
    today : dict
        ``date``, ``breakeven_pct``, ``trailing_pct``, ``cpi_month``, ``gap_pp`` (trailing minus
        breakeven), ``favours`` ("TIPS" or "nominals").
    history : DataFrame
        Indexed by ``date``: ``breakeven_pct``, ``cpi_month``, ``trailing_pct``, ``gap_pp``,
        ``favours``.
    """

    as_of: pd.Timestamp
    horizon_years: int
    trailing_months: int
    today: dict[str, object]
    history: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for today's signal plus any notes."""
        t = self.today
        month = pd.Timestamp(str(t["cpi_month"])).strftime("%Y-%m")
        line = (
            f"As of {self.as_of.date()}: trailing {self.trailing_months}m CPI-U NSA inflation "
            f"{t['trailing_pct']:.2f}% (CPI of {month}) vs {self.horizon_years}y breakeven "
            f"{t['breakeven_pct']:.2f}% on {pd.Timestamp(str(t['date'])).date()}: "
            f"gap {t['gap_pp']:+.2f}pp, favours {t['favours']}"
        )
        return "\n".join([line, *self.notes])


def inflation_signal(
    cpi: pd.Series,
    breakeven: pd.Series,
    *,
    horizon_years: int,
    as_of: pd.Timestamp | str | None = None,
    trailing_months: int = 12,
    release_day: int = 15,
) -> InflationSignal:
    """Trailing realised inflation against the breakeven, daily, with today's call.

    Parameters
    ----------
    cpi : Series
        CPIAUCNS, monthly.
    breakeven : Series
        Daily breakeven of ``horizon_years`` (percent), e.g. DGS10 - DFII10.
    as_of : date, optional
        Last date considered (default: last breakeven date). Nothing after it is read.
    trailing_months : int
        Window of the trailing rate (12 = year over year; ``12 * horizon_years`` compares the
        breakeven with realised inflation over the same horizon, backward-looking).
    release_day : int
        Day of month m+1 from which month m's CPI counts as known.
    """
    be = check_series(breakeven, "breakeven")
    when = resolve_as_of(as_of, be)
    be = be.loc[:when]
    if not len(be):
        raise InputError(f"breakeven: no observation on or before {when.date()}")
    hist = known_inflation(
        cpi.loc[:when], pd.DatetimeIndex(be.index), months=trailing_months, release_day=release_day
    )
    hist.insert(0, "breakeven_pct", be)
    hist["gap_pp"] = hist["trailing_pct"] - hist["breakeven_pct"]
    hist = hist.dropna(subset=["gap_pp"])
    hist["favours"] = np.where(hist["gap_pp"].to_numpy() > 0, CHOICE[True], CHOICE[False])
    if hist.empty:
        raise InputError("no date where both a published CPI and the breakeven exist")
    last = hist.iloc[-1]
    notes = []
    age = (when - hist.index[-1]).days
    if age > 10:
        notes.append(f"breakeven ends {hist.index[-1].date()}, {age} days before {when.date()}")
    lag_m = (when.to_period("M") - pd.Timestamp(last["cpi_month"]).to_period("M")).n
    if lag_m > 2:
        notes.append(
            f"latest usable CPI is {pd.Timestamp(last['cpi_month']):%Y-%m}, {lag_m} months "
            "before as_of (a month was not published or the store is behind)"
        )
    today: dict[str, object] = {"date": hist.index[-1]}
    today.update({str(k): v for k, v in last.items()})
    return InflationSignal(
        as_of=when,
        horizon_years=horizon_years,
        trailing_months=trailing_months,
        today=today,
        history=hist,
        notes=notes,
    )


#: The seed's rule, as stated: trailing realised CPI inflation against the breakeven.
RULE_LABEL = "trailing CPI (seed 004's rule)"


@dataclass(frozen=True, repr=False)
class ExPostRecord(Result, frame="entries"):
    """How a rule's calls turned out, for entries whose horizon has ended.

    Attributes
    ----------
    entries : DataFrame
        One row per entry date (last breakeven observation of each month): ``breakeven_pct``,
        ``trailing_pct``, ``signal_pct`` (what the call compares with the breakeven: trailing
        CPI inflation, or the comparator), ``call`` ("TIPS"/"nominals"), ``exit``,
        ``realised_pct`` (annualised over the horizon from reference CPIs), ``excess_pp``
        (realised - breakeven: TIPS minus nominal return, approx., per year), ``tips_won``,
        ``right``.
    by_year : DataFrame
        By entry year: ``n``, ``hit_rate_pct``, ``tips_won_pct``, ``mean_excess_pp``,
        ``calls_tips_pct``.
    stats : dict
        ``signal`` (label), ``n``, ``hit_rate_pct`` and its Newey-West standard error
        ``hit_rate_se_pp``; base rates ``always_tips_pct`` (share of entries where TIPS won,
        ``always_tips_se_pp``), ``always_nominals_pct``, ``calls_tips_pct`` and
        ``chance_hit_rate_pct`` (hit rate of calls with that TIPS share made blind to the
        outcome: ``p_call p_won + (1 - p_call)(1 - p_won)``); ``hit_minus_always_tips_pp`` with
        ``hit_minus_always_tips_se_pp``; ``mean_excess_pp`` with ``mean_excess_se_pp``;
        ``median_excess_pp``, ``p10_excess_pp``, ``p90_excess_pp``, ``first_entry``,
        ``last_entry``, ``independent_periods`` (years of entries / horizon) and ``nw_lags``
        (entries per horizon - 1: the overlap the standard errors allow for).
    """

    horizon_years: int
    entries: pd.DataFrame
    by_year: pd.DataFrame
    stats: dict[str, object]
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Plain words: how often the rule was right, against its base rates."""
        s = self.stats
        return "\n".join(
            [
                f"{self.horizon_years}y horizon, call from {s['signal']}, {s['n']} entries "
                f"{str(s['first_entry'])[:10]}..{str(s['last_entry'])[:10]} "
                f"(about {s['independent_periods']:.1f} non-overlapping periods):",
                f"  the call was right {s['hit_rate_pct']:.0f}% "
                f"(Newey-West s.e. {s['hit_rate_se_pp']:.0f}pp); "
                f"base rates: always-TIPS {s['always_tips_pct']:.0f}% "
                f"(s.e. {s['always_tips_se_pp']:.0f}pp), always-nominals "
                f"{s['always_nominals_pct']:.0f}%, blind calls with the same "
                f"{s['calls_tips_pct']:.0f}% TIPS share {s['chance_hit_rate_pct']:.0f}%; "
                f"rule minus always-TIPS {s['hit_minus_always_tips_pp']:+.0f}pp "
                f"(s.e. {s['hit_minus_always_tips_se_pp']:.0f}pp).",
                f"  realised minus breakeven: mean {s['mean_excess_pp']:+.2f}pp/yr "
                f"(s.e. {s['mean_excess_se_pp']:.2f}), median "
                f"{s['median_excess_pp']:+.2f}, 10th-90th pct {s['p10_excess_pp']:+.2f} to "
                f"{s['p90_excess_pp']:+.2f}.",
                *self.notes,
            ]
        )


def _known_substitutes(substitutes: pd.Series | None, when: pd.Timestamp) -> pd.Series | None:
    """Index numbers announced by ``when``: month M's by the first day of M+2 (App. B I.B.4)."""
    if substitutes is None or not len(substitutes):
        return None
    idx = pd.DatetimeIndex(substitutes.index)
    return substitutes[idx + pd.DateOffset(months=2) <= when]


def _record_stats(out: pd.DataFrame, horizon_years: int, label: str) -> dict[str, object]:
    """Hit rate, base rates and Newey-West standard errors of a scored record."""
    x = out["excess_pp"]
    span_years = (out.index[-1] - out.index[0]).days / 365.25 + 1.0 / 12
    lags = max(int(round(len(out) / span_years * horizon_years)) - 1, 0)
    right = out["right"].to_numpy(dtype=float)
    won = out["tips_won"].to_numpy(dtype=float)
    p_call = float((out["call"] == CHOICE[True]).mean())
    p_won = float(won.mean())
    return {
        "horizon_years": horizon_years,
        "n": len(out),
        "hit_rate_pct": float(right.mean() * 100.0),
        "signal": label,
        "hit_rate_se_pp": newey_west_se(right, lags) * 100.0,
        "always_tips_pct": p_won * 100.0,
        "always_tips_se_pp": newey_west_se(won, lags) * 100.0,
        "always_nominals_pct": (1.0 - p_won) * 100.0,
        "calls_tips_pct": p_call * 100.0,
        "chance_hit_rate_pct": (p_call * p_won + (1 - p_call) * (1 - p_won)) * 100.0,
        "hit_minus_always_tips_pp": float((right - won).mean() * 100.0),
        "hit_minus_always_tips_se_pp": newey_west_se(right - won, lags) * 100.0,
        "mean_excess_pp": float(x.mean()),
        "mean_excess_se_pp": newey_west_se(x.to_numpy(dtype=float), lags),
        "median_excess_pp": float(x.median()),
        "p10_excess_pp": float(x.quantile(0.1)),
        "p90_excess_pp": float(x.quantile(0.9)),
        "first_entry": out.index[0],
        "last_entry": out.index[-1],
        "independent_periods": span_years / horizon_years,
        "nw_lags": lags,
    }


def ex_post_record(
    cpi: pd.Series,
    breakeven: pd.Series,
    *,
    horizon_years: int,
    as_of: pd.Timestamp | str | None = None,
    trailing_months: int = 12,
    release_day: int = 15,
    entries: str = "monthly",
    substitutes: pd.Series | None = None,
    comparator: pd.Series | None = None,
    comparator_label: str = "comparator",
) -> ExPostRecord:
    """Score the rule on every entry date whose horizon ended by ``as_of``.

    Entry ``d`` = last breakeven observation of each month (``entries="monthly"``) or every
    breakeven date (``entries="daily"``); exit = ``d + horizon_years``. Consecutive entries'
    horizons overlap, so they are far from independent: the standard errors are Newey-West with
    as many lags as entries per horizon minus one (see ``stats["nw_lags"]``).
    Realised = ``(RefCPI(exit)/RefCPI(d))^(1/h) - 1`` (see :func:`reference_cpi`; ``substitutes``
    are Treasury's stored index numbers). Entries whose exit needs a CPI not yet released by
    ``as_of`` are left out and counted in the notes.

    The call is TIPS when the signal is above the breakeven at entry. The signal is trailing
    CPI inflation (the seed's rule), or, with ``comparator``, a monthly forward-looking
    expectation in percent (e.g. EXPINF10YR), month m used from day ``release_day`` of m+1.
    The hit rate counts ``call == "TIPS"`` exactly when ``realised > breakeven``.
    """
    be = check_series(breakeven, "breakeven")
    when = resolve_as_of(as_of, be)
    be = be.loc[:when]
    cpi_known = check_series(cpi, "CPI")
    cpi_known = cpi_known[release_dates(pd.DatetimeIndex(cpi_known.index), release_day) <= when]
    if entries not in ENTRY_RULES:
        raise InputError(f"entries={entries!r}: expected one of {', '.join(ENTRY_RULES)}")
    entry = ENTRY_RULES[entries](pd.DatetimeIndex(be.index))
    exit_ = entry + pd.DateOffset(years=horizon_years)
    ended = exit_ <= when
    entry, exit_ = entry[ended], exit_[ended]
    if not len(entry):
        raise InputError(f"no {horizon_years}y horizon has ended by {when.date()}")
    sig = known_inflation(cpi_known, entry, months=trailing_months, release_day=release_day)
    subs = _known_substitutes(substitutes, when)
    ref_in = reference_cpi(cpi_known, entry, subs).to_numpy()
    ref_out = reference_cpi(cpi_known, exit_, subs).to_numpy()
    out = pd.DataFrame(index=entry)
    out.index.name = "date"
    out["breakeven_pct"] = be.reindex(entry).to_numpy()
    out["trailing_pct"] = sig["trailing_pct"].to_numpy()
    label = RULE_LABEL
    out["signal_pct"] = out["trailing_pct"]
    if comparator is not None:
        comp = check_series(comparator, comparator_label)
        out["signal_pct"] = _known(comp, entry, release_day)["value"].to_numpy()
        label = comparator_label
    out["call"] = np.where(out["signal_pct"] > out["breakeven_pct"], CHOICE[True], CHOICE[False])
    out["exit"] = exit_
    out["realised_pct"] = ((ref_out / ref_in) ** (1.0 / horizon_years) - 1.0) * 100.0
    out["excess_pp"] = out["realised_pct"] - out["breakeven_pct"]
    notes = []
    gone = out["excess_pp"].isna() | out["signal_pct"].isna()
    if gone.any():
        notes.append(
            f"{int(gone.sum())} entries left out: a CPI month needed for the reference CPI or "
            "the signal is not yet released by as_of (or the signal has no value then)"
        )
    out = out[~gone].copy()
    if out.empty:
        raise InputError(f"no {horizon_years}y entry has both the signal and a realised outcome")
    out["tips_won"] = out["excess_pp"] > 0
    out["right"] = (out["call"] == CHOICE[True]) == out["tips_won"]
    grp = out.groupby(pd.DatetimeIndex(out.index).year)
    by_year = pd.DataFrame(
        {
            "n": grp.size(),
            "hit_rate_pct": grp["right"].mean() * 100.0,
            "tips_won_pct": grp["tips_won"].mean() * 100.0,
            "mean_excess_pp": grp["excess_pp"].mean(),
            "calls_tips_pct": grp["call"].apply(lambda c: (c == CHOICE[True]).mean() * 100.0),
        }
    )
    by_year.index.name = "entry_year"
    return ExPostRecord(
        horizon_years=horizon_years,
        entries=out,
        by_year=by_year,
        stats=_record_stats(out, horizon_years, label),
        notes=notes,
    )
