"""Items under each part, chosen the way a writer fills an outline in: the items a speech on the topic put
under that very heading; else a set of the part's stage from the closest speeches that narrows the heading
(its words), never one that says another part's heading again; for a keyword, a set naming it.

A mixin of the `Planner` (it fits texts with the planner's `_fit` and ranks by its archive).
"""

from __future__ import annotations

from functools import cached_property

from drafter.planning.archive import HOUSE, OWN, OWN_OCCASION
from drafter.planning.form import STAGES, common_stage, core, stage_of
from drafter.planning.model import HeadingSet, Piece, PlannedPart

MAX_ITEM_LENGTH = 18
MAX_OWN_ITEM = 40  # an item a speech on the topic put under its heading: an outline line, not a paragraph
MAX_PART_PARAGRAPHS = 60  # how far the last part of a speech reaches


class Items:
    """The planner's item choices (see the module docstring)."""

    def _item_sets(self, keyword: str = "") -> list[tuple[HeadingSet, list[Piece]]]:
        """Item sets usable under a part: short, parallel, fitted to the topic; closest speeches first."""
        usable = []
        for heading_set in self.material.sets:
            if heading_set.level < 2 or not 3 <= len(heading_set.members) <= 5:
                continue
            if ("关键词" in heading_set.slots or "{关键词}" in heading_set.members[0].text) != bool(keyword):
                continue
            fitted = []
            for piece in heading_set.members:
                text = self._fit(core(piece.text), keyword)
                if text is None or len(text) > MAX_ITEM_LENGTH + len(keyword):
                    break
                fitted.append(piece.but(text))
            if len(fitted) == len(heading_set.members) and self._parallel(fitted):
                usable.append((heading_set, fitted))
        return sorted(usable, key=lambda u: (self.archive.rank(u[0].home), u[0].group))

    def _hang_items(self, heads: list[Piece], keywords: list[str]) -> list[PlannedPart]:
        """Give each part the best unused item set: one naming its keyword (else the house set's items
        made for a keyword), then one of its stage, then one sharing its words. The opening and closing
        parts choose first (their stage is the most particular); items never restate their part's heading
        nor say what another part's heading says."""
        pool = turned(self._item_sets(), self.variant)
        used: set[str] = set()
        seen: set[str] = {h.text for h in heads}
        chosen: dict[int, list[Piece]] = {}
        waiting = sorted(range(len(heads)), key=lambda i: (stage_of(heads[i].text) == 1, i))
        while waiting:
            index = self._next_part(waiting, heads, pool, used)
            waiting.remove(index)
            head, stage = heads[index], stage_of(heads[index].text)
            keyword = keywords[index] if keywords else ""
            if self._own_part(head) and not keyword:
                own = self._own_items(head)  # the speech's own items, or none where it put none
                chosen[index] = own[1] if own else []
                used |= {own[0].group} if own else set()
                seen |= {p.text for p in chosen[index]}
                continue
            unused = [u for u in pool if u[0].group not in used and not seen & {p.text for p in u[1]}]
            others = [h.text for h in heads if h is not head]
            fresh = [u for u in unused if not _overlaps(u[1], others) and not _restates(u[1], head.text)] or unused
            ranked = sorted(fresh, key=lambda u: (not self._mentions(keyword, u[1]),  # naming the keyword, the
                                                  self.archive.rank(u[0].home) if keyword else 0,  # closest first
                                                  -self._mentions(keyword, u[1]),
                                                  # the heading's own speech's items of its stage, then a set
                                                  # named by the heading (house:2:认识), then its stage
                                                  not (u[0].home == head.source.file != HOUSE and _stage(u) == stage),
                                                  u[0].group.rsplit(":", 1)[-1] not in head.text,
                                                  _stage(u) != stage,
                                                  -_shared(head.text.replace(self.topic, ""), u[1])))
            if keyword and (not ranked or not self._mentions(keyword, ranked[0][1])):
                ranked = turned(self._item_sets(keyword), self.variant)
                ranked = [u for u in ranked if u[0].group not in used] or ranked
            chosen[index] = ranked[0][1] if ranked else []
            if ranked:
                used.add(ranked[0][0].group)
            seen |= {p.text for p in chosen[index]}
        return [PlannedPart(head, chosen[i], STAGES[stage_of(head.text)]) for i, head in enumerate(heads)]

    def _next_part(self, waiting: list[int], heads: list[Piece], pool: list, used: set[str]) -> int:
        """Which part chooses next: the opening and closing parts first (their stage is the most
        particular), then the task part whose words an unused item set shares most (so a set meant for
        one part is not taken by another that fits it less)."""
        if stage_of(heads[waiting[0]].text) != 1:
            return waiting[0]

        def fit(index: int) -> int:
            words = heads[index].text.replace(self.topic, "")
            return max((_shared(words, u[1]) for u in pool if u[0].group not in used and _stage(u) == 1), default=0)
        return max(waiting, key=lambda i: (fit(i), -i))

    @cached_property
    def _speech_parts(self) -> frozenset[tuple[str, int]]:
        """Where each mined speech's own parts stand (file, paragraph)."""
        return frozenset((p.source.file, p.source.paragraph) for s in self.material.sets
                         if s.level == 1 and s.group == f"heading:{s.home}:1" for p in s.members)

    def _own_part(self, head: Piece) -> bool:
        """Whether a heading is a part of a speech on the topic, as mined (not a frame member rewritten
        from prose, nor a curated set that merely names the topic)."""
        return (self.archive.rank(head.source.file) in (OWN_OCCASION, OWN)
                and (head.source.file, head.source.paragraph) in self._speech_parts)

    def _own_items(self, head: Piece) -> tuple[HeadingSet, list[Piece]] | None:
        """The items a speech on the topic put under this very heading (`head` is its), fitted, as its
        writer put them (long and unparallel as they may be); None when it put none there."""
        file, at = head.source.file, head.source.paragraph
        later = [p.source.paragraph for s in self.material.sets if s.level == 1
                 for p in s.members if p.source.file == file and p.source.paragraph > at]
        end = min(later, default=at + MAX_PART_PARAGRAPHS)
        for heading_set in self.material.sets:
            first = heading_set.members[0].source
            if heading_set.level == 2 and first.file == file and at < first.paragraph < end:
                fitted = [p.but(t) for p in heading_set.members if (t := self._fit(core(p.text), own=True))]
                if len(fitted) == len(heading_set.members) >= 2 and max(len(p.text) for p in fitted) <= MAX_OWN_ITEM:
                    return heading_set, fitted
        return None

    def _mentions(self, keyword: str, pieces: list[Piece]) -> int:
        """How many items name the keyword or a half of a task phrase (隐患 of 隐患排查) by themselves."""
        if not keyword:
            return 0
        halves = {keyword, *(keyword[i:i + 2] for i in range(0, len(keyword) - 1, 2))} if len(keyword) >= 4 else {keyword}
        return sum(any(h in p.text.replace(self.topic, "") for h in halves) for p in pieces)


