"""Independent readers of the raw CSV files in ../shared/data (csv module, no tsy code).

Used to check the monitor's definitions against a computation that shares nothing with them.
"""

from __future__ import annotations

import csv
import math
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@cache
def raw(series_id: str) -> dict[str, float]:
    """``{iso date: value}`` of ``fred/ID.csv`` or ``market/ID.csv`` (blank rows skipped)."""
    for folder in ("fred", "market"):
        p = DATA / folder / f"{series_id}.csv"
        if p.is_file():
            with p.open(newline="") as fh:
                rows = list(csv.reader(fh))[1:]
            return {r[0]: float(r[1]) for r in rows if len(r) > 1 and r[1] not in ("", ".")}
    raise FileNotFoundError(series_id)


def stdev(xs: list[float]) -> float:
    """Sample standard deviation (n - 1), written out."""
    m = sum(xs) / len(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def median(xs: list[float]) -> float:
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def auction_rows(name: str) -> list[dict[str, str]]:
    """Rows of a CSV under ``treasury/auctions`` as dicts."""
    with (DATA / "treasury" / "auctions" / name).open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))
