"""Where mining's map and reduce steps run: in this process, or in worker processes forked once per mine.

One pool serves every pass. Forking a pool per pass would make each new worker load jieba's dictionary
again (about a second and 80 MB), and the dictionary is what dominates memory: with workers, only they
load it (each once, lazily, on its first cut), and this process never does, so the process tree holds
it once per worker and not once more for the parent.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[Any]]
"""Like the built-in map: a function over tasks, results in the tasks' order."""


@contextmanager
def workers(jobs: int) -> Iterator[Mapper]:
    """A mapper that runs tasks here (`jobs` ≤ 1) or in `jobs` processes forked for the whole mine, so
    that each keeps what it has loaded and learnt from one pass to the next."""
    if jobs <= 1:
        yield map
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_setup)
    try:
        yield pool.map
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def _worker_setup() -> None:
    """Workers leave Ctrl-C to the mine that forked them (which stops them, below): a SIGINT sent to the
    whole terminal's process group would otherwise print a traceback from every worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()


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
