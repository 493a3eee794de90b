"""Catalogue rows of the series FRED serves (one request per series, :mod:`tsy.sources.fred`).

One :func:`~tsy.catalog.row.row` per series: id (FRED's), source, English and Chinese titles,
units, frequency, group, then the optional tenor (years) and release rule (when an observation
is public, :mod:`tsy.catalog.release`; default ``same_day``). Release rules: H.4.1 Wednesday
levels on Thursday (``next:thu``); St. Louis Fed STLFSI4, week to Friday, the next Thursday;
Chicago Fed NFCI the next Wednesday; H.10 dollar index weekly on Monday (``next:mon``); BLS CPI
by the 15th of the next month, Cleveland Fed and IMF mid-month (``month+1:15``); FRED's
monthly breakeven averages once the month is over (``month+1:1``); Z.1 68-74 days after the
quarter in 2024 (``quarter+75d``); the NY Fed's reference rates at 08:00 ET the next business
day (``next_bday``).
"""

from __future__ import annotations

from tsy.catalog.row import SeriesInfo, row

__all__ = ["ROWS"]

_P = "percent"
_F = "fred"
_M = "USD millions"

#: Every FRED series of the built-in catalogue, in catalogue order.
ROWS: list[SeriesInfo] = [
    row("DGS1MO", _F, "1-Month Treasury constant-maturity yield",
        "1个月美国国债收益率（名义收益率）", _P, "D", "nominal", tenor=1 / 12),
    row("DGS3MO", _F, "3-Month Treasury constant-maturity yield",
        "3个月美国国债收益率（名义收益率）", _P, "D", "nominal", tenor=0.25),
    row("DGS6MO", _F, "6-Month Treasury constant-maturity yield",
        "6个月美国国债收益率（名义收益率）", _P, "D", "nominal", tenor=0.5),
    row("DGS1", _F, "1-Year Treasury constant-maturity yield",
        "1年期美国国债收益率（名义收益率）", _P, "D", "nominal", tenor=1),
    row("DGS2", _F, "2-Year Treasury constant-maturity yield",
        "2年期美国国债收益率（名义收益率）", _P, "D", "nominal", tenor=2),
    row("DGS3", _F, "3-Year Treasury constant-maturity yield",
        "3年期美国国债收益率（名义收益率）", _P, "D", "nominal", tenor=3),
    row("DGS5", _F, "5-Year Treasury constant-maturity yield",
        "5年期美国国债收益率（名义收益率）", _P, "D", "nominal", tenor=5),
    row("DGS7", _F, "7-Year Treasury constant-maturity yield",
        "7年期美国国债收益率（名义收益率）", _P, "D", "nominal", tenor=7),
    row("DGS10", _F, "10-Year Treasury constant-maturity yield",
        "10年期美国国债收益率（名义收益率）", _P, "D", "nominal", tenor=10),
    row("DGS20", _F, "20-Year Treasury constant-maturity yield",
        "20年期美国国债收益率（名义收益率）", _P, "D", "nominal", tenor=20),
    row("DGS30", _F, "30-Year Treasury constant-maturity yield",
        "30年期美国国债收益率（名义收益率）", _P, "D", "nominal", tenor=30),
    row("DFII5", _F, "5-Year TIPS constant-maturity real yield",
        "5年期通胀保护债券收益率（实际利率）", _P, "D", "tips", tenor=5),
    row("DFII7", _F, "7-Year TIPS constant-maturity real yield",
        "7年期通胀保护债券收益率（实际利率）", _P, "D", "tips", tenor=7),
    row("DFII10", _F, "10-Year TIPS constant-maturity real yield",
        "10年期通胀保护债券收益率（实际利率）", _P, "D", "tips", tenor=10),
    row("DFII20", _F, "20-Year TIPS constant-maturity real yield",
        "20年期通胀保护债券收益率（实际利率）", _P, "D", "tips", tenor=20),
    row("DFII30", _F, "30-Year TIPS constant-maturity real yield",
        "30年期通胀保护债券收益率（实际利率）", _P, "D", "tips", tenor=30),
    row("T5YIE", _F, "5-Year breakeven inflation rate",
        "5年期盈亏平衡通胀率", _P, "D", "breakeven", tenor=5),
    row("T10YIE", _F, "10-Year breakeven inflation rate",
        "10年期盈亏平衡通胀率", _P, "D", "breakeven", tenor=10),
    row("T5YIFR", _F, "5-Year, 5-Year forward inflation expectation rate",
        "5年期/5年远期通胀预期（5y5y）", _P, "D", "breakeven", tenor=10),
    row("T7YIEM", _F, "7-Year breakeven inflation rate (monthly)",
        "7年期盈亏平衡通胀率（月度）", _P, "M", "breakeven", tenor=7, release="month+1:1"),
    row("T20YIEM", _F, "20-Year breakeven inflation rate (monthly)",
        "20年期盈亏平衡通胀率（月度）", _P, "M", "breakeven", tenor=20, release="month+1:1"),
    row("T30YIEM", _F, "30-Year breakeven inflation rate (monthly)",
        "30年期盈亏平衡通胀率（月度）", _P, "M", "breakeven", tenor=30, release="month+1:1"),
    row("CPIAUCNS", _F, "CPI-U all items, not seasonally adjusted",
        "城市居民消费价格指数（CPI-U，未季调）",
        "index 1982-84=100", "M", "inflation", release="month+1:15"),
    row("CPIAUCSL", _F, "CPI-U all items, seasonally adjusted",
        "城市居民消费价格指数（CPI-U，季调）",
        "index 1982-84=100", "M", "inflation", release="month+1:15"),
    row("EXPINF10YR", _F, "Cleveland Fed 10-year expected inflation",
        "克利夫兰联储10年期预期通胀", _P, "M", "inflation", tenor=10, release="month+1:15"),
    row("DFF", _F, "Effective federal funds rate (daily, incl. weekends)",
        "有效联邦基金利率（日度）", _P, "D", "policy", release="next_bday"),
    row("EFFR", _F, "Effective federal funds rate",
        "有效联邦基金利率", _P, "D", "policy", release="next_bday"),
    row("SOFR", _F, "Secured overnight financing rate",
        "有担保隔夜融资利率（SOFR）", _P, "D", "policy", release="next_bday"),
    row("IORB", _F, "Interest rate on reserve balances",
        "准备金余额利率（IORB）", _P, "D", "policy"),
    row("IOER", _F, "Interest rate on excess reserves (to 2021-07)",
        "超额准备金利率（IOER，至2021年7月）", _P, "D", "policy"),
    row("IORR", _F, "Interest rate on required reserves (to 2021-07)",
        "法定准备金利率（IORR，至2021年7月）", _P, "D", "policy"),
    row("DFEDTAR", _F, "Federal funds target rate (to 2008-12)",
        "联邦基金目标利率（至2008年12月）", _P, "D", "policy"),
    row("DFEDTARU", _F, "Federal funds target range, upper limit",
        "联邦基金目标区间上限", _P, "D", "policy"),
    row("DFEDTARL", _F, "Federal funds target range, lower limit",
        "联邦基金目标区间下限", _P, "D", "policy"),
    row("WALCL", _F, "Fed total assets (Wednesday level)",
        "美联储总资产（周三）", _M, "W", "fed_balance_sheet", release="next:thu"),
    row("WRESBAL", _F, "Reserve balances with Federal Reserve Banks",
        "银行准备金余额", _M, "W", "fed_balance_sheet", release="next:thu"),
    row("WTREGEN", _F, "Treasury General Account (Wednesday level)",
        "财政部一般账户（TGA）", _M, "W", "fed_balance_sheet", release="next:thu"),
    row("RRPONTSYD", _F, "Overnight reverse repurchase agreements (ON RRP)",
        "隔夜逆回购（ON RRP）", "USD billions", "D", "fed_balance_sheet"),
    row("WORAL", _F, "Fed repurchase agreements: others (incl. standing repo)",
        "美联储回购协议（含常备回购便利）", _M, "W", "fed_balance_sheet", release="next:thu"),
    row("H41RESPPALGTRFNWW", _F, "Repurchase agreements: foreign official "
        "(FIMA repo facility, Wednesday level)",
        "美联储FIMA回购便利（外国官方回购，周三）",
        _M, "W", "fed_balance_sheet", release="next:thu"),
    row("WLCFLPCL", _F, "Discount window: primary credit (Wednesday level)",
        "贴现窗口一级信贷（周三）", _M, "W", "fed_balance_sheet", release="next:thu"),
    row("TREAST", _F, "SOMA Treasury securities held outright (Wednesday level)",
        "美联储持有的美国国债（SOMA，周三）", _M, "W", "fed_balance_sheet", release="next:thu"),
    row("STLFSI4", _F, "St. Louis Fed financial stress index",
        "圣路易斯联储金融压力指数", "index", "W", "stress", release="next:thu"),
    row("NFCI", _F, "Chicago Fed national financial conditions index",
        "芝加哥联储全国金融状况指数", "index", "W", "stress", release="next:wed"),
    row("VIXCLS", _F, "CBOE volatility index (VIX)",
        "VIX波动率指数", "index", "D", "stress"),
    row("SP500", _F, "S&P 500 index",
        "标普500指数", "index", "D", "cross_asset"),
    row("DTWEXBGS", _F, "Nominal broad U.S. dollar index",
        "美元名义广义指数", "index Jan 2006=100", "D", "cross_asset", release="next:mon"),
    row("PCOPPUSDM", _F, "Global price of copper (IMF)",
        "全球铜价（IMF）", "USD per metric ton", "M", "commodities", release="month+1:15"),
    row("BOGZ1FL153061105Q", _F, "Households and nonprofits: Treasury securities held (Z.1)",
        "住户及非营利部门持有美国国债（含对冲基金，Z.1）",
        _M, "Q", "holdings", release="quarter+75d"),
    row("THREEFYTP10", _F, "Kim-Wright 10-year term premium",
        "Kim-Wright 10年期期限溢价", _P, "D", "term_premium", tenor=10),
]  # fmt: skip
