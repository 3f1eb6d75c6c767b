"""Taking a pasted or archived page apart from the speech on it, line by line.

Pages carry more than the speech: document-viewer and site lines (VIP专免, 相关推荐, 下面是小编为大家整理的…),
page numbers, bundle headings (…讲话稿(精选21篇), … 篇1), `<BR>` left from HTML, and at the end a paywall or
footer (预览结束, （未完，全文共1662字，当前显示422字）, 版权声明, THE END) after which nothing is speech, often
not even a repeat of its opening. The phrase lists are data (`drafter/vocab/page_furniture.txt`, `text_end.txt`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from drafter.text.recognition import Form, recognition_forms
from drafter.vocab import words

_BREAK_RE = re.compile(r"<\s*br\s*/?\s*>", re.I)
_SHAPES_RE = re.compile(
    r"^[-—\s]*\d{1,4}[-—\s]*$"  # a page number alone
    r"|第\d+页\s*共\d+页|^\d+\s*/\s*\d+$"  # 第1页共9页, 2/10
    r"|[（(【](精选|通用)?[\d一二三四五六七八九十]+篇[)）】]$|\s篇\s*\d+$"  # bundle headings
    r"|^[【（(]?\s*(文章|全文)共\d+字"  # 【文章共6963字，…】
    r"|\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}[:：]\d{2}"  # a site's time stamp: 德育素材网 首页 2024-10-28 08:41:08
)
# A page number a PDF or document-viewer paste left inside a sentence (…安全生 — 3 — 产工作…, …第1 页共 10 页…).
_INLINE_PAGE_RE = re.compile(r"\s*(第\s*\d{1,4}\s*页\s*[,，/]?\s*共\s*\d{1,4}\s*页|[-—–－]{1,2}\s+\d{1,4}\s+[-—–－]{1,2})\s*")
# Style rules a Word-saved web page leaves in its text (@page { size: … } p.western { font-family: … }).
_STYLE_RE = re.compile(r"\s*(?:@[a-z-]+|[a-z]{1,10}(?:\.[\w-]+)?|[.#][\w-]+)\s*\{[^{}]*:[^{}]*\}\s*")
# Each pattern above after a character every match of it holds: the pattern tries every position of a page
# (a twentieth of parsing), the character is found by a C scan, and few pages hold one.
_INLINE = ((re.compile("[页\\-—–－]"), _INLINE_PAGE_RE), (re.compile("{"), _STYLE_RE))
_SHORT = 60
_SPEECH_SEEN = 50  # a line this long, or a sentence, is speech: an end marker after it ends the speech
_REPEAT = 30  # a paragraph this long seen twice is the page repeating itself, not the speaker


@cache
def _phrases(name: str) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in words(name)))


@dataclass
class Cleaned:
    """The lines kept as speech, each with its recognition form, and those dropped as page furniture."""

    lines: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def is_page_furniture(form: str, phrases: bool = True) -> bool:
    """A short line (in recognition form) that belongs to the page, not to the speech (`phrases`: False when
    the page holds none of the furniture phrases, so that they need not be looked for line by line)."""
    if len(form) > _SHORT:
        return False
    return (phrases and _phrases("page_furniture").search(form) is not None) or _SHAPES_RE.search(form) is not None


def ends_text(form: str) -> bool:
    """A paywall, cut-off notice or footer line (in recognition form): the speech on the page stops here."""
    return len(form) <= _SHORT * 2 and _phrases("text_end").search(form) is not None


def _drop_inline(pattern: re.Pattern[str], text: str, dropped: list[str]) -> str:
    """The text without the page numbers (or style rules) inside it (a line that is only one is left for the
    furniture check); each taken out is added to `dropped`."""
    found = [match for match in pattern.finditer(text) if match.group().strip() != text]
    if not found:
        return text
    dropped += [match.group().strip() for match in found]
    return pattern.sub(lambda m: "" if m.group().strip() != text else m.group(), text)


def clean_lines(raw: list[str]) -> Cleaned:
    """Split lines at `<BR>`, drop page furniture and repeated paragraphs, and stop at the end of the speech."""
    result = Cleaned()
    pieces = [piece.strip() for line in raw for piece in _BREAK_RE.split(line)]
    pieces = [piece for piece in pieces if piece]
    for held, pattern in _INLINE:
        page = "\n".join(pieces)
        if held.search(page) and pattern.search(page):
            pieces = [_drop_inline(pattern, piece, result.dropped) for piece in pieces]
    speech_seen = False
    kept: set[str] = set()
    forms = recognition_forms(pieces)
    phrases = _phrases("page_furniture").search("\n".join(form for form, _ in forms)) is not None
    for position, (text, form) in enumerate(zip(pieces, forms)):
        if speech_seen and ends_text(form[0]):
            result.dropped += pieces[position:]
            break
        if is_page_furniture(form[0], phrases) or (len(text) >= _REPEAT and text in kept):
            result.dropped.append(text)
            continue
        result.lines.append(text)
        result.forms.append(form)
        kept.add(text)
        speech_seen = speech_seen or len(text) >= _SPEECH_SEEN or "。" in form[0]
    return result
