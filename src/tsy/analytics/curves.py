"""Nominal, real (TIPS) and breakeven curves: levels, spreads, forwards and a snapshot.

Pure functions on tsy series (no I/O, no clock, no catalogue id). Inputs are a mapping
``role -> Series`` (percent, daily constant-maturity yields): ``nominal_<t>y`` and ``real_<t>y``
(TIPS real yield) for the tenors ``t`` of :data:`TENORS`, plus ``nominal_3m`` and ``nominal_2y``
for the spreads. The indicator registry maps the roles to catalogue ids
(:mod:`tsy.indicators.studies_defs`: FRED H.15 ``DGS*`` and ``DFII*``); the functions that name
their inputs in notes take ``names`` (role -> what to call it, e.g. its id; default the role).

Conventions
-----------
* Breakeven = nominal yield - TIPS yield, same tenor, same date (no fill across dates). This is
  FRED's own definition of T5YIE and T10YIE ("BC_5YEAR - TC_5YEAR"); FRED publishes only the 5y
  and 10y, so 7y, 20y and 30y come only from this difference.
* Forward breakeven between tenors ``a < b`` with annual compounding, FRED's T5YIFR formula:
  ``(((1 + BE_b/100)^b / (1 + BE_a/100)^a)^(1/(b-a)) - 1) * 100``; 5y5y uses the 5y and 10y
  breakevens, 10y10y the 10y and 20y.
* Curve spreads in basis points: 3m10y = 10y - 3m, 2s10s = 10y - 2y, 5s30s = 30y - 5y (nominal).
* A series is *stale* when its last observation is more than ``max_age_days`` calendar days
  before ``as_of``; anything derived from it is stale too and says which input ended when.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from tsy.analytics._result import Result
from tsy.analytics._stats import check_series, last_valid_date, resolve_as_of, snapshot
from tsy.errors import InputError
from tsy.math.breakeven import forward_breakeven as _forward_be

__all__ = [
    "FORWARDS",
    "SPREADS",
    "TENORS",
    "CurveMonitor",
    "breakeven",
    "breakevens",
    "compare_with_published",
    "coverage",
    "curve_monitor",
    "curve_spreads",
    "forward_breakeven",
    "forward_breakevens",
    "nominal_curve",
    "nominal",
    "real",
    "real_curve",
    "required_roles",
    "tenor_frame",
]


#: The TIPS tenors (years): each has a nominal and a real leg (roles :func:`nominal`, :func:`real`).
TENORS: tuple[int, ...] = (5, 7, 10, 20, 30)


def nominal(tenor: int) -> str:
    """Role of the nominal yield of a tenor: ``nominal(10) == "nominal_10y"``."""
    return f"nominal_{tenor}y"


def real(tenor: int) -> str:
    """Role of the TIPS real yield of a tenor: ``real(10) == "real_10y"``."""
    return f"real_{tenor}y"


#: Forward breakevens: name -> (short tenor, long tenor).
FORWARDS: dict[str, tuple[int, int]] = {"5y5y": (5, 10), "10y10y": (10, 20)}

#: Nominal curve spreads in bp: name -> (short leg role, long leg role); spread = long - short.
SPREADS: dict[str, tuple[str, str]] = {
    "3m10y": ("nominal_3m", nominal(10)),
    "2s10s": ("nominal_2y", nominal(10)),
    "5s30s": (nominal(5), nominal(30)),
}


def required_roles(tenors: Sequence[int] = TENORS) -> list[str]:
    """Every input role the curve analyses read, for the chosen tenors."""
    roles: list[str] = []
    for t in _check_tenors(tenors):
        roles += [nominal(t), real(t)]
    for short, long_ in SPREADS.values():
        roles += [short, long_]
    return sorted(set(roles))


def _check_tenors(tenors: Sequence[int]) -> list[int]:
    bad = [t for t in tenors if t not in TENORS]
    if bad:
        raise InputError(f"unknown tenor(s) {bad}: expected one of {sorted(TENORS)} (years)")
    return list(tenors)


def _get(data: Mapping[str, pd.Series], role: str) -> pd.Series | None:
    s = data.get(role)
    return None if s is None else check_series(s, role)


def breakeven(nominal: pd.Series, real: pd.Series, name: str | None = None) -> pd.Series:
    """Breakeven inflation = nominal yield - TIPS real yield on the same date (percent).

    Parameters
    ----------
    nominal, real : Series
        Constant-maturity yields of the same tenor, percent (e.g. DGS10 and DFII10).
    name : str, optional
        Name of the result (default ``"<nominal>-<real>"``).

    Returns
    -------
    Series on the dates both inputs have, percent.

    Examples
    --------
    On 2022-02-11, DGS10 = 1.92 and DFII10 = -0.51 give 2.43 (= FRED T10YIE that day).
    """
    n = check_series(nominal, "nominal")
    r = check_series(real, "real")
    be = (n - r).dropna()
    be.index.name = "date"
    be.name = name or f"{nominal.name}-{real.name}"
    return be


def tenor_frame(
    data: Mapping[str, pd.Series], tenor: int, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Nominal, real and breakeven of one tenor, columns ``nominal_pct real_pct breakeven_pct``.

    The frame is on the union of dates; the breakeven is only where both legs exist. A missing
    leg is named by ``names`` (role -> name; default the role).
    """
    (t,) = _check_tenors([tenor])
    legs = (nominal(t), real(t))
    n, r = _get(data, legs[0]), _get(data, legs[1])
    if n is None or r is None:
        missing = [(names or {}).get(i, i) for i, s in zip(legs, (n, r), strict=True) if s is None]
        raise InputError(f"{t}y curve needs {', '.join(missing)}: not given")
    out = pd.concat({"nominal_pct": n, "real_pct": r}, axis=1, sort=True)
    out["breakeven_pct"] = out["nominal_pct"] - out["real_pct"]
    out.index.name = "date"
    return out


