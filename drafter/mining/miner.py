"""Mining: a corpus of speeches → phrasebank entries of every kind, with counts and provenance.

Two passes. Each speech file is read, parsed, cut into words once and its candidate entries collected
(drafter.mining.collect, run in worker processes when asked for several). Then, over the whole corpus, topic terms are
discovered (drafter.mining.terms) and taught to jieba, templates get their slots ({主题}, redactions,
【待核实】), frames are induced from parallel sets, and identical texts are merged. Every step works in
file order and sorts its output, so the same corpus gives the same bytes whatever the number of jobs.
"""

from __future__ import annotations

import gc
import multiprocessing
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter
from pathlib import Path

from drafter.bank.store import KINDS, Entry, Source, save_mined
from drafter.errors import DrafterError, InputError, OutputError
from drafter.mining import frames, slots
from drafter.mining.collect import WORD_SEPARATOR, FileMined, mine_file
from drafter.mining.terms import Term, discover, topic_terms
from drafter.text.reading import speech_files
from drafter.text.tokens import TermJoiner, Tokenizer, jieba_module, lexicon, nouns, taught

_SOURCE_ORDER = attrgetter("file", "paragraph", "offset")  # Source's own order, compared in C rather than by its __lt__


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


def _mine_one(path: Path) -> FileMined | Skipped:
    try:
        return mine_file(path)
    except DrafterError as err:
        return Skipped(path.name, str(err))


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
    streams = [m.words.split(WORD_SEPARATOR) for m in mined]
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
    folder.mkdir(exist_ok=True)
    return save_mined(folder, result.entries)
