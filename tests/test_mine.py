"""Mining the bundled corpus: specific entries of every kind, determinism, --jobs, curated entries."""

from __future__ import annotations

import gc
import json
import shutil
import threading
from pathlib import Path

import pytest

from drafter.text.reading import read_speech
from drafter.errors import InputError
from drafter.mining.miner import mine_corpus, write_phrasebank
from drafter.bank.store import KINDS, load, read_file
from drafter.resources import bundled

CORPUS = bundled("corpus")
SAFETY = "座谈会点评_安全发展民生法治.txt"
SAFETY_HEADINGS = [
    "要把维护安全稳定的责任牢牢扛在肩上",
    "要把护航高质量发展紧紧抓在手上",
    "要把群众的安危冷暖时时放在心上",
    "要把社会公平正义高高举在头上",
]
PUSH = "推进会_全市平安建设工作推进大会.txt"
DRIVE = "动员部署会_二十大安保维稳.txt"


@pytest.fixture(scope="module")
def result():
    return mine_corpus(CORPUS)


def entry(result, kind, text):
    found = [e for e in result.entries[kind] if e.text == text]
    assert found, f"no {kind} entry {text!r}"
    return found[0]


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_every_kind_is_mined(result):
    assert gc.isenabled()  # mining pauses the cycle collector and restores it
    assert all(result.counts()[kind] > 0 for kind in KINDS)
    assert [(s.file, s.failed) for s in result.skipped] == [("metadata.json", False)]
    assert "语料说明文件，用作各篇讲话的标题、主题和场合" in result.skipped[0].reason
    assert len(result.files) == 5


def test_safety_speech_headings_are_one_set_with_their_frame(result):
    headings = [entry(result, "heading", text) for text in SAFETY_HEADINGS]
    assert {h.group for h in headings} == {f"{SAFETY}:1"}
    assert all(h.members == SAFETY_HEADINGS and h.level == 1 for h in headings)
    frame = entry(result, "frame", "要把{X}{副词}{动词}在{部位}上")
    assert frame.members == SAFETY_HEADINGS
    assert frame.slots == ["X", "副词", "动词", "部位"]
    assert frame.group == f"{SAFETY}:1" and frame.role == "heading"
    assert all(h.frame == frame.text for h in headings)


def test_frames_of_other_heading_sets(result):
    push = entry(result, "frame", "{动宾}，推动{主题}{新目标}")
    assert push.members == [
        "提升标准，推动平安建设迈上新水平", "突出重点，推动平安建设开拓新局面", "狠抓落实，推动平安建设取得新成效",
    ]
    assert entry(result, "frame", "切实强化{X}意识，{Y}").members[0] == "切实强化责任意识，推进各项举措落实"
    breakthrough = entry(result, "frame", "要在{X}上求突破")
    assert breakthrough.group == f"{PUSH}:一、:2" and breakthrough.role == "heading"
    assert entry(result, "frame", "要当好{X}的“{Y}员”").role == "item"


def test_item_sets_keep_their_parent_in_the_group(result):
    item = entry(result, "heading", "要在群众满意上求突破")
    assert item.level == 2 and item.group == f"{PUSH}:一、:2"
    assert item.members == ["要在群众满意上求突破", "要在形成亮点上求突破", "要在服务发展上求突破"]
    lead = entry(result, "item", "要当好项目建设的“服务员”")
    assert lead.role == "lead" and lead.group == f"{SAFETY}:二、:lead"
    assert lead.members == ["要当好项目建设的“服务员”", "要当好企业发展的“守护员”", "要当好营商环境的“保障员”"]


def test_series(result):
    early = entry(result, "series", "早发现、早介入、早化解")  # written 早发现，早介入，早化解 in the speech
    assert early.members == ["早发现", "早介入", "早化解"]
    assert early.sources[0].file == DRIVE
    assert entry(result, "series", "用心用情用力").members == ["用心", "用情", "用力"]
    assert entry(result, "series", "最高站位、最严措施、最佳状态").members[0] == "最高站位"
    assert entry(result, "series", "用真感情、练真本领、显真担当").members == ["用真感情", "练真本领", "显真担当"]
    assert entry(result, "frame", "早{X}").members == ["早发现", "早介入", "早化解"]
    series_texts = {e.text for e in result.entries["series"]}
    assert "点痛点堵点问" not in series_texts  # 难点痛点堵点问题 is not cut mid-word into a compact run


