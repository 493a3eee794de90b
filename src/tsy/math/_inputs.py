"""Input handling shared by the math modules: dates to day numbers, checks, output shape.

Every public math function accepts scalars, sequences, NumPy arrays or pandas objects. Inputs are
broadcast together; a scalar call returns a Python float, an array call an ``ndarray`` of the
broadcast shape, and a call with a ``pandas.Series`` among its inputs a Series on that index.

Bad input raises :class:`tsy.errors.InputError` naming the argument, the first offending index
(for arrays) and what was expected, unless ``errors="coerce"`` is passed, which puts NaN there.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from tsy.errors import InputError

__all__ = [
    "Errors",
    "Checker",
    "as_days",
    "as_float",
    "days_to_date",
    "is_scalar_input",
    "wrap",
]

Errors = Literal["raise", "coerce"]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: ``date.toordinal()`` of 1970-01-01: ordinal minus this is the day number.
EPOCH_ORDINAL = 719163


def is_scalar_input(*values: Any) -> bool:
    """True when every input is a scalar (number, string, date), so the call returns a float."""
    return all(np.ndim(v) == 0 and not isinstance(v, pd.Series | pd.Index) for v in values)


def _series_index(values: tuple[Any, ...]) -> pd.Index | None:
    for v in values:
        if isinstance(v, pd.Series):
            return v.index
    return None


def as_float(name: str, value: Any) -> FloatArray:
    """Convert a number or array-like to a float array; text that is not a number is an error."""
    if isinstance(value, pd.Series | pd.Index):
        value = value.to_numpy()
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be a number or an array of numbers, got {value!r}") from exc


def _one_day(name: str, value: Any) -> np.int64:
    if value is None or value is pd.NaT:
        return np.int64(np.iinfo(np.int64).min)
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return np.int64(np.iinfo(np.int64).min)
        return np.int64(value.astype("datetime64[D]").astype(np.int64))
    if isinstance(value, _dt.datetime | pd.Timestamp):
        value = value.date()
    if isinstance(value, _dt.date):
        return np.int64(value.toordinal() - EPOCH_ORDINAL)
    if isinstance(value, str):
        try:
            return np.int64(_dt.date.fromisoformat(value.strip()[:10]).toordinal() - EPOCH_ORDINAL)
        except ValueError as exc:
            raise InputError(f"{name} = {value!r} is not a date; expected YYYY-MM-DD") from exc
    if isinstance(value, float) and np.isnan(value):
        return np.int64(np.iinfo(np.int64).min)
    raise InputError(f"{name} = {value!r} is not a date; expected YYYY-MM-DD, date or datetime64")


def as_days(name: str, value: Any) -> IntArray:
    """Convert dates (str, date, datetime64, Timestamp, or arrays/Series of them) to day numbers.

    Day numbers count days since 1970-01-01 (the integer view of ``datetime64[D]``). A missing
    date (NaT, None, NaN) becomes ``iinfo(int64).min``, which the callers treat as bad input.
    """
    if isinstance(value, pd.Series | pd.Index):
        value = value.to_numpy()
    if isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.datetime64):
        days = value.astype("datetime64[D]")
        out = days.astype(np.int64)
        return np.where(np.isnat(days), np.iinfo(np.int64).min, out)
    if np.ndim(value) == 0:
        return np.asarray(_one_day(name, value), dtype=np.int64)
    arr = np.asarray(value, dtype=object)
    flat = []
    for i, v in enumerate(arr.ravel()):
        try:
            flat.append(_one_day(name, v))
        except InputError:
            where = _position(np.unravel_index(i, arr.shape))
            raise InputError(
                f"{name}[{where}] = {v!r} is not a date; expected YYYY-MM-DD, date or datetime64 "
                "(first offending index)"
            ) from None
    return np.asarray(flat, dtype=np.int64).reshape(arr.shape)


def days_to_date(days: int) -> _dt.date:
    """Day number (days since 1970-01-01) back to a ``datetime.date``."""
    return _dt.date.fromordinal(int(days) + EPOCH_ORDINAL)


NAT_DAYS = np.iinfo(np.int64).min


class Checker:
    """Collect bad-input masks for one call, then raise or coerce.

    Parameters
    ----------
    errors : {"raise", "coerce"}
    scalar : bool
        Whether the call was made with scalars only (messages then omit the index).
    shape : tuple
        Broadcast shape of the call.
    """

    def __init__(self, errors: Errors, scalar: bool, shape: tuple[int, ...]) -> None:
        if errors not in ("raise", "coerce"):
            raise InputError(f"errors must be 'raise' or 'coerce', got {errors!r}")
        self.errors = errors
        self.scalar = scalar
        self.shape = shape
        self.bad = np.zeros(shape, dtype=bool)
        self._found: list[tuple[int, str, Any, str]] = []

    def check(self, name: str, values: Any, bad: Any, why: str) -> None:
        """Flag ``bad`` positions of argument ``name`` (raised or coerced by :meth:`finish`)."""
        mask = np.broadcast_to(np.asarray(bad, dtype=bool), self.shape)
        if not mask.any():
            return
        first = int(np.argmax(mask.reshape(-1)))
        self._found.append((first, name, values, why))
        self.bad = self.bad | mask

    def finish(self) -> None:
        """Raise for the first offending index over all checks, unless coercing."""
        if self.errors == "coerce" or not self._found:
            return
        first, name, values, why = min(self._found, key=lambda item: item[0])
        vals = np.broadcast_to(np.asarray(values), self.shape)
        if self.scalar:
            raise InputError(f"{name} = {_show(vals.reshape(-1)[0])}: {why}")
        idx = np.unravel_index(first, self.shape)
        where = _position(idx)
        raise InputError(f"{name}[{where}] = {_show(vals[idx])}: {why} (first offending index)")

    def nan_checks(self, **arrays: FloatArray) -> None:
        """Reject NaN in the named float arguments."""
        for name, arr in arrays.items():
            self.check(name, arr, np.isnan(arr), "is NaN; expected a number")

    def date_checks(self, **arrays: IntArray) -> None:
        """Reject missing dates in the named day-number arguments."""
        for name, arr in arrays.items():
            self.check(name, _shown_dates(arr), arr == NAT_DAYS, "is missing; expected a date")


def _position(idx: tuple[Any, ...]) -> str:
    """An array position as text: ``2`` for 1-D, ``1, 0`` for 2-D (plain ints, no NumPy reprs)."""
    return ", ".join(str(int(i)) for i in idx)


def _shown_dates(days: IntArray) -> npt.NDArray[Any]:
    out = np.where(days == NAT_DAYS, np.datetime64("NaT"), days.astype("datetime64[D]"))
    return np.asarray(out)


def _show(value: Any) -> str:
    if isinstance(value, np.datetime64):
        return "NaT" if np.isnat(value) else str(value.astype("datetime64[D]"))
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value)


def wrap(result: FloatArray, inputs: tuple[Any, ...], scalar: bool) -> Any:
    """Return ``result`` as a float (scalar call), a Series (a Series input) or an ndarray."""
    if scalar:
        return float(np.asarray(result).reshape(-1)[0])
    index = _series_index(inputs)
    if index is not None and np.ndim(result) == 1 and len(index) == len(result):
        return pd.Series(result, index=index)
    return result
