"""The report's sections and charts computed in worker processes, one per core.

The sections (:data:`tsy.indicators.sections.SECTIONS`) are independent once the as-of date
is known, and each chart needs only the sections of its group (:data:`GROUPS`), so a group is
one task: a worker computes its sections and draws their charts, and sends back the results
and the PNG data URIs. What is computed, and how, is exactly what
:func:`tsy.indicators.sections.collect` and :func:`tsy.report.html.render_html` do in one
process; only where it runs differs, so the report is the same byte for byte.

The default as-of date is the monitor's (:func:`tsy.indicators.monitor.run_monitor`). The
monitor's group starts at once; the others start with a guess of that date
(:func:`guess_as_of`, a quick read) and are computed again, after the monitor, in the rare case
the guess was wrong.

Workers are forked (Linux), so they start in milliseconds with the parent's modules loaded;
elsewhere, on one core, or with threads running (forking then is unsafe), everything runs in
this process.

Examples
--------
>>> data, charts = collect_drawn(None, settings, "en")      # doctest: +SKIP
>>> html = render_html(data, "en", drawn=charts)            # doctest: +SKIP
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Sequence
from typing import Any

import pandas as pd

from tsy.cache import DerivedCache, for_store
from tsy.config import Settings
from tsy.errors import TsyError
from tsy.indicators import monitor_defs
from tsy.indicators.load import load, parse_date
from tsy.indicators.monitor import CORE, core_as_of
from tsy.indicators.sections import SECTIONS, ReportData, load_section

__all__ = ["GROUPS", "Drawn", "collect_drawn", "draw_chart", "guess_as_of", "usable_cores"]

#: Sections computed together with the charts that need only them; the monitor's group first
#: (it alone fixes the default as-of date), then about equal shares of the rest; the last
#: group draws no chart and is computed by the calling process while the workers run.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("monitor",),
    ("curves", "inflation"),
    ("metals", "cycles"),
    ("snapshot", "tenor_table", "status"),
)
#: (chart name, lang) -> (PNG data URI, caption) or the reason it could not be drawn.
Drawn = dict[tuple[str, str], tuple[str, str] | str]


def guess_as_of(settings: Settings) -> pd.Timestamp | None:
    """The monitor's default as-of date, read quickly: the latest date with equity, ``DGS10``
    and dollar data, else ``DGS10``'s last date; None without ``DGS10``.

    Only a guess: :func:`collect_drawn` checks it against the monitor's own date.
    """
    ids = [CORE, *monitor_defs.EQUITY.values(), *monitor_defs.DOLLAR.values()]
    try:
        series = load(ids, settings=settings, required=False)
    except TsyError:
        return None
    core = series.get(CORE)
    if core is None or core.dropna().empty:
        return None
    when = core_as_of(series)
    return when if when is not None else core.index[-1]


def draw_chart(name: str, data: ReportData, lang: str) -> tuple[str, str]:
    """A chart as a PNG data URI and its caption, drawn once per content version."""

    def draw() -> tuple[str, str]:
        import base64
        import io

        from tsy.report.charts import render_chart  # matplotlib: only when a chart is drawn
        from tsy.report.figures import save_figure

        fig, cap = render_chart(name, data, lang)
        buf = io.BytesIO()
        save_figure(fig, buf, "png")
        return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii"), cap

    if data.cache is None:
        return draw()
    return data.cache.get("chart", (name, lang, data.as_of), draw)


def _charts_of(names: Sequence[str]) -> list[str]:
    """The charts that read only the sections ``names``, in report order."""
    from tsy.report.chart_defs import CHART_SECTIONS
    from tsy.report.html import LAYOUT

    chart_names = [c for charts, _ in LAYOUT.values() for c in charts]
    return [c for c in chart_names if set(CHART_SECTIONS[c]) <= set(names)]


def _group(
    names: tuple[str, ...],
    when: pd.Timestamp | None,
    settings: Settings,
    cache: DerivedCache | None,
    langs: tuple[str, ...],
) -> tuple[dict[str, Any], dict[str, str], Drawn]:
    """Compute the sections ``names`` as of ``when`` and draw their charts in ``langs``."""
    data = ReportData(as_of=when, cache=cache)
    values: dict[str, Any] = {}
    for name in names:
        try:
            values[name] = load_section(name, when, settings, cache)
        except TsyError as exc:
            data.errors[name] = str(exc)
            continue
        setattr(data, name, values[name])
        if name == "monitor" and when is None:
            data.as_of = pd.Timestamp(values[name].as_of)
    drawn: Drawn = {}
    if langs:
        for chart in _charts_of(names):
            for lang in langs:
                try:
                    drawn[chart, lang] = draw_chart(chart, data, lang)
                except TsyError as exc:
                    drawn[chart, lang] = str(exc)
    return values, data.errors, drawn


def _cached(cache: DerivedCache, name: str, when: pd.Timestamp | None) -> bool:
    """Whether the section ``name`` as of ``when`` has an entry at this content version."""
    return cache.has(name, (when,))


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _workers() -> int:
    """Worker processes to use: the cores this process may run on, 0 when forking is not
    available or not safe (threads running)."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    if threading.active_count() > 1:
        return 0
    cores = usable_cores()
    return min(cores, len(GROUPS)) if cores > 1 else 0


