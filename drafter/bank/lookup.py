"""Looking up standard phrasing: the ranking a writer expects, over the phrasebank's derived index.

Ranking, in tiers, each in static order (`entry_weight`, then count, then shorter text first):
  0. the entry is exactly the query (punctuation and spaces ignored);
  1. the query words occur as consecutive whole words (安全 底线 in 守住安全底线; multi-word queries only);
  2. every query word occurs on a word boundary (see below) and the entry leads with the first one: it is
     what the phrase is about (狠抓落实，推动… and 落实防汛责任 for 落实, before 要突出督查抓落实);
  3. every query word occurs on a word boundary, anywhere;
  4. every query run occurs inside some word at all (安全 in 安全感 and 不安全, which is why those come last;
     防汛 in 防汛抗旱), or else its words occur on word boundaries.
On a word boundary means as a whole word, or as a word inside a compound token (落实 in 狠抓落实 and
抓落实, 安全 in 公共安全; see drafter.bank.index.compound_parts for where the line is drawn).
Words are the jieba tokens stored at mining time; an unspaced query (安全底线) is cut with the bank's own
vocabulary, so jieba is never loaded. This module must stay light: `drafter phrase` imports it cold.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path

from drafter.errors import OptionError, PhrasebankError
from drafter.bank.index import MAX_WORD, WORD_RE, Hit, Index, open_index, phrase_key, segment
from drafter.bank.store import KIND_NAMES, KINDS, Entry

# How much a kind's entries are phrasing a writer looks up: headings and the set pieces of a speech first,
# then building blocks (四字格, 排比, frames, quotes), whole sub-points and salutations, and topic terms
# (主题词), which name a subject rather than say something about it.
KIND_WEIGHTS = {
    "heading": 1.0, "transition": 1.0, "opening": 1.0, "closing": 1.0, "signoff": 1.0,
    "idiom": 0.9, "series": 0.9, "frame": 0.9, "quote": 0.9, "item": 0.8, "salutation": 0.7, "term": 0.5, "speech": 0.4,
}
# Most tokens a query word may expand to in the compound and substring tiers.
EXPANSION_LIMIT = 200
MAX_LIMIT = 10_000  # results one lookup lists: more is no longer a lookup
RANKING = json.dumps({"kinds": KIND_WEIGHTS, "speeches": "1+ln"}, sort_keys=True)


def entry_weight(entry: Entry) -> float:
    """The query-independent part of the rank: how standard the phrase is and how reusable its kind.

    Standard means used in many speeches: the number of distinct source files, not the raw count, which
    one speech repeating its topic word inflates (the count still breaks ties).
    """
    speeches = len({source.file for source in entry.sources}) or 1
    return KIND_WEIGHTS[entry.kind] * (1 + math.log(speeches))


def parse_kind(kind: str | None) -> str | None:
    """A kind given as its English key or its Chinese name (heading or 标题); unknown kinds are refused."""
    if not kind:
        return None
    if kind in KINDS:
        return kind
    by_name = {name: key for key, name in KIND_NAMES.items()}
    if kind in by_name:
        return by_name[kind]
    listed = "、".join(f"{key}（{KIND_NAMES[key]}）" for key in KINDS)
    raise OptionError(f"未知的类别“{kind}”；可用的类别：{listed}", "kind")


def search(folder: str | Path, query: Sequence[str], kind: str | None = None, limit: int = 20,
           notify: Callable[[str], None] | None = None) -> list[Hit]:
    """The best `limit` entries of the phrasebank in `folder` for the query words, optionally of one kind.

    `notify` hears one line when the index has to be (re)built first.
    """
    kind = parse_kind(kind)
    if not 1 <= limit <= MAX_LIMIT:
        raise OptionError(f"条数应在 1 到 {MAX_LIMIT} 之间（收到 {limit}）", "limit")
    text = " ".join(query).strip()
    if any("\ud800" <= char <= "\udfff" for char in text):
        raise OptionError("查询词中有无法识别的字符（编码不对）", "query")
    if not text and not kind:
        raise OptionError("请给出要查的词语，或指定要列出的类别", "query", "kind")
    index = open_index(folder, entry_weight, RANKING, notify)
    try:
        hits = _search_index(index, query, text, kind, limit)
    except sqlite3.DatabaseError:  # a damaged cache is rebuilt, once
        index = open_index(folder, entry_weight, RANKING, notify, rebuild=True)
        try:
            hits = _search_index(index, query, text, kind, limit)
        except sqlite3.DatabaseError as err:
            raise PhrasebankError(f"{index.location}：检索索引无法使用（{err}）") from None
    return hits


def _search_index(index: Index, query: Sequence[str], text: str, kind: str | None, limit: int) -> list[Hit]:
    if not text:
        ids = index.of_kind(kind, limit)
    else:
        ids = _ranked_ids(index, text, split_query(query, index), kind, limit)
    return index.hits(ids) if ids else []


def split_query(query: Sequence[str], index: Index) -> list[list[str]]:
    """The query's runs (spaces and punctuation separate them), each cut into words.

    A run the bank knows as one word stays whole; another (安全底线, 防汛) is cut with the bank's own
    vocabulary (安全 底线; 维 稳), so lookup never needs jieba.
    """
    runs = [run.lower() for part in query for run in WORD_RE.findall(part)]
    pieces = {run[i:j] for run in runs for i in range(len(run)) for j in range(i + 1, min(len(run), i + MAX_WORD) + 1)}
    known = index.known(pieces)
    return [[run] if run in known else segment(run, known.__contains__) for run in runs]


def _ranked_ids(index: Index, text: str, runs: list[list[str]], kind: str | None, limit: int) -> list[int]:
    key = phrase_key(text)
    ids = index.exact(key, kind, limit) if key else []
    for fts_query in _tier_queries(index, runs, kind):
        if len(ids) >= limit:
            break
        ids += index.match(fts_query, limit - len(ids), exclude=ids)
    return ids


def _tier_queries(index: Index, runs: list[list[str]], kind: str | None) -> Iterator[str]:
    """FTS5 queries for tiers 1–4, built lazily (expansions cost look-ups) and without repeats.

    Each query is a list of groups that must all match, a group a list of alternatives (FTS5 phrases or
    parenthesised expressions).
    """
    words = [word for run in runs for word in run]
    if not words:
        return

    @cache
    def on_boundary() -> list[list[str]]:
        return [[_quote(w), *map(_quote, index.compounds(w, EXPANSION_LIMIT))] for w in words]

    def leading() -> list[list[str]]:
        first, *rest = on_boundary()
        return [["^" + alt for alt in first], *rest]

    def inside() -> list[list[str]]:
        """Each run inside some token (安全感 for 安全, 防汛抗旱 for 防汛), or else its words on word boundaries."""
        groups, boundary = [], iter(on_boundary())
        for run in runs:
            cut = [next(boundary) for _ in run]
            whole = cut[0] if len(run) == 1 else [" AND ".join(f"({' OR '.join(group)})" for group in cut)]
            groups.append([*whole, *map(_quote, index.containing("".join(run), EXPANSION_LIMIT))])
        return groups

    consecutive = [[_quote(" ".join(words))]] if len(words) > 1 else None
    previous = None
    for tier in (lambda: consecutive, leading, on_boundary, inside):
        groups = tier()
        if groups is None or groups == previous:
            continue
        previous = groups
        yield _fts_query(groups, kind)


def _fts_query(groups: list[list[str]], kind: str | None) -> str:
    """FTS5 syntax for "every group has one of its (quoted) alternatives in the tokens column" (and the kind)."""
    quoted = (" OR ".join(dict.fromkeys(group)) for group in groups)
    query = "tokens : (" + " AND ".join(f"({alts})" for alts in quoted) + ")"
    return f"{query} AND kind : {_quote(kind)}" if kind else query


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def nothing_found(query: Sequence[str], kind: str | None) -> str:
    """The plain sentence shown when a lookup finds nothing."""
    kind = parse_kind(kind)
    scope = f"“{KIND_NAMES[kind]}”类" if kind else ""
    words = " ".join(query).strip()
    return f"没有找到与“{words}”相关的{scope}表述。" if words else f"表述库中没有{scope}表述。"


def source_label(hit: Hit) -> str:
    """The first source as "file 第N段", with how many there are; a hand-written entry names its own file."""
    if not hit.sources:
        return f"（{hit.origin}）"
    file, paragraph = hit.sources[0]
    more = f" 等{len(hit.sources)}处" if len(hit.sources) > 1 else ""
    return f"{file} 第{paragraph}段{more}"


def hit_cells(hit: Hit) -> list[str]:
    """A result as table cells: phrase (with who is quoted, and a warning on a time-bound 提法), kind in
    Chinese, count, first source."""
    phrase = hit.text + (f"（{hit.speaker}）" if hit.speaker else "") + ("〔时效性提法，使用前核实〕" if "dated" in hit.flags else "")
    return [phrase, KIND_NAMES[hit.kind], str(hit.count), source_label(hit)]
