"""tsy.analytics."""
