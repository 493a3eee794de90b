"""Data providers: one module per source (see DESIGN.md).

:data:`PROVIDERS` is the one registry of provider modules: :mod:`tsy.sources.files` collects
their ``FORMATS`` for ``tsy import`` and :mod:`tsy.pipeline.update` their ``JOBS``
(and ``OPTIONAL_JOBS``) for ``tsy update``. A provider that fetches one request per catalogue
series, by the row's source key (FRED), declares ``SERIES_SOURCE`` and ``fetch_series`` and is
listed in :data:`SERIES_PROVIDERS`: those are the sources a user catalogue entry may name
(:func:`load_user_catalog`), known without importing any provider. Adding a provider is one
entry here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tsy.catalog import SeriesInfo
    from tsy.config import Settings

__all__ = [
    "PROVIDERS",
    "SERIES_PROVIDERS",
    "load_user_catalog",
    "provider_modules",
    "series_fetchers",
]

PROVIDERS: tuple[str, ...] = (
    "tsy.sources.fred",
    "tsy.sources.treasury",
    "tsy.sources.fiscaldata",
    "tsy.sources.treasurydirect",
    "tsy.sources.nyfed",
    "tsy.sources.cftc",
    "tsy.sources.tic",
    "tsy.sources.market",
    "tsy.sources.acm",
)

#: Per-series providers: catalogue source -> module (its ``SERIES_SOURCE`` and
#: ``fetch_series``); a subset of :data:`PROVIDERS`.
SERIES_PROVIDERS: dict[str, str] = {"fred": "tsy.sources.fred"}


def provider_modules() -> list[ModuleType]:
    """The provider modules, imported on first use (not at ``import tsy.sources``)."""
    return [importlib.import_module(name) for name in PROVIDERS]


def series_fetchers() -> dict[str, Callable[..., Any]]:
    """Catalogue source -> per-series fetcher ``(client, settings, series_id, since) -> Parsed``."""
    return {
        source: importlib.import_module(module).fetch_series
        for source, module in SERIES_PROVIDERS.items()
    }


def load_user_catalog(settings: Settings) -> list[SeriesInfo]:
    """Load the user catalogue (``settings.user_catalog``, ``$TSY_DATA_DIR/catalog.toml``).

    The hook the entry points call once the settings are known (see
    :func:`tsy.catalog.load_user`); its entries may name any per-series source of
    :data:`PROVIDERS` (``fred``). Without the file, nothing is imported or added.
    """
    from tsy import catalog

    return catalog.load_user(settings.user_catalog, list(SERIES_PROVIDERS))
