"""The JSON API under ``/api/``: series, curves, breakevens, monitor, auctions, status, tables,
figures. Read-only (GET only); every answer comes from the store through the studies and the
monitor, cached until the store changes (:class:`tsy.web.cache.StoreCache`).

Bad requests get a 4xx with an :class:`tsy.web.models.ErrorBody`: an unknown series or chart
404, a malformed or out-of-range date 400/422, a section that cannot be computed for the asked
date 422.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from fastapi import APIRouter, HTTPException, Path, Query, Request, Response

from tsy import __version__, catalog
from tsy.analytics._result import jsonable
from tsy.analytics.curves import TENORS
from tsy.cache import for_store
from tsy.config import Settings
from tsy.errors import InputError, StoreError, TsyError
from tsy.indicators.load import load, parse_date
from tsy.indicators.sections import ReportData, load_section
from tsy.indicators.studies_defs import CURVE_TENORS
from tsy.report.chart_defs import RANKED
from tsy.report.i18n import catalogue
from tsy.report.plotly_figs import FIGURES, plotly_figure, rounded_floats
from tsy.report.tables import TABLE_SECTIONS, headline, render_table
from tsy.web import models as m
from tsy.web.cache import StoreCache
from tsy.web.workers import SectionPool

__all__ = ["MAX_DATE", "MIN_DATE", "NoData", "cached_section", "router"]

log = logging.getLogger("tsy.web")
router = APIRouter(prefix="/api")

#: Dates outside this range are refused (400): no series starts before 1900.
MIN_DATE = pd.Timestamp("1900-01-01")
MAX_DATE = pd.Timestamp("2100-12-31")
_ERR: dict[int | str, dict[str, Any]] = {
    400: {"model": m.ErrorBody},
    404: {"model": m.ErrorBody},
    422: {"model": m.ErrorBody},
    503: {"model": m.ErrorBody},
}

Lang = Annotated[Literal["en", "zh"], Query(description="Language of labels: en or zh.")]
DateQ = Annotated[
    str | None,
    Query(max_length=10, description="ISO date: YYYY-MM-DD, YYYY-MM or YYYY (tsy.dates)."),
]


class NoData(TsyError):
    """A section could not be computed for the request (answered 422 ``no_data``)."""


def _cache(request: Request) -> StoreCache:
    return request.app.state.cache


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _date(value: str | None, name: str, *, end: bool = False) -> pd.Timestamp | None:
    ts = parse_date(value, name, end=end)
    if ts is not None and not (MIN_DATE <= ts <= MAX_DATE):
        raise InputError(
            f"{name} {value}: out of range; expected a date from {MIN_DATE.date()} "
            f"to {MAX_DATE.date()}"
        )
    return ts


def _window(start: str | None, end: str | None) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    s, e = _date(start, "start"), _date(end, "end", end=True)
    if s is not None and e is not None and e < s:
        raise InputError(f"end {e.date()} is before start {s.date()}")
    return s, e


def _iso(ts: pd.Timestamp | None) -> str | None:
    return None if ts is None else ts.date().isoformat()


def _json(request: Request, key: tuple[Any, ...], build: Any, *, disk: bool = False) -> Response:
    """Answer with the cached JSON of ``build()`` (a pydantic model or a list of them).

    Floats are rounded to the precision their key names, as in the CLI's ``--format json``
    (:func:`tsy.analytics._result.jsonable`): no float noise such as ``2.2600000000000002``.
    With ``disk`` (the dashboard's first view: the default date, whole history) the body is
    also kept in the on-disk cache of derived results (:mod:`tsy.cache`, keyed on the store's
    content version), so a server started again on an unchanged store answers the first view
    from files instead of drawing every figure again.
    """

    def render() -> bytes:
        value = build()
        plain = (
            [v.model_dump(mode="json") for v in value]
            if isinstance(value, list)
            else value.model_dump(mode="json")
        )
        text = json.dumps(jsonable(plain), ensure_ascii=False, separators=(",", ":"))
        return text.encode()

    def kept() -> bytes:
        cache = for_store(_settings(request))
        return render() if cache is None else cache.get("json", key, render)

    body = _cache(request).get(("json", *key), kept if disk else render)
    return Response(content=body, media_type="application/json")


def cached_section(
    cache: StoreCache,
    settings: Settings,
    name: str,
    as_of: pd.Timestamp | None,
    pool: SectionPool | None = None,
    *,
    bounded: bool = True,
) -> Any:
    """One section (:data:`tsy.indicators.sections.SECTIONS`) through the memory and disk caches,
    or :class:`NoData`.

    A section that fails with a :class:`tsy.errors.TsyError` (missing series, no data on or
    before ``as_of``) is remembered as such until the store changes; any other exception is a
    bug and propagates (the app logs it and answers 500).

    Only the default view (``as_of`` None, shared with the CLI and the report) goes to the disk
    cache: a monitor pickle is about 20 MB, and writing one for every date a client asks costs
    more than half the computation and fills the disk.

    With a ``pool`` the section is computed in one of its worker processes
    (:class:`tsy.web.workers.SectionPool`); ``bounded=False`` takes no computation slot (the
    start-up warm-up).
    """

    def compute() -> tuple[str, Any]:
        disk = for_store(settings) if as_of is None else None
        try:
            if pool is None:
                return ("ok", load_section(name, as_of, settings, disk))
            return ("ok", pool.section(name, as_of, settings, disk))
        except StoreError:
            raise  # the store itself is unavailable: 503, not "no data"
        except TsyError as exc:
            return ("error", str(exc))

    kind, value = cache.get(("section", name, _iso(as_of)), compute, bounded=bounded)
    if kind == "error":
        raise NoData(value)
    return value


def section(request: Request, name: str, as_of: pd.Timestamp | None) -> Any:
    """:func:`cached_section` with the app's cache and settings."""
    pool = getattr(request.app.state, "pool", None)
    return cached_section(_cache(request), _settings(request), name, as_of, pool)


def report_data(request: Request, names: tuple[str, ...], as_of: pd.Timestamp | None) -> ReportData:
    """A :class:`ReportData` holding the named sections (missing ones listed in ``errors``)."""
    data = ReportData(as_of=as_of)
    for name in names:
        try:
            setattr(data, name, section(request, name, as_of))
        except NoData as exc:
            data.errors[name] = str(exc)
    return data


@contextmanager
def _no_data() -> Iterator[None]:
    """Views of known names raise ``InputError`` only for missing data: answer it as 422."""
    try:
        yield
    except InputError as exc:
        raise NoData(str(exc)) from exc


def _floats(values: Any) -> list[float | None]:
    return rounded_floats(values, 6)


def _days(index: pd.Index) -> list[Any]:
    """The ``datetime.date`` of every entry of a date index (pydantic's ``date`` fields)."""
    return pd.DatetimeIndex(index).date.tolist()


def _opt(value: Any) -> Any:
    if value is None or value is pd.NaT:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value.item() if isinstance(value, np.generic) else value


# ------------------------------------------------------------------------------- endpoints
@router.get("/health", response_model=m.Health, responses=_ERR)
def health(request: Request) -> m.Health:
    """Server status and the store's data version."""
    return m.Health(
        status="ok",
        version=__version__,
        data_version=_cache(request).version(),
        warm=request.app.state.warm.is_set(),
    )


@router.get("/catalog", response_model=list[m.SeriesInfoModel], responses=_ERR)
def catalog_list(request: Request) -> Response:
    """Every series tsy knows, with titles in English and Chinese."""
    return _json(
        request,
        ("catalog",),
        lambda: [m.SeriesInfoModel.model_validate(i.as_row()) for i in catalog.all_series()],
    )


def _full_series(request: Request, sid: str) -> pd.Series:
    settings = _settings(request)

    def compute() -> pd.Series | None:
        return load([sid], settings=settings, required=False).get(sid)

    s = _cache(request).get(("series", sid), compute)
    if s is None:
        raise HTTPException(404, f"series {sid} is not in the store; run `tsy update {sid}`")
    return s


@router.get("/series/{series_id}", response_model=m.SeriesData, responses=_ERR)
def series(
    request: Request,
    series_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_.\-]{1,40}$")],
    start: DateQ = None,
    end: DateQ = None,
) -> Response:
    """Observations of one catalogue series within ``[start, end]`` (inclusive)."""
    info = catalog.CATALOG.get(series_id)
    if info is None:
        raise HTTPException(404, f"unknown series {series_id!r}; see /api/catalog")
    s, e = _window(start, end)

    def build() -> m.SeriesData:
        full = _full_series(request, info.id)
        part = full.loc[s:e]
        return m.SeriesData(
            id=info.id,
            title_en=info.title_en,
            title_zh=info.title_zh,
            units=info.units,
            frequency=info.frequency,
            start=part.index[0].date() if len(part) else None,
            end=part.index[-1].date() if len(part) else None,
            n=len(part),
            dates=_days(part.index),
            values=_floats(part.to_numpy()),
        )

    return _json(request, ("series", info.id, _iso(s), _iso(e)), build)


