"""Write stored series to a file whose suffix names the format (``tsy series ID --out FILE``),
or to standard output as csv (``tsy series ID --format csv``, :func:`print_csv`).

:data:`WRITERS` maps a suffix to a writer: ``.csv`` and ``.json`` need nothing more;
``.parquet`` needs ``pyarrow`` and ``.xlsx`` needs ``openpyxl``, both in the optional extra
``pip install 'tsy[export]'``. The frame is written as stored: a ``date`` column (ISO dates in
csv and json) and one float column per series id, missing values empty/null, never 0.

Examples
--------
>>> write_frame(frame, "dgs10.parquet")   # doctest: +SKIP
"""

from __future__ import annotations

import csv
import importlib.util
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import numpy as np

from tsy.errors import InputError
from tsy.outfile import check_out, write_out
from tsy.store import align_arrays
from tsy.units import round_value

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["WRITERS", "print_csv", "write_frame"]


def _csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\n")


def _json(frame: pd.DataFrame, path: Path) -> None:
    frame.to_json(path, orient="records", date_format="iso", date_unit="s", indent=1)
    text = path.read_text(encoding="utf-8").replace("T00:00:00", "")  # dates, not datetimes
    path.write_text(text, encoding="utf-8")


def _parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)


def _xlsx(frame: pd.DataFrame, path: Path) -> None:
    frame.to_excel(path, index=False, sheet_name="tsy")


#: Suffix -> (writer, the module it needs or None).
WRITERS: dict[str, tuple[Callable[[pd.DataFrame, Path], None], str | None]] = {
    ".csv": (_csv, None),
    ".json": (_json, None),
    ".parquet": (_parquet, "pyarrow"),
    ".xlsx": (_xlsx, "openpyxl"),
}


def write_frame(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a date-indexed frame to ``path`` in the format of its suffix; return the path.

    Raises
    ------
    InputError
        An unknown suffix, or a format whose library is not installed (names the extra).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WRITERS:
        raise InputError(f"--out {path.name}: expected a file ending in {', '.join(WRITERS)}")
    writer, needs = WRITERS[suffix]
    if needs is not None and importlib.util.find_spec(needs) is None:
        raise InputError(
            f"writing {suffix} files needs {needs}: pip install 'tsy[export]' (or use .csv)"
        )
    check_out(path, tuple(WRITERS))
    out = frame.copy()
    out.index.name = "date"
    return write_out(path, lambda p: writer(out.reset_index(), p))


def print_csv(columns: Mapping[str, tuple[np.ndarray, np.ndarray]], stream: TextIO) -> None:
    """Print series as csv, without pandas: ``date`` then one column per id, outer-joined.

    The text is the one ``--format csv`` prints for a frame of these series
    (:func:`tsy.cli._common.emit`): ISO dates, each value rounded to its column's machine
    decimals (:func:`tsy.units.round_value`) in its shortest ``repr``, a missing value empty.

    Parameters
    ----------
    columns : mapping of str to (numpy.ndarray, numpy.ndarray)
        Per series id, ascending ``datetime64[D]`` dates and float values, as
        :meth:`tsy.store.Store.read_arrays` gives them.
    stream : text stream
        Where to write (standard output).

    Examples
    --------
    >>> import sys
    >>> days = np.array(["2022-02-11", "2022-02-14", "2022-02-16"], dtype="datetime64[D]")
    >>> weekly = np.array(["2022-02-16"], dtype="datetime64[D]")
    >>> print_csv({"DGS10": (days, np.array([1.92, 1.98, 2.03])),
    ...            "WALCL": (weekly, np.array([8907364.0]))}, sys.stdout)
    date,DGS10,WALCL
    2022-02-11,1.92,
    2022-02-14,1.98,
    2022-02-16,2.03,8907364.0
    """
    days, matrix = align_arrays(columns)
    csv.writer(stream, lineterminator="\n").writerow(["date", *columns])
    texts = [
        ["" if math.isnan(v) else repr(round_value(name, v)) for v in matrix[:, j].tolist()]
        for j, name in enumerate(columns)
    ]
    dates = days.astype(str).tolist()
    stream.write("".join(f"{','.join(row)}\n" for row in zip(dates, *texts, strict=True)))
