"""The lookup index: a SQLite FTS5 database derived from the phrasebank files, a cache and never the source.

Why FTS5 over the stored jieba tokens: a phrasebank of a million entries cannot be parsed from JSON Lines
on every `drafter phrase`, and trigram indexes cannot find two-character words (安全, 落实). Indexing the
tokens mined with each entry (space-joined, so FTS5's unicode61 tokenizer sees exactly those words) gives
whole-word and phrase matching without loading jieba at lookup time.

Entries are stored in rank order (rowid 1 is the entry with the highest static weight), so every search is
"FTS match, in rowid order, first N": SQLite stops after N rows instead of sorting every match. The FTS
table is contentless (the word index only) and exact hits go through a CRC of the phrase, so the index of
a million entries (about 215 MB) stays smaller than the bank's own files (about 300 MB).

Where the index lives: beside a writer's phrasebank as `.phrase-index.sqlite` (it travels and is deleted
with the bank, and the writer can see it). The bundled bank is program data: its index goes to the user
cache directory (named by a hash of the bank's path), so neither site-packages nor a checkout (whose
phrasebank/ folder is copied into wheels whole) ever holds one; so does a writer's bank in a read-only
folder. If the cache cannot be written either, the index is built in memory for this one run.

It is rebuilt whenever the name, size, modification time or inode of any phrasebank file differs from what
was recorded at build time, and written through a temporary file and an atomic rename, so a reader never
sees half an index.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from drafter.errors import PhrasebankError
from drafter.bank.replace import reading
from drafter.bank.store import KINDS, Entry, phrasebank_files, read_file
from drafter.resources import bundled

INDEX_NAME = ".phrase-index.sqlite"
# Longest word the segmenter tries; merged topic terms (安全生产工作) stay well below this.
MAX_WORD = 12
WORD_RE = re.compile(r"[^\W_]+")
NEGATIONS = frozenset("不没无非未莫勿别否")

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE entries(id INTEGER PRIMARY KEY, kind TEXT, text TEXT, keyhash INTEGER, count INTEGER,
                     sources TEXT, origin TEXT, speaker TEXT, flags TEXT);
CREATE VIRTUAL TABLE fts USING fts5(tokens, kind, content='', columnsize=0);
CREATE TABLE vocab(token TEXT PRIMARY KEY, docs INTEGER) WITHOUT ROWID;
CREATE TABLE compound(part TEXT, token TEXT, docs INTEGER, PRIMARY KEY(part, token)) WITHOUT ROWID;
"""
INDEXES = """
CREATE INDEX entries_key ON entries(keyhash, id);
CREATE INDEX entries_kind ON entries(kind, id);
"""


