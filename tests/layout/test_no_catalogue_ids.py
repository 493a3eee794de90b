"""Analytics know no catalogue ids: their functions take named Series/DataFrames and the
indicator registry (:mod:`tsy.indicators`) maps roles to ids.

The ids are the catalogue's own (:data:`tsy.catalog.CATALOG`); a module fails when a string
constant of its code is a catalogue id, or a ``|``/``,``-separated list holding one (a key, a
lookup, a list of inputs). Docstrings (they cite the series a formula was checked on) and the
text parts of f-strings (prose such as "MOVE: not in the store") are not identifiers.

Every analytics module is held to the rule (the first-edition modules keyed by id are all
converted: their inputs are roles, and :mod:`tsy.indicators` maps the roles to ids).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tsy import catalog

ANALYTICS = Path(__file__).resolve().parents[2] / "src" / "tsy" / "analytics"
IDS = set(catalog.CATALOG)


def _prose(tree: ast.AST) -> set[int]:
    """Ids (``id()``) of the docstring constants and of the text parts of f-strings."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
        if isinstance(node, ast.JoinedStr):
            out |= {id(v) for v in node.values if isinstance(v, ast.Constant)}
    return out


def ids_in(path: Path) -> set[str]:
    """Catalogue ids found in the non-docstring strings of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _prose(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            found |= {piece.strip() for piece in re.split(r"[|,]", node.value)} & IDS
    return found


MODULES = sorted(p for p in ANALYTICS.glob("*.py"))


def test_the_id_list_comes_from_the_catalogue():
    assert {"DGS10", "DTWEXBGS", "SOFR_VOLUME", "UST_PAR_10Y"} <= IDS
    assert len(IDS) == len(catalog.CATALOG) > 100


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_analytics_module_holds_no_catalogue_id(path):
    found = ids_in(path)
    assert not found, f"{path.name} names catalogue ids {sorted(found)}"


RENDERERS = sorted(p for d in ("report", "web") for p in (ANALYTICS.parent / d).rglob("*.py"))


@pytest.mark.parametrize("path", RENDERERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_report_and_web_only_render(path):
    # captions and API fields name their series through the declarations (tsy.indicators), so
    # an id changes in one place: report/ and web/ spell none
    found = ids_in(path)
    assert not found, f"{path.parent.name}/{path.name} names catalogue ids {sorted(found)}"
