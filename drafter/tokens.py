"""Word segmentation for mining: jieba, silenced, its dictionary loaded once per process.

Mining cuts every paragraph once. jieba cuts each run of Han characters (a clause between punctuation)
on its own, so a `Tokenizer` memoises clauses: a heading, a lead sentence or a series member that is a
clause of a paragraph already cut costs a dictionary look-up, not a second jieba run. HMM guessing is
off: unknown words come from our own term discovery (drafter.terms), which is stable across contexts
where the HMM's guesses are not.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# jieba's own block pattern: text is cut clause by clause along these runs.
HAN_RUN_RE = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%]+)")
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
    """Cuts text into jieba words, memoising each Han run; one per speech file, so memory stays bounded."""

    def __init__(self) -> None:
        self.cut = jieba_module().lcut
        self.memo: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        tokens: list[str] = []
        for piece in HAN_RUN_RE.split(text):
            if not piece:
                continue
            if HAN_RUN_RE.fullmatch(piece):
                words = self.memo.get(piece)
                if words is None:
                    words = self.memo[piece] = self.cut(piece, HMM=False)
                tokens += words
            else:
                tokens += [char for char in piece if not char.isspace()]
        return tokens


def merge_terms(tokens: list[str], terms: dict[tuple[str, ...], str]) -> list[str]:
    """Join runs of tokens that form a discovered term (平安/建设 → 平安建设), longest first.

    This is what jieba would cut after `jieba.add_word(term)`, without cutting the text again.
    """
    if not terms:
        return tokens
    longest = max(len(key) for key in terms)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 1, -1):
            term = terms.get(tuple(tokens[i:i + n]))
            if term:
                out.append(term)
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    return out
