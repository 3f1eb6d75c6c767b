"""Word segmentation for mining: jieba's words and algorithm, its dictionary loaded once per process.

Mining cuts every paragraph once; the entries taken from it reuse its words (see `Tokenizer`). HMM
guessing is off: unknown words come from our own term discovery (drafter.mining.terms), which is stable across contexts
where the HMM's guesses are not.

The cut is jieba's own no-HMM algorithm (the most probable path through the dictionary's word graph) as
jieba-rs runs it (the rjieba package): the same dictionary, the same words as jieba.lcut(text, HMM=False)
(tests/test_tokens.py checks it over the whole bundled corpus, taught words included, and over any text of
jieba's character classes) at a tenth of the time of the same algorithm in Python, and cutting was most of
what mining cost. What the cut does not give, each word's frequency and tags, is read from jieba's own
dict.txt here; the jieba package is never imported (see `dictionary`).
"""

from __future__ import annotations

import importlib.util
import re
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate
from functools import cache
from sys import intern
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError
from drafter.text.frequencies import Frequencies

HAN_WORD_RE = re.compile("[\u4e00-\u9fff]+")
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")  # jieba's re_eng
_TOTAL_ONLY = "\n"  # a "word" no cut ever looks up (jieba skips line breaks): it carries a part of the total
_IDIOM_ROLES = {"i": "成语", "l": "习用语", "z": "习用语"}
_BLOCK = 1 << 12  # characters of the dictionary file split at once, and searched for a word's line
_COMMON = 10  # rarer "nouns" are mostly set phrases the dictionary mis-tags (攻坚克难 n 3)


@dataclass(frozen=True)
class Lexicon:
    """What mining needs of jieba's dictionary tags in every paragraph: idioms and set phrases (成语 i,
    习用语 l/z) with their role, and common four-character nouns (a list of them is no 四字格)."""

    idioms: dict[str, str]
    nouns: frozenset[str]


@dataclass
class Dictionary:
    """jieba's dictionary: each word's frequency and the words it tags, and jieba-rs cutting with the same
    words. A taught word (`add_word`) changes the frequencies, the total and the cut exactly as jieba.add_word
    does; `taught` undoes it."""

    freq: Frequencies  # each word's frequency and tag: jieba's FREQ without the prefixes it holds at 0
    total: int
    lexicon: Lexicon
    nouns: frozenset[str]
    prefixes: set[str]  # those of the taught words (the file's are found in it, see `count`)
    _cutter: Any = field(default=None, repr=False)
    _short: int = 0  # what jieba's total holds and jieba-rs's does not (see `add_word`)

    @property
    def cutter(self) -> Any:
        """jieba-rs over jieba's dictionary: the one rjieba builds when imported (its module functions), or
        a new one once that one has been taught words (jieba-rs cannot forget a word)."""
        if self._cutter is None:
            import rjieba

            self._cutter = rjieba.Jieba()
        return self._cutter

    def count(self, piece: str) -> int:
        """The frequency jieba's add_word reads for a word of a cut: its own, 0 for a prefix (a character,
        or a run of Latin letters and digits, that only begins words), 1 for anything else."""
        found = self.freq.get(piece)
        if found is not None:
            return found
        prefix = len(piece) == 1 or len(piece) > 1 and _LATIN.issuperset(piece)
        return 0 if prefix and (piece in self.prefixes or self.freq.begins(piece)) else 1

    def is_place(self, word: str) -> bool:
        """A place name of the dictionary (ns) ending in 省/市/县/区/州: a stale fact in a reused sentence."""
        return len(word) in (3, 4) and word[-1] in _PLACE_ENDS and self.freq.tag(word) == "ns"

    def is_person(self, word: str) -> bool:
        """A personal name of the dictionary (nr) of two or three characters: a stale fact too."""
        return 1 < len(word) < 4 and self.freq.tag(word) == "nr"

    def add_word(self, word: str) -> None:
        """jieba's add_word without a frequency: the one it suggests, just enough for the word to be cut whole
        (its current pieces' probabilities multiplied, at least its own frequency). jieba adds the new frequency
        to its total without taking the old one off, jieba-rs takes it off: a word no cut looks up holds the
        difference."""
        probability = 1.0
        for piece in cut(word):
            probability *= self.count(piece) / self.total
        old = self.freq.get(word, 0)
        count = max(int(probability * self.total) + 1, old or 1)
        self.freq[word] = count
        self.total += count
        self.prefixes.update(p for p in _pieces_before(word) if p not in self.freq)
        self.cutter.add_word(word, count, None)
        if old:
            self._short += old
            self.cutter.add_word(_TOTAL_ONLY, self._short, None)

    def forget(self, taught: dict[str, int], total: int, prefixes: set[str]) -> None:
        """Back to the taught frequencies (`Frequencies.taught`), the total and the prefixes of before some
        words were taught, with a new cutter."""
        self.freq.taught, self.total, self.prefixes = taught, total, prefixes
        self._cutter, self._short = None, 0


