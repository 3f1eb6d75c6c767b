"""Fitting reused archive text to a new topic: the archive's own topic terms out, the writer's topic in.

The topic terms come from the bank (each speech's mined topic, and the writer's own list), never from a
built-in list. A sentence reused for 安全生产 must name 安全生产 where it named them, read as Chinese
afterwards (no 安全生产生产, no 安全生产和安全生产; 信访工作的责任感, not 信访的责任感), and never change a
quotation: a sentence whose quotation names an old topic is not reused at all. Redactions (**, x同志)
become the visible slot ××.
"""

from __future__ import annotations

import re

from drafter import vocab
from drafter.text.reading import REDACTION_RE

SLOT = "××"
_QUOTED_RE = re.compile(r"“[^”]*”|《[^》]*》")
_ENUM_RE = "[、和与暨及]"
_DOUBLED = tuple(re.compile(rf"([\u4e00-\u9fff]{{{size}}})\1") for size in (1, 2, 3, 4))
_MARK = "\0"


_NAMELESS_RE = re.compile(r"(?<![A-Za-z])(?:[xX×]{2,3}(?=同志)|[xX]{2,3}(?![A-Za-z])\s*)")  # xx同志, XX 部长: names left out


def unredact(text: str) -> str:
    """Redaction marks as the slot ×× a writer fills in."""
    text = REDACTION_RE.sub(lambda m: SLOT + ("同志" if m.group().endswith("同志") else ""), text)
    return _NAMELESS_RE.sub(SLOT, text)


def retopic(text: str, topic: str, words: tuple[str, ...] = ()) -> str | None:
    """`text` about `topic` instead of the archive's topic `words` (longest first), or None when that
    cannot be done cleanly: a quotation names an old topic, or the replacement would double a word."""
    text = unredact(text)
    quotes = _QUOTED_RE.findall(text)
    if any(term in quote for quote in quotes for term in words):
        return None
    pieces = _QUOTED_RE.split(text)
    out = [_replace(piece, topic, words) for piece in pieces]
    result = "".join(p + q for p, q in zip(out, [*quotes, ""]))
    return None if _doubled(text, result, topic) else noun_phrase(result, topic)


def _replace(piece: str, topic: str, words: tuple[str, ...]) -> str:
    for term in words:
        piece = piece.replace(term, _MARK)
    # A和B (both archive topics) → T和T → T; 做好安全生产、A等工作 → 做好T等工作
    piece = re.sub(f"{_MARK}(?:{_ENUM_RE}{_MARK})+", _MARK, piece)
    piece = piece.replace(_MARK, topic)
    return re.sub(f"{re.escape(topic)}(?:{_ENUM_RE}{re.escape(topic)})+", topic, piece)


def noun_phrase(text: str, topic: str) -> str:
    """The topic as the noun phrase its frame needs: a bare field name before 的 or before a verb of
    progress (信访的责任感, 推动教育迈上新水平) becomes 信访工作 / 教育工作 (vocab/topic_heads.txt); a topic
    that is an event or a campaign takes its own head (安全生产月活动, not 安全生产月工作: vocab/topic_head_nouns)."""
    head = "" if topic.endswith("工作") else head_noun(topic)
    if head != "工作":
        text = text.replace(topic + "工作", topic + head)
    if not head:
        return text
    return re.sub(f"{re.escape(topic)}(?=(?:{vocab.pattern('topic_heads').pattern}))", topic + head, text)


def head_noun(topic: str) -> str:
    """The noun a topic takes to be a noun phrase: 工作 for a field of work, else as vocab/topic_head_nouns
    says for its ending (活动 after 月; nothing after 行动)."""
    for line in vocab.words("topic_head_nouns"):
        ending, _, noun = line.partition("=")
        if topic.endswith(ending):
            return noun
    return "工作"


def _doubled(before: str, after: str, topic: str) -> bool:
    """True when the replacement made a doubled word from the topic's characters (安全生产生产, 安保安保)
    that the original text did not have."""
    for pattern in _DOUBLED:
        new = {m.group(1) for m in pattern.finditer(after)} - {m.group(1) for m in pattern.finditer(before)}
        if any(word in topic for word in new):
            return True
    return False
