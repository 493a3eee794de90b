"""Catalogue rows for the series of providers other than FRED.

One dict per series (keys ``id, source, source_key, title_en, title_zh, units, frequency, group,
tenor``); :mod:`tsy.catalog` turns them into :class:`tsy.catalog.SeriesInfo`. Ids never reuse a
FRED id: the NY Fed's own copies of rates FRED also carries end in ``_NYFED`` (``SOFR_NYFED``
next to FRED's ``SOFR``), the Treasury par curves are ``UST_PAR_*`` / ``UST_REAL_*`` (FRED's
constant-maturity copies are ``DGS*`` / ``DFII*``).

Units: yields and rates in percent; NY Fed volumes in USD billions (as published,
``volumeInBillions``); ON RRP and standing repo amounts in USD (as published,
``totalAmtAccepted``); the daily TGA in USD millions (the Daily Treasury Statement's unit, like
FRED's ``WTREGEN``).
"""

from __future__ import annotations

__all__ = ["EXTRA_SERIES"]

_PCT = "percent"

# (suffix, English tenor, Chinese tenor, years)
_PAR = [
    ("1M", "1-month", "1个月期", 1 / 12),
    ("1_5M", "1.5-month (6-week)", "1.5个月期（6周）", 1.5 / 12),
    ("2M", "2-month", "2个月期", 2 / 12),
    ("3M", "3-month", "3个月期", 0.25),
    ("4M", "4-month", "4个月期", 4 / 12),
    ("6M", "6-month", "6个月期", 0.5),
    ("1Y", "1-year", "1年期", 1.0),
    ("2Y", "2-year", "2年期", 2.0),
    ("3Y", "3-year", "3年期", 3.0),
    ("5Y", "5-year", "5年期", 5.0),
    ("7Y", "7-year", "7年期", 7.0),
    ("10Y", "10-year", "10年期", 10.0),
    ("20Y", "20-year", "20年期", 20.0),
    ("30Y", "30-year", "30年期", 30.0),
]
_REAL = [p for p in _PAR if p[0] in ("5Y", "7Y", "10Y", "20Y", "30Y")]

# NY Fed reference rates: (rate, English name, Chinese name)
_NYFED = [
    ("SOFR", "Secured overnight financing rate (SOFR)", "有担保隔夜融资利率 SOFR"),
    ("TGCR", "Tri-party general collateral rate (TGCR)", "三方一般抵押品回购利率 TGCR"),
    ("BGCR", "Broad general collateral rate (BGCR)", "广义一般抵押品回购利率 BGCR"),
    ("EFFR", "Effective federal funds rate (EFFR)", "有效联邦基金利率 EFFR"),
    ("OBFR", "Overnight bank funding rate (OBFR)", "隔夜银行融资利率 OBFR"),
]
_PCTL = [("P1", 1), ("P25", 25), ("P75", 75), ("P99", 99)]

_MARKET = [
    (
        "GOLDPMUSD",
        "lbma:gold_pm",
        "LBMA gold price PM (USD)",
        "伦敦金下午定盘价（美元）",
        "USD per troy ounce",
        "commodities",
    ),
    (
        "SILVERUSD",
        "lbma:silver",
        "LBMA silver price (USD)",
        "伦敦银定盘价（美元）",
        "USD per troy ounce",
        "commodities",
    ),
    (
        "MOVE",
        "ice:MOVE",
        "ICE BofA MOVE index",
        "美银美林MOVE指数（美债波动率）",
        "index",
        "stress",
    ),
    ("DXY", "ice:DXY", "ICE U.S. dollar index (DXY)", "美元指数 DXY", "index", "cross_asset"),
    (
        "SPY",
        "etf:SPY",
        "SPDR S&P 500 ETF (SPY), adjusted close",
        "标普500 ETF（SPY）复权收盘价",
        "USD per share",
        "cross_asset",
    ),
    (
        "TIP",
        "etf:TIP",
        "iShares TIPS bond ETF (TIP), adjusted close",
        "通胀保值国债 ETF（TIP）复权收盘价",
        "USD per share",
        "cross_asset",
    ),
    (
        "IEF",
        "etf:IEF",
        "iShares 7-10 year Treasury ETF (IEF), adjusted close",
        "7-10年期美国国债 ETF（IEF）复权收盘价",
        "USD per share",
        "cross_asset",
    ),
    (
        "TLT",
        "etf:TLT",
        "iShares 20+ year Treasury ETF (TLT), adjusted close",
        "20年期以上美国国债 ETF（TLT）复权收盘价",
        "USD per share",
        "cross_asset",
    ),
]


def _field(prefix: str, suffix: str) -> str:
    """Treasury XML field of a tenor: ``_field("BC", "1_5M") == "BC_1_5MONTH"``."""
    return f"{prefix}_{suffix[:-1]}{'MONTH' if suffix.endswith('M') else 'YEAR'}"


