"""The outline planner: chooses and fits material from the bank for one request, the way a writer does.

A writer planning a 防汛 speech opens the 防汛 speeches in their archive first: a set of parallel headings
that already worked, the item sets under them, the opening and closing of the same kind of meeting, near
verbatim, with only dates, figures and names left to check. Speeches on other topics lend only what does
not belong to their topic (the archive's contrast of words, `Archive.foreign`); when the bank lacks a kind
altogether, the small built-in house set steps in and the plan says so in a note. Every piece keeps where
it came from.
"""

from __future__ import annotations

import re
from typing import Iterable

from drafter import vocab
from drafter.bank.store import Entry
from drafter.errors import OptionError
from drafter.planning.archive import FIELD, FIELD_SOURCE, HOUSE, HOUSE_RANK, OWN, OWN_OCCASION, Archive
from drafter.planning.form import cn_count, enumerate_words, parallel, recount, stage_of
from drafter.planning.items import Items, turned
from drafter.planning.material import Material
from drafter.planning.model import HeadingSet, Piece, Plan
from drafter.planning.retopic import noun_phrase, retopic
from drafter.planning.skeleton import Skeleton
from drafter.structure.model import Provenance

MAX_SALUTATION = 12
TOPIC_WIDTH = 4  # how long a topic's name counts when clauses are compared for parallel length
DEFAULT_KEYWORD_SENTENCE = "做好{主题}工作，要把握好{N}个关键词，即{关键词}。"
_CALL_RE = re.compile(r"^(同志们|总之|围绕做好以上|做好以上|让我们|希望)")
_ASPECTS_RE = re.compile(r"(?:这|以上)[一二三四五六七八九十几\d]+个?方面")  # refers back to aspects named before
_LOOSE_SPACE_RE = re.compile("(?<=[\u4e00-\u9fff，。、；：“”！？])[ \u3000]+(?=[\u4e00-\u9fff，。、；：“”！？])")
_LEVEL_RE = re.compile("全[省市县区镇乡]")
MAX_TRANSITION = 48  # longer, it is not one announcing sentence (a paragraph run together in a web copy)
_UNCOUNTED_RE = re.compile("[一二三四五六七八九十两]+(?:句话|个字)")  # counts recount() leaves alone
_KINDS_NOTED = {"transition": "过渡语", "opening": "开场", "closing": "结尾", "heading": "并列标题"}


