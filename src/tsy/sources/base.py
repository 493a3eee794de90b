"""Shared types of the source modules.

Every provider module under :mod:`tsy.sources` turns bytes into a :class:`Parsed` batch: zero or
more series (catalogue id -> Series) and zero or more table frames (store table name -> frame).
Provider modules that can read hand-downloaded files also declare :class:`FileFormat` entries;
:mod:`tsy.sources.files` collects them into one registry and recognises files by content.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from tsy.config import Settings

__all__ = [
    "NUMBER",
    "SECONDARY_SOURCES",
    "FileFormat",
    "Parsed",
    "UpdateJob",
    "first_bad_date",
    "parse_dates",
    "parse_number",
]

#: A plain decimal number as the official sources write it: ASCII digits, optional sign,
#: decimal point and exponent. Python's ``float`` also takes ``1_000``, Arabic-Indic digits,
#: ``nan`` and ``inf``; none of those is a published value, so readers match this first.
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?", re.ASCII)


def parse_number(text: str) -> float | None:
    """The finite float written as ``text`` (see :data:`NUMBER`), or None when it is not one.

    Examples
    --------
    >>> parse_number("4.01"), parse_number("1_000"), parse_number("1e999")
    (4.01, None, None)
    """
    if not NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def first_bad_date(values: Sequence[str], fmt: str) -> int | None:
    """Position of the first string in ``values`` that does not parse with ``fmt``, or None.

    Examples
    --------
    >>> first_bad_date(["2024-01-02", "2024-13-01"], "%Y-%m-%d")
    1
    """
    parsed = pd.to_datetime(pd.Series(list(values), dtype=object), format=fmt, errors="coerce")
    bad = np.flatnonzero(parsed.isna().to_numpy())
    return int(bad[0]) if len(bad) else None


#: Sources whose table rows never overwrite an official record (they only fill gaps):
#: TreasuryDirect's auction index mirrors Fiscal Data's ``auctions_query`` with fewer fields.
SECONDARY_SOURCES: frozenset[str] = frozenset({"treasurydirect"})


def parse_dates(values: pd.Series, formats: Sequence[str]) -> tuple[pd.Series, int | None]:
    """Parse date strings with the first of ``formats`` that reads every one of them.

    Parameters
    ----------
    values : pandas.Series of str
    formats : sequence of str
        strftime patterns, tried in order.

    Returns
    -------
    (pandas.Series of Timestamp, int or None)
        The parsed dates (with the last pattern tried when none fits all) and the position of
        the first value that did not parse, or None when all did.

    Examples
    --------
    >>> d, bad = parse_dates(pd.Series(["04/07/2025", "31/12/2024"]), ["%Y-%m-%d", "%d/%m/%Y"])
    >>> str(d.iloc[1].date()), bad
    ('2024-12-31', None)
    """
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in formats:
        parsed = pd.to_datetime(values, format=fmt, errors="coerce")
        if parsed.notna().all():
            return parsed, None
    missing = np.flatnonzero(parsed.isna().to_numpy())
    return parsed, int(missing[0]) if len(missing) else None


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
    secondary : bool
        A secondary source for its tables: rows already stored (from the official source) are
        only completed where empty, never overwritten. Also implied by ``SECONDARY_SOURCES``.
    """

    series: dict[str, pd.Series] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    source: str = ""
    note: str = ""
    secondary: bool = False

    @property
    def fill_only(self) -> bool:
        """Whether table rows from this batch may only fill gaps in stored rows."""
        return self.secondary or self.source in SECONDARY_SOURCES

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


@dataclass(frozen=True)
class UpdateJob:
    """One unit of work for ``tsy update`` from a provider other than FRED's per-series fetch.

    Attributes
    ----------
    name : str
        Unique job name shown in the progress bar and closing table, e.g. ``"treasury:par"``.
    source : str
        Provider / host group; jobs of one source run one after another, politely.
    run : callable
        ``run(client, settings, since, as_of) -> Parsed`` where ``client`` is a
        :class:`tsy.http.HttpClient`, ``since`` the first date to ask for (``None`` = full
        history) and ``as_of`` today's date, both ``pandas.Timestamp``. Raises ``SourceError``.
    series_ids : tuple of str
        Catalogue ids the job fills; ``since`` is computed from their last stored dates.
    table : str or None
        Store table the job fills, if any; ``since`` then comes from that table's last date.
    """

    name: str
    source: str
    run: Callable[[Any, Settings, pd.Timestamp | None, pd.Timestamp], Parsed]
    series_ids: tuple[str, ...] = ()
    table: str | None = None