def test_quotation_verbatim_with_speaker(result):
    quote = entry(result, "quote", "发展和安全是一体之两翼、驱动之双轮")
    assert quote.speaker == "习近平总书记"
    assert quote.sources[0].file == SAFETY
    original = "\n".join(read_speech(CORPUS / SAFETY).paragraphs)
    assert f"“{quote.text}”" in original
    chained = entry(result, "quote", "要牢牢守住安全发展这条底线。这是构建新发展格局的重要前提和保障")
    assert chained.speaker == "习近平总书记"  # 明确要求“…” in the same sentence
    assert entry(result, "quote", "建设平安中国，加强和创新社会治理，维护社会和谐稳定，确保国家长治久安，人民安居乐业").speaker == "党的二十大报告"
    assert all(not q.template for q in result.entries["quote"])


def test_signoff_salutation_transition(result):
    signoff = entry(result, "signoff", "我就讲这些，谢谢大家！")
    assert signoff.sources[0].file == DRIVE
    assert entry(result, "salutation", "同志们：").count == 4
    transition = entry(result, "transition", "下面，就深化和推动平安建设工作，我再讲三点意见：")
    assert transition.template == "下面，就{事项}，我再讲{N}点意见："
    assert transition.slots == ["事项", "N"]
    assert entry(result, "transition", "下面，我围绕这4个方面谈几点感受。").template == "下面，我围绕这{N}个方面谈几点感受。"


def test_openings_and_closings_by_role(result):
    def role_of(start):
        return next(e.role for e in result.entries["opening"] if e.text.startswith(start))

    assert role_of("今天，市委、市政府组织召开全市平安建设工作推进大会") == "purpose"
    assert role_of("为深入学习贯彻中央和省委、市委关于党的二十大安保维稳工作的部署要求") == "purpose"
    assert role_of("刚才，**作了一个很好的报告") == "comment"
    assert entry(result, "opening", "成绩值得肯定，形势不容忽视。").role == "affirmation"
    assert any(e.role == "situation" and e.text.startswith("当前我市正处于") for e in result.entries["opening"])
    assert entry(result, "closing", "同志们，战鼓催征、使命在前、重任在肩！").role == "rally"
    assert entry(result, "closing", "为全市加快高质量发展做出新的更大贡献！").role == "call"
    assert any(e.role == "summary" and e.text.startswith("总之，希望并要求大家") for e in result.entries["closing"])


def test_topic_terms_are_discovered_and_slotted(result):
    term = entry(result, "term", "平安建设")
    assert term.role == "topic" and term.tokens == ["平安", "建设"]
    assert result.topics[PUSH][0] == "平安建设"
    assert result.topics["责任书签订会_全市综治责任书签订.txt"][0] == "综治"
    assert entry(result, "heading", "提升标准，推动平安建设迈上新水平").template == "提升标准，推动{主题}迈上新水平"
    # taught to jieba: the term is one token in every entry that holds it
    assert "平安建设" in entry(result, "transition", "下面，就深化和推动平安建设工作，我再讲三点意见：").tokens
    assert all(e.tokens for kind in KINDS for e in result.entries[kind])


def test_redactions_and_stale_facts_become_slots(result):
    comment = next(e for e in result.entries["opening"] if e.text.startswith("刚才，市委政法委"))
    assert "【待核实：9个】部门" in comment.template
    assert "verify" in comment.flags and "待核实" in comment.slots
    report = entry(result, "opening", "刚才，**作了一个很好的报告，我完全赞同，希望大家认真抓好落实。")
    assert report.template == "刚才，{名称}作了一个很好的报告，我完全赞同，希望大家认真抓好落实。"
    assert "redacted" in report.flags


def test_dated_formulations_are_flagged(result):
    assert "dated" in entry(result, "closing", "以实际行动践行党的二十大精神。").flags
    assert "dated" in entry(result, "heading", "积极做好秋冬季新冠肺炎疫情防控").flags
    assert "dated" in entry(result, "term", "疫情防控").flags
    assert "dated" not in entry(result, "closing", "为全市加快高质量发展做出新的更大贡献！").flags
    # and the dated words themselves are marked in the template, for whoever reuses the sentence
    assert entry(result, "closing", "以实际行动践行党的二十大精神。").template == "以实际行动践行党的【待核实：二十大】精神。"
    assert entry(result, "heading", "积极做好秋冬季新冠肺炎疫情防控").template == "积极做好秋冬季【待核实：新冠】肺炎【待核实：疫情】防控"


