from __future__ import annotations

import pytest

from tests.report._store import shared_store
from tsy.config import Settings


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return shared_store(tmp_path_factory)


@pytest.fixture(scope="session")
def app(settings: Settings):
    """The app over the shared store (no background warm-up: tests stay deterministic)."""
    from tsy.web.app import create_app

    return create_app(settings, warm=False)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
