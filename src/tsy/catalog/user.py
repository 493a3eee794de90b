"""The user catalogue: series added in ``$TSY_DATA_DIR/catalog.toml`` without editing tsy.

One table per series, keyed by its id, with the fields of a catalogue row
(:class:`tsy.catalog.row.SeriesInfo`)::

    [series.BAMLH0A0HYM2]
    source = "fred"                    # a source that fetches any key (tsy.sources registry)
    title_en = "ICE BofA US High Yield option-adjusted spread"
    units = "percent"
    frequency = "D"                    # D, W, M or Q
    # optional: source_key (default: the id), title_zh (default: title_en),
    # group (default "user"), tenor (years), release (default "same_day", see
    # tsy.catalog.release)

The file is read by :func:`tsy.catalog.load_user`, which the entry points call once the settings
are known (the CLI before every command, ``tsy.series``/``tsy.frame``, ``tsy update`` from
Python); the catalogue itself never reads settings. Every bad entry is one ``InputError`` line
naming the file, the entry and what was expected; nothing of a bad file is added.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path

from tsy.catalog import release
from tsy.catalog.row import FREQUENCIES
from tsy.errors import InputError
from tsy.tomlfile import read_toml

__all__ = ["REQUIRED", "parse_user"]
#: Fields an entry must have.
REQUIRED = ("source", "title_en", "units", "frequency")
_OPTIONAL = ("source_key", "title_zh", "group", "tenor", "release")
_ID = re.compile(r"^[A-Z0-9][A-Z0-9_.\-]{0,63}$")


def _text(where: str, field: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: {field} must be a non-empty string, got {value!r}")
    return value.strip()


def parse_user(path: Path, sources: Collection[str]) -> list[dict[str, object]]:
    """Read and check a user catalogue file into catalogue rows (plain dicts).

    Parameters
    ----------
    path : Path
        The TOML file (see the module docstring for its layout).
    sources : collection of str
        Sources a user series may name (those that fetch any key, e.g. ``fred``).

    Returns
    -------
    list of dict
        One row per entry, with every field of :class:`tsy.catalog.row.SeriesInfo`.

    Raises
    ------
    InputError
        Unreadable file, bad TOML, or a bad entry (one line naming the file, the entry and what
        was expected).
    """
    doc = read_toml(path, "user catalogue")
    extra = sorted(set(doc) - {"series"})
    if extra:
        raise InputError(
            f"user catalogue {path}: unknown top-level key(s) {extra}; expected [series.ID] tables"
        )
    entries = doc.get("series", {})
    if not isinstance(entries, Mapping):
        raise InputError(f"user catalogue {path}: 'series' must be tables [series.ID]")
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for key, entry in entries.items():
        where = f"user catalogue {path}: [series.{key}]"
        sid = key.strip().upper()
        if not _ID.match(sid):
            raise InputError(
                f"{where}: bad id; expected letters, digits, '_', '.' or '-' (at most 64)"
            )
        if sid in seen:
            raise InputError(f"{where}: id {sid} is declared twice (ids ignore case)")
        seen.add(sid)
        rows.append(_row(where, sid, entry, sources))
    return rows


def _row(where: str, sid: str, entry: object, sources: Collection[str]) -> dict[str, object]:
    if not isinstance(entry, Mapping):
        raise InputError(f"{where}: expected a table of fields, got {entry!r}")
    missing = [f for f in REQUIRED if f not in entry]
    if missing:
        raise InputError(f"{where}: missing field(s) {', '.join(missing)}; required: "
                         f"{', '.join(REQUIRED)}")  # fmt: skip
    unknown = sorted(set(entry) - {*REQUIRED, *_OPTIONAL})
    if unknown:
        raise InputError(
            f"{where}: unknown field(s) {', '.join(unknown)}; "
            f"expected some of {', '.join((*REQUIRED, *_OPTIONAL))}"
        )
    source = _text(where, "source", entry["source"])
    if source not in sources:
        raise InputError(
            f"{where}: unknown source {source!r}; expected one of {', '.join(sorted(sources))}"
        )
    freq = _text(where, "frequency", entry["frequency"])
    if freq.upper() not in FREQUENCIES:
        raise InputError(f"{where}: frequency {freq!r}; expected one of {', '.join(FREQUENCIES)}")
    freq = freq.upper()
    tenor = entry.get("tenor")
    if tenor is not None and (isinstance(tenor, bool) or not isinstance(tenor, int | float)
                              or not 0 < tenor <= 100):  # fmt: skip
        raise InputError(f"{where}: tenor {tenor!r}; expected a number of years (0 to 100]")
    rule = _text(where, "release", entry.get("release", "same_day"))
    try:
        release.check_rule(rule)
    except ValueError:
        raise InputError(
            f"{where}: release {rule!r}; expected a rule of tsy.catalog.release (same_day, "
            "next_bday, next:thu, month+1:15, quarter+75d, lag:3d, ...)"
        ) from None
    title_en = _text(where, "title_en", entry["title_en"])
    return {
        "id": sid,
        "source": source,
        "source_key": _text(where, "source_key", entry.get("source_key", sid)),
        "title_en": title_en,
        "title_zh": _text(where, "title_zh", entry.get("title_zh", title_en)),
        "units": _text(where, "units", entry["units"]),
        "frequency": freq,
        "group": _text(where, "group", entry.get("group", "user")),
        "tenor": float(tenor) if tenor is not None else None,
        "release": rule,
    }
