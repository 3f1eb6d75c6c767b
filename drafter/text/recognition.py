"""The copy of a line that structure is recognised in, and the map back to the writer's own text.

Pages arrive in traditional characters (同志們, 講話) and with pinyin ruby leaked inline (問(wèn)題); the
parser's cues are written in simplified characters. Recognition runs on a copy that is normalised
(`normalize`), simplified character by character, and has the pinyin removed; because removing changes
offsets, the copy carries, for each of its characters, where it stands in the original, so everything the
parser outputs is cut from the original text.
"""

from __future__ import annotations

import re
from functools import cache

from drafter.text.reading import normalize

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# (huì ) right after a Chinese character; a toned vowel tells pinyin from a bracketed (a) or (de)-like word.
_PINYIN_RE = re.compile(rf"(?<=[\u3400-\u9fff])（ *[a-z{TONED}]*[{TONED}][a-z{TONED}]* *）")


@cache
def _simplifier():
    import opencc  # loaded on first use: most text needs no conversion, and lookup never parses

    return opencc.OpenCC("t2s")


_SIMPLIFIED: dict[int, str] = {}  # traditional → simplified, for the characters met so far that differ
_TRADITIONAL: set[str] = set()  # the same characters, to tell at C speed whether a line needs converting
_SEEN: set[str] = set()


def simplify(text: str) -> str:
    """Traditional characters replaced by simplified ones, one character for one (so offsets hold)."""
    chars = set(text)
    for ch in chars.difference(_SEEN):
        _SEEN.add(ch)
        converted = _simplifier().convert(ch) if ord(ch) >= 0x3400 else ch
        if len(converted) == 1 and converted != ch:
            _SIMPLIFIED[ord(ch)] = converted
            _TRADITIONAL.add(ch)
    return text if _TRADITIONAL.isdisjoint(chars) else text.translate(_SIMPLIFIED)


Form = tuple[str, tuple[int, ...] | None]


def recognition_form(text: str) -> Form:
    """The normalised, simplified, pinyin-free copy of `text`, and the original offset of each of its
    characters plus the end (None when the copy is as long as the text, offsets being the same)."""
    return _without_pinyin(text, simplify(normalize(text)))


def recognition_forms(lines: list[str]) -> list[Form]:
    """`recognition_form` of each line, the whole page normalised and simplified in one pass."""
    if any("\n" in line for line in lines):
        return [recognition_form(line) for line in lines]
    norms = simplify(normalize("\n".join(lines))).split("\n")
    return [_without_pinyin(text, norm) for text, norm in zip(lines, norms)]


def _without_pinyin(text: str, norm: str) -> Form:
    if "（" not in norm or not _PINYIN_RE.search(norm):
        return norm, None
    keep: list[int] = []
    last = 0
    for match in _PINYIN_RE.finditer(norm):
        keep.extend(range(last, match.start()))
        last = match.end()
    keep.extend(range(last, len(norm)))
    return "".join(norm[i] for i in keep), (*keep, len(text))
