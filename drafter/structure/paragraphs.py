"""Repairing the paragraph layout of real-world text before it is parsed.

Text copied from web pages, PDFs and chat arrives with page furniture around it (site names, 打印本文,
share buttons), paragraphs broken mid-sentence at a fixed width, or a whole speech run together on one
line. These functions turn it back into the paragraphs a writer meant, working on (original, normalised)
pairs so that the original wording is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from drafter.text.cleanup import clean_lines
from drafter.text.recognition import TONED, recognition_form
from drafter.vocab import words
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
_CONTINUING = tuple("的地得之了着")  # no paragraph (nor a heading's tail on its own line) starts with these
# Where normalising a joined paragraph may differ from normalising its lines apart: quotes and pinyin
# anywhere, half-width punctuation or a numeral at a line's edge.
_JOIN_RISK_RE = re.compile(f'["{TONED}]')
_JOIN_EDGE_RE = re.compile(r"^[,:.．一二三四五六七八九十]|[,:.．]$")


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


# Spaces may stand between the pieces: pages that turned paragraph breaks into spaces.
_RUN_TOGETHER_RE = re.compile(r"[。！？：；] *(?=[一二三四五六七八九十]{1,2}、|（[一二三四五六七八九十]{1,2}）)")
# In a whole speech pasted as one or two lines, 第一， and the closing 同志们， start paragraphs too.
_LONG_RUN_RE = re.compile(r"[。！？：；] *(?=[一二三四五六七八九十]{1,2}、|（[一二三四五六七八九十]{1,2}）|第[一二三四五六七八九十]{1,2}，|同志们，)")


def split_run_together(line: Line, whole: bool = False) -> list[Line]:
    """Split a line holding several paragraphs: before each 一、 / （一） that starts a sentence and
    after a salutation opening a piece (同志们：今天…); `whole` when the line is (nearly) the whole speech."""
    pattern = _LONG_RUN_RE if whole else _RUN_TOGETHER_RE
    cuts = [m.end() for m in pattern.finditer(line.norm) if _starts_paragraph(line.norm[m.end():])]
    bounds = [0, *cuts, len(line.norm)]
    pieces = [line.cut(a, b) for a, b in zip(bounds, bounds[1:]) if line.norm[a:b].strip()]
    split: list[Line] = []
    for piece in pieces:
        first_item = _glued_first_item(piece.norm)
        if first_item:
            split += [piece.cut(0, first_item), *split_run_together(piece.cut(first_item), whole)]
            continue
        salutation = salutation_length(piece)
        if 0 < salutation < len(piece.norm):
            split += [piece.cut(0, salutation), *split_run_together(piece.cut(salutation), whole)]
        else:
            split.append(piece)
    return split


# 一、heading text（一）first item…: a heading run into its first item with no punctuation between
_GLUED_ITEM_RE = re.compile(r"[一二三四五六七八九十]{1,2}、[^。！？；：（）]{4,50}?(?<!第)(?=（一）)")


def _glued_first_item(norm: str) -> int:
    """Where the first item starts in a heading run into it (一、周密部署，扎实开展整治（一）开展…), or 0."""
    match = _GLUED_ITEM_RE.match(norm)
    return match.end() if match and start_marker(norm) else 0


def _starts_paragraph(norm: str) -> bool:
    return norm.startswith("同志们") or start_marker(norm) is not None


def join_broken(lines: list[Line]) -> list[Line]:
    """Join lines broken mid-sentence (hard wraps from PDFs and web pages) back into paragraphs.

    Each paragraph is assembled once from its pieces: re-reading a growing paragraph at every joined line
    would make thousands of unpunctuated lines quadratic."""
    width = _wrap_width(lines)
    groups: list[list[Line]] = []
    heading = False  # the open paragraph is a numbered line with no sentence in it so far
    for line in lines:
        if groups and _continues(groups[-1][-1].norm, line.norm, width, heading, len(groups[-1]) == 1):
            groups[-1].append(line)
            heading = heading and not re.search("[。！？；]", line.norm[:-1])
        else:
            groups.append([line])
            heading = is_heading_line(line.norm)
    return [group[0] if len(group) == 1 else joined(group) for group in groups]


def joined(pieces: list[Line]) -> Line:
    """One paragraph from the lines it was broken into: their forms put end to end, unless normalising
    the whole could differ (quotes pairing across a break, half-width punctuation at one, a form shorter
    than its text): the whole is then read afresh."""
    text = "".join(piece.text for piece in pieces)
    if _JOIN_RISK_RE.search(text) or any(piece.offsets is not None or _JOIN_EDGE_RE.search(piece.text) for piece in pieces):
        return Line.of(text)
    return Line(text, "".join(piece.norm for piece in pieces))


def _wrap_width(lines: list[Line]) -> int | None:
    """The fixed width text was hard-wrapped at, if it was: most body lines that stop mid-sentence share it
    (headings are left out: parallel headings often share a length too)."""
    widths = [len(line.norm) for line in lines if not ends_sentence(line.norm) and not is_heading_line(line.norm)]
    if len(widths) < 3:
        return None
    width = max(set(widths), key=lambda w: (widths.count(w), w))
    return width if widths.count(width) >= max(3, len(widths) // 3) else None


def _continues(prev: str, norm: str, width: int | None, heading: bool, first: bool) -> bool:
    """Whether `norm` carries on the paragraph whose last line is `prev` (`heading`: that paragraph is
    a numbered line with no sentence in it; `first`: `prev` is its only line)."""
    if start_marker(norm) or salutation_length(Line(norm, norm)):
        return False
    if prev.endswith(tuple(_OPEN_END)) or norm.startswith(_CONTINUING):
        return True
    if ends_sentence(prev) or (first and salutation_length(Line(prev, prev)) == len(prev)):
        return False
    # a numbered line with no sentence in it is a heading, unless it fills a hard-wrapped line
    return not heading or (width is not None and len(prev) >= width)


@dataclass(frozen=True)
class Layout:
    """A speech's paragraphs after repair: the header lines, the salutation found between header and body
    (if it was), the body paragraphs, what was dropped."""

    header: list[Line]
    body: list[Line]
    dropped: list[Line]
    salutation: Line | None = None


def repair(raw: list[str]) -> Layout:
    """Drop page furniture, keep the header (title, date: unpunctuated on purpose) apart, and restore
    the body's paragraphs (split run-together lines, join lines broken mid-sentence)."""
    cleaned = clean_lines(raw)
    lines = [Line(text, *form) for text, form in zip(cleaned.lines, cleaned.forms)]
    repeats = Counter(line.norm for line in lines if len(line.norm) <= _RUNNING_HEAD)
    furniture = [is_furniture(line) or (repeats[line.norm] > 1 and _running_head(line)) for line in lines]
    dropped = [Line.of(text) for text in cleaned.dropped] + [line for line, drop in zip(lines, furniture) if drop]
    lines = [line for line, drop in zip(lines, furniture) if not drop]
    header, salutation, lines, skipped = _split_header(lines)
    titles = {line.norm for line in header}
    skipped += [line for line in lines if line.norm in titles]  # the page repeating its title
    joined = join_broken([line for line in lines if line.norm not in titles])
    whole = len(joined) <= 3
    body = [part for line in joined for part in split_run_together(line, whole)]
    return Layout(header, body, dropped + skipped, salutation)


