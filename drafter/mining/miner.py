"""Mining: a corpus of speeches → phrasebank entries of every kind, with counts and provenance.

Linear in the size of the archive and flat in memory. Map steps run on batches of files (in worker
processes when asked for several) and write what they find to sorted runs on disk (drafter.mining.spill); reduce
steps merge the runs by key, partition by partition. The passes:
1. speeches: each file is read, parsed and cut into words once, its candidate entries collected
   (drafter.mining.collect); its n-gram statistics go to runs partitioned by n-gram;
2. terms: each partition's n-gram statistics are merged and judged (drafter.mining.terms);
3. topics: each speech's topic candidates are counted, the speeches naming each summed, and each
   speech's topics chosen;
4. entries: each speech's entries get their slots and frames and its terms and topics are counted
   (drafter.mining.finish); the entries are merged by kind and text and ordered by count into runs
   per kind, which the writer merges into the kind files.
Every merge is by key, with the file order breaking ties, so the same corpus gives the same bytes
whatever the number of jobs or batches. Each map step is a pure function of its batch and each merge is
associative, so the same shape would run on a cluster engine (Dask, Spark) unchanged.
"""

from __future__ import annotations

import heapq
import json
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, groupby, islice
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from drafter.bank.store import KINDS, Entry, json_line, save_mined
from drafter.errors import DrafterError, InputError, OutputError, os_reason
from drafter.mining import slots
from drafter.mining.finish import Counted, FrameMaker, Shared, TermTally, close_finishing, combined, finish, finishing, merged
from drafter.mining.collect import mine_file
from drafter.mining.spill import merge_runs, publish, published, read_run, work_folder, write_partitioned, write_run
from drafter.mining.terms import MIN_COUNT, Term, choose_topics, count_grams, edge_stopwords, judge, ranked, rarity, topic_candidates
from drafter.mining.workers import AHEAD, Mapper, cycle_collection_paused, workers
from drafter.text.reading import SPEECH_SUFFIXES, list_corpus
from drafter.text.tokens import dictionary, nouns

BATCH_BYTES = 1_000_000  # the most text one map step holds in memory. Each batch writes its own records (an
# n-gram's neighbours, a term's uses and sources) and run files whatever its size: 1 MB batches mine 32 MB in
# 14% less time than 250 KB ones, and pass 1's peak (~30 MB a process more) keeps two processes within 300 MB
SMALL_BATCH_BYTES = 20_000  # a small corpus is still cut into a few batches per job, down to this size
PARTITIONS_PER_JOB = 4
_ONE_MINE_AT_A_TIME = threading.Lock()
RUN_KEYS = 50_000  # bank entries' keys ordered in memory at once before they are written as a run


@dataclass(frozen=True)
class Skipped:
    """A file of the corpus folder that was not mined, and why (one Chinese line naming it): `failed` when it
    is a speech file that could not be read, not when it is no speech file at all (metadata.json)."""

    file: str
    reason: str
    failed: bool = True


