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
from dataclasses import dataclass
from functools import cache
from itertools import chain, compress, repeat
from operator import add, floordiv, ge, mod, mul

from drafter import vocab
from drafter.text.tokens import HAN_WORD_RE, cut, jieba_module

BOUNDARY = "|"
MAX_WORDS = 3
MIN_COUNT = 3
MIN_PMI = 1.5
MIN_ENTROPY = 1.0
TOPICS_PER_SPEECH = 3
# Words that never start or end a term: particles, prepositions, modal and very general verbs.
def edge_stopwords() -> frozenset[str]:
    return frozenset(vocab.words("term_edge_words"))
# General words that name no topic however often a speech repeats them.
def general_words() -> frozenset[str]:
    return frozenset(vocab.words("general_words"))


@dataclass(frozen=True)
class Term:
    """A discovered multi-word term: its words, corpus count and the scores that admitted it."""

    words: tuple[str, ...]
    count: int
    pmi: float
    entropy: float

    @property
    def text(self) -> str:
        return "".join(self.words)


def discover(streams: list[list[str]]) -> list[Term]:
    """Multi-word terms of the corpus, in a stable order (most frequent first, then by text).

    Words are numbered and an n-gram is counted as one integer (its word numbers as digits in base V):
    counting integers is about twice as fast as counting tuples of strings. Only n-grams frequent,
    term-shaped and cohesive enough (PMI) go on to the costlier neighbour entropy, whose neighbour
    counts are gathered for them alone."""
    index = {word: number for number, word in enumerate(dict.fromkeys(chain((BOUNDARY,), *streams)))}
    ids = list(map(index.__getitem__, chain.from_iterable(chain(tokens, (BOUNDARY,)) for tokens in streams)))
    words = list(index)
    base = len(words)
    shaped = [bool(HAN_WORD_RE.fullmatch(w)) for w in words]
    stopwords = edge_stopwords()
    edge = [s and w not in stopwords for w, s in zip(words, shaped)]
    grams, keys = [Counter(ids)], ids
    for n in range(2, MAX_WORDS + 2):
        keys = list(map(add, map(mul, keys, repeat(base)), ids[n - 1:]))
        grams.append(Counter(keys))
    total = len(ids)
    terms = []
    for n in range(2, MAX_WORDS + 1):
        cohesive = {}
        counts = grams[n - 1]
        for key in compress(counts, map(ge, counts.values(), repeat(MIN_COUNT))):
            numbers = _digits(key, n, base)
            if not (edge[numbers[0]] and edge[numbers[-1]] and all(shaped[i] for i in numbers)):
                continue
            gram = tuple(words[i] for i in numbers)
            if not 3 <= sum(map(len, gram)) <= 8:
                continue
            count = counts[key]
            pmi = math.log(count * total ** (n - 1) / math.prod(grams[0][i] for i in numbers))
            if pmi >= MIN_PMI:
                cohesive[key] = (gram, count, pmi)
        left, right = _neighbours(grams[n], n, base, cohesive.keys())
        for key, (gram, count, pmi) in cohesive.items():
            entropy = min(_entropy(left.get(key)), _entropy(right.get(key)))
            if entropy >= MIN_ENTROPY:
                terms.append(Term(gram, count, round(pmi, 3), round(entropy, 3)))
    return sorted(_drop_fragments(terms), key=lambda t: (-t.count, t.text))


def _digits(key: int, n: int, base: int) -> list[int]:
    """The word numbers of an n-gram key, first word first."""
    digits = []
    for _ in range(n):
        key, digit = divmod(key, base)
        digits.append(digit)
    return digits[::-1]


def _neighbours(longer: Counter, n: int, base: int, wanted) -> tuple[dict, dict]:
    """For each wanted n-gram key, the counts of the word numbers seen just before and just after it
    (read off the (n+1)-gram counts, in their order)."""
    left: dict[int, dict[int, int]] = {key: {} for key in wanted}
    right: dict[int, dict[int, int]] = {key: {} for key in wanted}
    top = base ** n
    keys = list(longer)
    for key in compress(keys, map(left.__contains__, map(mod, keys, repeat(top)))):
        first, inner = divmod(key, top)
        before = left[inner]
        before[first] = before.get(first, 0) + longer[key]
    for key in compress(keys, map(right.__contains__, map(floordiv, keys, repeat(base)))):
        inner, last = divmod(key, base)
        after = right[inner]
        after[last] = after.get(last, 0) + longer[key]
    return left, right


