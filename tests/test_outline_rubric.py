"""The rubric over every occasion × --parts 3/4/5 × three topics, on the bundled phrasebank.

Parallel, as checked here: the headings of one level under one parent have the same number of clauses
(split at ，), each clause's length varies by at most 4 characters across them, and they share a frame:
a common prefix or suffix of at least 2 characters in some clause, or lead clauses of one length, or
every clause of one length (提高政治站位、强化风险意识、认清问题短板).
"""

import itertools
import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.errors import UsageError
from drafter.planning.archive import FIELD_SOURCE, HOUSE
from drafter.structure.numbering import int_to_cn
from planning import plan as plan_speech
from drafter.structure.parser import parse_text

OCCASIONS = ("工作推进会", "动员部署会", "工作会议", "责任书签订会", "座谈交流会点评")
TOPICS = ("平安建设", "安全生产", "防汛抗旱")
CORPUS_TOPICS = ("平安建设", "安保维稳", "综治", "维稳", "社会治理")
BANK_TOPICS = ("平安建设",)  # topics of the bundled speeches (their titles)
CASES = list(itertools.product(OCCASIONS, (3, 4, 5), TOPICS))


def shares_frame(headings: list[str]) -> bool:
    clauses = [h.split("，") for h in headings]
    if len({len(c) for c in clauses}) != 1:
        return False
    columns = list(zip(*clauses))
    if any(max(map(len, col)) - min(map(len, col)) > 4 for col in columns):
        return False
    prefix = any(len(os.path.commonprefix(list(col))) >= 2 for col in columns)
    suffix = any(len(os.path.commonprefix([c[::-1] for c in col])) >= 2 for col in columns)
    leads = len(columns) > 1 and all(len(set(map(len, col))) == 1 for col in columns[:-1])
    same_shape = all(len(set(map(len, col))) == 1 for col in columns)
    return prefix or suffix or leads or same_shape


@pytest.fixture(scope="module")
def outlines():
    return {case: plan_speech(case[2], case[0], parts=case[1]) for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=["-".join(map(str, c)) for c in CASES])
def test_rubric(outlines, case):
    occasion, parts, topic = case
    speech = outlines[case]
    text = speech.to_text()
    assert parse_text(text).to_text() == text, "round trip"
    # numbering continuous at every level, and the transition announces as many parts as there are
    assert [p.value for p in speech.parts] == list(range(1, parts + 1))
    for block in speech.blocks():
        assert [i.value for i in block.items] == list(range(1, len(block.items) + 1))
        assert len({i.family for i in block.items}) <= 1
    announced = re.search(r"([一二三四五六七八九十]+|\d+)(点|个方面)", speech.transition.text)
    if announced:
        assert announced.group(1) in (int_to_cn(parts), str(parts))
    # no heading twice, headings (and each part's items) parallel
    headings = [b.heading for b in speech.blocks()]
    assert len(headings) == len(set(headings))
    if topic not in BANK_TOPICS:  # on the bank's own topic a speech's parts come whole, as its writer put them
        assert shares_frame([p.heading for p in speech.parts]), [p.heading for p in speech.parts]
    for part in speech.parts:  # a part of a speech on the topic keeps the items its writer put under it
        assert len(part.items) >= (2 if topic in BANK_TOPICS else 3), part.heading
        assert topic in BANK_TOPICS or shares_frame([i.heading for i in part.items]), part.heading
    # topic present in title, transition or headings; no corpus topic left; no doubled topic
    assert topic in "".join(speech.title)
    assert topic in speech.transition.text or any(topic in p.heading for p in speech.parts) or topic in speech.opening[0].text
    if topic not in BANK_TOPICS:  # an outline on a topic the bank has speeches on reuses them near verbatim
        assert [t for t in CORPUS_TOPICS if t in text and t not in topic] == []
    assert topic + topic not in text and topic + topic[-2:] not in text and "工作工作" not in text
    # every heading and sentence says where it came from
    assert all(b.source and (b.source.file.endswith(".txt") or b.source.file == HOUSE or b.source.file.startswith(FIELD_SOURCE))
               and b.source.paragraph > 0 for b in speech.blocks())
    assert all(p.source for p in speech.opening + speech.closing) and speech.transition.source


def test_rubric_outlines_differ_by_topic(outlines):
    for occasion, parts in itertools.product(OCCASIONS, (3, 4, 5)):
        texts = {outlines[(occasion, parts, topic)].to_text() for topic in TOPICS}
        assert len(texts) == 3


@settings(max_examples=25, deadline=None)
@given(topic=st.text(alphabet="安全生产防汛抗旱森林防火食品药品环境保护乡村振兴营商", min_size=2, max_size=8), occasion=st.sampled_from(OCCASIONS))
def test_any_topic_gives_a_clean_outline_or_a_clear_refusal(topic, occasion):
    try:
        speech = plan_speech(topic, occasion)
    except UsageError as err:
        assert "表述库" in str(err)
        return
    text = speech.to_text()
    assert parse_text(text).to_text() == text
    assert topic in "".join(speech.title) and topic + topic not in text
    if topic not in BANK_TOPICS:  # an outline on a topic the bank has speeches on reuses them near verbatim
        assert [t for t in CORPUS_TOPICS if t in text and t not in topic] == []
