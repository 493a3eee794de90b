"""The series catalogue, as data.

Each row: id, source, source key, English and Chinese titles, units, frequency, group and tenor.
Adding a series is one row here (FRED) or in :mod:`tsy.catalog.extra` (other providers), never
new code. Frequencies: ``D`` daily (business days), ``W`` weekly, ``M`` monthly, ``Q`` quarterly.
Units are as the source publishes them (converted once, in the source's ``parse``).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

from tsy.catalog import release
from tsy.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BUILTIN",
    "CATALOG",
    "RELEASES",
    "GROUPS",
    "SeriesInfo",
    "all_series",
    "get",
    "load_user",
    "resolve",
    "stale_after_days",
    "staleness",
]


@dataclass(frozen=True)
class SeriesInfo:
    """One catalogue row.

    Attributes
    ----------
    id : str
        tsy's id (for FRED series, FRED's own id).
    source : str
        Provider module name (``fred``, ``treasury``, ``nyfed``, ``market``, ...).
    source_key : str
        The provider's key for it.
    title_en, title_zh : str
        Titles in English and Chinese.
    units : str
        E.g. ``percent``, ``USD millions``, ``index 1982-84=100``.
    frequency : str
        ``D``, ``W``, ``M`` or ``Q``.
    group : str
        ``nominal``, ``tips``, ``breakeven``, ``inflation``, ``policy``, ``fed_balance_sheet``,
        ``stress``, ``cross_asset``, ``commodities``, ``term_premium``, ``holdings``, ...
    tenor : float or None
        Maturity in years for curve points.
    release : str
        When an observation is public: a rule of :mod:`tsy.catalog.release` (``same_day``,
        ``next:thu``, ``month+1:15``, ...), from :data:`RELEASES`.
    """

    id: str
    source: str
    source_key: str
    title_en: str
    title_zh: str
    units: str
    frequency: str
    group: str
    tenor: float | None = None
    release: str = "same_day"

    def as_row(self) -> dict[str, object]:
        """Return the row as a plain dict (for the store's ``series`` table and listings)."""
        return asdict(self)


def _fred(
    sid: str, en: str, zh: str, units: str, freq: str, group: str, tenor: float | None = None
) -> SeriesInfo:
    return SeriesInfo(sid, "fred", sid, en, zh, units, freq, group, tenor)


_PCT = "percent"
_NOMINAL = [
    ("DGS1MO", "1-Month", "1个月", 1 / 12),
    ("DGS3MO", "3-Month", "3个月", 0.25),
    ("DGS6MO", "6-Month", "6个月", 0.5),
    ("DGS1", "1-Year", "1年期", 1.0),
    ("DGS2", "2-Year", "2年期", 2.0),
    ("DGS3", "3-Year", "3年期", 3.0),
    ("DGS5", "5-Year", "5年期", 5.0),
    ("DGS7", "7-Year", "7年期", 7.0),
    ("DGS10", "10-Year", "10年期", 10.0),
    ("DGS20", "20-Year", "20年期", 20.0),
    ("DGS30", "30-Year", "30年期", 30.0),
]
_TIPS = [("DFII5", 5), ("DFII7", 7), ("DFII10", 10), ("DFII20", 20), ("DFII30", 30)]

_ROWS: list[SeriesInfo] = [
    *(
        _fred(
            sid,
            f"{en} Treasury constant-maturity yield",
            f"{zh}美国国债收益率（名义收益率）",
            _PCT,
            "D",
            "nominal",
            t,
        )
        for sid, en, zh, t in _NOMINAL
    ),
    *(
        _fred(
            sid,
            f"{t}-Year TIPS constant-maturity real yield",
            f"{t}年期通胀保护债券收益率（实际利率）",
            _PCT,
            "D",
            "tips",
            float(t),
        )
        for sid, t in _TIPS
    ),
    _fred(
        "T5YIE",
        "5-Year breakeven inflation rate",
        "5年期盈亏平衡通胀率",
        _PCT,
        "D",
        "breakeven",
        5.0,
    ),
    _fred(
        "T10YIE",
        "10-Year breakeven inflation rate",
        "10年期盈亏平衡通胀率",
        _PCT,
        "D",
        "breakeven",
        10.0,
    ),
    _fred(
        "T5YIFR",
        "5-Year, 5-Year forward inflation expectation rate",
        "5年期/5年远期通胀预期（5y5y）",
        _PCT,
        "D",
        "breakeven",
        10.0,
    ),
    _fred(
        "T7YIEM",
        "7-Year breakeven inflation rate (monthly)",
        "7年期盈亏平衡通胀率（月度）",
        _PCT,
        "M",
        "breakeven",
        7.0,
    ),
    _fred(
        "T20YIEM",
        "20-Year breakeven inflation rate (monthly)",
        "20年期盈亏平衡通胀率（月度）",
        _PCT,
        "M",
        "breakeven",
        20.0,
    ),
    _fred(
        "T30YIEM",
        "30-Year breakeven inflation rate (monthly)",
        "30年期盈亏平衡通胀率（月度）",
        _PCT,
        "M",
        "breakeven",
        30.0,
    ),
    _fred(
        "CPIAUCNS",
        "CPI-U all items, not seasonally adjusted",
        "城市居民消费价格指数（CPI-U，未季调）",
        "index 1982-84=100",
        "M",
        "inflation",
    ),
    _fred(
        "CPIAUCSL",
        "CPI-U all items, seasonally adjusted",
        "城市居民消费价格指数（CPI-U，季调）",
        "index 1982-84=100",
        "M",
        "inflation",
    ),
    _fred(
        "EXPINF10YR",
        "Cleveland Fed 10-year expected inflation",
        "克利夫兰联储10年期预期通胀",
        _PCT,
        "M",
        "inflation",
        10.0,
    ),
    _fred(
        "DFF",
        "Effective federal funds rate (daily, incl. weekends)",
        "有效联邦基金利率（日度）",
        _PCT,
        "D",
        "policy",
    ),
    _fred("EFFR", "Effective federal funds rate", "有效联邦基金利率", _PCT, "D", "policy"),
    _fred(
        "SOFR",
        "Secured overnight financing rate",
        "有担保隔夜融资利率（SOFR）",
        _PCT,
        "D",
        "policy",
    ),
    _fred(
        "IORB", "Interest rate on reserve balances", "准备金余额利率（IORB）", _PCT, "D", "policy"
    ),
    _fred(
        "IOER",
        "Interest rate on excess reserves (to 2021-07)",
        "超额准备金利率（IOER，至2021年7月）",
        _PCT,
        "D",
        "policy",
    ),
    _fred(
        "IORR",
        "Interest rate on required reserves (to 2021-07)",
        "法定准备金利率（IORR，至2021年7月）",
        _PCT,
        "D",
        "policy",
    ),
    _fred(
        "DFEDTAR",
        "Federal funds target rate (to 2008-12)",
        "联邦基金目标利率（至2008年12月）",
        _PCT,
        "D",
        "policy",
    ),
    _fred(
        "DFEDTARU",
        "Federal funds target range, upper limit",
        "联邦基金目标区间上限",
        _PCT,
        "D",
        "policy",
    ),
    _fred(
        "DFEDTARL",
        "Federal funds target range, lower limit",
        "联邦基金目标区间下限",
        _PCT,
        "D",
        "policy",
    ),
    _fred(
        "WALCL",
        "Fed total assets (Wednesday level)",
        "美联储总资产（周三）",
        "USD millions",
        "W",
        "fed_balance_sheet",
    ),
    _fred(
        "WRESBAL",
        "Reserve balances with Federal Reserve Banks",
        "银行准备金余额",
        "USD millions",
        "W",
        "fed_balance_sheet",
    ),
    _fred(
        "WTREGEN",
        "Treasury General Account (Wednesday level)",
        "财政部一般账户（TGA）",
        "USD millions",
        "W",
        "fed_balance_sheet",
    ),
    _fred(
        "RRPONTSYD",
        "Overnight reverse repurchase agreements (ON RRP)",
        "隔夜逆回购（ON RRP）",
        "USD billions",
        "D",
        "fed_balance_sheet",
    ),
    _fred(
        "WORAL",
        "Fed repurchase agreements: others (incl. standing repo)",
        "美联储回购协议（含常备回购便利）",
        "USD millions",
        "W",
        "fed_balance_sheet",
    ),
    _fred(
        "H41RESPPALGTRFNWW",
        "Repurchase agreements: foreign official (FIMA repo facility, Wednesday level)",
        "美联储FIMA回购便利（外国官方回购，周三）",
        "USD millions",
        "W",
        "fed_balance_sheet",
    ),
    _fred(
        "WLCFLPCL",
        "Discount window: primary credit (Wednesday level)",
        "贴现窗口一级信贷（周三）",
        "USD millions",
        "W",
        "fed_balance_sheet",
    ),
    _fred(
        "TREAST",
        "SOMA Treasury securities held outright (Wednesday level)",
        "美联储持有的美国国债（SOMA，周三）",
        "USD millions",
        "W",
        "fed_balance_sheet",
    ),
    _fred(
        "STLFSI4",
        "St. Louis Fed financial stress index",
        "圣路易斯联储金融压力指数",
        "index",
        "W",
        "stress",
    ),
    _fred(
        "NFCI",
        "Chicago Fed national financial conditions index",
        "芝加哥联储全国金融状况指数",
        "index",
        "W",
        "stress",
    ),
    _fred("VIXCLS", "CBOE volatility index (VIX)", "VIX波动率指数", "index", "D", "stress"),
    _fred("SP500", "S&P 500 index", "标普500指数", "index", "D", "cross_asset"),
    _fred(
        "DTWEXBGS",
        "Nominal broad U.S. dollar index",
        "美元名义广义指数",
        "index Jan 2006=100",
        "D",
        "cross_asset",
    ),
    _fred(
        "PCOPPUSDM",
        "Global price of copper (IMF)",
        "全球铜价（IMF）",
        "USD per metric ton",
        "M",
        "commodities",
    ),
    _fred(
        "BOGZ1FL153061105Q",
        "Households and nonprofits: Treasury securities held (Z.1)",
        "住户及非营利部门持有美国国债（含对冲基金，Z.1）",
        "USD millions",
        "Q",
        "holdings",
    ),
    _fred(
        "THREEFYTP10",
        "Kim-Wright 10-year term premium",
        "Kim-Wright 10年期期限溢价",
        _PCT,
        "D",
        "term_premium",
        10.0,
    ),
]


_NYFED_KEYS = ("NYFED", "P1", "P25", "P75", "P99", "VOLUME")


def _extra_rows() -> list[SeriesInfo]:
    from tsy.catalog.extra import EXTRA_SERIES

    return [_from_mapping(r) for r in EXTRA_SERIES]


def _from_mapping(row: Mapping[str, object]) -> SeriesInfo:
    tenor = row.get("tenor")
    return SeriesInfo(
        id=str(row["id"]),
        source=str(row["source"]),
        source_key=str(row.get("source_key") or row["id"]),
        title_en=str(row["title_en"]),
        title_zh=str(row["title_zh"]),
        units=str(row["units"]),
        frequency=str(row["frequency"]),
        group=str(row["group"]),
        tenor=float(tenor) if tenor is not None else None,  # type: ignore[arg-type]
        release=release.check_rule(str(row.get("release") or "same_day")),
    )


#: Release rule of every series not public on its own date (see :mod:`tsy.catalog.release`);
#: a series not listed is a daily market series, public the same day.
RELEASES: dict[str, str] = {
    # H.4.1 (Wednesday levels, published Thursday 16:30 ET)
    **dict.fromkeys(
        ["WALCL", "WRESBAL", "WTREGEN", "WORAL", "H41RESPPALGTRFNWW", "WLCFLPCL", "TREAST"],
        "next:thu",
    ),
    "STLFSI4": "next:thu",  # week to Friday, published the following Thursday
    "NFCI": "next:wed",  # week to Friday, published the following Wednesday
    "DTWEXBGS": "next:mon",  # H.10 daily values, published weekly on Monday
    # monthly: BLS CPI by the 15th of the next month; Cleveland Fed and IMF mid-month;
    # FRED's monthly breakeven averages once the month is over
    **dict.fromkeys(["CPIAUCNS", "CPIAUCSL", "EXPINF10YR", "PCOPPUSDM"], "month+1:15"),
    **dict.fromkeys(["T7YIEM", "T20YIEM", "T30YIEM"], "month+1:1"),
    "BOGZ1FL153061105Q": "quarter+75d",  # Z.1: 68-74 days after the quarter in 2024
    # NY Fed reference rates (08:00 ET next business day) and FRED's copies; the Daily
    # Treasury Statement (16:00 ET next business day)
    **dict.fromkeys(
        [f"{r}_{k}" for r in ("SOFR", "TGCR", "BGCR", "EFFR", "OBFR") for k in _NYFED_KEYS],
        "next_bday",
    ),
    **dict.fromkeys(["SOFR", "EFFR", "DFF", "TGA_DAILY"], "next_bday"),
}


def _build() -> dict[str, SeriesInfo]:
    out: dict[str, SeriesInfo] = {}
    for info in [*_ROWS, *_extra_rows()]:
        if info.id in out:
            raise RuntimeError(f"catalogue id {info.id} is defined twice")
        rule = release.check_rule(RELEASES.get(info.id, "same_day"))
        out[info.id] = replace(info, release=rule)
    unknown = sorted(set(RELEASES) - set(out))
    if unknown:
        raise RuntimeError(f"release rules for ids not in the catalogue: {unknown}")
    return out


#: Every catalogue series by id, in catalogue order.
CATALOG: dict[str, SeriesInfo] = _build()
#: Group names in catalogue order.
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(i.group for i in CATALOG.values()))

