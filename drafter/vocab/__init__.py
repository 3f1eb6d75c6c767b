"""Word lists as data: one UTF-8 file per list, one entry per line, `#` starts a comment.

The bundled lists live beside this module as `<name>.txt`. A writer extends any of them, without touching
code, with a file of the same name in a folder `词表/` beside their phrasebank (or their archive, when
mining): the use cases open that folder with `own_lists`, and every look-up in that context sees the
writer's entries after the bundled ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

OWN_FOLDER = "词表"
_HERE = Path(__file__).resolve().parent
_EXTRA: ContextVar[tuple[Path, ...]] = ContextVar("drafter_vocab_extra", default=())


@contextmanager
def own_lists(*folders: Path | None) -> Iterator[None]:
    """Within this context, lists also read `<folder>/词表/<name>.txt` for each folder given (if present)."""
    found = tuple(own for folder in folders if folder is not None and (own := Path(folder) / OWN_FOLDER).is_dir())
    token = _EXTRA.set(_EXTRA.get() + found)
    try:
        yield
    finally:
        _EXTRA.reset(token)


def words(name: str) -> tuple[str, ...]:
    """The list `name`: the bundled entries, then the writer's own, each entry once."""
    return _words(name, _EXTRA.get())


def pattern(name: str) -> re.Pattern[str]:
    """The list `name` as one regular expression matching any entry, longest entries first. Lists read this
    way say in their header that entries are regular expressions (e.g. 今年是[^，。；]{0,20}之年)."""
    return _pattern(name, _EXTRA.get())


def _read(path: Path) -> tuple[str, ...]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8-sig").splitlines())
    return tuple(line for line in lines if line)


@cache
def _words(name: str, extra: tuple[Path, ...]) -> tuple[str, ...]:
    found = list(_read(_HERE / f"{name}.txt"))
    for folder in extra:
        own = folder / f"{name}.txt"
        if own.is_file():
            found.extend(_read(own))
    return tuple(dict.fromkeys(found))


@cache
def _pattern(name: str, extra: tuple[Path, ...]) -> re.Pattern[str]:
    return re.compile("|".join(sorted(_words(name, extra), key=len, reverse=True)))
