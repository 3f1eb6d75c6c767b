"""How long a speech is, how long it takes to deliver, and how much text a target speaking time allows.

Writers are asked for "a 20-minute speech", so drafts state their length in characters and minutes
(about 220 characters a minute, the pace of a leader reading a prepared text), and a draft planned for
a target time carries, in each section still to be written, a placeholder saying how much to write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.corpus import REDACTION_RE
from drafter.structure import Block, Paragraph, Speech

CHARS_PER_MINUTE = 220

# Text the writer must still fill in: 【单位】【数据】 placeholders and the redaction slots of the originals.
PLACEHOLDER_RE = re.compile(rf"【[^【】\n]*】|{REDACTION_RE.pattern}")

# Shares of a speech outside its numbered parts (typical of the seed speeches: a short opening and closing).
OPENING_SHARE = 0.10
CLOSING_SHARE = 0.08


@dataclass(frozen=True)
class SpeechLength:
    """Characters of a speech (whitespace not counted), its speaking time and its unfilled placeholders."""

    chars: int
    placeholders: int = 0

    @property
    def minutes(self) -> float:
        return self.chars / CHARS_PER_MINUTE

    def describe(self) -> str:
        """One line for the writer, e.g. 全文约 10,626 字，按每分钟 220 字计，讲话约 48 分钟；待填写 3 处。"""
        line = f"全文约 {self.chars:,} 字，按每分钟 {CHARS_PER_MINUTE} 字计，讲话约 {_minutes_text(self.minutes)}"
        return line + (f"；待填写 {self.placeholders} 处（已用黄色标出）" if self.placeholders else "") + "。"

    def against(self, minutes: float) -> str:
        """How this length compares with a target speaking time, in one line."""
        target = target_chars(minutes)
        delta = self.chars - target
        if abs(delta) <= target * 0.1:
            verdict = "长度合适"
        elif delta > 0:
            verdict = f"需压缩约 {delta:,} 字"
        else:
            verdict = f"还需充实约 {-delta:,} 字"
        return f"目标 {_minutes_text(minutes)}（约 {target:,} 字），当前约 {self.chars:,} 字，{verdict}。"


def _minutes_text(minutes: float) -> str:
    if minutes < 1:
        return "不到 1 分钟"
    return f"{round(minutes * 2) / 2:g} 分钟"


def count_chars(text: str) -> int:
    """Characters as Word counts 字数 for Chinese text: everything but whitespace."""
    return sum(1 for char in text if not char.isspace())


def measure(speech: Speech) -> SpeechLength:
    """Length of a speech as it will be delivered."""
    text = speech.to_text()
    return SpeechLength(count_chars(text), len(PLACEHOLDER_RE.findall(text)))


def target_chars(minutes: float) -> int:
    """Characters a speech of `minutes` minutes holds."""
    return round(minutes * CHARS_PER_MINUTE)


def size_to(speech: Speech, minutes: float) -> Speech:
    """Give every section still to be written a placeholder saying how much to write for `minutes`.

    A section is still to be written when its body is empty or only placeholders. The parts share what
    the opening and closing leave equally, and each part's share goes to its innermost items, so the
    writer sees 【此处展开，约 320 字】 where the words are missing.
    """
    total = target_chars(minutes)
    _fill_paragraphs(speech.opening, round(total * OPENING_SHARE), "开场白")
    _fill_paragraphs(speech.closing, round(total * CLOSING_SHARE), "结尾部分")
    if speech.parts:
        share = total * (1 - OPENING_SHARE - CLOSING_SHARE) / len(speech.parts)
        for part in speech.parts:
            _size_block(part, share)
    return speech


def _size_block(block: Block, share: float) -> None:
    written = [item for item in block.items if not item.inline]
    if not written:
        if _unwritten(block.body):
            block.body[:] = [Paragraph(_target_text(round(share)))]
            block.runin = False
        return
    for item in written:
        _size_block(item, share / len(written))


def _fill_paragraphs(paragraphs: list[Paragraph], chars: int, where: str) -> None:
    if paragraphs and _unwritten(paragraphs):
        paragraphs[:] = [Paragraph(_target_text(chars, where))]


def _unwritten(paragraphs: list[Paragraph]) -> bool:
    return all(not PLACEHOLDER_RE.sub("", p.text).strip("，。、；： ") for p in paragraphs)


def _target_text(chars: int, what: str = "此处展开") -> str:
    return f"【{what}，约 {chars} 字】"
