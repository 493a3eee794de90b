"""``python -m tsy.cli``: the ``tsy`` command."""

from tsy.cli.root import main

main()
