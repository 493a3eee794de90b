"""TIC: Major Foreign Holders of Treasury Securities (monthly, USD billions).

Treasury International Capital system, table "Major Foreign Holders of Treasury Securities"
(holdings at end of period, billions of dollars; https://ticdata.treasury.gov/Publish/mfh.txt
for the latest ~13 months, ``mfhhis01.txt`` for the history from 2000). Both are text tables of
blocks: a row of month names (``Dec Nov ... Jan``), a row ``Country 2025 2025 ...`` of years,
a dashed rule, then one row per country, then ``Grand Total`` and an ``Of which:`` block
(foreign official holdings, split into bills and bonds & notes). ``mfhhis01.txt`` is
tab-separated with quoted names; ``mfh.txt`` is aligned with spaces. Both layouts are read here.

Rules:

* ``date`` is the **month-end** ISO date (``2025-12-31``): holdings are end-of-period stocks.
* Where a series break repeats a month (two ``Jun`` columns), the first (left) column is kept:
  it is the new series; the repeated one is the old series "shown for comparison only".
* Footnote markers are removed from names (``United Kingdom 2/`` -> ``United Kingdom``); the
  aggregate rows keep their names (``Grand Total``, ``All Other``, ``Oil Exporters``...), and the
  official rows are named ``Foreign Official``, ``Foreign Official: Treasury Bills`` and
  ``Foreign Official: T-Bonds & Notes``.

Result: table ``foreign_holders`` with columns ``country``, ``date``, ``holdings_usd_bn``
(key ``country`` + ``date``).
"""

from __future__ import annotations

import csv
import re
from typing import Any

import pandas as pd

from tsy.errors import EmptyError, SchemaError
from tsy.sources.base import FileFormat, Parsed, UpdateJob

__all__ = ["FORMATS", "JOBS", "PATHS", "build_request", "fetch", "parse_mfh"]

SOURCE = "tic"