@dataclass(frozen=True)
class Hit:
    """One entry as lookup shows it; `origin` is the phrasebank file it was read from."""

    text: str
    kind: str
    count: int
    sources: list[tuple[str, int]]
    origin: str = ""
    speaker: str = ""
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The JSON of a hit (CLI and HTTP contract): {text, kind, count, sources: [{file, paragraph}]}."""
        data = {
            "text": self.text, "kind": self.kind, "count": self.count,
            "sources": [{"file": f, "paragraph": p} for f, p in self.sources],
        }
        if self.speaker:
            data["speaker"] = self.speaker
        if self.flags:
            data["flags"] = list(self.flags)
        return data


def phrase_key(text: str) -> str:
    """What "the same phrase" means for exact hits: letters and digits only, lower case."""
    return "".join(WORD_RE.findall(text)).lower()


def key_hash(key: str) -> int:
    """A small stable number for a phrase key: the index stores this, not a second copy of every text."""
    return zlib.crc32(key.encode("utf-8"))


def segment(text: str, known: Callable[[str], bool]) -> list[str]:
    """Cut `text` into the bank's own words without jieba (for unspaced queries and token-less entries).

    Each run of letters is cut by dynamic programming into known words, preferring the fewest unknown
    characters, then the fewest words; consecutive unknown characters stay together as one word.
    """
    words: list[str] = []
    for run in WORD_RE.findall(text):
        words += _segment_run(run, known)
    return words


def _segment_run(run: str, known: Callable[[str], bool]) -> list[str]:
    n = len(run)
    # best[end] = (unknown characters, words, start of the last piece, last piece known) for run[:end]
    best: list[tuple[int, int, int, bool]] = [(0, 0, 0, True)] + [(n + 1, n + 1, 0, False)] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_WORD), end):
            is_known = known(run[start:end])
            if not is_known and end - start > 1:
                continue
            unknown, count = best[start][:2]
            candidate = (unknown + (0 if is_known else 1), count + 1, start, is_known)
            if candidate[:2] < best[end][:2]:
                best[end] = candidate
    pieces: list[tuple[str, bool]] = []
    end = n
    while end:
        start, is_known = best[end][2:]
        pieces.append((run[start:end], is_known))
        end = start
    words: list[str] = []
    previous_unknown = False
    for piece, is_known in reversed(pieces):
        if not is_known and previous_unknown:
            words[-1] += piece
        else:
            words.append(piece)
        previous_unknown = not is_known
    return words


def compound_parts(token: str, known: Callable[[str], bool]) -> Iterator[str]:
    """Known words (two characters or more) inside `token` on a word boundary.

    What remains after the word may be empty or a word of two characters or more: 安全感 and 安全性 are new
    words, not 安全. What comes before may also be one character, for that is usually a verb or modifier
    taking the word (抓落实, 保平安, 新成效), except a negation, which reverses it (不安全, 无秩序).
    """
    n = len(token)
    for start in range(n - 1):
        left = token[:start]
        if len(left) == 1 and left in NEGATIONS:
            continue
        for end in range(start + 2, n + 1):
            if (start, end) == (0, n) or n - end == 1:
                continue
            piece = token[start:end]
            if known(piece):
                yield piece


def fingerprint(files: list[Path], ranking: str) -> str:
    """What the index was built from: each file's name, size, mtime and inode, the ranking and the layout.

    Stat data rather than content hashes: hashing a million-entry bank on every lookup would cost more than
    the lookup. `write_atomic` replaces files, so a rewrite always changes the inode even within one mtime tick.
    """
    stats = []
    for path in files:
        st = path.stat()
        stats.append([path.name, st.st_size, st.st_mtime_ns, st.st_ino])
    layout = zlib.crc32((SCHEMA + INDEXES).encode("utf-8"))
    return json.dumps({"layout": layout, "ranking": ranking, "files": stats}, ensure_ascii=False)


def cache_dir() -> Path:
    """The user cache directory for drafter (XDG on Unix, LOCALAPPDATA on Windows)."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "drafter" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "drafter"


def index_locations(folder: Path) -> Iterator[Path]:
    """Where the index may live, in order of preference (see the module docstring); lazily, as hashing costs."""
    folder = folder.resolve()
    if folder != bundled("phrasebank").resolve():
        yield folder / INDEX_NAME
    import hashlib

    digest = hashlib.sha256(str(folder).encode("utf-8")).hexdigest()[:16]
    yield cache_dir() / f"phrase-index-{digest}.sqlite"


