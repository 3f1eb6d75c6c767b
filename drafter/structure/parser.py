"""The parser: reads any speech (corpus file, a writer's draft, a rendered skeleton) into a `Speech`.

It reads a speech the way a practised writer does: header (title, date), salutation, opening, the
transition that announces the parts, the numbered parts and items at every level (their level taken from
the speech's own nesting, not from the numbering word), closing paragraphs and sign-off.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from drafter.text.reading import read_speech
from drafter.structure.paragraphs import Line, is_date_line, repair, salutation_length
from drafter.structure.numbering import FAMILY_RANK, Marker, inline_markers, start_marker
from drafter.structure.model import Block, Paragraph, Speech, Transition
from drafter.structure import transition as cues
from drafter.structure.headings import glued_end
from drafter import vocab

_SIGNOFF_RE = re.compile(
    r"(我就讲(这些|这么多|到这里|到这儿)|我(的讲话)?就(讲|说)到这里|我的讲话(就)?到此|讲话完毕|就讲这些|谢谢(大家|各位|同志们)?)"
    r"[^。！？]{0,12}[。！!]?$"
)
_CLOSING_RE = re.compile(
    r"^(同志们[，！]|各位同志[，！]|总之|总而言之|综上|最后[，]?(我|希望|让我们)|让我们|希望(大家|各级|全体)"
    r"|我相信|相信在|围绕做好以上|做好以上|以上[^。]{0,10}(方面|几点|意见))"
)
# a post (市委书记 张三) or a bare name of two to four characters under the title
# An item run in with its paragraph is headed by its first sentence; when that sentence runs on past
# this length (三要加强对互联网等新兴领域的监管，一定要抓紧完善…), its lead clause is the heading.
_LONG_HEADING = 30
# An item opening its own paragraph is headed by a longer first sentence (第一，这是大势所趋，必须着力掀起一场…革命。)
_LONG_OPENING_HEADING = 50
_ITEM_FAMILIES = ("shi", "yao", "di", "order", "circled", "paren_arabic")
_SPEAKER_RE = re.compile(r"(书记|市长|县长|区长|省长|局长|厅长|部长|主任|主席|同志|处长|镇长|乡长)|^[\u4e00-\u9fff·]{2,4}$")


def parse_file(path: str | Path) -> Speech:
    """Read and parse one speech file (.txt in any common encoding, or .docx)."""
    speech_file = read_speech(path)
    return parse_lines(speech_file.paragraphs, speech_file.name)


def parse_text(text: str, file: str = "") -> Speech:
    """Parse speech text held in memory (a draft a skeleton rendered, a paste)."""
    return parse_lines([line.strip() for line in text.splitlines() if line.strip()], file)


def parse_lines(raw: list[str], file: str = "") -> Speech:
    """Parse a speech given as its raw paragraphs."""
    layout = repair(raw)
    speech = Speech(file=file, furniture=[line.text for line in layout.dropped])
    lines = layout.header + layout.body
    start = _read_header(layout.header, speech)
    if layout.salutation:
        speech.salutation = layout.salutation.text
        lines.insert(start, layout.salutation)
    start += _read_salutation(lines[start:], speech)
    end = _read_signoff(lines, speech)
    body = list(enumerate(lines[start:end], start + 1))
    parts_at, transition = _locate_parts(body)
    if parts_at is None:
        parts_at, transition = len(body), _closing_transition(body)
        if not transition:
            speech.opening, speech.closing = _split_closing_tail(body)
            return speech
    speech.opening = [Paragraph(line.text, index) for index, line in body[:parts_at]]
    if transition:
        speech.transition = transition
        if transition.runin:
            speech.opening[-1].text = speech.opening[-1].text[: -len(transition.text)]
        else:
            speech.opening.pop()
    if parts_at < len(body):
        speech.parts, speech.closing = _PartsReader(body[parts_at:]).build()
    return speech


def _read_header(header: list[Line], speech: Speech) -> int:
    """Sort the header lines into title, date and speaker; returns how many there were."""
    for line in header:
        if is_date_line(line):
            speech.date = line.text
        elif speech.title and len(line.norm) <= 16 and _SPEAKER_RE.search(line.norm):
            speech.speaker = line.text
        else:
            speech.title.append(line.text)
    return len(header)


def _read_salutation(lines: list[Line], speech: Speech) -> int:
    """The salutation line (同志们：), if the body starts with one; returns 1 or 0."""
    if speech.salutation:
        return 1
    if lines and salutation_length(lines[0]) == len(lines[0].norm):
        speech.salutation = lines[0].text
        return 1
    return 0


def _read_signoff(lines: list[Line], speech: Speech) -> int:
    """Detach the sign-off (我就讲这些，谢谢大家！), a line of its own or the last sentence; returns the body end."""
    if not lines:
        return 0
    last = lines[-1]
    if len(last.norm) <= 30 and _SIGNOFF_RE.match(last.norm):
        speech.signoff = last.text
        return len(lines) - 1
    start = _last_sentence_start(last.norm)
    if start > 0 and _SIGNOFF_RE.match(last.norm[start:]):
        speech.signoff, speech.signoff_runin = last.span(start), True
        lines[-1] = last.cut(0, start)
    return len(lines)


def terminators(norm: str, marks: str = "。！？；"):
    """Offsets of sentence terminators (or other `marks`) outside quotation marks and brackets.

    Only the characters that matter are visited (a regex finds them), so a paragraph of thousands of
    unpunctuated lines costs one C-speed scan."""
    depth = 0
    for match in _scanner(marks).finditer(norm):
        char = match.group()
        if char in "“《（":
            depth += 1
        elif char in "”》）":
            depth = max(0, depth - 1)
        elif depth == 0:
            yield match.start()


@cache
def _scanner(marks: str) -> re.Pattern[str]:
    return re.compile("[“《（”》）" + re.escape(marks) + "]")


def _sentence_starts(norm: str) -> list[int]:
    """Offsets where sentences start."""
    return [0, *(offset + 1 for offset in terminators(norm) if offset + 1 < len(norm))]


def _last_sentence_start(norm: str) -> int:
    return _sentence_starts(norm.rstrip("。！？； "))[-1]


def sentence_end(norm: str) -> int:
    """Offset of the first sentence terminator outside quotation marks, or -1."""
    return next(terminators(norm), -1)


def _find_transition(line: Line, index: int, needed: int = 1) -> Transition | None:
    """The transition sentence ending this paragraph, if it has one of at least the `needed` strength."""
    start = _last_sentence_start(line.norm)
    sentence = line.norm[start:]
    if cues.strength(sentence) < needed:
        return None
    start += cues.start_in(sentence)
    return Transition(line.span(start), cues.announced(sentence), index, runin=start > 0)


# Marks that head a part on their own; 一是, 一要 and 首先 also run through prose, so alone they need a
# strong transition before them to count as the first part.
_HEADING_FAMILIES = ("cn", "paren_cn", "di", "di_phrase")


def _locate_parts(body: list[tuple[int, Line]]) -> tuple[int | None, Transition | None]:
    """Where the numbered parts begin, and the transition announcing them (if any).

    In order of trust: a first mark right after a transition (even with no sibling in sight: a cut-off
    paste); a mark opening the text (a page starting at 三、); a series of marks (1 with a 2 after it) of the
    highest family, an agenda or a pasted list of
    contents left out, or a lone 一、 above a series of a lower family."""
    starts = [start_marker(line.norm) for _, line in body]
    candidates = [i for i, m in enumerate(starts) if m and not _is_agenda(body[i][1].norm, m)]
    for i in candidates:
        if i > 0 and starts[i].value == 1:
            needed = 1 if starts[i].family in _HEADING_FAMILIES else 2
            found = _find_transition(body[i - 1][1], body[i - 1][0], needed)
            if found:
                return i, found
    if candidates and candidates[0] == 0 and starts[0].family != "order":
        return 0, None
    later = _later_starts(starts)
    series = [i for i in candidates if starts[i].value == 1 and (starts[i].family, 2) in later[i + 1]
              and not _is_contents(starts, later, i)]
    lone = [i for i in candidates if starts[i].value == 1 and starts[i].family == "cn"][:1]
    ranked = sorted(series + lone, key=lambda i: (FAMILY_RANK[starts[i].family], i))
    return (ranked[0], None) if ranked else (None, None)


def _closing_transition(body: list[tuple[int, Line]]) -> Transition | None:
    """A transition ending the text with no part after it (an excerpt cut right after it)."""
    return _find_transition(body[-1][1], body[-1][0], needed=2) if body else None


def _later_starts(starts: list[Marker | None]) -> list[set[tuple[str, int]]]:
    """For each paragraph, the (family, ordinal) of the marks opening it and the paragraphs after it."""
    seen: set[tuple[str, int]] = set()
    result = [seen]
    for mark in reversed(starts):
        if mark:
            seen = seen | {(mark.family, mark.value)}
        result.append(seen)
    return result[::-1]


def _is_agenda(norm: str, mark: Marker) -> bool:
    """A chair's agenda call (一、请…宣读… / 一是由…讲话), not a heading."""
    return norm[mark.end:].lstrip().startswith(vocab.words("agenda_calls"))