def collect_drawn(
    as_of: Any, settings: Settings, langs: Sequence[str] = (), *, workers: int | None = None
) -> tuple[ReportData, Drawn]:
    """Every section as of ``as_of`` and the report's charts in ``langs``: the same
    :class:`ReportData` as :func:`tsy.indicators.sections.collect`, computed in parallel.

    ``workers`` processes (default: one per core where forking is safe; 0: in this process).
    """
    when = parse_date(as_of, "as_of")
    cache = for_store(settings)
    lang_t = tuple(langs)
    results: dict[tuple[str, ...], tuple[dict[str, Any], dict[str, str], Drawn]] = {}
    n = _workers() if workers is None else workers
    if workers is None and cache is not None and _cached(cache, "monitor", when):
        n = 0  # a report computed before: reading its entries beats starting workers
    if n == 0:
        first = _group(GROUPS[0], when, settings, cache, lang_t)
        guess = pd.Timestamp(first[0]["monitor"].as_of) if "monitor" in first[0] else when
        results[GROUPS[0]] = first
        for g in GROUPS[1:]:
            results[g] = _group(g, guess if when is None else when, settings, cache, lang_t)
    else:
        here = GROUPS[-1]  # no chart (no matplotlib here): computed while the workers run
        with multiprocessing.get_context("fork").Pool(n) as pool:
            mon = pool.apply_async(_group, (GROUPS[0], when, settings, cache, lang_t))
            guess = guess_as_of(settings) if when is None else when
            rest = {
                g: pool.apply_async(_group, (g, guess, settings, cache, lang_t))
                for g in GROUPS[1:-1]
            }
            results[here] = _group(here, guess, settings, cache, ())
            results[GROUPS[0]] = mon.get()
            values = results[GROUPS[0]][0]
            actual = pd.Timestamp(values["monitor"].as_of) if "monitor" in values else None
            if when is None and actual != guess:  # the guess was wrong: compute them again
                rest = {
                    g: pool.apply_async(_group, (g, actual, settings, cache, lang_t))
                    for g in GROUPS[1:-1]
                }
                results[here] = _group(here, actual, settings, cache, ())
            for g, res in rest.items():
                results[g] = res.get()
    data = ReportData(as_of=when, cache=cache)
    drawn: Drawn = {}
    errors: dict[str, str] = {}
    for values, errs, charts in results.values():
        for name, value in values.items():
            setattr(data, name, value)
        errors.update(errs)
        drawn.update(charts)
    data.errors = {name: errors[name] for name in SECTIONS if name in errors}
    if data.monitor is not None and when is None:
        data.as_of = pd.Timestamp(data.monitor.as_of)
    if data.as_of is None and data.status is not None:
        data.as_of = data.status.attrs.get("as_of")
    return data, drawn
