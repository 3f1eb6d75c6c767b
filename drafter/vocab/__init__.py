"""Word lists as data: one UTF-8 file per list, one entry per line, `#` starts a comment.

The bundled lists live beside this module as `<name>.txt`; a writer extends any of them with a file of the
same name in a folder of their own (by default `词表/` beside their phrasebank), without touching code.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _read(path: Path) -> tuple[str, ...]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8-sig").splitlines())
    return tuple(line for line in lines if line)


@cache
def words(name: str, extra: tuple[Path, ...] = ()) -> tuple[str, ...]:
    """The list `name`: the bundled entries, then the writer's own from the folders in `extra`, in file order,
    each entry once."""
    found = list(_read(_HERE / f"{name}.txt"))
    for folder in extra:
        own = folder / f"{name}.txt"
        if own.is_file():
            found.extend(_read(own))
    return tuple(dict.fromkeys(found))


@cache
def pattern(name: str, extra: tuple[Path, ...] = ()) -> re.Pattern[str]:
    """The list `name` as one regular expression matching any entry, longest entries first. Lists read this
    way say in their header that entries are regular expressions (e.g. 今年是[^，。；]{0,20}之年)."""
    return re.compile("|".join(sorted(words(name, extra), key=len, reverse=True)))