def _rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for suffix, en, zh, years in _PAR:
        rows.append(
            {
                "id": f"UST_PAR_{suffix}",
                "source": "treasury",
                "source_key": f"daily_treasury_yield_curve:{_field('BC', suffix)}",
                "title_en": f"Treasury {en} par yield (daily par yield curve)",
                "title_zh": f"{zh}国债票面收益率",
                "units": _PCT,
                "frequency": "D",
                "group": "par_curve",
                "tenor": years,
            }
        )
    for suffix, en, zh, years in _REAL:
        rows.append(
            {
                "id": f"UST_REAL_{suffix}",
                "source": "treasury",
                "source_key": f"daily_treasury_real_yield_curve:{_field('TC', suffix)}",
                "title_en": f"Treasury {en} par real yield (TIPS par yield curve)",
                "title_zh": f"{zh}实际收益率（TIPS票面曲线）",
                "units": _PCT,
                "frequency": "D",
                "group": "real_curve",
                "tenor": years,
            }
        )
    for rate, en, zh in _NYFED:
        key = rate.lower()
        rows.append(
            {
                "id": f"{rate}_NYFED",
                "source": "nyfed",
                "source_key": f"{key}:percentRate",
                "title_en": f"{en}, NY Fed",
                "title_zh": f"{zh}（纽约联储）",
                "units": _PCT,
                "frequency": "D",
                "group": "funding",
                "tenor": None,
            }
        )
        for pid, pct in _PCTL:
            rows.append(
                {
                    "id": f"{rate}_{pid}",
                    "source": "nyfed",
                    "source_key": f"{key}:percentPercentile{pct}",
                    "title_en": f"{en}, {pct}th percentile",
                    "title_zh": f"{zh} 第{pct}百分位",
                    "units": _PCT,
                    "frequency": "D",
                    "group": "funding",
                    "tenor": None,
                }
            )
        rows.append(
            {
                "id": f"{rate}_VOLUME",
                "source": "nyfed",
                "source_key": f"{key}:volumeInBillions",
                "title_en": f"{en}, transaction volume",
                "title_zh": f"{zh} 成交量",
                "units": "USD billions",
                "frequency": "D",
                "group": "funding",
                "tenor": None,
            }
        )
    rows += [
        {
            "id": "RRP_ONRRP_USD",
            "source": "nyfed",
            "source_key": "rp:reverserepo:totalAmtAccepted",
            "title_en": "Fed overnight reverse repo (ON RRP) take-up, all operations of the day",
            "title_zh": "美联储隔夜逆回购（ON RRP）使用量",
            "units": "USD",
            "frequency": "D",
            "group": "funding",
            "tenor": None,
        },
        {
            "id": "SRP_TAKEUP_USD",
            "source": "nyfed",
            "source_key": "rp:repo:totalAmtAccepted",
            "title_en": "Fed standing repo facility (SRF) take-up, AM + PM operations",
            "title_zh": "美联储常备回购便利（SRF）使用量（上午+下午）",
            "units": "USD",
            "frequency": "D",
            "group": "funding",
            "tenor": None,
        },
        {
            "id": "TGA_DAILY",
            "source": "fiscaldata",
            "source_key": "dts:operating_cash_balance:TGA closing balance",
            "title_en": "Treasury General Account closing balance (Daily Treasury Statement)",
            "title_zh": "财政部一般账户（TGA）日终余额（每日国库报表）",
            "units": "USD millions",
            "frequency": "D",
            "group": "fed_balance_sheet",
            "tenor": None,
        },
    ]
    for sid, key, en, zh, units, group in _MARKET:
        rows.append(
            {
                "id": sid,
                "source": "market",
                "source_key": key,
                "title_en": en,
                "title_zh": zh,
                "units": units,
                "frequency": "D",
                "group": group,
                "tenor": None,
            }
        )
    rows += _acm_rows()
    return rows


#: ACM model outputs: (column prefix, English, Chinese).
_ACM = [
    ("ACMY", "ACM fitted zero-coupon yield", "ACM模型拟合零息收益率"),
    ("ACMTP", "ACM term premium", "ACM期限溢价"),
    ("ACMRNY", "ACM risk-neutral yield (expected path)", "ACM风险中性收益率（预期路径）"),
]


def _acm_rows() -> list[dict[str, object]]:
    """NY Fed ACM term structure: monthly (1-10 years) and daily fitted yields (1, 2, 3, 5, 10)."""
    rows: list[dict[str, object]] = []
    for prefix, en, zh in _ACM:
        for n in range(1, 11):
            rows.append(
                {"id": f"{prefix}{n:02d}", "source": "nyfed_acm",
                 "source_key": f"ACMTermPremium:{prefix}{n:02d}",
                 "title_en": f"{en}, {n}-year, month-end", "title_zh": f"{zh}（{n}年期，月末）",
                 "units": _PCT, "frequency": "M", "group": "term_premium", "tenor": float(n)}
            )  # fmt: skip
    for n in (1, 2, 3, 5, 10):
        rows.append(
            {"id": f"ACMY{n:02d}_D", "source": "nyfed_acm", "source_key": f"ACM daily:ACMY{n:02d}",
             "title_en": f"ACM fitted zero-coupon yield, {n}-year, daily",
             "title_zh": f"ACM模型拟合零息收益率（{n}年期，日度）", "units": _PCT,
             "frequency": "D", "group": "term_premium", "tenor": float(n)}
        )  # fmt: skip
    return rows


#: Every non-FRED catalogue row.
EXTRA_SERIES: list[dict[str, object]] = _rows()
