"""tsy.math."""
