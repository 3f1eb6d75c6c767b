"""Topic-term discovery (新词发现) over our own corpus: what a speech is about, as multi-word terms.

jieba cuts 安全生产 into 安全/生产 and 防汛抗旱 into 防汛/抗旱, so a topic is a run of words. A run is a
term when its words stick together (pointwise mutual information: they co-occur far more often than
chance) and it is free at both ends (high left and right neighbour entropy: it is used in many
contexts, not a fragment of a longer phrase). A speech's topic terms are the terms (and single words)
it uses more than the rest of the corpus does: TF-IDF over our own speeches, with jieba's general IDF as
a prior so that 工作 and 群众 never pass for a topic.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from functools import cache
from itertools import chain, compress, groupby, repeat
from operator import add, and_, floordiv, itemgetter, mod, mul, sub

from drafter import vocab
from drafter.text.tokens import HAN_WORD_RE, cut, dictionary

BOUNDARY = "|"
MAX_WORDS = 3
MIN_COUNT = 3
MIN_PMI = 1.5
MIN_ENTROPY = 1.0
MIN_TERM_CHARS, MAX_TERM_CHARS = 3, 8
TOPICS_PER_SPEECH = 3
# Words that never start or end a term: particles, prepositions, modal and very general verbs.
def edge_stopwords() -> frozenset[str]:
    return frozenset(vocab.words("term_edge_words"))
# General words that name no topic however often a speech repeats them.
def general_words() -> frozenset[str]:
    return frozenset(vocab.words("general_words"))


@dataclass(frozen=True, slots=True)
class Term:
    """A discovered multi-word term: its words, corpus count and the scores that admitted it."""

    words: tuple[str, ...]
    count: int
    pmi: float
    entropy: float

    @property
    def text(self) -> str:
        return "".join(self.words)


GramRecord = tuple[str, int, dict[str, int], dict[str, int]]
"""An n-gram's statistics in some speeches: its words joined by a space, its count, and the counts of
the words seen just before it and just after it (BOUNDARY: the start or end of a paragraph)."""


def count_grams(streams: list[list[str]]) -> tuple[Counter[str], int, list[GramRecord]]:
    """Map step of term discovery over some speeches' word streams (each paragraph followed by BOUNDARY).

    Returns the counts of the term-shaped words, the number of positions (words and boundaries) and a
    record for every term-shaped n-gram. Records of other speeches merge with these by key (`judge`), so
    statistics are gathered file by file and the whole corpus is never in memory. Each stream is
    preceded by a boundary (a speech starts a paragraph), so what a file yields does not depend on the
    file before it. Words are numbered and an n-gram counted as one integer (its word numbers as digits
    in base V): counting integers is about twice as fast as counting tuples of strings."""
    index = {word: number for number, word in enumerate(dict.fromkeys(chain((BOUNDARY,), *streams)))}
    ids = list(map(index.__getitem__, chain.from_iterable(chain((BOUNDARY,), tokens) for tokens in streams)))
    words = list(index)
    base = len(words)
    shaped = [bool(HAN_WORD_RE.fullmatch(w)) for w in words]
    stopwords = edge_stopwords()
    edge = [s and w not in stopwords for w, s in zip(words, shaped)]
    unigrams = Counter({words[number]: count for number, count in Counter(ids).items() if shaped[number]})
    records: list[GramRecord] = []
    keys = ids
    edges = list(map(edge.__getitem__, ids))  # whether the word at each place may start or end a term
    for n in range(2, MAX_WORDS + 1):
        keys = list(map(add, map(mul, keys, repeat(base)), ids[n - 1:]))  # keys[at]: the n-gram starting at `at`
        counts = Counter(compress(keys, map(and_, edges, edges[n - 1:])))  # only those a term could be
        wanted = _wanted(list(counts), n, base, words, shaped)
        left, right = _neighbours(keys, ids, n, wanted, words)
        records += [(text, counts[key], left[key], right[key]) for key, text in wanted.items()]
    return unigrams, len(ids), records


def _wanted(keys: list[int], n: int, base: int, words: list[str], shaped: list[bool]) -> dict[int, str]:
    """Of n-gram keys with a term's first and last words, those shaped like a term (Chinese words within,
    MIN_TERM_CHARS to MAX_TERM_CHARS characters), with their text. Each test runs over a column of word
    numbers at once (the i-th word of every key), not key by key."""
    columns = [list(map(mod, map(floordiv, keys, repeat(base ** (n - 1 - i))), repeat(base))) for i in range(n)]
    for column in columns[1:-1]:
        keep = list(map(shaped.__getitem__, column))
        keys, columns = list(compress(keys, keep)), [list(compress(c, keep)) for c in columns]
    texts = map(" ".join, zip(*(map(words.__getitem__, column) for column in columns)))
    return {key: text for key, text in zip(keys, texts) if MIN_TERM_CHARS <= len(text) - n + 1 <= MAX_TERM_CHARS}


def judge(records: Iterable[GramRecord], unigrams: Mapping[str, int], total: int) -> list[Term]:
    """Reduce step: records in key order (from any number of map steps) → the terms among their n-grams.

    An n-gram is a term when frequent, cohesive (PMI over the whole corpus's word counts `unigrams` and
    `total`) and free at both ends (neighbour entropy)."""
    terms = []
    for text, group in groupby(records, key=itemgetter(0)):
        group = list(group)
        count = sum(record[1] for record in group)
        if count < MIN_COUNT:
            continue
        gram = tuple(text.split(" "))
        pmi = math.log(count * total ** (len(gram) - 1) / math.prod(unigrams[w] for w in gram))
        if pmi < MIN_PMI:
            continue
        entropy = min(_entropy(_added([r[2] for r in group])), _entropy(_added([r[3] for r in group])))
        if entropy >= MIN_ENTROPY:
            terms.append(Term(gram, count, round(pmi, 3), round(entropy, 3)))
    return terms


def _added(counters: list[dict[str, int]]) -> dict[str, int]:
    """The counts summed word by word; one batch's counts as they are. A plain dict: Counter.update checks
    its argument's type on every call, and judging calls this for every n-gram of every batch."""
    if len(counters) == 1:
        return counters[0]
    total: dict[str, int] = {}
    for counts in counters:
        for word, count in counts.items():
            total[word] = total.get(word, 0) + count
    return total