class Planner(Items):
    """Chooses and fits material for one outline; `variant` walks the other good choices."""

    def __init__(self, material: Material, skeleton: Skeleton, archive: Archive, variant: int = 0):
        self.material = material
        self.skeleton = skeleton
        self.archive = archive
        self.topic = archive.topic
        self.variant = variant
        self.notes: list[str] = []

    def plan(self, parts: int | None = None, keywords: list[str] | None = None) -> Plan:
        keywords = keywords or []
        heads = self._keyword_headings(keywords) if keywords else self._part_headings(parts or self.skeleton.parts)
        count = len(heads)
        opening = self._opening(count, keywords)
        level = self._level(opening)
        title = noun_phrase(self.skeleton.title.replace("{主题}", self.topic), self.topic)
        plan = Plan(
            title=_LEVEL_RE.sub(level, title, 1) if level else title, topic=self.topic, occasion=self.skeleton.occasion,
            salutation=self._salutation(), opening=[self._leveled(p, level) for p in opening],
            transition=self._transition(count, keywords), parts=self._hang_items(heads, keywords),
            closing=self._closing(count), signoff=self._signoff(), keywords=keywords,
        )
        plan.notes = list(dict.fromkeys(self.notes))
        return plan

    # -- fitting --------------------------------------------------------------------------------------
    def _fit(self, text: str, keyword: str = "", own: bool = False) -> str | None:
        """A heading or sentence fitted to the topic (slots filled, archive topics replaced), or None when
        it cannot be: a dated 提法, or (unless it is `own`, from a speech on the topic) words characteristic
        of another topic's speeches or of some fields only. The keyword goes in last: the writer's keyword
        is kept even if another topic uses it."""
        if vocab.pattern("dated").search(text):
            return None
        text = _LOOSE_SPACE_RE.sub("", text)  # 通报 了 (spaces a PDF copy left between characters)
        fitted = retopic(text.replace("{主题}", self.topic), self.topic, self.archive.topic_words)
        for narrower in self.archive.narrower if fitted and self.topic not in fitted else ():
            fitted = re.sub(f"(?<![\u4e00-\u9fff]){narrower}工作|(?<=[做抓好]){narrower}工作", f"{self.topic}工作", fitted)
        if fitted is None or not own and (self.archive.foreign(fitted) or not _suits(fitted, self.topic)):
            return None
        return fitted.replace("{关键词}", keyword)

    def _level(self, opening: list[Piece]) -> str:
        """Whose meeting it is (全县, 全市…): as the opening taken from a speech says, else as the bank's
        speeches mostly say in their titles (the writer's own level), closest speeches first."""
        for piece in opening:
            if piece.source.file != HOUSE and (found := _LEVEL_RE.search(piece.text)):
                return found.group()
        titles = sorted(self.archive.speeches.values(), key=lambda s: self.archive.rank(s.file))
        levels = [found.group() for s in titles if (found := _LEVEL_RE.search(s.title))]
        return max(levels, key=levels.count) if levels else ""

    @staticmethod
    def _leveled(piece: Piece, level: str) -> Piece:
        """A built-in sentence says the writer's level (召开全县…), not the one it was written with."""
        return piece.but(_LEVEL_RE.sub(level, piece.text, 1)) if level and piece.source.file == HOUSE else piece

    def _house(self, kind: str, source: str) -> None:
        """Tell the writer where built-in material stands in for their bank's."""
        if source == HOUSE:
            self.notes.append(f"表述库中没有合用的{_KINDS_NOTED.get(kind, kind)}，用了内置的通用写法")
        elif source.startswith(FIELD_SOURCE):
            field = source.removeprefix(FIELD_SOURCE)
            self.notes.append(f"表述库中没有这个主题的{_KINDS_NOTED.get(kind, kind)}，用了内置的“{field}”常用写法")

    def _for_occasion(self, entry: Entry) -> bool:
        """House entries name their occasion in `group`; archive entries qualify by their speech's."""
        if HOUSE in {s.file for s in entry.sources}:
            return entry.group == self.skeleton.occasion
        return True

    # -- headings -------------------------------------------------------------------------------------
    def _part_headings(self, count: int) -> list[Piece]:
        candidates: list[tuple[int, str, list[Piece]]] = []
        for heading_set in self._ranked(s for s in self.material.sets if s.level == 1 and "关键词" not in s.slots):
            chosen = self._choose(heading_set, count)
            if chosen and [p.text for p in chosen] not in [[p.text for p in c] for _, _, c in candidates]:
                candidates.append((self.archive.rank(heading_set.home), heading_set.home, chosen))
        if not candidates:
            most = max((len(s.members) for s in self.material.sets if s.level == 1), default=0)
            raise OptionError(f"表述库和内置表述中没有 {count} 个并列的一级标题（最多 {most} 个）", "parts")
        heads = _spread(candidates)[self.variant % len(candidates)]
        self._house("heading", heads[0].source.file)
        return heads

    def _ranked(self, sets: Iterable[HeadingSet]) -> list[HeadingSet]:
        """Sets by how close their speech is (same topic and occasion first, the house set last), a
        speech's own headings before curated frames, then in a stable order."""
        return sorted(sets, key=lambda s: (self.archive.rank(s.home), not s.group.startswith("heading:"), s.group))

    def _choose(self, heading_set: HeadingSet, count: int) -> list[Piece] | None:
        """`count` members in writers' order (first and last kept, middle ones in order), fitted, parallel;
        a member that cannot be fitted (another topic's words) is passed over, as a writer skips a part
        that does not apply, when enough remain. All the parts of a speech on the topic are taken as its
        writer put them (a real speech's form needs no checking); a set cut or borrowed must be in order
        and parallel."""
        own = self.archive.rank(heading_set.home) in (OWN_OCCASION, OWN)
        fitted = [p.but(t) for p in heading_set.members if (t := self._fit(p.text, own=own))]
        if len(fitted) < max(count, 2):
            return None
        chosen = fitted[: count - 1] + [fitted[-1]]
        if own and len(chosen) == len(heading_set.members) and heading_set.group.startswith("heading:"):
            return chosen
        stages = [stage_of(p.text) for p in fitted]
        return chosen if stages == sorted(stages) and self._parallel(chosen) else None

    def _parallel(self, pieces: list[Piece]) -> bool:
        """Parallel as a writer reads it: the topic's name is one word, a long one (测绘地理信息) no longer
        than a four-character one."""
        word = self.topic[:TOPIC_WIDTH]
        return parallel([p.text.replace(self.topic, word) for p in pieces])

    def _keyword_headings(self, keywords: list[str]) -> list[Piece]:
        """One part per keyword, in one frame family that suits them: task phrases (隐患排查) take the
        families flagged 短语 (扎实抓好…), single words (安全) the others (要把…的责任扛在肩上)."""
        phrases = all(len(k) >= 4 for k in keywords)
        frames = sorted(
            (s for s in self.material.sets if s.level == 1 and "关键词" in s.slots and len(s.members) >= len(keywords)),
            key=lambda s: (("短语" in s.flags) != phrases, self.archive.rank(s.home), s.group),
        )
        suited = [s for s in frames if ("短语" in s.flags) == phrases] or frames
        for frame in turned(suited, self.variant):
            heads = [member.but(text) for member, keyword in zip(frame.members, keywords)
                     if (text := self._fit(member.text, keyword))]
            if len(heads) == len(keywords):
                return heads
        most = max((len(s.members) for s in self.material.sets if s.level == 1 and "关键词" in s.slots), default=0)
        raise OptionError(f"关键词有 {len(keywords)} 个，表述库和内置表述中的关键词句式最多容纳 {most} 个", "keywords")

    # -- opening, transition, closing -----------------------------------------------------------------
    def _sentences(self, paragraph: list[Piece], count: int) -> Piece | None:
        """A paragraph's sentences fitted to the topic; sentences that cannot be are left out, and so is
        a sentence another one already holds (the call 为…贡献！ cut from the summary before it)."""
        kept: list[str] = []
        for piece in paragraph:
            fitted = self._fit(recount(piece.text, count))
            if fitted and not any(fitted.rstrip("！!。") in k for k in kept):
                kept.append(fitted)
        return paragraph[0].but("".join(kept)) if kept and paragraph else None

    def _occasion_fits(self, text: str) -> bool:
        """A sentence naming a meeting names this one (no 推进会议 in a 动员部署会's opening, no 责任书 in
        a 工作会议's closing); the catch-all 会议 counts only where a meeting is convened (召开)."""
        from drafter.mining.about import occasion_of

        named = occasion_of(re.sub(r"会议精神|会议部署|会议要求", "", text))
        generic = vocab.words("occasions")[-1].partition("=")[0]
        return named in ("", self.skeleton.occasion) or named == generic and "召开" not in text

    def _opening(self, count: int, keywords: list[str]) -> list[Piece]:
        """The opening of the closest speech on this topic (its purpose and comment sentences); speeches on
        other topics lend none (their claims and figures are theirs), so then the house opening."""
        def keep(entry: Entry) -> bool:
            return self._for_occasion(entry) and entry.role in ("purpose", "comment") and any(
                self.archive.rank(s.file) in (OWN_OCCASION, OWN, FIELD, HOUSE_RANK) for s in entry.sources[:1])

        opening: list[Piece] = []
        for paragraph in self.material.pieces("opening", self.archive.rank, keep, templated=True):
            sentences = [p for p in paragraph if self._occasion_fits(p.text)]
            piece = self._sentences(sentences, count) if sentences else None
            if piece and (not opening or piece.source.file == opening[0].source.file) and not _repeats(piece, opening):
                opening.append(piece)
        if opening:
            self._house("opening", opening[0].source.file)
        if keywords:
            pattern = self.skeleton.keywords or DEFAULT_KEYWORD_SENTENCE
            sentence = pattern.replace("{主题}", self.topic).replace("{N}", str(len(keywords)))
            sentence = sentence.replace("{关键词}", enumerate_words(keywords))
            last = opening[-1] if opening else Piece("")
            source = Provenance(last.source.file, last.source.paragraph, f"关键词过渡（{self.skeleton.name}）")
            opening[-1:] = [Piece(last.text + sentence, source)]
        return opening

    def _transition(self, count: int, keywords: list[str]) -> Piece:
        """The closest speech's transition that names the topic (else the closest at all), recounted; one
        that refers back to aspects (这4个方面) only when the opening names them (keywords)."""
        fitting = []
        for paragraph in self.material.pieces("transition", self.archive.rank, self._for_occasion):
            for piece in paragraph:
                if _ASPECTS_RE.search(piece.text) and not keywords or not _announces(piece.text):
                    continue
                text = self._fit(recount(piece.text, count).replace("{N}", cn_count(count)))
                if text and self._occasion_fits(text):
                    fitting.append(piece.but(text))
        if not fitting:
            raise OptionError("表述库和内置表述中都没有可用的过渡语", "topic")
        # a speech on the topic may name it by another name of its field (文明城市创建 for 创城)
        names = [self.topic, *(n for n in self.archive.names if len(n) >= 4)]
        chosen = next((p for p in fitting if any(n in p.text for n in names)), fitting[0])
        self._house("transition", chosen.source.file)
        return chosen

    def _closing(self, count: int) -> list[Piece]:
        """The closest speech's closing if it sums up or rallies (总之… 同志们，…), else the first that does."""
        for paragraph in self.material.pieces("closing", self.archive.rank, self._for_occasion, templated=True):
            piece = self._sentences([p for p in paragraph if self._occasion_fits(p.text)], count)
            if piece and _CALL_RE.match(piece.text):
                self._house("closing", piece.source.file)
                return [piece]
        return []

    def _salutation(self) -> str:
        """The salutation the archive uses most (a short form of address, never a title glued to it)."""
        texts = [e.text for e in self.material.by_kind.get("salutation", [])
                 for _ in range(e.count) if len(e.text) <= MAX_SALUTATION and e.text.endswith("：")]
        return max(sorted(set(texts)), key=texts.count) if texts else "同志们："

    def _signoff(self) -> Piece:
        paragraphs = self.material.pieces("signoff", self.archive.rank)
        return paragraphs[0][0] if paragraphs else Piece("")