@router.get("/curves/{tenor}", response_model=m.CurveData, responses=_ERR)
def curves(
    request: Request,
    tenor: Annotated[int, Path(ge=1, le=30, description="5, 7, 10, 20 or 30 (years).")],
    start: DateQ = None,
    end: DateQ = None,
) -> Response:
    """Nominal yield, TIPS real yield and breakeven of one tenor (percent)."""
    if tenor not in TENORS:
        raise HTTPException(404, f"tenor {tenor}: expected one of {sorted(TENORS)}")
    s, e = _window(start, end)

    def build() -> m.CurveData:
        try:
            frame = ReportData(as_of=None, curves=section(request, "curves", None)).curve(tenor)
        except InputError as exc:  # no data for this tenor in the user's store
            raise NoData(str(exc)) from None
        frame = frame.loc[s:e]
        nominal_id, real_id = CURVE_TENORS[tenor]
        return m.CurveData(
            tenor=tenor,
            nominal_id=nominal_id,
            real_id=real_id,
            dates=_days(frame.index),
            nominal_pct=_floats(frame["nominal_pct"]),
            real_pct=_floats(frame["real_pct"]),
            breakeven_pct=_floats(frame["breakeven_pct"]),
            notes=list(frame.attrs.get("notes", [])),
        )

    return _json(request, ("curves", tenor, _iso(s), _iso(e)), build)


