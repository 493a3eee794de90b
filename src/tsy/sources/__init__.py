"""Data providers: one module per source (see DESIGN.md).

:data:`PROVIDERS` is the one registry of provider modules: :mod:`tsy.sources.files` collects
their ``FORMATS`` for ``tsy import`` and :mod:`tsy.update` their ``JOBS`` (and ``OPTIONAL_JOBS``)
for ``tsy update``. FRED, which fetches per catalogue series, is handled by the update planner
and the FRED-layout format directly. Adding a provider is one entry here.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["PROVIDERS", "provider_modules"]

PROVIDERS: tuple[str, ...] = (
    "tsy.sources.treasury",
    "tsy.sources.fiscaldata",
    "tsy.sources.treasurydirect",
    "tsy.sources.nyfed",
    "tsy.sources.cftc",
    "tsy.sources.tic",
    "tsy.sources.market",
    "tsy.sources.acm",
)


def provider_modules() -> list[ModuleType]:
    """The provider modules, imported on first use (not at ``import tsy.sources``)."""
    return [importlib.import_module(name) for name in PROVIDERS]
