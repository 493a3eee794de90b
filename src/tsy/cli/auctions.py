"""``tsy auctions``: auction results from the store, with the fields a desk reads first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tsy.cli._common import FormatOpt, OutputFormat, emit, require_database
from tsy.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DESK_COLUMNS", "auctions_cmd", "desk_view"]

#: Output columns and their meaning (amounts USD bn; rates and shares in percent).
DESK_COLUMNS: dict[str, str] = {
    "date": "auction date",
    "cusip": "CUSIP",
    "type": "security type (Bill, Note, Bond; TIPS flagged)",
    "term": "security term",
    "reopen": "reopening",
    "high_pct": "high yield, or high discount rate for bills, percent",
    "btc": "bid-to-cover ratio",
    "comp_bn": "competitive accepted, USD bn",
    "direct_pct": "direct bidders, % of competitive accepted",
    "indirect_pct": "indirect bidders, % of competitive accepted",
    "dealer_pct": "primary dealers, % of competitive accepted",
    "source": "fiscaldata / treasurydirect (official); derived (secondary excerpt)",
}

_TYPES = ("bill", "note", "bond", "tips", "frn", "cmb")


def _num(frame: pd.DataFrame, name: str) -> pd.Series:
    import numpy as np
    import pandas as pd

    if name in frame.columns:
        return pd.to_numeric(frame[name], errors="coerce")
    return pd.Series(np.nan, index=frame.index, dtype=float)


def _text(frame: pd.DataFrame, name: str) -> pd.Series:
    import pandas as pd

    if name in frame.columns:
        return frame[name].astype("string")
    return pd.Series(pd.NA, index=frame.index, dtype="string")


def desk_view(raw: pd.DataFrame, secondary: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reduce ``auctions`` rows to the desk's first look, newest first.

    Shares are of competitive accepted (direct + indirect + primary dealer = 100%; Fiscal Data
    ``direct_bidder_accepted`` etc., USD). Where an official row has no results and the
    secondary derived excerpt has the same CUSIP and date, its metrics fill the row and the
    source says ``derived``. Auctions announced but not held show blanks, never zeros.
    """
    import pandas as pd

    if raw.empty and (secondary is None or secondary.empty):
        return pd.DataFrame(columns=list(DESK_COLUMNS))
    if raw.empty and secondary is not None:
        return _secondary_only(secondary, pd.DataFrame(columns=["cusip", "date"])).sort_values(
            ["date", "cusip"], ascending=[False, True], ignore_index=True
        )
    comp = _num(raw, "comp_accepted")
    tips = _text(raw, "inflation_index_security").str.lower().isin(["yes", "true"])
    kind = _text(raw, "security_type").fillna("")
    out = pd.DataFrame(
        {
            "date": raw["auction_date"].astype(str),
            "cusip": raw["cusip"].astype(str),
            "type": kind.where(~tips | kind.str.startswith("TIPS"), "TIPS " + kind),
            "term": _text(raw, "security_term"),
            "reopen": _text(raw, "reopening"),
            "high_pct": _num(raw, "high_yield").fillna(_num(raw, "high_discnt_rate")),
            "btc": _num(raw, "bid_to_cover_ratio"),
            "comp_bn": comp / 1e9,
            "direct_pct": 100 * _num(raw, "direct_bidder_accepted") / comp,
            "indirect_pct": 100 * _num(raw, "indirect_bidder_accepted") / comp,
            "dealer_pct": 100 * _num(raw, "primary_dealer_accepted") / comp,
            "source": _text(raw, "source"),
        }
    )
    if secondary is not None and not secondary.empty:
        sec = secondary.assign(date=secondary["auction_date"].astype(str)).set_index(
            ["cusip", "date"]
        )
        key = pd.MultiIndex.from_frame(out[["cusip", "date"]])
        hit = key.isin(sec.index) & out["high_pct"].isna().to_numpy()
        if hit.any():
            rows = sec.reindex(key[hit])
            for dst, src in (
                ("high_pct", "high_yield"),
                ("btc", "bid_to_cover"),
                ("direct_pct", "direct_pct"),
                ("indirect_pct", "indirect_pct"),
                ("dealer_pct", "dealer_pct"),
            ):
                if src in rows.columns:
                    out.loc[hit, dst] = pd.to_numeric(rows[src], errors="coerce").to_numpy()
            out.loc[hit, "source"] = "derived"
        extra = _secondary_only(secondary, out)
        if not extra.empty:
            out = extra if out.empty else pd.concat([out, extra], ignore_index=True)
    return out.sort_values(["date", "cusip"], ascending=[False, True]).reset_index(drop=True)


