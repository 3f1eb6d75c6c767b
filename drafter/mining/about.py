"""What a speech is about and at what meeting it was given, mined per speech so the bank stands alone.

A writer's archive names both in the title (在全市安全生产工作推进会上的讲话), in the opening (今天，我们
召开全县防汛工作会议…) or in a `metadata.json` beside the files ({"speeches": {file: {title, occasion,
topic}}}). Planning chooses material by them, and skeletons by occasion, never by a file name.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from drafter import vocab
from drafter.structure.model import Speech
from drafter.text.reading import METADATA_FILE, normalize

_HAN_TOPIC_RE = re.compile(r"[\u4e00-\u9fff]{2,8}(?:[和暨、][\u4e00-\u9fff]{2,8})*")
_CONVENED_RE = re.compile(r"召开(?:了)?(?:这次|本次|今天的)?([^，。；：！]{2,40})")


class About(NamedTuple):
    """A speech's title (or its file's stem), topic ('' when it names none) and occasion ('' likewise)."""

    title: str
    topic: str
    occasion: str


def about(speech: Speech, folder: Path | None = None) -> About:
    """The speech's topic and occasion: metadata first, then its title, then its opening's 召开… sentence."""
    meta = folder_metadata(folder).get(speech.file, {}) if folder else {}
    titles = [normalize(meta["title"])] if meta.get("title") else [normalize(t) for t in speech.title]
    convened = [m.group(1) for p in speech.opening[:2] for m in _CONVENED_RE.finditer(normalize(p.text))]
    named = [*titles, *convened]
    title = next((t for t in titles if topic_of(t) or occasion_of(t)), titles[0] if titles else Path(speech.file).stem)
    topic = meta.get("topic") or next((t for text in named if (t := topic_of(text))), "")
    occasion = meta.get("occasion") or next((o for text in named if (o := occasion_of(text))), "")
    return About(title, topic, occasion)


@cache
def folder_metadata(folder: Path) -> dict[str, dict[str, str]]:
    """The `speeches` table of a folder's metadata.json (empty when there is none or it is unreadable)."""
    try:
        data = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    speeches = data.get("speeches") if isinstance(data, dict) else None
    return {k: v for k, v in speeches.items() if isinstance(v, dict)} if isinstance(speeches, dict) else {}


def occasion_of(text: str) -> str:
    """The first occasion of vocab/occasions.txt whose cue the text holds, or ''."""
    for line in vocab.words("occasions"):
        name, _, cues = line.partition("=")
        if cues and re.search(cues, text):
            return name
    return ""


def topic_of(text: str) -> str:
    """The topic a title or a 召开… phrase names: what stands after 在 and the scope words (全市, 2023年,
    市长) and before the meeting words (工作会议, 推进会, 讲话稿), if there are some and it reads as a short noun
    phrase."""
    head = text.split("在", 1)[1] if "在" in text[:12] else text
    scope = vocab.pattern("title_scope")
    while (found := scope.match(head)) and found.end():
        head = head[found.end():]
    cut = vocab.pattern("meeting_words").search(head)
    if not cut:
        return ""
    match = _HAN_TOPIC_RE.fullmatch(head[: cut.start()].strip("的"))
    return match.group() if match else ""
