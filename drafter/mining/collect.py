"""One speech → its candidate bank entries (run in a worker per file): salutation, opening sentences by
role, transition, heading sets, lead items, figures of speech, closing and sign-off, each with provenance.

Templates, topic terms and merging are corpus-wide steps (drafter.mining.miner).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from drafter.bank.store import Entry, Source
from drafter.mining import rhetoric
from drafter.mining.about import about
from drafter.mining.terms import BOUNDARY
from drafter.structure.model import Block, Speech
from drafter.structure.parser import parse_lines, terminators
from drafter.text.reading import normalize, read_speech
from drafter.text.tokens import Tokenizer, dictionary, lexicon

_OPENING_ROLES = (
    ("purpose", re.compile(r"^(今天|这次|本次|为(深入|认真|进一步)?(学习)?贯彻)|主要任务是|主要目的是")),
    ("comment", re.compile(r"^刚才|讲得(都)?很好|作了(一个)?很好的|我(完全|都)赞(同|成)|表态发言")),
    ("affirmation", re.compile(r"值得肯定|充分肯定|成绩的取得|取得了[^，。]{0,8}(成绩|突破|成效)|成效明显|卓有成效")),
    ("situation", re.compile(r"^当前|正处于|正处在|形势(依然)?(严峻|复杂)")),
)
_SUMMARY_RE = re.compile(r"^(总之|总而言之|综上|围绕做好以上|做好以上|以上|希望)")
_RALLY_RE = re.compile(r"^同志们[，！]")
_CALL_CLAUSE_RE = re.compile(r"^(为|以)")
_LEAD_RE = re.compile(r"(?:^|(?<=[。！？]))要[^，；：。！？]{3,28}[。！]")
_BRACKETS_RE = re.compile("[“《（]")
_SENTENCE_RE = re.compile("[^。！？]+[。！？]?")
_HEADING_END = "。；：，！？ "


@dataclass
class FileMined:
    """What one speech file yields before corpus-wide steps: raw entries, its paragraphs and words."""

    file: str
    entries: list[Entry]
    paragraphs: list[tuple[int, str]]
    words: list[str]  # every recorded paragraph's words, each paragraph followed by BOUNDARY
    named: str  # where the speech names its topic: title (or file name), transition, headings


def mine_file(path: str | Path) -> FileMined:
    """Read, parse and cut one speech; collect its candidate entries (templates come later)."""
    speech_file = read_speech(path)
    speech = parse_lines(speech_file.paragraphs, speech_file.name)
    return Collector(speech, Path(path).parent).collect()


class Collector:
    """Walks one parsed speech and turns its parts into raw entries."""

    def __init__(self, speech: Speech, folder: Path | None = None):
        self.speech = speech
        self.folder = folder  # where a metadata.json may name the speech's title, topic and occasion
        self.file = speech.file
        self.tokens = Tokenizer()
        self.entries: list[Entry] = []
        self.paragraphs: list[tuple[int, str]] = []
        self.stream: list[str] = []

    def collect(self) -> FileMined:
        speech = self.speech
        self._about()
        self._salutation()
        for paragraph in speech.opening:
            self._paragraph(paragraph.index, paragraph.text, "opening")
        if speech.transition:
            text = normalize(speech.transition.text)
            self._record(speech.transition.paragraph, text)
            self.add("transition", text, speech.transition.paragraph)
        self._blocks(speech.parts, [self.file], 1)
        self._closing()
        self._signoff()
        return FileMined(self.file, self.entries, self.paragraphs, self.stream, self._named())

    def _record(self, index: int, text: str) -> list[str]:
        """Keep a paragraph (for term statistics and provenance) and cut it into words, once."""
        tokens = self.tokens.paragraph(text)
        self.paragraphs.append((index, text))
        self.stream += tokens
        self.stream.append(BOUNDARY)
        return tokens

    def _named(self) -> str:
        title = "".join(self.speech.title) or Path(self.file).stem
        headings = [e.text for e in self.entries if e.kind in ("transition", "heading")]
        return "\n".join([normalize(title), *headings])

    def add(self, kind: str, text: str, paragraph: int, offset: int = 0, **fields) -> None:
        source = Source(self.file, paragraph, offset)
        self.entries.append(Entry(text=text, kind=kind, sources=[source], tokens=self.tokens(text), **fields))

    def _about(self) -> None:
        """One `speech` entry: the title, the occasion as its role, the topic as its member."""
        found = about(self.speech, self.folder)
        self.add("speech", found.title, 1, role=found.occasion, members=[found.topic] if found.topic else [])

    def _salutation(self) -> None:
        if self.speech.salutation:
            header = len(self.speech.title) + bool(self.speech.date) + bool(self.speech.speaker)
            self.add("salutation", normalize(self.speech.salutation), header + 1)

    def _paragraph(self, index: int, original: str, part: str) -> str:
        """Record a running-text paragraph and mine its sentences and figures; returns it normalised."""
        text = normalize(original)
        tokens = self._record(index, text)
        if part == "opening":
            for offset, sentence in _placed(text, sentences(text)):
                role = next((name for name, pattern in _OPENING_ROLES if pattern.search(sentence)), "")
                if role:
                    self.add("opening", sentence, index, offset, role=role)
        self._figures(index, text, tokens)
        return text

    def _figures(self, index: int, text: str, tokens: list[str]) -> None:
        words = lexicon()
        frequency = dictionary().freq
        runs = rhetoric.word_runs(text)
        for found in rhetoric.series(text, lambda word: len(word) == 2 and frequency.get(word, 0) >= 50, runs):
            self.add("series", found.text, index, members=list(found.members))
        for found in rhetoric.four_character(text, tokens, words.idioms, words.nouns, runs):
            self.add("idiom", found.text, index, role=found.role)
        for found in rhetoric.quotations(text):
            self.add("quote", found.text, index, speaker=found.speaker)

    def _blocks(self, blocks: list[Block], path: list[str], level: int) -> None:
        """Headings of one sibling set (a group), then their bodies and the sets below them."""
        group = ":".join([*path, str(level)])
        members = [_heading_text(b) for b in blocks]
        for block, heading in zip(blocks, members):
            self._record(block.paragraph, heading)
            self.add("heading", heading, block.paragraph, level=block.level, group=group, members=members,
                     role=block.family)
            number = normalize(block.number)
            leads: list[tuple[int, str]] = []
            for paragraph in block.body:
                text = self._paragraph(paragraph.index, paragraph.text, "body")
                leads += [(paragraph.index, m.group(0)) for m in _LEAD_RE.finditer(text)]
            self._leads(leads, [*path, number], block.level + 1)
            self._blocks(block.items, [*path, number], level + 1)

    def _leads(self, leads: list[tuple[int, str]], path: list[str], level: int) -> None:
        """Unnumbered parallel lead sentences of one block (要当好…的“服务员”。要当好…), two or more."""
        if len(leads) < 2:
            return
        members = [text.rstrip("。！") for _, text in leads]
        group = ":".join([*path, "lead"])
        for (index, _), text in zip(leads, members):
            self.add("item", text, index, level=level, group=group, members=members, role="lead")

    def _closing(self) -> None:
        closing = self.speech.closing
        for position, paragraph in enumerate(closing):
            text = self._paragraph(paragraph.index, paragraph.text, "closing")
            found = sentences(text)
            for offset, sentence in _placed(text, found):
                role = "summary" if _SUMMARY_RE.match(sentence) else "rally" if _RALLY_RE.match(sentence) else ""
                if role:
                    self.add("closing", sentence, paragraph.index, offset, role=role)
            if position == len(closing) - 1 and found:
                call = _call_clauses(found[-1])
                if call:
                    self.add("closing", call, paragraph.index, text.rfind(call), role="call")

    def _signoff(self) -> None:
        if self.speech.signoff:
            last = max((index for index, _ in self.paragraphs), default=0)
            self.add("signoff", normalize(self.speech.signoff), last + (0 if self.speech.signoff_runin else 1))


def _heading_text(block: Block) -> str:
    """A block's heading, normalised, without closing punctuation."""
    return normalize(block.heading).strip(_HEADING_END)


def sentences(text: str) -> list[str]:
    """Sentences of normalised text, each with its terminator; 。！？ inside quotation marks do not end one."""
    if not _BRACKETS_RE.search(text):
        return [s.strip() for s in _SENTENCE_RE.findall(text) if s.strip()]
    bounds = [0, *(offset + 1 for offset in terminators(text, "。！？")), len(text)]
    return [s.strip() for a, b in zip(bounds, bounds[1:]) if (s := text[a:b]).strip()]


def _placed(text: str, found: list[str]) -> Iterator[tuple[int, str]]:
    """Each sentence of `text` with its character offset in it."""
    at = 0
    for sentence in found:
        at = text.find(sentence, at)
        yield at, sentence
        at += len(sentence)


def _call_clauses(sentence: str) -> str:
    """The closing call: the trailing clauses that start with 为 or 以 (为…做出新的更大贡献！)."""
    clauses = sentence.split("，")
    start = len(clauses)
    while start > 0 and _CALL_CLAUSE_RE.match(clauses[start - 1]):
        start -= 1
    return "，".join(clauses[start:]) if start < len(clauses) else ""