#: Ids of the built-in rows (the rest of :data:`CATALOG` comes from :func:`load_user`).
BUILTIN: frozenset[str] = frozenset(CATALOG)
_USER: dict[str, object] = {"key": None}


def load_user(path: str | os.PathLike[str], sources: Collection[str]) -> list[SeriesInfo]:
    """Add the series of a user catalogue file (``$TSY_DATA_DIR/catalog.toml``) to the catalogue.

    The loading hook of the user catalogue: the catalogue is built at import and never reads
    settings, so the entry points call this once they know them (the CLI before every command,
    ``tsy.series``/``tsy.frame``/``tsy.catalog_frame`` and ``tsy update`` from Python, through
    :func:`tsy.sources.load_user_catalog`). The rows of a previous call are replaced (a missing
    file leaves none); loading the same unchanged file again does nothing. The file's layout is
    in :mod:`tsy.catalog.user`.

    Parameters
    ----------
    path : path-like
        The TOML file; absent: no user series.
    sources : collection of str
        Sources a user series may name (the providers that fetch any key: ``fred``).

    Returns
    -------
    list of SeriesInfo
        The user rows now in :data:`CATALOG` (an entry identical to a built-in row -- same id,
        source and source key -- keeps the built-in row and is not listed).

    Raises
    ------
    InputError
        Bad TOML, a bad entry, or an id of a built-in series with another source or key
        (one line naming the file and the entry); the catalogue is then left as it was.
    """
    global GROUPS
    from pathlib import Path

    p = Path(path)
    try:
        st = p.stat()
        key: object = (str(p), st.st_mtime_ns, st.st_size, tuple(sorted(sources)))
    except OSError:
        key = (str(p), None)
    if key == _USER["key"]:
        return [CATALOG[i] for i in CATALOG if i not in BUILTIN]
    rows = []
    if key[1] is not None:  # type: ignore[index]
        from tsy.catalog.user import parse_user

        for row in parse_user(p, sources):
            built = CATALOG.get(str(row["id"])) if row["id"] in BUILTIN else None
            if built is None:
                rows.append(_from_mapping(row))
            elif (built.source, built.source_key) != (row["source"], row["source_key"]):
                raise InputError(
                    f"user catalogue {p}: [series.{row['id']}]: {row['id']} is a built-in"
                    f" series ({built.source} {built.source_key}: {built.title_en}); expected"
                    " another id, or the same source and source_key"
                )
    for sid in [i for i in CATALOG if i not in BUILTIN]:
        del CATALOG[sid]
    CATALOG.update({r.id: r for r in rows})
    GROUPS = tuple(dict.fromkeys(i.group for i in CATALOG.values()))
    _USER["key"] = key
    return rows


