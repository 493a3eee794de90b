"""Typed response models of the JSON API (pydantic), as published in its OpenAPI schema.

Units are in field names where numbers mix units (``_pct`` percent, ``_bp`` basis points);
dates are ISO ``YYYY-MM-DD``; a missing value is ``null``, never 0.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

__all__ = [
    "AuctionRow",
    "Breakevens",
    "CurveData",
    "ErrorBody",
    "FigureData",
    "Headline",
    "Health",
    "MonitorData",
    "PartRow",
    "SeriesData",
    "SeriesInfoModel",
    "StatusRow",
    "TableData",
]


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer: what was wrong, in one sentence."""

    error: str = Field(description="Kind of error, e.g. bad_request, not_found, no_data.")
    detail: str = Field(description="What was wrong and what was expected.")


class Health(BaseModel):
    status: str
    version: str
    data_version: int | None = Field(description="Changes whenever the store is written.")
    warm: bool = Field(description="The startup computation of the main sections is done.")


class SeriesInfoModel(BaseModel):
    id: str
    title_en: str
    title_zh: str
    units: str
    frequency: str = Field(description="D, W, M or Q.")
    group: str
    source: str
    tenor: float | None = Field(None, description="Maturity in years for curve points.")


class SeriesData(BaseModel):
    id: str
    title_en: str
    title_zh: str
    units: str
    frequency: str
    start: dt.date | None = Field(description="First date returned.")
    end: dt.date | None = Field(description="Last date returned.")
    n: int
    dates: list[dt.date]
    values: list[float | None]


class CurveData(BaseModel):
    tenor: int = Field(description="Years.")
    nominal_id: str
    real_id: str
    dates: list[dt.date]
    nominal_pct: list[float | None]
    real_pct: list[float | None]
    breakeven_pct: list[float | None] = Field(description="Nominal minus TIPS, same date.")
    notes: list[str]


class Breakevens(BaseModel):
    dates: list[dt.date]
    columns: dict[str, list[float | None]] = Field(
        description="be_<t>y_pct per tenor and fwd_5y5y_pct / fwd_10y10y_pct (percent)."
    )
    notes: list[str]


class PartRow(BaseModel):
    part: str
    status: str = Field(description="fresh, stale or missing.")
    value: float | None
    unit: str
    score: float | None = Field(description="0 = a normal day, 100 = the most stressed of 3y.")
    date: dt.date | None
    series: str
    note: str


class Headline(BaseModel):
    as_of: dt.date
    as_of_text: str
    state: str | None = Field(description="Haven state key (state.calm ...), None if missing.")
    state_text: str = Field(description="The state line with its evidence (opens the view).")
    score: float | None = Field(description="Composite stress score 0-100, 1 decimal.")
    score_text: str
    verdict: str
    verdict_text: str
    status: str = Field(description="complete, partial or empty.")
    n_ok: int
    n_parts: int
    alert: bool
    reasons: list[str]
    text: str


class MonitorData(BaseModel):
    as_of: dt.date
    lang: str
    headline: Headline
    monitor_headline: str = Field(description="The monitor's own one-line headline (English).")
    parts: list[PartRow]
    missing: list[str]
    stale: list[str]


class AuctionRow(BaseModel):
    auction_date: dt.date
    cusip: str
    kind: str | None
    security_term: str | None
    original_term: str | None
    high_yield_pct: float | None
    bid_to_cover: float | None
    direct_pct: float | None
    indirect_pct: float | None
    dealer_pct: float | None
    tail_bp: float | None
    source: str | None
    ranks_pct: dict[str, float | None] = Field(
        description="Percentile of each metric among past auctions of the same term."
    )


class StatusRow(BaseModel):
    series_id: str
    title_en: str
    title_zh: str
    group: str
    source: str
    frequency: str
    last_date: dt.date | None
    age_days: int | None
    status: str = Field(description="fresh, stale or missing.")


class TableData(BaseModel):
    name: str
    lang: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    caption: str


class FigureData(BaseModel):
    name: str
    lang: str
    caption: str
    figure: dict[str, Any] = Field(description="Plotly figure: {data: [...], layout: {...}}.")
