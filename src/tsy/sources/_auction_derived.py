"""Derived coupon-auction metrics: a labelled secondary source, never an official record.

The file (``coupon_auction_metrics_derived_..._EXCERPT.csv`` in the shared data) comes from a
third party (smileys21/Global-Bond-Holdings, ``data/auctions.csv``): one row per nominal 2- to
30-year note/bond auction with the high and median yields (percent), bid-to-cover, offering size
(USD bn) and the primary-dealer / direct / indirect shares of competitive accepted (percent).
It has no dollar awards. It goes to its own table ``auctions_secondary`` (key ``cusip`` +
``auction_date``) with a ``source_note``, so it can never overwrite a row of ``auctions``.

Columns: the file's own, snake_case, with ``date`` renamed ``auction_date``.
"""

from __future__ import annotations

import pandas as pd

from tsy.errors import EmptyError, SchemaError
from tsy.sources._payload import csv_rows
from tsy.sources.base import FileFormat, Parsed

__all__ = ["COLUMNS", "FORMAT", "SOURCE_NOTE", "parse_derived_csv"]

SOURCE = "derived"

#: Columns of the file, in order (``date`` becomes ``auction_date``).
COLUMNS: tuple[str, ...] = (
    "date",
    "tenor",
    "term",
    "reopening",
    "cusip",
    "size_bn",
    "high_yield",
    "median_yield",
    "bid_to_cover",
    "dealer_pct",
    "direct_pct",
    "indirect_pct",
    "dispersion_bp",
)
_NUMERIC = COLUMNS[COLUMNS.index("size_bn") :]  # size_bn .. dispersion_bp
_BOOL = {"true": True, "false": False}

#: Label stored with every row.
SOURCE_NOTE = (
    "secondary: third-party derived coupon-auction metrics (shares in percent of competitive "
    "accepted, no dollar amounts); never overrides an official auctions record"
)


def parse_derived_csv(payload: bytes) -> Parsed:
    """Parse the derived auction-metrics CSV into ``tables["auctions_secondary"]``.

    Returns
    -------
    Parsed
        Columns ``auction_date`` (ISO), ``tenor``, ``term``, ``reopening`` (bool), ``cusip``,
        ``size_bn`` (USD bn), ``high_yield``/``median_yield`` (percent), ``bid_to_cover``,
        ``dealer_pct``/``direct_pct``/``indirect_pct`` (percent), ``dispersion_bp`` (bp),
        ``source_note``; ``source="derived"`` and a note saying it is secondary.

    Raises
    ------
    SchemaError
        The header differs from :data:`COLUMNS`, a value does not parse, a key repeats.
    """
    rows = csv_rows(payload)
    if not rows:
        raise EmptyError("empty file", source=SOURCE, key="auctions_secondary")
    header = tuple(h.strip().lower() for h in rows[0])
    if header != COLUMNS:
        missing = [c for c in COLUMNS if c not in header] or ["(column order)"]
        raise SchemaError(
            f"derived auction metrics: column {missing[0]!r} missing or moved",
            source=SOURCE,
            key=missing[0],
            expected=",".join(COLUMNS),
        )
    frame = pd.DataFrame([r + [""] * (len(COLUMNS) - len(r)) for r in rows[1:]], columns=COLUMNS)
    frame = frame.apply(lambda c: c.str.strip())
    try:
        frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d").dt.strftime("%Y-%m-%d")
        for col in _NUMERIC:
            frame[col] = pd.to_numeric(frame[col].replace("", None)).astype(float)
    except (ValueError, TypeError) as exc:
        raise SchemaError(
            f"derived auction metrics: {exc}",
            source=SOURCE,
            key="auctions_secondary",
            expected="ISO dates and numbers",
        ) from None
    bad = ~frame["reopening"].str.lower().isin(list(_BOOL))
    if bad.any():
        raise SchemaError(
            f"reopening={frame.loc[bad, 'reopening'].iloc[0]!r}",
            source=SOURCE,
            key="reopening",
            expected="True or False",
        )
    frame["reopening"] = frame["reopening"].str.lower().map(_BOOL).astype(bool)
    frame = frame.rename(columns={"date": "auction_date"})
    if (frame["cusip"] == "").any() or frame.duplicated(["cusip", "auction_date"]).any():
        raise SchemaError(
            "blank or repeated cusip + auction_date",
            source=SOURCE,
            key="cusip+auction_date",
            expected="one row per auction",
        )
    frame["source_note"] = SOURCE_NOTE
    return Parsed(tables={"auctions_secondary": frame}, source=SOURCE, note=SOURCE_NOTE)


def _detect(head: str) -> bool:
    first = head.lstrip("\ufeff").split("\n", 1)[0].strip().lower()
    return tuple(c.strip() for c in first.split(",")) == COLUMNS


#: File format entry (listed in :data:`tsy.sources.fiscaldata.FORMATS`).
FORMAT = FileFormat(
    name="auction-metrics-derived-csv",
    description="Derived coupon-auction metrics (third party; secondary, shares in percent)",
    detect=_detect,
    parse=parse_derived_csv,
    priority=40,
)
