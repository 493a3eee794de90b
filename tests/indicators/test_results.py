"""One result protocol: every result is frozen, has summary(), to_dict() that json.dumps
accepts, to_frame() where tabular, a short repr and an HTML repr -- on results computed from a
real store built from ../shared/data."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import pkgutil

import pandas as pd
import pytest

import tsy.analytics
import tsy.indicators
from tests.report._store import shared_store
from tsy.analytics._result import Result
from tsy.indicators import studies
from tsy.indicators.monitor import run_monitor


def _result_classes() -> list[type]:
    out = []
    for pkg in (tsy.analytics, tsy.indicators):
        for m in pkgutil.iter_modules(pkg.__path__):
            mod = importlib.import_module(f"{pkg.__name__}.{m.name}")
            for _, cls in inspect.getmembers(mod, inspect.isclass):
                if cls.__module__ == mod.__name__ and hasattr(cls, "summary") and cls is not Result:
                    out.append(cls)
    return out


def test_every_class_with_a_summary_follows_the_protocol():
    classes = _result_classes()
    assert len(classes) >= 18
    for cls in classes:
        assert issubclass(cls, Result), cls
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, cls


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    s = shared_store(tmp_path_factory)
    mon = run_monitor(as_of="2025-04-11", settings=s)
    infl = studies.inflation_signal(as_of="2025-04-11", settings=s, switch=False)
    tenor = studies.tenor_table(as_of="2025-04-11", settings=s)
    out = [mon, mon.stress, infl, infl.signal, *infl.records.values(), tenor]
    out += list(tenor.claims.values())
    out += [studies.hiking_cycles(as_of="2025-04-11", settings=s)]
    out += [studies.curve_monitor(as_of="2025-04-11", settings=s)]
    parts = [mon.state, mon.parts.liquidity, mon.parts.basis, mon.parts.auctions]
    panels = [mon.liquidity, mon.positioning, mon.auctions, mon.holders]
    out += [p for p in [*parts, *panels] if p is not None]
    return out


def test_the_fixture_covers_most_result_kinds(results):
    assert len({type(r) for r in results}) >= 14


def test_json_dumps_works_for_every_result(results):
    for r in results:
        text = json.dumps(r.to_dict(), allow_nan=False)
        assert text.startswith("{"), type(r)


def test_repr_is_short_and_html_exists(results):
    for r in results:
        text = repr(r)
        assert "\n" not in text and len(text) <= 140, text
        assert text.startswith(f"<{type(r).__name__}")
        assert r._repr_html_().startswith("<div>")


def test_to_frame_where_tabular(results):
    for r in results:
        if type(r)._frame is None:
            with pytest.raises(TypeError, match="not tabular"):
                r.to_frame()
        else:
            assert isinstance(r.to_frame(), pd.DataFrame), type(r)


def test_results_are_frozen(results):
    for r in results:
        name = dataclasses.fields(r)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(r, name, None)


def test_monitor_lineage_names_every_input(results):
    mon = results[0]
    # every monitor indicator lists its inputs; the 10y's last date used is the as-of date
    # (DGS10 2025-04-11 = 4.48 in data/fred/DGS10.csv), released the same day
    row = {r["id"]: r for r in mon.lineage["velocity"]}["DGS10"]
    assert row["source"] == "fred" and row["last"] == pd.Timestamp("2025-04-11")
    assert row["release"] == pd.Timestamp("2025-04-11")
    dollar = {r["id"]: r for r in mon.lineage["cross_asset"]}["DTWEXBGS"]
    # H.10 of 2025-04-04 (a Friday), published Monday 2025-04-07
    assert dollar["last"] == pd.Timestamp("2025-04-04")
    assert dollar["release"] == pd.Timestamp("2025-04-07")
    assert json.loads(json.dumps(mon.to_dict()))["lineage"]["velocity"][0]["role"] == "nominal_1m"
