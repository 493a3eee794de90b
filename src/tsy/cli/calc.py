"""``tsy calc``: Treasury calculators for bills, notes/bonds and TIPS.

Each command prints every intermediate a user checks (days, accrued interest, dirty price, index
ratio, ...) as a field/value table, or with ``--format json`` as one JSON object. The math lives
in :mod:`tsy.math`; this module only parses options and prints.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tsy.cli._common import FormatOpt, OutputFormat, current_settings, emit
from tsy.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["app"]

app = typer.Typer(help="Treasury calculators: bills, notes and bonds, TIPS (31 CFR 356 App. B).")

_FLOATFMT = ".10g"


class ConventionChoice(StrEnum):
    """Yield conventions of :mod:`tsy.math.bonds`."""

    street = "street"
    treasury = "treasury"


ConventionOpt = Annotated[
    ConventionChoice,
    typer.Option(
        "--convention",
        help="street: compound fractional period (dealer quotes); treasury: simple (auctions).",
        case_sensitive=False,
    ),
]
PriceOpt = Annotated[float | None, typer.Option("--price", help="Clean price per 100.")]
YieldOpt = Annotated[float | None, typer.Option("--yield", help="Yield, percent.")]
FirstCouponOpt = Annotated[
    str | None, typer.Option("--first-coupon", help="First coupon date (long first).")
]


def _one_of(**given: Any) -> str:
    names = [k for k, v in given.items() if v is not None]
    if len(names) != 1:
        options = " or ".join(f"--{k.rstrip('_').replace('_', '-')}" for k in given)
        raise InputError(f"give exactly one of {options} (got {len(names)})")
    return names[0]


@app.command("bill")
def bill(
    days: Annotated[int, typer.Option("--days", help="Days from issue/settlement to maturity.")],
    price: PriceOpt = None,
    discount: Annotated[
        float | None, typer.Option("--discount", help="Discount rate, percent.")
    ] = None,
    issue: Annotated[
        str | None, typer.Option("--issue", help="Issue date (chooses 365 or 366 days).")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Bill price, discount rate, investment rate and money-market yield (App. B VI).

    From a discount rate, the price is rounded to six decimals first and the rates are computed
    from that price, as Treasury does (App. B VI.D: P "rounded to six places").
    """
    from tsy.math import bills

    _one_of(price=price, discount=discount)
    if price is not None:
        p, exact_p, shown = price, price, round(price, 6)
    else:
        exact_p = bills.bill_price(discount, days)
        p = shown = bills.bill_price(discount, days, round_like_treasury=True)
    year_days = bills.bill_year_days(issue) if issue else 365
    record = {
        "days": days,
        "year_days": year_days,
        "price": exact_p,
        "price_rounded": shown,
        "discount_rate": discount if discount is not None else bills.bill_discount_rate(p, days),
        "investment_rate": bills.bill_investment_rate(p, days, year_days=year_days),
        "money_market_yield": bills.money_market_yield(p, days),
        "investment_formula": "simple" if days <= bills.HALF_YEAR_DAYS else "quadratic",
    }
    emit(record, fmt, title="Treasury bill", floatfmt=_FLOATFMT)


