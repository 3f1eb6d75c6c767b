"""The writer's archive as planning sees it: what each speech is about, which speeches are close to the
requested topic, and which words belong to other topics.

All of it comes from the bank (its `speech` entries and every entry's words), so any mined bank stands
alone. "Characteristic of another topic" is a contrast worked out from the bank: a word the other
speeches use far more often than general Chinese does (jieba's dictionary frequencies),
that the speeches on the requested topic, the topic itself and the topic-neutral house set never use.
Material carrying such a word is not put in an outline on another topic.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from drafter import vocab
from drafter.bank.store import Entry

HOUSE = "内置表述"  # the source file name of the built-in, topic-neutral material
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
        self.own = {f for f, s in self.speeches.items() if s.topic and close(topic, s.topic)}

    def rank(self, file: str) -> int:
        """How a writer reaches for a speech: the same (or a close) topic at the same occasion first, then
        the same topic, then other speeches (topic-neutral material only), the house set last."""
        if file == HOUSE:
            return 4
        speech = self.speeches.get(file)
        same_occasion = speech is not None and speech.occasion == self.occasion
        return (0 if same_occasion else 1) if file in self.own else (2 if same_occasion else 3)

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
        # a speech whose topic holds the requested one (安全生产和消防 for 安全生产) is on it: its words stay
        words -= {p for s in self.speeches.values() if self.topic in s.topic for p in topic_parts(s.topic)}
        return tuple(sorted((w for w in words if w not in self.topic), key=lambda w: (-len(w), w)))

    @cached_property
    def foreign_words(self) -> frozenset[str]:
        """Words characteristic of the other topics' speeches (see the module's docstring); a word holding
        the requested topic (信访工作 for 信访) is about it, whoever used it."""
        from drafter.text.tokens import jieba_module

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
            # a discovered term (one jieba may cut into single characters) counts as one word, as often as used
            words = [entry.text] * entry.count if entry.kind == "term" else [w for w in entry.tokens if _WORD_RE.fullmatch(w)]
            if files & self.own:
                own.update(words)
            if files - self.own:
                other.update(words)
        neutral = "\n".join([*house, *vocab.words("general_words"), *vocab.words("officialese")])
        dictionary = jieba_module().dt
        total = sum(other.values()) or 1
        return frozenset(
            w for w, n in other.items()
            if w not in own and w not in self.topic and self.topic not in w and w not in neutral
            and n / total >= KEYNESS * (dictionary.FREQ.get(w, 0) + 1) / dictionary.total
        )

    def foreign(self, text: str) -> list[str]:
        """The words of `text` characteristic of another topic (none: the text suits this topic)."""
        return [w for w in self.foreign_words if w in text]
