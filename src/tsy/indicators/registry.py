"""The indicator registry: each indicator is a declaration, evaluated point in time.

An :class:`Indicator` says what it needs (catalogue series and store tables, by *role*), which
pure function of :mod:`tsy.analytics` it calls with them, its unit, its stress direction, its
staleness limit, its English and Chinese labels, and the charts/tables it feeds. Nothing else
knows the catalogue ids: :func:`load_inputs` reads every input of a set of indicators once,
point in time (:mod:`tsy.indicators.load`), and :func:`evaluate` calls the function with the
role-named inputs and returns an :class:`Evaluated` (the result plus its lineage).

Adding an indicator is one :func:`register` call (usually in a module of declarations such as
:mod:`tsy.indicators.monitor_defs`) plus its pure function and its tests.

Examples
--------
>>> from tsy.indicators import monitor_defs  # doctest: +SKIP
>>> ind = get("bond_vol")  # doctest: +SKIP
>>> inp = load_inputs([ind], as_of="2025-04-11")  # doctest: +SKIP
>>> evaluate(ind, inp).result.summary()  # doctest: +SKIP
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from tsy import catalog
from tsy.analytics.composite import PARTS
from tsy.catalog.release import TABLE_RELEASES, release_dates
from tsy.config import Settings
from tsy.errors import InputError, TsyError
from tsy.indicators.load import load, load_table, parse_date

__all__ = [
    "REGISTRY",
    "Evaluated",
    "Indicator",
    "Inputs",
    "evaluate",
    "get",
    "lineage",
    "load_inputs",
    "register",
]

#: Stress directions: which way of the value is stress.
DIRECTIONS = ("up", "down", None)


@dataclass(frozen=True)
class Indicator:
    """One indicator, as data.

    Attributes
    ----------
    name : str
        Registry key (``cross_asset``, ``velocity``, ...).
    label_en, label_zh : str
        Labels in English and Chinese.
    unit : str
        Unit of its headline value (``score``, ``bp``, ``USD bn``, ...).
    compute : callable
        The pure function: called with one keyword per role (a Series for a series role, a
        DataFrame for a table role, None when missing from the store); returns the result
        object, or None when its data is missing.
    series : mapping role -> catalogue id
    tables : mapping role -> store table
    columns : mapping role -> tuple of str
        For a table role, the only columns its compute reads (the others are not read from the
        store); a table role without an entry is read whole.
    derived : mapping role -> (role, callable)
        Inputs prepared from another role's input by a pure function (``compute`` gets them as
        keywords too; None when the source is missing). Computed once per :class:`Inputs` for
        every indicator that declares the same (source, function): two analyses of one table
        share its preparation.
    required : tuple of str
        Roles without which ``compute`` is not called (the indicator is missing).
    direction : {"up", "down", None}
        Which way is stress (None: no stress direction).
    stale_after_days : int or None
        Age of the latest reading after which it is stale.
    feeds : tuple of str
        Charts and tables of the report/dashboard it feeds.
    parts : tuple of str
        The composite stress parts it scores (:data:`tsy.analytics.composite.PARTS`; none: it
        is shown, not scored).
    """

    name: str
    label_en: str
    label_zh: str
    unit: str
    compute: Callable[..., Any]
    series: Mapping[str, str] = field(default_factory=dict)
    tables: Mapping[str, str] = field(default_factory=dict)
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    derived: Mapping[str, tuple[str, Callable[[Any], Any]]] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    direction: str | None = None
    stale_after_days: int | None = None
    feeds: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ValueError(f"{self.name}: direction {self.direction!r} not in {DIRECTIONS}")
        roles = {*self.series, *self.tables}
        not_tables = [r for r in self.columns if r not in self.tables]
        if not_tables:
            raise ValueError(f"{self.name}: columns given for {not_tables}, not table roles")
        orphans = [r for r, (src, _) in self.derived.items() if src not in roles or r in roles]
        if orphans:
            raise ValueError(f"{self.name}: derived roles {orphans} lack a source role or clash")
        bad = [r for r in self.required if r not in roles]
        if bad:
            raise ValueError(f"{self.name}: required roles {bad} are not inputs")
        unknown = [p for p in self.parts if p not in PARTS]
        if unknown:
            raise ValueError(f"{self.name}: parts {unknown} not in {PARTS}")

    @property
    def ids(self) -> list[str]:
        """Catalogue ids of the series roles, in role order."""
        return list(dict.fromkeys(self.series.values()))


#: Every registered indicator by name, in registration order.
REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    """Add an indicator to :data:`REGISTRY` (a name registered twice is an error)."""
    if indicator.name in REGISTRY:
        raise ValueError(f"indicator {indicator.name!r} is registered twice")
    REGISTRY[indicator.name] = indicator
    return indicator


def get(name: str) -> Indicator:
    """The indicator called ``name``; ``InputError`` listing the known names otherwise."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise InputError(f"unknown indicator {name!r}; known: {', '.join(REGISTRY)}") from None


