"""Reading what writers keep: one seed saved five ways reads to the same parts; .docx as Word shows it;
every bad file is one Chinese line naming it."""

from __future__ import annotations

import os
import random
import shutil
import stat
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import docx
import pytest
from click.testing import CliRunner
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

import saved
from conftest import CORPUS
from drafter.cli import main
from drafter.errors import InputError
from drafter.mining.miner import mine_corpus
from drafter.structure.parser import parse_file
from drafter.text import office
from drafter.text.reading import read_speech

SEED = CORPUS / "推进会_全市平安建设工作推进大会.txt"
TITLE = "在全市平安建设工作推进大会上的讲话"


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


def level_one(path) -> list[tuple[str, str]]:
    return [(part.number, part.heading) for part in parse_file(path).parts]


MAKERS = {
    "docx": lambda folder: saved.as_docx(seed_lines(), folder / "推进会.docx"),
    "doc": lambda folder: saved.converted(seed_lines(), folder, "doc"),
    "pdf": lambda folder: saved.converted(seed_lines(), folder, "pdf"),
    "html": lambda folder: saved.as_web_page(seed_lines(), TITLE, folder / "推进会.html"),
    "gb18030": lambda folder: saved.write_bytes(folder / "推进会.txt", SEED.read_text(encoding="utf-8").encode("gb18030")),
}


@pytest.fixture(scope="module")
def saved_as(tmp_path_factory):
    """The seed saved as `kind`, made once for the module (LibreOffice takes seconds)."""
    made: dict = {}

    def get(kind: str):
        if kind not in made:
            made[kind] = MAKERS[kind](tmp_path_factory.mktemp(kind))
        return made[kind]

    return get


@pytest.mark.parametrize("kind", MAKERS)
def test_a_seed_saved_any_way_has_the_same_parts(saved_as, kind):
    assert len(level_one(SEED)) == 3
    assert level_one(saved_as(kind)) == level_one(SEED)


def test_pdf_text_is_the_whole_speech_in_order_without_page_numbers(saved_as):
    read = read_speech(saved_as("pdf")).paragraphs
    assert "".join("".join(read).split()) == "".join("".join(seed_lines()).split())  # “ ” in place too
    assert not any("—" in line for line in read)


def test_pdf_in_a_standard_chinese_cid_font_is_read(tmp_path):
    lines = ["同志们：", "下面，我讲两点意见。", "一、提高认识", "二、狠抓落实", "谢谢大家！"]
    path = saved.write_bytes(tmp_path / "宋体.pdf", saved.cid_pdf(lines))
    assert read_speech(path).paragraphs == lines


def test_pdf_page_numbers_and_running_heads_are_dropped():
    from drafter.text.pdf import _without_running_lines

    pages = [["市政府办公室", "同志们：", "一、提高认识", "— 1 —"],
             ["市政府办公室", "要高度重视，", "2023年5月10日", "-2-"],
             ["市政府办公室", "二、狠抓落实", "第 3 页 共 4 页"],
             ["3/4 市政府办公室", "谢谢大家！", "4"]]
    assert _without_running_lines(pages) == [["同志们：", "一、提高认识"], ["要高度重视，", "2023年5月10日"],
                                             ["二、狠抓落实"], ["3/4 市政府办公室", "谢谢大家！"]]


@pytest.mark.parametrize("old_style", [False, True])
def test_web_page_keeps_the_speech_and_drops_the_site(tmp_path, old_style):
    path = saved.as_web_page(seed_lines(), TITLE, tmp_path / "推进会.html", old_style=old_style)
    assert read_speech(path).paragraphs == [TITLE, *filter(None, seed_lines())]


def test_a_short_excerpt_on_a_web_page_is_still_only_the_speech(tmp_path):
    excerpt = ["同志们：", "下面，我讲两点意见。", "一、提高认识。要高度重视。", "二、狠抓落实。要真抓实干。", "谢谢大家！"]
    path = saved.as_web_page(excerpt, "在某某会上的讲话", tmp_path / "短.html")
    speech = parse_file(path)
    assert [part.heading for part in speech.parts] == ["提高认识", "狠抓落实"]
    assert not any("相关推荐" in line or "首页" in line for line in read_speech(path).paragraphs)


