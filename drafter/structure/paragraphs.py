"""Repairing the paragraph layout of real-world text before it is parsed.

Text copied from web pages, PDFs and chat arrives with page furniture around it (site names, 打印本文,
share buttons), paragraphs broken mid-sentence at a fixed width, or a whole speech run together on one
line. These functions turn it back into the paragraphs a writer meant, working on (original, normalised)
pairs so that the original wording is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.text.recognition import recognition_form
from drafter.structure.numbering import start_marker

# Lines that belong to the web page or the document around the speech, not to the speech.
_FURNITURE_RE = re.compile(
    r"打印本文|打印此页|关闭窗口|【?字号[：:]?\s*[大中小]|【\s*大\s*中\s*小\s*】|分享到|扫一扫|二维码|责任编辑|编辑[：:]"
    r"|来源[：:]|文章来源|发布时间|发布日期|浏览(次数|量)|阅读(次数|量)|点击(数|量|率)|上一篇|下一篇|相关(阅读|文章|链接)"
    r"|版权所有|免责声明|ICP备|返回顶部|返回首页|当前位置|首页\s*[>＞»]|关注(我们的)?公众号|长按识别|广告|https?://|www\."
)
_SITE_RE = re.compile(r"^[^。，！？；]{2,20}(网|在线|门户|频道|网站|官网|客户端|公众号)$")
_DATE_RE = re.compile(
    r"^[（(【]?\s*(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,2}\s*月"
    r"(\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日)?[^。！？]{0,20}[）)】]?$"
)
_SALUTATION_RE = re.compile(r"^[^。！？；：]{0,30}(同志|领导|来宾|代表|朋友|大家|各位|先生|女士)[们]?[^。！？；：]{0,20}：")
_SENTENCE_END = "。！？；：…】"  # a paragraph that is only a 【placeholder】 is complete too
_OPEN_END = "，、（“《‘—"


@dataclass(frozen=True)
class Line:
    """One paragraph: its original text and the copy the parser reads (see `recognition_form`).

    `offsets` maps each character of `norm` (and its end) to the original; None when they line up.
    """

    text: str
    norm: str
    offsets: tuple[int, ...] | None = None

    @classmethod
    def of(cls, text: str) -> Line:
        return cls(text, *recognition_form(text))

    def at(self, position: int) -> int:
        """The offset in `text` of the character at `position` in `norm` (its end for len(norm))."""
        return position if self.offsets is None else self.offsets[position]

    def span(self, start: int, end: int | None = None) -> str:
        """The original text of the `norm` range [start, end)."""
        end = len(self.norm) if end is None else end
        return self.text[self.at(start):self.at(end)]

    def cut(self, start: int, end: int | None = None) -> Line:
        """The piece between two offsets, without the spaces around it."""
        end = len(self.norm) if end is None else end
        norm = self.norm[start:end]
        start += len(norm) - len(norm.lstrip())
        end = start + len(norm.strip())
        if self.offsets is None:
            return Line(self.text[start:end], self.norm[start:end])
        base = self.offsets[start]
        return Line(self.span(start, end), self.norm[start:end], tuple(o - base for o in self.offsets[start:end + 1]))


def is_furniture(line: Line) -> bool:
    """Page furniture: short lines naming the site, print/share links, editor and source lines."""
    norm = line.norm
    if len(norm) <= 60 and _FURNITURE_RE.search(norm):
        return True
    return _SITE_RE.match(norm) is not None


def is_date_line(line: Line) -> bool:
    return _DATE_RE.match(line.norm.replace(" ", "")) is not None


def salutation_length(line: Line) -> int:
    """Length of the salutation (同志们：) that opens the line, or 0."""
    match = _SALUTATION_RE.match(line.norm)
    return match.end() if match and not start_marker(line.norm) else 0


def ends_sentence(norm: str) -> bool:
    """True when a line ends where a paragraph may end (。！？ or a closing quote after one)."""
    norm = norm.rstrip()
    if norm.endswith(("”", "’", "」", "』", "）", ")")):
        inner = norm[:-1].rstrip("”’」』）)")
        return bool(inner) and inner[-1] in _SENTENCE_END
    return bool(norm) and norm[-1] in _SENTENCE_END + "!?"


def is_heading_line(norm: str) -> bool:
    """A numbered line with no sentence in it: a heading standing on its own line."""
    return start_marker(norm) is not None and not re.search("[。！？；]", norm[:-1])


_RUN_TOGETHER_RE = re.compile(r"(?<=[。！？：；])(?=[一二三四五六七八九十]{1,2}、|（[一二三四五六七八九十]{1,2}）)")
# In a whole speech pasted as one or two lines, 第一， and the closing 同志们， start paragraphs too.
_LONG_RUN_RE = re.compile(r"(?<=[。！？：；])(?=[一二三四五六七八九十]{1,2}、|（[一二三四五六七八九十]{1,2}）|第[一二三四五六七八九十]{1,2}，|同志们，)")


def split_run_together(line: Line, whole: bool = False) -> list[Line]:
    """Split a line holding several paragraphs: before each 一、 / （一） that starts a sentence and
    after a salutation opening a piece (同志们：今天…); `whole` when the line is (nearly) the whole speech."""
    pattern = _LONG_RUN_RE if whole else _RUN_TOGETHER_RE
    cuts = [m.start() for m in pattern.finditer(line.norm) if _starts_paragraph(line.norm[m.start():])]
    bounds = [0, *cuts, len(line.norm)]
    pieces = [line.cut(a, b) for a, b in zip(bounds, bounds[1:]) if line.norm[a:b].strip()]
    split: list[Line] = []
    for piece in pieces:
        salutation = salutation_length(piece)
        if 0 < salutation < len(piece.norm):
            split += [piece.cut(0, salutation), *split_run_together(piece.cut(salutation), whole)]
        else:
            split.append(piece)
    return split


def _starts_paragraph(norm: str) -> bool:
    return norm.startswith("同志们") or start_marker(norm) is not None


def join_broken(lines: list[Line]) -> list[Line]:
    """Join lines broken mid-sentence (hard wraps from PDFs and web pages) back into paragraphs."""
    width = _wrap_width(lines)
    joined: list[Line] = []
    for line in lines:
        if joined and _continues(joined[-1].norm, line.norm, width):
            joined[-1] = Line.of(joined[-1].text + line.text)
        else:
            joined.append(line)
    return joined


def _wrap_width(lines: list[Line]) -> int | None:
    """The fixed width text was hard-wrapped at, if it was: most body lines that stop mid-sentence share it
    (headings are left out: parallel headings often share a length too)."""
    widths = [len(line.norm) for line in lines if not ends_sentence(line.norm) and not is_heading_line(line.norm)]
    if len(widths) < 3:
        return None
    width = max(set(widths), key=lambda w: (widths.count(w), w))
    return width if widths.count(width) >= max(3, len(widths) // 3) else None


def _continues(prev: str, norm: str, width: int | None) -> bool:
    if start_marker(norm) or salutation_length(Line(norm, norm)):
        return False
    if prev.endswith(tuple(_OPEN_END)):
        return True
    if ends_sentence(prev) or salutation_length(Line(prev, prev)) == len(prev):
        return False
    # a numbered line with no sentence in it is a heading, unless it fills a hard-wrapped line
    return not is_heading_line(prev) or (width is not None and len(prev) >= width)


@dataclass(frozen=True)
class Layout:
    """A speech's paragraphs after repair: the header lines, the body paragraphs, what was dropped."""

    header: list[Line]
    body: list[Line]
    dropped: list[Line]


