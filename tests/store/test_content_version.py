"""The store's persistent content version: the key of on-disk caches of derived results.

It must change with every write that changes observations, table rows or the catalogue, be
the same for every connection and process, and stay put for writes that change no content (an
unchanged re-fetch, the fetch log) so that caches survive an update that brings nothing new.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from tsy.store import open_store

T0 = datetime(2026, 1, 5, tzinfo=UTC)
T1 = datetime(2026, 1, 6, tzinfo=UTC)


def _dgs10(values: list[float]) -> pd.Series:
    # constructed values on three business days (not market data)
    idx = pd.DatetimeIndex(["2025-04-09", "2025-04-10", "2025-04-11"][: len(values)])
    return pd.Series(values, index=idx, dtype=float)


def test_content_version_moves_with_content_only(db_target: str):
    db = db_target
    with open_store(db) as st:
        v0 = st.content_version()
        st.upsert_series("DGS10", _dgs10([4.34, 4.42]), source="file", seen_at=T0)
        v1 = st.content_version()
        assert v1 != v0
        # the same values again write nothing: the version stays
        st.upsert_series("DGS10", _dgs10([4.34, 4.42]), source="file", seen_at=T1)
        # nor does the fetch log, so an update that brings nothing new keeps caches
        st.log_fetch(source="fred", key="DGS10", started=T1, finished=T1, rows=0, status="ok")
        assert st.content_version() == v1
        # a new date, a revision, a new table row: each one raises it
        st.upsert_series("DGS10", _dgs10([4.34, 4.42, 4.48]), source="file", seen_at=T1)
        v2 = st.content_version()
        st.upsert_series("DGS10", _dgs10([4.35, 4.42, 4.48]), source="file", seen_at=T1)
        v3 = st.content_version()
        wi = pd.DataFrame(
            {"cusip": ["91282CMW8"], "auction_date": ["2025-04-08"], "wi_yield": [3.76]}
        )
        st.upsert_table("when_issued", wi, seen_at=T1)
        v4 = st.content_version()
        assert len({v0, v1, v2, v3, v4}) == 5
        st.upsert_table("when_issued", wi, seen_at=T1)
        assert st.content_version() == v4
    # persistent: a new read-only connection (another process, a later day) reads the same
    with open_store(db, readonly=True) as ro:
        assert ro.content_version() == v4
