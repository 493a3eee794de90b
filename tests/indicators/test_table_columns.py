"""Indicators that declare the columns they read of a table get only those from the store.

The auction analyses read the official ``auctions`` table (115 Fiscal Data fields) only
through ``normalise_official``; reading its :data:`OFFICIAL_FIELDS` alone must give the same
per-auction metrics and the same signals and ranks as the whole table, on the real shared
files (treasury/auctions: Fiscal Data exports 1979-2026).
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.report._store import shared_store
from tsy.analytics.auction_signals import auction_signals
from tsy.analytics.auctions import OFFICIAL_FIELDS, auction_quality, normalise_official
from tsy.indicators import monitor_defs, registry
from tsy.indicators.load import load_table
from tsy.indicators.registry import Indicator


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return shared_store(tmp_path_factory)


def test_auction_fields_give_the_same_metrics_as_the_whole_table(settings):
    whole = load_table("auctions", settings=settings)
    few = load_table("auctions", settings=settings, columns=OFFICIAL_FIELDS)
    assert whole.shape[1] > 100 and few.shape[1] <= len(OFFICIAL_FIELDS) + 1
    assert len(whole) == len(few) > 10_000
    pd.testing.assert_frame_equal(normalise_official(few), normalise_official(whole))
    secondary = load_table("auctions_secondary", settings=settings)
    when = pd.Timestamp("2025-04-10")
    a = auction_signals(few, secondary=secondary).summary(when)
    b = auction_signals(whole, secondary=secondary).summary(when)
    assert a == b and "auction" in a.lower()
    pd.testing.assert_frame_equal(
        auction_signals(few, secondary=secondary).table,
        auction_signals(whole, secondary=secondary).table,
    )
    pd.testing.assert_frame_equal(
        auction_quality(few, secondary=secondary).table,
        auction_quality(whole, secondary=secondary).table,
    )


def test_monitor_reads_only_the_declared_auction_fields(settings):
    inds = [registry.get("auctions"), registry.get("auction_quality")]
    inputs = registry.load_inputs(inds, settings=settings)
    got = inputs.tables["auctions"]
    assert set(got.columns) <= set(OFFICIAL_FIELDS)
    assert {"cusip", "auction_date", "high_yield", "comp_accepted"} <= set(got.columns)
    # a reader of the same table that declares no columns makes it read whole
    whole_reader = Indicator("t", "t", "t", "x", lambda **kw: None, tables={"auctions": "auctions"})
    both = registry.load_inputs([*inds, whole_reader], settings=settings)
    assert both.tables["auctions"].shape[1] > 100
    assert monitor_defs._AUCTION_COLUMNS == {"auctions": OFFICIAL_FIELDS}


def test_columns_must_name_table_roles():
    with pytest.raises(ValueError, match="not table roles"):
        Indicator("t", "t", "t", "x", lambda **kw: None, columns={"auctions": ("cusip",)})
