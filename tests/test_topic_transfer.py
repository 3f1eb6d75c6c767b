"""Issue #11: outlines on other topics from the bundled bank (its speeches are all on 平安建设 and nearby
work) carry nothing characteristic of 平安建设, no dated 提法, no other meeting type and no bare-topic
collocation.

"Characteristic of 平安建设" is worked out here from the bank itself, independently of the planner: the bank's
mined terms that are nouns, that its speeches use far more often than general Chinese does (jieba's
dictionary), in at least two of its speeches, and (when the shared real-world excerpts are present) that
the excerpts on other topics never use.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter, defaultdict
from functools import cache

import pytest

import realworld
from drafter import vocab
from drafter.mining.about import occasion_of
from drafter.resources import bundled
from drafter.text.tokens import dictionary
from planning import plan

OCCASIONS = ("工作推进会", "动员部署会", "工作会议", "责任书签订会", "座谈交流会点评")
TOPICS = ("防汛抗旱", "安全生产", "教育", "乡村振兴")
CASES = list(itertools.product(TOPICS, OCCASIONS, (0, 1)))
KEYNESS = 300
BARE = ("信访的责任感", "推动信访迈上新水平", "防汛抗旱的活力和效率", "教育工作的安全底线", "乡村振兴工作的安全底线",
        "教育的质量和水平", "乡村振兴的质量和水平")


@cache
def characteristic() -> frozenset[str]:
    """Nouns characteristic of the bundled bank's speeches (see the module's docstring)."""
    import jieba.posseg

    bank = bundled("phrasebank")
    count: Counter[str] = Counter()
    speeches: dict[str, set[str]] = defaultdict(set)
    for kind in ("opening", "transition", "heading", "item", "closing", "term"):
        for line in (bank / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()[1:]:
            entry = json.loads(line)
            words = [entry["text"]] if kind == "term" else entry.get("tokens", [])
            for word in (w for w in words if re.fullmatch("[\u4e00-\u9fff]{2,}", w)):
                count[word] += entry["count"] if kind == "term" else 1
                speeches[word] |= {s["file"] for s in entry["sources"]}
    general = dictionary()
    total = sum(count.values())
    # in-genre words of other topics: the shared excerpts when present, else the lists of topic-neutral
    # officialese and general words (vocab/officialese.txt, general_words.txt)
    elsewhere = "\n".join(s["excerpt"] for s in realworld.speeches() if "维稳" not in s["topic"])
    elsewhere = elsewhere or "\n".join([*vocab.words("officialese"), *vocab.words("general_words")])
    terms = {json.loads(line)["text"] for line in (bank / "term.jsonl").read_text(encoding="utf-8").splitlines()[1:]}
    nouns = {w for w in terms if any(p.flag[0] == "n" or p.flag == "vn" for p in jieba.posseg.lcut(w, HMM=False))}
    return frozenset(
        w for w in nouns
        if count[w] / total >= KEYNESS * (general.freq.get(w, 0) + 1) / general.total
        and len(speeches[w]) >= 2 and w not in elsewhere
    )


@pytest.fixture(scope="module")
def outlines():
    return {case: plan(case[0], case[1], variant=case[2]) for case in CASES}


def sentences(text: str) -> list[str]:
    return [s for s in re.split("(?<=[。！？：\n])", text) if s.strip()]


def test_the_contrast_list_names_the_bundled_topic_and_no_house_words():
    words = characteristic()
    assert {"平安建设", "群体性事件", "治安防控体系", "综治"} <= words
    assert not words & {"工作", "落实", "责任", "意见", "同志们"}


@pytest.mark.parametrize("case", CASES, ids=["-".join(map(str, c)) for c in CASES])
def test_no_trace_of_the_bundled_topic(outlines, case):
    topic, occasion, _ = case
    text = outlines[case].to_text()
    foreign = [(s, w) for s in sentences(text) for w in characteristic() if w in s and w not in topic]
    assert foreign == []
    assert not vocab.pattern("dated").search(text)
    assert [b for b in BARE if b in text] == []
    for sentence in sentences(text):
        named = occasion_of(re.sub(r"会议精神|会议部署|会议要求", "", sentence))
        # no other meeting type: a sentence naming one names this meeting (会议 alone only where not convened)
        assert named in ("", occasion) or named == "工作会议" and "召开" not in sentence, sentence


def test_variants_differ(outlines):
    for topic, occasion in itertools.product(TOPICS, OCCASIONS):
        first, second = outlines[(topic, occasion, 0)], outlines[(topic, occasion, 1)]
        assert [p.heading for p in first.parts] != [p.heading for p in second.parts], (topic, occasion)


@pytest.mark.parametrize("occasion", OCCASIONS)
def test_a_topic_the_bank_touches_still_gets_an_opening_and_a_closing(occasion):
    """信访 is a word of the bundled speeches; the house opening and closing that name it are still on topic."""
    speech = plan("信访", occasion, variant=1)
    assert speech.opening and speech.closing and "信访" in speech.closing[-1].text
