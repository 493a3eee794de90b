"""tsy.report."""
