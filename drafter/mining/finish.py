"""Finishing one speech's entries once the corpus-wide facts are known (its topic, the discovered terms):
slots and flags, frames of its parallel sets, and the counts of the terms and topics in its text.

Runs in worker processes, speech by speech; the entries of all speeches are merged afterwards by kind
and text (drafter.mining.miner), so nothing here looks at another speech.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter

from drafter.bank.store import Entry, Source
from drafter.mining import frames, slots
from drafter.text.tokens import TermJoiner, Tokenizer, lexicon

SOURCE_ORDER = attrgetter("file", "paragraph", "offset")  # Source's own order, compared in C rather than by its __lt__


@dataclass(frozen=True)
class Counted:
    """A word counted in every speech (a discovered term or a speech's topic): its words, role and flags."""

    tokens: tuple[str, ...]
    role: str
    flags: tuple[str, ...]


def finish(file: str, entries: list[Entry], paragraphs: list[tuple[int, str]], topic: list[str],
           joiner: TermJoiner, maker: FrameMaker, counter: TermCounter) -> list[Entry]:
    """A speech's entries templated with its main `topic` (one {主题}), then its frames, then one term
    entry for each counted word it uses."""
    for entry in entries:
        entry.tokens = joiner(entry.tokens)
        _template(entry, topic)
    return [*entries, *_frames(entries, maker), *counter(file, paragraphs)]


def _template(entry: Entry, topics: list[str]) -> None:
    """Slots and flags for one entry; quotations, idioms and series keep their text, only flagged."""
    if entry.kind == "speech":
        return
    if entry.kind in ("quote", "idiom", "series", "salutation", "signoff"):
        entry.flags = ["dated"] if slots.dated(entry.text) else []
        return
    maker = slots.transition_template if entry.kind == "transition" else slots.template
    words = lexicon()
    templated = maker(entry.text, topics, words.places.__contains__, words.people.__contains__)
    entry.template, entry.slots, entry.flags = templated.template, templated.slots, templated.flags


class FrameMaker:
    """Induces frames and cuts their fixed words, remembering both: the same heading sets and series
    recur across speeches (获得感、幸福感、安全感), and each is worked out once per mine."""

    def __init__(self) -> None:
        self.tokenize = Tokenizer()
        self.frames: dict[tuple, frames.Frame | None] = {}
        self.tokens: dict[str, list[str]] = {}

    def induce(self, members: list[str], **options) -> frames.Frame | None:
        key = (tuple(members), tuple(sorted(options.items())))
        if key not in self.frames:
            self.frames[key] = frames.induce(members, **options)
        return self.frames[key]

    def words(self, template: str) -> list[str]:
        """Words of a frame's template: each slot one token, the fixed parts cut by jieba."""
        if template not in self.tokens:
            pieces = slots.SLOT_RE.split(template)
            self.tokens[template] = [
                t for i, piece in enumerate(pieces) for t in ([f"{{{piece}}}"] if i % 2 else self.tokenize(piece))
            ]
        return list(self.tokens[template])


def _frames(entries: list[Entry], maker: FrameMaker) -> list[Entry]:
    """Frames of the speech's heading and lead-sentence sets, and of its series."""
    out = []
    sets: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.kind in ("heading", "item"):
            sets.setdefault(entry.group, []).append(entry)
    for group, members in sets.items():
        frame = maker.induce([m.template for m in members])
        if frame:
            role = "item" if members[0].kind == "item" else "heading"
            for member in members:
                member.frame = frame.template
            out.append(_frame_entry(frame, [m.text for m in members], members, role, group, maker.words(frame.template)))
    for entry in entries:
        if entry.kind == "series":
            frame = maker.induce(entry.members, min_fixed=1, keep_single=True)
            if frame:
                out.append(_frame_entry(frame, entry.members, [entry], "series", "", maker.words(frame.template)))
    return out


def _frame_entry(frame, texts: list[str], members: list[Entry], role: str, group: str, tokens: list[str]) -> Entry:
    sources = sorted({source for member in members for source in member.sources}, key=SOURCE_ORDER)
    return Entry(text=frame.template, kind="frame", sources=sources[:1] if role == "series" else sources,
                 role=role, level=members[0].level, template=frame.template, slots=frame.slots,
                 tokens=tokens, group=group, members=list(texts))



class TermCounter:
    """Counts the counted words in a speech's text (paragraphs joined by line breaks, which no word holds)
    and finds the paragraph of each one's first use.

    Words are indexed by their first two characters; the keys met in the text are found by intersecting
    the index with the set of the text's character bigrams (built in C), so only words that may occur
    are searched for, however large the vocabulary."""

    def __init__(self, words: dict[str, Counted]):
        self.words = words
        self.starts: dict[str, list[str]] = {}
        for word in sorted(words):
            self.starts.setdefault(word[:2], []).append(word)

    def __call__(self, file: str, paragraphs: list[tuple[int, str]]) -> list[Entry]:
        text = "\n".join(p for _, p in paragraphs)
        starts = list(accumulate((len(p) + 1 for _, p in paragraphs), initial=0))
        entries = []
        for word in self._candidates(text):
            at = text.find(word)
            if at < 0:
                continue
            counted = self.words[word]
            source = Source(file, paragraphs[bisect_right(starts, at) - 1][0])
            entries.append(Entry(text=word, kind="term", count=text.count(word, at), sources=[source],
                                 tokens=list(counted.tokens), role=counted.role, flags=list(counted.flags)))
        return entries

    def _candidates(self, text: str) -> list[str]:
        size = len(text)
        keys = set(map(text.__getitem__, map(slice, range(size), range(2, size + 2))))
        return [word for key in sorted(keys.intersection(self.starts)) for word in self.starts[key] if word in text]