def _spread(candidates: list[tuple[int, str, list[Piece]]]) -> list[list[Piece]]:
    """Heading sets in the order variants walk them: by rank, and each speech's first set before any
    speech's second, so variant 1 comes from another speech when the bank has one."""
    seen: dict[str, int] = {}
    order = []
    for rank, home, heads in candidates:
        seen[home] = seen.get(home, -1) + 1
        order.append((rank, seen[home], heads))
    return [heads for _, _, heads in sorted(order, key=lambda o: (o[0], o[1]))]


def _announces(text: str) -> bool:
    """Whether a mined transition can announce an outline's parts: one short sentence that opens with a
    lead (下面 / 这里 / 根据会议安排, vocab/transition_leads) and counts nothing the part count cannot replace
    (三句话); a speech's own circumstances before it (由于××外出学习…) are not the writer's."""
    first = text.split("，", 1)[0]
    return (len(text) <= MAX_TRANSITION and not _UNCOUNTED_RE.search(text)
            and any(lead in first for lead in vocab.words("transition_leads")))


def _suits(text: str, topic: str) -> bool:
    """Whether a phrase that only suits some fields of work (vocab/domain_phrases: 守住…安全底线) is not
    in `text`, or suits `topic`."""
    for line in vocab.words("domain_phrases"):
        phrase, _, fields = line.partition("=")
        if phrase in text and not re.search(fields, topic):
            return False
    return True


def _repeats(piece: Piece, kept: list[Piece]) -> bool:
    """Whether a paragraph says again what a kept one says (a web page's summary repeating the opening)."""
    return any(k.text in piece.text or piece.text in k.text for k in kept)
