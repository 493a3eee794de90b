"""Benchmark: yield from price for many Treasury notes/bonds, tsy (vectorised) against QuantLib.

Run ``python benchmarks/bench_math.py`` (options: ``--sizes 10000 1000000``, ``--ql-sample``).
Both sides start from the same inputs (coupon, clean price, settlement, maturity, dated date,
first coupon date) and build the schedule themselves: QuantLib a ``Schedule`` and a
``FixedRateBond`` per bond then ``BondFunctions.bondYield`` (``Compounded``, semiannual,
``ActualActual(Bond)``, unadjusted: the street convention); tsy one ``bond_yield`` call on arrays.
QuantLib runs bond by bond, so for large sizes it is timed on a sample and its per-bond rate
extrapolated (marked in the table). Agreement is the largest yield difference on that sample.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import QuantLib as ql

from tsy.math import bonds, daycount


def random_bonds(n: int, seed: int = 7) -> dict[str, Any]:
    """Random Treasury notes/bonds: 0.125-8% coupons, 1-30 years, 15th or month-end maturities,
    regular, short and long first coupons, settlement before the final coupon period."""
    rng = np.random.default_rng(seed)
    month = np.datetime64("2026-01") + rng.integers(0, 30 * 12, n).astype("timedelta64[M]")
    eom = rng.random(n) < 0.5
    maturity = np.where(
        eom, (month + 1).astype("datetime64[D]") - 1, month.astype("datetime64[D]") + 14
    )
    term = rng.integers(2, 61, n)  # half-years
    dated = daycount.quasi_coupon_date(maturity, term)
    dated = dated + np.where(rng.random(n) < 0.3, 0, rng.integers(1, 170, n)).astype("m8[D]")
    first = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    want_long = (
        (rng.random(n) < 0.2) & (term >= 4) & (dated != daycount.quasi_coupon_date(maturity, term))
    )
    first[want_long] = daycount.quasi_coupon_date(maturity[want_long], term[want_long] - 2)
    span = np.maximum((maturity - dated).astype(np.int64) - 200, 1)
    settle = dated + (rng.random(n) * span).astype("timedelta64[D]")
    coupon = rng.integers(1, 65, n) * 0.125
    yld = rng.uniform(0.5, 8.0, n)
    price = bonds.bond_price(coupon, yld, settle, maturity, dated, first).clean
    return {
        "coupon": coupon, "price": price, "settle": settle, "maturity": maturity,
        "dated": dated, "first": first,
    }  # fmt: skip


def _ql_date(day: np.datetime64) -> Any:
    # QuantLib serial numbers count from 1899-12-30 (1970-01-01 is 25569): the cheapest way in.
    return ql.Date(int(day.astype(np.int64)) + 25569)


def ql_yields(b: dict[str, Any], idx: np.ndarray) -> np.ndarray:
    """QuantLib per-bond loop (schedule, bond, yield), percent. Date conversion included."""
    out = np.empty(len(idx))
    freq, comp = ql.Semiannual, ql.Compounded
    for k, i in enumerate(idx):
        settle = _ql_date(b["settle"][i])
        first = b["first"][i]
        sched = ql.Schedule(
            _ql_date(b["dated"][i]), _ql_date(b["maturity"][i]), ql.Period(6, ql.Months),
            ql.NullCalendar(), ql.Unadjusted, ql.Unadjusted, ql.DateGeneration.Backward, True,
            ql.Date() if np.isnat(first) else _ql_date(first),
        )  # fmt: skip
        dc = ql.ActualActual(ql.ActualActual.Bond, sched)
        bond = ql.FixedRateBond(0, 100.0, sched, [b["coupon"][i] / 100.0], dc, ql.Unadjusted)
        price = ql.BondPrice(float(b["price"][i]), ql.BondPrice.Clean)
        out[k] = 100 * ql.BondFunctions.bondYield(bond, price, dc, comp, freq, settle, 1e-12, 100)
    return out


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def bench(n: int, ql_sample: int) -> dict[str, Any]:
    b = random_bonds(n)
    args = (b["coupon"], b["price"], b["settle"], b["maturity"], b["dated"], b["first"])
    t_tsy, res = _best(lambda: bonds.bond_yield(*args), 3 if n <= 100_000 else 2)
    m = min(n, ql_sample)
    idx = np.arange(m)
    t_ql, y_ql = _best(lambda: ql_yields(b, idx), 1)
    per_ql = t_ql / m
    t_ql_total = per_ql * n
    diff = float(np.max(np.abs(res.yield_pct[:m] - y_ql)))
    return {
        "bonds": n,
        "tsy_s": t_tsy,
        "ql_s": t_ql_total,
        "ql_note": "measured" if m == n else f"extrapolated from {m:,}",
        "ratio": t_ql_total / t_tsy,
        "tsy_us": t_tsy / n * 1e6,
        "ql_us": per_ql * 1e6,
        "max_diff": diff,
    }


def single_bond(repeat: int = 2000) -> tuple[float, float]:
    b = random_bonds(1, seed=11)
    args = tuple(
        str(v[0]) if np.issubdtype(np.asarray(v).dtype, np.datetime64) and not np.isnat(v[0])
        else (None if np.issubdtype(np.asarray(v).dtype, np.datetime64) else float(v[0]))
        for v in (b["coupon"], b["price"], b["settle"], b["maturity"], b["dated"], b["first"])
    )  # fmt: skip
    idx = np.arange(1)

    def med(fn: Callable[[], Any]) -> float:
        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(repeat // 5):
                fn()
            runs.append((time.perf_counter() - t0) / (repeat // 5))
        return statistics.median(runs) * 1e6

    return med(lambda: bonds.bond_yield(*args)), med(lambda: ql_yields(b, idx))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--ql-sample", type=int, default=20_000)
    opts = parser.parse_args()
    print(f"QuantLib {ql.__version__}, numpy {np.__version__}; street convention, clean prices")
    head = (
        f"{'bonds':>10} | {'tsy (s)':>8} | {'QuantLib (s)':>12} | {'QuantLib timing':<24} | "
        f"{'ratio':>6} | {'tsy us/bond':>11} | {'QL us/bond':>10} | {'max |dy| (%)':>12}"
    )
    print(head)
    print("-" * len(head))
    for n in opts.sizes:
        r = bench(n, opts.ql_sample)
        print(
            f"{r['bonds']:>10,} | {r['tsy_s']:>8.3f} | {r['ql_s']:>12.2f} | {r['ql_note']:<24} | "
            f"{r['ratio']:>5.0f}x | {r['tsy_us']:>11.3f} | {r['ql_us']:>10.1f} | "
            f"{r['max_diff']:>12.1e}"
        )
    t_one, q_one = single_bond()
    print(f"single bond (scalar path): tsy {t_one:.1f} us, QuantLib {q_one:.1f} us per call")


if __name__ == "__main__":
    main()