#: File name -> path on ``ticdata.treasury.gov``.
PATHS: dict[str, str] = {
    "mfh": "/Publish/mfh.txt",
    "mfhhis01": "/Publish/mfhhis01.txt",
}

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
#: Names of the official-holdings rows (lower case, without "Of which:") -> stored name.
_ALIASES = {
    "for. official": "Foreign Official",
    "foreign official": "Foreign Official",
    "treasury bills": "Foreign Official: Treasury Bills",
    "foreign official treasury bills": "Foreign Official: Treasury Bills",
    "t-bonds & notes": "Foreign Official: T-Bonds & Notes",
    "foreign official t-bonds & notes": "Foreign Official: T-Bonds & Notes",
}
_FOOTNOTE = re.compile(r"\s*\d+/\s*$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_NOT_AVAILABLE = frozenset({"n.a.", "na", "n/a", "*", "-", "--"})
_END = re.compile(r"^\s*(\d+/|department of the treasury)", re.IGNORECASE)


def build_request(name: str = "mfh") -> tuple[str, dict[str, str]]:
    """Return the path of a TIC file (``mfh`` current table, ``mfhhis01`` history)."""
    if name not in PATHS:
        raise ValueError(f"unknown TIC file {name!r}; known: {sorted(PATHS)}")
    return PATHS[name], {}


def _cells(line: str) -> list[str]:
    """Split a line into cells: tab-separated (quoted) or space-aligned (name, then numbers)."""
    if "\t" in line:
        return [c.strip() for c in next(csv.reader([line], delimiter="\t"))]
    tokens = line.split()
    k = len(tokens)
    while k > 0 and _NUMBER.match(tokens[k - 1].replace(",", "")):
        k -= 1
    if k == len(tokens) and all(t.lower()[:3] in _MONTHS or t == "Country" for t in tokens):
        return ["", *tokens] if tokens and tokens[0] != "Country" else tokens
    return [" ".join(tokens[:k]), *tokens[k:]]


def _name(raw: str, official: bool) -> str:
    name = _FOOTNOTE.sub("", raw.strip().strip('"')).strip()
    key = re.sub(r"^of which:\s*", "", name.lower()).strip()
    if key in _ALIASES and (official or name.lower().startswith("of which")):
        return _ALIASES[key]
    return name


def parse_mfh(payload: bytes) -> Parsed:
    """Parse ``mfhhis01.txt`` or ``mfh.txt`` into the ``foreign_holders`` table.

    Returns
    -------
    Parsed
        ``tables["foreign_holders"]``: ``country`` (str), ``date`` (ISO month-end str),
        ``holdings_usd_bn`` (float, USD billions), sorted by date then country.

    Raises
    ------
    SchemaError
        No month/year header, a value that is not a number, no ``Grand Total`` row.
    EmptyError
        Headers but no holdings.

    Examples
    --------
    >>> body = (b"\\tDec\\tNov\\t\\nCountry\\t2025\\t2025\\t\\n\\t------\\t------\\t\\n"
    ...         b"Japan\\t1185.5\\t1202.7\\t\\nGrand Total\\t9271\\t9359.3\\t\\n")
    >>> t = parse_mfh(body).tables["foreign_holders"]
    >>> t[t.country == "Japan"].values.tolist()
    [['Japan', '2025-11-30', 1202.7], ['Japan', '2025-12-31', 1185.5]]
    """
    text = payload.decode("utf-8-sig", errors="replace").replace("\r", "")
    values: dict[tuple[str, str], float] = {}
    months: list[int | None] = []
    dates: list[str | None] = []
    official = False
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if _END.match(line):
            dates, official = [], False
            continue
        cells = _cells(line)
        rest = cells[1:]
        words = [c.lower()[:3] for c in rest if c]
        if words and not cells[0] and all(w in _MONTHS for w in words):
            months = [_MONTHS.get(c.lower()[:3]) if c else None for c in rest]
            if "\t" not in line:
                months = [m for m in months if m is not None]
            continue
        if cells[0].lower() == "country":
            years = rest if "\t" in line else [c for c in rest if c]
            dates = []
            for i, y in enumerate(years):
                m = re.match(r"^(\d{4})(?:-(\d{2}))?$", y)
                month = (int(m.group(2)) if m.group(2) else None) if m else None
                if m and month is None and i < len(months):
                    month = months[i]
                day = (
                    pd.Timestamp(int(m.group(1)), month, 1) + pd.offsets.MonthEnd(0)
                    if (m and month)
                    else None
                )
                dates.append(day.strftime("%Y-%m-%d") if day is not None else None)
            official = False
            continue
        if not dates or not cells[0]:
            continue
        if cells[0].lower().startswith("of which"):
            official = True
            if not any(rest):
                continue
        name = _name(cells[0], official)
        seen: set[str] = set()
        for i, raw in enumerate(rest):
            if i >= len(dates) or not raw or dates[i] is None:
                continue
            iso = dates[i]
            assert iso is not None
            if iso in seen:
                continue  # a series break repeats this month: keep the first (new) series
            seen.add(iso)
            if raw.lower() in _NOT_AVAILABLE:
                continue
            try:
                v = float(raw.replace(",", ""))
            except ValueError:
                raise SchemaError(
                    f"line {lineno}: {raw!r} for {name} is not a number",
                    source=SOURCE,
                    key=name,
                    expected="holdings in USD billions",
                ) from None
            values.setdefault((name, iso), v)
    if not values:
        if not dates and not months:
            raise SchemaError(
                "no month/year header found",
                source=SOURCE,
                key="Country",
                expected="a 'Country 2025 2025 ...' row under a row of month names",
            )
        raise EmptyError("no holdings in the file", source=SOURCE, key="foreign_holders")
    frame = pd.DataFrame(
        [(c, d, v) for (c, d), v in values.items()],
        columns=["country", "date", "holdings_usd_bn"],
    )
    if "Grand Total" not in set(frame["country"]):
        raise SchemaError(
            "no 'Grand Total' row", source=SOURCE, key="Grand Total", expected="a Grand Total row"
        )
    frame["holdings_usd_bn"] = frame["holdings_usd_bn"].astype(float)
    frame = frame.sort_values(["date", "country"]).reset_index(drop=True)
    return Parsed(tables={"foreign_holders": frame}, source=SOURCE)


def fetch(client: Any, settings: Any, since: pd.Timestamp | None, as_of: pd.Timestamp) -> Parsed:
    """Fetch the current table (and the history file when ``since`` is None)."""
    base = settings.base_urls["tic"].rstrip("/")
    names = ["mfhhis01", "mfh"] if since is None else ["mfh"]
    frames = []
    for name in names:
        path, params = build_request(name)
        resp = client.get(base + path, params=params or None, source=SOURCE, key=name)
        frames.append(parse_mfh(resp.content).tables["foreign_holders"])
    frame = pd.concat(frames, ignore_index=True).drop_duplicates(["country", "date"], keep="last")
    if since is not None:
        frame = frame[frame["date"] >= f"{pd.Timestamp(since):%Y-%m-%d}"]
    return Parsed(tables={"foreign_holders": frame.reset_index(drop=True)}, source=SOURCE)


def _detect(head: str) -> bool:
    return (
        "MAJOR FOREIGN HOLDERS OF TREASURY SECURITIES" in head.upper()
        and re.search(r"^\s*Country\b", head, re.MULTILINE) is not None
    )


#: Hand-downloaded files this module reads.
FORMATS: list[FileFormat] = [
    FileFormat(
        name="tic-mfh",
        description="TIC Major Foreign Holders of Treasury Securities (mfh.txt / mfhhis01.txt)",
        detect=_detect,
        parse=parse_mfh,
        priority=50,
    ),
]

#: ``tsy update`` jobs.
JOBS: list[UpdateJob] = [
    UpdateJob(name="tic:mfh", source=SOURCE, run=fetch, table="foreign_holders"),
]
