"""Help text people can read: dates shown as ``YYYY-MM-DD``, flags without a ``<bool>`` type.

Typer prints every option's Python type in ``--help`` (``--full <bool>``, ``--since <str>``).
:func:`plain_help` walks the built click command tree once and sets the shown value name
(``metavar``): nothing for flags, ``YYYY-MM-DD`` for the date options in :data:`DATE_OPTIONS`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DATE_OPTIONS", "plain_help"]

#: Parameter names (click's, underscores) that take a date, parsed by :mod:`tsy.dates`.
DATE_OPTIONS = frozenset(
    {"since", "as_of", "start", "end", "until", "dated", "maturity", "settle", "first_coupon"}
)


def plain_help(command: Any) -> Any:
    """Set readable value names on every option of ``command`` and its subcommands."""
    import click

    helper = command.get_help_option(click.Context(command))  # built once, then cached
    params = [*getattr(command, "params", ()), *([helper] if helper is not None else [])]
    for param in params:
        if getattr(param, "is_flag", False):
            param.metavar = ""
        elif param.name in DATE_OPTIONS:
            param.metavar = "YYYY-MM-DD"
    for sub in getattr(command, "commands", {}).values():
        plain_help(sub)
    return command
