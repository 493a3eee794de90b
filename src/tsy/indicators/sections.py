"""Gather everything the report and the dashboard show, section by section, from the store.

Glue only: each section is one call of the studies (:mod:`tsy.indicators.studies`) or the stress
monitor
(:func:`tsy.indicators.monitor.run_monitor`), registered in :data:`SECTIONS`. A section whose data
is missing does not stop the others: its error message (an :class:`tsy.errors.TsyError`) is
kept in ``ReportData.errors`` and shown in place of the section.

Examples
--------
>>> data = collect(settings=settings)               # doctest: +SKIP
>>> data.monitor.stress.score                        # doctest: +SKIP
70.1
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tsy import catalog
from tsy.analytics.curves import TENORS
from tsy.cache import DerivedCache, for_store
from tsy.config import Settings, load_settings
from tsy.errors import InputError, TsyError
from tsy.indicators import studies
from tsy.indicators.load import freshness, parse_date
from tsy.indicators.monitor import CORE, run_monitor
from tsy.indicators.registry import evaluate, load_inputs
from tsy.indicators.snapshot_defs import SNAPSHOT
from tsy.store import open_store

__all__ = ["SECTIONS", "ReportData", "collect", "data_status", "load_section", "snapshot_section"]


def data_status(as_of: Any = None, settings: Settings | None = None) -> pd.DataFrame:
    """Each catalogue series: last date on or before ``as_of``, source, age and status.

    The default ``as_of`` is the last date of ``DGS10`` (the monitor's default).

    Returns
    -------
    DataFrame with ``series_id, title_en, title_zh, group, source, frequency, last_date,
    age_days, status`` (``fresh``, ``stale`` or ``missing``), in catalogue order.
    """
    settings = settings or load_settings()
    infos = catalog.all_series()
    when = parse_date(as_of, "as_of")
    with open_store(settings.db, readonly=True) as store:
        stats = store.series_stats()
    src = dict(zip(stats["series_id"], stats["source"], strict=True)) if len(stats) else {}
    if when is None:
        # the monitor's default: the last date of the core series (DGS10), else the latest
        lasts = (
            pd.to_datetime(stats.set_index("series_id")["last_date"]).dropna()
            if len(stats)
            else None
        )
        if lasts is None or lasts.empty:
            when = pd.Timestamp("1970-01-01")
        else:
            when = lasts.get(CORE, lasts.max())
    fr = freshness([i.id for i in infos], as_of=when, settings=settings).set_index("series_id")
    rows = []
    for info in infos:
        f = fr.loc[info.id]
        last = f["last_date"]
        status: str = "missing" if pd.isna(last) else ("stale" if bool(f["stale"]) else "fresh")
        rows.append(
            {
                "series_id": info.id,
                "title_en": info.title_en,
                "title_zh": info.title_zh,
                "group": info.group,
                "source": src.get(info.id) or info.source,
                "frequency": info.frequency,
                "last_date": last,
                "age_days": f["age_days"],
                "status": status,
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["as_of"] = when
    return out


class TenorCurves(dict[int, pd.DataFrame]):
    """Curve frames by tenor (years); ``missing[tenor]`` says why a tenor has none."""

    def __init__(self) -> None:
        super().__init__()
        self.missing: dict[int, str] = {}


def _tenor_curves(as_of: Any, settings: Settings) -> TenorCurves:
    """Every tenor that has data as of the date: before 2010 there is no 30-year TIPS (DFII30
    starts 2010-02-22) but the 5/7/10/20-year curves exist and are shown."""
    out = TenorCurves()
    for t in TENORS:
        try:
            out[t] = studies.tenor_curves(t, as_of=as_of, settings=settings)
        except TsyError as exc:
            out.missing[t] = str(exc)
    if not out:
        raise InputError("; ".join(out.missing.values()))
    return out


def snapshot_section(as_of: Any, settings: Settings) -> Any:
    """Today's levels (:mod:`tsy.indicators.snapshot_defs`) as of ``as_of``, point in time.

    Raises
    ------
    InputError
        No nominal or TIPS yield of the five TIPS tenors is in the store.
    """
    res = evaluate(SNAPSHOT, load_inputs([SNAPSHOT], as_of=as_of, settings=settings)).result
    if res is None or res.table.empty:
        ids = ", ".join(SNAPSHOT.series.values())
        raise InputError(f"snapshot: none of {ids} is in the store; run `tsy update`")
    return res


#: Section name -> loader(as_of, settings). Each returns the object the report/web render.
SECTIONS: dict[str, Callable[[Any, Settings], Any]] = {
    "monitor": run_monitor,
    "snapshot": snapshot_section,
    "curves": _tenor_curves,
    "tenor_table": lambda a, s: studies.tenor_table(as_of=a, settings=s),
    "inflation": lambda a, s: studies.inflation_signal(as_of=a, settings=s),
    "metals": lambda a, s: studies.metals_table(as_of=a, settings=s),
    "cycles": lambda a, s: studies.hiking_cycles(as_of=a, settings=s),
    "status": lambda a, s: data_status(as_of=a, settings=s),
}


@dataclass
class ReportData:
    """All sections' results. ``errors[name]`` says why a section is None."""

    as_of: pd.Timestamp | None
    monitor: Any = None
    snapshot: Any = None
    curves: TenorCurves | None = None
    tenor_table: Any = None
    inflation: Any = None
    metals: Any = None
    cycles: Any = None
    status: pd.DataFrame | None = None
    errors: dict[str, str] = field(default_factory=dict)
    cache: DerivedCache | None = None

    def curve(self, tenor: int) -> pd.DataFrame:
        """The curve frame of one tenor; ``InputError`` saying why when it has no data."""
        curves = self.need("curves")
        if tenor not in curves:
            raise InputError(getattr(curves, "missing", {}).get(tenor, f"{tenor}y curve: no data"))
        return curves[tenor]

    def need(self, name: str) -> Any:
        """A section's result by name; ``InputError`` saying why when it is missing."""
        value = getattr(self, name)
        if value is None:
            raise InputError(self.errors.get(name, f"{name}: no data"))
        return value


def collect(
    as_of: Any = None,
    settings: Settings | None = None,
    *,
    sections: Sequence[str] = tuple(SECTIONS),
) -> ReportData:
    """Run the sections (default: all) as of a date; failures become ``errors`` entries.

    The as-of date defaults to the monitor's (last ``DGS10`` date in the store), so every
    section describes the same day.
    """
    settings = settings or load_settings()
    when = parse_date(as_of, "as_of")
    data = ReportData(as_of=when, cache=for_store(settings))
    for name in sections:
        try:
            value = load_section(name, when, settings, data.cache)
        except TsyError as exc:
            data.errors[name] = str(exc)
            continue
        setattr(data, name, value)
        if name == "monitor" and when is None:
            when = pd.Timestamp(value.as_of)
            data.as_of = when
    if data.as_of is None and data.status is not None:
        data.as_of = data.status.attrs.get("as_of")
    return data


def load_section(
    name: str, when: Any, settings: Settings, cache: DerivedCache | None = None
) -> Any:
    """One section's result as of ``when``, from the on-disk cache (:mod:`tsy.cache`) when one
    is given and holds it for the store's current content version."""
    load = SECTIONS[name]
    if cache is None:
        return load(when, settings)
    return cache.get(name, (when,), lambda: load(when, settings))
