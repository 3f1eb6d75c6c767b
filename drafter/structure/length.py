"""How long a speech is, how long it takes to deliver, and how much text a target speaking time allows.

Writers are asked for "a 20-minute speech", so drafts state their length in characters and minutes
(about 220 characters a minute, the pace of a leader reading a prepared text), and a draft planned for
a target time carries, in each section still to be written, a placeholder saying how much to write.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from drafter.errors import OptionError

from drafter.text.reading import REDACTION_RE
from drafter.structure.model import Block, Paragraph, Speech

CHARS_PER_MINUTE = 220
MAX_MINUTES = 600  # ten hours: longer than any speech

# Text the writer must still fill in: 【单位】【数据】 placeholders, the redaction slots of the originals
# (**, x同志) and the slot ×× the outline planner writes in their place. A placeholder standing for a
# whole paragraph ends in …… so the parser reads it as a finished paragraph, not one broken mid-sentence.
PLACEHOLDER_RE = re.compile(rf"【[^【】\n]*】(?:……)?|×{{2,}}|{REDACTION_RE.pattern}")
_ASKED_RE = re.compile(r"约 (\d+) 字】")

# Shares of a speech outside its numbered parts (typical of the seed speeches: a short opening and closing).
OPENING_SHARE = 0.10
CLOSING_SHARE = 0.08


@dataclass(frozen=True)
class SpeechLength:
    """Characters written (whitespace and placeholders not counted), placeholders still to fill, and the
    characters the placeholders ask for (【此处展开，约 320 字】), for a skeleton sized to a target time."""

    chars: int
    placeholders: int = 0
    asked: int = 0

    @property
    def minutes(self) -> float:
        return self.chars / CHARS_PER_MINUTE

    def describe(self) -> str:
        """One line for the writer, e.g. 全文约 4,037 字，按每分钟 220 字计，讲话约 18.5 分钟；待填写 20 处（已用黄色标出）。"""
        line = f"全文约 {self.chars:,} 字，按每分钟 {CHARS_PER_MINUTE} 字计，讲话{_duration(self.minutes)}"
        if self.placeholders:
            line += f"；待填写 {self.placeholders} 处（已用黄色标出）"
        if self.asked:
            full = self.chars + self.asked
            line += f"，按提示写足后约 {full:,} 字、{_duration(full / CHARS_PER_MINUTE).removeprefix('约 ')}"
        return line + "。"

    def against(self, minutes: float) -> str:
        """How this length compares with a target speaking time: what is written now and, when placeholders
        ask for more, what it will be once they are filled, so the two counts are never confused."""
        target, planned = target_chars(minutes), self.chars + self.asked
        delta = planned - target
        if abs(delta) <= target * 0.1:
            verdict = "长度合适"
        elif delta > 0:
            verdict = f"需压缩约 {delta:,} 字"
        else:
            verdict = f"还需充实约 {-delta:,} 字"
        now = f"目前已写约 {self.chars:,} 字，按提示写足后约 {planned:,} 字" if self.asked else f"当前约 {planned:,} 字"
        return f"目标 {minutes:g} 分钟（约 {target:,} 字），{now}，{verdict}。"


def check_minutes(minutes: float | None) -> float | None:
    """A target speaking time, refused unless a finite number of minutes between 1 and MAX_MINUTES."""
    if minutes is not None and not (math.isfinite(minutes) and 1 <= minutes <= MAX_MINUTES):
        raise OptionError(f"讲话时长应在 1 到 {MAX_MINUTES} 分钟之间，而不是 {minutes:g}", "minutes")
    return minutes


def _duration(minutes: float) -> str:
    """约 18.5 分钟 (to the half minute), or 不到 1 分钟."""
    return "不到 1 分钟" if minutes < 1 else f"约 {round(minutes * 2) / 2:g} 分钟"


def count_chars(text: str) -> int:
    """Characters as Word counts 字数 for Chinese text: everything but whitespace."""
    return sum(1 for char in text if not char.isspace())


def measure(speech: Speech) -> SpeechLength:
    """Length of a speech as it will be delivered."""
    text = speech.to_text()
    holes = PLACEHOLDER_RE.findall(text)
    asked = sum(int(m.group(1)) for hole in holes if (m := _ASKED_RE.search(hole)))
    return SpeechLength(count_chars(PLACEHOLDER_RE.sub("", text)), len(holes), asked)


def target_chars(minutes: float) -> int:
    """Characters a speech of `minutes` minutes holds."""
    return round(minutes * CHARS_PER_MINUTE)


def size_to(speech: Speech, minutes: float | None = None) -> Speech:
    """Mark every section still to be written with a placeholder; with `minutes`, say how much to write.

    A section is still to be written when its body is empty or only placeholders. Of the target, what
    the written text (headings, opening, closing…) leaves goes to an unwritten opening and closing at
    their usual shares and the rest to the parts equally, each part's share split among its innermost
    items: the writer sees 【此处展开，约 320 字】 where words are missing, and the finished draft fits.
    """
    total = target_chars(minutes) if minutes else None
    left = total - measure(speech).chars if total else 0
    for paragraphs, share, what in ((speech.opening, OPENING_SHARE, "开场白"), (speech.closing, CLOSING_SHARE, "结尾部分")):
        if paragraphs and _unwritten(paragraphs):
            chars = round(total * share) if total else None
            paragraphs[:] = [Paragraph(_target_text(what, chars))]
            left -= chars or 0
    for part in speech.parts:
        _size_block(part, max(left, 0) / len(speech.parts) if total else None)
    return speech


def _size_block(block: Block, share: float | None) -> None:
    items = [item for item in block.items if not item.inline]
    if items:
        for item in items:
            _size_block(item, share / len(items) if share is not None else None)
    elif _unwritten(block.body):
        block.body[:] = [Paragraph(_target_text("此处展开", round(share) if share is not None else None))]
        block.runin = bool(block.punct)  # 一是要…。【此处展开】 runs on; a bare heading line stands alone


def _unwritten(paragraphs: list[Paragraph]) -> bool:
    return all(not PLACEHOLDER_RE.sub("", p.text).strip("，。、；： ") for p in paragraphs)


def _target_text(what: str, chars: int | None) -> str:
    return (f"【{what}，约 {chars} 字】" if chars is not None else f"【{what}】") + "……"