def test_idioms(result):
    assert entry(result, "idiom", "开门见山").role == "成语"
    assert entry(result, "idiom", "居安思危").sources[0].file == SAFETY  # inside a quotation, still in use
    assert entry(result, "idiom", "攻坚克难").role == "并列"  # 直面挑战、攻坚克难: side by side
    texts = {e.text for e in result.entries["idiom"]}
    assert "重点行业" not in texts  # a list of 重点… is no 四字格


def test_counts_merge_across_speeches(result):
    shared = entry(result, "frame", "{X}抓落实")
    assert shared.count == 2 and {s.file for s in shared.sources} == {DRIVE, PUSH}
    assert entry(result, "idiom", "长治久安").count == 3


def test_mining_is_deterministic_and_jobs_do_not_change_output(tmp_path):
    outputs = []
    for name, jobs in (("a", 1), ("b", 1), ("c", 2)):
        folder = tmp_path / name
        write_phrasebank(folder, mine_corpus(CORPUS, jobs=jobs))
        outputs.append(files_of(folder))
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(outputs[0]) == len(KINDS)


def test_two_mines_in_one_process_take_turns(tmp_path, monkeypatch):
    """A server mines in threads: a mine whose last pass has taught the dictionary its terms must not be
    cutting another mine's speeches meanwhile. The first mine waits (up to a second) in its last pass for
    the second to cut a speech; taking turns, the second only starts after, and both banks are the same."""
    from drafter.mining import miner

    finishing, cut_by_second = threading.Event(), threading.Event()
    finish = miner.finish

    def slow_finish(*args):
        finishing.set()
        cut_by_second.wait(1)
        return finish(*args)

    monkeypatch.setattr(miner, "finish", slow_finish)
    results = {}

    def first() -> None:
        results["first"] = mine_corpus(CORPUS)

    thread = threading.Thread(target=first)
    thread.start()
    finishing.wait(30)
    results["second"] = mine_corpus(CORPUS, progress=lambda _name: cut_by_second.set())
    thread.join()
    for name, result in results.items():
        write_phrasebank(tmp_path / name, result)
    mined = {f"{kind}.jsonl" for kind in KINDS}
    committed = {name: data for name, data in files_of(bundled("phrasebank")).items() if name in mined}
    assert files_of(tmp_path / "first") == files_of(tmp_path / "second") == committed


def test_committed_phrasebank_equals_a_fresh_mine(tmp_path):
    """The CI check: phrasebank/ is what `drafter mine` makes of corpus/ today (the mined kind files; a
    writer's own files such as 提纲句式.jsonl are not mined)."""
    write_phrasebank(tmp_path, mine_corpus(CORPUS))
    mined = {f"{kind}.jsonl" for kind in KINDS}
    committed = {name: data for name, data in files_of(bundled("phrasebank")).items() if name in mined}
    assert committed == files_of(tmp_path), "phrasebank/ is stale: run `drafter mine` and commit the result"


def test_curated_entries_survive_a_remine(tmp_path):
    write_phrasebank(tmp_path, mine_corpus(CORPUS))
    own = tmp_path / "我的表述.jsonl"
    own.write_text('{"text": "坚持人民至上", "kind": "heading", "count": 1, "level": 1}\n', encoding="utf-8")
    heading_file = tmp_path / "heading.jsonl"
    lines = heading_file.read_text(encoding="utf-8").splitlines()
    curated = json.loads(lines[1]) | {"curated": True, "text": "我改过的标题"}
    heading_file.write_text("\n".join([lines[0], json.dumps(curated, ensure_ascii=False), *lines[2:]]) + "\n", encoding="utf-8")
    own_before = own.read_bytes()

    write_phrasebank(tmp_path, mine_corpus(CORPUS))

    assert own.read_bytes() == own_before
    headings = list(read_file(heading_file))
    assert headings[0].text == "我改过的标题" and headings[0].curated
    assert sum(e.text == "我改过的标题" for e in headings) == 1
    assert "坚持人民至上" in {e.text for e in load(tmp_path, ["heading"])}


def test_unreadable_file_is_skipped(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "坏文件.txt").write_bytes(b"\x00\x01binary\x00")
    result = mine_corpus(corpus)
    assert [s.file for s in result.failed()] == ["坏文件.txt"]
    assert "二进制" in result.failed()[0].reason
    assert len(result.files) == 5


