"""Mining: a corpus of speeches → phrasebank entries of every kind, with counts and provenance.

Two passes. Each speech file is read, parsed, cut into words once and its candidate entries collected
(`mine_file`, run in worker processes with --jobs). Then, over the whole corpus, topic terms are
discovered (drafter.mining.terms) and taught to jieba, templates get their slots ({主题}, redactions,
【待核实】), frames are induced from parallel sets, and identical texts are merged. Every step works in
file order and sorts its output, so the same corpus gives the same bytes whatever the number of jobs.
"""

from __future__ import annotations

import gc
import multiprocessing
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter
from pathlib import Path

from drafter.mining import frames, rhetoric, slots
from drafter.text.reading import normalize, read_speech, speech_files
from drafter.errors import DrafterError, InputError, OutputError, os_reason
from drafter.structure.parser import parse_lines, terminators
from drafter.bank.store import KINDS, Entry, Source, save_mined
from drafter.structure.model import Block, Speech
from drafter.mining.terms import BOUNDARY, Term, discover, topic_terms
from drafter.text.tokens import TermJoiner, Tokenizer, jieba_module, lexicon, nouns, taught

_OPENING_ROLES = (
    ("purpose", re.compile(r"^(今天|这次|本次|为(深入|认真|进一步)?(学习)?贯彻)|主要任务是|主要目的是")),
    ("comment", re.compile(r"^刚才|讲得(都)?很好|作了(一个)?很好的|我(完全|都)赞(同|成)|表态发言")),
    ("affirmation", re.compile(r"值得肯定|充分肯定|成绩的取得|取得了[^，。]{0,8}(成绩|突破|成效)|成效明显|卓有成效")),
    ("situation", re.compile(r"^当前|正处于|正处在|形势(依然)?(严峻|复杂)")),
)
_SUMMARY_RE = re.compile(r"^(总之|总而言之|综上|围绕做好以上|做好以上|以上|希望)")
_RALLY_RE = re.compile(r"^同志们[，！]")
_CALL_CLAUSE_RE = re.compile(r"^(为|以)")
_LEAD_RE = re.compile(r"(?:^|(?<=[。！？]))要[^，；：。！？]{3,28}[。！]")
_BRACKETS_RE = re.compile("[“《（]")
_SENTENCE_RE = re.compile("[^。！？]+[。！？]?")
_HEADING_END = "。；：，！？ "
_WORD_SEPARATOR = "\x1f"
_SOURCE_ORDER = attrgetter("file", "paragraph", "offset")  # Source's own order, compared in C rather than by its __lt__


@dataclass
class FileMined:
    """What one speech file yields before corpus-wide steps: raw entries, its paragraphs and words."""

    file: str
    entries: list[Entry]
    paragraphs: list[tuple[int, str]]
    words: str  # the speech's words joined by _WORD_SEPARATOR: one string crosses between processes far faster than a list
    named: str  # where the speech names its topic: title (or file name), transition, headings


@dataclass(frozen=True)
class Skipped:
    """A file that could not be read, and why (one Chinese line)."""

    file: str
    reason: str


