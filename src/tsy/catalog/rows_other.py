"""Catalogue rows of the series of providers other than FRED, in the one row format.

One :func:`~tsy.catalog.row.row` per series, as in :mod:`tsy.catalog.rows_fred`; families of
series (the par curves, the NY Fed rates and their percentiles, the ACM outputs) are written as
one loop each. Release rules: the NY Fed reference rates, their percentiles and volumes at
08:00 ET the next business day, the Daily Treasury Statement at 16:00 the next business day
(``next_bday``); everything else here (Treasury's curves, ON RRP and standing repo results,
market closes, ACM) the same day. Ids never reuse a
FRED id: the NY Fed's own copies of rates FRED also carries end in ``_NYFED`` (``SOFR_NYFED``
next to FRED's ``SOFR``), the Treasury par curves are ``UST_PAR_*`` / ``UST_REAL_*`` (FRED's
constant-maturity copies are ``DGS*`` / ``DFII*``).

Units: yields and rates in percent; NY Fed volumes in USD billions (as published,
``volumeInBillions``); ON RRP and standing repo amounts in USD (as published,
``totalAmtAccepted``); the daily TGA in USD millions (the Daily Treasury Statement's unit, like
FRED's ``WTREGEN``).
"""

from __future__ import annotations

from tsy.catalog.row import SeriesInfo, row

__all__ = ["ROWS"]

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


def _rows() -> list[SeriesInfo]:
    rows = [
        row(f"UST_PAR_{suffix}", "treasury", f"Treasury {en} par yield (daily par yield curve)",
            f"{zh}国债票面收益率", _PCT, "D", "par_curve", tenor=years,
            key=f"daily_treasury_yield_curve:{_field('BC', suffix)}")
        for suffix, en, zh, years in _PAR
    ]  # fmt: skip
    rows += [
        row(f"UST_REAL_{suffix}", "treasury",
            f"Treasury {en} par real yield (TIPS par yield curve)",
            f"{zh}实际收益率（TIPS票面曲线）", _PCT, "D", "real_curve", tenor=years,
            key=f"daily_treasury_real_yield_curve:{_field('TC', suffix)}")
        for suffix, en, zh, years in _REAL
    ]  # fmt: skip
    for rate, en, zh in _NYFED:
        key = rate.lower()
        rows.append(
            row(f"{rate}_NYFED", "nyfed", f"{en}, NY Fed", f"{zh}（纽约联储）", _PCT, "D",
                "funding", key=f"{key}:percentRate", release="next_bday")
        )  # fmt: skip
        rows += [
            row(f"{rate}_{pid}", "nyfed", f"{en}, {pct}th percentile", f"{zh} 第{pct}百分位",
                _PCT, "D", "funding", key=f"{key}:percentPercentile{pct}", release="next_bday")
            for pid, pct in _PCTL
        ]  # fmt: skip
        rows.append(
            row(f"{rate}_VOLUME", "nyfed", f"{en}, transaction volume", f"{zh} 成交量",
                "USD billions", "D", "funding", key=f"{key}:volumeInBillions",
                release="next_bday")
        )  # fmt: skip
    rows += [
        row("RRP_ONRRP_USD", "nyfed",
            "Fed overnight reverse repo (ON RRP) take-up, all operations of the day",
            "美联储隔夜逆回购（ON RRP）使用量", "USD", "D", "funding",
            key="rp:reverserepo:totalAmtAccepted"),
        row("SRP_TAKEUP_USD", "nyfed",
            "Fed standing repo facility (SRF) take-up, AM + PM operations",
            "美联储常备回购便利（SRF）使用量（上午+下午）", "USD", "D", "funding",
            key="rp:repo:totalAmtAccepted"),
        row("TGA_DAILY", "fiscaldata",
            "Treasury General Account closing balance (Daily Treasury Statement)",
            "财政部一般账户（TGA）日终余额（每日国库报表）", "USD millions", "D",
            "fed_balance_sheet", key="dts:operating_cash_balance:TGA closing balance",
            release="next_bday"),
    ]  # fmt: skip
    rows += [
        row(sid, "market", en, zh, units, "D", group, key=key)
        for sid, key, en, zh, units, group in _MARKET
    ]
    return rows + _acm_rows()


#: ACM model outputs: (column prefix, English, Chinese).
_ACM = [
    ("ACMY", "ACM fitted zero-coupon yield", "ACM模型拟合零息收益率"),
    ("ACMTP", "ACM term premium", "ACM期限溢价"),
    ("ACMRNY", "ACM risk-neutral yield (expected path)", "ACM风险中性收益率（预期路径）"),
]


def _acm_rows() -> list[SeriesInfo]:
    """NY Fed ACM term structure: monthly (1-10 years) and daily fitted yields (1, 2, 3, 5, 10)."""
    rows = [
        row(f"{prefix}{n:02d}", "nyfed_acm", f"{en}, {n}-year, month-end",
            f"{zh}（{n}年期，月末）", _PCT, "M", "term_premium", tenor=float(n),
            key=f"ACMTermPremium:{prefix}{n:02d}")
        for prefix, en, zh in _ACM
        for n in range(1, 11)
    ]  # fmt: skip
    rows += [
        row(f"ACMY{n:02d}_D", "nyfed_acm", f"ACM fitted zero-coupon yield, {n}-year, daily",
            f"ACM模型拟合零息收益率（{n}年期，日度）", _PCT, "D", "term_premium",
            tenor=float(n), key=f"ACM daily:ACMY{n:02d}")
        for n in (1, 2, 3, 5, 10)
    ]  # fmt: skip
    return rows


#: Every non-FRED row of the built-in catalogue, in catalogue order.
ROWS: list[SeriesInfo] = _rows()
