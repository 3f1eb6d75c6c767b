"""The writer's archive as planning sees it: what each speech is about, which speeches are close to the
requested topic, and which words belong to other topics.

All of it comes from the bank (its `speech` entries and every entry's words), so any mined bank stands
alone. "Characteristic of another topic" is a contrast worked out from the bank: a word the other
speeches use far more often than general Chinese does (jieba's dictionary frequencies),
that the speeches on the requested topic, the topic itself and the topic-neutral house set never use, nor
the built-in sets of several fields of work (words writers use on any work).
Material carrying such a word is not put in an outline on another topic.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from drafter import vocab
from drafter.bank.store import Entry
from drafter.planning.material import field_texts

HOUSE = "内置表述"  # the source file name of the built-in, topic-neutral material
FIELD_SOURCE = "内置题材："  # how the built-in sets of a field of work name their source (内置题材：防汛抗旱)
# How a writer reaches for a speech (Archive.rank): on the topic at this occasion, on the topic, the built-in
# sets of the topic's field of work, other speeches at this occasion, other speeches, the house set.
OWN_OCCASION, OWN, FIELD, OTHER_OCCASION, OTHER, HOUSE_RANK = range(6)
COMMON_FIELDS = 3  # a word the built-in sets of this many fields of work use is common to all work
KEYNESS = 300  # times more frequent in the other speeches than in general Chinese
_WORD_RE = re.compile("[\u4e00-\u9fff]{2,}")
_COMPOUND_RE = re.compile("[和暨、与及]")
_WORDED_KINDS = ("opening", "transition", "heading", "item", "closing", "idiom", "series", "term")


@dataclass(frozen=True)
class SpeechAbout:
    """One archive speech's title, topic and occasion, as mined."""

    file: str
    title: str
    topic: str
    occasion: str


def topic_parts(topic: str) -> list[str]:
    """A compound topic's parts (安全生产和信访 → 安全生产, 信访), the whole first."""
    parts = [p for p in _COMPOUND_RE.split(topic) if len(p) >= 2]
    return list(dict.fromkeys([topic, *parts])) if topic else []


def close(topic: str, other: str) -> bool:
    """Topics a writer would borrow between: one holds the other (防汛 and 防汛抗旱), part by part."""
    return any(a in b or b in a for a in topic_parts(topic) for b in topic_parts(other))


class Archive:
    """The bank's speeches against one requested topic and occasion."""

    def __init__(self, entries: list[Entry], topic: str, occasion: str):
        self.entries = entries
        self.topic = topic
        self.occasion = occasion
        self.speeches = {
            s.file: SpeechAbout(s.file, e.text, e.members[0] if e.members else "", e.role)
            for e in entries if e.kind == "speech" for s in e.sources
        }
        # a speech is on the topic when a name it is about is close to it or to another name of the topic's
        # field of work (the built-in field file lists them: 创建文明城市, 文明城市创建, 创城)
        self.names = [topic, *(m for e in entries if e.kind == "speech" and any(s.file.startswith(FIELD_SOURCE)
                                                                                for s in e.sources) for m in e.members)]
        self.own = {s.file for e in entries if e.kind == "speech"
                    and any(close(n, m) for n in self.names for m in e.members) for s in e.sources}

    def rank(self, file: str) -> int:
        """How a writer reaches for a speech: the same (or a close) topic at the same occasion first, then
        the same topic, the built-in sets of its field, other speeches (topic-neutral material only), the
        house set last."""
        if file == HOUSE:
            return HOUSE_RANK
        if file.startswith(FIELD_SOURCE):
            return FIELD if file in self.own else OTHER
        speech = self.speeches.get(file)
        same_occasion = speech is not None and speech.occasion == self.occasion
        return (OWN_OCCASION if same_occasion else OWN) if file in self.own else (OTHER_OCCASION if same_occasion else OTHER)

    @cached_property
    def narrower(self) -> tuple[str, ...]:
        """Close speeches' topics that the requested topic holds (防汛 for 防汛抗旱), longest first: their
        field of work (防汛工作) is the requested one's in an outline (防汛抗旱工作)."""
        found = {p for f in self.own for p in topic_parts(self.speeches[f].topic) if p in self.topic and p != self.topic}
        return tuple(sorted(found, key=lambda p: (-len(p), p)))

    @cached_property
    def topic_words(self) -> tuple[str, ...]:
        """The archive's topic terms a reused sentence swaps for the requested topic (longest first): each
        speech's mined topic and its parts, and the writer's own list (词表/topic_words.txt), except
        those the requested topic holds (防汛 stays in a 防汛抗旱 outline)."""
        words = {p for s in self.speeches.values() for p in topic_parts(s.topic)}
        words |= set(vocab.words("topic_words"))
        # a speech on the topic keeps its words (安全生产和消防 for 安全生产, 文明城市创建 for 创建文明城市)
        words -= {p for f, s in self.speeches.items() if self.topic in s.topic or f in self.own for p in topic_parts(s.topic)}
        return tuple(sorted((w for w in words if w not in self.topic), key=lambda w: (-len(w), w)))

    @cached_property
    def foreign_words(self) -> frozenset[str]:
        """Words characteristic of the other topics' speeches (see the module's docstring); a word holding
        the requested topic (信访工作 for 信访) is about it, whoever used it."""
        from drafter.text.tokens import dictionary

        other: Counter[str] = Counter()
        own: set[str] = set()
        house = []
        for entry in self.entries:
            if entry.kind not in _WORDED_KINDS:
                continue
            files = {s.file for s in entry.sources}
            if HOUSE in files:
                if entry.group in ("", self.occasion) or not entry.group.isalpha() or ":" in entry.group:
                    house.append(entry.text)  # an other occasion's house sentence (责任书…) is not neutral here
                continue
            if any(f.startswith(FIELD_SOURCE) for f in files):
                house.append(entry.text)  # the built-in sets of the topic's own field: its words are the topic's
                continue
            # a discovered term (one jieba may cut into single characters) counts as one word, as often as used
            words = [entry.text] * entry.count if entry.kind == "term" else [w for w in entry.tokens if _WORD_RE.fullmatch(w)]
            words += [half for half in self._topic_halves if half in entry.text]
            if files & self.own:
                own.update(words)
            if files - self.own:
                other.update(words)
        neutral = "\n".join([*house, *vocab.words("general_words"), *vocab.words("officialese")])
        fields = field_texts()
        words = dictionary()
        total = sum(other.values()) or 1
        return frozenset(
            w for w, n in other.items()
            if w not in own and w not in self.topic and self.topic not in w and w not in neutral
            and sum(w in text for text in fields) < COMMON_FIELDS
            and n / total >= KEYNESS * (words.freq.get(w, 0) + 1) / words.total
        )

    @cached_property
    def _topic_halves(self) -> frozenset[str]:
        """The halves of the other speeches' four-character topics (抗旱 of 防汛抗旱): jieba often cuts
        such a half into single characters, so they are counted wherever a text holds them."""
        names = {p for f, s in self.speeches.items() if f not in self.own for p in topic_parts(s.topic)}
        return frozenset(name[i:i + 2] for name in names if len(name) == 4 for i in (0, 2))

    def foreign(self, text: str) -> list[str]:
        """The words of `text` characteristic of another topic (none: the text suits this topic)."""
        return [w for w in self.foreign_words if w in text]
