"""tsy.store."""
