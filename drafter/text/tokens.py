"""Word segmentation for mining: jieba's words and algorithm, its dictionary loaded once per process.

Mining cuts every paragraph once; the entries taken from it reuse its words (see `Tokenizer`). HMM
guessing is off: unknown words come from our own term discovery (drafter.mining.terms), which is stable across contexts
where the HMM's guesses are not.

`cut` is jieba's own no-HMM algorithm (the most probable path through the dictionary's word graph), written
as one pass over each block instead of jieba's graph dict, route tuples and generators: it gives exactly
jieba.lcut(text, HMM=False) (tests/test_tokens.py checks it over the whole bundled corpus, taught words
included) in well under half the time, and cutting is most of what mining costs. jieba's dictionary file is
read here, and the jieba package is never imported (see `dictionary`).
"""

from __future__ import annotations

import importlib.util
import re
from bisect import bisect_left
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate
from functools import cache
from math import log
from sys import intern
from pathlib import Path

HAN_WORD_RE = re.compile("[\u4e00-\u9fff]+")
_BLOCK_RE = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")  # jieba's re_han_default: what its cut walks
_SKIP_RE = re.compile(r"(\r\n|\s)")  # jieba's re_skip_default: between blocks, spaces are kept whole
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")  # jieba's re_eng
_IDIOM_ROLES = {"i": "成语", "l": "习用语", "z": "习用语"}
_COMMON = 10  # rarer "nouns" are mostly set phrases the dictionary mis-tags (攻坚克难 n 3)


@dataclass(frozen=True)
class Lexicon:
    """What mining needs from jieba's dictionary tags: idioms and set phrases (成语 i, 习用语 l/z) with
    their role, common four-character nouns (a list of them is no 四字格), place names (ns) ending in
    省/市/县/区/州 and personal names (nr), which are stale facts in a reused sentence."""

    idioms: dict[str, str]
    nouns: frozenset[str]
    places: frozenset[str]
    people: frozenset[str]


@dataclass
class Dictionary:
    """jieba's dictionary as its no-HMM cut uses it, and the words it tags. A taught word (`add_word`) changes
    `freq` and `total` exactly as jieba.add_word does; `taught` undoes it."""

    freq: dict[str, int]  # jieba's prefix dictionary: each word's frequency, every proper prefix at 0
    total: int
    lexicon: Lexicon
    nouns: frozenset[str]

    def add_word(self, word: str) -> None:
        """jieba's add_word without a frequency: the one it suggests, just enough for the word to be cut whole
        (its current pieces' probabilities multiplied, at least its own frequency)."""
        probability = 1.0
        for piece in cut(word):
            probability *= self.freq.get(piece, 1) / self.total
        count = max(int(probability * self.total) + 1, self.freq.get(word, 1))
        self.freq[word] = count
        self.total += count
        for end in range(1, len(word)):
            self.freq.setdefault(word[:end], 0)


@cache
def dictionary() -> Dictionary:
    """jieba's dict.txt (word, frequency and tag a line) read once per process, line by line: the prefix
    dictionary exactly as jieba's gen_pfdict builds it, and the tagged word sets, which hold the
    dictionary's own key objects. Reading it whole, or once per use, would leave tens of MB of freed strings
    scattered among the kept ones: memory the process never gives back.

    jieba itself is not imported: its HMM model costs 16 MB a process, and jieba.initialize() would load
    `$TMPDIR/jieba.cache` when one exists (a planted or stale cache changes every cut, so the mined bank
    would depend on the machine) or dump one there (a traceback and a 9 MB temp file for any user who
    cannot replace it)."""
    freq: dict[str, int] = {}
    counts: dict[int, int] = {}  # equal frequencies share one int object
    total = 0
    idioms: dict[str, str] = {}
    tagged: dict[str, list[str]] = {"four": [], "places": [], "people": [], "nouns": []}
    share = counts.setdefault
    with _dict_txt().open(encoding="utf-8") as lines:
        for line in lines:  # a third of a million lines: the loop is kept lean, it is paid by every process
            word, count, *tag = line.split()
            number = int(count)
            freq[word] = count = share(number, number)
            total += number
            size = len(word)
            if size > 1:
                stem = word[:-1]
                while stem and stem not in freq:  # a key's prefixes are keys already: stop at the first one found
                    freq[stem] = 0
                    stem = stem[:-1]
                if size <= 4 and len(tag) == 1 and tag[0] in _TAGS_FILED:
                    _tag(word, count, tag[0], idioms, tagged)
    lexicon = Lexicon(idioms, frozenset(tagged["four"]), frozenset(tagged["places"]), frozenset(tagged["people"]))
    return Dictionary(freq, total, lexicon, frozenset(tagged["nouns"]))