def _pieces_before(word: str) -> list[str]:
    """The proper prefixes of `word` a cut can give as a word of their own: its first character, and
    runs of Latin letters and digits (jieba joins single ones into one word)."""
    pieces = [word[:1]] if len(word) > 1 else []
    end = 2
    while end < len(word) and word[end - 1] in _LATIN and word[end - 2] in _LATIN:
        pieces.append(word[:end])
        end += 1
    return pieces


@cache
def dictionary() -> Dictionary:
    """jieba's dict.txt (word, frequency and tag a line) read once per process: jieba's frequencies and total
    exactly as its gen_pfdict reads them, and the word sets every paragraph is checked against. A block of
    lines is split at once and its columns taken as slices; the frequencies and tags stay in the lines,
    looked up where a word's is asked for (`Frequencies`), and so do the prefixes jieba holds at 0.

    jieba itself is not imported: its HMM model costs 16 MB a process, and jieba.initialize() would load
    `$TMPDIR/jieba.cache` when one exists (a planted or stale cache changes every cut, so the mined bank
    would depend on the machine) or dump one there (a traceback and a 9 MB temp file for any user who
    cannot replace it). jieba-rs carries the same dict.txt within it and reads no file."""
    import rjieba  # builds jieba-rs's dictionary on import: only where words are cut

    freq = Frequencies()
    total = 0
    idioms: dict[str, str] = {}
    four: list[str] = []
    nouns: list[str] = []
    for lines, words, counts, tags in _columns(_dict_txt()):
        freq.extend(lines, words, counts, tags)
        total += sum(counts)
        _file(words, counts, tags, idioms, four, nouns)
    return Dictionary(freq, total, Lexicon(idioms, frozenset(four)), frozenset(nouns), set(), rjieba)


def _columns(path: Path) -> Iterator[tuple[str, list[str], list[int], list[str]]]:
    """Blocks of the lines of jieba's dictionary file (word, frequency and tag a line), each with its
    columns. Small blocks: a word's line is searched for within one (`Frequencies`)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise _not_a_dictionary(path) from None
    if text and not text.endswith("\n"):
        text += "\n"
    start = 0
    while start < len(text):
        end = text.rfind("\n", start, start + _BLOCK) + 1 or text.find("\n", start) + 1
        lines = text[start:end]
        yield lines, *_fields(path, lines)
        start = end


def _fields(path: Path, lines: str) -> tuple[list[str], list[int], list[str]]:
    fields = lines.split()
    if len(fields) != 3 * lines.count("\n"):
        raise _not_a_dictionary(path)
    try:
        counts = list(map(int, fields[1::3]))
    except ValueError:
        raise _not_a_dictionary(path) from None
    if min(counts, default=0) < 0:
        raise _not_a_dictionary(path)
    return fields[0::3], counts, fields[2::3]


def _not_a_dictionary(path: Path) -> DrafterError:
    return DrafterError(f"{path}：不是 jieba 0.42 的词典（每行：词 词频 词性），请重新安装 jieba 0.42")


def _dict_txt() -> Path:
    """jieba's dict.txt, found without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


_FOUR_NOUN_TAGS = frozenset("n nz ns nr nt nrt nrfg vn an".split())
_NOUN_TAGS = frozenset("n nz vn an j ns nt".split())
_PLACE_ENDS = "省市县区州"


