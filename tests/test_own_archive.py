"""Issue #11, end to end: a writer's own archive (the shared real-world excerpts, written out as .docx and
GB18030 .txt) mined, and outlines for every occasion × 3/4/5 parts on 安全生产 and 防汛抗旱 from that bank
alone: the bundled corpus and bank play no part.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner

import realworld
from drafter.cli import main
from drafter.planning.archive import topic_parts
from drafter.resources import bundled
from drafter.structure.parser import parse_text
from drafter.text.reading import normalize, read_speech

pytestmark = pytest.mark.skipif(not realworld.speeches(), reason="the shared real-world excerpts are absent")

OCCASIONS = ("工作推进会", "动员部署会", "工作会议", "责任书签订会", "座谈交流会点评")
TOPICS = ("安全生产", "防汛抗旱")
CASES = list(itertools.product(TOPICS, OCCASIONS, (3, 4, 5)))


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    folder = tmp_path_factory.mktemp("own")
    archive = realworld.write_archive(folder / "讲话稿")
    assert {p.suffix for p in archive.iterdir()} == {".docx", ".txt"}
    bank = folder / "表述库"
    result = CliRunner().invoke(main, ["mine", str(archive), "-o", str(bank)])
    assert result.exit_code == 0, result.output
    return bank


@pytest.fixture(scope="module")
def outlines(bank):
    found = {}
    for topic, occasion, parts in CASES:
        args = ["outline", "--topic", topic, "--occasion", occasion, "--parts", str(parts), "--phrasebank", str(bank)]
        found[(topic, occasion, parts)] = CliRunner().invoke(main, args)
    return found


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[1:]]


def other_topics(bank, topic: str) -> set[str]:
    """The archive's topics (as its excerpts are labelled, and as mined) that are not the requested one
    nor part of it (防汛 in 防汛抗旱), nor a field inside it (a label's brackets: 安全生产(煤矿))."""
    labels = {part for s in realworld.speeches() for part in re.sub(r"[(（].*?[)）]", "", s["topic"]).split("/")}
    mined = {m for e in _lines(bank / "speech.jsonl") for m in e.get("members", []) if len(m) >= 3}
    named = {part for t in labels | mined for part in topic_parts(t)}  # 安全生产和信访 → 信访 too
    return {t for t in named if t not in topic and topic not in t}


def corpus_sentences() -> set[str]:
    """Every sentence of the bundled corpus long enough to be its own (not a formula such as 谢谢大家！)."""
    found = set()
    for path in bundled("corpus").glob("*.txt"):
        for paragraph in read_speech(path).paragraphs:
            found.update(s for s in re.split("(?<=[。！？])", normalize(paragraph)) if len(s) >= 16)
    return found


def test_the_archive_is_mined_with_each_speechs_topic_and_occasion(bank):
    speeches = _lines(bank / "speech.jsonl")
    assert sum(len(e["sources"]) for e in speeches) == len(realworld.speeches())
    topics = Counter(m for e in speeches for m in e.get("members", []))
    assert topics["安全生产"] >= 3 and "防汛" in topics and "乡村振兴" in topics and "招商引资" in topics


@pytest.mark.parametrize("case", CASES, ids=["-".join(map(str, c)) for c in CASES])
def test_outline_from_the_own_bank_alone(bank, outlines, case):
    topic, occasion, parts = case
    result = outlines[case]
    assert result.exit_code == 0, result.output
    speech = parse_text(result.stdout)
    used = Counter({e["text"]: e["count"] for e in _lines(bank / "salutation.jsonl") if len(e["text"]) <= 12})
    assert speech.salutation in ("同志们：", *[t for t, _ in used.most_common(1)])
    assert speech.opening and speech.transition and len(speech.parts) == parts and speech.closing
    assert len(speech.transition.text) <= 48 and "××同志" not in speech.transition.text  # one announcing sentence
    assert not re.search("[xX]{2}", result.stdout)  # a left-out name is the slot ×× (×××同志)
    assert not re.search("[\u4e00-\u9fff] +[\u4e00-\u9fff]", result.stdout)  # no spaces a PDF copy left
    items = [i.heading.removeprefix("要") for p in speech.parts for i in p.items]
    assert [i for i in items if any(i in p.heading for p in speech.parts)] == []  # no part restates a heading
    said = {"title": "".join(speech.title), "transition": speech.transition.text,
            "closing": "".join(p.text for p in speech.closing)}
    for where, text in said.items():
        assert topic in text, where
        assert [t for t in other_topics(bank, topic) if t in text] == [], where
    text = speech.to_text()
    assert [s for s in corpus_sentences() if s in text] == []


def test_keywords_variants_and_same_bytes_from_the_own_bank(bank):
    def outline(*extra: str):
        result = CliRunner().invoke(main, ["outline", "--topic", "防汛抗旱", "--occasion", "动员部署会",
                                           "--phrasebank", str(bank), *extra])
        assert result.exit_code == 0, result.output
        return result

    keywords = outline("--keywords", "隐患排查,责任落实,应急准备")
    parts = parse_text(keywords.stdout).parts
    assert [k for k, p in zip(("隐患排查", "责任落实", "应急准备"), parts) if k in p.heading] == ["隐患排查", "责任落实", "应急准备"]
    first, again, other = outline("--parts", "4"), outline("--parts", "4"), outline("--parts", "4", "--variant", "1")
    assert (first.stdout, first.stderr) == (again.stdout, again.stderr)
    assert [p.heading for p in parse_text(other.stdout).parts] != [p.heading for p in parse_text(first.stdout).parts]