class Index:
    """An open index: the search primitives lookup composes into a ranking."""

    def __init__(self, conn: sqlite3.Connection, location: str) -> None:
        self.conn = conn
        self.location = location

    def known(self, words: Iterable[str]) -> set[str]:
        """Those of `words` that are tokens of some entry."""
        words = list(set(words))
        found: set[str] = set()
        for start in range(0, len(words), 500):
            chunk = words[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(t for (t,) in self.conn.execute(f"SELECT token FROM vocab WHERE token IN ({marks})", chunk))
        return found

    def compounds(self, word: str, limit: int) -> list[str]:
        """Tokens that contain `word` on a word boundary (狠抓落实 for 落实), most widespread first."""
        sql = "SELECT token FROM compound WHERE part = ? ORDER BY docs DESC, token LIMIT ?"
        return [t for (t,) in self.conn.execute(sql, (word, limit))]

    def containing(self, word: str, limit: int) -> list[str]:
        """Tokens that contain `word` anywhere (安全感 for 安全), most widespread first; scans the vocabulary."""
        sql = "SELECT token FROM vocab WHERE instr(token, ?) > 0 ORDER BY docs DESC, token LIMIT ?"
        return [t for (t,) in self.conn.execute(sql, (word, limit))]

    def match(self, query: str, limit: int, exclude: Iterable[int] = ()) -> list[int]:
        """Ids of entries matching an FTS5 query, best static rank first."""
        exclude = list(exclude)
        marks = ",".join("?" * len(exclude))
        sql = f"SELECT rowid FROM fts WHERE fts MATCH ? AND rowid NOT IN ({marks}) ORDER BY rowid LIMIT ?"
        return [i for (i,) in self.conn.execute(sql, (query, *exclude, limit))]

    def exact(self, key: str, kind: str | None, limit: int) -> list[int]:
        """Ids of entries whose text is exactly the phrase (see `phrase_key`)."""
        sql = "SELECT id, text FROM entries WHERE keyhash = ? AND (? IS NULL OR kind = ?) ORDER BY id"
        rows = self.conn.execute(sql, (key_hash(key), kind, kind))
        return [i for i, text in rows if phrase_key(text) == key][:limit]

    def of_kind(self, kind: str, limit: int) -> list[int]:
        """Ids of one kind's entries, best static rank first."""
        sql = "SELECT id FROM entries WHERE kind = ? ORDER BY id LIMIT ?"
        return [i for (i,) in self.conn.execute(sql, (kind, limit))]

    def hits(self, ids: list[int]) -> list[Hit]:
        """The entries with these ids, in the order given."""
        marks = ",".join("?" * len(ids))
        sql = f"SELECT id, text, kind, count, sources, origin, speaker, flags FROM entries WHERE id IN ({marks})"
        found = {row[0]: row[1:] for row in self.conn.execute(sql, ids)}
        try:
            return [Hit(text, kind, count, [tuple(s) for s in json.loads(sources)], origin, speaker, tuple(json.loads(flags)))
                    for text, kind, count, sources, origin, speaker, flags in (found[i] for i in ids)]
        except (KeyError, ValueError, TypeError):  # rows gone or garbled in an index that looks current
            raise sqlite3.DatabaseError("索引内容与记录不符") from None


def open_index(folder: str | Path, weight: Callable[[Entry], float], ranking: str,
               notify: Callable[[str], None] | None = None, rebuild: bool = False) -> Index:
    """The up-to-date index of a phrasebank folder, rebuilt first if any file changed since it was built.

    `weight` is the static part of the ranking (higher first); `ranking` names it, so that a change of
    weights also invalidates old indexes. `notify` hears one line before a (possibly long) rebuild;
    `rebuild` forces one (after an index turned out damaged).
    """
    folder = Path(folder)
    phrasebank_files(folder)  # refuses a missing folder before any lock file is made
    with reading(folder):
        return _current_index(folder, weight, ranking, notify, rebuild)


def _current_index(folder: Path, weight: Callable[[Entry], float], ranking: str,
                   notify: Callable[[str], None] | None, rebuild: bool) -> Index:
    files = phrasebank_files(folder)
    if not files:
        raise PhrasebankError(f"{folder}：表述库中没有 .jsonl 文件（可先运行 drafter mine 生成）")
    stamp = fingerprint(files, ranking)
    locations = []
    for path in index_locations(folder):
        conn = None if rebuild else _open_current(path, stamp)
        if conn is not None:
            return Index(conn, str(path))
        locations.append(path)
    if notify:
        notify(f"正在为表述库 {folder} 建立检索索引（表述库文件有变化时自动重建）…")
    for path in locations:
        try:
            _build_file(path, files, weight, stamp)
        except (OSError, sqlite3.Error):
            continue
        conn = _open_current(path, stamp)
        if conn is not None:
            return Index(conn, str(path))
    conn = sqlite3.connect(":memory:")
    try:
        build(conn, files, weight, stamp)
    except sqlite3.Error as err:
        raise PhrasebankError(f"{folder}：无法建立检索索引（SQLite：{err}；本程序需要带 FTS5 的 SQLite）") from None
    return Index(conn, ":memory:")


def _open_current(path: Path, stamp: str) -> sqlite3.Connection | None:
    """A read-only connection to the index at `path` if it exists and was built from these very files."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        row = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    except sqlite3.Error:
        return None
    if row and row[0] == stamp:
        return conn
    conn.close()
    return None


def _build_file(path: Path, files: list[Path], weight: Callable[[Entry], float], stamp: str) -> None:
    """Build the index into a temporary file beside `path`, then rename it into place."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        try:
            build(conn, files, weight, stamp)
        finally:
            conn.close()
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def build(conn: sqlite3.Connection, files: list[Path], weight: Callable[[Entry], float], stamp: str) -> None:
    """Fill an empty database with the index of `files`: entries in rank order, FTS, vocabulary, compounds."""
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.executescript(SCHEMA)
    conn.execute("CREATE TEMP TABLE staged(kind TEXT, text TEXT, keyhash INTEGER, count INTEGER, weight REAL, "
                 "sources TEXT, tokens TEXT, origin TEXT, speaker TEXT, flags TEXT, seq INTEGER PRIMARY KEY)")
    vocab: set[str] = set()
    conn.executemany("INSERT INTO staged VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)", _staged_rows(files, weight, vocab))
    _segment_untokenised(conn, vocab)
    conn.execute("CREATE TEMP TABLE ranked AS SELECT seq FROM staged "
                 "ORDER BY weight DESC, count DESC, length(text), text, kind, seq")
    conn.execute("INSERT INTO entries(id, kind, text, keyhash, count, sources, origin, speaker, flags) "
                 "SELECT r.rowid, s.kind, s.text, s.keyhash, s.count, s.sources, s.origin, s.speaker, s.flags "
                 "FROM ranked r JOIN staged s USING (seq) ORDER BY r.rowid")
    conn.execute("INSERT INTO fts(rowid, tokens, kind) SELECT r.rowid, s.tokens, s.kind "
                 "FROM ranked r JOIN staged s USING (seq) ORDER BY r.rowid")
    conn.execute("DROP TABLE ranked")
    conn.execute("DROP TABLE staged")
    conn.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, fts, 'col')")
    conn.execute("INSERT INTO vocab SELECT term, doc FROM temp.terms WHERE col = 'tokens'")
    _fill_compounds(conn)
    conn.executescript(INDEXES)
    conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (stamp,))
    conn.commit()


