"""Recognise hand-downloaded files by content and parse them (air-gapped use).

One registry of :class:`~tsy.sources.base.FileFormat` entries: the FRED layouts defined here
plus every provider module's ``FORMATS``. ``tsy import`` asks :func:`recognise` which format a
file is in, by its first bytes only, never by its name.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tsy import catalog
from tsy.errors import InputError, SchemaError
from tsy.sources import provider_modules
from tsy.sources.base import FileFormat, Parsed, parse_dates
from tsy.sources.fred import parse_csv

__all__ = [
    "SNIFF_BYTES",
    "FileItem",
    "describe_head",
    "formats",
    "iter_files",
    "parse_two_column",
    "recognise",
]

#: How much of a file the detectors see.
SNIFF_BYTES = 8192

_FRED_HEADER = re.compile(r"^\ufeff?(observation_date|DATE),([A-Za-z0-9_.\-]+)\s*$")


def _first_line(head: str) -> str:
    return head.split("\n", 1)[0].rstrip("\r")


def _fred_detect(head: str) -> bool:
    m = _FRED_HEADER.match(_first_line(head))
    return bool(m) and m.group(2).upper() in catalog.CATALOG  # type: ignore[union-attr]


def _fred_parse(payload: bytes) -> Parsed:
    s = parse_csv(payload, source="file")
    sid = str(s.name).upper()
    s.name = sid
    return Parsed(series={sid: s}, source="fred")


FRED_LAYOUT = FileFormat(
    name="fred-csv",
    description="FRED download (observation_date,ID or legacy DATE,ID), or tsy's series layout",
    detect=_fred_detect,
    parse=_fred_parse,
    priority=10,
)


def formats() -> list[FileFormat]:
    """Return every known file format, most specific first."""
    out = [FRED_LAYOUT, *(f for mod in provider_modules() for f in getattr(mod, "FORMATS", []))]
    return sorted(out, key=lambda f: -f.priority)


def _is_ole2_workbook(head: str) -> bool:
    """OLE2 compound file (legacy .xls): magic D0 CF 11 E0, decoded with replacement chars."""
    return head.startswith("\ufffd\ufffd\x11")


#: Files tsy knows but does not import, recognised by content: (test on the head, reason).
SKIP_RULES: tuple[tuple[Callable[[str], bool], str], ...] = (
    (
        lambda h: h.lstrip().startswith("#"),
        "documentation (Markdown), not data",
    ),
    (
        lambda h: bool(
            re.match(r"^(Date|time),(Open|open),(High|high),(Low|low),(Close|close)", h)
        ),
        "OHLC price file in a repository-specific layout: extract date and close and import "
        "it with --series ID",
    ),
    (
        lambda h: "<td:AuctionData" in h[:2000],
        "TreasuryDirect auction-results XML: not read (the same results come from Fiscal Data's "
        "auctions_query, imported from its CSV or fetched by `tsy update`)",
    ),
    (
        _is_ole2_workbook,
        "spreadsheet workbook (.xls): not read (optional investor-class data)",
    ),
)


def describe_head(head: str) -> str:
    """Why a file is not imported: a known-skip reason, or a short description of its start."""
    line = _first_line(head).strip()
    if not line:
        return "empty file"
    for test, reason in SKIP_RULES:
        if test(head):
            return reason
    m = _FRED_HEADER.match(line)
    if m:
        sid = m.group(2)
        return f"FRED-layout header for {sid!r}, which is not a catalogue id (see `tsy catalog`)"
    return (
        f"not a format tsy imports (first line {line[:60]!r}); for a date,value file of a "
        f"catalogue series use --series ID"
    )


def recognise(head: str) -> FileFormat | None:
    """Return the first format whose detector claims ``head`` (decoded first bytes), or None."""
    for fmt in formats():
        try:
            if fmt.detect(head):
                return fmt
        except Exception:  # a detector must never break import of other files
            continue
    return None


@dataclass(frozen=True)
class FileItem:
    """One file to import: a path, or a member of a zip archive."""

    path: Path
    member: str | None = None
    root: Path | None = None

    @property
    def label(self) -> str:
        """What the user sees: the path (relative to the folder given), ``!member`` in a zip."""
        shown = str(self.path.relative_to(self.root)) if self.root else str(self.path)
        return f"{shown}!{self.member}" if self.member else shown

    def read(self) -> bytes:
        """Read the whole file (or zip member)."""
        try:
            if self.member is None:
                return self.path.read_bytes()
            with zipfile.ZipFile(self.path) as zf:
                return zf.read(self.member)
        except (OSError, zipfile.BadZipFile, KeyError) as exc:
            raise InputError(f"cannot read {self.label}: {exc}") from None


def iter_files(paths: Iterable[str | Path]) -> Iterator[FileItem]:
    """Expand files and folders (recursively, sorted) into file items; zips into their members.

    Raises
    ------
    InputError
        A path that does not exist.
    """
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputError(f"no such file or folder: {p}")
        files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        root = p if p.is_dir() else None
        for f in files:
            if f.name.startswith(".") or any(part.startswith(".") for part in f.parts[-3:-1]):
                continue
            if f.suffix.lower() == ".zip" and zipfile.is_zipfile(f):
                with zipfile.ZipFile(f) as zf:
                    for m in zf.namelist():
                        if not m.endswith("/"):
                            yield FileItem(f, m, root)
            else:
                yield FileItem(f, None, root)


_DATE_FORMATS = {"iso": "%Y-%m-%d", "dmy": "%d/%m/%Y", "mdy": "%m/%d/%Y", "ymd": "%Y/%m/%d"}


def parse_two_column(
    payload: bytes, series_id: str, *, date_format: str | None = None, label: str = "file"
) -> pd.Series:
    """Parse a user's two-column file (date, value) as catalogue series ``series_id``.

    Parameters
    ----------
    payload : bytes
        CSV with a header row and two columns: a date and a number. Rows may be in any order.
        Blank, ``.``, ``NA`` and ``null`` values are missing.
    series_id : str
        Catalogue id the values are for.
    date_format : str, optional
        ``iso`` (YYYY-MM-DD), ``dmy`` (DD/MM/YYYY), ``mdy`` (MM/DD/YYYY), ``ymd`` (YYYY/MM/DD)
        or a strftime pattern. Default: ISO if every date parses as ISO, else DD/MM/YYYY.

    Raises
    ------
    InputError
        Not two columns, a date or value that does not parse (naming the line), duplicate dates.
    """
    info = catalog.get(series_id)
    text = payload.decode("utf-8-sig", errors="replace")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{label}: not a CSV file ({exc})") from None
    if frame.shape[1] != 2:
        raise InputError(
            f"{label}: expected 2 columns (date, value), "
            f"found {frame.shape[1]}: {list(frame.columns)}"
        )
    dates = frame.iloc[:, 0].str.strip()
    raw = frame.iloc[:, 1].str.strip().str.replace(",", "", regex=False)
    missing = raw.str.lower().isin(["", ".", "na", "nan", "null", "n/a"])
    values = pd.to_numeric(raw.where(~missing), errors="coerce")
    bad = values.isna() & ~missing
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"{label} line {row + 2}: value {raw.iloc[row]!r} is not a number")
    fmts = (
        [_DATE_FORMATS.get(date_format, date_format)] if date_format else ["%Y-%m-%d", "%d/%m/%Y"]
    )
    parsed, bad_at = parse_dates(dates, fmts)
    if bad_at is not None:
        raise InputError(
            f"{label} line {bad_at + 2}: date {dates.iloc[bad_at]!r} does not match "
            f"{date_format or 'YYYY-MM-DD or DD/MM/YYYY'} (use --date-format)"
        )
    out = pd.Series(values.to_numpy(float), index=pd.DatetimeIndex(parsed, name="date"))
    out = out[~missing.to_numpy()].sort_index()
    if out.index.has_duplicates:
        d = out.index[out.index.duplicated()][0]
        raise InputError(f"{label}: date {d.date()} appears twice")
    if out.empty:
        raise InputError(f"{label}: no observations")
    out.name = info.id
    return out


def parse_with(fmt: FileFormat, payload: bytes, label: str) -> Parsed:
    """Parse ``payload`` with ``fmt``, turning parser errors into errors naming the file."""
    try:
        return fmt.parse(payload)
    except SchemaError as exc:
        raise SchemaError(
            f"{label}: {exc.message}",
            source=exc.source or fmt.name,
            key=exc.key,
            expected=exc.expected,
        ) from None