def _dict_txt() -> Path:
    """jieba's dict.txt, found without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


_FOUR_NOUN_TAGS = frozenset("n nz ns nr nt nrt nrfg vn an".split())
_NOUN_TAGS = frozenset("n nz vn an j ns nt".split())
_TAGS_FILED = frozenset(_IDIOM_ROLES) | _FOUR_NOUN_TAGS | _NOUN_TAGS  # the tags `_tag` files a word under


def _tag(word: str, count: int, tag: str, idioms: dict[str, str], tagged: dict[str, list[str]]) -> None:
    """File a dictionary word of two to four characters and one tag under the sets its tag and length put
    it in (see Lexicon and nouns)."""
    size = len(word)
    if size == 4:
        if tag in _IDIOM_ROLES:
            idioms[word] = _IDIOM_ROLES[tag]
        elif tag in _FOUR_NOUN_TAGS and count >= _COMMON:
            tagged["four"].append(word)
    if size >= 3 and tag == "ns" and word[-1] in "省市县区州":
        tagged["places"].append(word)
    if size <= 3:
        if tag == "nr":
            tagged["people"].append(word)
        if tag in _NOUN_TAGS:
            tagged["nouns"].append(word)


def cut(text: str) -> list[str]:
    """The words of `text`, exactly as jieba.lcut(text, HMM=False) gives them, with the words taught
    (`taught`, as jieba.add_word would) counted in."""
    words_of = dictionary()
    freq, logtotal = words_of.freq, log(words_of.total)
    words: list[str] = []
    # re.split with one group puts the matches at odd places: Chinese-and-alphanumeric blocks, whitespace
    for place, block in enumerate(_BLOCK_RE.split(text)):
        if place % 2:
            _cut_block(block, freq, logtotal, words)
        elif block:  # punctuation and spaces: spaces (and \r\n) whole, anything else one character a word
            for inner, piece in enumerate(_SKIP_RE.split(block)):
                if inner % 2:
                    words.append(piece)
                else:
                    words.extend(piece)
    return words


def _cut_block(block: str, freq: dict[str, int], logtotal: float, words: list[str]) -> None:
    """jieba's route over one block of Chinese and alphanumerics: from the end, each position takes the
    dictionary word starting there with the best log probability of word plus rest (ties: the longer word);
    a character in no word counts with frequency 1. Single Latin letters and digits are joined again."""
    size = len(block)
    score = [0.0] * (size + 1)
    ends = [0] * size
    get = freq.get
    for start in range(size - 1, -1, -1):
        best, end = None, start + 1
        stop = start + 1
        count = get(block[start])
        while count is not None:  # the dictionary holds every prefix of its words (count 0 when not a word)
            if count:
                value = log(count) - logtotal + score[stop]
                if best is None or value >= best:
                    best, end = value, stop
            if stop >= size:
                break
            stop += 1
            count = get(block[start:stop])
        score[start] = 0.0 - logtotal + score[start + 1] if best is None else best
        ends[start] = end
    at, latin = 0, ""
    while at < size:
        end = ends[at]
        word = block[at:end]
        if end - at == 1 and word in _LATIN:
            latin += word
            at = end
            continue
        if latin:
            words.append(latin)
            latin = ""
        words.append(intern(word))
        at = end
    if latin:
        words.append(latin)


def lexicon() -> Lexicon:
    """The idioms, nouns, places and people of jieba's dictionary, read once per process."""
    return dictionary().lexicon


@contextmanager
def taught(words: list[str]):
    """The dictionary with `words` added (as jieba.add_word adds them), restored on exit so that the next
    mine in this process cuts the corpus exactly as the first did (output must not depend on what ran before)."""
    words_of = dictionary()
    keys = {word[:end] for word in words for end in range(1, len(word) + 1)}
    saved = {key: words_of.freq.get(key) for key in keys}
    total = words_of.total
    try:
        for word in words:
            words_of.add_word(word)
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                words_of.freq.pop(key, None)
            else:
                words_of.freq[key] = value
        words_of.total = total


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
