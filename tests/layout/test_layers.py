"""The layers of tsy, enforced on the source (every import, also those inside functions):

    errors / tomlfile / config / catalog  <  http  <  sources  <  store  <  pipeline
    math  <  analytics  <  indicators  <  report  <  web / cli

A package may import only the packages listed for it below (and the root ``tsy`` for
``__version__``); ``cli`` is the top and may import all of them. ``cache`` (the on-disk cache of
derived results, above the store) serves the read side and its renderers; ``dates`` (the one
date parser), ``units`` (what a name says about its unit and decimals, for every layer that
writes numbers), ``printable`` (escaping user text for a terminal) and ``outfile`` (checking an
``--out`` file before the work) sit with errors/config;
``tabletext`` (text tables) serves the CLI; ``cpi_substitutes`` (Treasury's CPI substitutes
kept in the store) sits above the store.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tsy"

_BASE = {"errors", "tomlfile", "config", "catalog", "dates", "printable", "outfile", "units"}
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "dates": {"errors"},
    "printable": set(),
    "outfile": {"errors"},
    "units": set(),
    "tabletext": {"units"},
    "tomlfile": {"errors"},
    "config": {"errors", "tomlfile"},
    "catalog": {"errors", "tomlfile"},
    "http": _BASE,
    "sources": _BASE | {"http"},
    "store": _BASE | {"http", "sources"},
    "pipeline": _BASE | {"http", "sources", "store", "cpi_substitutes"},
    "math": {"errors"},
    "analytics": {"errors", "math", "units"},
    "cache": {"errors", "config", "store"},
    "cpi_substitutes": _BASE | {"math", "store"},
    "indicators": _BASE | {"cache", "cpi_substitutes", "store", "math", "analytics"},
    "report": _BASE | {"cache", "cpi_substitutes", "store", "math", "analytics", "indicators"},
    "web": _BASE
    | {"cache", "cpi_substitutes", "store", "math", "analytics", "indicators"}
    | {"report"},
    "cli": _BASE
    | {"cache", "cpi_substitutes", "http", "sources", "store", "pipeline", "math", "analytics"}
    | {"indicators"}
    | {"report", "web", "tabletext"},
}


def _package(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 or rel.stem != "__init__" else ""


def _targets(tree: ast.AST) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        out |= {n.split(".")[1] for n in names if n.startswith("tsy.")}
    return out - {"__version__"}


FILES = sorted(p for p in SRC.rglob("*.py") if _package(p))


def test_every_package_has_a_layer():
    assert {_package(p) for p in FILES} <= set(ALLOWED)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_follow_the_layers(path):
    pkg = _package(path)
    bad = sorted(_targets(ast.parse(path.read_text(encoding="utf-8"))) - ALLOWED[pkg] - {pkg})
    assert not bad, f"{path.relative_to(SRC)} ({pkg}) imports {bad}"


def test_the_glue_modules_live_in_their_layer():
    # the old top-level glue is gone: the read side is tsy.indicators, the write side
    # tsy.pipeline, the catalogue one package, the commands one cli package
    gone = ["data", "studies", "stress_monitor", "importer", "ingest", "catalog_extra", "update"]
    assert not [g for g in gone if (SRC / f"{g}.py").exists()]
    assert not (SRC / "report" / "context.py").exists()
    assert not (SRC / "commands").exists()