@app.command("bond")
def bond(
    coupon: Annotated[float, typer.Option("--coupon", help="Annual coupon, percent.")],
    maturity: Annotated[str, typer.Option("--maturity", help="Maturity date YYYY-MM-DD.")],
    settle: Annotated[str, typer.Option("--settle", help="Settlement date YYYY-MM-DD.")],
    price: PriceOpt = None,
    yld: YieldOpt = None,
    dated: Annotated[
        str | None, typer.Option("--dated", help="Dated date (odd first coupons).")
    ] = None,
    first_coupon: FirstCouponOpt = None,
    convention: ConventionOpt = ConventionChoice.street,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Note/bond price from yield or yield from price, with accrued interest and risk."""
    from tsy.math import bonds, daycount

    given = _one_of(price=price, yield_=yld)
    conv: Any = convention.value
    args = (settle, maturity, dated, first_coupon)
    if given == "price":
        res = bonds.bond_yield(coupon, price, *args, convention=conv)
    else:
        res = bonds.bond_price(coupon, yld, *args, convention=conv)
    risk = bonds.bond_risk(coupon, res.yield_pct, *args, convention=conv)
    sched = daycount.coupon_schedule(dated or res.prev_coupon, maturity, first_coupon)
    record = {
        "convention": res.convention,
        "coupon": coupon,
        "settle": settle,
        "maturity": maturity,
        "dated": dated,
        "first_coupon_kind": sched.first_kind,
        "prev_coupon": res.prev_coupon,
        "next_coupon": res.next_coupon,
        "coupons_left": res.periods,
        "fraction_r_over_s": res.fraction,
        "accrued": res.accrued,
        "clean_price": res.clean,
        "dirty_price": res.dirty,
        "yield": res.yield_pct,
        "approximate_yield": bonds.approximate_yield(coupon, res.clean, settle, maturity),
        "macaulay_duration": risk.macaulay,
        "modified_duration": risk.modified,
        "convexity": risk.convexity,
        "dv01_per_100": risk.dv01,
    }
    emit(record, fmt, title=f"Note/bond ({res.convention} convention)", floatfmt=_FLOATFMT)


def _substituted(cpi: pd.Series, substitutes: pd.Series | None, *dates: str) -> str:
    """The CPI months behind these dates' Ref CPIs that are Treasury index numbers, if any."""
    import pandas as pd

    from tsy.math.cpi import tips_cpi

    used = tips_cpi(cpi, substitutes)
    reported = {pd.Timestamp(t).to_period("M") for t in cpi.dropna().index}
    stored = (
        set()
        if substitutes is None
        else {pd.Timestamp(t).to_period("M") for t in substitutes.index}
    )
    periods = pd.DatetimeIndex(used.index).to_period("M")
    values = dict(zip(periods, used.to_numpy(dtype=float), strict=True))
    needed = sorted({pd.Timestamp(d).to_period("M") - k for d in dates for k in (3, 2)})
    parts = [
        f"{m} = {values[m]:g}" for m in needed if m in values and (m in stored or m not in reported)
    ]
    return ", ".join(parts) + " (substitute, 31 CFR 356 App. B I.B.4(iv))" if parts else ""


def _ref_cpis(
    cpi_file: Path | None,
    ref_dated: float | None,
    ref_settle: float | None,
    dated: str,
    settle: str,
) -> tuple[float, float, str, str]:
    from tsy.math import tips
    from tsy.sources.fred import parse_csv

    if cpi_file is not None:
        if not cpi_file.is_file():
            raise InputError(f"--cpi-file {cpi_file}: no such file")
        cpi = parse_csv(cpi_file.read_bytes(), "CPIAUCNS", source="file", url=str(cpi_file))
        return (
            tips.reference_cpi(dated, cpi),
            tips.reference_cpi(settle, cpi),
            str(cpi_file),
            _substituted(cpi, None, dated, settle),
        )
    if ref_dated is not None and ref_settle is not None:
        for option, value in (("--ref-cpi-dated", ref_dated), ("--ref-cpi-settle", ref_settle)):
            if not value > 0:
                raise InputError(f"{option} {value}: expected a positive reference CPI")
        return ref_dated, ref_settle, "given", ""
    if ref_dated is not None or ref_settle is not None:
        raise InputError("give both --ref-cpi-dated and --ref-cpi-settle, or neither")
    # Neither file nor values: CPI-U NSA from the store (CPIAUCNS), as `tsy update` keeps it.
    from tsy.indicators.load import load
    from tsy.store import store_exists

    s = current_settings()
    if not store_exists(s.db):
        raise InputError(
            "TIPS need CPI-U NSA: none in the store (no database); give --cpi-file PATH "
            "(a FRED CPIAUCNS CSV), both --ref-cpi-dated and --ref-cpi-settle, or run "
            "`tsy update CPIAUCNS`"
        )
    from tsy.cpi_substitutes import read_substitutes
    from tsy.store import open_store

    cpi = load(["CPIAUCNS"], settings=s)["CPIAUCNS"]
    with open_store(s.db, readonly=True) as store:
        subs = read_substitutes(store)  # Treasury's index numbers win over CPIAUCNS
    return (
        tips.reference_cpi(dated, cpi, substitutes=subs),
        tips.reference_cpi(settle, cpi, substitutes=subs),
        f"store {s.db_label}",
        _substituted(cpi, subs, dated, settle),
    )


@app.command("tips")
def tips_cmd(
    coupon: Annotated[float, typer.Option("--coupon", help="Real annual coupon, percent.")],
    dated: Annotated[str, typer.Option("--dated", help="Dated date YYYY-MM-DD.")],
    maturity: Annotated[str, typer.Option("--maturity", help="Maturity date YYYY-MM-DD.")],
    settle: Annotated[str, typer.Option("--settle", help="Settlement date YYYY-MM-DD.")],
    price: Annotated[
        float | None, typer.Option("--price", help="Real (unadjusted) clean price per 100.")
    ] = None,
    yld: Annotated[float | None, typer.Option("--yield", help="Real yield, percent.")] = None,
    cpi_file: Annotated[
        Path | None, typer.Option("--cpi-file", help="FRED CPIAUCNS CSV (CPI-U NSA).")
    ] = None,
    ref_cpi_dated: Annotated[
        float | None, typer.Option("--ref-cpi-dated", help="Ref CPI of the dated date.")
    ] = None,
    ref_cpi_settle: Annotated[
        float | None, typer.Option("--ref-cpi-settle", help="Ref CPI of the settlement date.")
    ] = None,
    first_coupon: FirstCouponOpt = None,
    convention: ConventionOpt = ConventionChoice.street,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """TIPS price from real yield or real yield from price, with reference CPI and index ratio."""
    from tsy.math import tips

    given = _one_of(price=price, yield_=yld)
    ref_d, ref_s, cpi_source, subs = _ref_cpis(
        cpi_file, ref_cpi_dated, ref_cpi_settle, dated, settle
    )
    ratio = tips.index_ratio(ref_s, ref_d)
    conv: Any = convention.value
    args = (settle, maturity, dated, first_coupon)
    if given == "price":
        res = tips.tips_yield(coupon, price, *args, index_ratio=ratio, convention=conv)
    else:
        res = tips.tips_price(coupon, yld, *args, index_ratio=ratio, convention=conv)
    record = {
        "convention": res.convention,
        "coupon_real": coupon,
        "settle": settle,
        "dated": dated,
        "maturity": maturity,
        "cpi_source": cpi_source,
        "cpi_substitutes_used": subs,
        "ref_cpi_dated": ref_d,
        "ref_cpi_settle": ref_s,
        "index_ratio": ratio,
        "adjusted_principal_per_100": tips.adjusted_principal(ratio),
        "principal_at_maturity_floor": tips.principal_at_maturity(ratio),
        "next_coupon_payment_at_this_ratio": tips.tips_coupon_payment(coupon, ratio),
        "real_accrued": res.real_accrued,
        "real_clean_price": res.real_clean,
        "real_dirty_price": res.real_dirty,
        "adjusted_price": res.adjusted_price,
        "adjusted_accrued": res.adjusted_accrued,
        "settlement_amount": res.settlement_amount,
        "real_yield": res.real_yield_pct,
    }
    emit(record, fmt, title=f"TIPS ({res.convention} convention)", floatfmt=_FLOATFMT)