def _secondary_only(secondary: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """Rows of the secondary derived excerpt whose CUSIP and date have no official row (auctions
    after the last official file), in the desk layout, source ``derived``."""
    import pandas as pd

    sec = secondary.assign(date=secondary["auction_date"].astype(str))
    have = pd.MultiIndex.from_frame(official[["cusip", "date"]].astype(str))
    sec = sec[~pd.MultiIndex.from_frame(sec[["cusip", "date"]].astype(str)).isin(have)]
    if sec.empty:
        return pd.DataFrame(columns=list(DESK_COLUMNS))
    tenor = _text(sec, "tenor").fillna("")
    years = pd.to_numeric(tenor.str.extract(r"^(\d+)-Year", expand=False), errors="coerce")
    reopen = _num(sec, "reopening")
    return pd.DataFrame(
        {
            "date": sec["date"],
            "cusip": sec["cusip"].astype(str),
            "type": years.map(lambda y: "Bond" if y >= 20 else "Note" if y > 0 else pd.NA),
            "term": _text(sec, "term"),
            "reopen": reopen.map({1.0: "Yes", 0.0: "No"}),
            "high_pct": _num(sec, "high_yield"),
            "btc": _num(sec, "bid_to_cover"),
            "comp_bn": pd.Series(float("nan"), index=sec.index),
            "direct_pct": _num(sec, "direct_pct"),
            "indirect_pct": _num(sec, "indirect_pct"),
            "dealer_pct": _num(sec, "dealer_pct"),
            "source": "derived",
        }
    ).reset_index(drop=True)


def auctions_cmd(
    term: Annotated[
        str | None,
        typer.Option("--term", help="Security term, e.g. '3-Year', '10-Year', '13-Week'."),
    ] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="Bill, Note, Bond, TIPS, FRN or CMB.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Auctions on or after this date.")] = None,
    limit: Annotated[int, typer.Option(help="Most recent N auctions (0 = all).")] = 30,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List auctions: date, cusip, term, high rate, bid-to-cover, bidder shares."""
    from tsy.indicators.load import load_table, parse_date

    if type_ and type_.strip().lower() not in _TYPES:
        raise InputError(f"--type {type_!r} is not one of Bill, Note, Bond, TIPS, FRN, CMB")
    start = parse_date(since, "--since")
    iso = start.date().isoformat() if start is not None else None
    s = require_database()
    raw = load_table("auctions", since=iso, settings=s)
    secondary = load_table("auctions_secondary", since=iso, settings=s)
    if raw.empty and secondary.empty:
        when = f" on or after {iso}" if iso else ""
        raise InputError(f"no auctions{when} in the store; run `tsy update` or `tsy import DIR`")
    view = desk_view(raw, secondary)
    if term:
        view = view[view["term"].str.lower() == term.strip().lower()]
        if view.empty:
            raise InputError(f"no auctions with --term {term!r} (e.g. '3-Year', '13-Week')")
    if type_:
        t = type_.strip().lower()
        lowered = view["type"].str.lower()
        view = view[lowered.str.startswith("tips")] if t == "tips" else view[lowered == t]
        if view.empty:
            raise InputError(f"no auctions with --type {type_!r}")
    view = view.head(limit) if limit else view
    emit(
        view.reset_index(drop=True),
        fmt,
        title="Treasury auctions (shares: % of competitive accepted)",
    )
