"""Language catalogues: same keys in en and zh, every key used present, zh translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tsy import catalog
from tsy.analytics.composite import PARTS
from tsy.analytics.curves import TENORS
from tsy.analytics.liquidity import PRICE_MEASURES, QUANTITY_MEASURES
from tsy.analytics.metals import METALS
from tsy.analytics.positioning import CONTRACTS
from tsy.report import i18n
from tsy.report.html import LAYOUT
from tsy.report.i18n import catalogue, fmt_bp, fmt_date, fmt_num, fmt_usd_bn, t, term_label
from tsy.report.tables import TABLES

SRC = Path(i18n.__file__).resolve().parents[1]
#: Text that is the same in both languages on purpose: acronyms, ids, placeholders only.
SAME_OK = re.compile(r"^[A-Z0-9 ,./()\-{}_]+$|^\{[a-z]+\} \(\{[a-z]+\}\)$")


def test_catalogues_have_the_same_keys():
    assert i18n.check_catalogues() == {}


def test_zh_is_translated():
    en, zh = catalogue("en"), catalogue("zh")
    same = [k for k in en if en[k] == zh[k] and not SAME_OK.match(en[k])]
    assert same == []
    # every zh text with letters-only words keeps them to acronyms/ids (no English sentences)
    words = {
        k: re.findall(r"\b[A-Za-z]*[a-z]{3,}\b", re.sub(r"\{\w+\}", "", v)) for k, v in zh.items()
    }
    assert {k: w for k, w in words.items() if w and w != ["tsy"]} == {}


def test_placeholders_match():
    en, zh = catalogue("en"), catalogue("zh")
    ph = re.compile(r"\{(\w+)\}")
    assert {k: 0 for k in en if set(ph.findall(en[k])) != set(ph.findall(zh[k]))} == {}


def _literal_keys() -> set[str]:
    keys: set[str] = set()
    for path in [*SRC.joinpath("report").rglob("*.py"), *SRC.joinpath("web").rglob("*.py")]:
        keys |= set(re.findall(r"\bt\(\s*\"([a-z_]+\.[A-Za-z0-9_.]+|[a-z_]+)\"", path.read_text()))
    for path in [
        *SRC.joinpath("report", "templates").glob("*"),
        *SRC.joinpath("web", "templates").glob("*"),
    ]:
        keys |= set(re.findall(r"tr\[[\"']([a-z_.]+)[\"']\]", path.read_text()))
    return keys


def test_every_key_the_code_uses_exists():
    keys = _literal_keys()
    assert len(keys) > 20  # the scan found the calls
    # keys built from registries of the analytics and the catalogue
    keys |= {f"part.{p}" for p in PARTS}
    keys |= {f"liq.{m}" for m in (*PRICE_MEASURES, *QUANTITY_MEASURES)}
    keys |= {f"contract.{c}" for c in [*CONTRACTS, "total"]}
    keys |= {f"metal.{m}" for m in METALS}
    keys |= {f"source_short.{i.source}" for i in catalog.all_series()}
    keys |= {f"freq.{i.frequency}" for i in catalog.all_series()}
    keys |= {f"section.{s}" for s in LAYOUT} | {f"intro.{s}" for s in LAYOUT}
    keys |= {f"table.{n}" for n in TABLES}
    keys |= {f"status.{s}" for s in ("ok", "stale", "missing", "fresh")}
    keys |= {f"verdict.{v}" for v in ("holds", "does not hold", "high", "elevated", "normal")}
    for lang in i18n.LANGS:
        assert sorted(keys - set(catalogue(lang))) == [], lang


def test_analysts_terms_in_chinese():
    zh = "\n".join(catalogue("zh").values())
    for term in (
        "名义收益率",
        "通胀保护债券收益率",
        "实际利率",
        "盈亏平衡通胀率",
        "基差交易",
        "尾部利差",
        "直接竞标者",
        "间接竞标者",
        "一级交易商",
        "投标倍数",
        "流动性",
    ):
        assert term in zh, term


def test_formatting_by_language():
    assert fmt_date("2026-08-20", "zh") == "2026年8月20日"
    assert fmt_date("2026-08-20", "en") == "20 Aug 2026"
    assert fmt_date(None, "en") == "–"
    assert fmt_num(8021660.4, "en", 0) == "8,021,660"
    # 1 bn = 10亿; 1,000 bn = 1万亿 (Chinese counts in 亿 = 1e8 and 万亿 = 1e12)
    assert fmt_usd_bn(3013.9, "zh") == "3.01万亿美元"
    assert fmt_usd_bn(941.926, "zh") == "9,419亿美元"
    assert fmt_usd_bn(3013.9, "en") == "$3,013.9bn"
    assert fmt_bp(4, "zh") == "+4个基点" and fmt_bp(-2.0, "en") == "-2bp"
    assert term_label("10-Year", "zh") == "10年期"
    assert term_label("9-Year 10-Month", "zh") == "9年10个月"
    assert term_label("91282CMW8", "zh") == "91282CMW8"


def test_unknown_language_is_an_input_error():
    from tsy.errors import InputError

    with pytest.raises(InputError, match="expected one of en, zh"):
        t("section.monitor", "fr")


def test_tenor_keys_cover_the_curve_tenors():
    assert {f"col.vol_{k}y" for k in TENORS} <= set(catalogue("zh"))
