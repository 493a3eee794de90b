"""Checks of float noise in machine output, and values read from the shared CSV files."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import Any

from tests.conftest import DATA

#: A float written with more than 6 decimals, or in scientific notation.
NOISE = re.compile(r"(?<![\w.])-?\d+\.\d{7,}|(?<![\w#])-?\d(\.\d+)?e[-+]?\d+", re.IGNORECASE)


def fred_value(series_id: str, date: str) -> float:
    """The value of ``data/fred/ID.csv`` on ``date`` (csv module, no tsy code)."""
    with (DATA / "fred" / f"{series_id}.csv").open(newline="") as fh:
        rows = {r[0]: r[1] for r in csv.reader(fh)}
    return float(rows[date])


def floats(value: Any, key: str | None = None) -> Iterator[tuple[str | None, float]]:
    """Every ``(key, float)`` of a parsed JSON value (the key that holds it)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from floats(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from floats(v, key)
    elif isinstance(value, float):
        yield key, value


def decimals(x: float) -> int:
    text = repr(x)
    assert "e" not in text, text
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def assert_no_noise(payload: Any) -> None:
    """No float of ``payload`` has more than 6 decimals; percents 4, bp 2 (tsy.units)."""
    found = list(floats(payload))
    assert found, "no numbers at all"
    for key, x in found:
        assert decimals(x) <= 6, (key, x)
        if key and key.endswith("_bp"):
            assert decimals(x) <= 2, (key, x)
        elif key and re.search(r"_(pct|pp)$", key):
            assert decimals(x) <= 4, (key, x)
