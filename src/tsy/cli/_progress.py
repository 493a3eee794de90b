"""A progress bar on stderr for commands that work through many files (``tsy import``).

One bar, advanced per file, the file just done and its status beside it; it disappears when the
work is done (the command then prints its table). Nothing is drawn with ``quiet`` or when stderr
is not a terminal, so scripts and pipes see only the command's output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["file_progress"]


@contextmanager
def file_progress(
    console: Any, total: int, *, quiet: bool = False, what: str = "files"
) -> Iterator[Callable[[Any], None]]:
    """Yield ``done(outcome)``, to call once per finished file (``outcome.file``, ``.status``).

    Parameters
    ----------
    console : rich.console.Console
        Where to draw (the stderr console).
    total : int
        Number of files.
    quiet : bool
        Draw nothing.
    """
    if quiet or not console.is_terminal or total <= 0:
        yield lambda outcome: None
        return
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn(f"importing {what}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=total)

        def done(outcome: Any) -> None:
            # The file's name, not its path: a long path would be cropped at 80 columns.
            name = getattr(outcome.file, "name", None) or str(outcome.file).rsplit("/", 1)[-1]
            label = f"{escape(name)} ({outcome.status})"
            bar.update(task, advance=1, description=label)

        yield done