_RUNNING_HEAD = 20


def _running_head(line: Line) -> bool:
    """A short line the page repeats (a site's running head or watermark between paragraphs, 公文汇，办公
    文档之家): no sentence, no numbering mark, no speech title."""
    norm = line.norm
    return not (ends_sentence(norm) or norm.endswith(tuple(_OPEN_END)) or start_marker(norm) or _TITLED_RE.search(norm)
                or is_date_line(line) or _address_re().match(norm))


def _split_header(lines: list[Line]) -> tuple[list[Line], Line | None, list[Line], list[Line]]:
    """Header lines, the salutation, body lines, and page text dropped between header and salutation.

    When a salutation stands near the top (on its own line or glued after the title: …工作会上的讲话同志们：),
    the header is the title-like lines before it and the rest before it is page text (a site's blurb);
    otherwise the header is found by its shape (`_header_end`)."""
    loose = False  # a line above is neither header nor page blurb: only a line opening with 同志们： counts
    for index, line in enumerate(lines[:_HEADER_SCAN]):
        whole = salutation_length(line) == len(line.norm)  # a line that is a salutation, as always read
        mark = start_marker(line.norm)
        if whole or mark:
            found: tuple[int, int] | None = (0, len(line.norm)) if whole else None
        else:
            found = find_salutation(line.norm, comma=not loose and all(_header_shaped(h) for h in lines[:index]))
            found = None if loose and found and found[0] > 0 else found  # after loose lines: 同志们： opening the line
        if found:
            start, end = found
            before = [piece for piece in (line.cut(0, start),) if piece.norm]
            after = [piece for piece in (line.cut(end),) if piece.norm]
            head = lines[:index] + before
            header = [h for h in head if _header_shaped(h) or _TITLED_RE.search(h.norm)]
            return header, line.cut(start, end), [*after, *lines[index + 1:]], [h for h in head if h not in header]
        if _is_prose(line):
            break  # the speech has begun without a salutation
        # a list of contents (two numbered lines or more) or an advert keeps the search going, for a line
        # that is only the salutation; a numbered line that lists nothing is the speech's body
        if mark and not loose and not _lists_contents(mark, lines[index + 1:_HEADER_SCAN]):
            break
        loose = loose or mark is not None or not (_header_shaped(line) or _SITE_BLURB_RE.search(line.norm))
    end = _header_end(lines)
    return lines[:end], None, lines[end:], []


