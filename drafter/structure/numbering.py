"""The numbering grammar of Chinese speeches: which marks number a block, their family and ordinal.

Families are what a writer types: 一、 （一） 1. （1） ① 一是 一要 第一， 首先/其次/再次/最后. Which *level* a
family stands for is not decided here: the parser takes it from the speech's own hierarchy.
All matching runs on normalised text (see `corpus.normalize`), so （一） and (一) are one family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

CN_DIGITS = "零一二三四五六七八九十"
# A well-formed Chinese numeral up to 99 (一, 十二, 二十, 三十五): 三一 or 一三 is no ordinal, and no mark.
CN_NUMERAL = "(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_CN = CN_NUMERAL
ORDER_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 0}  # 最后 closes a series of any length

# Families in the order writers nest them; the rank breaks ties when choosing the outline's top level.
FAMILY_RANK = {"cn": 0, "di": 1, "di_phrase": 1, "paren_cn": 2, "yao": 3, "shi": 3, "order": 3, "arabic": 4, "paren_arabic": 5, "circled": 6}

_PATTERNS: dict[str, str] = {
    # 二、三产业 and 一、二季度 are compounds, not numbering
    "cn": rf"(?P<v>{_CN})[、](?![一二三四五六七八九十](?:产|季|类|级|线|等|、|次|是))",
    "paren_cn": rf"（(?P<v>{_CN})）",
    "arabic": r"(?P<v>\d{1,2})[.、](?![\d%])",
    "paren_arabic": r"（(?P<v>\d{1,2})）",
    "circled": r"(?P<v>[①②③④⑤⑥⑦⑧⑨⑩])",
    "shi": rf"(?P<v>{_CN})是(?!非|否|一|二|不)",
    "yao": rf"(?P<v>{_CN})要(?![求素件点闻务])",
    "di": rf"第(?P<v>{_CN})[，、：]",
    # 第一句话： 第一点， 第一个关键是“… 第一个“一点”是
    "di_phrase": rf"第(?P<v>{_CN})(?:句话|点|条|方面|个方面|个[“‘]?[\u4e00-\u9fff]{{1,3}}[”’]?是)[，、：]?",
    "order": r"(?P<v>首先|其次|再次|最后)[，、：]",
}
# Families that also number items inside a running paragraph (…一是确保政治安全。二是…).
INLINE_FAMILIES = ("shi", "yao", "di", "order", "paren_arabic", "circled", "paren_cn")

_START = {family: re.compile(pattern) for family, pattern in _PATTERNS.items()}
_INLINE = re.compile(
    r"(?:(?<=[。；：！？])|^)\s*(?:" + "|".join(f"(?P<{f}>{_PATTERNS[f].replace('(?P<v>', '(?:')})" for f in INLINE_FAMILIES) + ")"
)


@dataclass(frozen=True)
class Marker:
    """A numbering mark found in a paragraph: where it is, its family and its ordinal (0 for 最后)."""

    start: int
    end: int
    family: str
    value: int


def cn_to_int(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20; Arabic digits pass through."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.index(tens) if tens else 1) * 10 + (CN_DIGITS.index(ones) if ones else 0)
    return CN_DIGITS.index(text)


def int_to_cn(number: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (up to 99, far beyond any speech)."""
    if number <= 10:
        return "十" if number == 10 else CN_DIGITS[number]
    tens, ones = divmod(number, 10)
    return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[ones] if ones else "")


def _value(family: str, raw: str) -> int:
    if family == "circled":
        return "①②③④⑤⑥⑦⑧⑨⑩".index(raw) + 1
    if family == "order":
        return ORDER_WORDS[raw]
    return cn_to_int(raw)


_OPENERS = frozenset("（一二三四五六七八九十0123456789①②③④⑤⑥⑦⑧⑨⑩第首其再最")  # what any mark starts with


_MARK_REACH = 16  # no mark, with the characters its pattern looks ahead at, is longer (第二十个方面是， and 、 + 2)


def start_marker(norm: str) -> Marker | None:
    """The mark that opens a paragraph, if any, preferring the family whose mark is longest (（一） over 一)."""
    if not norm or norm[0] not in _OPENERS:
        return None
    return _opening_mark(norm[:_MARK_REACH])


@lru_cache(maxsize=4096)  # layout repair and the parser both ask about the same lines; keyed on a line's
def _opening_mark(head: str) -> Marker | None:  # head and bounded, so that mining a large archive stays flat
    found = []
    for family, pattern in _START.items():
        match = pattern.match(head)
        if match:
            found.append(Marker(0, match.end(), family, _value(family, match.group("v"))))
    return max(found, key=lambda m: m.end, default=None)


def inline_markers(norm: str, skip_to: int = 0) -> list[Marker]:
    """Candidate marks at clause starts inside a paragraph, after position `skip_to`."""
    markers = []
    for match in _INLINE.finditer(norm, skip_to):
        family = match.lastgroup
        if family is None or match.start(family) < skip_to or match.start(family) == 0:
            continue
        raw = _START[family].match(norm, match.start(family)).group("v")
        markers.append(Marker(match.start(family), match.end(family), family, _value(family, raw)))
    return markers


def listed_in_sentence(norm: str, mark: Marker, candidates: list[Marker]) -> bool:
    """A series that opens after a colon and ends before the sentence does (…面临诸多新问题：一是…；二是…；
    三是…。) is an enumeration: it heads nothing."""
    if not norm[: mark.start].rstrip().endswith("："):
        return False
    last = mark
    for c in candidates:
        if c.family == mark.family and c.value == last.value + 1 and c.start > last.start:
            last = c
    return last is not mark and re.search("[。！？]", norm[mark.end:last.start]) is None


def render_marker(family: str, value: int) -> str:
    """The mark a writer types for the `value`-th block of `family` (used by skeletons and tests)."""
    cn = int_to_cn(value)
    return {
        "cn": f"{cn}、", "paren_cn": f"（{cn}）", "arabic": f"{value}.", "paren_arabic": f"（{value}）",
        "circled": "①②③④⑤⑥⑦⑧⑨⑩"[value - 1], "shi": f"{cn}是", "yao": f"{cn}要", "di": f"第{cn}，",
        "order": {1: "首先，", 2: "其次，", 3: "再次，"}.get(value, "最后，"),
    }[family]
