"""The FastAPI app: the JSON API (:mod:`tsy.web.api`) and the dashboard page at ``/``.

:func:`create_app` builds it for given settings (tests pass their own store). The dashboard is
one HTML page (labels from the language catalogue) whose script fetches the API's figures and
tables and draws them with Plotly; Plotly's JavaScript is served from the installed ``plotly``
package at ``/vendor/plotly.min.js`` (no CDN), so the dashboard works offline.

Errors are JSON (:class:`tsy.web.models.ErrorBody`) and never show a stack trace.

Examples
--------
>>> app = create_app(load_settings({"TSY_DB": "tsy.db"}))   # doctest: +SKIP
>>> uvicorn.run(app, host="127.0.0.1", port=8050)            # doctest: +SKIP
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from tsy import __version__
from tsy.config import Settings, load_settings
from tsy.errors import InputError, StoreError, TsyError
from tsy.report.html import LAYOUT
from tsy.report.i18n import LANGS, catalogue
from tsy.report.plotly_figs import TIME_SERIES
from tsy.web.api import NoData, cached_section, router
from tsy.web.cache import Busy, Cancelled, StoreCache
from tsy.web.disconnect import CancelOnDisconnect
from tsy.web.workers import SectionPool

__all__ = ["PLOTLY_JS", "create_app"]

log = logging.getLogger("tsy.web")
_HERE = Path(__file__).parent
#: Sections computed in the background when the server starts (first page load is fast).
WARM = (
    "monitor",
    "curves",
    "inflation",
    "metals",
    "cycles",
    "tenor_table",
    "status",
    "snapshot",
)


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


#: The Plotly bundle shipped inside the installed ``plotly`` package.
PLOTLY_JS = _plotly_js()


def _error(status: int, kind: str, detail: str) -> JSONResponse:
    return JSONResponse({"error": kind, "detail": detail}, status_code=status)


_KINDS = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 422: "invalid_request"}


def _without_paths(text: str, settings: Settings) -> str:
    """``text`` with the server's database path and data folder replaced by neutral words.

    Error bodies go to any client; where the files live on the server is not theirs to know.
    """
    for path, word in (
        (settings.db_path.expanduser().absolute(), "the database"),
        (settings.db_path, "the database"),
        (settings.data_dir.expanduser().absolute(), "the data folder"),
        (settings.data_dir, "the data folder"),
    ):
        if str(path) not in (".", ""):
            text = text.replace(str(path), word)
    return text


def _install_handlers(app: FastAPI) -> None:
    def safe(exc: Exception) -> str:
        return _without_paths(str(exc), app.state.settings)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, _KINDS.get(exc.status_code, "error"), str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        msgs = []
        for e in exc.errors():
            loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path"))
            msgs.append(f"{loc}: {e.get('msg', 'invalid')}")
        return _error(422, "invalid_request", "; ".join(msgs) or "invalid request")

    @app.exception_handler(InputError)
    async def _input(_: Request, exc: InputError) -> JSONResponse:
        return _error(400, "bad_request", safe(exc))

    @app.exception_handler(Busy)
    async def _busy(_: Request, exc: Busy) -> JSONResponse:
        resp = _error(503, "busy", str(exc))
        resp.headers["Retry-After"] = "5"
        return resp

    @app.exception_handler(Cancelled)
    async def _cancelled(_: Request, exc: Cancelled) -> JSONResponse:
        return _error(503, "cancelled", str(exc))  # nobody reads it: the client has gone

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError) -> JSONResponse:
        return _error(503, "store_unavailable", safe(exc))

    @app.exception_handler(TsyError)  # incl. tsy.web.api.NoData: a section without data
    async def _tsy(_: Request, exc: TsyError) -> JSONResponse:
        return _error(422, "no_data", safe(exc))

    @app.exception_handler(Exception)
    async def _any(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return _error(500, "internal", "internal error; see the server log")


def _warm(app: FastAPI) -> None:
    """Compute the :data:`WARM` sections, as many at once as there are workers (taking no
    computation slot: requests of the first view wait for these very sections)."""
    cache: StoreCache = app.state.cache
    settings: Settings = app.state.settings
    pool: SectionPool | None = app.state.pool

    def one(name: str) -> None:
        try:
            cached_section(cache, settings, name, None, pool, bounded=False)
        except NoData as exc:
            log.info("warm-up of %s: %s", name, exc)
        except Exception:
            log.exception("warm-up of %s failed", name)

    with ThreadPoolExecutor(max(1, pool.workers if pool else 1), "tsy-warm") as threads:
        list(threads.map(one, WARM))
    app.state.warm.set()


def create_app(settings: Settings | None = None, *, warm: bool = True, workers: int = 0) -> FastAPI:
    """Build the app for a store.

    Parameters
    ----------
    settings : Settings, optional
        Where the store is (default: :func:`tsy.config.load_settings`).
    warm : bool
        Compute the main sections in a background thread at startup.
    workers : int
        Worker processes for section computations (:class:`tsy.web.workers.SectionPool`),
        started with the app; 0 computes them in the server's threads.
    """
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.pool = SectionPool(workers) if workers > 0 else None
        if warm:
            threading.Thread(target=_warm, args=(app,), daemon=True, name="tsy-warm").start()
        else:
            app.state.warm.set()
        yield
        app.state.cache.close()
        if app.state.pool is not None:
            app.state.pool.close()

    # /docs and /redoc from the fastapi-offline package's Swagger UI and ReDoc assets (no CDN):
    # the dashboard's "JSON API" link works offline.
    app = FastAPIOffline(
        title="tsy",
        version=__version__,
        description="Read-only JSON API over the tsy store: Treasury yields, TIPS, breakevens, "
        "the safe-haven stress monitor, auctions and data status.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.cache = StoreCache(settings)
    app.state.warm = threading.Event()
    app.state.pool = None
    _install_handlers(app)
    app.add_middleware(CancelOnDisconnect)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")
    env = Environment(
        loader=FileSystemLoader(_HERE / "templates"), autoescape=select_autoescape(["html"])
    )

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(
            PLOTLY_JS,
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(
        lang: Annotated[Literal["en", "zh"], Query()] = "en",
    ) -> HTMLResponse:
        tr = catalogue(lang)
        sections = [
            {
                "key": key,
                "title": tr[f"section.{key}"],
                "intro": tr[f"intro.{key}"],
                "charts": list(charts),
                "tables": list(tables),
            }
            for key, (charts, tables) in LAYOUT.items()
        ]
        html = env.get_template("dashboard.html").render(
            lang=lang,
            html_lang="zh-CN" if lang == "zh" else "en",
            tr=tr,
            langs=LANGS,
            sections=sections,
            time_series=sorted(TIME_SERIES),
            version=__version__,
        )
        return HTMLResponse(html)

    return app
