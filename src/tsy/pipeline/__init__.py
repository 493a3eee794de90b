"""The write side's glue: fetch (:mod:`.update`) or import (:mod:`.importer`) into the store.

Layer: above :mod:`tsy.sources` and :mod:`tsy.store`; nothing of the read side is imported.
"""
