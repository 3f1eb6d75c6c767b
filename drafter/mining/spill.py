"""Sorted runs on disk and their k-way merge: how mining keeps its memory flat as the archive grows.

A map step writes what it found as runs of records sorted by key, split into partitions by key; a
reduce step merges one partition's runs in key order and folds the records of each key together. This
is the map / shuffle / reduce shape of Dask or Spark, done with pickle files in a private folder.
Records are pickled in chunks: one load per record would cost more than the record's own work.
"""

from __future__ import annotations

import heapq
import os
import pickle
import shutil
import stat
import tempfile
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any
from zlib import crc32

from drafter.files import LOCKS, lock_folder

CHUNK = 4  # records per pickled chunk: a merge holds one chunk of each of its (up to FAN_IN) runs
FAN_IN = 500  # runs merged at once (files open, chunks held): a partition has one run per batch, so up to
# 125 MB of text merges in one pass; beyond, the excess runs are merged first, not every run in rounds


WORK_PREFIX = "drafter-mine-"
ABANDONED_AFTER = 60  # seconds a work folder is left alone after it last changed, locked or not


def work_folder() -> tempfile.TemporaryDirectory:
    """A private folder in $TMPDIR for one mine's runs, removed with its result or at exit, and locked
    (`lock_folder`) for as long as the mine or a worker of it lives. A mine killed outright can remove
    nothing, and its runs are several times the archive (54 MB at most for 8 MB of speeches): each mine
    first removes the folders of mines that died."""
    _remove_dead()
    work = tempfile.TemporaryDirectory(prefix=WORK_PREFIX)
    if LOCKS:
        weakref.finalize(work, os.close, lock_folder(work.name))
    return work


def _remove_dead() -> None:
    """Remove this user's work folders that no process locks and that have not changed for ABANDONED_AFTER
    (one just made is not locked yet). Without locks (Windows) a live mine's folder looks the same as a
    dead one's: they are left to the system's clean-up of $TMPDIR."""
    if not LOCKS:
        return
    for folder in Path(tempfile.gettempdir()).glob(WORK_PREFIX + "*"):
        try:
            status = folder.lstat()
            if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() \
                    or time.time() - status.st_mtime < ABANDONED_AFTER:
                continue
            fd = lock_folder(folder, wait=False)
        except OSError:
            continue  # a live mine's (locked), or gone meanwhile
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)


def partition(key: str, partitions: int) -> int:
    """The partition of a text key: the same on every machine and run (no salted hash())."""
    return crc32(key.encode("utf-8")) % partitions


def write_run(path: Path, records: Iterable[Any]) -> Path:
    """Write records (already in key order) to `path`, CHUNK records a pickle."""
    iterator = iter(records)
    with path.open("wb") as handle:
        while chunk := list(islice(iterator, CHUNK)):
            pickle.dump(chunk, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def read_run(path: Path) -> Iterator[Any]:
    """The records of one run, in order."""
    with path.open("rb") as handle:
        while True:
            try:
                chunk = pickle.load(handle)
            except EOFError:
                return
            yield from chunk


def publish(path: Path, value: Any) -> Path:
    """Write a corpus-wide value (the vocabulary, the terms) once for every task of a pass: sent with each
    task instead, it would be pickled once per batch, a cost growing with the archive times the vocabulary."""
    with path.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return path


@lru_cache(maxsize=1)
def published(path: Path) -> Any:
    """A published value, loaded once per process (the tasks of one pass share it)."""
    with path.open("rb") as handle:
        return pickle.load(handle)


def write_partitioned(folder: Path, stem: str, records: Iterable[tuple], partitions: int,
                      key: Callable[[tuple], str]) -> list[Path]:
    """Split records by the partition of `key(record)`, sort each part and write it as a run
    `<stem>-<partition>.run` (an empty part writes no file). Returns the runs, by partition."""
    parts: list[list[tuple]] = [[] for _ in range(partitions)]
    for record in records:
        parts[partition(key(record), partitions)].append(record)
    paths = []
    for number, part in enumerate(parts):
        if part:
            part.sort()
            paths.append(write_run(folder / f"{stem}-{number}.run", part))
    return paths


def merge_runs(paths: list[Path], key: Callable[[Any], Any] | None = None) -> Iterator[Any]:
    """All records of the runs in key order; at most FAN_IN runs are open at once. Beyond that, the first
    runs are merged into one run beside them, just enough of them (at most FAN_IN) for the rest to fit,
    so each round rewrites only the excess and not the whole partition."""
    paths = list(paths)
    rounds = 0
    while len(paths) > FAN_IN:
        group = paths[:min(FAN_IN, len(paths) - FAN_IN + 1)]
        target = group[0].with_name(f"{group[0].stem}.m{rounds}.run")
        paths = [write_run(target, heapq.merge(*map(read_run, group), key=key)), *paths[len(group):]]
        rounds += 1
    return heapq.merge(*map(read_run, paths), key=key)
