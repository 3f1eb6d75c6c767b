"""Word lists are data: bundled files a writer extends with a 词表/ folder beside their archive or bank."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from drafter import vocab
from drafter.bank.store import load
from drafter.cli import main
from drafter.resources import bundled


def test_lists_are_files_with_a_header_saying_what_they_are_for():
    folder = bundled("phrasebank").parent / "drafter" / "vocab"
    lists = sorted(folder.glob("*.txt"))
    assert lists and all(p.read_text(encoding="utf-8").startswith("# ") for p in lists)
    assert "习近平" in vocab.words("cited_leaders") and "二十大" in vocab.words("dated")


def test_a_writers_own_list_extends_the_bundled_one_only_where_opened(tmp_path):
    own = tmp_path / "词表"
    own.mkdir()
    (own / "dated.txt").write_text("# 我的时效提法\n三年行动\n二十大\n", encoding="utf-8")
    assert "三年行动" not in vocab.words("dated")
    with vocab.own_lists(tmp_path):
        listed = vocab.words("dated")
        assert listed.count("二十大") == 1 and listed[-1] == "三年行动"
        assert vocab.pattern("dated").search("开展安全生产三年行动")
    assert "三年行动" not in vocab.words("dated")


def test_mining_reads_the_writers_lists_beside_the_archive(tmp_path):
    archive = tmp_path / "语料"
    shutil.copytree(bundled("corpus"), archive)
    (archive / "词表").mkdir()
    (archive / "词表" / "dated.txt").write_text("# 本单位的时效提法\n各项举措\n", encoding="utf-8")
    plain, own = tmp_path / "库甲", tmp_path / "库乙"
    for source, bank in ((bundled("corpus"), plain), (archive, own)):
        assert CliRunner().invoke(main, ["mine", str(source), "-o", str(bank)]).exit_code == 0

    def dated_headings(bank):
        return {e.text for e in load(bank, kinds=["heading"]) if "dated" in e.flags and "各项举措" in e.text}

    assert dated_headings(plain) == set() and dated_headings(own) == {"切实强化责任意识，推进各项举措落实"}
    assert "已提炼 5 篇" in CliRunner().invoke(main, ["mine", str(archive), "-o", str(own)]).output
