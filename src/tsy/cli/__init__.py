"""CLI sub-command groups, each a Typer app mounted by :mod:`tsy.cli`."""
