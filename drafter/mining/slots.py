"""Slots in reusable sentences: what a writer must replace before a mined sentence fits a new speech.

A template is the mined text with its speech-specific parts marked:
- `{主题}`: the speech's own topic terms (the topic terms → {主题}), so a heading can be reused for 安全生产;
- redactions in the originals: `{名称}` for ** and ***, `{N}` for *个, `{某同志}` for x同志;
- stale facts: years, dates, figures, percentages, named places and people become `【待核实：…】`,
  never carried silently into a new speech;
- in transitions, the announced matter and count: 就{事项}，我再讲{N}点意见.
Quotations (“…”) are never touched: a quotation is copied verbatim or not at all.
Time-bound 提法 (今年是党的二十大召开之年, 常态化疫情防控…) are flagged "dated" and marked 【待核实：…】
too, so that a reused sentence shows the writer what may no longer hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter import vocab

SLOT_RE = re.compile(r"\{([^{}]+)\}")
VERIFY = "待核实"
_QUOTED_RE = re.compile(r"“[^“”]*”")
_REDACTIONS = (
    (re.compile(r"(?<![A-Za-z])(?:[xX×]{1,3}|某{1,2})同志"), "{某同志}"),
    (re.compile(r"\*+(?=个)"), "{N}"),
    (re.compile(r"\*+"), "{名称}"),
)
_CN_NUM = "〇零一二三四五六七八九十百千万"
_FACT_RE = re.compile(
    rf"(\d{{4}}|[〇零一二三四五六七八九]{{4}})年(\d{{1,2}}月(\d{{1,2}}日)?)?"
    rf"|\d{{1,2}}月\d{{1,2}}日|第[一二三四]季度|[上下]半年"
    rf"|(\d+(\.\d+)?|百分之[{_CN_NUM}点]+)%?"
    rf"(个|项|名|件|起|人|家|次|条|万|亿|元|户|所|支|小时|天|年|月|日|位|批|篇|场|类|种|%)?"
)
# A count in Chinese numerals of things that happened or exist (两起事故, 三家企业, 十二名干部) is a claim of
# its speech; counts of what a speech says (三点意见, 一项任务, 两个方面) are not, and are left alone.
_CN_COUNT_RE = re.compile(r"(?<![第几])[两二三四五六七八九十][〇零一二三四五六七八九十百千万亿]*(?:起|名|家|户|处|座|所|元)")
_PLACE_SUFFIX_RE = re.compile(r"(?<=[\u4e00-\u9fff]{2})[省市县区州]")
# A personal name is only taken for one before a form of address (张三同志, 李四书记), and never the leaders
# a speech cites by name (习近平总书记 is a fixed reference, not a fact to update).
_GENERIC_PLACE = re.compile(r"^(全|我|各|本|该|此|外|省|市|县|区|乡|镇|城|社|地|直辖|自治|行政|开发|主城)")
_TOPIC = "{主题}"


def _never(_name: str) -> bool:
    return False


@dataclass
class Templated:
    """A text's template, its slot names in order of first use and the flags it earned."""

    template: str
    slots: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def dated(text: str) -> bool:
    """True when the text holds a time-bound 提法 (an event year, a campaign, an epidemic measure)."""
    return vocab.pattern("dated").search(text) is not None


def template(text: str, topics: list[str] = (), is_place=_never, is_person=_never) -> Templated:
    """The template of `text`: topic terms, redactions and stale facts marked; quotations untouched.

    `is_place` and `is_person` tell a place name (杭州市) or a personal name (张三) from a chance run of
    characters (dictionary look-ups)."""
    pieces = []
    last = 0
    for quoted in _QUOTED_RE.finditer(text):
        pieces.append(_mark(text[last:quoted.start()], topics, is_place, is_person))
        pieces.append(quoted.group(0))
        last = quoted.end()
    pieces.append(_mark(text[last:], topics, is_place, is_person))
    result = "".join(pieces)
    flags = []
    if dated(text):
        flags.append("dated")
    if VERIFY in result:
        flags.append("verify")
    if any(r.search(text) for r, _ in _REDACTIONS):
        flags.append("redacted")
    return Templated(result, slot_names(result), flags)


def slot_names(template_text: str) -> list[str]:
    """Slot names in order of first appearance, 待核实 included when a fact must be checked."""
    names = list(dict.fromkeys(SLOT_RE.findall(template_text)))
    if "【待核实" in template_text:
        names.append(VERIFY)
    return names


def _mark(text: str, topics, is_place, is_person) -> str:
    for pattern, slot in _REDACTIONS:
        text = pattern.sub(slot, text)
    text = _mark_facts(text, is_place, is_person)
    text = vocab.pattern("dated").sub(lambda m: _verify(m.group(0)), text)
    for topic in sorted(topics, key=lambda t: (-len(t), t)):
        text = text.replace(topic, _TOPIC)
    return text


def _mark_facts(text: str, is_place, is_person) -> str:
    text = _FACT_RE.sub(lambda m: _verify(m.group(0)) if _is_fact(m.group(0)) else m.group(0), text)
    text = _CN_COUNT_RE.sub(lambda m: _verify(m.group(0)), text)
    for suffix in reversed(list(_PLACE_SUFFIX_RE.finditer(text))):
        end = suffix.end()
        text = _verify_before(text, end, (4, 3), lambda name: not _GENERIC_PLACE.match(name) and is_place(name))
    cited = vocab.words("cited_leaders")
    address_re = re.compile(rf"(?<=[\u4e00-\u9fff]{{2}})(?:{vocab.pattern('forms_of_address').pattern})")
    for address in reversed(list(address_re.finditer(text))):
        text = _verify_before(text, address.start(), (3, 2), lambda name: name not in cited and is_person(name))
    return text


def _verify_before(text: str, end: int, lengths: tuple[int, ...], accept) -> str:
    """Mark the longest accepted name of one of `lengths` characters that ends at `end`."""
    for length in lengths:
        start = end - length
        if start >= 0 and accept(text[start:end]):
            return text[:start] + _verify(text[start:end]) + text[end:]
    return text


def _is_fact(match: str) -> bool:
    """Arabic figures always; Chinese numerals only as years, percentages or with 百分之; a season of the
    year (第一季度, 上半年)."""
    return (any(ch.isdigit() for ch in match) or match.startswith("百分之") or (len(match) >= 5 and match[4:5] == "年")
            or match.endswith(("季度", "半年")))


def _verify(fact: str) -> str:
    return f"【{VERIFY}：{fact}】"


def transition_template(text: str, topics: list[str] = (), is_place=_never, is_person=_never) -> Templated:
    """A transition's template: the matter announced (就{事项}) and the count ({N}点意见) as slots."""
    marked = re.sub(r"(就|围绕)([^，。：；]{2,30}?)(工作|问题)?(?=，)", r"\1{事项}", text)
    marked = re.sub(r"(这|再讲|再强调|谈|讲|强调|提)([一二三四五六七八九十两\d]+)(?=点|个方面|条|个问题|项)", r"\1{N}", marked)
    return template(marked, topics, is_place, is_person)