def test_single_file_web_archive_is_read(tmp_path):
    """A .mht as Word or Internet Explorer saves it: the page a base64 GB2312 part beside its images."""
    page = saved.as_web_page(seed_lines(), TITLE, tmp_path / "页面.html", charset="gb2312").read_bytes()
    archive = MIMEMultipart("related")
    archive.attach(MIMEText(page.decode("gb18030"), "html", "gb2312"))
    archive.attach(MIMEImage(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif"))
    path = saved.write_bytes(tmp_path / "推进会.mht", archive.as_bytes())
    assert read_speech(path).paragraphs == [TITLE, *filter(None, seed_lines())]


def test_utf8_web_page_without_charset_is_read(tmp_path):
    path = saved.as_web_page(seed_lines(), TITLE, tmp_path / "页面.htm", charset="utf-8")
    path.write_bytes(path.read_bytes().replace(b"charset=utf-8", b""))
    assert level_one(path) == level_one(SEED)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(tmp_path, encoding):
    path = saved.write_bytes(tmp_path / "讲话.txt", SEED.read_text(encoding="utf-8").encode(encoding))
    assert read_speech(path).paragraphs == read_speech(SEED).paragraphs


def test_mine_reads_all_five(tmp_path, saved_as):
    corpus = tmp_path / "语料"
    corpus.mkdir()
    for kind in MAKERS:
        shutil.copy(saved_as(kind), corpus / f"{kind}{saved_as(kind).suffix}")
    result = mine_corpus(corpus)
    assert result.skipped == [] and len(result.files) == 5


# ---------------------------------------------------------------- .docx as Word shows it

def _xml(document, xml: str):
    element = parse_xml(xml.replace("W ", f"{nsdecls('w')} ", 1))
    document.element.body.insert(len(document.element.body) - 1, element)  # before w:sectPr


def test_tracked_changes_read_as_accepted(tmp_path):
    document = docx.Document()
    _xml(document, '<w:p W ><w:r><w:t>一、</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>切实</w:t></w:r></w:ins>'
                   '<w:del w:id="2" w:author="a"><w:r><w:delText>认真</w:delText></w:r></w:del>'
                   '<w:r><w:t>强化责任意识</w:t></w:r>'
                   '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>挪走的话</w:t></w:r></w:moveFrom></w:p>')
    _xml(document, '<w:p W ><w:pPr><w:rPr><w:del w:id="4" w:author="a"/></w:rPr></w:pPr><w:r><w:t>段落标记删掉后，</w:t></w:r></w:p>')
    _xml(document, '<w:p W ><w:r><w:t>两段合成一段。</w:t></w:r><w:hyperlink><w:r><w:t>链接文字</w:t></w:r></w:hyperlink>'
                   '<w:fldSimple w:instr="PAGE"><w:r><w:t>域结果</w:t></w:r></w:fldSimple></w:p>')
    path = tmp_path / "修订.docx"
    document.save(path)
    assert read_speech(path).paragraphs == ["一、切实强化责任意识", "段落标记删掉后，两段合成一段。链接文字域结果"]


def test_tables_and_text_boxes_are_read_in_document_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("表格前的段落。")
    table = document.add_table(rows=2, cols=2)
    for row, texts in zip(table.rows, [("甲", "乙"), ("丙", "丁")]):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    document.add_paragraph("表格后的段落。")
    _xml(document, '<w:p W ><w:r><w:t>锚点段落</w:t></w:r><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
                   '<v:textbox><w:txbxContent><w:p><w:r><w:t>文本框里的话</w:t></w:r></w:p></w:txbxContent></v:textbox>'
                   '</v:shape></w:pict></w:r></w:p>')
    path = tmp_path / "表格.docx"
    document.save(path)
    assert read_speech(path).paragraphs == ["表格前的段落。", "甲", "乙", "丙", "丁", "表格后的段落。", "锚点段落", "文本框里的话"]


# ---------------------------------------------------------------- LibreOffice missing, failing, hanging

def fake_soffice(folder, script: str) -> None:
    """A `soffice` on PATH that runs `script` instead of converting."""
    command = folder / "soffice"
    command.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    command.chmod(command.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def old_word_file(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(office, "_KNOWN_PLACES", ())
    path = tmp_path / "旧版讲话.wps"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return bin_dir, path


def test_missing_libreoffice_says_what_to_install(old_word_file):
    _, path = old_word_file
    with pytest.raises(office.ConverterMissing, match="需要安装 LibreOffice（如 apt install libreoffice-writer-nogui）"):
        read_speech(path)


@pytest.mark.skipif(os.name != "posix", reason="the stand-in soffice is a shell script")
@pytest.mark.parametrize("script,message", [("echo 'Error: source file could not be loaded' >&2; exit 1",
                                             "LibreOffice 无法转换此文件，可能已损坏（Error: source file could not be loaded）"),
                                            (f"exec {shutil.which('sleep')} 5", "LibreOffice 转换超时（超过 1 秒），文件可能已损坏")])
def test_libreoffice_failure_is_one_line(old_word_file, monkeypatch, script, message):
    bin_dir, path = old_word_file
    fake_soffice(bin_dir, script)
    monkeypatch.setattr(office, "TIMEOUT_SECONDS", 1)
    with pytest.raises(InputError) as caught:
        read_speech(path)
    assert str(caught.value) == f"{path}：{message}"


# ---------------------------------------------------------------- bad files: one line each

@pytest.mark.parametrize("name,data,message", [
    ("扫描件.pdf", saved.scanned_pdf(), "这是扫描版或图片 PDF，没有文字层"),
    ("加密.pdf", saved.encrypted_pdf(), "PDF 已加密，需要密码"),
    ("损坏.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "不是有效的 PDF 文件"),
    ("不是.pdf", b"just some words", "不是有效的 PDF 文件"),
    ("空页面.html", b"<html><head><script>var a = 1;</script></head><body></body></html>", "网页中没有找到正文"),
    ("二进制.htm", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x07", "二进制文件"),
    ("损坏.docx", b"PK\x03\x04 truncated", "不是有效的 Word"),
])
def test_bad_file_is_one_chinese_line_naming_it(tmp_path, name, data, message):
    path = saved.write_bytes(tmp_path / name, data)
    with pytest.raises(InputError) as caught:
        read_speech(path)
    assert str(caught.value).startswith(f"{path}：") and message in str(caught.value)
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "Traceback" not in result.output


def test_damaged_files_never_escape_as_a_traceback(tmp_path):
    """Bytes flipped, cut short or zeroed in a .docx, a .pdf and a web page: read, or one InputError."""
    originals = {".docx": saved.as_docx(seed_lines(), tmp_path / "原.docx").read_bytes(),
                 ".pdf": saved.text_pdf(["Comrades:", "1. First part", "2. Second part"]),
                 ".html": saved.as_web_page(seed_lines(), TITLE, tmp_path / "原.html").read_bytes()}
    rng = random.Random(10)
    for case in range(90):
        suffix = list(originals)[case % 3]
        data = bytearray(originals[suffix])
        at = rng.randrange(len(data))
        if case % 9 < 3:
            data = data[:at]
        elif case % 9 < 6:
            data[at:at + 500] = bytes(len(data[at:at + 500]))
        else:
            for _ in range(20):
                data[rng.randrange(len(data))] = rng.randrange(256)
        path = saved.write_bytes(tmp_path / f"{case}{suffix}", bytes(data))
        try:
            read_speech(path)
        except InputError as err:
            assert str(err).startswith(f"{path}：") and "\n" not in str(err)


# ---------------------------------------------------------------- mine lists every file it skips

def test_mine_lists_every_skipped_file_with_its_reason(tmp_path):
    corpus = tmp_path / "语料"
    corpus.mkdir()
    shutil.copy(SEED, corpus)
    saved.write_bytes(corpus / "扫描件.pdf", saved.scanned_pdf())
    saved.write_bytes(corpus / "空.txt", b"\n \n")
    saved.write_bytes(corpus / "统计表.xlsx", b"PK")
    saved.write_bytes(corpus / "~$推进会.docx", b"lock")
    saved.write_bytes(corpus / ".DS_Store", b"\x00")
    (corpus / ".git" / "objects").mkdir(parents=True)
    saved.write_bytes(corpus / ".git" / "objects" / "ab.txt", b"x")
    (corpus / "词表").mkdir()
    saved.write_bytes(corpus / "词表" / "topic_terms.txt", "平安建设\n".encode())
    result = CliRunner().invoke(main, ["mine", str(corpus), "-o", str(tmp_path / "库")])
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("跳过：")]
    assert skipped == [
        f"跳过：{corpus / '.DS_Store'}：隐藏文件，未读取",
        f"跳过：{corpus / '.git'}：隐藏文件夹，未读取",
        f"跳过：{corpus / '~$推进会.docx'}：Word/WPS 打开文档时留下的临时文件，未读取",
        f"跳过：{corpus / '统计表.xlsx'}：不是讲话稿文件类型（.xlsx），未读取；支持 .txt .docx .doc .wps .pdf .html .htm .mht .mhtml",
        f"跳过：{corpus / '词表'}：您自己的词表文件夹，作为词表使用，不作为讲话稿读取",
        f"跳过：{corpus / '扫描件.pdf'}：这是扫描版或图片 PDF，没有文字层，无法读取；请先用 OCR（文字识别）转成文字，或提供 Word 文件",
        f"跳过：{corpus / '空.txt'}：文件为空，没有可读的文字",
    ]
    assert "已提炼 1 篇讲话稿（跳过 7 个文件）" in result.output


def test_strict_minds_unreadable_speeches_not_other_files(tmp_path):
    corpus = tmp_path / "语料"
    corpus.mkdir()
    shutil.copy(SEED, corpus)
    saved.write_bytes(corpus / "说明.json", b"{}")
    assert CliRunner().invoke(main, ["mine", str(corpus), "-o", str(tmp_path / "库"), "--strict"]).exit_code == 0
    saved.write_bytes(corpus / "扫描件.pdf", saved.scanned_pdf())
    result = CliRunner().invoke(main, ["mine", str(corpus), "-o", str(tmp_path / "库"), "--strict"])
    assert result.exit_code == 1 and "有 1 个文件无法读取，按要求未写入表述库" in result.output
