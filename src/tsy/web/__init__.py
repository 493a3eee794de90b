"""tsy.web."""
