"""Recognise hand-downloaded files by content and parse them (air-gapped use).

One registry of :class:`~tsy.sources.base.FileFormat` entries: the FRED layouts defined here
plus every provider module's ``FORMATS``. ``tsy import`` asks :func:`recognise` which format a
file is in, by its first bytes only, never by its name.
"""

from __future__ import annotations

import datetime
import io
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tsy import catalog
from tsy.errors import InputError, SchemaError
from tsy.printable import printable
from tsy.sources import provider_modules
from tsy.sources.base import FileFormat, Parsed, parse_dates, parse_number
from tsy.sources.fred import parse_csv

__all__ = [
    "MAX_FILE_BYTES",
    "SNIFF_BYTES",
    "Archives",
    "FileItem",
    "as_utf8_text",
    "decode_text",
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


#: Default cap on one file or zip member, decompressed (see ``Settings.max_file_bytes``).
MAX_FILE_BYTES = 256 * 2**20


class Archives:
    """Open zip archives, each opened once for all its members (closed on exit).

    Re-opening an archive per member re-reads its central directory every time: quadratic in
    the number of members (5,000 members took over 120 s).
    """

    def __init__(self) -> None:
        self._open: dict[Path, zipfile.ZipFile] = {}

    def get(self, path: Path) -> zipfile.ZipFile:
        zf = self._open.get(path)
        if zf is None:
            zf = self._open[path] = zipfile.ZipFile(path)
        return zf

    def __enter__(self) -> Archives:
        return self

    def __exit__(self, *exc: object) -> None:
        for zf in self._open.values():
            zf.close()
        self._open.clear()


def _too_big(label: str, limit: int) -> InputError:
    return InputError(f"{label}: larger than {limit / 2**20:g} MiB (TSY_MAX_FILE_MB); not read")


@dataclass(frozen=True)
class FileItem:
    """One file to import: a path, or a member of a zip archive."""

    path: Path
    member: str | None = None
    root: Path | None = None

    @property
    def label(self) -> str:
        """What the user sees: the path (relative to the folder given), ``!member`` in a zip.

        Control characters are escaped (a name may hold terminal escape sequences).
        """
        shown = str(self.path.relative_to(self.root)) if self.root else str(self.path)
        return printable(f"{shown}!{self.member}" if self.member else shown)

    def read(self, archives: Archives | None = None, *, limit: int = MAX_FILE_BYTES) -> bytes:
        """Read the whole file (or zip member), at most ``limit`` bytes after decompression.

        Raises
        ------
        InputError
            Not a regular file (a FIFO or device would block or never end), larger than
            ``limit``, or unreadable (corrupt, encrypted or unsupported zip member).
        """
        try:
            st = self.path.stat()
            if not stat.S_ISREG(st.st_mode):
                raise InputError(
                    f"{self.label}: not a regular file (a pipe, device or socket); not read"
                )
            if self.member is None:
                if st.st_size > limit:
                    raise _too_big(self.label, limit)
                with self.path.open("rb") as fh:
                    data = fh.read(limit + 1)
            else:
                zf = archives.get(self.path) if archives else zipfile.ZipFile(self.path)
                try:
                    if zf.getinfo(self.member).file_size > limit:
                        raise _too_big(self.label, limit)
                    with zf.open(self.member) as fh:  # the declared size may lie: cap the read
                        data = fh.read(limit + 1)
                finally:
                    if archives is None:
                        zf.close()
        except InputError:
            raise
        except (OSError, zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError,
                EOFError, zlib.error, ValueError) as exc:  # fmt: skip
            reason = printable(" ".join(str(exc).split())) or type(exc).__name__
            raise InputError(f"cannot read {self.label}: {reason}") from None
        if len(data) > limit:
            raise _too_big(self.label, limit)
        return data


def iter_files(paths: Iterable[str | Path]) -> Iterator[FileItem]:
    """Expand files and folders (recursively, sorted) into file items; zips into their members.

    A zip that cannot be listed is yielded as one item (its read fails with the reason).

    Raises
    ------
    InputError
        A path that does not exist.
    """
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputError(f"no such file or folder: {printable(str(p))}")
        files = sorted(x for x in p.rglob("*") if not x.is_dir()) if p.is_dir() else [p]
        root = p if p.is_dir() else None
        for f in files:
            if f.name.startswith(".") or any(part.startswith(".") for part in f.parts[-3:-1]):
                continue
            members = _zip_members(f)
            if members is None:
                yield FileItem(f, None, root)
            else:
                yield from (FileItem(f, m, root) for m in members)


def _zip_members(f: Path) -> list[str] | None:
    """Member names of a zip archive, or None when ``f`` is not a readable zip."""
    if f.suffix.lower() != ".zip" or not f.is_file():
        return None
    try:
        with zipfile.ZipFile(f) as zf:
            return [m for m in zf.namelist() if not m.endswith("/")]
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return None


_DATE_FORMATS = {"iso": "%Y-%m-%d", "dmy": "%d/%m/%Y", "mdy": "%m/%d/%Y", "ymd": "%Y/%m/%d"}


def check_date_format(date_format: str) -> str:
    """The strftime pattern of ``--date-format`` (a name or a pattern), checked before any file.

    A pattern must give back the day it formats (2001-02-03), so it names day, month and year.

    Examples
    --------
    >>> check_date_format("dmy")
    '%d/%m/%Y'
    >>> check_date_format("%")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tsy.errors.InputError: --date-format '%': not a date pattern (stray % in format '%'); ...
    """
    pattern = _DATE_FORMATS.get(date_format, date_format)
    day = datetime.datetime(2001, 2, 3)
    hint = "expected iso, dmy, mdy, ymd or a strftime pattern such as %d.%m.%Y"
    try:
        back = datetime.datetime.strptime(day.strftime(pattern), pattern)
    except ValueError as exc:
        raise InputError(
            f"--date-format {date_format!r}: not a date pattern ({exc}); {hint}"
        ) from None
    if back.date() != day.date():
        raise InputError(f"--date-format {date_format!r}: needs day, month and year; {hint}")
    return pattern


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

    Returns
    -------
    pandas.Series
        The observations; ``attrs["missing"]`` counts the rows skipped as missing.

    Raises
    ------
    InputError
        Not two columns, a date or value that does not parse (naming the line), duplicate dates.
        Values are plain ASCII decimals (:func:`tsy.sources.base.parse_number`): ``1_000``,
        Arabic-Indic digits and ``inf`` are refused, not guessed.
    """
    info = catalog.get(series_id)
    text = decode_text(payload)
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
    numbers = raw.map(parse_number)
    values = pd.to_numeric(numbers.where(~missing), errors="coerce")
    bad = numbers.isna() & ~missing
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
    out.attrs["missing"] = int(missing.sum())
    return out


def decode_text(payload: bytes) -> str:
    """Decode a text file: UTF-8 (BOM optional) or UTF-16 with a BOM; CR-only lines become LF.

    Spreadsheet tools on Windows save "Unicode text" as UTF-16 with a byte-order mark, and old
    Mac tools end lines with CR alone; both are read, not skipped.

    Examples
    --------
    >>> decode_text("a,b\\r1,2\\r".encode("utf-16"))
    'a,b\\n1,2\\n'
    """
    if payload[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = payload.decode("utf-16", errors="replace")
    else:
        text = payload.decode("utf-8-sig", errors="replace")
    text = text.lstrip("\ufeff")
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")
    return text


def as_utf8_text(payload: bytes) -> bytes:
    """Re-encode a UTF-16 (with BOM) or CR-only text file as UTF-8 with LF; else unchanged.

    Binary payloads (zip, workbook: they hold NUL bytes or LF) are returned as they are.
    """
    if payload[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return decode_text(payload).encode("utf-8")
    head = payload[:SNIFF_BYTES]
    if b"\r" in head and b"\n" not in payload and b"\x00" not in head:
        return payload.replace(b"\r", b"\n")
    return payload


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
