"""Writing files safely: to a temporary file beside the target, then an atomic rename; and locking a folder
(`lock_folder`) so that two runs working in it take turns.

An interrupted run leaves either the old file or the new one, never half of one; an existing file is
only replaced when the caller says so.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from drafter.errors import ExistsError, OutputError, os_reason

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

LOCKS = fcntl is not None  # whether `lock_folder` locks, or only opens the folder


def lock_folder(folder: str | Path, exclusive: bool = True, wait: bool = True) -> int:
    """A lock on a folder itself, held until the returned descriptor is closed: `flock` (standard library)
    leaves no lock file in the folder and is released by the kernel however its holder ends, so a kill never
    leaves a stale lock. Without `wait`, a folder another process holds raises BlockingIOError. Where there
    is no flock (Windows: LOCKS is False) the folder is only opened."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        if fcntl is not None:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(fd)
        raise
    return fd


def check_writable(path: str | Path, force: bool = False, *, suffix: str | None = None,
                   source: str | Path | None = None) -> Path:
    """Refuse early (before any work) an output that cannot or must not be written: one that exists
    without `force`, is not a regular file (a device, a pipe: never replaced), is the `source` being read,
    lacks `suffix` (Word data in a .txt), or whose folder is missing."""
    path = Path(path)
    try:
        status = path.stat() if path.exists() else None
        same = source is not None and status is not None and Path(source).exists() and path.samefile(source)
        parent_ok = path.parent.is_dir()
    except OSError as err:
        raise OutputError(f"{path}：无法写入（{os_reason(err)}）") from None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise OutputError(f"{path}：这是一个文件夹，请给出要写入的文件名")
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise OutputError(f"{path}：这不是普通文件（设备、管道等），不能覆盖")
    if same:
        raise OutputError(f"{path}：输出文件就是要读取的讲话稿，请另给一个文件名，以免覆盖原稿")
    if suffix and path.suffix.lower() != suffix:
        raise OutputError(f"{path}：输出文件应以 {suffix} 结尾")
    if status is not None and not force:
        raise ExistsError(path)
    if not parent_ok:
        raise OutputError(f"{path}：所在文件夹 {path.parent} 不存在")
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: bytes | str | Iterable[str], force: bool = True,
                 suffix: str | None = None) -> Path:
    """Write `data` to `path` through a temporary file and `os.replace`; text given as an iterable of
    strings is streamed (UTF-8), so a file larger than memory can be written."""
    path = check_writable(path, force, suffix=suffix)
    chunks = [data] if isinstance(data, (bytes, str)) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise OutputError(f"{path}：无法写入（{os_reason(err)}）") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes owner-only files; give the usual permissions
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}：无法写入（{os_reason(err)}）") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