def _lists_contents(mark, below: list[Line]) -> bool:
    """Whether the numbered line with `mark` opens a list of contents: its next mark follows before
    any prose line."""
    for line in below:
        if _is_prose(line):
            return False
        following = start_marker(line.norm)
        if following and following.family == mark.family and following.value == mark.value + 1:
            return True
    return False


def _is_prose(line: Line) -> bool:
    """A line of the speech's prose: it ends a sentence, and is not a page's blurb."""
    return line.norm.rstrip("”’）").endswith(tuple("。！？；")) and not _SITE_BLURB_RE.search(line.norm)


def find_salutation(norm: str, comma: bool = True) -> tuple[int, int] | None:
    """Where the salutation stands in a line near the top: at its start, or right after a title glued to it.

    A page's blurb may stand before it too (下面是小编为大家整理的…，供大家参考。同志们：).
    Without a colon or comma a salutation needs a title before it (…讲话同志们今天…); one with a comma
    (同志们，) only counts when nothing but header lines stands above it (`comma`). The caller looks only
    above the speech's first prose, so a chair's 同志们，刚才… mid-script is not taken."""
    match = _address_re().search(norm, 0, _SALUTATION_SCAN)
    if not match:
        return None
    prefix = norm[: match.start()].strip()
    titled = bool(prefix) and _TITLED_RE.search(prefix) is not None
    blurb = bool(prefix) and _SITE_BLURB_RE.search(prefix) is not None  # 下面是小编…供大家参考。同志们：
    if prefix and not blurb and (not titled or re.search("[。！？；]", prefix)):
        return None
    mark = match.group("mark")
    if mark == "：" or (mark == "，" and comma) or (not mark and titled):
        return match.start(), match.end()
    return None


@cache
def _address_re() -> re.Pattern[str]:
    terms = "|".join(re.escape(t) for t in sorted(words("salutation_terms"), key=len, reverse=True))
    # 大家好 belongs to the salutation when the colon ends it (同志们，朋友们，大家好：), not before ！
    return re.compile(rf"(?:{terms})(?:[、，和]\s*(?:{terms}))*(?:[，、]\s*大家好(?=\s*：))?\s*(?P<mark>[：，]?)")


_HEADER_SCAN = 16  # lines from the top a salutation is looked for in (a list of contents may come first)
_SALUTATION_SCAN = 120  # characters from the start of a line: a title glued before the salutation fits
_TITLED_RE = re.compile(r"(讲话|发言|致辞|报告|稿|范文|主持词|开幕词|闭幕词|提纲)[\s\d]*$|[（(]\d+字[)）]$")
_SITE_BLURB_RE = re.compile("|".join(re.escape(w) for w in words("page_furniture")))


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
