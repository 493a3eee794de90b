from __future__ import annotations

import pytest

from tests.report._store import shared_store
from tsy.config import Settings


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return shared_store(tmp_path_factory)


@pytest.fixture(scope="session")
def report_data(settings: Settings):
    """Every report section as of the last DGS10 date of the shared store."""
    from tsy.indicators.sections import collect

    return collect(settings=settings)


@pytest.fixture(scope="session")
def reports(report_data) -> dict[str, str]:
    """The rendered report in both languages (charts included)."""
    from tsy.report.html import render_html

    return {lang: render_html(report_data, lang) for lang in ("en", "zh")}
