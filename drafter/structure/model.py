"""The `Speech` model: what every command reads and writes, and its text, JSON and outline views.

The parser (`drafter.structure.parser`) builds it from a corpus file, a writer's draft or a rendered skeleton;
mining and the Word writer only ever see this model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Provenance:
    """Where a planned sentence or heading came from: the archive file and 1-based paragraph, the frame it
    follows, the set it belongs to (`group`, an internal id) and a note (据该段改写, 关键词过渡)."""

    file: str = ""
    paragraph: int = 0
    frame: str = ""
    group: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (of an outline as JSON): file and paragraph, then what is set."""
        data: dict[str, Any] = {"file": self.file, "paragraph": self.paragraph}
        data.update({key: value for key, value in (("frame", self.frame), ("set", self.group), ("note", self.note)) if value})
        return data


@dataclass
class Paragraph:
    """A paragraph of running text, its 1-based position in the source and, for drafts, where it came from."""

    text: str
    index: int = 0
    source: Provenance | None = None


@dataclass
class Block:
    """A numbered part or item at any level: 一、… （一）… 一是… with its body and sub-items."""

    number: str
    heading: str
    family: str
    value: int
    level: int
    paragraph: int = 0
    punct: str = ""
    runin: bool = False
    inline: bool = False
    body: list[Paragraph] = field(default_factory=list)
    items: list[Block] = field(default_factory=list)
    source: Provenance | None = None

    def walk(self):
        """This block and every block below it, in reading order."""
        yield self
        for item in self.items:
            yield from item.walk()


@dataclass
class Transition:
    """The sentence announcing the parts (下面，我再讲三点意见) and how many parts it announces."""

    text: str
    count: int | None = None
    paragraph: int = 0
    runin: bool = False
    source: Provenance | None = None


@dataclass
class Speech:
    """A speech as a writer reads it; the one model every command works on."""

    file: str = ""
    title: list[str] = field(default_factory=list)
    date: str = ""
    speaker: str = ""
    salutation: str = ""
    opening: list[Paragraph] = field(default_factory=list)
    transition: Transition | None = None
    parts: list[Block] = field(default_factory=list)
    closing: list[Paragraph] = field(default_factory=list)
    signoff: str = ""
    signoff_runin: bool = False
    furniture: list[str] = field(default_factory=list)

    def blocks(self):
        """Every part and item, in reading order."""
        for part in self.parts:
            yield from part.walk()

    def to_text(self) -> str:
        """Plain speech text, numbered as written; `parse_text` reads it back to the same structure."""
        out: list[str] = [*self.title]
        out += [line for line in (self.date, self.speaker, self.salutation) if line]
        out += [p.text for p in self.opening]
        if self.transition:
            _append(out, self.transition.text, self.transition.runin)
        for part in self.parts:
            _emit(part, out)
        out += [p.text for p in self.closing]
        if self.signoff:
            _append(out, self.signoff, self.signoff_runin)
        return "\n".join(out) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a parsed speech (its keys are part of the CLI and HTTP contract)."""
        return {
            "file": self.file,
            "title": "".join(self.title),
            "date": self.date,
            "speaker": self.speaker,
            "salutation": self.salutation,
            "opening": [p.text for p in self.opening],
            "transition": self.transition.text if self.transition else "",
            "transition_count": self.transition.count if self.transition else None,
            "parts": [_block_dict(b) for b in self.parts],
            "closing": [p.text for p in self.closing],
            "signoff": self.signoff,
        }


def _append(out: list[str], text: str, runin: bool) -> None:
    if runin and out:
        out[-1] += text
    else:
        out.append(text)


def _emit(block: Block, out: list[str]) -> None:
    _append(out, block.number + block.heading + block.punct, block.inline)
    body = block.body
    if block.runin and body:
        out[-1] += body[0].text
        body = body[1:]
    out += [p.text for p in body]
    for item in block.items:
        _emit(item, out)


def _block_dict(block: Block) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": block.number,
        "heading": block.heading,
        "level": block.level,
        "paragraph": block.paragraph,
        "inline": block.inline,
        "body": [p.text for p in block.body],
        "items": [_block_dict(item) for item in block.items],
    }
    if block.source:
        data["source"] = block.source.to_dict()
    return data


def tree_view(speech: Speech) -> str:
    """The speech as a writer reads an outline: header, opening in brief, headings indented by level."""
    lines = [f"【{speech.file}】" if speech.file else "【讲话稿】"]
    lines += [f"标题：{''.join(speech.title)}"] if speech.title else []
    lines += [f"日期：{speech.date}"] if speech.date else []
    lines += [f"称呼：{speech.salutation}"] if speech.salutation else []
    lines += [f"开场：{_brief(p.text)}" for p in speech.opening]
    if speech.transition:
        count = f"（{speech.transition.count}部分）" if speech.transition.count else ""
        lines.append(f"过渡：{speech.transition.text}{count}")
    for block in speech.blocks():
        lines.append("  " * block.level + block.number + block.heading)
    lines += [f"结尾：{_brief(p.text)}" for p in speech.closing]
    lines += [f"结束语：{speech.signoff}"] if speech.signoff else []
    return "\n".join(lines)


def _brief(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width] + "……"