def _file(words: list[str], counts: list[int], tags: list[str], idioms: dict[str, str], four: list[str],
          nouns: list[str]) -> None:
    """File the dictionary's words of two to four characters under the sets their tag and length put them in
    (see Lexicon and nouns): one loop, its tests inline, as it runs for every word of every process's start."""
    for word, count, tag in zip(words, counts, tags):
        size = len(word)
        if size == 4:
            if tag in _IDIOM_ROLES:
                idioms[word] = _IDIOM_ROLES[tag]
            elif tag in _FOUR_NOUN_TAGS and count >= _COMMON:
                four.append(word)
        elif 1 < size < 4 and tag in _NOUN_TAGS:
            nouns.append(word)


def cut(text: str) -> list[str]:
    """The words of `text`, exactly as jieba.lcut(text, HMM=False) gives them, with the words taught
    (`taught`, as jieba.add_word would) counted in."""
    return list(map(intern, dictionary().cutter.cut(text, False)))


def lexicon() -> Lexicon:
    """The idioms and common four-character nouns of jieba's dictionary, read once per process."""
    return dictionary().lexicon


@contextmanager
def taught(words: list[str]):
    """The dictionary with `words` added (as jieba.add_word adds them), restored on exit so that the next
    mine in this process cuts the corpus exactly as the first did (output must not depend on what ran before)."""
    words_of = dictionary()
    before, total, prefixes = dict(words_of.freq.taught), words_of.total, set(words_of.prefixes)
    try:
        for word in words:
            words_of.add_word(word)
        yield
    finally:
        if words:
            words_of.forget(before, total, prefixes)


def nouns() -> frozenset[str]:
    """Two- and three-character words jieba's dictionary tags as nouns (n, nz, vn, an, j, ns, nt): the only
    single words that can be a speech's topic (民生, 防汛, 安全), never a verb like 突出."""
    return dictionary().nouns


class Tokenizer:
    """Cuts text into jieba words, one per speech file.

    A paragraph is cut by one jieba call and kept with its words' offsets; an entry taken from that
    paragraph (a sentence, a lead, a call) gets its words by slicing the paragraph's words, not by
    running jieba again. jieba cuts clause by clause, so the slice equals cutting the entry alone
    whenever the entry starts and ends on word boundaries; otherwise it is cut on its own.
    """

    def __init__(self) -> None:
        self.text = ""
        self.tokens: list[str] = []
        self.offsets: list[int] = [0]

    def paragraph(self, text: str) -> list[str]:
        """The words of a whole paragraph; it becomes the one entries are sliced from."""
        self.text, self.tokens = text, cut(text)
        self.offsets = list(accumulate(map(len, self.tokens), initial=0))
        return self.tokens

    def __call__(self, text: str) -> list[str]:
        start = self.text.find(text)
        if start >= 0:
            first = bisect_left(self.offsets, start)
            last = bisect_left(self.offsets, start + len(text), first)
            if self.offsets[first] == start and last < len(self.offsets) and self.offsets[last] == start + len(text):
                return [t for t in self.tokens[first:last] if not t.isspace()]
        return [t for t in cut(text) if not t.isspace()]


class TermJoiner:
    """Joins runs of tokens that form a discovered term (安全/生产 → 安全生产), longest first.

    This is what jieba cuts after `jieba.add_word(term)`, without cutting the text again.
    """

    def __init__(self, terms: dict[tuple[str, ...], str]):
        self.terms = terms
        self.firsts = {key[0] for key in terms}
        self.longest = max((len(key) for key in terms), default=0)

    def __call__(self, tokens: list[str]) -> list[str]:
        if self.firsts.isdisjoint(tokens):
            return tokens
        out: list[str] = []
        i = 0
        while i < len(tokens):
            if tokens[i] not in self.firsts:  # no term starts here
                out.append(tokens[i])
                i += 1
                continue
            for n in range(min(self.longest, len(tokens) - i), 1, -1):
                term = self.terms.get(tuple(tokens[i:i + n]))
                if term:
                    out.append(term)
                    i += n
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out