#: Days after the *release* of a series' last observation after which it is stale, by frequency:
#: one period between releases plus a grace for holidays and late publications.
_STALE_DAYS = {"D": 7, "W": 14, "M": 45, "Q": 135}


def stale_after_days(frequency: str) -> int:
    """Days after the release of the last observation after which a series is stale."""
    return _STALE_DAYS.get(frequency, 30)


def staleness(
    info: SeriesInfo, last_date: pd.Timestamp | None, as_of: pd.Timestamp
) -> tuple[int | None, bool]:
    """Age in days of a series' last observation and whether it is stale on ``as_of``.

    The one staleness rule of tsy (``tsy status``, the report, the dashboard and the API): a
    series is stale when its last observation released by ``as_of`` was released more than
    :func:`stale_after_days` of its frequency before ``as_of``; a series with no observation is
    stale with no age. The age returned is that of the observation itself.

    Examples
    --------
    A daily series released 8 days before is stale (limit 7 days); CPI for February 2025
    (dated 2025-02-01, released by the 15th of March under ``month+1:15``) is fresh on
    2025-04-11 (27 days after its release; limit 45 days), though 69 days old.

    >>> import pandas as pd
    >>> staleness(CATALOG["DGS10"], pd.Timestamp("2025-04-03"), pd.Timestamp("2025-04-11"))
    (8, True)
    >>> staleness(CATALOG["CPIAUCNS"], pd.Timestamp("2025-02-01"), pd.Timestamp("2025-04-11"))
    (69, False)
    """
    import pandas as pd

    if last_date is None or pd.isna(last_date):
        return None, True
    age = int((as_of - last_date).days)
    out = release.release_dates(info.release, [last_date])[0]
    return age, int((as_of - out).days) > stale_after_days(info.frequency)