@dataclass
class MinedBank:
    """The mined entries, merged and ordered by count, kept on disk until written: each partition's JSON
    lines in a lines file per kind, and sorted runs of their keys (count, text, where the line is). The
    final merge holds keys only, so a bank far larger than memory, with lines of any length (a term of a
    large archive names thousands of speeches), streams into its files."""

    folder: tempfile.TemporaryDirectory
    runs: dict[str, list[Path]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def lines(self, kind: str) -> Iterator[tuple[str, str]]:
        """(text, JSON line) of each entry of `kind`, in the bank's order: by count, then text."""
        handles: dict[int, BinaryIO] = {}
        try:
            for _, text, part, offset, size in heapq.merge(*map(read_run, self.runs.get(kind, []))):
                if part not in handles:
                    handles[part] = _lines_file(Path(self.folder.name), kind, part).open("rb")
                handles[part].seek(offset)
                yield text, handles[part].read(size).decode("utf-8")
        finally:
            for handle in handles.values():
                handle.close()


@dataclass
class MineResult:
    """The mined phrasebank (on disk until written), the files read, every other file of the folder (skipped)
    and each file's topics."""

    bank: MinedBank
    files: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    topics: dict[str, list[str]] = field(default_factory=dict)

    def failed(self) -> list[Skipped]:
        """The speech files that could not be read."""
        return [skipped for skipped in self.skipped if skipped.failed]

    def counts(self) -> dict[str, int]:
        return {kind: self.bank.counts.get(kind, 0) for kind in KINDS}

    @property
    def entries(self) -> dict[str, list[Entry]]:
        """Every entry by kind, in order, read back into memory (for a small corpus: tests, inspection)."""
        return {kind: [Entry.from_dict(json.loads(line)) for _, line in self.bank.lines(kind)] for kind in KINDS}


# ---------------------------------------------------------------- the corpus


def mine_corpus(folder: str | Path, jobs: int = 1, progress: Callable[[str], None] | None = None) -> MineResult:
    """Mine every speech file of `folder`; `progress` is called with each file's name as it is done.
    The runs live in a private temporary folder (drafter.mining.spill.work_folder). Mines in one
    process (a server's threads) take turns: the dictionary is the process's, and each mine teaches it its
    own terms for its last pass, which would change how another mine cuts its speeches."""
    listing = list_corpus(folder)
    if not listing.speeches:
        raise InputError(f"{folder}：文件夹中没有讲话稿（{' '.join(SPEECH_SUFFIXES)}）")
    with _ONE_MINE_AT_A_TIME:
        work = work_folder()
        try:
            with cycle_collection_paused(), workers(jobs, shared=dictionary) as mapper:
                result = _mine(folder, listing.speeches, _Plan(Path(work.name), jobs), MinedBank(work), mapper, progress)
            result.skipped[:0] = [Skipped(path.name, reason, failed=False) for path, reason in listing.others]
            return result
        except BaseException:
            work.cleanup()
            raise
        finally:  # what passes 3 and 4 kept in this process: the dictionary untaught, the published values let go
            close_finishing()
            published.cache_clear()


@dataclass(frozen=True)
class _Plan:
    """Where the runs go and how the work is split."""

    folder: Path
    jobs: int

    @property
    def partitions(self) -> int:
        return PARTITIONS_PER_JOB * self.jobs

    def batches(self, paths: list[Path]) -> list[_Batch]:
        """Consecutive files of about the same amount of text: at most BATCH_BYTES, for a small corpus a
        few batches per job so that every worker has work, and with several jobs quarter batches at the end, so
        that no process waits long for the others at the end of a pass (at 32 MB with 1 MB batches, 1.1 s)."""
        sizes = [_size(path) for path in paths]
        left = sum(sizes)
        limit, tail = BATCH_BYTES, 0
        if self.jobs > 1:
            limit = min(BATCH_BYTES, max(SMALL_BATCH_BYTES, left // (self.jobs * PARTITIONS_PER_JOB)))
            tail = (AHEAD * (self.jobs - 1) + 1) * limit  # what the workers hold ahead, and this process's task
        batches: list[_Batch] = []
        first, held = 0, 0
        for position, size in enumerate(sizes):
            held += size
            if held >= (limit if left > tail else max(SMALL_BATCH_BYTES, limit // 4)) or position == len(paths) - 1:
                batches.append(_Batch(len(batches), first, tuple(paths[first:position + 1])))
                first, held, left = position + 1, 0, left - held
        return batches

    def run(self, name: str, number: int) -> Path:
        return self.folder / f"{name}-{number}.run"


@dataclass(frozen=True)
class _Batch:
    number: int
    first: int  # corpus position of its first file: the file order that breaks ties in merges
    paths: tuple[Path, ...]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will report why


def _mine(folder: str | Path, paths: list[Path], plan: _Plan, bank: MinedBank, mapper: Mapper,
          progress: Callable[[str], None] | None) -> MineResult:
    result = MineResult(bank)
    batches = plan.batches(paths)
    unigrams: Counter[str] = Counter()
    positions, grams = 0, []
    for mapped in mapper(_speeches, [(batch, plan) for batch in batches]):
        result.files += mapped.files
        result.skipped += mapped.skipped
        unigrams.update(mapped.unigrams)
        positions += mapped.positions
        grams += mapped.grams
        for name in [*mapped.files, *(s.file for s in mapped.skipped)]:
            if progress:
                progress(name)
    if not result.files:
        raise InputError(f"{folder}：没有一篇讲话稿可以读取")
    terms = _discover(grams, unigrams, positions, mapper)
    topics = _choose(batches, terms, len(result.files), plan, mapper)
    result.topics = {file: chosen for batch_topics in topics for file, chosen in batch_topics}
    bank.runs, bank.counts = _entries(batches, terms, topics, plan, mapper)
    return result


# ---------------------------------------------------------------- 1. speeches (map)


@dataclass
class _Speech:
    """One mined speech as the later passes need it, kept in its batch's run."""

    sequence: int
    file: str
    entries: list[Entry]
    paragraphs: list[tuple[int, str]]


@dataclass
class _Mapped:
    """What pass 1 returns for a batch; the rest is in its runs."""

    files: list[str]
    skipped: list[Skipped]
    unigrams: Counter[str]
    positions: int
    grams: list[Path]


def _speeches(task: tuple[_Batch, _Plan]) -> _Mapped:
    batch, plan = task
    speeches, texts, streams, skipped = [], [], [], []
    known, stopwords = nouns(), edge_stopwords()
    for sequence, path in enumerate(batch.paths, batch.first):
        try:
            mined = mine_file(path)
        except DrafterError as err:
            skipped.append(Skipped(path.name, str(err)))
            continue
        streams.append(mined.words)
        speeches.append(_Speech(sequence, mined.file, mined.entries, mined.paragraphs))
        used = sorted(known.intersection(mined.words) - stopwords)  # the nouns it uses that may be its topic
        texts.append((mined.file, "\n".join(p for _, p in mined.paragraphs), mined.named, used))
    write_run(plan.run("speeches", batch.number), speeches)
    write_run(plan.run("texts", batch.number), texts)  # all that pass 3 reads: no entries to unpickle there
    unigrams, positions, records = count_grams(streams)
    grams = write_partitioned(plan.folder, f"grams-{batch.number}", records, plan.partitions, key=itemgetter(0))
    return _Mapped([s.file for s in speeches], skipped, unigrams, positions, grams)


# ---------------------------------------------------------------- 2. terms (reduce by n-gram)


def _discover(grams: list[Path], unigrams: Counter[str], positions: int, mapper: Mapper) -> list[Term]:
    """The terms, judged partition by partition. A word occurs at least as often as any n-gram holding it,
    so only words of MIN_COUNT or more are ever looked up: the rest (most of an archive's words) stay here."""
    frequent = Counter({word: count for word, count in unigrams.items() if count >= MIN_COUNT})
    tasks = [(runs, frequent, positions) for runs in _by_partition(grams)]
    return ranked(term for found in mapper(_judge, tasks) for term in found)


def _by_partition(runs: Iterable[Path]) -> list[list[Path]]:
    """Runs grouped by their partition (the number after the last dash), in partition order."""
    parts: dict[int, list[Path]] = {}
    for run in runs:
        parts.setdefault(int(run.stem.rsplit("-", 1)[1]), []).append(run)
    return [parts[number] for number in sorted(parts)]


def _judge(task: tuple[list[Path], Counter[str], int]) -> list[Term]:
    runs, unigrams, positions = task
    return judge(merge_runs(runs, key=itemgetter(0)), unigrams, positions)


# ---------------------------------------------------------------- 3. topics


def _choose(batches: list[_Batch], terms: list[Term], documents: int, plan: _Plan,
            mapper: Mapper) -> list[list[tuple[str, list[str]]]]:
    """Each speech's topic terms, batch by batch: candidates counted per speech and scored for rarity
    (map, where jieba's dictionary is), the speeches naming each candidate summed, then each speech's choice."""
    vocabulary = publish(plan.folder / "vocabulary.pickle", frozenset(t.text for t in terms))
    frequency: Counter[str] = Counter()
    rarity: dict[str, float] = {}
    for named, rare in mapper(_candidates, [(batch.number, plan, vocabulary) for batch in batches]):
        frequency.update(named)
        rarity.update(rare)
    return [
        [(file, choose_topics(tfs, frequency, documents, rarity)) for file, tfs in read_run(plan.run("candidates", batch.number))]
        for batch in batches
    ]


def _candidates(task: tuple[int, _Plan, Path]) -> tuple[Counter[str], dict[str, float]]:
    number, plan, published_vocabulary = task
    vocabulary = published(published_vocabulary)
    found = [
        (file, topic_candidates(text, named, used, vocabulary))
        for file, text, named, used in read_run(plan.run("texts", number))
    ]
    write_run(plan.run("candidates", number), found)
    named = Counter(candidate for _, tfs in found for candidate in tfs)
    return named, {candidate: rarity(candidate) for candidate in named}


# ---------------------------------------------------------------- 4. entries (map, then reduce by text)


def _entries(batches: list[_Batch], terms: list[Term], topics: list[list[tuple[str, list[str]]]],
             plan: _Plan, mapper: Mapper) -> tuple[dict[str, list[Path]], dict[str, int]]:
    shared = publish(plan.folder / "shared.pickle", Shared(tuple(t.words for t in terms), _counted(terms, topics)))
    tasks = [(batch.number, plan, [chosen for _, chosen in own], shared) for batch, own in zip(batches, topics)]
    runs = [run for found in mapper(_finish_batch, tasks) for run in found]
    merged = list(mapper(_merge_partition, [(part, plan) for part in _by_partition(runs)]))
    by_kind = {kind: [run for kinds, _ in merged for run in kinds.get(kind, [])] for kind in KINDS}
    counts = {kind: sum(tally.get(kind, 0) for _, tally in merged) for kind in KINDS}
    return by_kind, counts


def _counted(terms: list[Term], topics: list[list[tuple[str, list[str]]]]) -> dict[str, Counted]:
    """The words counted in every speech: each discovered term, and each word chosen as a speech's topic."""
    chosen = {topic for batch in topics for _, own in batch for topic in own}
    words = {t.text: t.words for t in terms}
    for topic in sorted(chosen - words.keys()):
        words[topic] = (topic,)
    return {
        text: Counted(tokens, "topic" if text in chosen else "", ("dated",) if slots.dated(text) else ())
        for text, tokens in words.items()
    }


def _finish_batch(task: tuple[int, _Plan, list[list[str]], Path]) -> list[Path]:
    """Finish a batch's speeches (drafter.mining.finish) with the terms taught to the dictionary; their entries,
    combined by kind and text within the batch, go to runs partitioned by text, keyed by kind, text and the
    corpus position of the first occurrence."""
    number, plan, topics, shared = task
    tools = finishing(shared)
    maker = FrameMaker()
    found: dict[tuple[str, str], list] = {}  # (kind, text) → [sequence, place, packed occurrences…]
    used = TermTally(tools.counter)
    for speech, own in zip(read_run(plan.run("speeches", number)), topics):
        finished = finish(speech.entries, own[:1], tools.joiner, maker)
        for place, (kind, text, entry) in enumerate(finished):
            found.setdefault((kind, text), [speech.sequence, place]).append(entry)
        used.add(speech.sequence, len(finished), speech.file, speech.paragraphs)
    records = chain(((kind, text, first, place, combined(kind, packed)) for (kind, text), (first, place, *packed) in found.items()),
                    used.records())
    return write_partitioned(plan.folder, f"entries-{number}", records, plan.partitions, key=itemgetter(1))


def _merge_partition(task: tuple[list[Path], _Plan]) -> tuple[dict[str, list[Path]], dict[str, int]]:
    """Merge one partition's entries by kind and text; write each kind's JSON lines to its lines file and
    their keys in runs ordered by count then text (the bank's order), RUN_KEYS at a time."""
    runs, plan = task
    part = int(runs[0].stem.rsplit("-", 1)[1])
    out: dict[str, list[Path]] = {}
    tally: dict[str, int] = {}
    for kind, records in groupby(merge_runs(runs), key=itemgetter(0)):
        entries = (merged(kind, text, [r[4] for r in same]) for text, same in groupby(records, key=itemgetter(1)))
        out[kind] = []
        with _lines_file(plan.folder, kind, part).open("wb") as handle:
            keys = _stored(entries, handle, part)
            while chunk := sorted(islice(keys, RUN_KEYS)):
                out[kind].append(write_run(plan.folder / f"bank-{kind}-{part}-{len(out[kind])}.run", chunk))
                tally[kind] = tally.get(kind, 0) + len(chunk)
    return out, tally


def _stored(entries: Iterable[tuple[Entry, Iterable[tuple[str, int, int]]]], handle: BinaryIO,
            part: int) -> Iterator[tuple[int, str, int, int, int]]:
    """Each entry's JSON line (with its sources beside it) written to the lines file; its key: count
    (negated), text, partition, and the line's offset and size in the file."""
    offset = 0
    for entry, sources in entries:
        line = json_line(entry, sources).encode("utf-8")
        handle.write(line)
        yield -entry.count, entry.text, part, offset, len(line)
        offset += len(line)


def _lines_file(folder: Path, kind: str, part: int) -> Path:
    return folder / f"bank-{kind}-{part}.lines"


# ---------------------------------------------------------------- writing


def check_output(folder: str | Path) -> Path:
    """Refuse, before any work, a phrasebank folder that is a file, whose parent is missing, or that cannot
    be written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}：这不是文件夹，请给出表述库文件夹")
    if not folder.exists() and not folder.parent.is_dir():
        raise OutputError(f"{folder}：所在文件夹 {folder.parent} 不存在")
    if not os.access(folder if folder.exists() else folder.parent, os.W_OK):
        raise OutputError(f"{folder}：没有写入权限，无法写入表述库")
    return folder


def write_phrasebank(folder: str | Path, result: MineResult, strict: bool = False) -> list[Path]:
    """Write the kind files of `folder` (created if missing); curated entries and other files are kept.
    `strict` refuses to write anything when a file of the corpus could not be read."""
    failed = result.failed()
    if strict and failed:
        raise InputError(f"有 {len(failed)} 个文件无法读取，按要求未写入表述库；第一个：{failed[0].reason}")
    folder = check_output(folder)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise OutputError(f"{folder}：无法建立表述库文件夹（{os_reason(err)}）") from None
    return save_mined(folder, {kind: result.bank.lines(kind) for kind in KINDS})