def breakevens(data: Mapping[str, pd.Series], tenors: Sequence[int] = TENORS) -> pd.DataFrame:
    """Breakevens for several tenors, columns ``be_<t>y_pct`` (percent), NaN where a leg is missing.

    A tenor whose inputs are absent from ``data`` is left out (see :func:`coverage` for why).
    """
    cols = {}
    for t in _check_tenors(tenors):
        n, r = _get(data, nominal(t)), _get(data, real(t))
        if n is not None and r is not None:
            cols[f"be_{t}y_pct"] = breakeven(n, r)
    frame = pd.concat(cols, axis=1, sort=True) if cols else pd.DataFrame()
    frame.index.name = "date"
    return frame


def _curve(data: Mapping[str, pd.Series], kind: str, tenors: Sequence[int]) -> pd.DataFrame:
    cols = {}
    for t in _check_tenors(tenors):
        s = _get(data, f"{kind}_{t}y")
        if s is not None:
            cols[f"{kind}_{t}y_pct"] = s
    frame = pd.concat(cols, axis=1, sort=True) if cols else pd.DataFrame()
    frame.index.name = "date"
    return frame


def real_curve(data: Mapping[str, pd.Series], tenors: Sequence[int] = TENORS) -> pd.DataFrame:
    """TIPS real-yield curve, columns ``real_<t>y_pct`` (percent), one row per date."""
    return _curve(data, "real", tenors)


def nominal_curve(data: Mapping[str, pd.Series], tenors: Sequence[int] = TENORS) -> pd.DataFrame:
    """Nominal constant-maturity curve at the TIPS tenors, columns ``nominal_<t>y_pct``."""
    return _curve(data, "nominal", tenors)


def forward_breakeven(
    be_short: pd.Series, be_long: pd.Series, short_years: float, long_years: float
) -> pd.Series:
    """Forward breakeven between two tenors, annual compounding (FRED T5YIFR formula).

    Formula: ``(((1 + L/100)^b / (1 + S/100)^a)^(1/(b-a)) - 1) * 100`` with ``S``, ``L`` the
    short and long breakevens (percent) and ``a < b`` their tenors in years, computed by
    :func:`tsy.math.breakeven.forward_breakeven`. Source: FRED series
    notes of T5YIFR,
    ``(((((1+((BC_10YEAR-TC_10YEAR)/100))^10)/((1+((BC_5YEAR-TC_5YEAR)/100))^5))^0.2)-1)*100``.

    Examples
    --------
    5y5y with 5y = 2.82 and 10y = 2.43 (2022-02-11) gives 2.04, FRED's T5YIFR that day.
    """
    if not 0 < short_years < long_years:
        raise InputError(f"forward needs 0 < short < long tenor, got {short_years}, {long_years}")
    both = pd.concat([be_short, be_long], axis=1, join="inner").dropna()
    fwd = _forward_be(both.iloc[:, 0], short_years, both.iloc[:, 1], long_years)
    fwd.index.name = "date"
    return fwd


