"""The phrasebank: entries, their files, loading and saving.

The phrasebank is data the writer owns: a folder of UTF-8 JSON Lines files, one kind per file
(`heading.jsonl`, `quote.jsonl`…). JSON Lines because one entry per line diffs and merges cleanly in any
version control, streams for banks of a million entries, and needs no parser beyond the standard
library; nested provenance (several sources) does not fit TSV, and YAML would add a dependency and be
slow at scale. The first line of each file is a header with the schema version.

Files named after a kind are owned by `drafter mine` and regenerated (entries flagged `"curated": true`
in them are carried over). Any other `*.jsonl` file in the folder (e.g. `我的表述.jsonl`) is the writer's
own: mining never touches it, and its entries are loaded beside the mined ones.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from drafter.errors import PhrasebankError
from drafter.files import write_atomic

SCHEMA_VERSION = 1
KINDS = (
    "salutation", "opening", "transition", "heading", "item", "closing", "signoff",
    "quote", "idiom", "series", "frame",
)
KIND_NAMES = {
    "salutation": "称呼", "opening": "开场", "transition": "过渡语", "heading": "标题", "item": "分项",
    "closing": "结尾", "signoff": "结束语", "quote": "引语", "idiom": "四字格", "series": "排比",
    "frame": "句式框架",
}


@dataclass(frozen=True, order=True)
class Source:
    """Where an entry was found: the speech file's name and the 1-based paragraph in it."""

    file: str
    paragraph: int


@dataclass
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
    speaker: str = ""
    flags: list[str] = field(default_factory=list)
    curated: bool = False

    def to_json(self) -> str:
        data = {k: v for k, v in asdict(self).items() if v not in ("", [], 0, False) or k in ("text", "kind", "count")}
        data["sources"] = [{"file": s.file, "paragraph": s.paragraph} for s in self.sources]
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        sources = [Source(s["file"], int(s["paragraph"])) for s in data.get("sources", [])]
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "sources"}
        return cls(**known, sources=sources)


def kind_file(folder: Path, kind: str) -> Path:
    return folder / f"{kind}.jsonl"


def dumps(kind: str, entries: Iterable[Entry]) -> str:
    """The text of one kind's file: header line, then one entry a line."""
    header = json.dumps({"schema": SCHEMA_VERSION, "kind": kind, "generator": "drafter mine"}, ensure_ascii=False)
    return "\n".join([header, *(entry.to_json() for entry in entries)]) + "\n"


def save_kind(folder: Path, kind: str, entries: Iterable[Entry]) -> Path:
    """Write one kind's file atomically."""
    return write_atomic(kind_file(folder, kind), dumps(kind, entries))


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