def _is_contents(starts: list[Marker | None], later: list[set[tuple[str, int]]], i: int) -> bool:
    """A list of contents pasted before the speech: its marks follow each other with no text between,
    and the same series starts again further on."""
    mark, following = starts[i], starts[i + 1] if i + 1 < len(starts) else None
    listed = following is not None and following.family == mark.family and following.value == 2
    return listed and i + 2 < len(starts) and (mark.family, 1) in later[i + 2]


def _split_closing_tail(body: list[tuple[int, Line]]) -> tuple[list[Paragraph], list[Paragraph]]:
    paragraphs = [Paragraph(line.text, index) for index, line in body]
    cut = len(paragraphs)
    while cut > 1 and _CLOSING_RE.match(body[cut - 1][1].norm):
        cut -= 1
    return paragraphs[:cut], paragraphs[cut:]


class _PartsReader:
    """Builds the tree of numbered blocks from the paragraphs after the transition.

    A stack holds the open path (part → item → sub-item); a mark continues a family on the stack when
    its ordinal is the next one, or opens a deeper level when it starts a new family at 1 and a 2 of that
    family follows. Anything else (安全第一，第一次，二、三产业) stays text.
    """

    def __init__(self, body: list[tuple[int, Line]]):
        self.body = body
        self.stack: list[Block] = []
        self.parts: list[Block] = []
        # unnumbered paragraphs after the last mark (with their recognition form): closing candidates
        self.trail: list[tuple[Paragraph, str]] = []
        self.later = self._later_marks()
        self.segment: tuple[Block, Line, int] | None = None  # the block whose text runs on in this paragraph

    def _later_marks(self) -> list[set[tuple[str, int]]]:
        """For each paragraph, the (family, ordinal) marks that appear from it on, for look-ahead."""
        seen: set[tuple[str, int]] = set()
        result: list[set[tuple[str, int]]] = []
        for _, line in reversed(self.body):
            marks = [start_marker(line.norm), *inline_markers(line.norm)]
            seen = seen | {(m.family, m.value) for m in marks if m}
            result.append(seen)
        return result[::-1]

    def build(self) -> tuple[list[Block], list[Paragraph]]:
        for position, (index, line) in enumerate(self.body):
            if self._read_paragraph(position, index, line):
                self.trail = []
            else:
                paragraph = self.stack[-1].body[-1] if self.stack else Paragraph(line.text, index)
                self.trail.append((paragraph, line.norm))
        return self.parts, self._detach_closing()

    def _read_paragraph(self, position: int, index: int, line: Line) -> bool:
        marks: list[Marker] = []
        first = start_marker(line.norm)
        if first and self._accept(first, position, line, inline=False):
            marks.append(first)
        skip = first.end if marks else 0
        candidates = inline_markers(line.norm, skip)
        for mark in candidates:
            if self._accept(mark, position, line, inline=True, candidates=candidates):
                marks.append(mark)
        if not marks and self.stack:
            self.stack[-1].body.append(Paragraph(line.text, index))
        return bool(marks)

    def _accept(self, mark: Marker, position: int, line: Line, inline: bool, candidates=()) -> bool:
        """Open a block for `mark` if it fits the numbering so far."""
        families = [block.family for block in self.stack]
        if mark.family in families:
            depth = families.index(mark.family)
            last = self.stack[depth].value
            if not (mark.value == last + 1 or (mark.family == "order" and mark.value == 0 and last >= 1)):
                return False
        elif not self.parts and position == 0 and not inline:
            depth = 0  # the first part, where `_locate_parts` found it
        elif self.stack or not inline:
            if mark.value != 1 or not self._second_follows(mark, position, line, inline, candidates):
                return False
            depth = len(self.stack)
        else:
            return False
        if mark.family == "order" and mark.value == 0:
            mark = Marker(mark.start, mark.end, mark.family, self.stack[depth].value + 1)
        self._open(mark, depth, position, line, inline)
        return True

    def _second_follows(self, mark: Marker, position: int, line: Line, inline: bool, candidates) -> bool:
        """A series starts only if its second mark follows: in the same paragraph, or (for a paragraph
        mark) in a later one."""
        same = candidates if inline else inline_markers(line.norm, mark.end)
        if any(c.family == mark.family and c.value == 2 and c.start > mark.start for c in same):
            return True
        if position + 1 == len(self.body):  # the text ends here (often cut off): a 2 may never show
            return not any(c.start > mark.start for c in same)
        return not inline and (mark.family, 2) in self.later[position + 1]

    def _open(self, mark: Marker, depth: int, position: int, line: Line, inline: bool) -> None:
        index = self.body[position][0]
        block = Block(
            number=line.span(mark.start, mark.end), heading="", family=mark.family, value=mark.value,
            level=depth + 1, paragraph=index, inline=inline,
        )
        if not self._close_segment(line, mark.start) and mark.start > 0:
            # text before the first mark of a paragraph belongs to the block that was open
            self.stack[-1].body.append(Paragraph(line.span(0, mark.start), index))
        del self.stack[depth:]
        (self.stack[-1].items if self.stack else self.parts).append(block)
        self.stack.append(block)
        self.segment = (block, line, mark.end)
        self._fill(block, line, mark.end, len(line.norm))

    def _close_segment(self, line: Line, end: int) -> bool:
        """A new mark in the same paragraph ends the text of the block opened before it there."""
        if self.segment is None or self.segment[1] is not line:
            return False
        block, _, start = self.segment
        block.body.clear()
        self._fill(block, line, start, end)
        return True

    def _fill(self, block: Block, line: Line, start: int, end: int) -> None:
        """Heading, closing punctuation and run-in body of a block from its text in the paragraph."""
        norm = line.norm[start:end]
        stop = sentence_end(norm)
        if stop < 0 and norm.endswith("："):
            stop = len(norm) - 1
        glued = glued_end(norm[:stop] if stop >= 0 else norm) if block.level == 1 or block.family in _HEADING_FAMILIES else None
        if glued is not None:  # a space between heading and body is kept as its closing, for rendering
            stop = start + glued
            after = stop + len(norm[glued:]) - len(norm[glued:].lstrip())
        elif stop < 0:
            block.heading, block.punct, block.runin = line.span(start, end).rstrip(), "", False
            return
        else:
            if stop > (_LONG_HEADING if block.inline else _LONG_OPENING_HEADING) and block.family in _ITEM_FAMILIES:
                stop = next(terminators(norm[:stop], "，"), stop)
            stop += start
            after = stop + 1
        block.heading, block.punct = line.span(start, stop), line.span(stop, after)
        rest = line.span(after, end).lstrip()
        block.runin = bool(rest)
        if rest:
            block.body.append(Paragraph(rest, block.paragraph))

    def _detach_closing(self) -> list[Paragraph]:
        """Split the unnumbered paragraphs after the last mark into the last block's body and the closing."""
        if not self.trail or not self.stack:
            return []
        owner = self.stack[-1]
        allowed = self._allowed_extra()
        keep = 0
        while keep < len(self.trail) and keep < allowed and not _CLOSING_RE.match(self.trail[keep][1]):
            keep += 1
        closing = [paragraph for paragraph, _ in self.trail[keep:]]
        if closing:
            del owner.body[len(owner.body) - len(closing):]
        return closing

    def _allowed_extra(self) -> int:
        """How many unnumbered paragraphs a block may own: as many as its siblings own at most."""
        for depth in range(len(self.stack) - 1, -1, -1):
            block = self.stack[depth]
            siblings = self.stack[depth - 1].items if depth else self.parts
            others = [s for s in siblings if s is not block]
            if others:
                return max(_extra(s) for s in others)
        return len(self.trail)


def _extra(block: Block) -> int:
    return len(block.body) - (1 if block.runin else 0)

