"""The built-in topic sets (drafter/planning/topics/*.jsonl) are data a writer reads and extends: each file
is checked here the way a demanding writer would check it — parallel headings in 认识—任务—落实 order,
short item sets of one stage, no figures, dates or dated 提法, and names that pick exactly one file."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from os.path import commonprefix
from pathlib import Path

import pytest

from drafter import vocab
from drafter.bank.store import read_file
from drafter.planning.form import is_task, parallel, stage_of
from drafter.planning.retopic import noun_phrase

FOLDER = Path(__file__).resolve().parent.parent / "drafter" / "planning" / "topics"
FILES = sorted(FOLDER.glob("*.jsonl"))
SLOT = "{主题}"
MAX_ITEM = 16
_DATE_RE = re.compile(r"[0-9０-９]|[一二三四五六七八九十〇零]+年|[一二三四五六七八九十]+月份?|[上下]半年")
_BANNED_RE = re.compile("平安建设|综治|维稳")


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def suits(text: str, topic: str) -> bool:
    """As the planner judges it: a phrase only some fields use (守住…安全底线) is used in those only."""
    for line in vocab.words("domain_phrases"):
        phrase, _, fields = line.partition("=")
        if phrase in text and not re.search(fields, topic):
            return False
    return True


def framed(texts: list[str]) -> bool:
    """Parallel as `form.parallel` has it, with a frame as the outline rubric asks (tests/test_outline_rubric):
    a shared prefix or suffix of 2+ characters in some clause, lead clauses of exactly one length, or every
    clause of one length (清醒认识汛期形势 / 牢固树立底线意识 are not framed, only alike)."""
    columns = list(zip(*[t.split("，") for t in texts]))
    affix = any(len(commonprefix(list(c))) >= 2 or len(commonprefix([x[::-1] for x in c])) >= 2 for c in columns)
    leads = len(columns) > 1 and all(len(set(map(len, c))) == 1 for c in columns[:-1])
    return parallel(texts) and (affix or leads or all(len(set(map(len, c))) == 1 for c in columns))


def problems(name: str, lines: list[str]) -> list[str]:
    """Everything wrong with one topic file's lines (empty: the file is fine)."""
    found: list[str] = []
    try:
        data = [json.loads(line) for line in lines]
    except json.JSONDecodeError as err:
        return [f"不是 JSON：{err}"]
    for line, obj in zip(lines, data):
        if line != json.dumps(obj, ensure_ascii=False, sort_keys=True):
            found.append(f"键未排序或转义了汉字：{line[:40]}")
    if data[0] != {"generator": f"curated: drafter 内置题材表述（{name}）", "kind": "house", "schema": 1}:
        found.append("第一行不是文件头")
    about, entries = data[1], data[2:]
    label = f"内置题材：{name}"
    if about.get("kind") != "speech" or about.get("text") != label or (about.get("members") or [""])[0] != name:
        found.append("第二行不是本文件的题材说明")
    members = about.get("members", [])
    if [s.get("paragraph") for e in data[1:] for s in e["sources"]] != list(range(1, len(data))):
        found.append("sources 的段号不是逐条递增")
    if any(s.get("file") != label for e in data[1:] for s in e["sources"]):
        found.append("sources 的文件名不是本文件")
    groups: dict[str, list[dict]] = defaultdict(list)
    for entry in entries:
        text = entry["text"]
        if entry["kind"] not in ("heading", "item", "closing") or not entry.get("curated"):
            found.append(f"条目种类不对：{text}")
        if entry["kind"] in ("heading", "item"):
            groups[entry["group"]].append(entry)
        if SLOT in text and entry["kind"] == "item" or re.search(r"\{(?!主题\})", text):
            found.append(f"不该有的占位符：{text}")
        if _DATE_RE.search(text) or vocab.pattern("dated").search(text) or _BANNED_RE.search(text):
            found.append(f"数字、日期或有时效的提法：{text}")
        if entry["kind"] == "closing" and not (entry.get("role") == "call" and text.startswith("同志们，")):
            found.append(f"结尾不是号召：{text}")
        found += [f"“{text}”不适合“{m}”" for m in members if not suits(text.replace(SLOT, m), m)]
        # a field's name before 的 (教育的使命感) would be read as 教育工作的…: write {主题}工作的 or reword
        found += [f"“{text}”里的“{m}”会被改成“{m}工作”" for m in members
                  if noun_phrase(filled := text.replace(SLOT, m), m) != filled]
    for group, members_of in groups.items():
        found += _set_problems(name, group, members_of, members)
    if sum(1 for g in groups if g.startswith(f"{name}:1:")) < 3:
        found.append("一级标题少于三组")
    if sum(1 for g in groups if g.startswith(f"{name}:2:")) < 6:
        found.append("二级分项少于六组")
    return found


