"""`drafter draft`: an outline planned from the phrasebank, sized to a speaking time, written in the house style."""

from __future__ import annotations

import re

from click.testing import CliRunner

from drafter.cli import main
from drafter.structure.length import measure, size_to
from planning import plan as plan_speech
from drafter.structure.parser import parse_file
from wordxml import DRAFT_OPTIONS, W, Doc, draft_doc, draft_file, runs, style_of, text  # noqa: F401  (fixture)

MODEL = "推进会_全市平安建设工作推进大会.txt"  # the speech the 工作推进会 headings are fitted from
HOUSE = "内置表述"  # the built-in, topic-neutral house set (another topic's opening and closing are not reused)


def test_header_title_date_and_speaker(draft_doc):
    title = draft_doc.para("在全市安全生产工作推进大会上的讲话")
    assert style_of(title, "pStyle") == "SpeechTitle"
    assert draft_doc.rpr(title, runs(title)[0], "rFonts", "eastAsia") == "方正小标宋简体"
    assert [text(p) for p in draft_doc.paragraphs()[1:6]] == ["", "（2022年6月8日）", "市委书记 张三", "", "同志们："]
    for line in ("（2022年6月8日）", "市委书记 张三"):
        p = draft_doc.para(line)
        assert draft_doc.rpr(p, runs(p)[0], "rFonts", "eastAsia") == "楷体_GB2312" and draft_doc.ppr(p, "jc", "val") == "center"


def test_parts_in_heiti_and_items_run_in_with_a_sized_placeholder(draft_doc):
    part = draft_doc.para("一、提升标准，推动安全生产工作迈上新水平")
    assert style_of(part, "pStyle") == "Level1" and draft_doc.ppr(part, "keepNext", "") == "on"
    assert draft_doc.rpr(part, runs(part)[0], "rFonts", "eastAsia") == "黑体"
    item = draft_doc.para("一是要提高政治站位。")
    head, hole = runs(item)[:2]
    assert text(head) == "一是要提高政治站位。" and draft_doc.rpr(item, head, "rFonts", "eastAsia") == "楷体_GB2312"
    assert re.fullmatch(r"【此处展开，约 \d+ 字】……", text(hole))
    assert hole.find(f"{W}rPr/{W}highlight").get(f"{W}val") == "yellow"
    assert draft_doc.rpr(item, hole, "rFonts", "eastAsia") == "仿宋_GB2312"


def test_comments_name_the_source_of_each_reused_sentence(draft_doc):
    comments = draft_doc.parts["word/comments.xml"].findall(f"{W}comment")
    texts = [text(c) for c in comments]
    assert texts[0] == f"来源：{HOUSE}；段落：第 2 段"  # the opening's first paragraph
    assert f"来源：{MODEL}；段落：第 7 段；句式：{{动宾}}，推动{{主题}}{{新目标}}" in texts  # the heading 提升标准，推动…迈上新水平
    assert texts[-1] == f"来源：{HOUSE}；段落：第 66 段"  # the closing
    part = draft_doc.para("一、提升标准")
    anchored = part.find(f"{W}commentRangeStart").get(f"{W}id")
    assert texts[int(anchored)] == f"来源：{MODEL}；段落：第 7 段；句式：{{动宾}}，推动{{主题}}{{新目标}}"
    ids = {c.get(f"{W}id") for c in comments}
    body = draft_doc.body
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert {e.get(f"{W}id") for e in body.iter(f"{W}{tag}")} == ids


def test_draft_reads_back_to_the_planned_structure(tmp_path):
    out = draft_file(tmp_path)
    planned = size_to(plan_speech("安全生产", date="2022年6月8日", speaker="市委书记 张三"), 15)
    again = parse_file(out)
    assert [(b.number, b.heading) for b in again.blocks()] == [(b.number, b.heading) for b in planned.blocks()]
    assert [b.body[0].text for b in again.blocks() if b.body] == [b.body[0].text for b in planned.blocks() if b.body]
    assert [p.text for p in again.closing] == [p.text for p in planned.closing]
    assert again.title == planned.title and again.salutation == planned.salutation


def test_draft_is_sized_to_the_target_time_and_says_so(tmp_path):
    out = tmp_path / "sized.docx"
    result = CliRunner().invoke(main, ["draft", *DRAFT_OPTIONS, "-o", str(out)])
    assert result.exit_code == 0
    length = measure(parse_file(out))
    assert abs(length.chars + length.asked - 15 * 220) <= 15 * 220 * 0.02
    assert "目标 15 分钟（约 3,300 字）" in result.output and "长度合适" in result.output
    printed = int(re.search(r"全文约 ([\d,]+) 字", result.output).group(1).replace(",", ""))
    assert printed == length.chars - len("（）")  # the Word file puts the date line in brackets


def test_same_options_give_the_same_bytes(tmp_path):
    first = draft_file(tmp_path, "--comments").read_bytes()
    second = draft_file(tmp_path, "--comments", "--force").read_bytes()
    assert first == second


def test_existing_file_is_refused_before_planning(tmp_path):
    out = tmp_path / "draft.docx"
    out.write_bytes(b"old")
    result = CliRunner().invoke(main, ["draft", "--topic", "安全生产", "--phrasebank", str(tmp_path / "none"), "-o", str(out)])
    assert result.exit_code == 1 and result.output == f"错误：{out}：文件已存在；如需覆盖，请加 --force\n"
    assert out.read_bytes() == b"old"


def test_bad_options_are_one_line_errors(tmp_path):
    runner = CliRunner()
    bad_topic = runner.invoke(main, ["draft", "--topic", "安全 生产！", "-o", str(tmp_path / "a.docx")])
    assert bad_topic.exit_code == 2 and bad_topic.output.startswith("错误：主题") and bad_topic.output.count("\n") == 1
    options = ["--topic", "安全生产", "--parts", "3", "--keywords", "安全,发展", "-o", str(tmp_path / "b.docx")]
    both = runner.invoke(main, ["draft", *options])
    assert both.exit_code == 2 and both.output == "错误：部分数与关键词只能选一个（--parts、--keywords）\n"
    assert not list(tmp_path.glob("*.docx"))


def test_a_bare_speaker_name_is_the_speaker_line_not_a_title_line(tmp_path):
    out = tmp_path / "bare.docx"
    options = ["--topic", "安全生产", "--speaker", "张三", "-o", str(out)]
    assert CliRunner().invoke(main, ["draft", *options]).exit_code == 0
    doc = Doc(out)
    assert [(style_of(p, "pStyle"), text(p)) for p in doc.paragraphs()[:3]] == [
        ("SpeechTitle", "在全市安全生产工作推进大会上的讲话"), ("Normal", ""), ("DateLine", "张三")]
