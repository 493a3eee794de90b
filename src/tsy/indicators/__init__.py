"""The read side in one place: point-in-time loading, the indicator registry, studies, monitor.

Layer: above :mod:`tsy.analytics` (pure functions) and :mod:`tsy.store`; below
:mod:`tsy.report`, :mod:`tsy.web` and :mod:`tsy.cli`, which only render what it returns.
"""
