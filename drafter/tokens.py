"""Word segmentation for mining: jieba, silenced, its dictionary loaded once per process.

Mining cuts every paragraph once; the entries taken from it reuse its words (see `Tokenizer`). HMM
guessing is off: unknown words come from our own term discovery (drafter.terms), which is stable across contexts
where the HMM's guesses are not.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate
from functools import cache
from pathlib import Path

HAN_WORD_RE = re.compile("[\u4e00-\u9fff]+")
_IDIOM_ROLES = {"i": "成语", "l": "习用语", "z": "习用语"}
_COMMON = 10  # rarer "nouns" are mostly set phrases the dictionary mis-tags (攻坚克难 n 3)


@cache
def jieba_module():
    """jieba with its log silenced and its dictionary loaded (once per process)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@dataclass(frozen=True)
class Lexicon:
    """What mining needs from jieba's dictionary tags: idioms and set phrases (成语 i, 习用语 l/z) with
    their role, common four-character nouns (a list of them is no 四字格), and place names (ns) ending
    in 省/市/县/区/州, which are stale facts in a reused sentence."""

    idioms: dict[str, str]
    nouns: frozenset[str]
    places: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """Read once per process from jieba's dict.txt (word, frequency, tag a line)."""
    text = Path(jieba_module().__file__).with_name("dict.txt").read_text(encoding="utf-8")
    idioms = {w: _IDIOM_ROLES[t] for w, t in re.findall(r"^(\S{4}) \d+ ([ilz])$", text, re.M)}
    nouns = frozenset(w for w, f in re.findall(r"^(\S{4}) (\d+) (?:n|nz|ns|nr|nt|nrt|nrfg|vn|an)$", text, re.M) if int(f) >= _COMMON)
    places = frozenset(re.findall(r"^(\S{2,3}[省市县区州]) \d+ ns$", text, re.M))
    return Lexicon(idioms, nouns, places)


@contextmanager
def taught(words: list[str]):
    """jieba with `words` added (jieba.add_word), restored on exit so that the next mine in this process
    cuts the corpus exactly as the first did (output must not depend on what ran before)."""
    tokenizer = jieba_module().dt
    keys = {word[:end] for word in words for end in range(1, len(word) + 1)}
    saved = {key: tokenizer.FREQ.get(key) for key in keys}
    total = tokenizer.total
    try:
        for word in words:
            tokenizer.add_word(word)
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                tokenizer.FREQ.pop(key, None)
            else:
                tokenizer.FREQ[key] = value
        tokenizer.total = total


@cache
def nouns() -> frozenset[str]:
    """Two- and three-character words jieba's dictionary tags as nouns (n, nz, vn, an, j, ns, nt): the only
    single words that can be a speech's topic (综治, 民生, 安全), never a verb like 突出."""
    text = Path(jieba_module().__file__).with_name("dict.txt").read_text(encoding="utf-8")
    return frozenset(re.findall(r"^(\S{2,3}) \d+ (?:n|nz|vn|an|j|ns|nt)$", text, re.M))


class Tokenizer:
    """Cuts text into jieba words, one per speech file.

    A paragraph is cut by one jieba call and kept with its words' offsets; an entry taken from that
    paragraph (a sentence, a lead, a call) gets its words by slicing the paragraph's words, not by
    running jieba again. jieba cuts clause by clause, so the slice equals cutting the entry alone
    whenever the entry starts and ends on word boundaries; otherwise it is cut on its own.
    """

    def __init__(self) -> None:
        self.cut = jieba_module().lcut
        self.text = ""
        self.tokens: list[str] = []
        self.offsets: list[int] = [0]

    def paragraph(self, text: str) -> list[str]:
        """The words of a whole paragraph; it becomes the one entries are sliced from."""
        self.text, self.tokens = text, self.cut(text, HMM=False)
        self.offsets = list(accumulate(map(len, self.tokens), initial=0))
        return self.tokens

    def __call__(self, text: str) -> list[str]:
        start = self.text.find(text)
        if start >= 0:
            first = bisect_left(self.offsets, start)
            last = bisect_left(self.offsets, start + len(text), first)
            if self.offsets[first] == start and last < len(self.offsets) and self.offsets[last] == start + len(text):
                return [t for t in self.tokens[first:last] if not t.isspace()]
        return [t for t in self.cut(text, HMM=False) if not t.isspace()]


class TermJoiner:
    """Joins runs of tokens that form a discovered term (平安/建设 → 平安建设), longest first.

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
