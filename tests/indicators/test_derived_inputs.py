"""Derived inputs: a preparation two indicators share is computed once per read of the inputs.

Both auction analyses of the monitor start from :func:`normalise_official` of the official
``auctions`` table (the real shared files: treasury/auctions, Fiscal Data exports 1979-2026);
the registry computes it once per :class:`~tsy.indicators.registry.Inputs` and hands the same
frame to both, and handing it in gives the same signals and ranks as normalising inside.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.report._store import shared_store
from tsy.analytics.auction_signals import auction_signals
from tsy.analytics.auctions import auction_quality, normalise_official
from tsy.indicators import monitor_defs, registry
from tsy.indicators.registry import Indicator, Inputs


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return shared_store(tmp_path_factory)


def test_a_shared_preparation_runs_once_per_inputs():
    calls: list[int] = []

    def prepare(t: pd.DataFrame) -> pd.DataFrame:
        calls.append(len(t))
        return t.assign(double=t["x"] * 2)

    def make(name: str) -> Indicator:
        return Indicator(
            name, name, name, "x", lambda **kw: kw["prepared"]["double"].sum(),
            tables={"t": "t"}, derived={"prepared": ("t", prepare)},
        )  # fmt: skip

    a, b = make("a_derived"), make("b_derived")
    inputs = Inputs(None, {}, {"t": pd.DataFrame({"x": [1.0, 2.0, 3.0]})})
    # 2 * (1 + 2 + 3) = 12, for both, from one preparation
    assert registry.evaluate(a, inputs).result == pytest.approx(12.0, abs=0)
    assert registry.evaluate(b, inputs).result == pytest.approx(12.0, abs=0)
    assert calls == [3]
    # another read of the inputs prepares again; a missing source gives None
    again = Inputs(None, {}, {"t": pd.DataFrame({"x": [1.0]})})
    assert registry.evaluate(a, again).result == pytest.approx(2.0, abs=0)
    assert calls == [3, 1]
    assert Inputs(None, {}, {}).for_indicator(a)["prepared"] is None


def test_a_derived_role_needs_a_source_role():
    with pytest.raises(ValueError, match="derived roles"):
        Indicator("bad", "b", "b", "x", lambda **kw: None, derived={"p": ("nope", len)})
    with pytest.raises(ValueError, match="derived roles"):
        Indicator(
            "clash", "c", "c", "x", lambda **kw: None,
            tables={"t": "t"}, derived={"t": ("t", len)},
        )  # fmt: skip


def test_the_auction_analyses_share_one_normalised_table(settings):
    inds = [registry.get("auctions"), registry.get("auction_quality")]
    inputs = registry.load_inputs(inds, settings=settings)
    one = inputs.for_indicator(inds[0])["auctions_official"]
    assert one is inputs.for_indicator(inds[1])["auctions_official"]
    assert {"auctions_official": ("auctions", normalise_official)} == monitor_defs._AUCTION_DERIVED
    raw, sec = inputs.tables["auctions"], inputs.tables["auctions_secondary"]
    pd.testing.assert_frame_equal(one, normalise_official(raw), check_exact=True)
    before = one.copy()
    pd.testing.assert_frame_equal(
        auction_signals(raw, secondary=sec, official=one).table,
        auction_signals(raw, secondary=sec).table,
        check_exact=True,
    )
    pd.testing.assert_frame_equal(
        auction_quality(raw, secondary=sec, official=one).table,
        auction_quality(raw, secondary=sec).table,
        check_exact=True,
    )
    pd.testing.assert_frame_equal(one, before, check_exact=True)  # not modified