@router.get("/breakevens", response_model=m.Breakevens, responses=_ERR)
def breakevens(request: Request, start: DateQ = None, end: DateQ = None) -> Response:
    """Breakevens of every tenor and the 5y5y / 10y10y forward breakevens (percent)."""
    from tsy.indicators import studies

    s, e = _window(start, end)
    settings = _settings(request)

    def build() -> m.Breakevens:
        full = _cache(request).get(("breakevens",), lambda: studies.breakevens(settings=settings))
        frame = full.loc[s:e]
        return m.Breakevens(
            dates=_days(frame.index),
            columns={str(c): _floats(frame[c]) for c in frame.columns},
            notes=list(full.attrs.get("notes", [])),
        )

    return _json(request, ("breakevens", _iso(s), _iso(e)), build)


@router.get("/monitor", response_model=m.MonitorData, responses=_ERR)
def monitor(request: Request, as_of: DateQ = None, lang: Lang = "en") -> Response:
    """The stress monitor's headline, composite score and parts."""
    when = _date(as_of, "as_of")

    def build() -> m.MonitorData:
        mon = section(request, "monitor", when)
        st = mon.stress
        parts = [
            m.PartRow(
                part=str(r["part"]),
                status=str(r["status"]),
                value=_opt(r["value"]),
                unit=str(r["unit"] or ""),
                score=_opt(r["score"]),
                date=None if _opt(r["date"]) is None else pd.Timestamp(r["date"]).date(),
                series=str(r["inputs"] or ""),
                note=str(r["note"] or ""),
            )
            for r in st.parts.to_dict("records")
        ]
        return m.MonitorData(
            as_of=pd.Timestamp(mon.as_of).date(),
            lang=lang,
            headline=m.Headline(**headline(mon, lang)),
            monitor_headline=mon.headline,
            parts=parts,
            missing=list(st.missing),
            stale=list(st.stale),
        )

    return _json(request, ("monitor", _iso(when), lang), build, disk=when is None)