def _staged_rows(files: list[Path], weight: Callable[[Entry], float], vocab: set[str]) -> Iterator[tuple]:
    for path in files:
        own = path.stem not in KINDS
        for entry in read_file(path):
            entry.curated = entry.curated or own
            vocab.update(entry.tokens)
            sources = json.dumps([[s.file, s.paragraph] for s in entry.sources], ensure_ascii=False)
            tokens = " ".join(t for t in entry.tokens if t.strip()) if entry.tokens else None
            key = key_hash(phrase_key(entry.text))
            yield (entry.kind, entry.text, key, entry.count, weight(entry), sources, tokens, path.name, entry.speaker,
                   json.dumps(entry.flags, ensure_ascii=False))


def _segment_untokenised(conn: sqlite3.Connection, vocab: set[str]) -> None:
    """Entries written by hand (curated files) may lack tokens: cut them with the bank's own vocabulary."""
    missing = conn.execute("SELECT seq, text FROM staged WHERE tokens IS NULL").fetchall()
    conn.executemany("UPDATE staged SET tokens = ? WHERE seq = ?",
                     [(" ".join(segment(text, vocab.__contains__)), seq) for seq, text in missing])


def _fill_compounds(conn: sqlite3.Connection) -> None:
    docs = dict(conn.execute("SELECT token, docs FROM vocab"))
    rows = {(part, token, count) for token, count in docs.items() for part in compound_parts(token, docs.__contains__)}
    conn.executemany("INSERT INTO compound VALUES (?, ?, ?)", sorted(rows))
