"""Worker processes for the server's section computations (one per core).

One Python process computes on one core at a time (the GIL): with every uncached monitor
computed in the server's own threads, ten clients asking ten dates shared one core. A
:class:`SectionPool` runs :func:`tsy.indicators.sections.load_section` in worker processes
instead, and the server keeps doing what is cheap (JSON, cached answers) in its threads; the
result comes back pickled, exactly the object the server would have computed itself.

The workers are forked when the pool starts, from a process without other threads (``tsy
serve`` at start-up: they start in milliseconds with the modules loaded); otherwise from a
fork server, which is safe under threads. Each worker hands freed memory back to the system
after each computation (:func:`tsy.web.cache.trim`) and ends with the server (even a killed
one). A request whose client has gone stops
waiting and its computation is dropped if it has not started (:class:`tsy.web.cache.Cancelled`).
A pool that breaks (a worker killed) is replaced by computing in the server's threads.

Examples
--------
>>> pool = SectionPool(2)                                          # doctest: +SKIP
>>> pool.section("monitor", None, settings, None)                  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from tsy.cache import DerivedCache
from tsy.config import Settings
from tsy.indicators.sections import load_section
from tsy.report.parallel import usable_cores
from tsy.store import enable_read_memo
from tsy.web.cache import CANCEL, DATED_TTL_S, Cancelled, trim

__all__ = ["SectionPool", "default_workers"]

log = logging.getLogger("tsy.web")
#: Seconds between two looks at the request's disconnect event while waiting for a result.
_POLL_S = 0.05


def default_workers() -> int:
    """One worker per core this process may run on (0 on one core: compute in threads)."""
    cores = usable_cores()
    return cores if cores > 1 else 0


def _compute(name: str, as_of: Any, settings: Settings, disk: DerivedCache | None) -> Any:
    """In a worker: one section, then the freed memory back to the system."""
    try:
        return load_section(name, as_of, settings, disk)
    finally:
        trim()


def _ready() -> int:
    return os.getpid()


#: ``prctl`` option number of ``PR_SET_PDEATHSIG`` (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def _follow_parent() -> None:
    """In a new worker: the store's read memo on (:mod:`tsy.store._memo`), the default action
    for SIGTERM and SIGINT (a forked worker inherits the server's handlers, which only flag the
    server to stop, and would outlive it), and SIGTERM when the server process dies, even by
    SIGKILL (Linux)."""
    import ctypes
    import signal

    # sections for many dates read the same data (tsy.store._memo), until the requests stop
    enable_read_memo(idle_s=DATED_TTL_S, on_clear=trim)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class SectionPool:
    """Section computations in ``workers`` processes.

    Parameters
    ----------
    workers : int
        Processes; 0 computes in the calling thread (no pool).
    """

    def __init__(self, workers: int) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self._n = workers
        if workers > 0:
            method = "fork" if threading.active_count() == 1 else "forkserver"
            ctx = multiprocessing.get_context(method)
            if method == "forkserver":
                ctx.set_forkserver_preload(["tsy.indicators.sections"])
            self._executor = ProcessPoolExecutor(
                workers, mp_context=ctx, initializer=_follow_parent
            )
            self._executor.submit(_ready).result()  # start them now (forked before threads)

    @property
    def workers(self) -> int:
        """Processes in use (0: computing in the caller's thread)."""
        return 0 if self._executor is None else self._n

    def section(self, name: str, as_of: Any, settings: Settings, disk: DerivedCache | None) -> Any:
        """:func:`tsy.indicators.sections.load_section` in a worker; its exceptions are raised
        here as they were there.

        Raises
        ------
        Cancelled
            The request's client disconnected while waiting.
        """
        ex = self._executor
        if ex is None:
            return load_section(name, as_of, settings, disk)
        try:
            fut = ex.submit(_compute, name, as_of, settings, disk)
        except (BrokenProcessPool, RuntimeError):
            return self._broken(name, as_of, settings, disk)
        try:
            return _result(fut)
        except BrokenProcessPool:
            return self._broken(name, as_of, settings, disk)

    def _broken(self, name: str, as_of: Any, settings: Settings, disk: DerivedCache | None) -> Any:
        log.warning("section worker pool broken: computing in the server from now on")
        self.close()
        return load_section(name, as_of, settings, disk)

    def close(self) -> None:
        """Stop the workers (pending computations are dropped)."""
        ex, self._executor = self._executor, None
        if ex is None:
            return
        procs = list(getattr(ex, "_processes", {}).values())
        ex.shutdown(wait=False, cancel_futures=True)
        for proc in procs:  # a computation in progress is abandoned, not awaited
            proc.terminate()
        for proc in procs:
            proc.join(5)


def _result(fut: Future[Any]) -> Any:
    """The future's result, giving up (and dropping it if not started) when the client goes."""
    gone = CANCEL.get()
    while True:
        try:
            return fut.result(timeout=_POLL_S if gone is not None else None)
        except FutureTimeout:
            assert gone is not None
            if gone.is_set():
                fut.cancel()
                raise Cancelled("the client disconnected") from None
