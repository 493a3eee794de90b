"""``tsy import``: load hand-downloaded files into the store (air-gapped use).

Each file is recognised by content (:func:`tsy.sources.files.recognise`), parsed, validated and
written in one transaction per file: a file that fails writes nothing, and the files before and
after it are unaffected. Unrecognised files are skipped with the reason; ``strict`` makes a skip
an error.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from tsy.errors import InputError, TsyError
from tsy.pipeline.ingest import sync_catalog, write_parsed
from tsy.printable import printable
from tsy.sources.base import Parsed
from tsy.sources.files import (
    MAX_FILE_BYTES,
    SNIFF_BYTES,
    Archives,
    FileItem,
    as_utf8_text,
    describe_head,
    iter_files,
    parse_two_column,
    parse_with,
    recognise,
)
from tsy.store import Store

__all__ = ["ImportOutcome", "import_paths", "parse_when_issued"]


@dataclass
class ImportOutcome:
    """What happened to one file."""

    file: str
    format: str = ""
    status: str = "imported"  # imported | skipped | failed
    reason: str = ""
    series: int = 0
    new: int = 0
    revised: int = 0
    note: str = ""


def parse_when_issued(payload: bytes, label: str = "file") -> pd.DataFrame:
    """Parse a user's when-issued yields: CSV with columns ``cusip, auction_date, wi_yield``.

    ``auction_date`` ISO (YYYY-MM-DD); ``wi_yield`` in percent. No free source publishes
    when-issued yields, so they come from the user's own data.

    Raises
    ------
    InputError
        Missing columns, bad dates or yields (naming the line).
    """
    try:
        frame = pd.read_csv(io.BytesIO(payload), dtype=str)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{label}: not a CSV file ({exc})") from None
    frame.columns = [c.strip().lower() for c in frame.columns]
    need = ["cusip", "auction_date", "wi_yield"]
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise InputError(f"{label}: missing columns {missing}; expected {need}")
    frame = frame[need].copy()
    dates = pd.to_datetime(frame["auction_date"].str.strip(), format="%Y-%m-%d", errors="coerce")
    ylds = pd.to_numeric(frame["wi_yield"], errors="coerce")
    for i in range(len(frame)):
        if (
            pd.isna(dates.iloc[i])
            or pd.isna(ylds.iloc[i])
            or not str(frame["cusip"].iloc[i]).strip()
        ):
            raise InputError(
                f"{label} line {i + 2}: expected cusip, YYYY-MM-DD date and a yield in percent"
            )
    frame["cusip"] = frame["cusip"].str.strip().str.upper()
    frame["auction_date"] = dates.dt.strftime("%Y-%m-%d")
    frame["wi_yield"] = ylds.astype(float)
    return frame


def _one(
    store: Store,
    item: FileItem,
    *,
    series_id: str | None,
    date_format: str | None,
    when_issued: bool,
    seen_at: datetime,
    archives: Archives,
    max_bytes: int,
    as_of: pd.Timestamp,
) -> ImportOutcome:
    out = ImportOutcome(item.label)
    payload = as_utf8_text(item.read(archives, limit=max_bytes))
    if when_issued:
        out.format = "when-issued-csv"
        parsed = Parsed(tables={"when_issued": parse_when_issued(payload, item.label)})
    elif series_id:
        out.format = "two-column-csv"
        s = parse_two_column(payload, series_id, date_format=date_format, label=item.label)
        parsed = Parsed(series={str(s.name): s}, source="file")
        if s.attrs.get("missing"):
            out.note = f"{s.attrs['missing']} rows without a value skipped"
    else:
        head = payload[:SNIFF_BYTES].decode("utf-8", errors="replace")
        fmt = recognise(head)
        if fmt is None:
            out.status, out.reason = "skipped", describe_head(head)
            return out
        out.format = fmt.name
        parsed = parse_with(fmt, payload, item.label)
        out.note = parsed.note
    written = write_parsed(
        store, parsed, seen_at, default_source="file", as_of=as_of, label=item.label
    )
    out.series, out.new, out.revised = written.series, written.new, written.revised
    return out


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    series_id: str | None = None,
    date_format: str | None = None,
    when_issued: bool = False,
    seen_at: datetime | None = None,
    on_done: Callable[[ImportOutcome], None] | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    as_of: pd.Timestamp | None = None,
) -> list[ImportOutcome]:
    """Import files and folders; return one outcome per file.

    Parameters
    ----------
    store : Store
        Open store (the caller holds the writer lock).
    paths : iterable of path
        Files or folders (recursive). Zip archives are read member by member.
    series_id : str, optional
        Read every file as a two-column (date, value) CSV of this catalogue series.
    date_format : str, optional
        Date format of two-column files (see :func:`tsy.sources.files.parse_two_column`).
    when_issued : bool
        Read files as when-issued yields (``cusip, auction_date, wi_yield``).
    max_bytes : int
        Largest file or zip member read, decompressed (``Settings.max_file_bytes``).
    as_of : pandas.Timestamp, optional
        The run's date that bounds observation dates (:mod:`tsy.pipeline.validate`); default today
        (UTC), read here at the edge, whatever ``seen_at`` says.

    Returns
    -------
    list of ImportOutcome
        Failed files carry the error; they wrote nothing.

    Raises
    ------
    InputError
        A path that does not exist (before anything is written).
    """
    items = list(iter_files(paths))
    if not items:
        raise InputError(f"no files found in {', '.join(map(str, paths))}")
    seen_at = seen_at or datetime.now(UTC)
    run_date = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp(datetime.now(UTC).date())
    sync_catalog(store)
    outcomes = []
    with Archives() as archives:
        for item in items:
            try:
                out = _one(
                    store,
                    item,
                    series_id=series_id,
                    date_format=date_format,
                    when_issued=when_issued,
                    seen_at=seen_at,
                    archives=archives,
                    max_bytes=max_bytes,
                    as_of=run_date,
                )
            except TsyError as exc:
                out = ImportOutcome(item.label, status="failed", reason=_one_line(str(exc)))
            except Exception as exc:  # a hostile file never stops the others
                why = _one_line(str(exc)) or "no detail"
                out = ImportOutcome(
                    item.label, status="failed", reason=f"unreadable ({type(exc).__name__}: {why})"
                )
            outcomes.append(out)
            if on_done:
                on_done(out)
    return outcomes


def _one_line(text: str, limit: int = 300) -> str:
    """One printable line of at most ``limit`` characters."""
    flat = printable(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
