"""The phrasebank: entries, their files, loading and saving (mined and curated).

The phrasebank is data the writer owns: a folder of UTF-8 JSON Lines files, one kind per file
(`heading.jsonl`, `quote.jsonl`…). JSON Lines because one entry per line diffs and merges cleanly in any
version control, streams for banks of a million entries, and needs no parser beyond the standard
library; nested provenance (several sources) does not fit TSV, and YAML would add a dependency and be
slow at scale. The first line of each file is a header with the schema version.

Files named after a kind are owned by `drafter mine` and regenerated (entries flagged `"curated": true`
in them are carried over, first, in their order). Any other `*.jsonl` file in the folder (e.g.
`我的表述.jsonl`) is the writer's own: mining never touches it, and its entries are loaded beside the
mined ones.

Schema (version 1). Every entry has `text`, `kind`, `count`; the other fields are written only when set.
- text: the phrase as written, punctuation normalised to full width (drafter.text.reading.normalize).
- kind: one of KINDS — salutation 称呼, opening 开场, transition 过渡语, heading 标题, item 分项,
  closing 结尾, signoff 结束语, quote 引语, idiom 四字格, series 排比, frame 句式框架, term 主题词,
  speech 讲话 (one per speech: its title, `role` its occasion, `members` its topic; planning chooses by them).
- count: how often the text occurs in the corpus (identical text merged across speeches).
- sources: [{file, paragraph, offset}] where it occurs (1-based paragraph of the parsed speech; for opening
  and closing sentences the character offset in the paragraph, left out when 0), sorted.
- role: refines the kind — opening: purpose / comment / affirmation / situation; closing: summary /
  rally / call; heading: the numbering family (cn 一、, paren_cn （一）, shi 一是, yao 一要…); item: lead;
  idiom: 成语 / 习用语 / 并列; frame: heading / item / series (what it generalises); term: topic when
  it is one speech's topic.
- level: outline depth of a heading or item (1 = the parts).
- group: the set an entry belongs to: "<file>:1" for a speech's parts, "<file>:一、:2" for the items
  under part 一、 (the numbers of the ancestors, then the level), "<file>:一、:lead" for the unnumbered
  lead sentences (要当好…) of part 一、. A frame carries the group of the set it generalises.
- members: the whole set in order (every heading of the group, so one entry carries its outline set);
  for a series its parallel parts; for a frame the texts it generalises.
- template: the text with slots: {主题} (the speech's topic terms), {名称} {N} {某同志} (redactions),
  {事项} {N} (a transition's matter and count), 【待核实：…】 (years, dates, figures, places to check);
  for a frame its pattern (要把{X}{副词}{动词}在{部位}上). Quotations are never templated.
- slots: the slot names of the template, in order (待核实 when a fact must be checked).
- frame: for a heading or item, the template of the frame of its set (empty when the set has none).
- tokens: jieba words of `text` (discovered terms such as 安全生产 kept whole), so lookup needs no jieba.
- speaker: who is quoted (习近平总书记, 党的二十大报告…).
- flags: dated (a time-bound 提法: 党的二十大, 疫情防控…), verify (holds 【待核实】), redacted.
- curated: true when the writer keeps the entry; a re-mine never drops it.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from itertools import chain, count
from json.encoder import encode_basestring  # the string encoder of json.dumps(ensure_ascii=False)
from operator import attrgetter
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping

from drafter.errors import PhrasebankError, os_reason
from drafter.bank.replace import reading, replacing
from drafter.files import write_atomic

SCHEMA_VERSION = 1
KINDS = (
    "salutation", "opening", "transition", "heading", "item", "closing", "signoff",
    "quote", "idiom", "series", "frame", "term", "speech",
)
KIND_NAMES = {
    "salutation": "称呼", "opening": "开场", "transition": "过渡语", "heading": "标题", "item": "分项",
    "closing": "结尾", "signoff": "结束语", "quote": "引语", "idiom": "四字格", "series": "排比",
    "frame": "句式框架", "term": "主题词", "speech": "讲话",
}


@dataclass(frozen=True, order=True, slots=True)
class Source:
    """Where an entry was found: the speech file's name, the 1-based paragraph in it and, for a sentence, its
    character offset in the paragraph (so planning can put an opening's sentences back in order without
    opening the speech)."""

    file: str
    paragraph: int
    offset: int = 0

    def __reduce__(self) -> tuple:
        """Pickled as its values (mining's runs hold a great many): dataclasses' own pickling of a slotted
        class looks its fields up for every object."""
        return Source, (self.file, self.paragraph, self.offset)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file": self.file, "paragraph": self.paragraph}
        if self.offset:
            data["offset"] = self.offset
        return data


@dataclass(slots=True)
class Entry:
    """One phrase a writer can reuse, with how standard it is (count) and where it comes from.

    `text` is the phrase as written (punctuation normalised to full width); `template` the same with
    slots marked ({主题}, {N}, 【待核实】…) for reuse on a new topic. `role` refines the kind (opening
    roles, closing roles); `group` ties entries that belong together (the headings of one speech's
    outline, the members of a frame); `members` lists a frame's or a series' parallel parts. `extra`
    holds the fields a writer added (note, my_rating…), written back verbatim.
    """

    text: str
    kind: str
    count: int = 1
    sources: list[Source] = field(default_factory=list)
    role: str = ""
    level: int = 0
    template: str = ""
    slots: list[str] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    group: str = ""
    members: list[str] = field(default_factory=list)
    frame: str = ""
    speaker: str = ""
    flags: list[str] = field(default_factory=list)
    curated: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def __reduce__(self) -> tuple:
        """Pickled as its values, in field order (see Source.__reduce__)."""
        return Entry, _values(self)

    def to_json(self) -> str:
        """One line of JSON: empty optional fields left out, keys sorted (stable diffs)."""
        return json_line(self, map(_SOURCE_VALUES, self.sources))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        """An entry from its JSON object; ValueError names the first field of the wrong type."""
        for name, expected in _TYPES.items():
            if name in data and not _is(data[name], expected):
                raise ValueError(name)
        if not data.get("text") or not data.get("kind"):
            raise ValueError("text" if not data.get("text") else "kind")
        if len(data["text"]) > MAX_TEXT:
            raise ValueError(f"text 超过 {MAX_TEXT} 字")
        if not 0 <= data.get("count", 1) <= MAX_COUNT or not 0 <= data.get("level", 0) <= 99:
            raise ValueError("count" if not 0 <= data.get("count", 1) <= MAX_COUNT else "level")
        sources = [_source(s) for s in data.get("sources", [])]
        known = {k: v for k, v in data.items() if k in _FIELDS and k not in ("sources", "curated")}
        extra = {k: v for k, v in data.items() if k not in _FIELDS}
        return cls(**known, sources=sources, curated=data.get("curated") is True, extra=extra)


def json_line(entry: Entry, sources: Iterable[tuple[str, int, int]]) -> str:
    """`entry` as one line of JSON with `sources` ((file, paragraph, offset) each) as its sources: the line
    json.dumps(…, ensure_ascii=False, sort_keys=True) writes of its dict, the sources written around it by
    hand. Mining writes its entries from such tuples: a term of a large archive has tens of thousands of
    sources, and a Source object and a dict for each, made only to be encoded, cost five times the writing."""
    data = {k: v for k in _FIELDS if k != "sources" and ((v := getattr(entry, k)) not in ("", [], 0, False) or k in _REQUIRED)}
    data = {**entry.extra, **data}
    before = json.dumps({k: v for k, v in data.items() if k < "sources"}, ensure_ascii=False, sort_keys=True)
    after = json.dumps({k: v for k, v in data.items() if k > "sources"}, ensure_ascii=False, sort_keys=True)
    return f'{before[:-1]}{", " if len(before) > 2 else ""}"sources": {_sources_json(sources)}{", " if len(after) > 2 else ""}{after[1:]}'


def _sources_json(sources: Iterable[tuple[str, int, int]]) -> str:
    """The sources as json.dumps writes their dicts (keys sorted, offset left out when 0)."""
    return "[" + ", ".join([
        f'{{"file": {encode_basestring(file)}, "offset": {offset}, "paragraph": {paragraph}}}' if offset
        else f'{{"file": {encode_basestring(file)}, "paragraph": {paragraph}}}'
        for file, paragraph, offset in sources
    ]) + "]"


def _source(data: Any) -> Source:
    if not isinstance(data, dict) or not isinstance(data.get("file"), str) or not _is(data.get("paragraph"), int):
        raise ValueError("sources")
    offset = data.get("offset", 0)
    if not _is(offset, int) or not 0 <= data["paragraph"] <= MAX_COUNT or not 0 <= offset <= MAX_COUNT:
        raise ValueError("sources")
    return Source(data["file"], data["paragraph"], offset)


def _is(value: Any, expected: type | tuple[type, type]) -> bool:
    """JSON type check: `bool` is not an int here, and a list must hold strings only."""
    if isinstance(expected, tuple):
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, expected) and (expected is not int or not isinstance(value, bool))


_FIELDS = tuple(f.name for f in fields(Entry) if f.name != "extra")
_values = attrgetter(*(f.name for f in fields(Entry)))
_SOURCE_VALUES = attrgetter("file", "paragraph", "offset")
_REQUIRED = ("text", "kind", "count")
_TYPES: dict[str, Any] = {
    "text": str, "kind": str, "count": int, "sources": list, "role": str, "level": int, "template": str,
    "slots": (list, str), "tokens": (list, str), "group": str, "members": (list, str), "frame": str,
    "speaker": str, "flags": (list, str),
}
MAX_TEXT = 5_000  # characters of one entry: a mined entry is a sentence at most, a long quotation a paragraph
MAX_COUNT = 10**12  # more occurrences than any archive can hold: a larger number is a damaged file
MAX_LINE = 4_000_000  # characters of one line: an idiom of a vast archive with all its sources fits


def kind_file(folder: Path, kind: str) -> Path:
    return folder / f"{kind}.jsonl"


def _header(kind: str) -> str:
    return json.dumps({"schema": SCHEMA_VERSION, "kind": kind, "generator": "drafter mine"}, ensure_ascii=False)


def save_kind(folder: Path, kind: str, entries: Iterable[Entry]) -> Path:
    """Write one kind's file atomically."""
    return _save_lines(folder, kind, (entry.to_json() for entry in entries))


def _save_lines(folder: Path, kind: str, lines: Iterable[str]) -> Path:
    """Write one kind's file atomically from its entries' JSON lines, streamed: a kind file can be far
    larger than memory."""
    return write_atomic(kind_file(folder, kind), (f"{line}\n" for line in chain([_header(kind)], lines)))


def read_file(path: Path) -> Iterator[Entry]:
    """Entries of one phrasebank file; a bad line is one PhrasebankError naming the file and line.

    Lines are read with a length cap (a damaged or hostile file cannot take minutes and gigabytes), a
    leading BOM is accepted, and an entry repeated verbatim is read once.
    """
    try:
        handle = path.open("rb")
    except OSError as err:
        raise PhrasebankError(f"{path}：无法读取（{os_reason(err)}）") from None
    seen: set[str] = set()
    with handle:
        for number, line in enumerate(_lines(handle, path), 1):
            key = line.strip()
            if not key or key in seen:
                continue
            seen.add(key)
            entry = _entry(path, number, line)
            if entry is not None:
                yield entry


def _lines(handle: IO[bytes], path: Path) -> Iterator[str]:
    for number in count(1):
        try:
            raw = handle.readline(MAX_LINE * 4 + 1)
        except OSError as err:
            raise PhrasebankError(f"{path}：无法读取（{os_reason(err)}）") from None
        if not raw:
            return
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise PhrasebankError(f"{path}：第 {number} 行不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8") from None
        if len(line) > MAX_LINE or (len(raw) > MAX_LINE * 4 and not raw.endswith(b"\n")):
            raise PhrasebankError(f"{path}：第 {number} 行超过 {MAX_LINE} 字，文件可能已损坏")
        yield line


def _entry(path: Path, number: int, line: str) -> Entry | None:
    """The entry on one line, None for the header; anything else is refused with the line's number."""
    where = f"{path}：第 {number} 行"
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        raise PhrasebankError(f"{where}不是有效的 JSON") from None
    if not isinstance(data, dict):
        raise PhrasebankError(f"{where}不是 JSON 对象（{{…}}），每行应为一条表述")
    if "schema" in data and "text" not in data:
        version = data["schema"]
        if not _is(version, int) or version < 1:
            raise PhrasebankError(f"{where}：表述库格式版本“{str(version)[:20]}”无法识别")
        if version > SCHEMA_VERSION:
            raise PhrasebankError(f"{path}：表述库格式版本 {version} 高于本程序支持的 {SCHEMA_VERSION}，请升级 drafter")
        return None
    try:
        entry = Entry.from_dict(data)
    except ValueError as err:
        raise PhrasebankError(f"{where}缺少必需字段（text、kind）或字段类型不对（{err}）") from None
    if entry.kind not in KINDS:
        raise PhrasebankError(f"{where}的类别“{entry.kind[:20]}”未知（可用：{'、'.join(KINDS)}）")
    return entry


def phrasebank_files(folder: str | Path) -> list[Path]:
    """The .jsonl files of a phrasebank folder: mined kind files first, then the writer's own, sorted."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PhrasebankError(f"{folder}：表述库文件夹不存在（可先运行 drafter mine 生成）")
    files = sorted(folder.glob("*.jsonl"))
    mined = [f for f in files if f.stem in KINDS]
    return mined + [f for f in files if f.stem not in KINDS]


def load(folder: str | Path, kinds: Iterable[str] | None = None) -> list[Entry]:
    """All entries of a phrasebank folder (mined and curated), optionally only some kinds; read under the
    bank's readers' lock, so never half of a replace. A bank whose files have not changed since the last
    load in this process is not read again (the web page plans an outline per keystroke); callers must
    not change the entries."""
    folder = Path(folder)
    files = phrasebank_files(folder)
    with reading(folder):
        stamp = tuple((path.name, *_identity(path)) for path in files)
        return list(_load(folder, tuple(sorted(kinds)) if kinds else (), stamp))


def _identity(path: Path) -> tuple[int, int, int]:
    status = path.stat()
    return status.st_ino, status.st_size, status.st_mtime_ns


@lru_cache(maxsize=4)
def _load(folder: Path, kinds: tuple[str, ...], stamp: tuple) -> tuple[Entry, ...]:
    wanted = set(kinds)
    entries: list[Entry] = []
    for name, *_ in stamp:
        path = folder / name
        if wanted and path.stem in KINDS and path.stem not in wanted:
            continue
        entries += [e for e in read_file(path) if not wanted or e.kind in wanted]
    return tuple(entries)


def curated_entries(folder: Path, kind: str) -> list[Entry]:
    """The entries flagged curated in a kind's file (none when the file does not exist yet)."""
    path = kind_file(folder, kind)
    return [e for e in read_file(path) if e.curated] if path.is_file() else []


MinedLine = tuple[str, str]
"""A mined entry as the writer streams it: its text and its JSON line (Entry.to_json)."""


def save_mined(folder: str | Path, mined: Mapping[str, Iterable[MinedLine]]) -> list[Path]:
    """Replace every kind's file, all as one (drafter.bank.replace): the writer's curated entries first
    (kept as they are, with their own fields), then the mined entries (in the order given, streamed) whose
    text no curated entry of that file already holds. Other files are never touched."""
    folder = Path(folder)
    with replacing(folder) as staged:
        for kind in KINDS:
            kept = curated_entries(folder, kind)
            taken = {entry.text for entry in kept}
            lines = chain([_header(kind)], (e.to_json() for e in kept),
                          (line for text, line in mined.get(kind, ()) if text not in taken))
            with staged.open(kind_file(folder, kind).name) as handle:
                handle.writelines(f"{line}\n" for line in lines)
    return [kind_file(folder, kind) for kind in KINDS]
