"""Calibration of the stress monitor: score, state and parts at every month-end and on episodes.

Run ``python benchmarks/calibrate_monitor.py`` (reads ``../shared/data`` through tsy's own
parsers) or ``python benchmarks/calibrate_monitor.py --db PATH`` (reads a tsy store). Options:
``--start 2006`` ``--end 2025`` ``--csv OUT.csv`` (every month-end row).

Every definition is computed once over the whole history (trailing windows, previous auctions);
each date then reads the weekly series from their release (CFTC positions from the Friday after
their Tuesday, H.4.1 levels from the Thursday after their Wednesday) and every daily series on its
own date: SOFR and EFFR, which the NY Fed publishes the next morning, count here on the day they
are for, where `tsy monitor --as-of` (the catalogue's release rules) sees them a day later. So a
row equals the as-of monitor except on the day of a one-day funding spike, which this table shows a
day early (2008-09-15: 100 here, 82 as of that evening; 2019-09-17: 100 here, 61 as of that
evening, when SOFR's 5.25 % was not yet out).

Printed: the month-end table (one line per month-end), its summary against
the targets (median month-end score below 30; 2020-03-18 and 2025-04-10 above 70), the share of
each year's business days scored elevated and high, the episode library, and velocity alert
days per year for the busiest rule of each year (target: no rule on more than 10 % of a year's
days).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from tsy.analytics.stress_parts import MonitorInputs, Parts, build_parts, score_history
from tsy.indicators.monitor import inputs_from, monitor_ids

#: The episode library (issue 17): dates inside each episode a strategist would check.
EPISODES: dict[str, list[str]] = {
    "2008-09/10 Lehman": ["2008-09-15", "2008-09-29", "2008-10-10", "2008-10-24"],
    "2011-08 downgrade": ["2011-08-04", "2011-08-08"],
    "2019-09 repo": ["2019-09-16", "2019-09-17", "2019-09-18"],
    "2020-03 dash for cash": ["2020-03-09", "2020-03-12", "2020-03-16", "2020-03-18"],
    "2022-06 CPI/75bp": ["2022-06-13", "2022-06-16"],
    "2022-09/10 gilts": ["2022-09-23", "2022-09-28", "2022-10-21"],
    "2023-03 SVB": ["2023-03-10", "2023-03-13", "2023-03-15"],
    "2025-04 tariffs": ["2025-04-04", "2025-04-07", "2025-04-08", "2025-04-09", "2025-04-10",
                        "2025-04-11", "2025-04-21"],
}  # fmt: skip
SHORT = {"cross_asset": "xasset", "velocity": "veloc", "bond_vol": "vol",
         "liquidity_price": "liqP", "liquidity_quantity": "liqQ", "basis_trade": "basis",
         "auctions": "auct"}  # fmt: skip
STATE = {"calm": "calm", "haven working": "working", "haven failing: dash for cash": "DASH",
         "haven failing: sell America": "SELL-US", "haven failing: dollar n/a": "FAIL"}  # fmt: skip


def from_files(data: Path) -> MonitorInputs:
    """Inputs from the shared data folder, parsed by tsy's own parsers."""
    from tsy.sources._auction_derived import parse_derived_csv
    from tsy.sources.cftc import parse_txt
    from tsy.sources.fiscaldata import parse_auctions_csv
    from tsy.sources.fred import parse_csv

    s = {}
    ids = monitor_ids()
    for i in ids:
        for folder in ("fred", "market"):
            p = data / folder / f"{i}.csv"
            if p.is_file():
                s[i] = parse_csv(p.read_bytes(), i)
    auc = data / "treasury" / "auctions"
    pos = pd.concat(
        [
            parse_txt(p.read_bytes()).tables["positions"]
            for p in sorted((data / "cftc").glob("*.txt"))
        ]
    )
    off = pd.concat(
        [
            parse_auctions_csv(p.read_bytes()).tables["auctions"]
            for p in sorted(auc.glob("fiscaldata_*.csv"))
        ]
    )
    sec_file = next(auc.glob("coupon_auction_metrics_derived_*EXCERPT.csv"))
    sec = parse_derived_csv(sec_file.read_bytes()).tables["auctions_secondary"]
    return inputs_from(s, pos, off, sec, None)


