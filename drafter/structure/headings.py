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
_PIECE_RE = re.compile(r"\S+")
_PUNCTUATED_RE = re.compile("[，。：；！？]")
_TAIL = 20  # a wrapped tail of a heading is shorter than this


@cache
def _endings() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words("heading_endings"), key=len, reverse=True)))


def glued_end(sentence: str) -> int | None:
    """The end of the heading inside `sentence` (recognition form, mark removed), or None when the
    sentence is short enough to be the heading itself or no ending runs into new text.

    The glue is in the first clause that runs on, so the heading ends before the clause break (，；) that
    follows the first ending: at the last ending when the heading is one clause (…所取得的成效2023年，…), at the
    first when the glue is in a later clause of it (统一思想，树立信心全国文明城市是…); a space after an ending (pages that turned breaks into spaces)
    ends a heading of any length; endings inside quotation marks («思想共振») are words, not ends."""
    at_space = _space_end(sentence)
    if at_space is not None:
        return at_space
    spaced = len(sentence) <= _LONGER_THAN
    ends = [end for end in _ending_offsets(sentence) if sentence[end].isspace() or not spaced]
    if not ends:
        return None
    clause = re.compile("[，；]").search(sentence, ends[0])
    in_clause = [end for end in ends if clause is None or end < clause.start()]
    # where the glued clause starts, the first ending in it ends the heading (…的重要性征兵工作是…)
    start = sentence.rfind("，", 0, in_clause[0]) + 1
    return in_clause[0] if start > 0 else in_clause[-1]


def _space_end(sentence: str) -> int | None:
    """On pages whose line breaks became spaces (一、…让乡村振兴的政治 责任在“思想共振”中扎根铸魂 习近平总书记…),
    the heading ends at the first space after which text with punctuation follows: short unpunctuated pieces
    after a space are the heading's own wrapped tail."""
    pieces = [m for m in _PIECE_RE.finditer(sentence)]
    if len(pieces) < 2 or pieces[0].end() < _SHORTEST:
        return None
    end = pieces[0].end()
    for piece in pieces[1:]:
        text = piece.group()
        if _PUNCTUATED_RE.search(text) or len(text) > _TAIL:
            return end
        end = piece.end()
    return None


def _ending_offsets(sentence: str) -> list[int]:
    found = []
    for match in _endings().finditer(sentence, 0, _SCAN):
        end = match.end()
        inside_quotes = sentence.count("“", 0, end) > sentence.count("”", 0, end)
        if end >= _SHORTEST and end < len(sentence) and _runs_on(sentence[end]) and not inside_quotes:
            found.append(end)
    return found


def _runs_on(char: str) -> bool:
    return char not in _JOINING and (char.isspace() or char.isalnum())