def test_a_corpus_of_unreadable_files_fails_and_restores_the_cycle_collector(tmp_path):
    (tmp_path / "坏文件.txt").write_bytes(b"\x00\x01binary\x00")
    with pytest.raises(InputError, match="没有一篇讲话稿可以读取"):
        mine_corpus(tmp_path)
    assert gc.isenabled()


def test_texts_differing_only_in_punctuation_width_merge(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "同志们：\n今天，我们召开这次会议。\n一、提高认识\n要提高认识。\n二、狠抓落实\n要狠抓落实。\n"
    (corpus / "甲.txt").write_text(body + "我就讲这些，谢谢大家！\n", encoding="utf-8")
    (corpus / "乙.txt").write_text(body.replace("：", ":") + "我就讲这些,谢谢大家!\n", encoding="utf-8")
    result = mine_corpus(corpus)
    signoff = entry(result, "signoff", "我就讲这些，谢谢大家！")
    assert signoff.count == 2 and [s.file for s in signoff.sources] == ["乙.txt", "甲.txt"]
    assert entry(result, "salutation", "同志们：").count == 2


@pytest.mark.parametrize("hash_seed", ["0", "12345"])
def test_a_planted_jieba_cache_in_tmpdir_changes_nothing_and_nothing_is_left_there(tmp_path, hash_seed):
    """jieba would load $TMPDIR/jieba.cache (and dump one there); the bank must not depend on it."""
    import marshal
    import os
    import subprocess
    import sys

    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    bogus = {"平安": 1, "平": 0, "建设": 1, "建": 0, "工作": 1, "工": 0}
    (tmpdir / "jieba.cache").write_bytes(marshal.dumps((bogus, 3)))
    before = sorted(tmpdir.iterdir())
    env = {**os.environ, "TMPDIR": str(tmpdir), "PYTHONHASHSEED": hash_seed}
    out = tmp_path / "bank"
    done = subprocess.run([sys.executable, "-m", "drafter", "mine", str(CORPUS), "-o", str(out), "--jobs", "2"],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    mined = {f"{kind}.jsonl" for kind in KINDS}
    committed = {name: data for name, data in files_of(bundled("phrasebank")).items() if name in mined}
    assert files_of(out) == committed
    assert sorted(tmpdir.iterdir()) == before


def test_claims_counted_in_chinese_numerals_are_marked_to_verify():
    """两起事故, 三家企业: what happened in the source speech is a claim to check; 三点意见, 一项任务 are not."""
    from drafter.mining.slots import template

    assert template("今年我县发生两起较大安全生产事故").template == "今年我县发生【待核实：两起】较大安全生产事故"
    assert template("全县三家企业被通报，共有十二名干部受到处分").template == "全县【待核实：三家】企业被通报，共有【待核实：十二名】干部受到处分"
    for text in ("我讲三点意见", "这是一项长期任务", "排在第三名", "千家万户", "两个方面"):
        assert template(text).template == text


DEFAULT_JOBS_PROBE = """
import threading, time
from drafter.mining.workers import default_jobs
alone = default_jobs()
threading.Thread(target=time.sleep, args=(1,), daemon=True).start()
print(alone, default_jobs())
"""


def test_a_mine_uses_two_processes_by_default_unless_other_threads_run(tmp_path, monkeypatch):
    """`drafter mine` without --jobs forks one worker on a machine with two cores; a process that runs other
    threads (the web server) mines alone, since a forked worker could inherit a lock another thread holds."""
    import os
    import subprocess
    import sys

    from drafter import app
    from drafter.mining import miner

    printed = subprocess.run([sys.executable, "-c", DEFAULT_JOBS_PROBE], capture_output=True, text=True, check=True)
    cores = len(os.sched_getaffinity(0))
    assert printed.stdout.split() == [str(min(2, cores)), "1"]

    asked = []
    monkeypatch.setattr(miner, "mine_corpus", lambda folder, jobs, progress=None: asked.append(jobs) or mine_corpus(folder))
    monkeypatch.setattr("drafter.mining.workers.default_jobs", lambda: 7)
    app.mine(CORPUS, tmp_path / "bank")
    app.mine(CORPUS, tmp_path / "bank3", jobs=3)
    assert asked == [7, 3]
