"""The one result protocol of tsy's analyses: frozen results that print, serialise and tabulate.

Every result class (``CrossAssetResult``, ``TenorTable``, ``MonitorResult``, ...) is a frozen
dataclass deriving from :class:`Result`, which gives it

* ``summary()`` -- plain text (each class writes its own);
* ``to_dict()`` -- plain JSON values (``json.dumps(result.to_dict())`` always works): tables as
  lists of records, dates as ISO strings, NaN as None, floats rounded to the precision of the
  unit their name states (:mod:`tsy.units`); by default every field;
* ``to_frame()`` -- the main table, where the result is tabular (:attr:`Result._frame`);
* a short ``__repr__`` (class name and the first line of the summary) and ``_repr_html_`` for
  notebooks (the summary and the head of the main table).

:func:`jsonable` is the one converter from pandas/numpy values to JSON values (the CLI's
``--format json`` and the web API use it too); it rounds every float to the precision its name
states (:mod:`tsy.units`), so no output carries float noise.
"""

from __future__ import annotations

import contextlib
import html
import math
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from tsy.units import Kind, kind_within, round_value

__all__ = ["Result", "iso", "jsonable", "records"]

_INF = (math.inf, -math.inf)


def iso(value: Any) -> Any:
    """A date as ``YYYY-MM-DD`` (or a full ISO timestamp when it has a time); others unchanged."""
    if isinstance(value, pd.Timestamp | np.datetime64):
        ts = pd.Timestamp(value)
        if ts is pd.NaT:
            return None
        return ts.date().isoformat() if ts == ts.normalize() else ts.isoformat()
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame as records (its index becomes columns unless it is a plain range)."""
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    return [{str(k): iso(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def jsonable(value: Any, key: str | None = None, *, rounded: bool = True) -> Any:
    """Convert pandas/numpy scalars and containers to plain JSON values (NaN -> null, dates ISO).

    Results (anything with ``to_dict``) become their ``to_dict()``; dataclasses their fields.

    Parameters
    ----------
    value : Any
    key : str, optional
        The name of ``value`` (a column or key name with its unit, e.g. ``be_10y_pct``).
    rounded : bool
        Round every float to the machine decimals of its kind (:func:`tsy.units.round_value`),
        the kind read from the nearest enclosing key that names one (a frame's column, a
        dict's key): float noise such as ``2.2600000000000002`` never reaches a reader.

    Examples
    --------
    >>> jsonable({"be_10y_pct": [4.33 - 2.07], "z": np.float64(3.722931569434004)})
    {'be_10y_pct': [2.26], 'z': 3.723}
    """
    return _plain(value, kind_within(key), rounded)


def _plain(value: Any, kind: Kind, rounded: bool) -> Any:
    # the common cases first: long series are lists of floats (round_value, inlined)
    if type(value) is float:
        if value != value or value in _INF:
            return None
        return round(value, kind.csv_places) + 0.0 if rounded else value
    if type(value) is list:
        return [_plain(v, kind, rounded) for v in value]
    if type(value) is str or value is None:
        return value
    if isinstance(value, Result):
        value = value.to_dict()
    if isinstance(value, Mapping):
        return {str(k): _plain(v, kind_within(str(k), kind), rounded) for k, v in value.items()}
    if isinstance(value, pd.DataFrame):
        return [_plain(r, kind, rounded) for r in records(value)]
    if isinstance(value, pd.Series):
        inner = kind_within(None if value.name is None else str(value.name), kind)
        return {iso(k): _plain(v, inner, rounded) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        return [_plain(v, kind, rounded) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name), kind_within(f.name, kind), rounded)
            for f in fields(value)
        }
    if isinstance(value, pd.Timestamp | np.datetime64):
        return iso(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, Enum):
        return value.value
    return round_value(kind, value) if rounded else value


class Result:
    """Mixin of the result protocol (see the module docstring)."""

    #: Name of the field (or zero-argument method) holding the main table, if any; set with
    #: ``class X(Result, frame="table")``.
    _frame: ClassVar[str | None] = None

    def __init_subclass__(cls, frame: str | None = None, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if frame is not None:
            cls._frame = frame

    def summary(self) -> str:  # pragma: no cover - every result writes its own
        """Plain-text summary."""
        return type(self).__name__

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain JSON values."""
        return {
            f.name: jsonable(getattr(self, f.name), f.name)
            for f in fields(self)  # type: ignore[arg-type]
        }

    def to_frame(self) -> pd.DataFrame:
        """The main table (``TypeError`` when the result has none)."""
        if self._frame is None:
            raise TypeError(f"{type(self).__name__} is not tabular")
        value = getattr(self, self._frame)
        frame = value() if callable(value) else value
        return frame.copy() if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)

    def __repr__(self) -> str:
        try:
            head = self.summary().strip().splitlines()[0] if self.summary().strip() else ""
        except Exception:  # a repr never raises
            head = ""
        head = head if len(head) <= 100 else head[:97] + "..."
        return f"<{type(self).__name__}: {head}>" if head else f"<{type(self).__name__}>"

    def _repr_html_(self) -> str:
        body = f"<pre>{html.escape(self.summary())}</pre>"
        if self._frame is not None:
            with contextlib.suppress(Exception):  # a notebook view never raises
                body += self.to_frame().head(20).to_html()
        return f"<div><strong>{html.escape(type(self).__name__)}</strong>{body}</div>"