def from_store(db: Path) -> MonitorInputs:
    """Inputs from a tsy store (everything in it)."""
    from tsy import catalog
    from tsy.config import load_settings
    from tsy.indicators.load import load, load_table

    st = load_settings({"TSY_DB": str(db), "TSY_DATA_DIR": str(db.parent)})
    s = load([i for i in monitor_ids() if i in catalog.CATALOG], settings=st, required=False)

    def table(name: str) -> pd.DataFrame | None:
        try:
            t = load_table(name, settings=st)
        except Exception:
            return None
        return t if len(t) else None

    return inputs_from(
        s, table("positions"), table("auctions"), table("auctions_secondary"), table("when_issued")
    )


def _states(parts: Parts, dates: pd.DatetimeIndex) -> list[str]:
    legs = parts.legs
    if legs is None:
        return ["missing"] * len(dates)
    st = legs["state"].dropna()
    pos = st.index.searchsorted(dates, side="right") - 1
    return [STATE.get(st.iloc[p], "?") if p >= 0 else "missing" for p in pos]


def _fmt(frame: pd.DataFrame) -> str:
    out = frame.rename(columns=SHORT).copy()
    for c in out.columns:
        if out[c].dtype.kind == "f":
            out[c] = out[c].map(lambda v: "  -" if pd.isna(v) else f"{v:3.0f}")
    return out.to_string()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="a tsy store (default: read ../shared/data)")
    here = Path(__file__).resolve().parents[1]
    ap.add_argument("--data", type=Path, default=here.parent / "shared" / "data")
    ap.add_argument("--start", default="2006")
    ap.add_argument("--end", default="2025")
    ap.add_argument("--csv", type=Path, help="write the month-end rows here")
    a = ap.parse_args(argv)
    x = from_store(a.db) if a.db else from_files(a.data)
    parts = build_parts(x)
    me = pd.date_range(f"{a.start}-01-01", f"{a.end}-12-31", freq="BME")
    h = score_history(parts, me)
    h.insert(0, "state", _states(parts, me))
    cols = ["state", "score", *SHORT]
    print(f"Month-ends {a.start}-{a.end}: score (composite) and part scores")
    print(_fmt(h[cols]))
    scored = h["score"].dropna()
    print()
    print(f"month-ends: {len(h)}, scored: {len(scored)}, not enough fresh data: "
          f"{int(h['score'].isna().sum())}")  # fmt: skip
    print(f"median month-end score: {scored.median():.1f} (target < 30); share >= 70: "
          f"{(scored >= 70).mean():.1%}; share >= 90: {(scored >= 90).mean():.1%}")  # fmt: skip
    days_all = parts.daily["score"].loc[f"{a.start}" : f"{a.end}"].dropna()
    by = days_all.groupby(days_all.index.year)
    share = pd.DataFrame(
        {
            "days": by.size(),
            "elevated_pct": by.apply(lambda s: (s >= 40).mean() * 100),
            "high_pct": by.apply(lambda s: (s >= 70).mean() * 100),
        }
    )
    print("\nBusiness days per year: share scored elevated (>= 40) and high (>= 70), %")
    print(share.round(1).T.to_string())
    rows = []
    for name, days in EPISODES.items():
        d = pd.DatetimeIndex(days)
        e = score_history(parts, d)
        e.insert(0, "state", _states(parts, d))
        e.insert(0, "episode", name)
        rows.append(e)
    ep = pd.concat(rows)
    print("\nEpisode library")
    print(_fmt(ep[["episode", *cols]]))
    for day in ("2020-03-18", "2025-04-10"):
        v = ep.loc[pd.Timestamp(day), "score"]
        print(f"{day}: score {v:.0f} (target > 70)")
    vel = parts.velocity
    if vel is not None:
        t = vel.alert_days_per_year()
        t = t[(t["year"] >= int(a.start)) & (t["year"] <= int(a.end))]
        worst = t.loc[t.groupby("year")["pct_days"].idxmax()]
        worst = worst.assign(rule=worst["tenor"] + " " + worst["horizon"].astype(str) + "d")
        any_day = vel.alerts.assign(year=pd.DatetimeIndex(vel.alerts["date"]).year)
        days_any = any_day.groupby("year")["date"].nunique()
        print("\nVelocity: busiest rule of each year (alert days / days) and days with any alert")
        for r in worst.to_dict("records"):
            n_any = int(days_any.get(r["year"], 0))
            print(
                f"  {r['year']}: {r['rule']:>5} {r['alert_days']:3d}/{r['days']} "
                f"({r['pct_days']:4.1f} %); any rule: {n_any} days"
            )
        print(
            f"  largest share of any rule in any year: {t['pct_days'].max():.1f} % (target <= 10)"
        )
    if a.csv:
        h.to_csv(a.csv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
