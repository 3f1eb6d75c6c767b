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
  closing 结尾, signoff 结束语, quote 引语, idiom 四字格, series 排比, frame 句式框架, term 主题词.
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

import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from itertools import chain
from typing import Any, Iterable, Iterator, Mapping

from drafter.errors import PhrasebankError
from drafter.files import write_atomic

SCHEMA_VERSION = 1
KINDS = (
    "salutation", "opening", "transition", "heading", "item", "closing", "signoff",
    "quote", "idiom", "series", "frame", "term",
)
KIND_NAMES = {
    "salutation": "称呼", "opening": "开场", "transition": "过渡语", "heading": "标题", "item": "分项",
    "closing": "结尾", "signoff": "结束语", "quote": "引语", "idiom": "四字格", "series": "排比",
    "frame": "句式框架", "term": "主题词",
}


@dataclass(frozen=True, order=True)
class Source:
    """Where an entry was found: the speech file's name, the 1-based paragraph in it and, for a sentence, its
    character offset in the paragraph (so planning can put an opening's sentences back in order without
    opening the speech)."""

    file: str
    paragraph: int
    offset: int = 0

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
    outline, the members of a frame); `members` lists a frame's or a series' parallel parts.
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

    def to_json(self) -> str:
        """One line of JSON: empty optional fields left out, keys sorted (stable diffs)."""
        data = {k: v for k in _FIELDS if (v := getattr(self, k)) not in ("", [], 0, False) or k in _REQUIRED}
        data["sources"] = [s.to_dict() for s in self.sources]
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        sources = [Source(s["file"], int(s["paragraph"]), int(s.get("offset", 0))) for s in data.get("sources", [])]
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "sources"}
        return cls(**known, sources=sources)


_FIELDS = tuple(f.name for f in fields(Entry))
_REQUIRED = ("text", "kind", "count")


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
    """Entries of one phrasebank file; a bad line is reported with its file and line number."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as err:
        raise PhrasebankError(f"{path}：无法读取（{err.strerror or err}）") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise PhrasebankError(f"{path}：第 {number} 行不是有效的 JSON") from None
            if "schema" in data and "text" not in data:
                if data["schema"] > SCHEMA_VERSION:
                    raise PhrasebankError(f"{path}：表述库格式版本 {data['schema']} 高于本程序支持的 {SCHEMA_VERSION}，请升级 drafter")
                continue
            try:
                entry = Entry.from_dict(data)
            except (KeyError, TypeError, ValueError):
                raise PhrasebankError(f"{path}：第 {number} 行缺少必需字段（text、kind）或字段类型不对") from None
            if entry.kind not in KINDS:
                raise PhrasebankError(f"{path}：第 {number} 行的类别“{entry.kind}”未知（可用：{'、'.join(KINDS)}）")
            yield entry


def phrasebank_files(folder: str | Path) -> list[Path]:
    """The .jsonl files of a phrasebank folder: mined kind files first, then the writer's own, sorted."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PhrasebankError(f"{folder}：表述库文件夹不存在（可先运行 drafter mine 生成）")
    files = sorted(folder.glob("*.jsonl"))
    mined = [f for f in files if f.stem in KINDS]
    return mined + [f for f in files if f.stem not in KINDS]


def load(folder: str | Path, kinds: Iterable[str] | None = None) -> list[Entry]:
    """All entries of a phrasebank folder (mined and curated), optionally only some kinds."""
    wanted = set(kinds) if kinds else None
    entries: list[Entry] = []
    for path in phrasebank_files(folder):
        if wanted is not None and path.stem in KINDS and path.stem not in wanted:
            continue
        entries += [e for e in read_file(path) if wanted is None or e.kind in wanted]
    return entries


def curated_entries(folder: Path, kind: str) -> list[Entry]:
    """The entries flagged curated in a kind's file (none when the file does not exist yet)."""
    path = kind_file(folder, kind)
    return [e for e in read_file(path) if e.curated] if path.is_file() else []


MinedLine = tuple[str, str]
"""A mined entry as the writer streams it: its text and its JSON line (Entry.to_json)."""


def save_mined(folder: str | Path, mined: Mapping[str, Iterable[MinedLine]]) -> list[Path]:
    """Write every kind's file: the writer's curated entries first (kept as they are), then the mined
    entries (in the order given) whose text no curated entry of that file already holds. Other files
    are never touched."""
    folder = Path(folder)
    kept = {kind: curated_entries(folder, kind) for kind in KINDS}
    paths = []
    for kind in KINDS:
        taken = {entry.text for entry in kept[kind]}
        lines = chain((e.to_json() for e in kept[kind]), (line for text, line in mined.get(kind, ()) if text not in taken))
        paths.append(_save_lines(folder, kind, lines))
    return paths