def ranked(terms: Iterable[Term]) -> list[Term]:
    """The terms of every partition, fragments dropped, in a stable order (most frequent first, then by text)."""
    return sorted(_drop_fragments(list(terms)), key=lambda t: (-t.count, t.text))


def _neighbours(keys: list[int], ids: list[int], n: int, wanted: Set[int], words: list[str]) -> tuple[dict, dict]:
    """For each wanted n-gram key, the counts of the words seen just before and just after it, read off the
    positions where it occurs (`keys` numbers each position's n-gram): (key, neighbour) pairs are counted as
    one integer each, and no (n+1)-grams are counted. A wanted n-gram never starts or ends a stream (its
    words are Chinese, the streams' first and last places are boundaries), so every place has both."""
    base = len(words)
    places = list(compress(range(len(keys)), map(wanted.__contains__, keys)))
    found = list(map(mul, map(keys.__getitem__, places), repeat(base)))
    before = Counter(map(add, found, map(ids.__getitem__, map(sub, places, repeat(1)))))
    after = Counter(map(add, found, map(ids.__getitem__, map(add, places, repeat(n)))))
    return _by_key(before, wanted, words), _by_key(after, wanted, words)


def _by_key(pairs: Counter[int], wanted: Set[int], words: list[str]) -> dict[int, dict[str, int]]:
    grouped: dict[int, dict[str, int]] = {key: {} for key in wanted}
    base = len(words)
    for pair, count in pairs.items():
        key, word = divmod(pair, base)
        grouped[key][words[word]] = count
    return grouped


def _entropy(counts: dict[str, int]) -> float:
    """Neighbour entropy; each boundary (start or end of a paragraph) counts as a distinct neighbour.
    Summed with fsum, so the order the counts were merged in cannot change the last bit."""
    if not counts:
        return 0.0
    values = [c for w, c in counts.items() if w != BOUNDARY] + [1] * counts.get(BOUNDARY, 0)
    total = sum(values)
    return -math.fsum(c / total * math.log(c / total) for c in values)


