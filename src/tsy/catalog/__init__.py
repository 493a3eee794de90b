"""The series catalogue, as data: every series is one row of one format.

The format is :class:`~tsy.catalog.row.SeriesInfo` (id, source, source key, English and Chinese
titles, units, frequency, group, tenor, and the release rule that says when an observation is
public). The built-in rows are in :mod:`tsy.catalog.rows_fred` (FRED) and
:mod:`tsy.catalog.rows_other` (the other providers); the user's own series come from
``$TSY_DATA_DIR/catalog.toml`` (:mod:`tsy.catalog.user`), loaded by :func:`load_user` once the
settings are known. Adding a series is one row, never new code. A row's ``source`` names the
provider module that fetches it (the registry of :mod:`tsy.sources`).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING

from tsy.catalog import release
from tsy.catalog.row import SeriesInfo, row
from tsy.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BUILTIN",
    "CATALOG",
    "GROUPS",
    "SeriesInfo",
    "all_series",
    "get",
    "load_user",
    "resolve",
    "stale_after_days",
    "staleness",
]


def _from_mapping(r: Mapping[str, object]) -> SeriesInfo:
    """A row of :mod:`tsy.catalog.user` (a plain dict with every field) as a SeriesInfo."""
    tenor = r.get("tenor")
    return row(
        str(r["id"]),
        str(r["source"]),
        str(r["title_en"]),
        str(r["title_zh"]),
        str(r["units"]),
        str(r["frequency"]),
        str(r["group"]),
        key=str(r["source_key"]),
        tenor=float(tenor) if tenor is not None else None,  # type: ignore[arg-type]
        release=str(r["release"]),
    )


def _build() -> dict[str, SeriesInfo]:
    from tsy.catalog import rows_fred, rows_other

    out: dict[str, SeriesInfo] = {}
    for info in [*rows_fred.ROWS, *rows_other.ROWS]:
        if info.id in out:
            raise RuntimeError(f"catalogue id {info.id} is defined twice")
        out[info.id] = info
    return out


#: Every catalogue series by id, in catalogue order.
CATALOG: dict[str, SeriesInfo] = _build()
#: Group names in catalogue order.
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(i.group for i in CATALOG.values()))

#: Ids of the built-in rows (the rest of :data:`CATALOG` comes from :func:`load_user`).
BUILTIN: frozenset[str] = frozenset(CATALOG)
_USER: dict[str, object] = {"key": None}


def load_user(path: str | os.PathLike[str], sources: Collection[str]) -> list[SeriesInfo]:
    """Add the series of a user catalogue file (``$TSY_DATA_DIR/catalog.toml``) to the catalogue.

    The loading hook of the user catalogue: the catalogue is built at import and never reads
    settings, so the entry points call this once they know them (the CLI before every command,
    ``tsy.series``/``tsy.frame``/``tsy.catalog_frame`` and ``tsy update`` from Python, through
    :func:`tsy.sources.load_user_catalog`). The rows of a previous call are replaced (a missing
    file leaves none); loading the same unchanged file again does nothing. The file's layout is
    in :mod:`tsy.catalog.user`.

    Parameters
    ----------
    path : path-like
        The TOML file; absent: no user series.
    sources : collection of str
        Sources a user series may name (the providers that fetch any key: ``fred``).

    Returns
    -------
    list of SeriesInfo
        The user rows now in :data:`CATALOG` (an entry identical to a built-in row -- same id,
        source and source key -- keeps the built-in row and is not listed).

    Raises
    ------
    InputError
        Bad TOML, a bad entry, or an id of a built-in series with another source or key
        (one line naming the file and the entry); the catalogue is then left as it was.
    """
    global GROUPS
    from pathlib import Path

    p = Path(path)
    try:
        st = p.stat()
        key: object = (str(p), st.st_mtime_ns, st.st_size, tuple(sorted(sources)))
    except OSError:
        key = (str(p), None)
    if key == _USER["key"]:
        return [CATALOG[i] for i in CATALOG if i not in BUILTIN]
    rows = []
    if key[1] is not None:  # type: ignore[index]
        from tsy.catalog.user import parse_user

        for row in parse_user(p, sources):
            built = CATALOG.get(str(row["id"])) if row["id"] in BUILTIN else None
            if built is None:
                rows.append(_from_mapping(row))
            elif (built.source, built.source_key) != (row["source"], row["source_key"]):
                raise InputError(
                    f"user catalogue {p}: [series.{row['id']}]: {row['id']} is a built-in"
                    f" series ({built.source} {built.source_key}: {built.title_en}); expected"
                    " another id, or the same source and source_key"
                )
    for sid in [i for i in CATALOG if i not in BUILTIN]:
        del CATALOG[sid]
    CATALOG.update({r.id: r for r in rows})
    GROUPS = tuple(dict.fromkeys(i.group for i in CATALOG.values()))
    _USER["key"] = key
    return rows


#: Days after the *release* of a series' last observation after which it is stale, by frequency:
#: one period between releases plus a grace for holidays and late publications.
_STALE_DAYS = {"D": 7, "W": 14, "M": 45, "Q": 135}


def stale_after_days(frequency: str) -> int:
    """Days after the release of the last observation after which a series is stale."""
    return _STALE_DAYS.get(frequency, 30)


def staleness(
    info: SeriesInfo, last_date: pd.Timestamp | None, as_of: pd.Timestamp
) -> tuple[int | None, bool]:
    """Age in days of a series' last observation and whether it is stale on ``as_of``.

    The one staleness rule of tsy (``tsy status``, the report, the dashboard and the API): a
    series is stale when its last observation released by ``as_of`` was released more than
    :func:`stale_after_days` of its frequency before ``as_of``; a series with no observation is
    stale with no age. The age returned is that of the observation itself.

    Examples
    --------
    A daily series released 8 days before is stale (limit 7 days); CPI for February 2025
    (dated 2025-02-01, released by the 15th of March under ``month+1:15``) is fresh on
    2025-04-11 (27 days after its release; limit 45 days), though 69 days old.

    >>> import pandas as pd
    >>> staleness(CATALOG["DGS10"], pd.Timestamp("2025-04-03"), pd.Timestamp("2025-04-11"))
    (8, True)
    >>> staleness(CATALOG["CPIAUCNS"], pd.Timestamp("2025-02-01"), pd.Timestamp("2025-04-11"))
    (69, False)
    """
    import pandas as pd

    if last_date is None or pd.isna(last_date):
        return None, True
    age = int((as_of - last_date).days)
    out = release.release_dates(info.release, [last_date])[0]
    return age, int((as_of - out).days) > stale_after_days(info.frequency)


def get(series_id: str) -> SeriesInfo:
    """Return the catalogue row of ``series_id`` (case-insensitive).

    Raises
    ------
    InputError
        Unknown id, with the closest known ids suggested.
    """
    key = series_id.strip().upper()
    info = CATALOG.get(key)
    if info is None:
        import difflib

        near = difflib.get_close_matches(key, CATALOG, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(near)}?" if near else "; see `tsy catalog`"
        raise InputError(f"unknown series id {series_id!r}{hint}")
    return info


def resolve(ids: Iterable[str]) -> list[SeriesInfo]:
    """Return catalogue rows for ``ids``; every unknown id is named in one ``InputError``."""
    ids = list(ids)
    bad = [i for i in ids if i.strip().upper() not in CATALOG]
    if bad:
        if len(bad) == 1:
            get(bad[0])
        raise InputError(f"unknown series ids: {', '.join(bad)}; see `tsy catalog`")
    return [CATALOG[i.strip().upper()] for i in ids]


def all_series(group: str | None = None) -> list[SeriesInfo]:
    """Return every catalogue row, or those of one group (``InputError`` for an unknown group)."""
    if group is None:
        return list(CATALOG.values())
    if group not in GROUPS:
        raise InputError(f"unknown group {group!r}; known groups: {', '.join(GROUPS)}")
    return [i for i in CATALOG.values() if i.group == group]
