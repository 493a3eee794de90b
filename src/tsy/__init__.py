"""tsy: watch the US Treasury market from official public data.

The small public Python API. Everything returns pandas objects.

Examples
--------
>>> import tsy  # doctest: +SKIP
>>> tsy.series("DGS10", start="2020-01-01")  # doctest: +SKIP
>>> tsy.frame(["DGS10", "DFII10"])  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    import pandas as pd

    from tsy.config import Settings

__all__ = [
    "__version__",
    "breakevens",
    "catalog_frame",
    "frame",
    "hiking_cycles",
    "inflation_signal",
    "metals_table",
    "monitor",
    "series",
    "tenor_table",
    "vintages",
]

#: Public functions defined in other modules, loaded on first use: name -> (module, attribute).
_LAZY: dict[str, tuple[str, str]] = {
    "breakevens": ("tsy.indicators.studies", "breakevens"),
    "tenor_table": ("tsy.indicators.studies", "tenor_table"),
    "inflation_signal": ("tsy.indicators.studies", "inflation_signal"),
    "hiking_cycles": ("tsy.indicators.studies", "hiking_cycles"),
    "metals_table": ("tsy.indicators.studies", "metals_table"),
    "monitor": ("tsy.indicators.monitor", "run_monitor"),
}


def _settings(settings: Settings | None) -> Settings:
    """The settings (default: :func:`tsy.config.load_settings`), with the user catalogue
    (``$TSY_DATA_DIR/catalog.toml``) loaded into the catalogue."""
    from tsy.config import load_settings
    from tsy.sources import load_user_catalog

    s = settings or load_settings()
    load_user_catalog(s)
    return s


def series(
    series_id: str, start: Any = None, end: Any = None, *, settings: Settings | None = None
) -> pd.Series:
    """Return one stored series.

    Parameters
    ----------
    series_id : str
        Catalogue id, e.g. ``"DGS10"`` (see :func:`catalog_frame`).
    start, end : date-like, optional
        Inclusive range (``"YYYY-MM-DD"``, ``datetime.date`` or ``pandas.Timestamp``).
    settings : Settings, optional
        Defaults to :func:`tsy.config.load_settings` (``TSY_DB`` or the user data dir).

    Returns
    -------
    pandas.Series
        Floats indexed by ``date``, named by the id, in the catalogue's units.

    Raises
    ------
    tsy.errors.InputError
        Unknown id, bad dates, or a series not in the store (with how to get it).
    """
    from tsy.indicators.load import load

    settings = _settings(settings)
    return load([series_id], start=start, end=end, settings=settings)[series_id.strip().upper()]


def frame(
    series_ids: Sequence[str],
    start: Any = None,
    end: Any = None,
    *,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Return several stored series as a DataFrame aligned on dates (NaN where one is missing)."""
    import pandas as pd

    from tsy.indicators.load import load

    data = load(list(series_ids), start=start, end=end, settings=_settings(settings))
    out = pd.DataFrame(data)
    out.index.name = "date"
    return out


def catalog_frame(group: str | None = None, *, settings: Settings | None = None) -> pd.DataFrame:
    """Return the catalogue (id, source, titles in English and Chinese, units, frequency...),
    the user's series of ``$TSY_DATA_DIR/catalog.toml`` included."""
    import pandas as pd

    from tsy import catalog

    _settings(settings)
    return pd.DataFrame([i.as_row() for i in catalog.all_series(group)])


def vintages(
    series_id: str, *, settings: Settings | None = None, transport: Any = None
) -> pd.DataFrame:
    """Every vintage of a FRED series (ALFRED real-time data), fetched live.

    Needs ``FRED_API_KEY``. Requests at most 2,000 vintage dates each (FRED's cap).

    Returns
    -------
    pandas.DataFrame
        ``date``, ``realtime_start``, ``realtime_end`` (NaT = still current), ``value``.

    Raises
    ------
    tsy.errors.MissingCredentialError
        No API key configured.
    """
    from tsy import catalog
    from tsy.http import HttpClient
    from tsy.sources import fred

    settings = _settings(settings)
    info = catalog.get(series_id)
    with HttpClient(settings, transport=transport) as client:
        return fred.fetch_vintages(client, settings, info.source_key)


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'tsy' has no attribute {name!r}")
    return getattr(importlib.import_module(target[0]), target[1])


def __dir__() -> list[str]:
    """Module attributes plus the lazy public functions, so ``dir(tsy)`` and tab completion
    list every public name (``monitor``, ``breakevens``, ...) before first use."""
    import types

    mine = {n for n, v in globals().items() if n.startswith("_") or isinstance(v, types.ModuleType)}
    mine -= {"importlib"}  # an import of this module, not part of tsy
    return sorted(mine | set(_LAZY) | set(__all__))
