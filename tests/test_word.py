"""The Word writer against the DOCX.md checklist, read back from the XML of an exported seed speech and
of a generated draft."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner
from lxml import etree

from drafter import files
from drafter.cli import main
from drafter.errors import OutputError, UsageError
from drafter.word.housestyle import title_lines
from drafter.structure.length import PLACEHOLDER_RE
from drafter.structure.parser import parse_file, parse_text
from drafter.structure.model import Provenance
from drafter.resources import bundled
from drafter.word.writer import docx_bytes, write_docx
from wordxml import SEED, W, Doc, draft_doc, export, runs, seed_doc, style_of, text  # noqa: F401  (fixtures)

RUNIN_SEED = bundled("corpus") / "责任书签订会_全市综治责任书签订.txt"  # run-in 一、…。body
METADATA = json.loads((bundled("corpus") / "metadata.json").read_text(encoding="utf-8"))["speeches"]
FOUR_LEVELS = """关于做好【单位】安全生产工作的讲话
同志们：
今天召开这次会议。下面，我讲两点意见。
一、提高认识
（一）明确责任
1.压实属地责任
（1）落实主体责任。各单位要层层签订责任书，确保【数据】项任务落地。
（2）落实监管责任。各部门要加强检查。
2.压实部门责任
（二）强化措施
二、狠抓落实
各级各部门要抓好落实。
"""


@pytest.fixture(scope="module")
def four(tmp_path_factory) -> Doc:
    path = tmp_path_factory.mktemp("four") / "four.txt"
    path.write_text(FOUR_LEVELS, encoding="utf-8")
    return Doc(export(path.parent, path))


@pytest.fixture(params=["seed_doc", "draft_doc"])
def doc(request) -> Doc:
    """The checklist rows every document must meet: an exported seed speech and a generated draft."""
    return request.getfixturevalue(request.param)


# --- page (rows 1–3) -----------------------------------------------------------------------------------

def test_a4_page_margins_and_footer_distance(doc):
    section = doc.body.find(f"{W}sectPr")
    size = section.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == ("11906", "16838", None)
    margins = {k.removeprefix(W): v for k, v in section.find(f"{W}pgMar").attrib.items()}
    assert margins == {"top": "2098", "bottom": "1984", "left": "1587", "right": "1474",
                       "header": "850", "footer": "1417", "gutter": "0"}
    assert section.find(f"{W}docGrid") is None  # a linesAndChars grid renders wrongly in LibreOffice


# --- lines and characters, defaults (rows 4–6) ------------------------------------------------------------

def test_body_exact_line_spacing_and_condensed_characters(doc):
    for p in doc.paragraphs():
        if not text(p):
            continue
        assert doc.ppr(p, "spacing", "line") == "579", text(p)[:20]
        assert doc.ppr(p, "spacing", "lineRule") == "exact"
        assert (doc.ppr(p, "spacing", "before"), doc.ppr(p, "spacing", "after")) == ("0", "0")
        for r in runs(p):
            assert doc.rpr(p, r, "spacing") == "-5"


def test_doc_defaults_have_east_asian_font_and_no_theme_fonts(doc):
    styles = etree.tostring(doc.parts["word/styles.xml"]).decode()
    assert "Theme" not in styles and not any("theme" in name for name in doc.names)
    fonts = doc.defaults.find(f"{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "仿宋_GB2312"
    assert fonts.get(f"{W}ascii") == fonts.get(f"{W}hAnsi") == "Times New Roman"
    assert doc.defaults.find(f"{W}rPrDefault/{W}rPr/{W}sz").get(f"{W}val") == "32"
    assert doc.defaults.find(f"{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}eastAsia") == "zh-CN"
    normal = doc.styles["Normal"].find(f"{W}pPr")
    assert normal.find(f"{W}ind") is None  # footers inherit Normal


# --- title, date, salutation, body (rows 7–10) -----------------------------------------------------------

@pytest.fixture(scope="module")
def titled(tmp_path_factory) -> Doc:
    speech = parse_file(SEED)
    speech.title = [METADATA[SEED.name]["title"]]  # 在党的二十大安保维稳工作推进会议上的讲话
    speech.date, speech.speaker = "2022年6月8日", "张三"
    path = tmp_path_factory.mktemp("titled") / "titled.docx"
    write_docx(speech, path)
    return Doc(path)


def test_title_is_xiaobiaosong_erhao_centred_not_bold(titled):
    lines = [p for p in titled.paragraphs() if style_of(p, "pStyle") == "SpeechTitle"]
    assert [text(p) for p in lines] == ["在党的二十大安保维稳工作推进会议上的讲话"]
    for p in lines:
        r = runs(p)[0]
        assert titled.rpr(p, r, "rFonts", "eastAsia") == "方正小标宋简体"
        assert titled.rpr(p, r, "sz") == "44"
        assert titled.ppr(p, "jc", "val") == "center"
        assert not titled.bold(p, r) and titled.ppr(p, "ind", "firstLine") is None


def test_date_and_speaker_are_kaiti_sanhao_centred_with_blank_lines_around(titled):
    texts = [text(p) for p in titled.paragraphs()]
    assert texts[1:6] == ["", "（2022年6月8日）", "张三", "", "同志们："]
    for line in ("（2022年6月8日）", "张三"):
        p = titled.para(line)
        r = runs(p)[0]
        assert titled.rpr(p, r, "rFonts", "eastAsia") == "楷体_GB2312"
        assert titled.rpr(p, r, "sz") == "32" and titled.ppr(p, "jc", "val") == "center"


def test_title_lines_break_long_titles_into_a_trapezoid_between_words():
    assert title_lines(["在全市平安建设工作推进大会上的讲话"]) == ["在全市平安建设工作推进大会上的讲话"]
    assert title_lines(["在全市", "平安建设工作推进大会上的讲话"]) == ["在全市", "平安建设工作推进大会上的讲话"]
    # a real title (corpus/metadata.json): never broken inside （） or “”
    seminar = METADATA["座谈会点评_安全发展民生法治.txt"]["title"]
    assert title_lines([seminar]) == ["在市级部门（单位）“一把手”", "座谈交流会上的点评讲话"]
    assert title_lines(["在全县平安建设和社会治理工作会议暨综治工作会议上的讲话"]) == [
        "在全县平安建设和社会治理工作会议", "暨综治工作会议上的讲话"]


def test_long_title_and_subtitle_lines(tmp_path):
    speech = parse_file(SEED)
    speech.title = ["在全市安全生产工作会议上的讲话——强化底线思维，守牢安全防线"]
    path = tmp_path / "subtitle.docx"
    write_docx(speech, path)
    doc = Doc(path)
    title, subtitle = doc.paragraphs()[:2]
    assert (text(title), style_of(title, "pStyle")) == ("在全市安全生产工作会议上的讲话", "SpeechTitle")
    assert (text(subtitle), style_of(subtitle, "pStyle")) == ("——强化底线思维，守牢安全防线", "DateLine")


def test_salutation_flush_left_and_body_justified_with_two_character_indent(seed_doc):
    salutation = seed_doc.para("同志们：")
    assert seed_doc.ppr(salutation, "ind", "firstLine") is None and seed_doc.ppr(salutation, "ind", "firstLineChars") is None
    body = seed_doc.para("党的二十大是我国政治生活中的一件大事要事")
    r = runs(body)[0]
    assert seed_doc.ppr(body, "jc", "val") == "both"
    assert (seed_doc.ppr(body, "ind", "firstLineChars"), seed_doc.ppr(body, "ind", "firstLine")) == ("200", "640")
    assert seed_doc.rpr(body, r, "rFonts", "eastAsia") == "仿宋_GB2312" and seed_doc.rpr(body, r, "sz") == "32"
    assert not seed_doc.bold(body, r)


# --- heading levels (rows 11–15) -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "start, font, bold",
    [
        ("一、认清形势，提高政治站位", "黑体", False),
        ("(一)要抓好化解矛盾纠纷这个根本", "楷体_GB2312", False),
        ("一要加强源头排查化解。", "仿宋_GB2312", True),
    ],
)
def test_seed_heading_levels(seed_doc, start, font, bold):
    p = seed_doc.para(start)
    head = runs(p)[0]
    assert text(head).startswith(start)
    assert seed_doc.rpr(p, head, "rFonts", "eastAsia") == font
    assert seed_doc.rpr(p, head, "sz") == "32"
    assert seed_doc.bold(p, head) is bold
    assert seed_doc.ppr(p, "jc", "val") == "both"
    assert (seed_doc.ppr(p, "ind", "firstLineChars"), seed_doc.ppr(p, "ind", "firstLine")) == ("200", "640")


def test_level_one_keeps_with_next_and_stands_on_its_own_line(seed_doc):
    p = seed_doc.para("一、认清形势")
    assert text(p) == "一、认清形势，提高政治站位，进一步增强做好安保维稳工作的责任感紧迫感"
    assert seed_doc.ppr(p, "keepNext", "") == "on"


def test_level_three_bold_is_on_the_heading_run_only(seed_doc):
    p = seed_doc.para("一要加强源头排查化解")
    head, rest = runs(p)[0], runs(p)[1]
    assert text(head) == "一要加强源头排查化解。" and text(rest).startswith("抓好日常排查")
    assert seed_doc.bold(p, head) and not seed_doc.bold(p, rest)
    assert seed_doc.rpr(p, rest, "rFonts", "eastAsia") == "仿宋_GB2312"


def test_level_four_and_arabic_level_three(four):
    level3 = four.para("1.压实属地责任")
    assert four.bold(level3, runs(level3)[0]) and four.rpr(level3, runs(level3)[0], "rFonts", "eastAsia") == "仿宋_GB2312"
    level4 = four.para("（1）落实主体责任")
    head, rest = runs(level4)[0], runs(level4)[1]
    assert text(head) == "（1）落实主体责任。" and text(rest).startswith("各单位要")
    assert four.rpr(level4, head, "rFonts", "eastAsia") == "仿宋_GB2312" and not four.bold(level4, head)
    assert (four.ppr(level4, "ind", "firstLine"), four.ppr(level4, "jc", "val")) == ("640", "both")
    level2 = four.para("（一）明确责任")
    assert four.rpr(level2, runs(level2)[0], "rFonts", "eastAsia") == "楷体_GB2312"


def test_run_in_level_one_heading_font_does_not_bleed_into_the_body(tmp_path):
    doc = Doc(export(tmp_path, RUNIN_SEED))
    p = doc.para("一、切实强化责任意识")
    head, rest = runs(p)[0], runs(p)[1]
    assert text(head) == "一、切实强化责任意识，推进各项举措落实。"
    assert text(rest).startswith("为官一任")
    assert doc.rpr(p, head, "rFonts", "eastAsia") == "黑体"
    assert all(doc.rpr(p, r, "rFonts", "eastAsia") == "仿宋_GB2312" for r in runs(p)[1:])


def test_inline_items_stay_in_their_paragraph(seed_doc):
    p = seed_doc.para("为党的二十大胜利召开创造安全稳定的环境")
    whole = text(p)
    assert "突出表现在：一是境内外敌对势力" in whole and "二是人民内部矛盾" in whole and "四是安全生产形势" in whole
    item = next(r for r in runs(p) if text(r).startswith("二是"))
    assert text(item) == "二是人民内部矛盾引发的群体性事件日益增多，"  # the lead clause of a long first sentence
    assert seed_doc.bold(p, item) and seed_doc.rpr(p, item, "rFonts", "eastAsia") == "仿宋_GB2312"


def test_latin_and_digits_in_times_new_roman_with_east_asian_hint(doc):
    for style_id in ("Body", "Level1", "Level2", "Level3Char", "SpeechTitle", "DateLine"):
        fonts = doc.styles[style_id].find(f"{W}rPr/{W}rFonts")
        if fonts is not None:
            assert fonts.get(f"{W}ascii") == fonts.get(f"{W}hAnsi") == "Times New Roman", style_id
    for p in doc.paragraphs():
        for r in runs(p):
            assert r.find(f"{W}rPr/{W}rFonts").get(f"{W}hint") == "eastAsia"


# --- page numbers (rows 17–18) ---------------------------------------------------------------------------

def _footer(doc: Doc, kind: str):
    rels = doc.parts["word/_rels/document.xml.rels"]
    ref = doc.body.find(f"{W}sectPr/{W}footerReference[@{W}type='{kind}']")
    rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return doc.parts[f"word/{target}"].find(f"{W}p")


@pytest.mark.parametrize("kind, side", [("default", "right"), ("even", "left")])
def test_footer_page_number_between_dashes(doc, kind, side):
    p = _footer(doc, kind)
    assert text(p) == "\u2014 1 \u2014"
    assert "".join(t.text for t in p.iter(f"{W}instrText")).strip() == "PAGE"
    assert [f.get(f"{W}fldCharType") for f in p.iter(f"{W}fldChar")] == ["begin", "separate", "end"]
    for r in p.findall(f"{W}r"):
        assert r.find(f"{W}rPr/{W}sz").get(f"{W}val") == "28"
        assert r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "宋体"
    assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == side
    assert p.find(f"{W}pPr/{W}ind").get(f"{W}{side}") == "280"
    assert doc.ppr(p, "ind", "firstLine") is None


def test_odd_and_even_footers_are_switched_on(doc):
    assert doc.parts["word/settings.xml"].find(f"{W}evenAndOddHeaders") is not None


# --- placeholders and comments (rows 19–20) -----------------------------------------------------------

@pytest.mark.parametrize("name", ["seed_doc", "draft_doc", "four"])
def test_placeholders_and_redactions_are_highlighted_yellow(request, name):
    doc = request.getfixturevalue(name)
    marked = [r for p in doc.paragraphs() for r in runs(p) if r.find(f"{W}rPr/{W}highlight") is not None]
    assert [text(r) for r in marked] == PLACEHOLDER_RE.findall("\n".join(text(p) for p in doc.paragraphs()))
    assert marked and {r.find(f"{W}rPr/{W}highlight").get(f"{W}val") for r in marked} == {"yellow"}


def test_placeholder_kinds_highlighted(seed_doc, draft_doc, four):
    def marked(doc):
        return {text(r) for p in doc.paragraphs() for r in runs(p) if r.find(f"{W}rPr/{W}highlight") is not None}

    assert {"***", "**", "*"} <= marked(seed_doc)
    assert {"【单位】", "【数据】"} <= marked(four)
    # the draft's opening is the house set's (no redacted ×× from another topic's speech): its holes are marked
    assert any(t.startswith("【此处展开，约 ") for t in marked(draft_doc))


def test_provenance_becomes_word_comments(tmp_path):
    speech = parse_file(SEED)
    speech.parts[0].source = Provenance("推进会_全市平安建设工作推进大会.txt", 3, frame="认清形势，提高……")
    speech.opening[0].source = Provenance(SEED.name, 2)
    speech.transition.source = Provenance(SEED.name, 2, note="据该段改写")
    out = tmp_path / "commented.docx"
    write_docx(speech, out, comments=True)
    doc = Doc(out)
    comments = doc.parts["word/comments.xml"].findall(f"{W}comment")
    assert [text(c) for c in comments] == [
        f"来源：{SEED.name}；段落：第 2 段",
        f"来源：{SEED.name}；段落：第 2 段；说明：据该段改写",
        "来源：推进会_全市平安建设工作推进大会.txt；段落：第 3 段；句式：认清形势，提高……",
    ]
    assert {c.get(f"{W}author") for c in comments} == {"drafter"}
    heading = doc.para("一、认清形势")
    start, end = heading.find(f"{W}commentRangeStart"), heading.find(f"{W}commentRangeEnd")
    reference = heading.find(f"{W}r/{W}commentReference")
    assert start.get(f"{W}id") == end.get(f"{W}id") == reference.get(f"{W}id") == comments[2].get(f"{W}id")
    children = list(heading)
    assert children.index(start) < children.index(runs(heading)[0]) < children.index(end)
    plain = tmp_path / "plain.docx"
    write_docx(speech, plain)
    assert "word/comments.xml" not in Doc(plain).names


# --- fonts profiles, determinism -------------------------------------------------------------------------

@pytest.mark.parametrize("profile, body, title", [("windows", "仿宋", "宋体"), ("founder", "方正仿宋_GBK", "方正小标宋_GBK")])
def test_font_profiles(tmp_path, profile, body, title):
    doc = Doc(export(tmp_path, SEED, "--fonts", profile))
    assert doc.defaults.find(f"{W}rPrDefault/{W}rPr/{W}rFonts").get(f"{W}eastAsia") == body
    assert doc.styles["SpeechTitle"].find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == title


def test_unknown_font_profile_is_a_usage_error():
    with pytest.raises(UsageError, match="未知的字体方案：wps"):
        docx_bytes(parse_text(FOUR_LEVELS), fonts="wps")


def test_same_speech_gives_the_same_bytes():
    speech = parse_file(SEED)
    assert docx_bytes(speech) == docx_bytes(parse_file(SEED))


# --- round trip ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("source", sorted(bundled("corpus").glob("*.txt")), ids=lambda p: p.stem)
def test_docx_round_trip_gives_the_same_structure(tmp_path, source):
    out = export(tmp_path, source)
    again, original = parse_file(out).to_dict(), parse_file(source).to_dict()
    for data in (again, original):
        data.pop("file")
    assert again == original


def test_parse_command_reads_the_exported_docx(tmp_path):
    out = export(tmp_path, SEED)
    result = CliRunner().invoke(main, ["parse", str(out)])
    assert result.exit_code == 0
    assert "  一、认清形势，提高政治站位" in result.output and "      一要加强源头排查化解" in result.output
    assert "结束语：我就讲这些，谢谢大家！" in result.output


# --- safe writing ----------------------------------------------------------------------------------------

def test_export_prints_length_and_speaking_time(tmp_path):
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["export", str(SEED), "-o", str(out), "--minutes", "30"])
    assert result.exit_code == 0
    assert result.output == (
        f"已写入：{out}\n"
        "全文约 4,037 字，按每分钟 220 字计，讲话约 18.5 分钟；待填写 20 处（已用黄色标出）。\n"
        "目标 30 分钟（约 6,600 字），当前约 4,037 字，还需充实约 2,563 字。\n"
    )


def test_never_overwrites_without_force_and_checks_before_reading(tmp_path):
    out = tmp_path / "out.docx"
    out.write_bytes(b"old")
    runner = CliRunner()
    result = runner.invoke(main, ["export", str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 1 and result.output == f"错误：{out}：文件已存在；如需覆盖，请加 --force\n"
    assert out.read_bytes() == b"old"
    assert runner.invoke(main, ["export", str(SEED), "-o", str(out), "--force"]).exit_code == 0
    assert zipfile.is_zipfile(out)


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_interrupted_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch, failure):
    out = tmp_path / "out.docx"
    out.write_bytes(b"old")

    def fail(_src, _dst):
        raise failure

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises((OutputError, KeyboardInterrupt)):
        write_docx(parse_file(SEED), out, force=True)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


@pytest.mark.parametrize("target, message", [("nofolder/out.docx", "所在文件夹"), (".", "这是一个文件夹")])
def test_unwritable_output_is_a_one_line_error(tmp_path, target, message):
    result = CliRunner().invoke(main, ["export", str(SEED), "-o", str(tmp_path / target)])
    assert result.exit_code == 1
    assert result.output.startswith("错误：") and message in result.output and result.output.count("\n") == 1


def test_bad_input_is_a_one_line_error(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    result = CliRunner().invoke(main, ["export", str(bad), "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 1 and "不是有效的 Word" in result.output
    assert not (tmp_path / "out.docx").exists()


def test_control_characters_in_a_pasted_text_do_not_break_the_docx(tmp_path):
    pasted = tmp_path / "pasted.txt"
    pasted.write_text("同志们：\n今天开会\x01了，研究\x1f部署工作。\n", encoding="utf-8")
    out = export(tmp_path, pasted)
    assert parse_file(out).opening[0].text == "今天开会了，研究部署工作。"


def test_document_properties_state_title_and_length(titled):
    core = titled.parts["docProps/core.xml"]
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert core.find(f"{dc}title").text == "在党的二十大安保维稳工作推进会议上的讲话"
    assert core.find(f"{dc}description").text.startswith("全文约 4,0")
    assert core.find(f"{dc}description").text.endswith("讲话约 18.5 分钟；待填写 20 处（已用黄色标出）。")