def forward_breakevens(data: Mapping[str, pd.Series]) -> pd.DataFrame:
    """Forward breakevens of :data:`FORWARDS`, columns ``fwd_<name>_pct`` (percent)."""
    be = breakevens(data)
    cols = {}
    for name, (a, b) in FORWARDS.items():
        ca, cb = f"be_{a}y_pct", f"be_{b}y_pct"
        if ca in be and cb in be:
            cols[f"fwd_{name}_pct"] = forward_breakeven(be[ca], be[cb], a, b)
    frame = pd.concat(cols, axis=1, sort=True) if cols else pd.DataFrame()
    frame.index.name = "date"
    return frame


def curve_spreads(data: Mapping[str, pd.Series]) -> pd.DataFrame:
    """Nominal curve spreads of :data:`SPREADS` in basis points, columns ``<name>_bp``."""
    cols = {}
    for name, (short, long_) in SPREADS.items():
        s, lg = _get(data, short), _get(data, long_)
        if s is not None and lg is not None:
            cols[f"{name}_bp"] = ((lg - s) * 100.0).dropna()
    frame = pd.concat(cols, axis=1, sort=True) if cols else pd.DataFrame()
    frame.index.name = "date"
    return frame


def _status(
    sid: str, s: pd.Series | None, as_of: pd.Timestamp, max_age_days: int
) -> tuple[pd.Timestamp | None, pd.Timestamp | None, str]:
    """First and last date of input ``s`` (called ``sid`` in the note) and why it is stale."""
    if s is None or not len(s):
        return None, None, f"{sid} missing"
    last = last_valid_date(s.loc[:as_of])
    if last is None:
        return pd.Timestamp(s.index[0]), None, f"{sid} starts after {as_of.date()}"
    age = (as_of - last).days
    note = (
        f"{sid} ends {last.date()} ({age} days before {as_of.date()})" if age > max_age_days else ""
    )
    return pd.Timestamp(s.index[0]), last, note


