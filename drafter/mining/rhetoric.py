"""Figures of speech found in running text: 排比 series, 四字格, and quotations with their speaker.

All functions read normalised text (full-width punctuation) and return what they found with its
offset, so the caller can attach provenance. Quotations are returned verbatim, never trimmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

from drafter import vocab

_HAN = "\u4e00-\u9fff"
_COMPACT_RE = re.compile(rf"([{_HAN}])([{_HAN}])(?:\1[{_HAN}]){{2,}}")
_RUN_RE = re.compile(rf"[{_HAN}]+(?:[、，][{_HAN}]+)+")
_SEPARATOR_RE = re.compile("[、，]")
_VERB_RE = re.compile(r"(强调|指出|要求|提出|说|讲|告诫|论述|阐述|指明)[了过]?[，：]?$")
_QUOTE_RE = re.compile(r"“([^“”]{8,})”")


@dataclass(frozen=True)
class Found:
    """A figure found in a text: its canonical text, offset, members (series), speaker (quotation), role."""

    text: str
    offset: int
    members: tuple[str, ...] = ()
    speaker: str = ""
    role: str = ""


def series(text: str, is_word=lambda word: False, runs: list[tuple[list[str], int]] | None = None) -> list[Found]:
    """排比 runs: three or more short parallel segments sharing a character at the same place
    (早发现，早介入，早化解 → 早发现、早介入、早化解; 最高标准、最严要求、最强措施), and compact runs like 用心用情用力.

    `is_word` (a dictionary look-up) rejects a compact run cut out of longer words (难点痛点堵点问题).
    `runs` are the text's `word_runs` when the caller has them already.
    """
    found = []
    for m in _COMPACT_RE.finditer(text):
        before, after = text[m.start() - 1:m.start() + 1] if m.start() else "", text[m.end() - 1:m.end() + 1]
        if not (is_word(before) or is_word(after)):
            run = m.group(0)
            found.append(Found(run, m.start(), tuple(run[i:i + 2] for i in range(0, len(run), 2))))
    for words, offset in word_runs(text) if runs is None else runs:
        if len(words) < 3:
            continue
        found += [Found("、".join(members), offset, members) for members in _parallel_stretches(words)]
    return sorted(found, key=lambda f: (f.offset, f.text))


def word_runs(text: str) -> list[tuple[list[str], int]]:
    """Maximal runs of two or more Chinese segments joined by 、 or ， (a list, a chain of clauses), each
    with its offset. A series needs three segments: the runs of three are exactly the runs of two or more
    that hold three, so one pass serves both `series` and `four_character`."""
    return [(_SEPARATOR_RE.split(m.group(0)), m.start()) for m in _RUN_RE.finditer(text)]


def _parallel_stretches(words: list[str]) -> list[tuple[str, ...]]:
    """Stretches of same-shaped words (same length, a common character at the same place), the word
    before a stretch contributing its tail when that fits too (以最高站位 → 最高站位)."""
    stretches = []
    i = 0
    while i < len(words) - 1:
        length = len(words[i])
        k = i + 1
        while k < len(words) and len(words[k]) == length and _shared_place(words[i:k + 1]):
            k += 1
        if k - i < 2 or not 2 <= length <= 6:
            i += 1
            continue
        members = words[i:k]
        if i and len(words[i - 1]) > length and _shared_place([words[i - 1][-length:], *members]):
            members = [words[i - 1][-length:], *members]
        if len(members) >= 3:
            stretches.append(tuple(members))
        i = k
    return stretches


def _shared_place(words: list[str]) -> bool:
    """Distinct words of one length with a common character at the same place (one column of equal letters)."""
    return len(set(words)) == len(words) and any(len(set(column)) == 1 for column in zip(*words))


def four_character(
    text: str, tokens: list[str], idioms: dict[str, str], nouns: frozenset[str], runs: list[tuple[list[str], int]] | None = None
) -> list[Found]:
    """四字格 in use: dictionary idioms jieba cut out of the text (居安思危), and four-character segments
    standing side by side (总结成绩、分析形势、部署任务), unless they are common dictionary nouns (退役军人)
    or items of a list sharing a word (重点行业、重点领域). The role says which: 成语, 习用语 or 并列.
    `runs` are the text's `word_runs` when the caller has them already."""
    found = [Found(token, text.find(token), role=idioms[token]) for token in idioms.keys() & set(tokens)]
    for words, offset in word_runs(text) if runs is None else runs:
        lengths = list(map(len, words))
        if lengths.count(4) < 2:  # no four-character segment beside another
            continue
        starts = list(accumulate((length + 1 for length in lengths), initial=offset))
        for index in [i for i, length in enumerate(lengths) if length == 4]:
            word = words[index]
            if word in nouns or word in idioms:
                continue
            neighbours = [words[i] for i in (index - 1, index + 1) if 0 <= i < len(words) and lengths[i] == 4]
            listed = any(_shared_place([word, n]) for n in neighbours)  # 重点行业、重点领域 is a list
            if neighbours and not listed:
                found.append(Found(word, starts[index], role="并列"))
    return sorted(found, key=lambda f: (f.offset, f.text))


def quotations(text: str) -> list[Found]:
    """Quotations introduced by a speaker and a verb of saying (习近平总书记多次强调，“…”“…”, 明确要求“…”):
    each quotation verbatim, with who said it. A quotation without a speaker in its sentence is left alone."""
    found = []
    speaker = ""
    since = 0  # where the text before the next quotation starts: the sentence start or the last quotation's end
    for match in _QUOTE_RE.finditer(text):
        lead = text[since:match.start()]
        stop = max(lead.rfind(ch) for ch in "。！？")
        if stop >= 0:
            lead, speaker = lead[stop + 1:], ""
        named = vocab.pattern("quote_speakers").findall(lead)
        speaker = named[-1] if named else speaker
        continues = lead == "" and bool(found) and found[-1].speaker == speaker
        if speaker and (_VERB_RE.search(lead) or continues):
            found.append(Found(match.group(1), match.start(1), speaker=speaker))
        since = match.end()
    return found
