"""Shared types of the source modules.

Every provider module under :mod:`tsy.sources` turns bytes into a :class:`Parsed` batch: zero or
more series (catalogue id -> Series) and zero or more table frames (store table name -> frame).
Provider modules that can read hand-downloaded files also declare :class:`FileFormat` entries;
:mod:`tsy.sources.files` collects them into one registry and recognises files by content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["FileFormat", "Parsed"]


@dataclass
class Parsed:
    """A validated batch ready for the store.

    Attributes
    ----------
    series : dict of str to pandas.Series
        Catalogue id -> float Series indexed by ``date``.
    tables : dict of str to pandas.DataFrame
        Store table name (``"auctions"``, ``"positions"``, ``"foreign_holders"``, ...) -> rows.
    source : str
        Provider name, e.g. ``"fred"``, ``"treasury"``.
    note : str
        Free text shown to the user (e.g. "secondary source, shares only").
    """

    series: dict[str, pd.Series] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    source: str = ""
    note: str = ""

    def rows(self) -> int:
        """Total number of observations and table rows in the batch."""
        return int(sum(s.notna().sum() for s in self.series.values())) + int(
            sum(len(t) for t in self.tables.values())
        )


@dataclass(frozen=True)
class FileFormat:
    """A hand-downloadable file format that ``tsy import`` recognises by content.

    Attributes
    ----------
    name : str
        Short name shown to the user, e.g. ``"treasury-par-curve-csv"``.
    description : str
        One line: what the format is and where it comes from.
    detect : callable
        ``detect(head: str) -> bool`` on the first ~8 KiB of the file decoded as UTF-8 (errors
        replaced). Must be cheap and specific: content, never the file name.
    parse : callable
        ``parse(payload: bytes) -> Parsed``; raises ``SchemaError`` on a malformed file.
    priority : int
        Higher is tried first (put specific formats above generic ones).
    """

    name: str
    description: str
    detect: Callable[[str], bool]
    parse: Callable[[bytes], Parsed]
    priority: int = 0
