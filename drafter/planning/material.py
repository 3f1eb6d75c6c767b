"""The bank's entries grouped the way planning uses them: heading sets, and paragraphs of sentences.

Everything comes from the bank itself (text, provenance, sentence offsets): planning never opens an archive
file, so a bank naming any path in its sources is only ever read as data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path

from drafter.bank.store import Entry, Source, read_file
from drafter.structure.model import Provenance
from drafter.structure.numbering import start_marker
from drafter.planning.model import HeadingSet, Piece

# Frame entries the planner builds outlines from (curated in phrasebank/提纲句式.jsonl); other frames
# (series, phrase patterns) are for `drafter phrase`.
OUTLINE_ROLES = ("提纲", "关键词")
# What planning loads: the kinds it draws on, and those whose words tell the archive's topics apart.
KINDS = ("salutation", "opening", "transition", "heading", "item", "frame", "closing", "signoff", "speech",
         "idiom", "series", "term")
REWRITTEN = "据该段改写"  # a frame member rewritten from a paragraph that is not a heading
_VERIFY_RE = re.compile(r"【待核实：([^】]+)】")


FIELDS = Path(__file__).with_name("topics")  # built-in sets for common fields of work, one file each


@cache
def house_entries() -> tuple[Entry, ...]:
    """The built-in, topic-neutral house set (drafter/planning/house.jsonl): what an outline falls back on
    when the writer's bank lacks a kind (no transition, no set of N parallel headings)."""
    return tuple(read_file(Path(__file__).with_name("house.jsonl")))


@cache
def field_files() -> tuple[tuple[Entry, ...], ...]:
    """The built-in sets of common fields of work, one file's entries each (drafter/planning/topics/): the
    headings and items a seasoned writer on that work knows by heart. A file is about the names its
    `speech` entry lists."""
    return tuple(tuple(read_file(path)) for path in sorted(FIELDS.glob("*.jsonl")))


@cache
def field_entries(topic: str) -> tuple[Entry, ...]:
    """The built-in sets of the field of work `topic` belongs to (防汛抗旱.jsonl for 防汛 or 防汛抗旱), for a
    bank that holds no speech on it; the file naming the topic most closely wins (安全生产 itself before
    消防安全 for 安全)."""
    best: tuple[tuple[int, int], tuple[Entry, ...]] = ((0, 0), ())
    for entries in field_files():
        names = [name for e in entries if e.kind == "speech" for name in e.members]
        score = max((_closeness(topic, name) for name in names), default=(0, 0))
        if score > best[0]:
            best = (score, entries)
    return best[1]


@cache
def field_texts() -> tuple[str, ...]:
    """Each field file's text: a word writers use on several fields (落到实处, 牢固树立) is nobody's
    topic, one only a field uses (排查化解 of 信访) is that field's."""
    return tuple("\n".join(e.text for e in entries) for entries in field_files())


def _closeness(topic: str, name: str) -> tuple[int, int]:
    """How closely a field's name names the topic: itself, held by it (防汛 in 防汛抗旱), holding it."""
    if name == topic:
        return (3, 0)
    if name in topic:
        return (2, len(name))
    return (1, -len(name)) if topic in name and len(topic) >= 2 else (0, 0)


class Material:
    """The bank entries the planner draws on (then the built-in sets of the topic's field of work and the
    house set), grouped the way it uses them."""

    def __init__(self, entries: list[Entry], topic: str = ""):
        self.entries = [*entries, *(field_entries(topic) if topic else ()), *house_entries()]
        self.sets = _heading_sets(self.entries)
        self.by_kind: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            self.by_kind[entry.kind].append(entry)

    def pieces(self, kind: str, rank: Callable[[str], int], keep: Callable[[Entry], bool] = lambda e: True,
               templated: bool = False) -> list[list[Piece]]:
        """Entries of a kind that `keep` accepts, as paragraphs of pieces, by the `rank` of their speech,
        each sentence in the order it was said (its offset in the paragraph, kept in the bank).
        `templated` pieces carry the facts the entry's template marks to verify."""
        paragraphs: dict[tuple[str, int], list[tuple[Source, Entry]]] = defaultdict(list)
        for entry in self.by_kind.get(kind, []):
            for source in entry.sources[:1]:
                if keep(entry):
                    paragraphs[(source.file, source.paragraph)].append((source, entry))
        keys = sorted(paragraphs, key=lambda k: (rank(k[0]), k))
        return [
            [Piece(_with_marks(e) if templated else e.text, Provenance(file, paragraph))
             for _, e in sorted(paragraphs[(file, paragraph)], key=lambda pair: pair[0].offset)]
            for file, paragraph in keys
        ]


def _with_marks(entry: Entry) -> str:
    """The entry's text with what its template marks to verify (【待核实：9个】, 【待核实：二十大】) marked
    the same way: stale facts are never carried silently into a new speech. The rest of the text stays
    as said, so topic terms and redactions are fitted like any other sentence."""
    text, at = entry.text, 0
    for fact in _VERIFY_RE.findall(entry.template):
        found = text.find(fact, at)
        if found >= 0:
            marked = f"【待核实：{fact}】"
            text = text[:found] + marked + text[found + len(fact):]
            at = found + len(marked)
    return text


def _heading_sets(entries: list[Entry]) -> list[HeadingSet]:
    """Heading, item and frame entries grouped into their sets, members in the order the set lists them."""
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        outline_frame = entry.kind == "frame" and entry.role in OUTLINE_ROLES
        if entry.group and (entry.kind in ("heading", "item") or outline_frame):
            groups[(entry.kind, entry.group)].append(entry)
    return [_heading_set(kind, group, members) for (kind, group), members in sorted(groups.items())]


def _heading_set(kind: str, group: str, members: list[Entry]) -> HeadingSet:
    by_text = {text: e for e in members for text in (e.text, e.template) if text}
    order = members[0].members or [e.template or e.text for e in sorted(members, key=_first_source)]
    pieces = []
    for text in order:
        entry = by_text.get(text)
        source = entry.sources[0] if entry and entry.sources else None
        text = _with_marks(entry) if entry is not None and "【待核实" in entry.template else text  # 【待核实：2023年】
        plain = text[marker.end:] if (marker := start_marker(text)) else text
        note = REWRITTEN if entry is not None and "改写" in entry.flags else ""
        provenance = Provenance(source.file if source else "", source.paragraph if source else 0,
                                entry.frame if entry else "", group, note)
        pieces.append(Piece(plain, provenance))
    level = members[0].level or (2 if kind == "item" else 1)
    files = [p.source.file for p in pieces]
    home = max(sorted(set(files)), key=files.count)
    slots = tuple(sorted({s for e in members for s in e.slots} | ({"关键词"} if "{关键词}" in order[0] else set())))
    flags = tuple(sorted({f for e in members for f in e.flags}))
    return HeadingSet(f"{kind}:{group}", tuple(pieces), level, home, slots, flags)


def _first_source(entry: Entry) -> tuple[str, int]:
    return (entry.sources[0].file, entry.sources[0].paragraph) if entry.sources else ("", 0)
