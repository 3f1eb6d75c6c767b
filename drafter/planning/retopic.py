"""Fitting reused corpus text to a new topic: the corpus's own topic terms out, the writer's topic in.

The archive's topic terms are a word list (vocab/archive_topics.txt). A sentence reused for 安全生产 must
name 安全生产 where it named them, read as Chinese afterwards (no 安全生产生产, no 安全生产和安全生产), and never change a quotation: a sentence whose quotation names an old topic is not
reused at all. Redactions (**, x同志) become the visible slot ××.
"""

from __future__ import annotations

import re

from drafter import vocab
from drafter.text.reading import REDACTION_RE

SLOT = "××"
# Longest first: a compound is replaced whole before its parts are looked at.
CORPUS_TOPICS = tuple(sorted(vocab.words("archive_topics"), key=len, reverse=True))
SHORT_TOPICS = vocab.words("archive_topic_short")
# Terms whose presence in an outline for another topic is a leftover (what the rubric checks).
LEFTOVER_TERMS = vocab.words("archive_leftovers")
_QUOTED_RE = re.compile(r"“[^”]*”|《[^》]*》")
_BARE_TOPIC_RE = re.compile(rf"(?<=[为把])(?:{'|'.join(SHORT_TOPICS)})(?=[提作放])")  # a short form standing for the topic
_ENUM_RE = "[、和与暨及]"
_DOUBLED = tuple(re.compile(rf"([\u4e00-\u9fff]{{{size}}})\1") for size in (1, 2, 3, 4))


def unredact(text: str) -> str:
    """Redaction marks as the slot ×× a writer fills in."""
    return REDACTION_RE.sub(lambda m: SLOT + ("同志" if m.group().endswith("同志") else ""), text)


def retopic(text: str, topic: str) -> str | None:
    """`text` about `topic` instead of the corpus topics, or None when that cannot be done cleanly.

    None when a quotation names an old topic (quotations are never altered) or when the replacement
    would double a word; otherwise the text outside quotations with every corpus topic term replaced.
    """
    text = unredact(text)
    quotes = _QUOTED_RE.findall(text)
    if any(term in quote for quote in quotes for term in CORPUS_TOPICS + SHORT_TOPICS):
        return None
    pieces = _QUOTED_RE.split(text)
    out = [_replace(piece, topic) for piece in pieces]
    result = "".join(p + q for p, q in zip(out, [*quotes, ""]))
    return None if _doubled(text, result, topic) else result


def _replace(piece: str, topic: str) -> str:
    marker = "\0"
    for term in CORPUS_TOPICS:
        piece = piece.replace(term, marker)
    piece = _BARE_TOPIC_RE.sub(marker, piece)
    # A和B (both archive topics) → T和T → T; 做好安全生产、A等工作 → 做好T等工作
    piece = re.sub(f"{marker}(?:{_ENUM_RE}{marker})+", marker, piece)
    piece = piece.replace(marker, topic)
    return re.sub(f"{re.escape(topic)}(?:{_ENUM_RE}{re.escape(topic)})+", topic, piece)


def _doubled(before: str, after: str, topic: str) -> bool:
    """True when the replacement made a doubled word from the topic's characters (安全生产生产, 安保安保)
    that the original text did not have."""
    for pattern in _DOUBLED:
        new = {m.group(1) for m in pattern.finditer(after)} - {m.group(1) for m in pattern.finditer(before)}
        if any(word in topic for word in new):
            return True
    return False


def leftovers(text: str, topic: str) -> list[str]:
    """Corpus topic terms still in `text` that the writer's topic does not itself contain."""
    return [term for term in LEFTOVER_TERMS if term in text and term not in topic]
