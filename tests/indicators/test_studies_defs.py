"""The studies are declarations: their catalogue ids are spelled only in
:mod:`tsy.indicators.studies_defs`, and the glue (:mod:`tsy.indicators.studies`) holds none."""

from __future__ import annotations

from pathlib import Path

from tests.layout.test_no_catalogue_ids import ids_in
from tsy.analytics import curves, metals
from tsy.indicators import studies, studies_defs


def test_the_study_glue_names_no_catalogue_id():
    assert ids_in(Path(studies.__file__)) == set()


def test_the_declarations_read_what_the_first_edition_analytics_expect():
    # curves is still keyed by id (tests/layout PENDING); the ids their
    # tables name are the ones declared for the roles, until they take role-named inputs
    tenors = {t: (ids.nominal, ids.real) for t, ids in curves.TENORS.items()}
    assert tenors == studies_defs.CURVE_TENORS
    assert set(studies_defs.CURVE_MONITOR.series.values()) == set(curves.required_ids())
    assert set(metals.METALS) == set(studies_defs.METAL_IDS)


def test_each_study_reads_its_inputs_by_role():
    for ind in studies_defs.STUDIES:
        assert ind.series and all(not r.isupper() for r in ind.series), ind.name
        assert set(ind.required) <= set(ind.series), ind.name
