"""Lookup ranking, the derived index and `drafter phrase` on small banks written through the phrasebank API."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import jieba
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.cli import main
from drafter.errors import PhrasebankError, UsageError
from drafter.bank.index import INDEX_NAME, compound_parts, open_index, phrase_key, segment
from drafter.bank.lookup import RANKING, entry_weight, search, split_query
from drafter.bank.store import Entry, Source, save_kind
from drafter.table import display_width, format_table

jieba.setLogLevel(logging.WARNING)


def entry(text: str, kind: str, count: int = 1, paragraph: int = 1) -> Entry:
    """An entry as mining writes it: jieba tokens (no HMM) and a source."""
    return Entry(text=text, kind=kind, count=count, sources=[Source("讲话.txt", paragraph)],
                 tokens=jieba.lcut(text, HMM=False))


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    folder = tmp_path / "phrasebank"
    folder.mkdir()
    save_kind(folder, "heading", [
        entry("狠抓落实，推动平安建设取得新成效", "heading", paragraph=18),
        entry("增强群众安全感", "heading", count=3, paragraph=7),
        entry("守住安全底线", "heading", paragraph=9),
        entry("落实安全责任", "heading", paragraph=12),
    ])
    save_kind(folder, "item", [
        entry("坚决守住安全底线，确保社会大局稳定", "item", count=2, paragraph=30),
        entry("公共安全是底线", "item", paragraph=31),
        entry("底线要守牢，安全是前提", "item", paragraph=32),
    ])
    save_kind(folder, "signoff", [entry("我就讲这些，谢谢大家！", "signoff", count=4, paragraph=40)])
    (folder / "我的表述.jsonl").write_text('{"text": "底线思维，安全第一", "kind": "idiom"}\n', encoding="utf-8")
    return folder


def texts(hits) -> list[str]:
    return [hit.text for hit in hits]


def test_whole_words_rank_before_words_inside_longer_words(bank):
    result = texts(search(bank, ["安全"]))
    assert result[-1] == "增强群众安全感"  # count 3, yet 安全感 is not the word 安全
    assert "公共安全是底线" in result[:-1]  # 公共安全 holds 安全 on a word boundary


def test_compound_token_counts_as_a_word_boundary(bank):
    assert texts(search(bank, ["落实"])) == ["落实安全责任", "狠抓落实，推动平安建设取得新成效"]


def test_consecutive_words_rank_before_scattered_ones(bank):
    result = texts(search(bank, ["安全", "底线"]))
    assert result[:2] == ["守住安全底线", "坚决守住安全底线，确保社会大局稳定"]  # a heading weighs more than an item
    assert set(result[2:]) == {"底线思维，安全第一", "公共安全是底线", "底线要守牢，安全是前提"}


def test_entries_leading_with_the_word_come_before_those_mentioning_it(bank):
    result = texts(search(bank, ["底线"]))
    assert result[:2] == ["底线思维，安全第一", "底线要守牢，安全是前提"]
    assert set(result[2:]) == {"守住安全底线", "坚决守住安全底线，确保社会大局稳定", "公共安全是底线"}


def test_unspaced_query_is_cut_with_the_bank_vocabulary(bank):
    index = open_index(bank, entry_weight, RANKING)
    assert split_query(["安全底线", "守住"], index) == [["安全", "底线"], ["守住"]]
    assert texts(search(bank, ["安全底线"])) == texts(search(bank, ["安全", "底线"]))


def test_exact_phrase_comes_first(bank):
    assert texts(search(bank, ["守住安全底线"]))[0] == "守住安全底线"


def test_kind_alone_lists_by_frequency(bank):
    assert texts(search(bank, [], kind="标题")) == [
        "增强群众安全感", "守住安全底线", "落实安全责任", "狠抓落实，推动平安建设取得新成效"]


def test_curated_file_is_searched_beside_the_mined_ones(bank):
    hits = search(bank, ["底线"], kind="idiom")
    assert [(h.text, h.origin, h.sources) for h in hits] == [("底线思维，安全第一", "我的表述.jsonl", [])]
    assert texts(search(bank, ["底线"]))[0] == "底线思维，安全第一"


def test_unknown_kind_and_empty_query_are_refused(bank):
    with pytest.raises(UsageError, match="未知的类别“闭幕”.*signoff（结束语）"):
        search(bank, ["安全"], kind="闭幕")
    with pytest.raises(UsageError):
        search(bank, [])


def test_index_is_rebuilt_when_a_file_changes(bank):
    heard: list[str] = []
    assert search(bank, ["维稳"], notify=heard.append) == []
    assert search(bank, ["安全"], notify=heard.append) != []
    assert len(heard) == 1 and "建立检索索引" in heard[0]
    save_kind(bank, "idiom", [entry("维稳处突", "idiom")])
    assert texts(search(bank, ["维稳"], notify=heard.append)) == ["维稳处突"]
    assert len(heard) == 2
    assert (bank / INDEX_NAME).is_file()


def test_read_only_folder_indexes_in_cache_then_in_memory(bank, tmp_path, monkeypatch):
    bank.chmod(0o555)
    try:
        if os.access(bank, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        assert open_index(bank, entry_weight, RANKING).location.startswith(str(tmp_path / "cache"))
        (tmp_path / "blocked").write_text("a file, not a folder")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "blocked"))
        index = open_index(bank, entry_weight, RANKING)
        assert index.location == ":memory:"
        assert texts(search(bank, ["落实"]))[0] == "落实安全责任"
    finally:
        bank.chmod(0o755)


def test_unwritable_cache_falls_back_to_memory(bank, tmp_path, monkeypatch):
    (bank / INDEX_NAME).mkdir()  # the place beside the bank is taken by a folder
    (tmp_path / "blocked").write_text("a file, not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "blocked"))
    assert open_index(bank, entry_weight, RANKING).location == ":memory:"
    assert texts(search(bank, ["落实"]))[0] == "落实安全责任"


def test_damaged_index_is_rebuilt(bank):
    search(bank, ["安全"])
    path = bank / INDEX_NAME
    data = bytearray(path.read_bytes())
    data[len(data) // 2:] = b"Z" * (len(data) - len(data) // 2)  # keeps the header and fingerprint page
    path.write_bytes(bytes(data))
    assert texts(search(bank, ["落实"])) == ["落实安全责任", "狠抓落实，推动平安建设取得新成效"]
    assert search(bank, ["落实"]) == search(bank, ["落实"])


def test_bad_line_is_reported_and_leaves_no_index(bank):
    (bank / "quote.jsonl").write_text('{"schema": 1}\n{"text": "半行\n', encoding="utf-8")
    with pytest.raises(PhrasebankError, match=r"quote\.jsonl：第 2 行不是有效的 JSON"):
        search(bank, ["安全"])
    assert not (bank / INDEX_NAME).exists()
    assert [p.name for p in bank.iterdir() if p.name.startswith(INDEX_NAME)] == []


def test_compound_parts_draw_the_word_boundary():
    vocab = {"落实", "狠抓", "安全", "公共", "感", "不", "抓"}.__contains__
    assert list(compound_parts("狠抓落实", vocab)) == ["狠抓", "落实"]
    assert list(compound_parts("抓落实", vocab)) == ["落实"]  # a one-character verb before the word
    assert list(compound_parts("公共安全", vocab)) == ["公共", "安全"]
    assert list(compound_parts("安全感", vocab)) == []  # a one-character suffix makes a new word
    assert list(compound_parts("不安全", vocab)) == []  # a negation reverses it


# --- the index agrees with the tiers as defined, computed the slow way over every entry ---

WORDS = ["安全", "安全感", "公共安全", "底线", "守住", "落实", "狠抓落实", "狠抓", "平安", "稳定", "不安全", "，"]
KINDS = ["heading", "item", "idiom", "signoff"]


def reference(entries: list[Entry], query: list[str], limit: int) -> list[tuple[str, str]]:
    """Tiers 0–4 of drafter.bank.lookup, by brute force over the entries (order = file order, then line)."""
    vocab = {t for e in entries for t in e.tokens if phrase_key(t)}
    key = phrase_key("".join(query))
    runs = [[q] if q in vocab else segment(q, vocab.__contains__) for q in query]
    query = [w for run in runs for w in run]

    def on_boundary(word: str, token: str) -> bool:
        return word == token or word in compound_parts(token, vocab.__contains__)

    def tier(e: Entry) -> int | None:
        words = [t for t in e.tokens if phrase_key(t)]
        if phrase_key(e.text) == key:
            return 0
        if len(query) > 1 and any(words[i:i + len(query)] == query for i in range(len(words))):
            return 1
        if all(any(on_boundary(q, t) for t in words) for q in query):
            return 2 if on_boundary(query[0], words[0]) else 3
        if all(any("".join(run) in t for t in words) or all(any(on_boundary(q, t) for t in words) for q in run)
               for run in runs):
            return 4
        return None

    ordered = sorted(enumerate(entries), key=lambda p: (-entry_weight(p[1]), -p[1].count, len(p[1].text), p[1].text,
                                                        p[1].kind, p[0]))
    ranked = sorted(((tier(e), n) for n, (_, e) in enumerate(ordered) if tier(e) is not None))
    return [(ordered[n][1].text, ordered[n][1].kind) for _, n in ranked[:limit]]


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(st.tuples(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5), st.sampled_from(KINDS),
                            st.integers(1, 4)), min_size=1, max_size=25),
    query=st.lists(st.sampled_from([w for w in WORDS if w != "，"]), min_size=1, max_size=2, unique=True),
    limit=st.integers(1, 8),
)
def test_index_search_matches_the_tier_definitions(tmp_path_factory, rows, query, limit):
    folder = tmp_path_factory.mktemp("bank")
    by_kind: dict[str, list[Entry]] = {}
    for tokens, kind, count in rows:
        by_kind.setdefault(kind, []).append(Entry("".join(tokens), kind, count, [Source("a.txt", 1)], tokens=tokens))
    for kind in sorted(by_kind):
        save_kind(folder, kind, by_kind[kind])
    entries, seen = [], set()
    for entry in (e for kind in sorted(by_kind) for e in by_kind[kind]):
        if entry.to_json() not in seen:  # an entry repeated verbatim is read once
            seen.add(entry.to_json())
            entries.append(entry)
    hits = search(folder, query, limit=limit)
    assert [(h.text, h.kind) for h in hits] == reference(entries, query, limit)


# --- the command ---

def run(*args: str):
    return CliRunner().invoke(main, ["phrase", *args])


def test_cli_plain_lines_when_piped(bank):
    result = run("落实", "--phrasebank", str(bank))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "落实安全责任\t标题\t1\t讲话.txt 第12段",
        "狠抓落实，推动平安建设取得新成效\t标题\t1\t讲话.txt 第18段",
    ]


def test_cli_json_schema(bank):
    result = run("底线", "--format", "json", "--limit", "2", "--phrasebank", str(bank))
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data == [
        {"text": "底线思维，安全第一", "kind": "idiom", "count": 1, "sources": []},
        {"text": "底线要守牢，安全是前提", "kind": "item", "count": 1,
         "sources": [{"file": "讲话.txt", "paragraph": 32}]},
    ]


def test_cli_kind_listing(bank):
    result = run("--kind", "signoff", "--phrasebank", str(bank))
    assert result.output == "我就讲这些，谢谢大家！\t结束语\t4\t讲话.txt 第40段\n"


def test_cli_unknown_kind_exit_2_with_the_list(bank):
    result = run("安全", "--kind", "ending", "--phrasebank", str(bank))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith("错误：未知的类别“ending”；可用的类别：salutation（称呼）")
    assert "frame（句式框架）" in result.output


def test_cli_empty_result_is_a_plain_message(bank):
    result = run("航天", "--phrasebank", str(bank))
    assert (result.exit_code, result.output) == (0, "没有找到与“航天”相关的表述。\n")
    assert json.loads(run("航天", "--format", "json", "--phrasebank", str(bank)).output) == []
    assert run("安全", "--kind", "引语", "--phrasebank", str(bank)).output == "没有找到与“安全”相关的“引语”类表述。\n"
    assert run("--kind", "quote", "--phrasebank", str(bank)).output == "表述库中没有“引语”类表述。\n"


def test_cli_bad_limit_and_empty_query_exit_2(bank):
    result = run("安全", "--limit", "0", "--phrasebank", str(bank))
    assert (result.exit_code, result.output) == (2, "错误：条数应在 1 到 10000 之间（收到 0）（--limit）\n")
    result = run("安全", "--limit", "9" * 20, "--phrasebank", str(bank))
    assert result.exit_code == 2 and result.output.startswith("错误：条数应在 1 到 10000 之间（收到 999")
    result = run("--phrasebank", str(bank))
    assert (result.exit_code, result.output) == (2, "错误：请给出要查的词语，或指定要列出的类别（查询词、--kind）\n")


def test_cli_missing_folder_is_one_line(tmp_path):
    result = run("安全", "--phrasebank", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert result.output == f"错误：{tmp_path / 'nowhere'}：表述库文件夹不存在（可先运行 drafter mine 生成）\n"


def test_table_aligns_chinese_columns():
    rows = [["守住安全底线", "标题", "1"], ["落实 ok", "分项", "12"]]
    lines = format_table(["表述", "类别", "次数"], rows, 80).splitlines()
    kinds = ["类别", "标题", "分项"]
    starts = {display_width(line[:line.index(kind)]) for line, kind in zip(lines, kinds, strict=True)}
    assert starts == {14}
    wrapped = format_table(["表述", "类别"], [["坚决守住安全底线，确保社会大局稳定", "分项"]], 24).splitlines()[1:]
    assert wrapped == ["坚决守住安全底线，  分项", "确保社会大局稳定"]
    assert all(display_width(line) <= 24 for line in wrapped)


def test_lookup_path_loads_no_heavy_module(bank):
    code = (
        "import sys; from drafter.cli import main\n"
        f"main(['phrase', '安全', '--phrasebank', {str(bank)!r}], standalone_mode=False)\n"
        "print(sorted(m for m in ('jieba', 'docx', 'jinja2', 'drafter.structure.parser') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "守住安全底线" in out
    assert out.splitlines()[-1] == "[]"


def test_a_quotation_shows_its_speaker_and_a_dated_entry_is_flagged(tmp_path):
    save_kind(tmp_path, "quote", [Entry("发展和安全是一体之两翼", "quote", 1, [Source("讲话.txt", 4)],
                                        tokens=["发展", "和", "安全", "是", "一体", "之", "两翼"], speaker="习近平总书记")])
    save_kind(tmp_path, "term", [Entry("党的二十大", "term", 3, [Source("讲话.txt", 2)], tokens=["党的二十大"], flags=["dated"])])
    lines = run("--kind", "quote", "--phrasebank", str(tmp_path)).output.splitlines()
    assert lines == ["发展和安全是一体之两翼（习近平总书记）\t引语\t1\t讲话.txt 第4段"]
    (hit,) = json.loads(run("党的二十大", "--format", "json", "--phrasebank", str(tmp_path)).output)
    assert hit["flags"] == ["dated"]
    assert "〔时效性提法" in run("党的二十大", "--phrasebank", str(tmp_path)).output
