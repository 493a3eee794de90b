"""`tsy update` end to end: real client, real parser, real store (both engines), local FRED
look-alike.

Expected values come from the real FRED files in ../shared/data/fred (see MANIFEST.md anchors):
DGS10 2022-02-11 = 1.92, DFII10 = -0.51, T10YIE = 2.43; DGS10 4.01 on 2025-04-04, 4.48 on
2025-04-11.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import raw_sql
from tests.fakeserver import fake_fred
from tsy.config import load_settings
from tsy.errors import InputError, StoreError
from tsy.http import HttpClient
from tsy.pipeline.update import plan, run_update
from tsy.store import open_store

IDS = ["DGS10", "DFII10", "T10YIE", "DGS5"]


def _settings(srv, db_target):
    return load_settings({"TSY_FRED_URL": srv.url, "TSY_DB": db_target, "TSY_FRED_RPS": "1000"})


def _client(settings):
    return HttpClient(settings, sleep=lambda s: None)


def test_full_then_incremental_then_revision(tmp_path, db_target):
    with fake_fred() as srv:
        settings = _settings(srv, db_target)
        with open_store(settings.db) as store:
            rep = run_update(store, settings, IDS, jobs=[], client=_client(settings))
            assert not rep.failed
            by = {o.name: o for o in rep.outcomes}
            assert by["DGS10"].new > 16000  # data/fred/DGS10.csv holds 16,144 observations
            s = store.read_series("DGS10")
            assert s.loc["2022-02-11"] == pytest.approx(1.92)
            assert store.read_series("DFII10").loc["2022-02-11"] == pytest.approx(-0.51)
            assert store.read_series("T10YIE").loc["2022-02-11"] == pytest.approx(2.43)
            assert s.loc["2025-04-04"] == pytest.approx(4.01)
            assert s.loc["2025-04-11"] == pytest.approx(4.48)
            last = store.last_date("DGS10")

            # second run: nothing new, asks only for the last 30 days (revision window)
            srv.requests.clear()
            rep2 = run_update(store, settings, IDS, jobs=[], client=_client(settings))
            assert sum(o.new for o in rep2.outcomes) == 0
            assert sum(o.revised for o in rep2.outcomes) == 0
            want = (last - pd.Timedelta(days=30)).date().isoformat()
            assert any(f"id=DGS10&cosd={want}" in r for r in srv.requests)

            # FRED revises a value inside the window: it is updated and the old one kept
            raw = tmp_path / "dgs10.csv"
            lines = srv.body("DGS10", None).decode().splitlines()
            d, v = lines[-1].split(",")
            lines[-1] = f"{d},{float(v) + 0.01:.2f}"
            raw.write_text("\n".join(lines) + "\n")
            srv.overrides["DGS10"] = raw.read_bytes()
            rep3 = run_update(store, settings, ["DGS10"], jobs=[], client=_client(settings))
            assert rep3.outcomes[0].revised == 1 and rep3.outcomes[0].new == 0
            rev = store.revisions("DGS10")
            assert len(rev) == 1
            assert float(rev["old_value"].iloc[0]) == pytest.approx(float(v))
            assert store.read_series("DGS10").iloc[-1] == pytest.approx(float(v) + 0.01)


def test_one_failure_does_not_stop_others_and_writes_nothing(db_target):
    with fake_fred() as srv:
        settings = _settings(srv, db_target)
        srv.faults["DFII10"] = ["html"]
        with open_store(settings.db) as store:
            rep = run_update(store, settings, IDS, jobs=[], client=_client(settings))
            failed = {o.name: o for o in rep.failed}
            assert list(failed) == ["DFII10"]
            assert "HTML" in failed["DFII10"].error and "DFII10" in failed["DFII10"].error
            assert store.last_date("DFII10") is None
            assert store.read_series("DGS10").loc["2022-02-11"] == pytest.approx(1.92)
            log = store.fetch_log()
            assert set(log.loc[log.status == "failed", "key"]) == {"DFII10"}


def test_fault_mid_series_leaves_store_exactly_as_it_was(db_target):
    with fake_fred() as srv:
        settings = _settings(srv, db_target)
        with open_store(settings.db) as store:
            run_update(store, settings, ["DGS10"], jobs=[], client=_client(settings))
            before = store.read_series("DGS10")
            for fault in ("truncated", "badheader", "html", "500"):
                srv.faults["DGS10"] = [fault] * 10
                client = HttpClient(settings, sleep=lambda s: None, retries=1)
                rep = run_update(store, settings, ["DGS10"], full=True, jobs=[], client=client)
                assert rep.failed and rep.failed[0].name == "DGS10", fault
                pd.testing.assert_series_equal(store.read_series("DGS10"), before)
            assert len(store.revisions("DGS10")) == 0


def test_plan_unknown_id_and_full_and_since(db_target):
    with fake_fred() as srv:
        settings = _settings(srv, db_target)
        with open_store(settings.db) as store:
            with pytest.raises(InputError, match="unknown series id .DGS99."):
                plan(store, settings, ["DGS99"], jobs=[])
            tasks = plan(store, settings, ["DGS10"], full=True, jobs=[])
            assert tasks[0].since is None
            tasks = plan(store, settings, ["DGS10"], since=pd.Timestamp("2025-01-02"), jobs=[])
            assert tasks[0].since == pd.Timestamp("2025-01-02")


def test_second_concurrent_update_is_refused(db_target):
    with fake_fred() as srv:
        settings = _settings(srv, db_target)
        with (
            open_store(settings.db) as a,
            open_store(settings.db) as b,
            a.writer_lock(),
            pytest.raises(StoreError, match="another tsy update is running"),
        ):
            run_update(b, settings, ["DGS10"], jobs=[], client=_client(settings))


def test_vendor_fetchers_run_only_when_named(tmp_path):
    # LBMA prices are vendor data (research use): `tsy update` alone never fetches them;
    # naming GOLDPMUSD selects the optional LBMA job. MOVE has no fetcher at all.
    settings = load_settings({"TSY_DB": str(tmp_path / "t.db")})
    with open_store(settings.db) as store:
        names = {t.name for t in plan(store, settings)}
        assert "market:lbma" not in names and "DGS10" in names and "cftc:tff" in names
        assert {t.name for t in plan(store, settings, ["GOLDPMUSD"])} == {"market:lbma"}
        with pytest.raises(InputError, match="MOVE comes from market.*tsy import"):
            plan(store, settings, ["MOVE"])


def test_update_keeps_the_series_table_equal_to_the_catalogue(db_target):
    # DESIGN.md: the store's `series` table is the catalogue (titles in English and Chinese).
    from tsy import catalog

    with fake_fred() as srv:
        settings = _settings(srv, db_target)
        with open_store(settings.db) as store:
            run_update(store, settings, ["DGS10"], jobs=[], client=_client(settings))
    rows = dict(raw_sql(db_target, "SELECT id, title_zh FROM series"))
    assert set(rows) == set(catalog.CATALOG)
    assert rows["DFII10"] == catalog.get("DFII10").title_zh
