"""The indicator registry: every declared indicator's inputs exist in the catalogue (and the
store's tables), it has English and Chinese labels and a unit, and its function is pure (its
module imports no store, clock, network or configuration); incomplete declarations are refused
and unknown indicators named in one line."""

from __future__ import annotations

import ast
import inspect

import pytest

from tsy import catalog
from tsy.analytics.composite import PARTS
from tsy.errors import InputError
from tsy.indicators import monitor_defs, snapshot_defs  # noqa: F401 (registers)
from tsy.indicators.registry import REGISTRY, Indicator, get, register

#: Modules a pure function's module may not import (store, clock, network, config).
_IMPURE = ("tsy.store", "tsy.http", "tsy.config", "tsy.indicators.load", "datetime", "time")
_IMPURE += ("httpx", "sqlite3", "requests", "urllib", "socket")
_TABLES = {"positions", "foreign_holders", "auctions", "auctions_secondary", "when_issued"}


def _imports(module: object) -> set[str]:
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_unknown_indicator_is_one_line_error():
    with pytest.raises(InputError, match="unknown indicator 'nope'; known: "):
        get("nope")


def test_bad_declarations_are_refused():
    ind = Indicator("test_only", "Test", "测试", "bp", len, series={"a": "DGS10"}, feeds=("x",))
    register(ind)
    try:
        with pytest.raises(ValueError, match="registered twice"):
            register(ind)
        assert set(ind.series.values()) <= set(catalog.CATALOG)
    finally:
        del REGISTRY["test_only"]
    with pytest.raises(ValueError, match="direction"):
        Indicator("x", "x", "x", "x", len, direction="sideways")
    with pytest.raises(ValueError, match="required roles"):
        Indicator("x", "x", "x", "x", len, series={"a": "DGS10"}, required=("b",))


DECLARED = sorted(REGISTRY)


def test_the_monitor_is_declared_and_every_part_is_scored_once():
    assert {i.name for i in monitor_defs.MONITOR} <= set(DECLARED)
    scored = [p for i in REGISTRY.values() for p in i.parts]
    assert sorted(scored) == sorted(PARTS)


@pytest.mark.parametrize("name", DECLARED)
def test_each_indicator_is_complete_and_pure(name):
    ind = REGISTRY[name]
    assert set(ind.series.values()) <= set(catalog.CATALOG), name
    assert set(ind.tables.values()) <= _TABLES, name
    assert ind.series or ind.tables
    assert ind.label_en.strip() and ind.label_zh.strip() and ind.label_zh != ind.label_en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in ind.label_zh)  # Chinese characters
    assert ind.unit.strip() and ind.feeds
    # the function's module (an adapter's too: it only reshapes) reads nothing itself
    module = inspect.getmodule(ind.compute)
    bad = {m for m in _imports(module) if m.startswith(_IMPURE)}
    assert not bad, f"{name}: {module.__name__} imports {sorted(bad)}"
