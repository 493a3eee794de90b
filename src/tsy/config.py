"""Settings, read once from the environment (``TSY_*``) and an optional TOML file.

Settings are passed down explicitly; no module reads the environment on its own.

Environment variables
---------------------
TSY_DATA_DIR   data directory (default: the user's data dir, e.g. ``~/.local/share/tsy``)
TSY_DB         the store: a SQLite file path (default: ``$TSY_DATA_DIR/tsy.db``) or a PostgreSQL
               URL ``postgresql://user@host:5432/dbname`` (``db = "..."`` in the TOML file)
TSY_CONFIG     TOML file with the same keys in lower case (default: ``$TSY_DATA_DIR/config.toml``)
               (the user catalogue is ``$TSY_DATA_DIR/catalog.toml``, see :mod:`tsy.catalog.user`)
FRED_API_KEY   FRED API key (optional; without it the keyless fredgraph CSV is used)
CFTC_APP_TOKEN Socrata app token for the CFTC API (optional)
TSY_<SOURCE>_URL  base URL override per source, e.g. ``TSY_FRED_URL`` (mirrors and tests)
TSY_FRED_RPS   FRED requests per second (default 2, at most 1e6)
TSY_REVISION_WINDOW_DAYS  days an incremental update re-asks for (default 30, at most 36,500)
TSY_MAX_FILE_MB        largest file or zip member ``tsy import`` reads, decompressed (default 256)
TSY_MAX_DOWNLOAD_MB    largest HTTP response body, decompressed (default 128)
TSY_REQUEST_DEADLINE_S total seconds for one request, retries included (default 300)
TSY_UPDATE_BUDGET_S    total seconds for one ``tsy update`` (default 3600)
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import platformdirs

from tsy.errors import InputError
from tsy.tomlfile import read_toml

__all__ = ["DEFAULT_BASE_URLS", "Settings", "load_settings", "redact"]

#: Official base URLs of every provider; overridable per source.
DEFAULT_BASE_URLS: dict[str, str] = {
    "fred": "https://fred.stlouisfed.org",
    "fred_api": "https://api.stlouisfed.org",
    "treasury": "https://home.treasury.gov",
    "fiscaldata": "https://api.fiscaldata.treasury.gov",
    "treasurydirect": "https://www.treasurydirect.gov",
    "nyfed": "https://markets.newyorkfed.org",
    "cftc": "https://publicreporting.cftc.gov",
    "tic": "https://ticdata.treasury.gov",
    "lbma": "https://prices.lbma.org.uk",
}


@dataclass(frozen=True)
class Settings:
    """Resolved settings.

    Attributes
    ----------
    data_dir : Path
        Folder for the database and caches.
    db : str
        The store: a SQLite file path or a ``postgresql://`` URL (may hold a password; print
        :attr:`db_label` instead).
    fred_api_key : str or None
        FRED API key; never printed.
    cftc_app_token : str or None
        Socrata app token; never printed.
    base_urls : dict
        Base URL per source name.
    rate_limits : dict
        Requests per second per source name (polite limits).
    revision_window_days : int
        How far back an incremental update re-asks for data, in days.
    max_file_bytes : int
        Largest file or zip member ``tsy import`` reads, after decompression (default 256 MiB;
        ``TSY_MAX_FILE_MB``). The biggest official download tsy knows is under 20 MB.
    max_download_bytes : int
        Largest HTTP response body, after decompression (default 128 MiB;
        ``TSY_MAX_DOWNLOAD_MB``).
    request_deadline_s : float
        Total seconds one request may take, retries and waits included (default 300;
        ``TSY_REQUEST_DEADLINE_S``): a server trickling a byte every few seconds is cut off.
    run_budget_s : float
        Total seconds of one ``tsy update`` (default 3600; ``TSY_UPDATE_BUDGET_S``); tasks not
        started when it is spent fail with "update budget spent" and the writer lock is freed.
    """

    data_dir: Path
    db: str
    fred_api_key: str | None = None
    cftc_app_token: str | None = None
    base_urls: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_BASE_URLS))
    rate_limits: dict[str, float] = field(default_factory=lambda: {"fred": 2.0, "fred_api": 2.0})
    revision_window_days: int = 30
    max_file_bytes: int = 256 * 2**20
    max_download_bytes: int = 128 * 2**20
    request_deadline_s: float = 300.0
    run_budget_s: float = 3600.0

    @property
    def user_catalog(self) -> Path:
        """The user catalogue file, ``<data_dir>/catalog.toml`` (see :mod:`tsy.catalog.user`)."""
        return self.data_dir / "catalog.toml"

    @property
    def db_path(self) -> Path:
        """The store as a path (meaningful for a SQLite file target)."""
        return Path(self.db)

    @property
    def db_label(self) -> str:
        """The store, safe to print: the path, or the URL without its password."""
        return redact(self.db)

    def secrets(self) -> list[str]:
        """Return every secret value, for redaction (API keys and a database URL's password)."""
        from urllib.parse import unquote, urlsplit

        found = [s for s in (self.fred_api_key, self.cftc_app_token) if s]
        if "://" in self.db:
            try:
                password = urlsplit(self.db).password
            except ValueError:
                password = None
            if password:
                found += [password, unquote(password)]
        return found

    def with_db(self, db: str | Path) -> Settings:
        """Return a copy pointing at another store (a file path or a server URL)."""
        return replace(self, db=str(db))

    def __repr__(self) -> str:  # never show secrets
        return (
            f"Settings(data_dir={str(self.data_dir)!r}, db={self.db_label!r}, "
            f"fred_api_key={'***' if self.fred_api_key else None}, "
            f"cftc_app_token={'***' if self.cftc_app_token else None})"
        )


def _float(name: str, raw: str, high: float = 1e6) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"{name}={raw!r} is not a number") from None
    if not math.isfinite(value) or not 0 < value <= high:
        raise InputError(f"{name}={raw!r}: expected a positive number up to {high:g}")
    return value


