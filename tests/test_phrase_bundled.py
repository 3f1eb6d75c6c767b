"""`drafter phrase` on the bundled phrasebank (mined from the bundled corpus): what a writer must see."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from drafter.cli import main
from drafter.text.reading import read_speech
from drafter.bank.lookup import KIND_WEIGHTS, search
from drafter.bank.store import KINDS, load
from drafter.resources import bundled

BANK = bundled("phrasebank")


def run(*args: str):
    return CliRunner().invoke(main, ["phrase", *args])


def test_every_kind_has_a_weight():
    assert set(KIND_WEIGHTS) == set(KINDS)


def test_luoshi_ranks_the_henzhua_luoshi_heading_in_the_top_five():
    hits = search(BANK, ["落实"], limit=5)
    assert any(h.kind == "heading" and h.text.startswith("狠抓落实") for h in hits)
    heading = next(h for h in hits if h.text.startswith("狠抓落实"))
    assert heading.sources == [("推进会_全市平安建设工作推进大会.txt", 18)]


def test_anquan_ranks_whole_words_before_anquangan():
    hits = search(BANK, ["安全"], limit=500)
    assert hits[0].text == "安全"  # the exact phrase (a topic term used in every speech)
    first_gan = next(n for n, h in enumerate(hits) if "安全感" in h.text and "安全" not in h.text.replace("安全感", ""))
    assert first_gan >= 10


def test_unspaced_query_equals_the_spaced_one():
    hits = search(BANK, ["安全底线"])
    assert hits == search(BANK, ["安全", "底线"])
    assert "安全底线" in hits[0].text  # the words side by side first
    assert any(h.text.startswith("要牢牢守住安全发展这条底线") for h in hits)  # then apart


def test_signoff_kind_gives_the_closing_thanks():
    result = run("--kind", "signoff")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split("\t")[:2] == ["我就讲这些，谢谢大家！", "结束语"]
    assert run("--kind", "结束语").output == result.output


def test_transition_kind_gives_only_and_all_transitions():
    data = json.loads(run("--kind", "transition", "--format", "json", "--limit", "100").output)
    assert {d["kind"] for d in data} == {"transition"}
    assert sorted(d["text"] for d in data) == sorted(e.text for e in load(BANK, ["transition"]))
    assert any(d["text"] == "下面，我再强调几点意见。" for d in data)


def test_json_schema_and_sources_point_at_the_paragraph():
    data = json.loads(run("平安", "--format", "json", "--limit", "10").output)
    assert len(data) == 10
    for item in data:
        assert {"text", "kind", "count", "sources"} <= set(item) <= {"text", "kind", "count", "sources", "speaker", "flags"}
        assert item["kind"] in KINDS and isinstance(item["count"], int) and item["count"] >= 1
        assert item["sources"] and all(set(s) == {"file", "paragraph"} for s in item["sources"])
    headings = [item for item in data if item["kind"] == "heading"]
    assert headings
    for item in headings:
        source = item["sources"][0]
        paragraphs = read_speech(bundled("corpus") / source["file"]).paragraphs
        assert item["text"] in paragraphs[source["paragraph"] - 1]


def test_unknown_kind_is_rejected_with_the_list():
    result = run("安全", "--kind", "closingg")
    assert result.exit_code == 2
    assert result.output.startswith("错误：未知的类别“closingg”；可用的类别：")
    assert all(kind in result.output for kind in KINDS)


def test_empty_result_is_reported_plainly():
    result = run("航天飞机")
    assert (result.exit_code, result.output) == (0, "没有找到与“航天飞机”相关的表述。\n")


def test_bundled_bank_index_goes_to_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert search(BANK, ["落实"], limit=1)
    assert [p.parent for p in tmp_path.glob("drafter/phrase-index-*.sqlite")] == [tmp_path / "drafter"]
    assert not list(BANK.glob(".phrase-index*"))


def test_default_bank_lookup_loads_no_heavy_module():
    code = (
        "import sys; from drafter.cli import main\n"
        "main(['phrase', '稳定'], standalone_mode=False)\n"
        "print(sorted(m for m in ('jieba', 'docx', 'jinja2', 'drafter.structure.parser', 'drafter.mining.miner') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "社会稳定" in out
    assert out.splitlines()[-1] == "[]"
