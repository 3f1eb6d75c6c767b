"""Finishing one speech's entries once the corpus-wide facts are known (its topic, the discovered terms):
slots and flags, frames of its parallel sets, and the counts of the terms and topics in its text.

Runs in worker processes, speech by speech; the entries of all speeches are merged afterwards by kind
and text (drafter.mining.miner), so nothing here looks at another speech.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter
from pathlib import Path

import ahocorasick_rs

from drafter.bank.store import Entry
from drafter.mining import frames, slots
from drafter.mining.spill import published
from drafter.text.tokens import TermJoiner, Tokenizer, dictionary, taught

SOURCE_ORDER = attrgetter("file", "paragraph", "offset")  # Source's own order, compared in C rather than by its __lt__
_PACKED = attrgetter("count", "role", "level", "template", "slots", "tokens", "group", "members", "frame", "speaker", "flags")

Packed = tuple
"""An entry's values after its kind and text, sources first as (file, paragraph, offset) tuples: what the
runs hold. Pickling plain tuples costs a fraction of pickling Entry and Source objects, and the term
entries, one per counted word each batch uses with a source per speech, outnumber all other entries."""


@dataclass(frozen=True, slots=True)
class Counted:
    """A word counted in every speech (a discovered term or a speech's topic): its words, role and flags."""

    tokens: tuple[str, ...]
    role: str
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Shared:
    """The corpus-wide facts every batch needs to finish its speeches: the discovered terms (their words),
    the counted words. Loaded by every process: only what finishing uses."""

    terms: tuple[tuple[str, ...], ...]
    counted: dict[str, Counted]


class Finishing:
    """The tools that finish speeches over the corpus-wide facts, built once per process and mine rather
    than once per batch: joining, counting and teaching the dictionary the terms each cost in proportion to the
    vocabulary, which grows with the archive, so per batch they made mining quadratic."""

    def __init__(self, shared: Shared):
        self.joiner = TermJoiner({words: "".join(words) for words in shared.terms})
        self.counter = TermCounter(shared.counted)
        self._taught = ExitStack()
        self._taught.enter_context(taught(["".join(words) for words in shared.terms]))

    def close(self) -> None:
        self._taught.close()


_open: dict[Path, Finishing] = {}


def finishing(path: Path) -> Finishing:
    """The finishing tools for the facts published at `path` (drafter.mining.spill.publish) in this process."""
    if path not in _open:
        close_finishing()
        _open[path] = Finishing(published(path))
    return _open[path]


def close_finishing() -> None:
    """The dictionary untaught again, so that the next mine in this process cuts the corpus exactly as the first did."""
    while _open:
        _open.popitem()[1].close()


def finish(entries: list[Entry], topic: list[str], joiner: TermJoiner, maker: FrameMaker) -> list[tuple[str, str, Packed]]:
    """A speech's entries templated with its main `topic` (one {主题}), then its frames; each as (kind, text,
    packed entry). The counted words it uses are entries too, summed over its batch (TermTally)."""
    for entry in entries:
        entry.tokens = joiner(entry.tokens)
        _template(entry, topic)
    return [(e.kind, e.text, packed(e)) for e in [*entries, *_frames(entries, maker)]]


def packed(entry: Entry) -> Packed:
    """An entry as its run holds it (see Packed); `merged` makes entries again, one per kind and text."""
    return (tuple((s.file, s.paragraph, s.offset) for s in entry.sources), *_PACKED(entry))


def combined(kind: str, occurrences: list[Packed]) -> Packed:
    """Occurrences of one kind and text (packed, in corpus order) as one: counts added, sources and flags
    united, the rest (group, members, template) from the first; a frame unites its members. Associative,
    so a batch combines its own occurrences before the merge (fewer records to sort, write and read)."""
    if len(occurrences) == 1:
        return occurrences[0]
    first = occurrences[0]
    sources = tuple(sorted({source for occurrence in occurrences for source in occurrence[0]}))
    count = sum(occurrence[1] for occurrence in occurrences)
    members = tuple(dict.fromkeys(m for occurrence in occurrences for m in occurrence[8])) if kind == "frame" else first[8]
    flags = tuple(sorted({flag for occurrence in occurrences for flag in occurrence[11]}))
    return (sources, count, *first[2:8], members, first[9], first[10], flags)


def merged(kind: str, text: str, occurrences: list[Packed]) -> tuple[Entry, Sequence[tuple[str, int, int]]]:
    """Identical texts of one kind (packed, in corpus order) become one entry (see `combined`, which gives
    the sources of several occurrences sorted and unique: a common word's are tens of thousands). The
    sources come beside the entry as tuples, for drafter.bank.store.json_line: they are only written."""
    sources, count, role, level, template, slots, tokens, group, members, frame, speaker, flags = combined(kind, occurrences)
    if len(occurrences) == 1:
        sources = sorted(set(sources))
    return Entry(text, kind, count, [], role, level, template, list(slots), list(tokens), group, list(members),
                 frame, speaker, sorted(flags)), sources


def _template(entry: Entry, topics: list[str]) -> None:
    """Slots and flags for one entry; quotations, idioms and series keep their text, only flagged."""
    if entry.kind == "speech":
        return
    if entry.kind in ("quote", "idiom", "series", "salutation", "signoff"):
        entry.flags = ["dated"] if slots.dated(entry.text) else []
        return
    maker = slots.transition_template if entry.kind == "transition" else slots.template
    words = dictionary()
    templated = maker(entry.text, topics, words.is_place, words.is_person)
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

    One Aho-Corasick automaton over all the words finds every occurrence in one pass over the text, so the
    cost grows with the text and not with the vocabulary (which grows with the archive: a search per word,
    or per word sharing a bigram with the text, made the last pass grow faster than the archive). It is
    ahocorasick_rs's, which gives a text's matches as one list of indexes: with the 17,000 terms of a
    100 MB archive, counting takes two thirds of the time it took over pyahocorasick's iterator."""

    def __init__(self, words: dict[str, Counted]):
        self.words = words
        self.names = list(words)
        self.automaton = ahocorasick_rs.AhoCorasick(self.names, matchkind=ahocorasick_rs.MATCHKIND_STANDARD)

    def __call__(self, file: str, paragraphs: list[tuple[int, str]]) -> list[tuple[str, tuple[str, int, int], int]]:
        """(word, source, count) for each counted word the text uses, in the words' order; the source names
        the paragraph of its first use."""
        text = "\n".join(p for _, p in paragraphs)
        starts = list(accumulate((len(p) + 1 for _, p in paragraphs), initial=0))
        names = self.names
        return [(word, (file, paragraphs[bisect_right(starts, at) - 1][0], 0), count)
                for word, at, count in sorted((names[i], at, count) for i, (at, count, _) in self._occurrences(text).items())]

    def packed(self, word: str, sources: tuple[tuple[str, int, int], ...], count: int) -> Packed:
        """The term entry of a counted word with these sources and uses."""
        counted = self.words[word]
        return sources, count, counted.role, 0, "", (), counted.tokens, "", (), "", "", counted.flags

    def _occurrences(self, text: str) -> dict[int, list[int]]:
        """Each word the text holds, by its index: [first position, count, where its last counted use ends].
        Counted as str.count counts: a use overlapping the one before it is not counted."""
        seen: dict[int, list[int]] = {}
        for index, start, end in self.automaton.find_matches_as_indexes(text, overlapping=True):
            uses = seen.get(index)
            if uses is None:
                seen[index] = [start, 1, end]
            elif start >= uses[2]:
                uses[1] += 1
                uses[2] = end
        return seen


class TermTally:
    """A batch's counted words, summed speech by speech: for each, the corpus position of its first use
    (speech and place, as every entry has), its uses and a source for each speech using it. A speech uses
    hundreds of them: made an entry per speech and word and combined as the other entries are (`combined`),
    they cost the last pass several times the summing."""

    def __init__(self, counter: TermCounter) -> None:
        self.counter = counter
        self.found: dict[str, list] = {}  # word → [sequence, place, count, source…]

    def add(self, sequence: int, place: int, file: str, paragraphs: list[tuple[int, str]]) -> None:
        """The counted words of a speech whose entries before them are `place` many."""
        found = self.found
        for place, (word, source, count) in enumerate(self.counter(file, paragraphs), place):
            held = found.get(word)
            if held is None:
                found[word] = [sequence, place, count, source]
            else:
                held[2] += count
                held.append(source)

    def records(self) -> Iterator[tuple[str, str, int, int, Packed]]:
        """("term", word, sequence, place, packed entry) for each word, its sources sorted and unique (as
        `combined` gives them)."""
        for word, (sequence, place, count, *sources) in self.found.items():
            unique = tuple(sorted(set(sources))) if len(sources) > 1 else tuple(sources)
            yield "term", word, sequence, place, self.counter.packed(word, unique, count)
