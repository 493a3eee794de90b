"""The ``tsy`` command line: the root app (:mod:`tsy.cli.root`) and one module per command group.

Shared options (``--as-of``, ``--start``, ``--end``, ``--format``) are declared once in
:mod:`tsy.cli._common`.
"""

from __future__ import annotations

from tsy.cli.root import app, main

__all__ = ["app", "main"]