@dataclass(frozen=True)
class Inputs:
    """Inputs of a set of indicators, read once, point in time.

    Attributes
    ----------
    as_of : Timestamp or None
    series : dict id -> Series (series missing from the store are absent)
    tables : dict name -> DataFrame (tables missing or empty are absent)
    """

    as_of: pd.Timestamp | None
    series: dict[str, pd.Series]
    tables: dict[str, pd.DataFrame]
    #: (series id or table, function) -> its derived input (:attr:`Indicator.derived`).
    _derived: dict[tuple[str, Callable[[Any], Any]], Any] = field(
        default_factory=dict, repr=False, compare=False
    )

    def for_indicator(self, ind: Indicator) -> dict[str, Any]:
        """Role -> input (None when missing), derived roles included."""
        out: dict[str, Any] = {r: self.series.get(i) for r, i in ind.series.items()}
        out.update({r: self.tables.get(t) for r, t in ind.tables.items()})
        for role, (src, fn) in ind.derived.items():
            name = ind.series.get(src) or ind.tables[src]
            out[role] = self.prepared(name, fn) if out[src] is not None else None
        return out

    def prepared(self, name: str, fn: Callable[[Any], Any]) -> Any:
        """``fn`` of the series or table ``name``, computed once for these inputs."""
        key = (name, fn)
        if key not in self._derived:
            self._derived[key] = fn(self.series[name] if name in self.series else self.tables[name])
        return self._derived[key]


def _read_table(
    name: str,
    as_of: pd.Timestamp | None,
    end: pd.Timestamp | None,
    settings: Settings | None,
    columns: list[str] | None = None,
) -> Any:
    try:
        t = load_table(name, as_of=as_of, until=end, settings=settings, columns=columns)
    except TsyError:
        return None
    return t if len(t) else None


def load_inputs(
    indicators: Iterable[Indicator],
    require: Iterable[Indicator] = (),
    /,
    *,
    start: Any = None,
    as_of: Any = None,
    end: Any = None,
    settings: Settings | None = None,
) -> Inputs:
    """Read every series and table the indicators need, once.

    With ``as_of``: point in time, only what was released by it (:mod:`tsy.indicators.load`).
    With ``end`` (and no ``as_of``): everything in the store dated up to ``end`` ("now").
    ``start`` (inclusive) leaves out older observations. The series of the ``required`` roles of
    the indicators in ``require`` (positional) must be in the store (``InputError`` naming the
    missing ones and how to get them); any other input may be missing.
    """
    inds = list(indicators)
    strict = list(require)
    when = parse_date(as_of, "as_of")
    upto = parse_date(end, "end", end=True)
    need = list(
        dict.fromkeys(ind.series[r] for ind in strict for r in ind.required if r in ind.series)
    )
    ids = list(dict.fromkeys(i for ind in (*strict, *inds) for i in ind.series.values()))
    window = {"start": start, "end": end, "as_of": when, "settings": settings}
    series = load(need, **window) if need else {}
    rest = [i for i in ids if i not in series]
    if rest:
        series |= load(rest, **window, required=False)
    names = list(dict.fromkeys(t for ind in (*strict, *inds) for t in ind.tables.values()))
    cols = _table_columns([*strict, *inds])
    tables = {
        n: t for n in names if (t := _read_table(n, when, upto, settings, cols.get(n))) is not None
    }
    return Inputs(when if when is not None else upto, series, tables)


