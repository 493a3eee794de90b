"""tsy.sources."""