def repair(raw: list[str]) -> Layout:
    """Drop page furniture, keep the header (title, date: unpunctuated on purpose) apart, and restore
    the body's paragraphs (split run-together lines, join lines broken mid-sentence)."""
    lines = [Line.of(text) for text in raw]
    dropped = [line for line in lines if is_furniture(line)]
    lines = [line for line in lines if not is_furniture(line)]
    header_end = _header_end(lines)
    joined = join_broken(lines[header_end:])
    whole = len(joined) <= 3
    body = [part for line in joined for part in split_run_together(line, whole)]
    return Layout(lines[:header_end], body, dropped)


_TITLE_END_RE = re.compile(r"(讲话|发言|致辞|报告|讲稿|会上|动员|部署|点评|总结|开幕词|闭幕词)$")


def _header_end(lines: list[Line]) -> int:
    """Index of the first line after the title/date block (0 when the speech starts at once).

    A header is a run of short lines with no sentence punctuation that either names itself a speech
    (…上的讲话), holds a date, or is followed by the salutation: wrapped body text is none of these.
    """
    end = 0
    while end < min(len(lines), 8) and _header_shaped(lines[end]):
        end += 1
    if end == 0:
        return 0
    titled = any(_TITLE_END_RE.search(line.norm) or is_date_line(line) for line in lines[:end])
    followed = end < len(lines) and salutation_length(lines[end]) > 0
    return end if titled or followed else 0


def _header_shaped(line: Line) -> bool:
    norm = line.norm
    return (
        len(norm) <= 40
        and not norm.endswith("：")
        and not salutation_length(line)
        and not start_marker(norm)
        and not re.search("[，。！？；]", norm)
    )
