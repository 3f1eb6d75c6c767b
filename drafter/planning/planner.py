"""The outline planner: chooses and fits material from the bank for one request.

A practised writer plans a speech by taking a set of parallel headings that already worked (the three
parts of a 推进会 speech, the 要把…扛在肩上 family), ordering the parts as writers do (raise
understanding, then the key tasks, then follow-through), hanging a parallel item set under each part,
and borrowing the occasion's opening, transition and closing, all fitted to the new topic. The planner
does exactly that with bank entries and keeps where every sentence came from.
"""

from __future__ import annotations

import re
from typing import Iterable

from drafter.errors import OptionError, UsageError
from drafter.planning.form import STAGES, common_stage, core, enumerate_words, parallel, recount, stage_of
from drafter.planning.material import Material
from drafter.planning.model import HeadingSet, Piece, Plan, PlannedPart
from drafter.planning.retopic import retopic
from drafter.planning.skeleton import Skeleton
from drafter.structure.model import Provenance

MAX_ITEM_LENGTH = 18
DEFAULT_KEYWORD_SENTENCE = "做好{主题}工作，要把握好{N}个关键词，即{关键词}。"
_CALL_RE = re.compile(r"^(同志们|总之|围绕做好以上|做好以上|让我们|希望)")


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
        return Plan(
            title=self.skeleton.title.replace("{主题}", self.topic), topic=self.topic, occasion=self.skeleton.occasion,
            salutation=self._salutation(), opening=self._opening(count, keywords), transition=self._transition(count),
            parts=self._hang_items(heads, keywords), closing=self._closing(count), signoff=self._signoff(),
            keywords=keywords,
        )

    # -- headings -------------------------------------------------------------------------------------
    def _fit(self, text: str, keyword: str = "") -> str | None:
        """A heading or sentence fitted to the topic (slots filled, archive topics replaced), or None.
        The keyword goes in last: the writer's keyword is kept even if it is an archive topic."""
        fitted = retopic(text.replace("{主题}", self.topic), self.topic)
        return fitted.replace("{关键词}", keyword) if fitted is not None else None

    def _part_headings(self, count: int) -> list[Piece]:
        candidates: list[list[Piece]] = []
        for heading_set in self._ranked(s for s in self.material.sets if s.level == 1 and "关键词" not in s.slots):
            chosen = self._choose(heading_set, count)
            if chosen and [p.text for p in chosen] not in [[p.text for p in c] for c in candidates]:
                candidates.append(chosen)
        if not candidates:
            raise OptionError(f"表述库中没有 {count} 个并列的一级标题可用（可换一个部分数，或在表述库中补充句式）", "parts")
        return candidates[self.variant % len(candidates)]

    def _ranked(self, sets: Iterable[HeadingSet]) -> list[HeadingSet]:
        """The sets drawn from the model speech first, the speech's own headings before curated frames
        (so a heading that is both cites the speech), then the rest, each in a stable order."""
        return sorted(sets, key=lambda s: (s.home != self.model, not s.group.startswith("heading:"), s.group))

    def _choose(self, heading_set: HeadingSet, count: int) -> list[Piece] | None:
        """`count` members in writers' order (first and last kept, middle ones in order), fitted, parallel."""
        fitted = [p.but(t) for p in heading_set.members if (t := self._fit(p.text))]
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
            raise OptionError(f"关键词有 {len(keywords)} 个，表述库中的关键词句式最多容纳 {most} 个", "keywords")
        frame = frames[self.variant % len(frames)]
        heads = []
        for member, keyword in zip(frame.members, keywords):
            text = self._fit(member.text, keyword)
            if text is None:
                raise OptionError(f"关键词“{keyword}”无法填入句式“{member.text}”", "keywords")
            heads.append(member.but(text))
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
                text = self._fit(core(piece.text))
                if text is None or len(text) > MAX_ITEM_LENGTH:
                    break
                fitted.append(piece.but(text))
            if len(fitted) == len(heading_set.members) and parallel([p.text for p in fitted]):
                usable.append((heading_set, fitted))
        domain = self.material.domain_words
        return sorted(usable, key=lambda u: (domain(u[1]), u[0].home != self.model, u[0].group))

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
            ranked = sorted(fresh, key=lambda u: (-self._mentions(keyword, u[1]), common_stage([p.text for p in u[1]]) != stage))
            items = ranked[0][1] if ranked else []
            if ranked:
                used.add(ranked[0][0].group)
            seen |= {p.text for p in items}
            parts.append(PlannedPart(head, items, STAGES[stage]))
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
            fitted = self._fit(recount(piece.text, count))
            if fitted and not any(fitted.rstrip("！!。") in k for k in kept):
                kept.append(fitted)
        return paragraph[0].but("".join(kept)) if kept else None

    def _opening(self, count: int, keywords: list[str]) -> list[Piece]:
        paragraphs = [p for p in self.material.pieces("opening", self.model, templated=True) if p[0].source.file == self.model]
        opening = [piece for para in paragraphs if (piece := self._sentences(para, count))]
        if keywords:
            pattern = self.skeleton.keywords or DEFAULT_KEYWORD_SENTENCE
            sentence = pattern.replace("{主题}", self.topic).replace("{N}", str(len(keywords)))
            sentence = sentence.replace("{关键词}", enumerate_words(keywords))
            last = opening[-1] if opening else Piece("")
            source = Provenance(last.source.file, last.source.paragraph, f"关键词过渡（{self.skeleton.name}）")
            opening[-1:] = [Piece(last.text + sentence, source)]
        return opening

    def _transition(self, count: int) -> Piece:
        for paragraph in self.material.pieces("transition", self.model):
            for piece in paragraph:
                text = self._fit(recount(piece.text, count))
                if text:
                    return piece.but(text)
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
