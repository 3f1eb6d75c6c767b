"""Replacing a phrasebank's kind files as a whole: readers see the old set or the new one, never a mix.

The kind files stay plain `<bank>/<kind>.jsonl` (the writer edits and versions them; their own `*.jsonl`
beside them are never touched), so the set cannot be swapped with one rename. Instead a replace is a
small journal, under a lock:

1. every new file is written and flushed to disk inside `<bank>/.mine-pending/`;
2. `.mine-pending/manifest.json` (the file names, sizes and sha256) is renamed into place last: this is
   the commit point — before it the old bank stands and the pending folder is rubbish;
3. each pending file is renamed over its kind file, then the pending folder is removed.

A run killed (SIGKILL, power, full disk) before step 2 leaves the old bank; after it, the next writer or
reader finishes step 3 (rolls forward), so the new bank appears whole. Stale temporary files of an
interrupted run are removed by the next one.

The lock is `fcntl.flock` on the bank folder itself: writers take it exclusively, readers shared, so two
mines into one folder run one after the other and a reader waits for a replace in progress. `flock`
(standard library, no dependency) is released by the kernel when a process dies, so a kill never leaves
a stale lock, and locking the folder leaves no lock file in the writer's bank (a library such as
`filelock` needs one, and has no shared mode for readers). Windows has no `flock`: there the journal
still keeps a killed replace whole, but concurrent mines are not serialised.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from drafter.errors import OutputError, PhrasebankError, os_reason
from drafter.files import lock_folder

PENDING = ".mine-pending"
MANIFEST = "manifest.json"


class Staged:
    """The new files of a replace, written into the pending folder; `open` one per file name."""

    def __init__(self, pending: Path) -> None:
        self.pending = pending
        self.names: list[str] = []

    @contextmanager
    def open(self, name: str) -> Iterator[IO[str]]:
        """A text handle for the new `name` (e.g. heading.jsonl); flushed to disk when closed."""
        path = self.pending / name
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        self.names.append(name)

    def commit(self) -> None:
        """Write the manifest last, atomically: from here on the new bank is the bank."""
        files = {name: _digest(self.pending / name) for name in self.names}
        tmp = self.pending / f".{MANIFEST}.tmp"
        with tmp.open("w", encoding="utf-8") as handle:
            json.dump({"files": files}, handle, ensure_ascii=False, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.pending / MANIFEST)
        _sync_folder(self.pending)


def _digest(path: Path) -> dict[str, object]:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return {"size": path.stat().st_size, "sha256": sha.hexdigest()}


@contextmanager
def replacing(folder: str | Path) -> Iterator[Staged]:
    """Replace files of `folder` as one: write them with `staged.open(name)` inside the block; on a clean
    exit they all replace the old ones, on an error none does. Holds the writers' lock throughout, so
    what the block reads of the old bank (curated entries) is not changed under it."""
    folder = Path(folder)
    try:
        lock = lock_folder(folder, exclusive=True)
    except OSError as err:
        raise OutputError(f"{folder}：无法写入表述库（{os_reason(err)}）") from None
    try:
        _recover(folder)
        pending = folder / PENDING
        try:
            pending.mkdir()
            staged = Staged(pending)
            yield staged
            staged.commit()
        except OSError as err:
            shutil.rmtree(pending, ignore_errors=True)
            raise OutputError(f"{folder}：无法写入表述库（{os_reason(err)}），原有表述库未改动") from None
        except BaseException:
            shutil.rmtree(pending, ignore_errors=True)
            raise
        _apply(folder)
    finally:
        os.close(lock)  # closing releases the lock


@contextmanager
def reading(folder: str | Path) -> Iterator[None]:
    """Hold the readers' lock on `folder` while its files are read, first finishing (or clearing away) a
    replace that was interrupted."""
    folder = Path(folder)
    pending = folder / PENDING
    if pending.exists():
        try:
            with _locked(folder, exclusive=True):
                _recover(folder)
        except (OSError, OutputError) as err:
            if (pending / MANIFEST).is_file():  # the bank on disk is a mix: say so rather than read it
                reason = os_reason(err) if isinstance(err, OSError) else err
                raise PhrasebankError(f"{folder}：表述库上次更新未完成，且无法补完（{reason}），请重新运行 drafter mine") from None
    with _locked(folder, exclusive=False):
        yield


def _recover(folder: Path) -> None:
    """Finish a committed replace, or drop an uncommitted one and stale temporary files (lock held)."""
    pending = folder / PENDING
    if (pending / MANIFEST).is_file():
        _apply(folder)
    elif pending.exists():
        shutil.rmtree(pending, ignore_errors=True)
    for stale in folder.glob(".*.jsonl.*.tmp"):
        stale.unlink(missing_ok=True)


def _apply(folder: Path) -> None:
    """Rename every committed file into place (idempotent: a file already moved is gone from pending)."""
    pending = folder / PENDING
    manifest = json.loads((pending / MANIFEST).read_text(encoding="utf-8"))
    try:
        for name in sorted(manifest["files"]):
            if (pending / name).exists():
                os.replace(pending / name, folder / name)
        _sync_folder(folder)
    except OSError as err:
        raise OutputError(f"{folder}：表述库更新未完成（{os_reason(err)}）；下次读取或提炼时会自动补完") from None
    shutil.rmtree(pending, ignore_errors=True)


def _sync_folder(folder: Path) -> None:
    """Make renames in `folder` durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def _locked(folder: Path, exclusive: bool) -> Iterator[None]:
    """The bank's lock (`lock_folder` on the folder itself) as a block; a reader that cannot open the folder
    goes without (nothing can write there)."""
    try:
        fd = lock_folder(folder, exclusive)
    except OSError:
        if exclusive:
            raise
        yield
        return
    try:
        yield
    finally:
        os.close(fd)

