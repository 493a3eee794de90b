"""User-facing strings in English and Chinese, and number/date formatting for each language.

Every word the report, the charts and the dashboard show comes from one catalogue per language,
``locales/<lang>.json`` (flat ``key -> text``; ``{name}`` placeholders filled by
:meth:`str.format`). Both catalogues must hold the same keys; :func:`check_catalogues` lists the
differences and a test fails on any.

Chinese uses the terms of Chinese-language rates desks (名义收益率, 实际利率, 盈亏平衡通胀率,
基差交易, 尾部利差, 直接竞标者, ...), dates as ``2026年8月20日`` and large amounts in 万/亿
(``3.01万亿美元``); English uses ``20 Aug 2026`` and ``$3,013.9bn``.

Examples
--------
>>> t("section.monitor", "zh")
'避险压力监测'
>>> fmt_date("2026-08-20", "zh"), fmt_date("2026-08-20", "en")
('2026年8月20日', '20 Aug 2026')
>>> fmt_usd_bn(3013.9, "zh"), fmt_usd_bn(3013.9, "en")
('3.01万亿美元', '$3,013.9bn')
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from tsy import catalog
from tsy.errors import InputError

__all__ = [
    "LANGS",
    "caption",
    "catalogue",
    "check_catalogues",
    "fmt_bp",
    "fmt_date",
    "fmt_num",
    "fmt_pct",
    "fmt_usd_bn",
    "fmt_value",
    "check_lang",
    "series_title",
    "source_text",
    "t",
    "term_label",
]

#: Supported languages: code -> name in that language.
LANGS: dict[str, str] = {"en": "English", "zh": "中文"}
_DIR = Path(__file__).with_name("locales")
_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``InputError`` listing the languages."""
    if lang not in LANGS:
        raise InputError(f"language {lang!r}: expected one of {', '.join(LANGS)}")
    return lang


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """The string catalogue of one language (read once from ``locales/<lang>.json``)."""
    check_lang(lang)
    data = json.loads((_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise InputError(f"locales/{lang}.json: expected an object of key -> string")
    return data


def t(key: str, lang: str, /, **values: Any) -> str:
    """Look up ``key`` in the catalogue of ``lang`` and fill its ``{placeholders}``.

    Raises
    ------
    KeyError
        When the key is missing (a programming error caught by the catalogue test).
    """
    text = catalogue(lang)[key]
    return text.format(**values) if values else text


def check_catalogues() -> dict[str, list[str]]:
    """Keys present in one catalogue and missing in another: ``{"zh": [...], "en": [...]}``."""
    keys = {lang: set(catalogue(lang)) for lang in LANGS}
    every = set().union(*keys.values())
    return {lang: sorted(every - k) for lang, k in keys.items() if every - k}


def series_title(series_id: str, lang: str) -> str:
    """The catalogue title of a series in ``lang`` (the id itself for unknown ids)."""
    info = catalog.CATALOG.get(series_id)
    if info is None:
        return series_id
    return info.title_zh if lang == "zh" else info.title_en


def caption(sources: Sequence[str], start: Any, end: Any, lang: str) -> str:
    """A figure or table caption, "Source: ...; <start> to <end>." in ``lang``.

    ``sources`` are already localised (e.g. from :func:`source_text`).
    """
    sep = "、" if lang == "zh" else ", "
    return t(
        "caption.template",
        lang,
        sources=sep.join(sources),
        start=fmt_date(start, lang),
        end=fmt_date(end, lang),
    )


def source_text(key: str, ids: Sequence[str], lang: str) -> str:
    """The source ``source.<key>`` in ``lang``, followed by the series ids when given."""
    name = t(f"source.{key}", lang)
    return t("caption.source_ids", lang, source=name, ids=", ".join(ids)) if ids else name


# ----------------------------------------------------------------------------- formatting
def _missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_date(value: Any, lang: str) -> str:
    """A date as ``20 Aug 2026`` (en) or ``2026年8月20日`` (zh); ``–`` when missing."""
    if _missing(value):
        return "–"
    ts = pd.Timestamp(value)
    if lang == "zh":
        return f"{ts.year}年{ts.month}月{ts.day}日"
    return f"{ts.day} {_MONTHS_EN[ts.month - 1]} {ts.year}"


def fmt_num(value: Any, lang: str, digits: int = 2, *, sign: bool = False) -> str:
    """A number with thousands separators and ``digits`` decimals; ``–`` when missing."""
    if _missing(value):
        return "–"
    x = float(value)
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:+,.{digits}f}" if sign else f"{x:,.{digits}f}"


def fmt_pct(value: Any, lang: str, digits: int = 2, *, sign: bool = False) -> str:
    """A percentage (value already in percent): ``4.69%``."""
    s = fmt_num(value, lang, digits, sign=sign)
    return s if s == "–" else f"{s}%"


def fmt_bp(value: Any, lang: str, digits: int = 0, *, sign: bool = True) -> str:
    """Basis points: ``+4bp`` (en) or ``+4个基点`` (zh)."""
    s = fmt_num(value, lang, digits, sign=sign)
    if s == "–":
        return s
    return f"{s}个基点" if lang == "zh" else f"{s}bp"


def fmt_usd_bn(value: Any, lang: str) -> str:
    """US dollars given in billions: ``$3,013.9bn`` (en); ``3.01万亿美元`` / ``941.9亿``... (zh).

    Chinese counts in 亿 (1e8) and 万亿 (1e12): 1 bn = 10亿, 1,000 bn = 1万亿.
    """
    if _missing(value):
        return "–"
    bn = float(value)
    if lang != "zh":
        return f"${bn:,.1f}bn"
    if abs(bn) >= 1000:
        return f"{bn / 1000:,.2f}万亿美元"
    return f"{bn * 10:,.0f}亿美元"


def fmt_value(value: Any, lang: str, kind: str = "num") -> str:
    """Format by kind: ``num``, ``int``, ``pct``, ``bp``, ``usd_bn``, ``date``, ``text``."""
    if kind == "date":
        return fmt_date(value, lang)
    if kind == "text":
        return "–" if _missing(value) else term_label(str(value), lang)
    if kind == "bool":
        return "–" if _missing(value) else t("yes" if value else "no", lang)
    return _FORMATTERS.get(kind, _FORMATTERS["num"])(value, lang)


_FORMATTERS = {
    "num": lambda v, lang: fmt_num(v, lang, 2),
    "num1": lambda v, lang: fmt_num(v, lang, 1),
    "int": lambda v, lang: fmt_num(v, lang, 0),
    "pct": lambda v, lang: fmt_pct(v, lang, 2),
    "pct1": lambda v, lang: fmt_pct(v, lang, 1),
    "pct0": lambda v, lang: fmt_pct(v, lang, 0),
    "bp": lambda v, lang: fmt_bp(v, lang, 0),
    "bp1": lambda v, lang: fmt_bp(v, lang, 1),
    "usd_bn": fmt_usd_bn,
}

_TERM = re.compile(r"^(\d+)-(Year|Month|Week|Day)(?: (\d+)-(Month|Year))?$")
_TERM_ZH = {"Year": "年期", "Month": "个月", "Week": "周", "Day": "天"}


def term_label(text: str, lang: str) -> str:
    """Translate known short labels (``term.<x>`` keys, security terms like ``10-Year``).

    Unknown text is returned unchanged (numbers, CUSIPs, series ids).
    """
    key = f"term.{text}"
    cat = catalogue(lang)
    if key in cat:
        return cat[key]
    if lang == "zh":
        m = _TERM.match(text)
        if m:
            out = f"{m.group(1)}{_TERM_ZH[m.group(2)]}"
            if m.group(3):
                out = f"{m.group(1)}年{m.group(3)}个月" if m.group(4) == "Month" else out
            return out
    for pattern, key in _PATTERNS if lang != "en" else ():
        m = pattern.match(text)
        if m:
            parts = {k: term_label(v, lang) for k, v in m.groupdict().items()}
            return t(key, lang, **parts)
    return text


#: Unit strings built by the analytics from numbers and terms: pattern -> catalogue key.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^bp in (?P<n>\d+)d$"), "unitpat.bp_in_days"),
    (re.compile(r"^bp tail, (?P<term>.+) (?P<kind>nominal|TIPS|tips|bill)$"), "unitpat.bp_tail"),
)
