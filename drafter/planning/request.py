"""What a writer asks for when planning: one request object, checked once, passed whole."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from drafter.errors import OptionError

DEFAULT_OCCASION = "工作推进会"
MAX_TOPIC = 30  # characters: real topics run to 19 (巩固拓展脱贫攻坚成果同乡村振兴有效衔接)
_TOPIC_RE = re.compile(rf"^[\u4e00-\u9fffA-Za-z0-9]{{2,{MAX_TOPIC}}}$")
# Characters a heading line cannot hold: controls (a line break would split it) and lone surrogates.
_UNPRINTABLE_RE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
MAX_HEADER = 200  # characters of the title, date or speaker line
MAX_PARTS = 9


@dataclass(frozen=True)
class PlanRequest:
    """Topic, occasion and shape of an outline (parts or keywords, variant), where the bank and the writer's
    skeletons are (None: the bundled ones), and the header a draft carries (title, date, speaker)."""

    topic: str
    occasion: str = DEFAULT_OCCASION
    parts: int | None = None
    keywords: tuple[str, ...] = ()
    variant: int = 0
    phrasebank: Path | None = None
    templates: Path | None = None
    title: str = ""
    date: str = ""
    speaker: str = ""

    def checked(self) -> PlanRequest:
        """The request with its topic in the form frames want, or OptionError naming what is wrong."""
        topic = normal_topic(self.topic)
        if not _TOPIC_RE.match(topic):
            shown = topic if len(topic) <= 40 else topic[:40] + "…"
            raise OptionError(f"主题“{shown}”应为 2 到 {MAX_TOPIC} 个汉字（不含标点和空格），如：安全生产", "topic")
        for name, label in (("title", "标题"), ("date", "日期"), ("speaker", "讲话人")):
            value = getattr(self, name)
            if _UNPRINTABLE_RE.search(value) or len(value) > MAX_HEADER:
                raise OptionError(f"{label}中有控制字符或无法编码的字符，或超过 {MAX_HEADER} 字", name)
        if self.parts is not None and self.keywords:
            raise OptionError("部分数与关键词只能选一个", "parts", "keywords")
        if self.parts is not None and not 2 <= self.parts <= MAX_PARTS:
            raise OptionError(f"部分数应在 2 到 {MAX_PARTS} 之间，而不是 {self.parts}", "parts")
        keywords = self.keywords
        if keywords and (len(keywords) < 2 or len(set(keywords)) != len(keywords) or not all(keywords)):
            raise OptionError("关键词应为 2 个以上互不相同的词，用逗号分隔，如：安全,发展,民生,法治", "keywords")
        if self.variant < 0:
            raise OptionError(f"写法序号应为 0 或正整数，而不是 {self.variant}", "variant")
        return replace(self, topic=topic)


def split_keywords(text: str) -> tuple[str, ...]:
    """Keywords as a writer lists them: 安全,发展 / 安全，发展 / 安全、发展."""
    return tuple(word.strip() for word in re.split("[,，、]", text))


def normal_topic(topic: str) -> str:
    """The topic as the frames want it: 安全生产工作 → 安全生产 (skeletons and frames add 工作 themselves)."""
    topic = topic.strip()
    return topic[:-2] if topic.endswith("工作") and len(topic) >= 4 else topic
