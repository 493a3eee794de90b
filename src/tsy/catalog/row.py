"""The one format of a catalogue row: :class:`SeriesInfo`, written with :func:`row`.

Every series, built-in (:mod:`tsy.catalog.rows_fred`, :mod:`tsy.catalog.rows_other`) or the
user's (``$TSY_DATA_DIR/catalog.toml``, :mod:`tsy.catalog.user`: the same fields as TOML keys),
is one row of these fields; when it is public is a field of the row (``release``), so the
point-in-time rules live beside the series they govern. Which provider fetches a row is its
``source``, looked up in the provider registry (:mod:`tsy.sources`), never special-cased.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from tsy.catalog import release as _release

__all__ = ["FREQUENCIES", "SeriesInfo", "row"]

#: Frequencies: ``D`` daily (business days), ``W`` weekly, ``M`` monthly, ``Q`` quarterly.
FREQUENCIES = ("D", "W", "M", "Q")


@dataclass(frozen=True)
class SeriesInfo:
    """One catalogue row.

    Attributes
    ----------
    id : str
        tsy's id (for FRED series, FRED's own id).
    source : str
        Provider name (``fred``, ``treasury``, ``nyfed``, ``market``, ...).
    source_key : str
        The provider's key for it.
    title_en, title_zh : str
        Titles in English and Chinese.
    units : str
        E.g. ``percent``, ``USD millions``, ``index 1982-84=100`` (as the source publishes
        them; converted once, in the source's ``parse``).
    frequency : str
        ``D``, ``W``, ``M`` or ``Q``.
    group : str
        ``nominal``, ``tips``, ``breakeven``, ``inflation``, ``policy``, ``fed_balance_sheet``,
        ``stress``, ``cross_asset``, ``commodities``, ``term_premium``, ``holdings``, ...
    tenor : float or None
        Maturity in years for curve points.
    release : str
        When an observation is public: a rule of :mod:`tsy.catalog.release` (``same_day``,
        ``next:thu``, ``month+1:15``, ...).
    """

    id: str
    source: str
    source_key: str
    title_en: str
    title_zh: str
    units: str
    frequency: str
    group: str
    tenor: float | None = None
    release: str = "same_day"

    def __post_init__(self) -> None:
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"{self.id}: frequency {self.frequency!r} not in {FREQUENCIES}")
        _release.check_rule(self.release)

    def as_row(self) -> dict[str, object]:
        """Return the row as a plain dict (for the store's ``series`` table and listings)."""
        return asdict(self)


def row(
    sid: str,
    source: str,
    title_en: str,
    title_zh: str,
    units: str,
    frequency: str,
    group: str,
    *,
    key: str | None = None,
    tenor: float | None = None,
    release: str = "same_day",
) -> SeriesInfo:
    """One catalogue row; ``key`` (the provider's key) defaults to the id."""
    return SeriesInfo(
        sid, source, key or sid, title_en, title_zh, units, frequency, group, tenor, release
    )
