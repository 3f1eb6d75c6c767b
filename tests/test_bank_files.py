"""Damaged or hand-made phrasebank files: one line naming the file and the problem, quickly; and a damaged
index is rebuilt rather than a KeyError."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from click.testing import CliRunner

from drafter.bank.index import INDEX_NAME
from drafter.bank.store import Entry, Source, load, read_file
from drafter.cli import main

GOOD = '{"text": "守住安全底线", "kind": "heading", "count": 2}'


def phrase(folder, *words: str):
    return CliRunner().invoke(main, ["phrase", *(words or ("安全",)), "--phrasebank", str(folder)])


@pytest.mark.parametrize("content, problem", [
    (b'{"schema": "2"}\n' + GOOD.encode(), "格式版本“2”无法识别"),
    (b"null\n" + GOOD.encode(), "不是 JSON 对象"),
    (b"[1, 2]\n", "不是 JSON 对象"),
    (b'"text"\n', "不是 JSON 对象"),
    (b"12\n", "不是 JSON 对象"),
    (b"\xff\xfe\n", "不是 UTF-8 编码"),
    ('{"text": "坚持人民至上", "kind": "heading"}\n'.encode("gbk"), "不是 UTF-8 编码"),
    (b"[" * 100_000 + b"]" * 100_000 + b"\n", "不是有效的 JSON"),
    (b'{"text": 12345, "kind": "heading"}\n', "字段类型不对（text）"),
    (b'{"text": "x", "kind": "heading", "tokens": [1, 2]}\n', "字段类型不对（tokens）"),
    (b'{"text": "x", "kind": "heading", "count": 123456789012345678901234}\n', "字段类型不对（count）"),
    (b'{"text": "x", "kind": "heading", "count": true}\n', "字段类型不对（count）"),
    (b'{"text": "x", "kind": "heading", "sources": [{"file": 1}]}\n', "字段类型不对（sources）"),
])
def test_a_bad_line_is_one_line_naming_the_file(tmp_path, content, problem):
    (tmp_path / "我的表述.jsonl").write_bytes(content)
    result = phrase(tmp_path)
    assert result.exit_code == 1, result.output
    (line,) = result.output.splitlines()
    assert line.startswith("错误：") and "我的表述.jsonl" in line and problem in line


def test_a_huge_entry_is_refused_quickly(tmp_path):
    (tmp_path / "我的表述.jsonl").write_text(json.dumps({"text": "安" * 50_000_000, "kind": "heading"}), encoding="utf-8")
    started = time.monotonic()
    result = phrase(tmp_path)
    assert time.monotonic() - started < 10
    assert result.exit_code == 1 and "超过" in result.output and len(result.output.splitlines()) == 1


def test_a_bom_is_accepted_and_a_repeated_entry_read_once(tmp_path):
    (tmp_path / "我的表述.jsonl").write_bytes(b"\xef\xbb\xbf" + "\n".join([GOOD] * 3).encode("utf-8"))
    assert [e.text for e in read_file(tmp_path / "我的表述.jsonl")] == ["守住安全底线"]
    result = phrase(tmp_path)
    assert result.exit_code == 0 and result.output.count("守住安全底线") == 1


def test_unknown_fields_are_kept_and_a_string_curated_is_not_curated(tmp_path):
    (tmp_path / "heading.jsonl").write_text(
        '{"text": "甲", "kind": "heading", "curated": "false", "note": "备注", "my_rating": [5]}\n', encoding="utf-8")
    (entry,) = load(tmp_path)
    assert not entry.curated and entry.extra == {"note": "备注", "my_rating": [5]}
    assert json.loads(entry.to_json())["note"] == "备注"


@pytest.mark.parametrize("damage", [
    "DELETE FROM entries",
    "UPDATE entries SET sources = 'not json'",
    "DROP TABLE vocab",
])
def test_a_damaged_index_that_looks_current_is_rebuilt(tmp_path, damage):
    (tmp_path / "我的表述.jsonl").write_text(GOOD + "\n", encoding="utf-8")
    assert "守住安全底线" in phrase(tmp_path).output
    with sqlite3.connect(tmp_path / INDEX_NAME) as conn:
        conn.execute(damage)
    result = phrase(tmp_path)
    assert result.exit_code == 0 and "守住安全底线" in result.output, result.output


def test_a_changed_bank_is_read_again(tmp_path):
    """Loads are cached per process; any change to a bank file (or a new file) is seen at the next load."""
    import shutil

    from drafter.bank.store import load
    from drafter.resources import bundled

    bank = tmp_path / "bank"
    shutil.copytree(bundled("phrasebank"), bank)
    before = load(bank, kinds=["signoff"])
    own = bank / "我的表述.jsonl"
    own.write_text('{"text": "我就讲这些。", "kind": "signoff", "count": 1}\n', encoding="utf-8")
    after = load(bank, kinds=["signoff"])
    assert [e.text for e in after] == [e.text for e in before] + ["我就讲这些。"]
    own.write_text('{"text": "就讲到这里。", "kind": "signoff", "count": 1}\n', encoding="utf-8")
    assert load(bank, kinds=["signoff"])[-1].text == "就讲到这里。"


@pytest.mark.parametrize("extra", [{}, {"note": "备注", "my_rating": [5]}, {"aa": None, "sz": {"b": 1, "a": "\x01"}, "zz": 1.5}])
def test_an_entry_line_is_what_json_dumps_writes_of_its_dict(extra):
    """Entry.to_json writes the sources by hand around json.dumps: the same line, keys sorted, whatever the
    writer's fields (before and after "sources"), offsets and file names needing escapes."""
    sources = [Source('引号"与\\反斜杠.txt', 3, 0), Source("讲话\t甲.txt", 1, 12), Source("a\u2028.txt", 2, 0)]
    entry = Entry("守住底线", "heading", 2, sources, level=1, tokens=["守住", "底线"], curated=True, extra=extra)
    fields = {"text": "守住底线", "kind": "heading", "count": 2, "level": 1, "tokens": ["守住", "底线"], "curated": True}
    dicts = [{"file": s.file, "paragraph": s.paragraph, **({"offset": s.offset} if s.offset else {})} for s in sources]
    assert entry.to_json() == json.dumps({**extra, **fields, "sources": dicts}, ensure_ascii=False, sort_keys=True)
    assert Entry("甲", "term").to_json() == '{"count": 1, "kind": "term", "sources": [], "text": "甲"}'
