"""tsy.math: exact, vectorised Treasury math (31 CFR 356 Appendix B).

Bills (:mod:`~tsy.math.bills`), coupon schedules and accrued interest
(:mod:`~tsy.math.daycount`), notes and bonds in the ``street`` and ``treasury`` conventions
(:mod:`~tsy.math.bonds`), TIPS (:mod:`~tsy.math.tips`) and breakevens
(:mod:`~tsy.math.breakeven`). Rates in percent, prices per 100 of face value. Pure functions: no
I/O, no clock.
"""

from tsy.math.bills import (
    bill_discount_rate,
    bill_investment_rate,
    bill_price,
    bill_price_from_investment_rate,
    bill_year_days,
    money_market_yield,
)
from tsy.math.bonds import (
    CONVENTIONS,
    BondResult,
    BondRisk,
    approximate_yield,
    bond_price,
    bond_risk,
    bond_yield,
    convexity,
    duration,
    dv01,
    round_accrued,
)

# The module tsy.math.breakeven keeps its name; its nominal-minus-real function is exported as
# breakeven_rate so the package attribute never shadows the module.
from tsy.math.breakeven import breakeven as breakeven_rate
from tsy.math.breakeven import fisher_breakeven, forward_breakeven, t5yifr
from tsy.math.daycount import CouponSchedule, accrued_interest, cash_flows, coupon_schedule
from tsy.math.tips import (
    TipsResult,
    adjusted_principal,
    index_ratio,
    principal_at_maturity,
    reference_cpi,
    tips_coupon_payment,
    tips_price,
    tips_yield,
)

__all__ = [
    "CONVENTIONS",
    "BondResult",
    "BondRisk",
    "CouponSchedule",
    "TipsResult",
    "accrued_interest",
    "adjusted_principal",
    "approximate_yield",
    "bill_discount_rate",
    "bill_investment_rate",
    "bill_price",
    "bill_price_from_investment_rate",
    "bill_year_days",
    "bond_price",
    "bond_risk",
    "bond_yield",
    "breakeven_rate",
    "cash_flows",
    "convexity",
    "coupon_schedule",
    "duration",
    "dv01",
    "fisher_breakeven",
    "forward_breakeven",
    "index_ratio",
    "money_market_yield",
    "principal_at_maturity",
    "reference_cpi",
    "round_accrued",
    "t5yifr",
    "tips_coupon_payment",
    "tips_price",
    "tips_yield",
]