def _set_problems(name: str, group: str, entries: list[dict], topics: list[str]) -> list[str]:
    texts = [e["text"] for e in entries]
    kinds = {(e["kind"], e["level"], e["role"]) for e in entries}
    if any(e["members"] != texts for e in entries):
        return [f"{group}：members 与各条不一致"]
    if group.startswith(f"{name}:1:"):
        if kinds != {("heading", 1, "cn")} or len(texts) != 5:
            return [f"{group}：不是五个一级标题"]
        found = []
        for topic in topics:
            # filled in, a long name counted as four characters, as the planner compares clauses
            filled = [t.replace(SLOT, topic).replace(topic, topic[:4]) for t in texts]
            stages = [stage_of(t) for t in filled]
            if stages[0] != 0 or stages[-1] != 2 or set(stages[1:-1]) != {1}:
                found.append(f"{group}（{topic}）：不是认识—任务—落实的顺序 {stages}")
            for chosen in (filled, filled[:2] + filled[-1:], filled[:3] + filled[-1:]):
                if not framed(chosen):
                    found.append(f"{group}（{topic}）：不并列 {chosen}")
        return found
    if not group.startswith(f"{name}:2:") or kinds != {("item", 2, "shi")} or not 3 <= len(texts) <= 4:
        return [f"{group}：不是三到四个二级分项"]
    found = [f"{group}：分项太长或带“要” {t}" for t in texts if len(t) > MAX_ITEM or t.startswith("要") or "，" in t]
    found += [f"{group}：分项读来是陈述，不是任务 {t}" for t in texts if not is_task(t)]  # 存在…, …不力
    if not framed(texts):
        found.append(f"{group}：不并列 {texts}")
    if len({stage_of(t) for t in texts}) != 1:
        found.append(f"{group}：分项不属同一部分 {texts}")
    return found


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_topic_file_reads_as_a_writer_would_write_it(path):
    assert problems(path.stem, path.read_text(encoding="utf-8").splitlines()) == []
    assert len(list(read_file(path))) == len(read(path)) - 1  # the bank reader takes every entry


def test_the_common_fields_of_work_are_there():
    names = {p.stem for p in FILES}
    assert {"安全生产", "防汛抗旱", "信访", "教育", "乡村振兴", "文明城市创建"} <= names
    assert len(names) >= 20


def test_a_requested_name_picks_one_file():
    """A request matches a file when it holds one of its names or a name holds it: each name, asked
    for itself, matches its own file only."""
    owner: dict[str, str] = {}
    for path in FILES:
        for member in read(path)[1]["members"]:
            assert member not in owner, f"{member} 同时在 {owner.get(member)} 和 {path.stem}"
            owner[member] = path.stem
    for member, name in owner.items():
        matched = {n for m, n in owner.items() if m in member or member in m}
        assert matched == {name}, member
    assert owner["创城"] == "文明城市创建" and owner["防汛"] == "防汛抗旱"


