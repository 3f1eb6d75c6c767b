"""The outline planner: a speech skeleton for (topic, occasion, parts or keywords) from the phrasebank.

A practised writer plans a speech by taking a set of parallel headings that already worked (the three
parts of the 推进会 speech, the 要把…扛在肩上 family), ordering the parts as writers do (raise
understanding, then the key tasks, then follow-through), hanging a parallel item set under each part,
and borrowing the occasion's opening, transition and closing, all fitted to the new topic. The planner
does exactly that with phrasebank entries, keeps where every sentence came from, renders the occasion's
skeleton and reads the text back with the parser, so the outline a writer gets is one `drafter parse`
agrees with.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from os.path import commonprefix
from pathlib import Path
from typing import Any, Iterable

from drafter.text.reading import normalize, read_speech
from drafter.errors import TemplateError, UsageError
from drafter.structure.numbering import int_to_cn, start_marker
from drafter.bank.store import Entry, load
from drafter.planning.skeleton import Skeleton, find_skeleton, render
from drafter.resources import bundled
from drafter.structure.model import Speech
from drafter.planning.retopic import retopic

STAGES = ("认识", "任务", "落实")
MATERIAL_KINDS = ("salutation", "opening", "transition", "heading", "item", "frame", "closing", "signoff")
_UNDERSTAND = ("认识", "站位", "形势", "思想", "意识", "标准", "政治")
_FOLLOW = ("落实", "责任", "保障", "作风", "实干", "督查", "考核", "问责", "纪律")
# Subject matter of the bundled speeches: item sets naming it fit 平安建设 better than a new topic.
_DOMAIN = (
    "信访", "非访", "扫黑", "黑恶", "一案三查", "深挖", "犯罪", "社会治安", "治安防控", "疫情", "国家安全", "隐蔽战线",
    "敌对", "流动人口", "打击", "矛盾纠纷", "社会管理",
)
_COUNT_RE = re.compile(r"([一二三四五六七八九十两]+|\d+)(?=点|个方面|条|个问题|项|个关键词)")
_CALL_RE = re.compile(r"^(同志们|总之|围绕做好以上|做好以上|让我们|希望)")
# Frame entries the planner builds outlines from (curated in phrasebank/提纲句式.jsonl); other frames
# (series, phrase patterns) are for `drafter phrase`.
OUTLINE_ROLES = ("提纲", "关键词")
MAX_ITEM_LENGTH = 18
DEFAULT_KEYWORD_SENTENCE = "做好{主题}工作，要把握好{N}个关键词，即{关键词}。"
TOPIC_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{2,12}$")


@dataclass(frozen=True)
class Piece:
    """A phrase of material and where it came from: corpus file and paragraph, the frame it follows
    (the mined frame pattern, or the curated frame's name) and the heading set it belongs to."""

    text: str
    file: str = ""
    paragraph: int = 0
    frame: str = ""
    group: str = ""
    adapted: bool = False  # a curated heading rewritten from the cited paragraph, not found in it verbatim

    def source(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file": self.file, "paragraph": self.paragraph}
        data.update({key: value for key, value in (("frame", self.frame), ("set", self.group)) if value})
        if self.adapted:
            data["note"] = "据该段改写"
        return data


@dataclass(frozen=True)
class HeadingSet:
    """Parallel headings that belong together (one speech's parts, an item set, a frame's members);
    `home` is the speech most of them come from."""

    group: str
    members: tuple[Piece, ...]
    level: int
    home: str
    slots: tuple[str, ...] = ()


@dataclass
class PlannedPart:
    """One part of the outline: heading, its parallel items, and their provenance."""

    heading: str
    items: list[str]
    source: dict[str, Any]
    item_sources: list[dict[str, Any]]
    stage: str = ""


@dataclass
class Plan:
    """Everything a skeleton renders, with the provenance the planner recorded for it."""

    title: str
    topic: str
    occasion: str
    salutation: str
    opening: list[Piece]
    transition: Piece
    parts: list[PlannedPart]
    closing: list[Piece]
    signoff: Piece
    keywords: list[str] = field(default_factory=list)
    date: str = ""
    speaker: str = ""

    def context(self) -> dict[str, Any]:
        """The variables a skeleton sees (plain strings, lists and the parts)."""
        return {
            "title": self.title, "topic": self.topic, "occasion": self.occasion, "keywords": list(self.keywords),
            "date": self.date, "speaker": self.speaker, "salutation": self.salutation,
            "opening": [p.text for p in self.opening], "transition": self.transition.text,
            "parts": self.parts, "closing": [p.text for p in self.closing], "signoff": self.signoff.text,
        }


def stage_of(heading: str) -> int:
    """0 认识 / 1 任务 / 2 落实: the lead clause says understanding, the heading says follow-through."""
    lead = heading.split("，")[0]
    if any(word in lead for word in _UNDERSTAND):
        return 0
    return 2 if any(word in heading for word in _FOLLOW) else 1


def parallel(headings: list[str]) -> bool:
    """Headings form one parallel set: the same number of clauses, each clause's length within 4
    characters across the set, and one frame: a common prefix or suffix of 2+ characters in some
    clause, or lead clauses of one length (统一认识，提高站位，…), or clauses all of one length."""
    clauses = [h.split("，") for h in headings]
    if len(headings) < 2 or len({len(c) for c in clauses}) != 1:
        return False
    columns = list(zip(*clauses))
    spreads = [max(map(len, col)) - min(map(len, col)) for col in columns]
    if max(spreads) > 4:
        return False
    framed = any(len(commonprefix(col)) >= 2 or len(commonprefix([c[::-1] for c in col])) >= 2 for col in columns)
    leads = len(columns) > 1 and max(spreads[:-1]) <= 1
    return framed or leads or max(spreads) <= 1


class Material:
    """The phrasebank entries the planner draws on, grouped the way it uses them."""

    def __init__(self, entries: list[Entry], corpus: Path | None = None):
        self.sets = _heading_sets(entries)
        self.by_kind: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            self.by_kind[entry.kind].append(entry)
        self.corpus = corpus

    def pieces(self, kind: str, model: str, templated: bool = False) -> list[list[Piece]]:
        """Entries of a kind as paragraphs of pieces, the model speech's first, each in corpus order.

        The phrasebank keeps sentences sorted by frequency, not by place; where the corpus file is at
        hand its text gives each sentence's place in the paragraph, so an opening reads as it was said.
        `templated` pieces carry the facts and dated 提法 the entry's template marks to verify.
        """
        paragraphs: dict[tuple[str, int], list[Entry]] = defaultdict(list)
        for entry in self.by_kind.get(kind, []):
            for source in entry.sources[:1]:
                paragraphs[(source.file, source.paragraph)].append(entry)
        keys = sorted(paragraphs, key=lambda k: (k[0] != model, k))
        return [
            [Piece(_with_marks(e) if templated else e.text, file, paragraph)
             for e in sorted(paragraphs[(file, paragraph)], key=lambda e: self._offset(file, e.text))]
            for file, paragraph in keys
        ]

    def _offset(self, file: str, text: str) -> int:
        path = self.corpus / file if self.corpus else None
        return _corpus_text(path).find(text) if path and path.is_file() else -1


_VERIFY_RE = re.compile(r"【待核实：([^】]+)】")


def _with_marks(entry: Entry) -> str:
    """The entry's text with what its template marks to verify (【待核实：9个】, 【待核实：二十大】) marked
    the same way: stale facts are never carried silently into a new speech. The rest of the text stays
    as said, so topic terms and redactions are fitted like any other sentence."""
    text, at = entry.text, 0
    for fact in _VERIFY_RE.findall(entry.template):
        found = text.find(fact, at)
        if found >= 0:
            marked = f"【待核实：{fact}】"
            text = text[:found] + marked + text[found + len(fact):]
            at = found + len(marked)
    return text


@lru_cache(maxsize=64)
def _corpus_text(path: Path) -> str:
    """A corpus speech's text, normalised, to place mined sentences (read once per process)."""
    return normalize("".join(read_speech(path).paragraphs))


def _heading_sets(entries: list[Entry]) -> list[HeadingSet]:
    """Heading, item and frame entries grouped into their sets, members in the order the set lists them."""
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        outline_frame = entry.kind == "frame" and entry.role in OUTLINE_ROLES
        if entry.group and (entry.kind in ("heading", "item") or outline_frame):
            groups[(entry.kind, entry.group)].append(entry)
    sets = []
    for (kind, group), members in sorted(groups.items()):
        by_text = {text: e for e in members for text in (e.text, e.template) if text}
        order = members[0].members or [e.template or e.text for e in sorted(members, key=_first_source)]
        pieces = []
        for text in order:
            entry = by_text.get(text)
            source = entry.sources[0] if entry and entry.sources else None
            plain = text[marker.end:] if (marker := start_marker(text)) else text
            frame = entry.frame if entry else ""
            adapted = entry is not None and "改写" in entry.flags
            pieces.append(Piece(plain, source.file if source else "", source.paragraph if source else 0, frame, group, adapted))
        level = members[0].level or (2 if kind == "item" else 1)
        files = [p.file for p in pieces]
        home = max(sorted(set(files)), key=files.count)
        slots = tuple(sorted({s for e in members for s in e.slots}))
        sets.append(HeadingSet(f"{kind}:{group}", tuple(pieces), level, home, slots))
    return sets


def _first_source(entry: Entry) -> tuple[str, int]:
    return (entry.sources[0].file, entry.sources[0].paragraph) if entry.sources else ("", 0)


class Planner:
    """Chooses and fits material for one outline; `variant` walks the other good choices."""

    def __init__(self, material: Material, skeleton: Skeleton, topic: str, variant: int = 0):
        self.material = material
        self.skeleton = skeleton
        self.topic = topic
        self.variant = variant
        self.model = skeleton.model

    def plan(self, parts: int | None = None, keywords: list[str] | None = None) -> Plan:
        keywords = keywords or []
        heads = self._keyword_headings(keywords) if keywords else self._part_headings(parts or self.skeleton.parts)
        count = len(heads)
        planned = self._hang_items(heads, keywords)
        opening = self._opening(count, keywords)
        return Plan(
            title=self.skeleton.title.replace("{主题}", self.topic), topic=self.topic, occasion=self.skeleton.occasion,
            salutation=self._salutation(), opening=opening, transition=self._transition(count),
            parts=planned, closing=self._closing(count), signoff=self._signoff(), keywords=keywords,
        )

    # -- headings -------------------------------------------------------------------------------------
    def _fit(self, text: str, keyword: str = "") -> str | None:
        """A heading or sentence fitted to the topic (slots filled, corpus topics replaced), or None.
        The keyword goes in last: the writer's keyword is kept even if it is a corpus topic (综治)."""
        fitted = retopic(text.replace("{主题}", self.topic), self.topic)
        return fitted.replace("{关键词}", keyword) if fitted is not None else None

    def _part_headings(self, count: int) -> list[Piece]:
        candidates: list[list[Piece]] = []
        for heading_set in self._ranked(s for s in self.material.sets if s.level == 1 and "关键词" not in s.slots):
            chosen = self._choose(heading_set, count)
            if chosen and [p.text for p in chosen] not in [[p.text for p in c] for c in candidates]:
                candidates.append(chosen)
        if not candidates:
            raise UsageError(f"表述库中没有 {count} 个并列的一级标题可用（试试 --parts 3、4 或 5，或在表述库中补充句式）")
        return candidates[self.variant % len(candidates)]

    def _ranked(self, sets: Iterable[HeadingSet]) -> list[HeadingSet]:
        """The sets drawn from the model speech first, the speech's own headings before curated frames
        (so a heading that is both cites the speech), then the rest, each in a stable order."""
        return sorted(sets, key=lambda s: (s.home != self.model, not s.group.startswith("heading:"), s.group))

    def _choose(self, heading_set: HeadingSet, count: int) -> list[Piece] | None:
        """`count` members in writers' order (first and last kept, middle ones in order), fitted, parallel."""
        fitted = [replace(p, text=t) for p in heading_set.members if (t := self._fit(p.text))]
        stages = [stage_of(p.text) for p in fitted]
        if len(fitted) < max(count, 2) or len(fitted) < len(heading_set.members) or stages != sorted(stages):
            return None
        chosen = fitted[: count - 1] + [fitted[-1]]
        return chosen if parallel([p.text for p in chosen]) else None

    def _keyword_headings(self, keywords: list[str]) -> list[Piece]:
        frames = self._ranked(s for s in self.material.sets if "关键词" in s.slots and len(s.members) >= len(keywords))
        if not frames:
            most = max((len(s.members) for s in self.material.sets if "关键词" in s.slots), default=0)
            if not most:
                raise UsageError("表述库中没有关键词句式（role 为“关键词”、带 {关键词} 的 frame 条目，如自带的 提纲句式.jsonl）")
            raise UsageError(f"关键词有 {len(keywords)} 个，表述库中的关键词句式最多容纳 {most} 个")
        frame = frames[self.variant % len(frames)]
        heads = []
        for member, keyword in zip(frame.members, keywords):
            text = self._fit(member.text, keyword)
            if text is None:
                raise UsageError(f"关键词“{keyword}”无法填入句式“{member.text}”")
            heads.append(replace(member, text=text))
        return heads

    # -- items ----------------------------------------------------------------------------------------
    def _item_sets(self) -> list[tuple[HeadingSet, list[Piece]]]:
        """Item sets usable under a part: short, parallel, fitted to the topic; generic ones first."""
        usable = []
        for heading_set in self.material.sets:
            if heading_set.level < 2 or not 3 <= len(heading_set.members) <= 5:
                continue
            fitted = []
            for piece in heading_set.members:
                text = self._fit(_core(piece.text))
                if text is None or len(text) > MAX_ITEM_LENGTH:
                    break
                fitted.append(replace(piece, text=text))
            if len(fitted) == len(heading_set.members) and parallel([p.text for p in fitted]):
                usable.append((heading_set, fitted))
        return sorted(usable, key=lambda u: (_domain_words(u[1]), u[0].home != self.model, u[0].group))

    def _hang_items(self, heads: list[Piece], keywords: list[str]) -> list[PlannedPart]:
        """Give each part the best unused item set of its stage (or carrying its keyword)."""
        pool = self._item_sets()
        if self.variant and pool:
            shift = self.variant % len(pool)
            pool = pool[shift:] + pool[:shift]
        used: set[str] = set()
        seen: set[str] = {h.text for h in heads}
        parts = []
        for index, head in enumerate(heads):
            stage = stage_of(head.text)
            keyword = keywords[index] if keywords else ""
            fresh = [u for u in pool if u[0].group not in used and not seen & {p.text for p in u[1]}]
            ranked = sorted(fresh, key=lambda u: (-self._mentions(keyword, u[1]), _set_stage(u[1]) != stage))
            items = ranked[0][1] if ranked else []
            if ranked:
                used.add(ranked[0][0].group)
            seen |= {p.text for p in items}
            parts.append(PlannedPart(head.text, [p.text for p in items], head.source(), [p.source() for p in items], STAGES[stage]))
        return parts

    def _mentions(self, keyword: str, pieces: list[Piece]) -> int:
        """How many items name the keyword by themselves (not inside the topic, as 安全 in 安全生产)."""
        return sum(keyword in p.text.replace(self.topic, "") for p in pieces) if keyword else 0

    # -- opening, transition, closing -----------------------------------------------------------------
    def _sentences(self, paragraph: list[Piece], count: int) -> Piece | None:
        """A paragraph's sentences fitted to the topic; sentences that cannot be are left out, and so is
        a sentence another one already holds (the call 为…贡献！ cut from the summary before it)."""
        kept: list[str] = []
        for piece in paragraph:
            fitted = self._fit(_recount(piece.text, count))
            if fitted and not any(fitted.rstrip("！!。") in k for k in kept):
                kept.append(fitted)
        first = paragraph[0]
        return Piece("".join(kept), first.file, first.paragraph) if kept else None

    def _opening(self, count: int, keywords: list[str]) -> list[Piece]:
        paragraphs = [p for p in self.material.pieces("opening", self.model, templated=True) if p[0].file == self.model]
        opening = [piece for para in paragraphs if (piece := self._sentences(para, count))]
        if keywords:
            pattern = self.skeleton.keywords or DEFAULT_KEYWORD_SENTENCE
            sentence = pattern.replace("{主题}", self.topic).replace("{N}", str(len(keywords)))
            sentence = sentence.replace("{关键词}", _enumerate(keywords))
            last = opening[-1] if opening else Piece("")
            opening[-1:] = [Piece(last.text + sentence, last.file, last.paragraph, f"关键词过渡（{self.skeleton.name}）")]
        return opening

    def _transition(self, count: int) -> Piece:
        for paragraph in self.material.pieces("transition", self.model):
            for piece in paragraph:
                text = self._fit(_recount(piece.text, count))
                if text:
                    return Piece(text, piece.file, piece.paragraph)
        raise UsageError("表述库中没有可用的过渡语（transition）")

    def _closing(self, count: int) -> list[Piece]:
        """The model speech's closing if it sums up or rallies (总之… 同志们，…), else the first that does."""
        for paragraph in self.material.pieces("closing", self.model, templated=True):
            piece = self._sentences(paragraph, count)
            if piece and _CALL_RE.match(piece.text):
                return [piece]
        return []

    def _salutation(self) -> str:
        texts = [e.text for e in self.material.by_kind.get("salutation", [])]
        return max(sorted(set(texts)), key=texts.count) if texts else "同志们："

    def _signoff(self) -> Piece:
        paragraphs = self.material.pieces("signoff", self.model)
        return paragraphs[0][0] if paragraphs else Piece("")


def _core(item: str) -> str:
    """An item heading without the 要 of 一是要… / 一要…, so each skeleton numbers it in its own style."""
    return item[1:] if item.startswith("要") and len(item) > 3 else item


def _domain_words(pieces: list[Piece]) -> int:
    return sum(word in p.text for p in pieces for word in _DOMAIN)


def _set_stage(pieces: list[Piece]) -> int:
    stages = [stage_of(p.text) for p in pieces]
    return max(set(stages), key=stages.count)


def _recount(text: str, count: int) -> str:
    """三点意见 / 这4个方面 → the outline's number of parts, in the same script."""
    return _COUNT_RE.sub(lambda m: str(count) if m.group(1).isdigit() else int_to_cn(count), text)


def _enumerate(words: list[str]) -> str:
    return words[0] if len(words) == 1 else "、".join(words[:-1]) + "和" + words[-1]


def plan_speech(
    topic: str,
    occasion: str = "工作推进会",
    parts: int | None = None,
    keywords: list[str] | None = None,
    variant: int = 0,
    phrasebank: str | Path | None = None,
    templates: str | Path | None = None,
    title: str = "",
    date: str = "",
    speaker: str = "",
) -> Speech:
    """A speech outline as a `Speech` whose blocks and paragraphs carry their provenance in `source`.

    The skeleton's text is parsed back with the same parser as any draft, so `speech.to_text()` is the
    outline text and the Word writer sees what `drafter parse` would.
    """
    plan = make_plan(topic, occasion, parts, keywords, variant, phrasebank, templates)
    plan.title, plan.date, plan.speaker = title or plan.title, date, speaker
    skeleton = find_skeleton(occasion, templates)
    text = render(skeleton, plan.context(), templates)
    return read_back(text, plan, skeleton)


def make_plan(
    topic: str,
    occasion: str = "工作推进会",
    parts: int | None = None,
    keywords: list[str] | None = None,
    variant: int = 0,
    phrasebank: str | Path | None = None,
    templates: str | Path | None = None,
) -> Plan:
    """Choose the material for an outline (no rendering): checks the options, loads the phrasebank."""
    topic = normal_topic(topic)
    _check_options(topic, parts, keywords, variant)
    skeleton = find_skeleton(occasion, templates)
    folder = phrasebank if phrasebank is not None else bundled("phrasebank")
    material = Material(load(folder, kinds=MATERIAL_KINDS), bundled("corpus"))
    return Planner(material, skeleton, topic, variant).plan(parts, keywords)


def normal_topic(topic: str) -> str:
    """The topic as the frames want it: 安全生产工作 → 安全生产 (skeletons and frames add 工作 themselves)."""
    topic = topic.strip()
    return topic[:-2] if topic.endswith("工作") and len(topic) >= 4 else topic


def _check_options(topic: str, parts: int | None, keywords: list[str] | None, variant: int) -> None:
    if not TOPIC_RE.match(topic):
        raise UsageError(f"主题“{topic}”应为 2 到 12 个汉字（不含标点和空格），如：安全生产")
    if parts is not None and keywords:
        raise UsageError("--parts 与 --keywords 只能选一个")
    if parts is not None and not 2 <= parts <= 9:
        raise UsageError(f"--parts 应在 2 到 9 之间，而不是 {parts}")
    if keywords is not None and (len(keywords) < 2 or len(set(keywords)) != len(keywords) or not all(keywords)):
        raise UsageError("--keywords 应为 2 个以上互不相同的关键词，用逗号分隔，如：安全,发展,民生,法治")
    if variant < 0:
        raise UsageError(f"--variant 应为 0 或正整数，而不是 {variant}")


def read_back(text: str, plan: Plan, skeleton: Skeleton) -> Speech:
    """Parse the rendered skeleton and attach the plan's provenance; refuse text that parses otherwise."""
    from drafter.structure.parser import parse_text

    text = "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"
    speech = parse_text(text)
    if not _matches(speech, plan):
        raise TemplateError(f"模板 {skeleton.path}：生成的文本解析后与提纲不一致（部分或分项的编号、标题被改动）")
    for block, part in zip(speech.parts, plan.parts):
        block.source = part.source
        for item, source in zip(block.items, part.item_sources):
            item.source = source
    _attach(speech.opening, plan.opening)
    _attach(speech.closing, plan.closing)
    if speech.transition:
        speech.transition.source = plan.transition.source()
    return speech


def _matches(speech: Speech, plan: Plan) -> bool:
    """The parsed outline has the plan's parts, and under each its items or (a skeleton's choice) none;
    an item may keep the 要 its skeleton wrote before it."""
    if [b.heading for b in speech.parts] != [p.heading for p in plan.parts]:
        return False
    if [b.value for b in speech.parts] != list(range(1, len(speech.parts) + 1)):
        return False
    return all(
        not block.items or [i.heading.removeprefix("要") for i in block.items] == [i.removeprefix("要") for i in part.items]
        for block, part in zip(speech.parts, plan.parts)
    )


def _attach(paragraphs: list, pieces: list[Piece]) -> None:
    """Give each parsed paragraph the source of the planned paragraph with the same text."""
    sources = {piece.text: piece.source() for piece in pieces}
    for paragraph in paragraphs:
        paragraph.source = sources.get(paragraph.text)


def provenance(speech: Speech) -> dict[str, Any]:
    """Where the outline's opening, transition, closing and headings came from (for JSON and Word comments)."""
    return {
        "opening": [p.source for p in speech.opening],
        "transition": speech.transition.source if speech.transition else None,
        "parts": [{"heading": b.heading, "source": b.source, "items": [i.source for i in b.items]} for b in speech.parts],
        "closing": [p.source for p in speech.closing],
    }
