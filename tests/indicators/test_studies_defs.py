"""The studies are declarations: their catalogue ids are spelled only in
:mod:`tsy.indicators.studies_defs`, and the glue (:mod:`tsy.indicators.studies`) holds none."""

from __future__ import annotations

from pathlib import Path

from tests.layout.test_no_catalogue_ids import ids_in
from tsy.analytics import curves, metals
from tsy.indicators import studies, studies_defs


def test_the_study_glue_names_no_catalogue_id():
    assert ids_in(Path(studies.__file__)) == set()


def test_the_declarations_read_what_the_analytics_expect():
    # the curve analytics take role-named inputs; the declarations give every role an id
    assert tuple(studies_defs.CURVE_TENORS) == curves.TENORS
    assert sorted(studies_defs.CURVE_MONITOR.series) == curves.required_roles()
    assert set(studies_defs.NAMES) >= set(curves.required_roles())
    assert set(metals.METALS) == set(studies_defs.METAL_IDS)


def test_each_study_reads_its_inputs_by_role():
    for ind in studies_defs.STUDIES:
        assert ind.series and all(not r.isupper() for r in ind.series), ind.name
        assert set(ind.required) <= set(ind.series), ind.name
