"""Dollar liquidity in two dimensions -- quantity and price -- and the Fed as backstop.

Quantity (H.4.1 and NY Fed, converted here to USD billions; FRED units in brackets):

* Fed total assets ``WALCL`` [USD millions, Wednesday level], reserves ``WRESBAL`` [USD millions],
  Treasury General Account ``WTREGEN`` [USD millions], ON RRP take-up ``RRPONTSYD`` [USD billions,
  daily]; **net liquidity = WALCL - WTREGEN - RRPONTSYD**, on WALCL's Wednesdays, using the TGA of
  the same Wednesday and the last ON RRP on or before it.

Price (basis points, daily):

* ``sofr_iorb`` = SOFR - IORB (IOER before 2021-07-29, when IORB replaced IOER and IORR);
* ``effr_iorb`` = EFFR - IORB (IOER before 2021-07-29);
* ``sofr99_sofr`` = SOFR 99th percentile (``SOFR_P99``, NY Fed) - SOFR; ``tgcr_iorb`` = TGCR
  (``TGCR_NYFED``) - IORB;
* ``standing_repo`` = standing repo (SRF) take-up (``SRP_TAKEUP_USD``, NY Fed, USD), USD billions.

Each measure is set against its September 2019 (repo spike) and March 2020 (dash for cash)
extremes -- the most stressed value inside each month, in the measure's stress direction -- as
*the fraction of the way there*:

    fraction = (today - baseline) / (extreme - baseline)

where, for the price measures (stationary spreads), ``baseline`` is the measure's median over the
history given (0 = a typical day, 1 = as bad as the episode, negative = the calm side of typical);
for the quantity measures (levels that trend with the size of the balance sheet) the baseline is
zero, so the fraction is the ratio today / extreme (reserves at 2.0 are twice their September
2019 low). Each is also ranked against its own history as a percentile (``stress_pct`` in the
stress direction, 100 = most stressed on record). By construction an as-of date inside an
episode month sits at or near fraction 1.
Series absent from the inputs (e.g. SOFR percentiles, TGCR, standing repo, FIMA repo, discount
window, SOMA holdings) are reported with status ``missing``; nothing is filled in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tsy.analytics._result import Result
from tsy.analytics._stats import as_of_value, percentile_rank

__all__ = [
    "BACKSTOP",
    "EPISODES",
    "LiquidityResult",
    "PRICE_MEASURES",
    "QUANTITY_MEASURES",
    "admin_rate",
    "liquidity",
    "net_liquidity",
    "required_roles",
]

#: Stress episodes: name -> (first day, last day).
EPISODES: dict[str, tuple[str, str]] = {
    "sep2019": ("2019-09-01", "2019-09-30"),
    "mar2020": ("2020-03-01", "2020-03-31"),
}

#: Date IORB replaced IOER (Federal Reserve Board, 2021-07-28 implementation note).
IORB_START = pd.Timestamp("2021-07-29")

#: Input role -> factor to USD billions (the units the sources publish; FRED id in brackets).
_TO_BN: dict[str, float] = {
    "fed_assets": 1e-3,  # USD millions (WALCL)
    "reserves": 1e-3,  # USD millions (WRESBAL)
    "tga": 1e-3,  # USD millions (WTREGEN)
    "rrp": 1.0,  # USD billions (RRPONTSYD)
    "repo_others": 1e-3,  # USD millions (WORAL)
    "srf_takeup": 1e-9,  # USD (NY Fed repo operations, AM + PM; SRP_TAKEUP_USD)
    "discount_window": 1e-3,  # USD millions (WLCFLPCL)
    "soma_treasuries": 1e-3,  # USD millions (TREAST)
    "fima_repo": 1e-3,  # USD millions (H.4.1 repurchase agreements: foreign official)
}


@dataclass(frozen=True)
class Measure:
    """A liquidity measure: its inputs, how to compute it, its unit and stress direction."""

    name: str
    title: str
    inputs: tuple[str, ...]
    unit: str
    direction: int  # +1: higher is more stress; -1: lower is more stress
    fn: Callable[[Mapping[str, pd.Series]], pd.Series]
    baseline: str = "median"  # "median" (spreads) or "zero" (levels: fraction = today/extreme)


def admin_rate(ioer: pd.Series | None, iorb: pd.Series | None) -> pd.Series:
    """Interest on reserves: IOER up to 2021-07-28, IORB from 2021-07-29 (percent)."""
    parts = []
    if ioer is not None and len(ioer):
        parts.append(ioer[ioer.index < IORB_START])
    if iorb is not None and len(iorb):
        parts.append(iorb[iorb.index >= IORB_START])
    if not parts:
        return pd.Series(dtype=float, name="iorb")
    out = pd.concat(parts).sort_index().astype(float)
    out.name = "iorb"
    return out


def _spread_bp(a: pd.Series, b: pd.Series) -> pd.Series:
    return (pd.concat([a, b], axis=1, join="inner").diff(axis=1).iloc[:, -1] * -100.0).round(6)


def _minus_admin(rate: str) -> Callable[[Mapping[str, pd.Series]], pd.Series]:
    def f(s: Mapping[str, pd.Series]) -> pd.Series:
        return _spread_bp(s[rate], admin_rate(s.get("ioer"), s.get("iorb")))

    return f


def _level_bn(role: str) -> Callable[[Mapping[str, pd.Series]], pd.Series]:
    return lambda s: s[role].astype(float) * _TO_BN.get(role, 1.0)


def net_liquidity(walcl: pd.Series, tga: pd.Series, rrp: pd.Series) -> pd.DataFrame:
    """Net liquidity = Fed assets - TGA - ON RRP, USD billions, on WALCL's dates.

    Parameters
    ----------
    walcl, tga : Series
        ``WALCL`` and ``WTREGEN`` in USD millions (FRED units).
    rrp : Series
        ``RRPONTSYD`` in USD billions (FRED units); the last value on or before each Wednesday
        within 7 days is used (no ON RRP operation on a holiday).

    Returns
    -------
    DataFrame with ``assets_bn``, ``tga_bn``, ``rrp_bn``, ``net_liquidity_bn``.

    Examples
    --------
    >>> d = pd.DatetimeIndex(["2025-04-09"], name="date")
    >>> out = net_liquidity(pd.Series([6_700_000.0], d), pd.Series([300_000.0], d),
    ...                     pd.Series([100.0], d))
    >>> float(out["net_liquidity_bn"].iloc[0])
    6300.0
    """
    a = walcl.dropna().astype(float) * 1e-3
    t = tga.dropna().astype(float).reindex(a.index) * 1e-3
    r = rrp.dropna().astype(float).sort_index()
    r_on = pd.merge_asof(
        pd.DataFrame({"date": a.index}),
        pd.DataFrame({"date": r.index, "rrp": r.to_numpy()}),
        on="date",
        tolerance=pd.Timedelta("7D"),
    ).set_index("date")["rrp"]
    out = pd.DataFrame({"assets_bn": a, "tga_bn": t, "rrp_bn": r_on.to_numpy()}, index=a.index)
    out["net_liquidity_bn"] = out["assets_bn"] - out["tga_bn"] - out["rrp_bn"]
    out.index.name = "date"
    return out


def _net(s: Mapping[str, pd.Series]) -> pd.Series:
    return net_liquidity(s["fed_assets"], s["tga"], s["rrp"])["net_liquidity_bn"]


_M = Measure
_Z = "zero"
#: Quantity measures (USD billions).
QUANTITY_MEASURES: dict[str, Measure] = {
    m.name: m
    for m in [
        _M("reserves", "Reserve balances", ("reserves",), "USD bn", -1, _level_bn("reserves"), _Z),
        _M("rrp", "ON RRP take-up", ("rrp",), "USD bn", -1, _level_bn("rrp"), _Z),
        _M("tga", "Treasury General Account", ("tga",), "USD bn", 1, _level_bn("tga"), _Z),
        _M(
            "fed_assets",
            "Fed total assets",
            ("fed_assets",),
            "USD bn",
            -1,
            _level_bn("fed_assets"),
            _Z,
        ),
        _M(
            "net_liquidity",
            "Net liquidity (assets - TGA - ON RRP)",
            ("fed_assets", "tga", "rrp"),
            "USD bn",
            -1,
            _net,
            _Z,
        ),
    ]
}

#: Price measures (basis points, or USD billions for take-up).
PRICE_MEASURES: dict[str, Measure] = {
    m.name: m
    for m in [
        _M(
            "sofr_iorb",
            "SOFR - IORB (IOER before 2021-07-29)",
            ("sofr",),
            "bp",
            1,
            _minus_admin("sofr"),
        ),
        _M(
            "effr_iorb",
            "EFFR - IORB (IOER before 2021-07-29)",
            ("effr",),
            "bp",
            1,
            _minus_admin("effr"),
        ),
        _M(
            "sofr99_sofr",
            "SOFR 99th percentile - SOFR",
            ("sofr_p99", "sofr"),
            "bp",
            1,
            lambda s: _spread_bp(s["sofr_p99"], s["sofr"]),
        ),
        _M("tgcr_iorb", "TGCR - IORB", ("tgcr",), "bp", 1, _minus_admin("tgcr")),
        _M(
            "standing_repo",
            "Standing repo take-up",
            ("srf_takeup",),
            "USD bn",
            1,
            _level_bn("srf_takeup"),
        ),
    ]
}

#: The Fed as backstop: input role -> title (USD billions after conversion).
BACKSTOP: dict[str, str] = {
    "srf_takeup": "Standing repo (SRF) take-up, daily (NY Fed operations)",
    "fima_repo": "FIMA repo facility take-up (H.4.1 repo: foreign official)",
    "repo_others": "Repurchase agreements: others (H.4.1, incl. standing repo)",
    "discount_window": "Discount window: primary credit (H.4.1)",
    "soma_treasuries": "SOMA Treasury securities held outright (H.4.1)",
}
#: The admin rate's two roles: IOER up to 2021-07-28, IORB from 2021-07-29.
_ADMIN = ("ioer", "iorb")

#: Series that need the admin rate (IOER/IORB) besides their own inputs.
_NEEDS_ADMIN = {"sofr_iorb", "effr_iorb", "tgcr_iorb"}


def required_roles() -> list[str]:
    """Every input role liquidity can use (present ones are used, absent ones reported missing)."""
    roles: list[str] = []
    for m in [*QUANTITY_MEASURES.values(), *PRICE_MEASURES.values()]:
        roles += list(m.inputs)
    roles += [*_ADMIN, *BACKSTOP]
    return list(dict.fromkeys(roles))


@dataclass(frozen=True, repr=False)
class LiquidityResult(Result, frame="table"):
    """Result of :func:`liquidity`.

    Attributes
    ----------
    table : DataFrame
        One row per measure: ``dimension, measure, title, unit, direction, status, date, value,
        pct, stress_pct, median, sep2019_extreme, sep2019_date, sep2019_fraction,
        mar2020_extreme, mar2020_date, mar2020_fraction, inputs``. ``stress_pct`` is the
        percentile in the stress direction (100 = most stressed on record).
    backstop : DataFrame
        ``series_id, title, status, date, value_bn, chg_1w_bn, chg_4w_bn``.
    history : dict of str to Series
        Each computed measure's full series (for charts and checks).
    """

    table: pd.DataFrame
    backstop: pd.DataFrame
    history: dict[str, pd.Series] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        """Measures and backstop series that could not be computed."""
        m = self.table.loc[self.table["status"] == "missing", "measure"].tolist()
        b = self.backstop.loc[self.backstop["status"] == "missing", "series_id"].tolist()
        return [*m, *b]

    def summary(self) -> str:
        """One line per available measure, then the missing ones."""
        lines = []
        for r in self.table[self.table["status"] == "ok"].to_dict("records"):
            lines.append(
                f"{r['title']}: {r['value']:.1f} {r['unit']} ({str(r['date'])[:10]}), "
                f"pct {r['pct']:.0f}; Sep 2019 {r['sep2019_fraction']:+.2f}, "
                f"Mar 2020 {r['mar2020_fraction']:+.2f} of the way"
            )
        if self.missing:
            lines.append("missing: " + ", ".join(self.missing))
        return "\n".join(lines)


def _episode_stats(x: pd.Series, direction: int, base: float, today: float) -> dict[str, object]:
    out: dict[str, object] = {}
    for ep, (a, b) in EPISODES.items():
        if x.index.is_monotonic_increasing:  # the dates from a to b (inclusive) are one slice
            lo = x.index.searchsorted(pd.Timestamp(a), side="left")
            hi = x.index.searchsorted(pd.Timestamp(b), side="right")
            w = x.iloc[lo:hi].dropna()
        else:
            w = x[(x.index >= a) & (x.index <= b)].dropna()
        if w.empty:
            out.update({f"{ep}_extreme": np.nan, f"{ep}_date": pd.NaT, f"{ep}_fraction": np.nan})
            continue
        i = int(np.argmax((w * direction).to_numpy()))
        d, ext = w.index[i], float(w.iloc[i])
        frac = (today - base) / (ext - base) if ext != base else np.nan
        out.update({f"{ep}_extreme": ext, f"{ep}_date": d, f"{ep}_fraction": frac})
    return out


def _row(
    dim: str, m: Measure, series: Mapping[str, pd.Series], ids: Mapping[str, str]
) -> tuple[dict[str, object], pd.Series | None]:
    admin = "|".join(ids.get(r, r) for r in _ADMIN)
    need = [ids.get(r, r) for r in m.inputs] + ([admin] if m.name in _NEEDS_ADMIN else [])
    absent = [ids.get(r, r) for r in m.inputs if r not in series or series[r].dropna().empty]
    if m.name in _NEEDS_ADMIN and not any(k in series and len(series[k]) for k in _ADMIN):
        absent.append(admin)
    base: dict[str, object] = {
        "dimension": dim,
        "measure": m.name,
        "title": m.title,
        "unit": m.unit,
        "direction": m.direction,
        "inputs": ",".join(need),
    }
    if absent:
        base.update(status="missing", missing_inputs=",".join(absent))
        return base, None
    x = m.fn(series).dropna()
    if x.empty:
        base.update(status="missing", missing_inputs="no common dates")
        return base, None
    today = float(x.iloc[-1])
    med = float(x.median())
    base_value = med if m.baseline == "median" else 0.0
    pct = percentile_rank(x, today)
    base.update(
        status="ok",
        missing_inputs="",
        date=x.index[-1],
        value=today,
        pct=pct,
        stress_pct=pct if m.direction > 0 else float((x.to_numpy() >= today).mean() * 100.0),
        median=med,
        baseline=base_value,
        first_date=x.index[0],
        **_episode_stats(x, m.direction, base_value, today),
    )
    return base, x


def liquidity(
    series: Mapping[str, pd.Series], ids: Mapping[str, str] | None = None
) -> LiquidityResult:
    """Liquidity by quantity and price against September 2019 and March 2020, and the backstop.

    Parameters
    ----------
    series : mapping role -> Series
        Any of :func:`required_roles`, in the sources' units (see ``_TO_BN``), cut at the as-of
        date. Absent roles make their measures ``missing``.
    ids : mapping role -> str, optional
        The catalogue id of each role: the ``inputs``, ``missing_inputs`` and backstop
        ``series_id`` columns name the series by it (default: the role).

    Returns
    -------
    LiquidityResult
    """
    rows = []
    hist: dict[str, pd.Series] = {}
    for dim, reg in (("quantity", QUANTITY_MEASURES), ("price", PRICE_MEASURES)):
        for m in reg.values():
            row, x = _row(dim, m, series, ids or {})
            rows.append(row)
            if x is not None:
                hist[m.name] = x
    cols = [
        "dimension", "measure", "title", "unit", "direction", "status", "date", "value", "pct",
        "stress_pct", "median", "baseline", "sep2019_extreme", "sep2019_date", "sep2019_fraction",
        "mar2020_extreme", "mar2020_date", "mar2020_fraction", "first_date", "inputs",
        "missing_inputs",
    ]  # fmt: skip
    table = pd.DataFrame(rows).reindex(columns=cols)
    back: list[dict[str, object]] = []
    for role, title in BACKSTOP.items():
        s = series.get(role)
        sid = (ids or {}).get(role, role)
        if s is None or s.dropna().empty:
            back.append({"series_id": sid, "title": title, "status": "missing"})
            continue
        v = s.dropna().astype(float) * _TO_BN.get(role, 1.0)
        last = v.index[-1]
        back.append(
            {
                "series_id": sid,
                "title": title,
                "status": "ok",
                "date": last,
                "value_bn": float(v.iloc[-1]),
                "chg_1w_bn": float(v.iloc[-1]) - as_of_value(v, last - pd.Timedelta("7D")),
                "chg_4w_bn": float(v.iloc[-1]) - as_of_value(v, last - pd.Timedelta("28D")),
            }
        )
    bcols = ["series_id", "title", "status", "date", "value_bn", "chg_1w_bn", "chg_4w_bn"]
    return LiquidityResult(
        table=table, backstop=pd.DataFrame(back).reindex(columns=bcols), history=hist
    )
