"""A phrasebank folder built from the bundled corpus with the parser, for tests of `drafter draft`.

The Word tests must not depend on what `drafter mine` currently writes to the bundled phrasebank/: they
build the entries the outline planner reads (salutation, opening, transition, headings of each speech
and item set, closing, sign-off) straight from the five seed speeches, with their provenance.
"""

from __future__ import annotations

from pathlib import Path

from drafter.parser import parse_file
from drafter.phrasebank import Entry, Source, save_kind
from drafter.resources import bundled


def build(folder: Path) -> Path:
    entries: dict[str, list[Entry]] = {}

    def add(kind: str, text: str, file: str, paragraph: int, **extra) -> None:
        entries.setdefault(kind, []).append(Entry(text, kind, sources=[Source(file, paragraph)], **extra))

    for path in sorted(bundled("corpus").glob("*.txt")):
        speech, name = parse_file(path), path.name
        if speech.salutation:
            add("salutation", speech.salutation, name, 1)
        for p in speech.opening:
            add("opening", p.text, name, p.index)
        if speech.transition:
            add("transition", speech.transition.text, name, speech.transition.paragraph)
        for p in speech.closing:
            add("closing", p.text, name, p.index)
        if speech.signoff:
            add("signoff", speech.signoff, name, 0)
        sets = [(f"{name}#", speech.parts, 1)] + [(f"{name}#{b.number}", b.items, 2) for b in speech.parts]
        for group, blocks, level in sets:
            members = [b.heading for b in blocks]
            for block in blocks:
                add("heading", block.heading, name, block.paragraph, group=group, level=level, members=members)
    for kind, kind_entries in entries.items():
        save_kind(folder, kind, kind_entries)
    return folder