def get(series_id: str) -> SeriesInfo:
    """Return the catalogue row of ``series_id`` (case-insensitive).

    Raises
    ------
    InputError
        Unknown id, with the closest known ids suggested.
    """
    key = series_id.strip().upper()
    info = CATALOG.get(key)
    if info is None:
        import difflib

        near = difflib.get_close_matches(key, CATALOG, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(near)}?" if near else "; see `tsy catalog`"
        raise InputError(f"unknown series id {series_id!r}{hint}")
    return info


def resolve(ids: Iterable[str]) -> list[SeriesInfo]:
    """Return catalogue rows for ``ids``; every unknown id is named in one ``InputError``."""
    ids = list(ids)
    bad = [i for i in ids if i.strip().upper() not in CATALOG]
    if bad:
        if len(bad) == 1:
            get(bad[0])
        raise InputError(f"unknown series ids: {', '.join(bad)}; see `tsy catalog`")
    return [CATALOG[i.strip().upper()] for i in ids]


def all_series(group: str | None = None) -> list[SeriesInfo]:
    """Return every catalogue row, or those of one group (``InputError`` for an unknown group)."""
    if group is None:
        return list(CATALOG.values())
    if group not in GROUPS:
        raise InputError(f"unknown group {group!r}; known groups: {', '.join(GROUPS)}")
    return [i for i in CATALOG.values() if i.group == group]