def _entropy(counts: dict[int, int] | None) -> float:
    """Neighbour entropy; each boundary (word number 0: start or end of a paragraph) counts as a distinct
    neighbour."""
    if not counts:
        return 0.0
    values = [c for w, c in counts.items() if w != 0] + [1] * counts.get(0, 0)
    total = sum(values)
    return -sum(c / total * math.log(c / total) for c in values)


def _drop_fragments(terms: list[Term]) -> list[Term]:
    """A term inside a longer term with (almost) the same count is only a fragment of it."""
    kept = []
    for term in terms:
        longer = [t for t in terms if len(t.words) > len(term.words) and term.text in t.text]
        if not any(t.count >= 0.8 * term.count for t in longer):
            kept.append(term)
    return kept


def topic_terms(
    texts: list[str], streams: list[list[str]], terms: list[Term], named: list[str], nouns: frozenset[str]
) -> list[list[str]]:
    """Each speech's topic terms (at most TOPICS_PER_SPEECH), best first.

    Candidates are the discovered terms and the speech's own content words of two or more characters
    that the speech names itself by (`named`: its title or file name, transition and headings); a single
    word must be a noun (`nouns`: 民生, 防汛, not 突出); the score is tf × corpus IDF × general rarity, so a
    term frequent here, rarer in the other speeches and rare in general Chinese wins.
    """
    rarity = _general_rarity()
    documents = len(texts)
    vocabulary = {t.text for t in terms}
    stopwords, general = edge_stopwords(), general_words()
    candidates_per_speech = []
    for text, tokens, names in zip(texts, streams, named):
        words = nouns.intersection(tokens) - stopwords
        found = {c for c in vocabulary | words if c in names and c not in general and HAN_WORD_RE.fullmatch(c)}
        candidates_per_speech.append(found)
    frequency = Counter(c for found in candidates_per_speech for c in found)
    result = []
    for text, found in zip(texts, candidates_per_speech):
        scored = []
        tfs = {c: text.count(c) for c in found}
        for candidate, tf in tfs.items():
            if tf < 2 or _fragment(candidate, tfs):
                continue
            corpus_idf = math.log((documents + 1) / (frequency[candidate] + 1)) + 1
            prior = rarity(candidate)
            scored.append((tf * corpus_idf * prior * len(candidate), candidate))
        best = [c for _, c in sorted(scored, key=lambda s: (-s[0], s[1]))]
        result.append(_without_overlaps(best)[:TOPICS_PER_SPEECH])
    return result


def _fragment(candidate: str, tfs: dict[str, int]) -> bool:
    """True when most uses of `candidate` are inside one longer candidate (安全 inside 安全生产)."""
    return any(candidate in other and other != candidate and 3 * tf >= tfs[candidate] for other, tf in tfs.items())


def _general_rarity():
    """How rare a word is in general Chinese: -log of its frequency in jieba's dictionary (already in
    memory, so no IDF table is read); a term unknown to jieba scores as rare as its rarest word. Each
    word is scored once: the corpus-wide terms are candidates in speech after speech."""
    tokenizer = jieba_module().dt
    freq, total = tokenizer.FREQ, tokenizer.total

    def rarity(text: str) -> float:
        count = freq.get(text)
        if count:
            return math.log(total / count)
        return max(math.log(total / (freq.get(w) or 1)) for w in cut(text))

    return cache(rarity)


def _without_overlaps(ranked: list[str]) -> list[str]:
    """Keep a term only when no better-ranked term contains it or is contained in it."""
    kept: list[str] = []
    for candidate in ranked:
        if not any(candidate in k or k in candidate for k in kept):
            kept.append(candidate)
    return kept
