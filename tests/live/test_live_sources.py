"""Live checks against the real providers. Marked ``network`` and off by default; run with
``pytest -m network tests/live`` on a machine with internet. They assert shapes and sanity
ranges only: live values change every day."""

from __future__ import annotations

import pandas as pd
import pytest

from tsy.config import load_settings
from tsy.http import HttpClient
from tsy.sources import fred, nyfed

pytestmark = pytest.mark.network

AS_OF = pd.Timestamp.today().normalize()


@pytest.fixture(scope="module")
def client():
    settings = load_settings()
    with HttpClient(settings) as c:
        yield c, settings


def test_fred_dgs10_last_month(client):
    c, settings = client
    s = fred.fetch(c, settings, "DGS10", AS_OF - pd.Timedelta(days=30))
    assert len(s) >= 10 and s.between(0, 20).all()


def test_nyfed_sofr_last_week(client):
    c, settings = client
    parsed = nyfed.fetch_rates(c, settings, AS_OF - pd.Timedelta(days=7), AS_OF)
    assert "SOFR_NYFED" in parsed.series and len(parsed.series["SOFR_NYFED"]) >= 1