def turned(choices: list, variant: int) -> list:
    """The choices starting from the variant-th (walking round), so each variant leads with another."""
    shift = variant % len(choices) if choices else 0
    return choices[shift:] + choices[:shift]


def _stage(usable: tuple[HeadingSet, list[Piece]]) -> int:
    return common_stage([p.text for p in usable[1]])


def _shared(heading: str, items: list[Piece]) -> int:
    """How many two-character words of a heading its items also use (思想认识 and 提高政治站位 share none;
    强化风险意识 and 增强忧患意识 share 意识)."""
    pairs = _pairs(heading)
    return sum(any(p in item.text for p in pairs) for item in items)


def _overlaps(items: list[Piece], headings: list[str]) -> bool:
    """Whether an item says what a part's heading says (夯实基层基础 under one part, 在夯实基层基础上下功夫
    as the next; 坚持问题导向 under 坚持问题导向，…), so parts would share their key words."""
    for item in (core(p.text).removeprefix("要") for p in items):
        pairs = _pairs(item)
        for heading in headings:
            shared = pairs & _pairs(heading)
            if len(item) >= 4 and (item in heading or len(shared) >= 3 and len(shared) >= 0.6 * len(pairs)):
                return True  # 夯实工作基础 under one part, 工作基础要再夯实 as another
    return False


def _restates(items: list[Piece], heading: str) -> bool:
    """Whether an item says its own part's heading again (坚持问题导向 under 坚持问题导向，…); one that
    narrows it (深入排查事故隐患 under …深入开展重大事故隐患排查整治) is what an item is for."""
    return any(core(p.text).removeprefix("要") in heading for p in items)


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}