def test_the_checks_can_fail():
    """A file broken in each way a writer might break it is caught."""
    path = FOLDER / "防汛抗旱.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    data = [json.loads(line) for line in lines]
    heading = next(i for i, d in enumerate(data) if d["kind"] == "heading")
    item = next(i for i, d in enumerate(data) if d["kind"] == "item")

    def broken(index: int, **change) -> list[str]:
        copy = [dict(d) for d in data]
        copy[index].update(change)
        return problems(path.stem, [json.dumps(d, ensure_ascii=False, sort_keys=True) for d in copy])

    assert problems(path.stem, lines) == []
    assert broken(heading, text="压实责任，强化保障，坚决完成全年各项任务")  # 落实 first, members differ
    assert broken(item, text="全面排查整治防汛风险隐患和薄弱环节")  # too long, not parallel, members differ
    assert broken(item, text="清醒认识2024年汛期形势")
    assert any("防汛工作" in p for p in broken(heading + 4, text="压实责任，强化保障，坚决夺取防汛的全面胜利"))
    group = [i for i, d in enumerate(data) if d.get("group") == data[item]["group"]]
    alike = [data[i]["text"] for i in group]
    alike[0] = alike[0][:-1]  # one character shorter: alike, but no frame (the rubric's parallel)
    copy = [dict(d, **({"members": alike, "text": alike[group.index(i)]} if i in group else {})) for i, d in enumerate(data)]
    assert any("不并列" in p for p in problems(path.stem, [json.dumps(d, ensure_ascii=False, sort_keys=True) for d in copy]))
    assert broken(1, members=["防汛抗旱", "防汛"], text="内置题材：防汛")
    assert problems(path.stem, [lines[0], json.dumps(data[1]), *lines[2:]])  # still JSON, but 汉字 escaped
    data[heading]["members"] = data[heading]["members"][::-1]
    assert any("members" in p for p in problems(path.stem, [json.dumps(d, ensure_ascii=False, sort_keys=True) for d in data]))


OUTLINES = [(3, 0), (4, 0), (4, 1), (4, 2), (5, 0)]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_file_gives_outlines_of_its_own_on_the_bundled_bank(path):
    """Asked for by its name on the bundled bank (no speech on any of these fields), every part comes from
    the file: each variant another set, parallel items of the part's stage, nothing said twice."""
    from planning import plan

    name = path.stem
    firsts = set()
    for parts, variant in OUTLINES:
        speech = plan(name, "动员部署会", parts=parts, variant=variant)
        assert {b.source.file for b in speech.parts} == {f"内置题材：{name}"}, (parts, variant)
        assert len(speech.parts) == parts
        firsts.add(speech.parts[0].heading)
        items = [i.heading.removeprefix("要") for p in speech.parts for i in p.items]
        assert len(items) == len(set(items)) and all(3 <= len(p.items) <= 4 for p in speech.parts)
        for part in speech.parts:
            texts = [i.heading.removeprefix("要") for i in part.items]
            assert framed(texts) and {stage_of(t) for t in texts} == {stage_of(part.heading)}, part.heading
    assert len(firsts) == 3  # --variant 0, 1, 2: three sets


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_heading_and_item_reads_back_as_one(path):
    """Each set, written out as an outline, is read back by the parser as those headings and items (the
    planner refuses an outline that is not): a word the parser takes for a web page's furniture or a
    transition (广告, …网, 举报, 把握要求) would lose a part or an item."""
    from drafter.structure.numbering import int_to_cn
    from drafter.structure.parser import parse_text

    entries = read(path)
    name = entries[1]["members"][0]
    sets = {e["group"]: e["members"] for e in entries[2:] if e["kind"] in ("heading", "item")}
    filler = "".join(f"（{int_to_cn(n)}）要抓好第{int_to_cn(n)}项工作\n" for n in (1, 2, 3))
    for group, members in sets.items():
        if ":1:" in group:
            heads = [h.replace(SLOT, name) for h in members]
            text = "".join(f"{int_to_cn(n)}、{h}\n{filler}" for n, h in enumerate(heads, 1))
            assert [b.heading for b in parse_text("同志们：\n" + text).parts] == heads, group
        else:
            items = "".join(f"（{int_to_cn(n)}）要{i}\n" for n, i in enumerate(members, 1))
            speech = parse_text(f"同志们：\n一、认清形势，提高认识\n{items}二、压实责任，狠抓落实\n{filler}")
            assert [i.heading.removeprefix("要") for i in speech.parts[0].items] == members, group
