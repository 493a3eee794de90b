"""Every registered indicator is a complete declaration: inputs in the catalogue, labels in
English and Chinese, a unit, a pure function (no store, clock or network in its module)."""

from __future__ import annotations

import ast
import inspect

import pytest

from tsy import catalog
from tsy.errors import InputError
from tsy.indicators import monitor_defs  # noqa: F401  (registers the monitor's indicators)
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


def test_the_monitor_indicators_are_registered():
    assert list(REGISTRY)[:7] == [
        "cross_asset",
        "velocity",
        "bond_vol",
        "liquidity",
        "positioning",
        "auctions",
        "foreign_holders",
    ]


@pytest.mark.parametrize("name", list(REGISTRY))
def test_declaration_is_complete(name):
    ind = REGISTRY[name]
    assert set(ind.series.values()) <= set(catalog.CATALOG), "inputs must be catalogue ids"
    assert set(ind.tables.values()) <= _TABLES
    assert ind.label_en.strip() and ind.label_zh.strip()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in ind.label_zh), "zh label has no Chinese"
    assert ind.unit.strip()
    assert ind.feeds


@pytest.mark.parametrize("name", list(REGISTRY))
def test_function_is_pure(name):
    fn = REGISTRY[name].compute
    target = inspect.unwrap(fn)
    # the analytics function behind the adapter: every tsy.analytics module it lives in or
    # calls into imports nothing of the store, the clock or the network
    mod = inspect.getmodule(target)
    assert mod is not None
    names = _imports(mod)
    called = [n for n in names if n.startswith("tsy.analytics")]
    if mod.__name__.startswith("tsy.analytics"):
        called.append(mod.__name__)
    assert called, f"{name}: compute does not call into tsy.analytics"
    import importlib

    for m in called:
        bad = [n for n in _imports(importlib.import_module(m)) if n.startswith(_IMPURE)]
        assert not bad, f"{m} imports {bad}"


def test_unknown_indicator_is_one_line_error():
    with pytest.raises(InputError, match="unknown indicator 'nope'; known: cross_asset"):
        get("nope")


def test_bad_declarations_are_refused():
    with pytest.raises(ValueError, match="registered twice"):
        register(REGISTRY["velocity"])
    with pytest.raises(ValueError, match="direction"):
        Indicator("x", "x", "x", "x", len, direction="sideways")
    with pytest.raises(ValueError, match="required roles"):
        Indicator("x", "x", "x", "x", len, series={"a": "DGS10"}, required=("b",))