@dataclass
class MineResult:
    """The mined phrasebank (entries by kind, sorted), the files read and the files skipped."""

    entries: dict[str, list[Entry]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    topics: dict[str, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {kind: len(self.entries.get(kind, [])) for kind in KINDS}


# ---------------------------------------------------------------- one file (runs in a worker)


def mine_file(path: str | Path) -> FileMined:
    """Read, parse and cut one speech; collect its candidate entries (templates come later)."""
    speech_file = read_speech(path)
    speech = parse_lines(speech_file.paragraphs, speech_file.name)
    return _Collector(speech).collect()


def _mine_one(path: Path) -> FileMined | Skipped:
    try:
        return mine_file(path)
    except DrafterError as err:
        return Skipped(path.name, str(err))


class _Collector:
    """Walks one parsed speech and turns its parts into raw entries."""

    def __init__(self, speech: Speech):
        self.speech = speech
        self.file = speech.file
        self.tokens = Tokenizer()
        self.entries: list[Entry] = []
        self.paragraphs: list[tuple[int, str]] = []
        self.stream: list[str] = []

    def collect(self) -> FileMined:
        speech = self.speech
        self._salutation()
        for paragraph in speech.opening:
            self._paragraph(paragraph.index, paragraph.text, "opening")
        if speech.transition:
            text = normalize(speech.transition.text)
            self._record(speech.transition.paragraph, text)
            self.add("transition", text, speech.transition.paragraph)
        self._blocks(speech.parts, [self.file], 1)
        self._closing()
        self._signoff()
        return FileMined(self.file, self.entries, self.paragraphs, _WORD_SEPARATOR.join(self.stream), self._named())

    def _record(self, index: int, text: str) -> list[str]:
        """Keep a paragraph (for term statistics and provenance) and cut it into words, once."""
        tokens = self.tokens.paragraph(text)
        self.paragraphs.append((index, text))
        self.stream += tokens
        self.stream.append(BOUNDARY)
        return tokens

    def _named(self) -> str:
        title = "".join(self.speech.title) or Path(self.file).stem
        headings = [e.text for e in self.entries if e.kind in ("transition", "heading")]
        return "\n".join([normalize(title), *headings])

    def add(self, kind: str, text: str, paragraph: int, offset: int = 0, **fields) -> None:
        source = Source(self.file, paragraph, offset)
        self.entries.append(Entry(text=text, kind=kind, sources=[source], tokens=self.tokens(text), **fields))

    def _salutation(self) -> None:
        if self.speech.salutation:
            header = len(self.speech.title) + bool(self.speech.date) + bool(self.speech.speaker)
            self.add("salutation", normalize(self.speech.salutation), header + 1)

    def _paragraph(self, index: int, original: str, part: str) -> str:
        """Record a running-text paragraph and mine its sentences and figures; returns it normalised."""
        text = normalize(original)
        tokens = self._record(index, text)
        if part == "opening":
            for offset, sentence in _placed(text, sentences(text)):
                role = next((name for name, pattern in _OPENING_ROLES if pattern.search(sentence)), "")
                if role:
                    self.add("opening", sentence, index, offset, role=role)
        self._figures(index, text, tokens)
        return text

    def _figures(self, index: int, text: str, tokens: list[str]) -> None:
        words = lexicon()
        frequency = jieba_module().dt.FREQ
        runs = rhetoric.word_runs(text)
        for found in rhetoric.series(text, lambda word: len(word) == 2 and frequency.get(word, 0) >= 50, runs):
            self.add("series", found.text, index, members=list(found.members))
        for found in rhetoric.four_character(text, tokens, words.idioms, words.nouns, runs):
            self.add("idiom", found.text, index, role=found.role)
        for found in rhetoric.quotations(text):
            self.add("quote", found.text, index, speaker=found.speaker)

    def _blocks(self, blocks: list[Block], path: list[str], level: int) -> None:
        """Headings of one sibling set (a group), then their bodies and the sets below them."""
        group = ":".join([*path, str(level)])
        members = [_heading_text(b) for b in blocks]
        for block, heading in zip(blocks, members):
            self._record(block.paragraph, heading)
            self.add("heading", heading, block.paragraph, level=block.level, group=group, members=members,
                     role=block.family)
            number = normalize(block.number)
            leads: list[tuple[int, str]] = []
            for paragraph in block.body:
                text = self._paragraph(paragraph.index, paragraph.text, "body")
                leads += [(paragraph.index, m.group(0)) for m in _LEAD_RE.finditer(text)]
            self._leads(leads, [*path, number], block.level + 1)
            self._blocks(block.items, [*path, number], level + 1)

    def _leads(self, leads: list[tuple[int, str]], path: list[str], level: int) -> None:
        """Unnumbered parallel lead sentences of one block (要当好…的“服务员”。要当好…), two or more."""
        if len(leads) < 2:
            return
        members = [text.rstrip("。！") for _, text in leads]
        group = ":".join([*path, "lead"])
        for (index, _), text in zip(leads, members):
            self.add("item", text, index, level=level, group=group, members=members, role="lead")

    def _closing(self) -> None:
        closing = self.speech.closing
        for position, paragraph in enumerate(closing):
            text = self._paragraph(paragraph.index, paragraph.text, "closing")
            found = sentences(text)
            for offset, sentence in _placed(text, found):
                role = "summary" if _SUMMARY_RE.match(sentence) else "rally" if _RALLY_RE.match(sentence) else ""
                if role:
                    self.add("closing", sentence, paragraph.index, offset, role=role)
            if position == len(closing) - 1 and found:
                call = _call_clauses(found[-1])
                if call:
                    self.add("closing", call, paragraph.index, text.rfind(call), role="call")

    def _signoff(self) -> None:
        if self.speech.signoff:
            last = max((index for index, _ in self.paragraphs), default=0)
            self.add("signoff", normalize(self.speech.signoff), last + (0 if self.speech.signoff_runin else 1))


def _heading_text(block: Block) -> str:
    """A block's heading, normalised, without closing punctuation."""
    return normalize(block.heading).strip(_HEADING_END)


def sentences(text: str) -> list[str]:
    """Sentences of normalised text, each with its terminator; 。！？ inside quotation marks do not end one."""
    if not _BRACKETS_RE.search(text):
        return [s.strip() for s in _SENTENCE_RE.findall(text) if s.strip()]
    bounds = [0, *(offset + 1 for offset in terminators(text, "。！？")), len(text)]
    return [s.strip() for a, b in zip(bounds, bounds[1:]) if (s := text[a:b]).strip()]


def _placed(text: str, found: list[str]) -> Iterator[tuple[int, str]]:
    """Each sentence of `text` with its character offset in it."""
    at = 0
    for sentence in found:
        at = text.find(sentence, at)
        yield at, sentence
        at += len(sentence)


def _call_clauses(sentence: str) -> str:
    """The closing call: the trailing clauses that start with 为 or 以 (为…做出新的更大贡献！)."""
    clauses = sentence.split("，")
    start = len(clauses)
    while start > 0 and _CALL_CLAUSE_RE.match(clauses[start - 1]):
        start -= 1
    return "，".join(clauses[start:]) if start < len(clauses) else ""


# ---------------------------------------------------------------- the corpus


def mine_corpus(folder: str | Path, jobs: int = 1, progress: Callable[[str], None] | None = None) -> MineResult:
    """Mine every speech file of `folder`; `progress` is called with each file's name as it is done."""
    paths = speech_files(folder)
    if not paths:
        raise InputError(f"{folder}：文件夹中没有讲话稿（.txt 或 .docx）")
    result = MineResult()
    mined: list[FileMined] = []
    with _cycle_collection_paused():
        for outcome in _run(paths, jobs):
            if isinstance(outcome, Skipped):
                result.skipped.append(outcome)
            else:
                mined.append(outcome)
                result.files.append(outcome.file)
            if progress:
                progress(outcome.file)
        if not mined:
            raise InputError(f"{folder}：没有一篇讲话稿可以读取")
        result.entries, result.topics = _finish(mined)
    return result


@contextmanager
def _cycle_collection_paused():
    """Mining makes no reference cycles (a whole mine leaves nothing for gc.collect), yet it builds
    hundreds of thousands of lists and entries that the cycle collector would walk again and again,
    about a tenth of the run. Reference counting still frees everything; the collector is restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run(paths: list[Path], jobs: int) -> Iterator[FileMined | Skipped]:
    """Per-file mining in file order, in this process or in `jobs` worker processes."""
    jieba_module()  # load the dictionary before forking, so workers inherit it
    lexicon()
    if jobs <= 1 or len(paths) < 2:
        yield from map(_mine_one, paths)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(paths) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker) as pool:
        yield from pool.map(_mine_one, paths, chunksize=chunk)


def _init_worker() -> None:
    gc.disable()  # as in the parent (see _cycle_collection_paused); forked workers inherit it, spawned ones do not
    jieba_module()
    lexicon()


def _finish(mined: list[FileMined]) -> tuple[dict[str, list[Entry]], dict[str, list[str]]]:
    """Corpus-wide steps: terms and topics, templates, frames, merging and ordering."""
    streams = [m.words.split(_WORD_SEPARATOR) for m in mined]
    texts = ["\n".join(text for _, text in m.paragraphs) for m in mined]
    terms = discover(streams)
    named = [m.named for m in mined]
    topics = dict(zip((m.file for m in mined), topic_terms(texts, streams, terms, named, nouns())))
    joiner = TermJoiner({t.words: t.text for t in terms})
    entries: list[Entry] = []
    with taught([t.text for t in terms]):
        maker = _FrameMaker()
        for file_mined in mined:
            own = topics[file_mined.file][:1]  # one {主题}: the speech's main topic
            for entry in file_mined.entries:
                entry.tokens = joiner(entry.tokens)
                _template(entry, own)
            entries += file_mined.entries
            entries += _frames(file_mined.entries, maker)
        entries += _term_entries(mined, texts, terms, topics)
    return _merge(entries), topics


def _template(entry: Entry, topics: list[str]) -> None:
    """Slots and flags for one entry; quotations, idioms and series keep their text, only flagged."""
    if entry.kind in ("quote", "idiom", "series", "salutation", "signoff"):
        entry.flags = ["dated"] if slots.dated(entry.text) else []
        return
    maker = slots.transition_template if entry.kind == "transition" else slots.template
    words = lexicon()
    templated = maker(entry.text, topics, words.places.__contains__, words.people.__contains__)
    entry.template, entry.slots, entry.flags = templated.template, templated.slots, templated.flags


class _FrameMaker:
    """Induces frames and cuts their fixed words, remembering both: the same heading sets and series
    recur across speeches (获得感、幸福感、安全感), and each is worked out once per mine."""

    def __init__(self) -> None:
        self.tokenize = Tokenizer()
        self.frames: dict[tuple, frames.Frame | None] = {}
        self.tokens: dict[str, list[str]] = {}

    def induce(self, members: list[str], **options) -> frames.Frame | None:
        key = (tuple(members), tuple(sorted(options.items())))
        if key not in self.frames:
            self.frames[key] = frames.induce(members, **options)
        return self.frames[key]

    def words(self, template: str) -> list[str]:
        """Words of a frame's template: each slot one token, the fixed parts cut by jieba."""
        if template not in self.tokens:
            pieces = slots.SLOT_RE.split(template)
            self.tokens[template] = [
                t for i, piece in enumerate(pieces) for t in ([f"{{{piece}}}"] if i % 2 else self.tokenize(piece))
            ]
        return list(self.tokens[template])


def _frames(entries: list[Entry], maker: _FrameMaker) -> list[Entry]:
    """Frames of the speech's heading and lead-sentence sets, and of its series."""
    out = []
    sets: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.kind in ("heading", "item"):
            sets.setdefault(entry.group, []).append(entry)
    for group, members in sets.items():
        frame = maker.induce([m.template for m in members])
        if frame:
            role = "item" if members[0].kind == "item" else "heading"
            for member in members:
                member.frame = frame.template
            out.append(_frame_entry(frame, [m.text for m in members], members, role, group, maker.words(frame.template)))
    for entry in entries:
        if entry.kind == "series":
            frame = maker.induce(entry.members, min_fixed=1, keep_single=True)
            if frame:
                out.append(_frame_entry(frame, entry.members, [entry], "series", "", maker.words(frame.template)))
    return out


def _frame_entry(frame, texts: list[str], members: list[Entry], role: str, group: str, tokens: list[str]) -> Entry:
    sources = sorted({source for member in members for source in member.sources}, key=_SOURCE_ORDER)
    return Entry(text=frame.template, kind="frame", sources=sources[:1] if role == "series" else sources,
                 role=role, level=members[0].level, template=frame.template, slots=frame.slots,
                 tokens=tokens, group=group, members=list(texts))


def _term_entries(mined: list[FileMined], texts: list[str], terms: list[Term], topics: dict[str, list[str]]) -> list[Entry]:
    """One entry per discovered term and per topic word: its count in the corpus, and for each file using
    it the first paragraph where it occurs.

    The speeches' texts are searched as one text (joined by a line break, which no term holds) in a single
    pass per term: a search finds the next file using it, a count runs from there to that file's end."""
    words = {t.text: list(t.words) for t in terms}
    for own in topics.values():
        for topic in own:
            words.setdefault(topic, [topic])
    chosen = {topic for own in topics.values() for topic in own}
    corpus = "\n".join(texts)
    file_starts = list(accumulate((len(text) + 1 for text in texts), initial=0))
    paragraph_starts = [
        list(accumulate((len(p) + 1 for _, p in m.paragraphs), initial=start)) for m, start in zip(mined, file_starts)
    ]
    out = []
    for text, tokens in words.items():
        sources, count = [], 0
        at = corpus.find(text)
        while at >= 0:
            number = bisect_right(file_starts, at) - 1
            file_mined, starts, end = mined[number], paragraph_starts[number], file_starts[number + 1]
            sources.append(Source(file_mined.file, file_mined.paragraphs[bisect_right(starts, at) - 1][0]))
            count += corpus.count(text, at, end)
            at = corpus.find(text, end)
        flags = ["dated"] if slots.dated(text) else []
        out.append(Entry(text=text, kind="term", count=count, sources=sources, tokens=tokens,
                         role="topic" if text in chosen else "", flags=flags))
    return out


def _merge(entries: Iterable[Entry]) -> dict[str, list[Entry]]:
    """Identical texts of one kind become one entry: counts added, sources and flags united, the rest
    (group, members, template) from the first occurrence in file order. Sorted by count, then text."""
    merged: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        key = (entry.kind, entry.text)
        first = merged.get(key)
        if first is None:
            merged[key] = entry
            continue
        first.count += entry.count
        first.sources += entry.sources  # in place: copying would cost the square of an idiom's occurrences
        first.flags = list(dict.fromkeys(first.flags + entry.flags))
        if entry.kind == "frame":
            first.members = list(dict.fromkeys(first.members + entry.members))
    by_kind: dict[str, list[Entry]] = {kind: [] for kind in KINDS}
    for entry in merged.values():
        entry.sources = sorted(set(entry.sources), key=_SOURCE_ORDER)
        entry.flags = sorted(entry.flags)
        by_kind[entry.kind].append(entry)
    for kind in by_kind:
        by_kind[kind].sort(key=lambda e: (-e.count, e.text, e.role, e.group))
    return by_kind


# ---------------------------------------------------------------- writing


def check_output(folder: str | Path) -> Path:
    """Refuse, before any work, a phrasebank folder that is a file or whose parent is missing."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}：这不是文件夹，请给出表述库文件夹")
    if not folder.exists() and not folder.parent.is_dir():
        raise OutputError(f"{folder}：所在文件夹 {folder.parent} 不存在")
    return folder


def write_phrasebank(folder: str | Path, result: MineResult, strict: bool = False) -> list[Path]:
    """Write the kind files of `folder` (created if missing); curated entries and other files are kept.
    `strict` refuses to write anything when a file of the corpus could not be read."""
    if strict and result.skipped:
        raise InputError(f"有 {len(result.skipped)} 个文件无法读取，按要求未写入表述库；第一个：{result.skipped[0].reason}")
    folder = check_output(folder)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise OutputError(f"{folder}：无法建立表述库文件夹（{os_reason(err)}）") from None
    return save_mined(folder, result.entries)
