"""The indicator registry refuses incomplete declarations and names unknown indicators in one
line. (The monitor's second edition, issue 17, is not yet declared in it.)"""

from __future__ import annotations

import ast
import inspect

import pytest

from tsy import catalog
from tsy.errors import InputError
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