@router.get("/auctions", response_model=list[m.AuctionRow], responses=_ERR)
def auctions(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=200, description="How many of the latest.")] = 10,
    as_of: DateQ = None,
) -> Response:
    """The latest coupon auctions with their ranks among past auctions of the same term."""
    when = _date(as_of, "as_of")

    def build() -> list[m.AuctionRow]:
        mon = section(request, "monitor", when)
        if mon.auctions is None:
            raise NoData("no auctions in the store")
        rows = []
        for r in mon.auctions.latest(limit).to_dict("records"):
            rows.append(
                m.AuctionRow(
                    auction_date=pd.Timestamp(r["auction_date"]).date(),
                    cusip=str(r["cusip"]),
                    kind=_opt(r.get("kind")),
                    security_term=_opt(r.get("security_term")),
                    original_term=_opt(r.get("original_term")),
                    high_yield_pct=_opt(r.get("high_yield")),
                    bid_to_cover=_opt(r.get("bid_to_cover")),
                    direct_pct=_opt(r.get("direct_pct")),
                    indirect_pct=_opt(r.get("indirect_pct")),
                    dealer_pct=_opt(r.get("dealer_pct")),
                    tail_bp=_opt(r.get("tail_bp")),
                    source=_opt(r.get("source")),
                    ranks_pct={k: _opt(r.get(f"{k}_pct")) for k in RANKED},
                )
            )
        return rows

    return _json(request, ("auctions", limit, _iso(when)), build)


@router.get("/status", response_model=list[m.StatusRow], responses=_ERR)
def status(request: Request, as_of: DateQ = None) -> Response:
    """Each catalogue series: last date on or before ``as_of``, source, age and status."""
    when = _date(as_of, "as_of")

    def build() -> list[m.StatusRow]:
        st = section(request, "status", when)
        return [
            m.StatusRow(
                series_id=r["series_id"],
                title_en=r["title_en"],
                title_zh=r["title_zh"],
                group=r["group"],
                source=str(r["source"]),
                frequency=r["frequency"],
                last_date=None if _opt(r["last_date"]) is None else r["last_date"].date(),
                age_days=None if _opt(r["age_days"]) is None else int(r["age_days"]),
                status=r["status"],
            )
            for r in st.to_dict("records")
        ]

    return _json(request, ("status", _iso(when)), build)


@router.get("/tables/{name}", response_model=m.TableData, responses=_ERR)
def table(
    request: Request,
    name: Annotated[str, Path(max_length=40)],
    lang: Lang = "en",
    as_of: DateQ = None,
) -> Response:
    """One of the report's tables, localised (column labels and display strings)."""
    if name not in TABLE_SECTIONS:
        raise HTTPException(404, f"table {name!r}: expected one of {', '.join(TABLE_SECTIONS)}")
    when = _date(as_of, "as_of")

    def build() -> m.TableData:
        data = report_data(request, (TABLE_SECTIONS[name],), when)
        with _no_data():
            view = render_table(name, data, lang)
        return m.TableData(
            name=name,
            lang=lang,
            title=view.title,
            columns=view.columns,
            rows=view.rows,
            caption=view.caption,
        )

    return _json(request, ("table", name, lang, _iso(when)), build, disk=when is None)


@router.get("/figures/{name}", response_model=m.FigureData, responses=_ERR)
def figure(
    request: Request,
    name: Annotated[str, Path(max_length=40)],
    lang: Lang = "en",
    start: DateQ = None,
    end: DateQ = None,
    as_of: DateQ = None,
) -> Response:
    """One of the report's charts as a Plotly figure (for the dashboard)."""
    if name not in FIGURES:
        raise HTTPException(404, f"figure {name!r}: expected one of {', '.join(FIGURES)}")
    s, e = _window(start, end)
    when = _date(as_of, "as_of")

    def build() -> m.FigureData:
        data = report_data(request, FIGURES[name][0], when)
        with _no_data():
            fig, cap = plotly_figure(name, data, lang, start=s, end=e)
        return m.FigureData(name=name, lang=lang, caption=cap, figure=fig)

    first_view = when is None and s is None and e is None
    return _json(
        request, ("figure", name, lang, _iso(s), _iso(e), _iso(when)), build, disk=first_view
    )


@router.get("/i18n/{lang}", response_model=dict[str, str], responses=_ERR)
def strings(lang: Literal["en", "zh"]) -> dict[str, str]:
    """The string catalogue of one language (what the dashboard and the report show)."""
    return dict(catalogue(lang))