def coverage(
    data: Mapping[str, pd.Series],
    *,
    as_of: pd.Timestamp | str | None = None,
    max_age_days: int = 10,
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Where each derived series starts and ends, and whether it is stale or missing (and why).

    Parameters
    ----------
    names : mapping role -> str, optional
        What to call each input in ``inputs`` and ``note`` (the registry passes the catalogue
        ids: ``DFII7``); default the role.

    Returns
    -------
    DataFrame indexed by ``series`` (``be_5y`` ..., ``fwd_5y5y`` ..., ``3m10y`` ...) with columns
    ``inputs`` (names joined by ``+``), ``first``, ``last`` (dates of the derived series up to
    ``as_of``), ``status`` (``ok``, ``stale`` or ``missing``) and ``note`` naming the input that
    is missing or ended early, e.g. ``DFII7 ends 2022-11-25 (...)``.
    """
    present = [s for s in data.values() if s is not None and len(s)]
    when = resolve_as_of(as_of, *present)
    label = dict(names or {})
    deps: dict[str, list[str]] = {}
    for t in TENORS:
        deps[f"be_{t}y"] = [nominal(t), real(t)]
    for name, (a, b) in FORWARDS.items():
        both = set(deps[f"be_{a}y"] + deps[f"be_{b}y"])
        deps[f"fwd_{name}"] = sorted(both, key=lambda r: label.get(r, r))
    for name, legs in SPREADS.items():
        deps[name] = list(legs)
    rows = []
    for name, inputs in deps.items():
        firsts, lasts, notes = [], [], []
        missing = False
        for role in inputs:
            first, last, note = _status(label.get(role, role), _get(data, role), when, max_age_days)
            missing |= last is None
            firsts.append(first)
            lasts.append(last)
            if note:
                notes.append(note)
        status = "missing" if missing else ("stale" if notes else "ok")
        rows.append(
            {
                "series": name,
                "inputs": "+".join(label.get(r, r) for r in inputs),
                "first": None if missing else max(f for f in firsts if f is not None),
                "last": None if missing else min(d for d in lasts if d is not None),
                "status": status,
                "note": "; ".join(notes),
            }
        )
    return pd.DataFrame(rows).set_index("series")


def compare_with_published(
    computed: pd.Series, published: pd.Series, *, tol: float = 0.01
) -> dict[str, object]:
    """Compare a computed series with the one FRED publishes, on their common dates.

    Returns
    -------
    dict with ``n_common`` (dates), ``n_beyond_tol`` (``|diff| > tol + 1e-9``), ``max_abs_diff``
    and ``dates_beyond_tol`` (list of the differing dates).
    """
    both = pd.concat([computed, published], axis=1, join="inner").dropna()
    diff = (both.iloc[:, 0] - both.iloc[:, 1]).abs()
    bad = diff[diff > tol + 1e-9]
    return {
        "n_common": len(both),
        "n_beyond_tol": len(bad),
        "max_abs_diff": float(diff.max()) if len(diff) else float("nan"),
        "dates_beyond_tol": [d.date().isoformat() for d in bad.index],
    }


@dataclass(frozen=True, repr=False)
class CurveMonitor(Result, frame="table"):
    """Snapshot of the curves as of a date.

    Attributes
    ----------
    as_of : Timestamp
    table : DataFrame
        One row per series (nominal, real, breakeven by tenor, forwards, spreads), from
        :func:`tsy.analytics._stats.snapshot`, plus ``kind``, ``status`` and ``note`` columns.
    coverage : DataFrame
        See :func:`coverage`.
    """

    as_of: pd.Timestamp
    table: pd.DataFrame
    coverage: pd.DataFrame
    lookback: str = "5y"
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few plain lines: 10y legs, 5y5y, 2s10s and every stale or missing series."""
        lines = [f"Curves as of {self.as_of.date()} (look-back {self.lookback})"]
        for key in ("nominal_10y", "real_10y", "be_10y", "fwd_5y5y", "2s10s"):
            if key in self.table.index:
                row = self.table.loc[key]
                lvl = row.filter(like="level").iloc[0]
                lines.append(
                    f"  {key}: {lvl:.2f} on {str(row['date'])[:10]}, "
                    f"1y change {row['chg_1y_bp']:+.0f}bp, percentile {row['percentile']:.0f}"
                )
        lines += [f"  {n}" for n in self.notes]
        return "\n".join(lines)


def curve_monitor(
    data: Mapping[str, pd.Series],
    *,
    as_of: pd.Timestamp | str | None = None,
    lookback_years: int = 5,
    max_age_days: int = 10,
    names: Mapping[str, str] | None = None,
) -> CurveMonitor:
    """Level, 1w/1m/3m/1y changes (bp), percentile and z-score of every curve series.

    Parameters
    ----------
    data : mapping role -> Series
        Any of :func:`required_roles`; missing ones are reported, not guessed.
    as_of : date, optional
        Snapshot date (default: the latest observation in ``data``).
    lookback_years : int
        Window of the percentile and z-score.
    max_age_days : int
        A series whose last observation is older than this before ``as_of`` is flagged stale.
    names : mapping role -> str, optional
        What the notes call each input (see :func:`coverage`).
    """
    present = [s for s in data.values() if s is not None and len(s)]
    when = resolve_as_of(as_of, *present)
    label = dict(names or {})
    cov = coverage(data, as_of=when, max_age_days=max_age_days, names=label)
    levels: dict[str, pd.Series] = {}
    kinds: dict[str, str] = {}
    for t in TENORS:
        for kind in ("nominal", "real"):
            s = _get(data, f"{kind}_{t}y")
            if s is not None:
                levels[f"{kind}_{t}y"], kinds[f"{kind}_{t}y"] = s, kind
    for col, s in breakevens(data).items():
        key = str(col).removesuffix("_pct")
        levels[key], kinds[key] = s.dropna(), "breakeven"
    for col, s in forward_breakevens(data).items():
        key = str(col).removesuffix("_pct")
        levels[key], kinds[key] = s.dropna(), "forward"
    for col, s in curve_spreads(data).items():
        key = str(col).removesuffix("_bp")
        levels[key], kinds[key] = s.dropna() / 100.0, "spread"
    table = snapshot(levels, as_of=when, lookback=pd.DateOffset(years=lookback_years))
    table.insert(0, "kind", pd.Series(kinds))
    status = cov["status"].reindex(table.index).fillna("ok")
    note = cov["note"].reindex(table.index).fillna("")
    for key in table.index:
        if key.startswith(("nominal_", "real_")):  # a leg: its key is its role
            _, last, msg = _status(label.get(key, key), _get(data, key), when, max_age_days)
            status[key], note[key] = ("stale" if msg else "ok"), msg
    table["status"], table["note"] = status, note
    notes = [f"{k}: {v}" for k, v in note.items() if v]
    notes += [f"{k}: missing ({r.note})" for k, r in cov.iterrows() if r.status == "missing"]
    return CurveMonitor(
        as_of=when, table=table, coverage=cov, lookback=f"{lookback_years}y", notes=notes
    )
