"""Where mining's map and reduce steps run: in this process, or in it and worker processes forked once per mine.

One pool serves every pass, so each worker keeps what it has loaded and learnt from one pass to the next.
With `jobs` N this process is one of the N: it takes tasks itself beside N - 1 workers, so no process only
waits (an idle parent still costs its interpreter and imports). What every task reads and none writes
(jieba's dictionary and jieba-rs: 60 MB and a quarter of a second) is loaded here before the workers are forked: they share
its pages with this process instead of each building a copy. Cycle collection is off in every process
during a mine, and a dictionary lookup writes nothing to its keys, so the pages stay shared.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[Any]]
"""Like the built-in map: a function over tasks, results in the tasks' order."""

DEFAULT_JOBS = 2  # what a mine's process tree holds stays within 300 MB with two processes (README 性能)
AHEAD = 2  # tasks each worker is given ahead, so that it never waits while this process runs a task itself


def default_jobs() -> int:
    """The processes a mine uses when not told: two where this process may run on two cores, can fork (the
    workers share its dictionary) and runs no other thread; otherwise one. Forking a process that runs
    other threads (a web server's) can copy a lock one of them holds into a worker that then waits forever."""
    import multiprocessing  # a pool's modules are imported where one may be made: 17 ms a one-process mine spares

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return min(DEFAULT_JOBS, cores)


@contextmanager
def workers(jobs: int, shared: Callable[[], Any] = lambda: None) -> Iterator[Mapper]:
    """A mapper that runs tasks here (`jobs` ≤ 1), or here and in `jobs` - 1 processes forked for the whole
    mine after `shared` has loaded what they share with this process."""
    if jobs <= 1:
        yield map
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    shared()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=jobs - 1, mp_context=context, initializer=_worker_setup, initargs=(os.getpid(),))
    try:
        yield partial(_alongside, pool, jobs - 1)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def _alongside(pool: ProcessPoolExecutor, size: int, function: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
    """Like map, with this process working beside the pool: the pool is kept AHEAD tasks ahead per worker,
    and this process runs the next task itself meanwhile. Results come in the tasks' order."""
    from concurrent.futures import Future

    queued: deque[Future | list] = deque()  # in task order: the pool's futures, and [result] of tasks run here
    tasks = iter(tasks)
    while True:
        busy = sum(isinstance(item, Future) and not item.done() for item in queued)
        queued += [pool.submit(function, task) for task in islice(tasks, max(0, AHEAD * size - busy))]
        task = next(tasks, _END)
        if task is _END:
            break
        queued.append([function(task)])
        while queued and (isinstance(queued[0], list) or queued[0].done()):
            yield _result(queued.popleft())
    while queued:
        yield _result(queued.popleft())


_END = object()


def _result(item: Future | list) -> Any:
    """A task's result, whichever process ran it (a pool's failure is raised here, in task order)."""
    return item[0] if isinstance(item, list) else item.result()


def _worker_setup(mine: int) -> None:
    """Workers leave Ctrl-C to the mine that forked them (which stops them, below): a SIGINT sent to the
    whole terminal's process group would otherwise print a traceback from every worker. They die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()
    _die_with(mine)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(mine: int) -> None:
    """A mine killed outright (SIGKILL runs no clean-up) would leave its workers waiting for tasks forever: a
    forked worker holds the task pipe's other end itself, so it never reads its end. Where the kernel offers
    it (Linux), it kills the worker when the mine dies; a mine already gone by then ends the worker here."""
    try:
        prctl = ctypes.CDLL(None).prctl
    except (OSError, AttributeError):
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != mine:
        os._exit(1)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop at once on Ctrl-C or a failure: the executor's own shutdown would let every queued task run to
    its end, leaving workers busy long after the command has returned. Pending tasks are cancelled and the
    workers, which hold nothing to save, are terminated."""
    processes = list((pool._processes or {}).values())  # the executor offers no public way to stop workers
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)


@contextmanager
def cycle_collection_paused():
    """Mining makes no reference cycles, yet it builds hundreds of thousands of lists and entries that the
    cycle collector would walk again and again, about a tenth of the run. Reference counting still frees
    everything; the collector is restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
