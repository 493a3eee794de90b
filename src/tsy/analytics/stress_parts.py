"""The stress monitor's parts as time series, from named inputs (pure; no store, no clock).

:func:`build_parts` runs every definition once over the whole history given and keeps, per part,
the value series in its stress direction (see :mod:`tsy.analytics.composite`). Every series is
computed from data up to each date only (trailing windows, previous auctions),
so reading a part at a date equals recomputing it with everything later deleted, provided the
reading respects each input's release lag (:data:`RELEASE_LAG_DAYS`: CFTC positions dated
Tuesday are published on Friday; H.4.1 Wednesday levels on Thursday). :func:`evaluate` then
reads every part at an as-of date and combines them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from tsy.analytics.auction_signals import AuctionSignals, auction_signals
from tsy.analytics.basis import BasisResult, basis_trade
from tsy.analytics.composite import (
    PARTS,
    SCALES,
    Composite,
    PartReading,
    composite,
    daily_scores,
    reading,
)
from tsy.analytics.haven import haven_legs
from tsy.analytics.liquidity_distance import MEASURES, LiquidityDistance, liquidity_distance
from tsy.analytics.speed import VelocityZ, velocity_z

__all__ = [
    "RELEASE_LAG_DAYS",
    "MonitorInputs",
    "Parts",
    "assemble_parts",
    "build_parts",
    "evaluate",
    "score_history",
    "vol_shock",
]

#: Days from an observation's date to its publication, per part (daily market data: 0).
RELEASE_LAG_DAYS: dict[str, int] = {"basis_trade": 3, "liquidity_quantity": 1}

#: (unit, inputs label) per part.
_META: dict[str, tuple[str, str]] = {
    "cross_asset": ("sigmas (min of equity fall, 10y rise)", "equity, 10y, dollar"),
    "velocity": ("max |z| of coupon tenors", "CMT curve"),
    "bond_vol": ("MOVE / its 250-day median", "MOVE (10y realised vol before)"),
    "liquidity_price": ("score of the most stressed price measure", "funding spreads, 10y rvol"),
    "liquidity_quantity": ("pp below 250-day median", "reserves / Fed assets"),
    "basis_trade": ("% 4-week unwind", "CFTC TFF leveraged funds"),
    "auctions": ("worst stress z, 10 bus. days", "auctions"),
}


@dataclass
class MonitorInputs:
    """Named inputs. Labels in ``equity``/``dollar`` are display names chosen by the caller.

    Attributes
    ----------
    equity, dollar : sequence of (label, Series)
        Levels by preference.
    curve : mapping tenor label -> Series
        Constant-maturity yields, percent; ``years`` gives each label's tenor in years and must
        include a 10-year (``ten_year``).
    """

    equity: Sequence[tuple[str, pd.Series | None]]
    dollar: Sequence[tuple[str, pd.Series | None]]
    curve: Mapping[str, pd.Series]
    years: Mapping[str, float]
    ten_year: str = "10y"
    real_10y: pd.Series | None = None
    term_premium: pd.Series | None = None
    move: pd.Series | None = None
    liquidity: Mapping[str, pd.Series | None] = field(default_factory=dict)
    positions: pd.DataFrame | None = None
    auctions: pd.DataFrame | None = None
    auctions_secondary: pd.DataFrame | None = None
    when_issued: pd.DataFrame | None = None


@dataclass(frozen=True)
class Parts:
    """Every part's value series plus the full results they came from.

    ``daily`` (the composite on every business day, for the calibration) is computed on first
    use: the monitor reads its parts at one date and never needs it.
    """

    values: dict[str, pd.Series]
    scores: dict[str, pd.Series]
    legs: pd.DataFrame | None
    velocity: VelocityZ | None
    liquidity: LiquidityDistance | None
    basis: BasisResult | None
    auctions: AuctionSignals | None
    notes: dict[str, str] = field(default_factory=dict)
    #: Part -> the first date its note no longer applies to (e.g. the bond_vol part's note
    #: about the realised-vol stand-in ends where MOVE starts).
    notes_until: dict[str, pd.Timestamp] = field(default_factory=dict)

    @cached_property
    def daily(self) -> pd.DataFrame:
        """Per business day each part's fresh score, the fresh count and the composite
        (:func:`~tsy.analytics.composite.daily_scores` with :data:`RELEASE_LAG_DAYS`)."""
        return daily_scores(self.scores, RELEASE_LAG_DAYS)


def _price_value(liq: LiquidityDistance) -> pd.Series:
    """Per date, the most stressed price measure's score on its fixed scale (0-100).

    Each measure's deviation from its trailing 250-day median is scored on the measure's own
    scale (:data:`~tsy.analytics.liquidity_distance.MEASURES`); a measure's last score is
    carried over at most 3 days (its own holidays and publication gaps).
    """
    scores = []
    for name, m in MEASURES.items():
        if m.dimension != "price" or m.scale is None:
            continue
        sc = m.scale.score(liq.deviation(name))
        if len(sc):
            scores.append(sc.rename(name))
    if not scores:
        return pd.Series(dtype=float)
    return pd.concat(scores, axis=1, sort=True).ffill(limit=3).max(axis=1).dropna()


def vol_shock(
    move: pd.Series | None, ten: pd.Series | None
) -> tuple[pd.Series, str, pd.Timestamp | None]:
    """Treasury volatility against its own trailing 250-day median, as a ratio.

    MOVE (implied) where given; before it (or without it) the 10-year's 20-day realised
    volatility of daily changes, said so in the note. A ratio, not the level: a MOVE of 130 after
    a year at 100 is a shock, after a year at 150 it is not.

    Returns
    -------
    (Series, str, Timestamp or None)
        The ratio; the note on the realised-vol stand-in; the first MOVE date, from which the
        note no longer applies (None: it applies to every date).
    """
    parts = []
    note = ""
    until = None
    if move is not None and len(move.dropna()):
        m = move.dropna().astype(float)
        parts.append(m / m.rolling(250, min_periods=120).median().shift(1))
    if ten is not None and len(ten.dropna()):
        d = ten.dropna().astype(float).diff() * 100.0
        rv = d.rolling(20, min_periods=15).std()
        ratio = rv / rv.rolling(250, min_periods=120).median().shift(1)
        if parts:
            first = parts[0].dropna().index[0] if len(parts[0].dropna()) else ratio.index[-1]
            ratio = ratio[ratio.index < first]
            note = "before MOVE starts: 10y 20-day realised vol"
            until = pd.Timestamp(first)
        else:
            note = "MOVE missing: 10y 20-day realised vol"
        parts.insert(0, ratio)
    if not parts:
        return pd.Series(dtype=float), "no MOVE and no 10-year yield", None
    out = pd.concat(parts).dropna()
    return out[~out.index.duplicated(keep="last")].sort_index(), note, until


def build_parts(x: MonitorInputs) -> Parts:
    """Compute every part's value series over the whole history given.

    Runs each definition (:func:`~tsy.analytics.haven.haven_legs`,
    :func:`~tsy.analytics.speed.velocity_z`, :func:`vol_shock`,
    :func:`~tsy.analytics.liquidity_distance.liquidity_distance`,
    :func:`~tsy.analytics.basis.basis_trade`,
    :func:`~tsy.analytics.auction_signals.auction_signals`) on the named inputs, then
    :func:`assemble_parts`. The monitor runs the same functions through the indicator registry.
    """
    notes: dict[str, str] = {}
    legs = vel = bas = auc = None
    ten = x.curve.get(x.ten_year)
    if ten is not None and len(ten.dropna()):
        try:
            legs = haven_legs(x.equity, ten, x.dollar)
        except Exception as exc:
            notes["cross_asset"] = str(exc)
    curve = {k: v for k, v in x.curve.items() if v is not None and len(v.dropna())}
    if curve:
        vel = velocity_z(curve, x.years)
    vol = vol_shock(x.move, ten)
    liq_in = dict(x.liquidity)
    if ten is not None:
        liq_in.setdefault("ten_year", ten)
    liq = liquidity_distance(liq_in)
    if x.positions is not None and len(x.positions):
        cv = {float(x.years[k]): v for k, v in curve.items() if float(x.years[k]) >= 1.5}
        bas = basis_trade(x.positions, cv)
    if any(t is not None and len(t) for t in (x.auctions, x.auctions_secondary)):
        auc = auction_signals(x.auctions, secondary=x.auctions_secondary, when_issued=x.when_issued)
    last = max(v.index[-1] for v in curve.values()) if curve else None
    return assemble_parts(legs, vel, vol, liq, bas, auc, last_curve_date=last, notes=notes)


def assemble_parts(
    legs: pd.DataFrame | None,
    velocity: VelocityZ | None,
    vol: tuple[pd.Series, str, pd.Timestamp | None] | None,
    liquidity: LiquidityDistance | None,
    basis: BasisResult | None,
    auctions: AuctionSignals | None,
    *,
    last_curve_date: Any = None,
    notes: Mapping[str, str] | None = None,
) -> Parts:
    """Each part's value series in its stress direction, its scores and the daily composite.

    Parameters
    ----------
    legs : DataFrame or None
        :func:`~tsy.analytics.haven.haven_legs` (its ``failure`` column, sigmas).
    velocity : VelocityZ or None
        Its ``daily_max`` (max |z| of the coupon tenors).
    vol : (Series, str, Timestamp or None) or None
        :func:`vol_shock`: the volatility ratio, its note and the date the note ends.
    liquidity : LiquidityDistance or None
        Price measures (each on its fixed scale, the highest) and the reserves share.
    basis : BasisResult or None
        Its 4-week unwind, percent.
    auctions : AuctionSignals or None
        The worst stress z of the last 10 business days, on each business day from the first
        auction to ``last_curve_date`` (default: the last auction).
    notes : mapping, optional
        Part -> note carried to the readings.
    """
    values: dict[str, pd.Series] = {}
    out_notes = dict(notes or {})
    if legs is not None:
        values["cross_asset"] = legs["failure"].dropna()
    if velocity is not None:
        values["velocity"] = velocity.daily_max
    until: dict[str, pd.Timestamp] = {}
    if vol is not None:
        values["bond_vol"], out_notes["bond_vol"], switch = vol
        if switch is not None:
            until["bond_vol"] = switch
    if liquidity is not None:
        values["liquidity_price"] = _price_value(liquidity)
        values["liquidity_quantity"] = liquidity.deviation("reserves_share")
    if basis is not None:
        values["basis_trade"] = basis.history["unwind_4w_pct"].dropna()
    if auctions is not None and len(auctions.table):
        first = auctions.table["auction_date"].min()
        last = (
            last_curve_date if last_curve_date is not None else auctions.table["auction_date"].max()
        )
        values["auctions"] = auctions.daily_worst(pd.bdate_range(first, last)).dropna()
    values = {k: v for k, v in values.items() if v is not None and len(v)}
    scores = {k: SCALES[k].score(v) for k, v in values.items()}
    return Parts(values, scores, legs, velocity, liquidity, basis, auctions, out_notes, until)


def evaluate(parts: Parts, as_of: Any) -> Composite:
    """Read every part on or before ``as_of`` (respecting release lags) and combine."""
    asof = pd.Timestamp(as_of)
    readings: dict[str, PartReading] = {}
    for p, (unit, inputs) in _META.items():
        v = parts.values.get(p)
        lag = RELEASE_LAG_DAYS.get(p, 0)
        if v is not None and lag:
            v = v[pd.DatetimeIndex(v.index) + pd.Timedelta(days=lag) <= asof]
        r = reading(
            p,
            v,
            asof,
            unit=unit,
            inputs=inputs,
            note=parts.notes.get(p, ""),
        )
        end = parts.notes_until.get(p)
        if end is not None and r.date is not None and r.date >= end:
            r = replace(r, note="")
        readings[p] = r
    return composite(readings, asof)


def score_history(parts: Parts, dates: Sequence[Any]) -> pd.DataFrame:
    """Composite score, fresh-part count and every part's score at each date (for calibration).

    Read from the daily frame (each date uses only scores released by then); a date that is not
    a business day reads the business day before it.
    """
    d = parts.daily
    idx = pd.DatetimeIndex([pd.Timestamp(x) for x in dates])
    pos = d.index.searchsorted(idx, side="right") - 1
    out = d.iloc[pos.clip(min=0)].copy()
    out.loc[pos < 0] = np.nan
    out.index = idx
    out.index.name = "date"
    return out[["score", "fresh", *PARTS]]
