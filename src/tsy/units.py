"""What a column or key name says about its unit, and to how many decimals its numbers are kept.

Names carry their unit (``yield_pct``, ``chg_1w_bp``, ``amount_usd_bn``; see DESIGN.md).
:data:`KINDS` maps a name to what it holds, checked in order, first match wins. The same rule
rounds every number tsy writes for machines -- ``--format csv``, ``--format json``,
``Result.to_dict()`` and the JSON API (:func:`round_value`) -- and sets the decimals of the text
tables (:mod:`tsy.tabletext`):

=============  ===========  ======================  ===========================================
kind           header unit  table decimals          machine decimals (drops float noise, keeps
                                                    the source's precision and more)
=============  ===========  ======================  ===========================================
percentile     pctile       1                       2
auction rate   %            3 (as Treasury quotes)  3 (Treasury's high yields: 3 decimals)
share          %            1                       3
percent        %            2 (yields)              4 (FRED/Treasury yields: 2 decimals)
bp             bp           1, 0 if all whole       2
USD bn         USD bn       1                       3
days           days         0                       0
z-score        (none)       2                       3
correlation    (none)       2                       3
other number   (none)       by size: 0 from 1,000   6
=============  ===========  ======================  ===========================================

A number under a key of no known kind takes the kind of the nearest enclosing key that has one
(``{"be_10y_pct": {"2024-01-02": 2.26}}`` is a percent): see :func:`kind_within`.

This module imports nothing of tsy, pandas or numpy.

Examples
--------
>>> round_value("be_10y_pct", 4.33 - 2.07)   # 2.2600000000000002
2.26
>>> round_value("chg_1m_bp", 4.999999999999982)
5.0
>>> round_value("z", 3.722931569434004)
3.723
>>> round_value("value", 4.440892098500626e-14)
0.0
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["KINDS", "OTHER", "Kind", "kind_of", "kind_within", "round_value"]


@dataclass(frozen=True)
class Kind:
    """What a column holds: the unit shown in its header and its decimals."""

    name: str
    unit: str  #: shown as "(unit)" after the header; "" for none
    places: int | None  #: decimals in tables (None: by the size of each value)
    csv_places: int  #: decimals in csv and json
    strip: str = ""  #: regex of the name's unit suffix, dropped from the header


#: Name pattern -> kind, checked in order (first match wins).
KINDS: tuple[tuple[str, Kind], ...] = (
    (
        r"^(pct|percentile|pctile)(_.*)?$|_(pct|bp|bn)_pct$|^bid_to_cover_pct$|^[A-Z0-9]+_pct$"
        r"|^pct_|_percentile$|_pctile$",
        Kind("percentile", "pctile", 1, 2, r"(_(pct|bp|bn))?_pct$|_percentile$|_pctile$|^pct_"),
    ),
    (r"^high_(pct|rate_pct|yield_pct)$", Kind("rate", "%", 3, 3, r"_pct$")),
    (r"(direct|indirect|dealer)(_share)?_pct$", Kind("share", "%", 1, 3, r"_pct$")),
    (r"_(pct|pp)$", Kind("percent", "%", 2, 4, r"_pct$")),
    (r"_bp$", Kind("bp", "bp", 1, 2, r"_bp$")),
    (r"_(usd_)?bn$", Kind("usd_bn", "USD bn", 1, 3, r"_(usd_)?bn$")),
    (r"_days$|^days$", Kind("days", "days", 0, 0, r"_days$")),
    (r"^(z|zscore|z_score)$|_z$|^z_|_zscore$", Kind("z", "", 2, 3)),
    (r"^corr$|^corr_|_corr$|_corr_", Kind("corr", "", 2, 3)),
)
#: A number of no known kind: by its size in tables, 6 decimals in csv and json.
OTHER = Kind("number", "", None, 6)


@lru_cache(maxsize=4096)
def kind_of(name: str) -> Kind:
    """The :class:`Kind` of a column named ``name`` (``OTHER`` when no pattern matches)."""
    for pattern, kind in KINDS:
        if re.search(pattern, name):
            return kind
    return OTHER


def kind_within(name: str | None, outer: Kind = OTHER) -> Kind:
    """The kind of a key ``name`` inside a key of kind ``outer``: its own, else the outer one."""
    if name is None:
        return outer
    kind = kind_of(name)
    return outer if kind is OTHER else kind


def round_value(name: str | Kind | None, value: Any) -> Any:
    """A float rounded to its kind's machine decimals; anything else unchanged.

    Parameters
    ----------
    name : str, Kind or None
        The column or key naming the value (its :class:`Kind` decides), or the kind itself.
    value : Any
        Non-floats and non-finite floats are returned as they are.

    Returns
    -------
    float or Any
        ``round(value, kind.csv_places)``, whose shortest repr has at most that many decimals
        (Python's ``round`` is correctly rounded); ``-0.0`` becomes ``0.0``.
    """
    if not isinstance(value, float) or not math.isfinite(value):
        return value
    kind = name if isinstance(name, Kind) else OTHER if name is None else kind_of(name)
    return round(value, kind.csv_places) + 0.0  # + 0.0 turns -0.0 into 0.0
