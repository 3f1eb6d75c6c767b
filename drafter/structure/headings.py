"""Where a heading ends when the page lost the break after it (一、认清形势，统一思想今年X月X日，我市…).

A first sentence far longer than a heading, read by a writer, splits after the last heading-like ending
(`drafter/vocab/heading_endings.txt`) that runs straight into new text: not into 的/和 (…工作的使命感), not
into punctuation (统一思想，…), but into a word, a figure or a space.
"""

from __future__ import annotations

import re
from functools import cache

from drafter.vocab import words

_LONGER_THAN = 40  # a first sentence this long is more than a heading
_SCAN = 45  # a glued heading ends within this many characters
_SHORTEST = 4
_JOINING = "的地得之和与及并而、"


@cache
def _endings() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words("heading_endings"), key=len, reverse=True)))


def glued_end(sentence: str) -> int | None:
    """The end of the heading inside `sentence` (recognition form, mark removed), or None when the
    sentence is short enough to be the heading itself or no ending runs into new text."""
    if len(sentence) <= _LONGER_THAN:
        return None
    ends = [m.end() for m in _endings().finditer(sentence, 0, _SCAN) if m.end() >= _SHORTEST and _runs_on(sentence[m.end()])]
    return ends[-1] if ends else None


def _runs_on(char: str) -> bool:
    return char not in _JOINING and (char.isspace() or char.isalnum())
