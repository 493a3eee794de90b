"""``tsy update``: plan what to fetch since when, fetch concurrently per host, write atomically.

Plan
    Every catalogue series of a per-series provider (FRED: ``SERIES_SOURCE`` in its module) is
    one task (one request). Other providers contribute :class:`~tsy.sources.base.UpdateJob`
    entries (``JOBS`` in their module). A task
    asks only for observations after the last stored date minus the revision window (default 30
    days) unless ``full`` or an explicit ``since`` is given.
Run
    Tasks are grouped by host; each group runs in its own thread (concurrent across hosts), and
    within a host one request at a time under the client's rate limit (FRED: 2 requests/s).
    Worker threads only fetch and parse; the calling thread validates and writes each batch in
    one transaction, so a failure writes nothing for that task and the others go on.
Outcome
    One :class:`TaskOutcome` per task (new rows, revised rows, last date, status, error), and a
    ``fetch_log`` row for each.
Limits
    Each request has a total deadline (``TSY_REQUEST_DEADLINE_S``, default 300 s, see
    :mod:`tsy.http`); the run has a budget (``TSY_UPDATE_BUDGET_S``, default 3600 s): tasks not
    started when it is spent fail with that reason, so the writer lock is always released.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
import pandas as pd

from tsy import catalog
from tsy.config import Settings
from tsy.errors import InputError, SourceError, TsyError
from tsy.http import HttpClient, redact
from tsy.pipeline.ingest import sync_catalog, write_parsed
from tsy.sources import load_user_catalog, provider_modules, series_fetchers
from tsy.sources.base import Parsed, UpdateJob
from tsy.store import Store

__all__ = [
    "Task",
    "TaskOutcome",
    "UpdateReport",
    "all_jobs",
    "optional_jobs",
    "plan",
    "run_update",
]


def all_jobs() -> list[UpdateJob]:
    """Every provider update job that a plain ``tsy update`` runs, in registry order."""
    return [j for mod in provider_modules() for j in getattr(mod, "JOBS", [])]


def optional_jobs() -> list[UpdateJob]:
    """Jobs that run only for series the user names (vendor data, e.g. LBMA metals prices)."""
    return [j for mod in provider_modules() for j in getattr(mod, "OPTIONAL_JOBS", [])]


@dataclass(frozen=True)
class Task:
    """One planned fetch."""

    name: str
    host: str
    since: pd.Timestamp | None
    series_id: str | None = None
    job: UpdateJob | None = None


@dataclass
class TaskOutcome:
    """What one task did."""

    name: str
    source: str
    new: int = 0
    revised: int = 0
    last_date: pd.Timestamp | None = None
    status: str = "ok"
    error: str = ""
    since: pd.Timestamp | None = None


@dataclass
class UpdateReport:
    """All outcomes of one ``tsy update`` run, plus HTTP counters."""

    outcomes: list[TaskOutcome] = field(default_factory=list)
    requests: int = 0
    bytes: int = 0

    @property
    def failed(self) -> list[TaskOutcome]:
        """Outcomes whose status is ``failed``."""
        return [o for o in self.outcomes if o.status == "failed"]

    def frame(self) -> pd.DataFrame:
        """The closing table: series, new rows, revised rows, last date, status, error."""
        return pd.DataFrame(
            [
                {
                    "series": o.name,
                    "source": o.source,
                    "new": o.new,
                    "revised": o.revised,
                    "last_date": o.last_date.date().isoformat() if o.last_date is not None else "",
                    "status": o.status,
                    "error": o.error,
                }
                for o in self.outcomes
            ]
        )


def _since(last: pd.Timestamp | None, window_days: int) -> pd.Timestamp | None:
    return None if last is None else last - pd.Timedelta(days=window_days)


def plan(
    store: Store,
    settings: Settings,
    ids: Sequence[str] | None = None,
    *,
    full: bool = False,
    since: pd.Timestamp | None = None,
    jobs: Iterable[UpdateJob] | None = None,
) -> list[Task]:
    """Plan the fetches for ``ids`` (default: the whole catalogue).

    Parameters
    ----------
    store : Store
        Supplies the last stored dates.
    settings : Settings
        Supplies the revision window.
    ids : sequence of str, optional
        Catalogue ids; unknown ids raise ``InputError`` naming them. Ids served by a provider
        job select that job.
    full : bool
        Fetch whole histories.
    since : Timestamp, optional
        Fetch from this date regardless of what is stored.

    Returns
    -------
    list of Task
    """
    named_only = optional_jobs() if (ids and jobs is None) else []
    jobs = list(all_jobs() if jobs is None else jobs)
    infos = catalog.resolve(ids) if ids else catalog.all_series()
    by_series = {sid: j for j in [*jobs, *named_only] for sid in j.series_ids}
    wanted_jobs: dict[str, UpdateJob] = {} if ids else {j.name: j for j in jobs}
    tasks: list[Task] = []
    window = settings.revision_window_days
    per_series = series_fetchers()
    for info in infos:
        if info.source in per_series:
            start = since
            if start is None and not full:
                start = _since(store.last_date(info.id), window)
            tasks.append(Task(info.id, info.source, start, series_id=info.id))
        elif info.id in by_series:
            job = by_series[info.id]
            wanted_jobs.setdefault(job.name, job)
        elif ids:
            raise InputError(
                f"{info.id} comes from {info.source}, which has no online fetcher; "
                f"import a downloaded file with `tsy import FILE`"
            )
    for job in wanted_jobs.values():
        start = since
        if start is None and not full:
            if job.table:
                last = store.table_last_date(job.table)
            else:
                dates = [store.last_date(s) for s in job.series_ids]
                last = None if not dates or any(d is None for d in dates) else min(dates)  # type: ignore[type-var]
            start = _since(last, window)
        tasks.append(Task(job.name, job.source, start, job=job))
    return tasks


def _run_task(task: Task, client: HttpClient, settings: Settings, as_of: pd.Timestamp) -> Parsed:
    if task.job is not None:
        return task.job.run(client, settings, task.since, as_of)
    assert task.series_id is not None
    key = catalog.CATALOG[task.series_id].source_key
    fetcher = series_fetchers()[task.host]
    result: Parsed = fetcher(client, settings, task.series_id, task.since, key=key)
    return result


def run_update(
    store: Store,
    settings: Settings,
    ids: Sequence[str] | None = None,
    *,
    full: bool = False,
    since: pd.Timestamp | None = None,
    as_of: pd.Timestamp | None = None,
    transport: httpx.BaseTransport | None = None,
    client: HttpClient | None = None,
    jobs: Iterable[UpdateJob] | None = None,
    on_done: Callable[[TaskOutcome], None] | None = None,
    on_plan: Callable[[list[Task]], None] | None = None,
) -> UpdateReport:
    """Fetch and store every planned task; one failure never stops the others.

    Parameters
    ----------
    store : Store
        Open store; the update holds its writer lock throughout (a second concurrent update is
        refused with ``StoreError``).
    settings : Settings
    ids, full, since : see :func:`plan`
    as_of : Timestamp, optional
        Today's date handed to provider jobs (default: today, UTC; read here, at the edge).
    transport, client : optional
        Injected HTTP transport or a ready client (tests, benchmarks).
    on_done, on_plan : callables, optional
        Progress callbacks (the CLI's progress bar).

    Returns
    -------
    UpdateReport
    """
    as_of = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp(datetime.now(UTC).date())
    own_client = client is None
    http = client or HttpClient(settings, transport=transport)
    report = UpdateReport()
    load_user_catalog(settings)  # the user's series (catalog.toml) are catalogue series too
    try:
        with store.writer_lock():
            sync_catalog(store)
            tasks = plan(store, settings, ids, full=full, since=since, jobs=jobs)
            if on_plan:
                on_plan(tasks)
            hosts: dict[str, list[Task]] = {}
            for t in tasks:
                hosts.setdefault(t.host, []).append(t)
            results: queue.Queue[tuple[Task, Parsed | Exception, datetime]] = queue.Queue()

            budget_ends = time.monotonic() + settings.run_budget_s

            def run_host(group: list[Task]) -> None:
                for t in group:
                    started = datetime.now(UTC)
                    if time.monotonic() >= budget_ends:
                        spent = SourceError(
                            f"not started: the update budget of {settings.run_budget_s:g} s is"
                            " spent (TSY_UPDATE_BUDGET_S)",
                            source=t.job.source if t.job else t.host,
                            key=t.name,
                        )
                        results.put((t, spent, started))
                        continue
                    try:
                        results.put((t, _run_task(t, http, settings, as_of), started))
                    except Exception as exc:  # every task reports; one failure stops nothing
                        results.put((t, exc, started))

            with ThreadPoolExecutor(max_workers=max(1, len(hosts))) as pool:
                for group in hosts.values():
                    pool.submit(run_host, group)
                for _ in range(len(tasks)):
                    task, result, started = results.get()
                    outcome = _store_result(store, settings, task, result, started, as_of)
                    report.outcomes.append(outcome)
                    if on_done:
                        on_done(outcome)
    finally:
        report.requests, report.bytes = http.stats.requests, http.stats.bytes
        if own_client:
            http.close()
    return report


def _store_result(
    store: Store,
    settings: Settings,
    task: Task,
    result: Parsed | Exception,
    started: datetime,
    as_of: pd.Timestamp,
) -> TaskOutcome:
    source = task.job.source if task.job else task.host
    outcome = TaskOutcome(task.name, source, since=task.since)
    rows = 0
    if isinstance(result, Exception):
        outcome.status = "failed"
        outcome.error = redact(str(result) or type(result).__name__, settings.secrets())
    else:
        try:
            written = write_parsed(
                store, result, started, default_source=source, as_of=as_of, label=task.name
            )
            outcome.new, outcome.revised, outcome.last_date = (
                written.new,
                written.revised,
                written.last_date,
            )
            rows = result.rows()
        except TsyError as exc:
            outcome.status = "failed"
            outcome.error = redact(str(exc), settings.secrets())
    if outcome.last_date is None and task.series_id:
        outcome.last_date = store.last_date(task.series_id)
    store.log_fetch(
        source=source,
        key=task.name,
        started=started,
        finished=datetime.now(UTC),
        rows=rows,
        status=outcome.status,
        error=outcome.error or None,
    )
    return outcome
