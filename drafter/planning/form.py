"""The form of a speech outline as writers build it: the stage of each part, parallel headings, counts.

Writers order parts as 认识—任务—落实 (raise understanding, the key tasks, follow-through), keep parallel
headings parallel (one frame, clauses of like length) and announce the number of parts in the transition.
"""

from __future__ import annotations

import re
from os.path import commonprefix

from drafter import vocab
from drafter.structure.numbering import int_to_cn

STAGES = ("认识", "任务", "落实")
# A count that announces the parts: 再讲三点, 强调几点, 这4个方面, 以上四个方面 (not 一项长期任务).
_COUNT_RE = re.compile(r"(?<=[讲谈调上这])([一二三四五六七八九十两几]+|\d+)(?=点|个方面|方面|条意见|个问题|个关键词)")


def stage_of(heading: str) -> int:
    """0 认识 / 1 任务 / 2 落实: the lead clause says understanding, the heading says follow-through."""
    lead = heading.split("，")[0]
    if any(word in lead for word in vocab.words("stage_understanding")):
        return 0
    return 2 if any(word in heading for word in vocab.words("stage_followthrough")) else 1


def common_stage(texts: list[str]) -> int:
    """The stage most of `texts` belong to."""
    stages = [stage_of(text) for text in texts]
    return max(set(stages), key=stages.count)


def parallel(headings: list[str]) -> bool:
    """Headings form one parallel set: the same number of clauses, each clause's length within 4
    characters across the set, and one frame: a common prefix or suffix of 2+ characters in some
    clause, or lead clauses of one length (统一认识，提高站位，…), or clauses all of one length."""
    clauses = [h.split("，") for h in headings]
    if len(headings) < 2 or len({len(c) for c in clauses}) != 1:
        return False
    columns = list(zip(*clauses))
    spreads = [max(map(len, col)) - min(map(len, col)) for col in columns]
    if max(spreads) > 4:
        return False
    framed = any(len(commonprefix(col)) >= 2 or len(commonprefix([c[::-1] for c in col])) >= 2 for col in columns)
    leads = len(columns) > 1 and max(spreads[:-1]) <= 1
    return framed or leads or max(spreads) <= 1


def core(item: str) -> str:
    """An item heading without the 要 of 一是要… / 一要…, so each skeleton numbers it in its own style."""
    return item[1:] if item.startswith("要") and len(item) > 3 else item


def is_task(item: str) -> bool:
    """Whether an item says what to do (提高政治站位), so a skeleton may put 要 before it, rather than
    how things stand (天气形势不容乐观, 存在麻痹思想: vocab/statement_cues)."""
    return not any(cue in item for cue in vocab.words("statement_cues"))


def recount(text: str, count: int) -> str:
    """再讲三点意见 / 这4个方面 → the outline's number of parts, in the same script; other counts stay."""
    return _COUNT_RE.sub(lambda m: str(count) if m.group(1).isdigit() else cn_count(count), text)


def cn_count(count: int) -> str:
    """A count as said before a measure word: 两点, not 二点."""
    return "两" if count == 2 else int_to_cn(count)


def enumerate_words(words: list[str]) -> str:
    """安全、发展和民生: how a sentence lists words."""
    return words[0] if len(words) == 1 else "、".join(words[:-1]) + "和" + words[-1]
