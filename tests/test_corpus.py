"""Reading files: encodings detected without asking, .docx paragraphs, and one-line errors."""

import codecs
import zipfile

import pytest
from click.testing import CliRunner

from conftest import CORPUS, write
from drafter.cli import main
from drafter.text.reading import normalize, read_speech, speech_files
from drafter.errors import InputError
from drafter.structure.parser import parse_file

SEED = CORPUS / "推进会_全市平安建设工作推进大会.txt"


@pytest.mark.parametrize("encoding,bom", [("utf-8", codecs.BOM_UTF8), ("gb18030", b""), ("gbk", b""),
                                          ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_encoded_twin_parses_exactly_like_utf8(tmp_path, encoding, bom):
    text = SEED.read_text(encoding="utf-8")
    twin = tmp_path / SEED.name
    twin.write_bytes(bom + text.replace("\n", "\r\n").encode(encoding))
    assert parse_file(twin).to_dict() == parse_file(SEED).to_dict()


def test_docx_paragraphs_are_read_in_order(tmp_path):
    import docx

    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "推进会.docx"
    document.save(path)
    from_docx, from_txt = parse_file(path).to_dict(), parse_file(SEED).to_dict()
    from_docx.pop("file"), from_txt.pop("file")
    assert from_docx == from_txt


def test_normalize_is_one_for_one():
    raw = '同志们:今天,我们开会.他说"要落实"!(一)1,000元10:30'
    assert normalize(raw) == "同志们：今天，我们开会。他说“要落实”！（一）1,000元10:30"
    assert len(normalize(raw)) == len(raw)


def test_corpus_listing_is_sorted_and_skips_metadata():
    names = [p.name for p in speech_files(CORPUS)]
    assert names == sorted(names) and len(names) == 5
    assert all(name.endswith(".txt") for name in names)


def raw(folder, name, data: bytes):
    path = folder / name
    path.write_bytes(data)
    return path


def corrupt_docx(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>broken")
    return path


@pytest.mark.parametrize("make,message", [
    (lambda d: d / "没有这个文件.txt", "文件不存在"),
    (lambda d: d, "这是一个文件夹"),
    (lambda d: write(d, "空.txt", "  \n\n"), "文件为空"),
    (lambda d: raw(d, "图片.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "二进制文件"),
    (lambda d: raw(d, "乱码.txt", b"abc\xff\xff\xff" * 3), "无法"),
    (lambda d: corrupt_docx(d / "损坏.docx"), "不是有效的 Word"),
    (lambda d: raw(d, "半截.docx", b"PK\x03\x04 truncated"), "不是有效的 Word"),
])
def test_bad_input_gives_one_chinese_line_naming_the_file(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(InputError) as caught:
        read_speech(path)
    assert message in str(caught.value) and str(path) in str(caught.value)
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("错误：") and str(path) in result.output
    assert "Traceback" not in result.output


def test_undecodable_text_is_reported(tmp_path):
    path = tmp_path / "坏编码.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd")
    with pytest.raises(InputError, match="UTF-8"):
        read_speech(path)