def _drop_fragments(terms: list[Term]) -> list[Term]:
    """A term inside a longer term (more words) with (almost) the same count is only a fragment of it.
    Each term's substrings that are terms too are indexed with the highest count of a term of each length
    holding them, so this is linear in the number of terms (terms are short: at most 8 characters), and the
    index holds terms only: indexing every substring took tens of MB for the terms of a 100 MB archive."""
    texts = {term.text for term in terms}
    highest: dict[tuple[str, int], int] = {}
    for term in terms:
        text, size = term.text, len(term.words)
        for piece in texts.intersection(text[a:b] for a in range(len(text)) for b in range(a + 1, len(text) + 1)):
            highest[piece, size] = max(highest.get((piece, size), 0), term.count)
    return [
        term for term in terms
        if not any(highest.get((term.text, size), 0) >= 0.8 * term.count for size in range(len(term.words) + 1, MAX_WORDS + 1))
    ]


def topic_candidates(text: str, names: str, nouns_used: Iterable[str], vocabulary: Set[str]) -> dict[str, int]:
    """Map step of topic choice for one speech: its candidates and how often its text uses each.

    Candidates are the discovered terms (`vocabulary`) and the speech's own nouns (`nouns_used`: 民生,
    防汛, never a verb like 突出) that the speech names itself by (`names`: its title or file name,
    transition and headings). The terms named are found among the substrings of `names`, so the cost
    does not grow with the vocabulary."""
    general = general_words()
    lengths = range(MIN_TERM_CHARS, MAX_TERM_CHARS + 1)
    named = {names[a:a + n] for n in lengths for a in range(len(names) - n + 1)} & vocabulary
    found = {
        c for c in chain(named, (w for w in nouns_used if w in names))
        if c not in general and HAN_WORD_RE.fullmatch(c)
    }
    return {c: text.count(c) for c in sorted(found)}


def choose_topics(tfs: dict[str, int], frequency: Mapping[str, int], documents: int, rarities: Mapping[str, float]) -> list[str]:
    """Reduce step: a speech's topic terms (at most TOPICS_PER_SPEECH), best first, from its candidates'
    counts `tfs`, the number of speeches naming each (`frequency`, of `documents`) and its `rarity`
    (scored in the map step, where jieba's dictionary is). The score is
    tf × corpus IDF × general rarity × length, so a term frequent here, rarer in the other speeches and
    rare in general Chinese wins."""
    scored = []
    for candidate, tf in tfs.items():
        if tf < 2 or _fragment(candidate, tfs):
            continue
        corpus_idf = math.log((documents + 1) / (frequency[candidate] + 1)) + 1
        scored.append((tf * corpus_idf * rarities[candidate] * len(candidate), candidate))
    best = [c for _, c in sorted(scored, key=lambda s: (-s[0], s[1]))]
    return _without_overlaps(best)[:TOPICS_PER_SPEECH]


def _fragment(candidate: str, tfs: dict[str, int]) -> bool:
    """True when most uses of `candidate` are inside one longer candidate (安全 inside 安全生产)."""
    return any(candidate in other and other != candidate and 3 * tf >= tfs[candidate] for other, tf in tfs.items())


@cache
def rarity(text: str) -> float:
    """How rare a word is in general Chinese: -log of its frequency in jieba's dictionary (already in
    memory, so no IDF table is read); a term unknown to jieba scores as rare as its rarest word. Each
    word is scored once per process: the corpus-wide terms are candidates in speech after speech.
    Called before any term is taught to the dictionary."""
    words = dictionary()
    freq, total = words.freq, words.total
    count = freq.get(text)
    if count:
        return math.log(total / count)
    return max(math.log(total / (freq.get(w) or 1)) for w in cut(text))


def _without_overlaps(ranked: list[str]) -> list[str]:
    """Keep a term only when no better-ranked term contains it or is contained in it."""
    kept: list[str] = []
    for candidate in ranked:
        if not any(candidate in k or k in candidate for k in kept):
            kept.append(candidate)
    return kept
