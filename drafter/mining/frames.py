"""Frames: the parallel pattern behind a set of headings or a series, with its slots.

The four headings 要把维护安全稳定的责任牢牢扛在肩上 / 要把护航高质量发展紧紧抓在手上 / … share the
fixed words 要把 … 在 … 上; what varies between them becomes slots, named by what fills them (a
reduplicated adverb 牢牢/紧紧 is {副词}, the verb after it {动词}, the one character between 在 and 上
{部位}): 要把{X}{副词}{动词}在{部位}上. A frame is what lets an outline for a new topic stay parallel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from drafter.mining.slots import SLOT_RE

_SYMBOL_RE = re.compile(r"\{[^{}]+\}|.", re.S)
# Single characters that carry a frame's grammar (在…上, 把…, 以…为); other lone shared characters are chance.
_STRUCTURAL = set("在上把为以于对向从中")
_HAN_RE = re.compile("[\u4e00-\u9fff]")
_GENERIC = ("X", "Y", "Z", "W", "V", "U")
_REDUPLICATED_VERB_RE = re.compile(r"^(.+?)(([\u4e00-\u9fff])\3)([\u4e00-\u9fff])$")


@dataclass(frozen=True)
class Frame:
    """A frame's template (fixed words and {slots}) and its slot names in order."""

    template: str
    slots: list[str]


def induce(members: list[str], min_fixed: int = 3, keep_single: bool = False) -> Frame | None:
    """The frame shared by parallel `members` (templates may already hold {主题}), or None.

    Fixed parts are the runs of symbols every member has, in order; a frame needs at least `min_fixed`
    fixed characters, two of them Chinese, and at least one slot. `keep_single` keeps one-character
    fixed parts (the 早 of 早发现、早介入、早化解).
    """
    if len(members) < 2 or len(set(members)) < 2:
        return None
    sequences = [_SYMBOL_RE.findall(m) for m in members]
    runs = _common_runs(sequences)
    runs = [r for r in runs if len(r) > 1 or keep_single or r[0] in _STRUCTURAL]
    fillers = _fillers(members, runs)
    if fillers is None:
        return None
    fixed = "".join("".join(r) for r in runs)
    if len(fixed) < min_fixed or len(_HAN_RE.findall(fixed)) < (1 if keep_single else 2):
        return None
    return _build(runs, fillers)


def _common_runs(sequences: list[list[str]]) -> list[list[str]]:
    """Runs of symbols common to all sequences, in order (longest matches first, as difflib finds them)."""
    runs = [sequences[0]]
    for other in sequences[1:]:
        new_runs = []
        for run in runs:
            matcher = SequenceMatcher(None, run, other, autojunk=False)
            new_runs += [run[b.a:b.a + b.size] for b in matcher.get_matching_blocks() if b.size]
        runs = _ordered_in(new_runs, other)
    return runs


def _ordered_in(runs: list[list[str]], sequence: list[str]) -> list[list[str]]:
    """Keep the runs that occur in `sequence` one after another, in order."""
    text, kept, at = "".join(sequence), [], 0
    for run in runs:
        found = text.find("".join(run), at)
        if found >= 0:
            kept.append(run)
            at = found + len("".join(run))
    return kept


def _fillers(members: list[str], runs: list[list[str]]) -> list[list[str]] | None:
    """For each gap around the fixed runs, what every member puts there (None when a member does not fit)."""
    pattern = "(.*?)" + "(.*?)".join(re.escape("".join(r)) for r in runs) + "(.*?)"
    gaps: list[list[str]] = []
    for member in members:
        match = re.fullmatch(pattern, member, re.S)
        if match is None:
            return None
        gaps.append(list(match.groups()))
    return [list(column) for column in zip(*gaps)]


def _build(runs: list[list[str]], fillers: list[list[str]]) -> Frame | None:
    parts: list[str] = []
    names: list[str] = []
    for gap, column in enumerate(fillers):
        before = "".join(runs[gap - 1]) if gap else ""
        after = "".join(runs[gap]) if gap < len(runs) else ""
        if any(column):
            for name in _slot_names(column, before, after, names):
                names.append(name)
                parts.append("{" + name + "}")
        if gap < len(runs):
            parts.append(after)
    if not names:
        return None
    template = "".join(parts)
    return Frame(template, list(dict.fromkeys(SLOT_RE.findall(template))))


def _slot_names(column: list[str], before: str, after: str, taken: list[str]) -> list[str]:
    """Names for one gap, from what fills it: a gap may split into {X}{副词}{动词}."""
    if all(_REDUPLICATED_VERB_RE.match(c) for c in column):
        return [_generic(taken), "副词", "动词"]
    if before.endswith("在") and after.startswith("上") and all(len(c) == 1 for c in column):
        return ["部位"]
    if all(len(c) == 5 and c[2] == "新" for c in column):
        return ["新目标"]
    if not before and after.startswith("，") and all(len(c) == 4 for c in column):
        return ["动宾"]
    return [_generic(taken)]


def _generic(taken: list[str]) -> str:
    return next(name for name in _GENERIC if name not in taken)