def _table_columns(inds: Iterable[Indicator]) -> dict[str, list[str] | None]:
    """Per store table, the union of the columns its readers declare; None (read it whole)
    when one of them declares none."""
    out: dict[str, list[str] | None] = {}
    for ind in inds:
        for role, table in ind.tables.items():
            declared = ind.columns.get(role)
            if declared is None:
                out[table] = None
            elif table not in out:
                out[table] = list(declared)
            elif (have := out[table]) is not None:
                out[table] = list(dict.fromkeys([*have, *declared]))
    return out


@lru_cache(maxsize=4096)
def _release(rule: str, last: pd.Timestamp, unit: str) -> pd.Timestamp:
    """Release date of one observation date (the same series' last date recurs across
    indicators and as-of dates; ``unit`` keeps equal dates of other resolutions apart)."""
    return pd.Timestamp(release_dates(rule, [last])[0])


def lineage(ind: Indicator, inputs: Inputs) -> list[dict[str, Any]]:
    """For each input of ``ind``: role, id or table, source, first/last date used, release date.

    ``release`` is the release date of the last observation used (its catalogue rule); a
    missing input has ``status`` ``missing``.
    """
    out: list[dict[str, Any]] = []
    for role, sid in ind.series.items():
        info = catalog.CATALOG[sid]
        s = inputs.series.get(sid)
        row: dict[str, Any] = {"role": role, "id": sid, "source": info.source}
        if s is None or not len(s):
            out.append({**row, "status": "missing"})
            continue
        last = pd.Timestamp(s.index[-1])
        rel = _release(info.release, last, last.unit)
        out.append(
            {**row, "status": "ok", "first": s.index[0], "last": last, "release": rel, "n": len(s)}
        )
    for role, name in ind.tables.items():
        t = inputs.tables.get(name)
        row = {"role": role, "id": name, "source": "store table"}
        col, rule = TABLE_RELEASES.get(name, ("date", "same_day"))
        if t is None or col not in t.columns:
            out.append({**row, "status": "missing"})
            continue
        out.append({**row, **inputs.prepared(name, _table_span(col, rule))})
    return out


def _table_span(col: str, rule: str) -> Callable[[pd.DataFrame], dict[str, Any]]:
    """A table's lineage fields: first and last ``col`` date, the last one's release, rows."""
    return _SPANS.setdefault((col, rule), functools.partial(_span_of, col=col, rule=rule))


def _span_of(t: pd.DataFrame, *, col: str, rule: str) -> dict[str, Any]:
    d = pd.to_datetime(t[col])
    rel = release_dates(rule, [d.max()])[0]
    return {"status": "ok", "first": d.min(), "last": d.max(), "release": rel, "n": len(t)}


#: One function per (date column, rule), so its span is computed once per table and inputs.
_SPANS: dict[tuple[str, str], Callable[[pd.DataFrame], dict[str, Any]]] = {}


@dataclass(frozen=True)
class Evaluated:
    """An indicator's result with where it came from.

    Attributes
    ----------
    indicator : Indicator
    result : object or None
        What ``indicator.compute`` returned (None when a required input is missing).
    lineage : list of dict
        :func:`lineage` of its inputs.
    """

    indicator: Indicator
    result: Any
    lineage: list[dict[str, Any]]


def evaluate(ind: Indicator, inputs: Inputs, **params: Any) -> Evaluated:
    """Call the indicator's pure function on its role-named inputs (and ``params``)."""
    args = inputs.for_indicator(ind)
    if any(args[r] is None for r in ind.required):
        return Evaluated(ind, None, lineage(ind, inputs))
    return Evaluated(ind, ind.compute(**args, **params), lineage(ind, inputs))