#: Size and time limits: (variable, Settings attribute, scale to bytes/seconds, largest value).
_LIMITS: tuple[tuple[str, str, float, float], ...] = (
    ("TSY_MAX_FILE_MB", "max_file_bytes", 2**20, 1e6),
    ("TSY_MAX_DOWNLOAD_MB", "max_download_bytes", 2**20, 1e6),
    ("TSY_REQUEST_DEADLINE_S", "request_deadline_s", 1.0, 86400.0),
    ("TSY_UPDATE_BUDGET_S", "run_budget_s", 1.0, 7 * 86400.0),
)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read settings from environment variables and the optional TOML file.

    Parameters
    ----------
    env : mapping, optional
        Environment to read (default ``os.environ``); tests pass their own.

    Returns
    -------
    Settings

    Examples
    --------
    >>> s = load_settings({"TSY_DB": "/tmp/x.db"})
    >>> s.db_path.name
    'x.db'
    """
    env = os.environ if env is None else env
    data_dir = Path(env.get("TSY_DATA_DIR") or platformdirs.user_data_dir("tsy", appauthor=False))
    cfg_path = Path(env.get("TSY_CONFIG") or data_dir / "config.toml")
    file_cfg: dict[str, object] = {}
    if env.get("TSY_CONFIG") or cfg_path.exists():  # a folder or unreadable file: one line
        file_cfg = read_toml(cfg_path, "config file")

    def get(key: str) -> str | None:
        v = env.get(key)
        if v:
            return v
        fv = file_cfg.get(key.lower())
        return str(fv) if fv is not None else None

    db = get("TSY_DB") or (str(file_cfg["db"]) if file_cfg.get("db") else None)
    base_urls = dict(DEFAULT_BASE_URLS)
    for name in DEFAULT_BASE_URLS:
        override = get(f"TSY_{name.upper()}_URL")
        if override:
            base_urls[name] = override.rstrip("/")
    rate_limits = {"fred": 2.0, "fred_api": 2.0}
    rps = get("TSY_FRED_RPS")
    if rps:
        rate_limits["fred"] = rate_limits["fred_api"] = _float("TSY_FRED_RPS", rps)
    window = get("TSY_REVISION_WINDOW_DAYS")
    limits: dict[str, float] = {}
    for name, attr, scale, high in _LIMITS:
        raw = get(name)
        if raw:
            limits[attr] = _float(name, raw, high=high) * scale
    return Settings(
        data_dir=data_dir,
        db=db if db else str(data_dir / "tsy.db"),
        fred_api_key=get("FRED_API_KEY"),
        cftc_app_token=get("CFTC_APP_TOKEN"),
        base_urls=base_urls,
        rate_limits=rate_limits,
        revision_window_days=(
            int(_float("TSY_REVISION_WINDOW_DAYS", window, high=36500)) if window else 30
        ),
        max_file_bytes=int(limits.get("max_file_bytes", 256 * 2**20)),
        max_download_bytes=int(limits.get("max_download_bytes", 128 * 2**20)),
        request_deadline_s=limits.get("request_deadline_s", 300.0),
        run_budget_s=limits.get("run_budget_s", 3600.0),
    )


_PASSWORD = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)


def redact(target: str) -> str:
    """A database target safe to print: the URL without password (``user@host``), or the path.

    Examples
    --------
    >>> redact("postgresql://desk:s3cret@db.example:5432/tsy")
    'postgresql://desk@db.example:5432/tsy'
    """
    if "://" not in target:
        return _PASSWORD.sub(r"\1***", target)
    parts = urlsplit(target)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        netloc = f"{userinfo.split(':', 1)[0]}@{host}"
    query = "&".join(q for q in parts.query.split("&") if not q.lower().startswith("password="))
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
