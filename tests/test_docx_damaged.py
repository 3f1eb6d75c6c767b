"""Damaged .docx files: one line each, and in a mine the file is skipped with its reason."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import pytest
from click.testing import CliRunner

from drafter.cli import main
from drafter.resources import bundled

SPEECH = bundled("corpus") / "推进会_全市平安建设工作推进大会.txt"


@pytest.fixture(scope="module")
def good_docx(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("docx") / "讲话.docx"
    assert CliRunner().invoke(main, ["export", str(SPEECH), "-o", str(out)]).exit_code == 0
    return out.read_bytes()


def damaged(data: bytes, how: str) -> bytes:
    """The .docx with its main document part damaged: corrupt deflate data, the encryption flag set, or an
    unknown compression method (in both its local and its central header)."""
    data = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        local = archive.getinfo("word/document.xml").header_offset
    name = b"word/document.xml"
    central = data.find(b"PK\x01\x02", 0)
    while data[central + 46:central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 1)
    if how == "corrupt":
        start = local + 30 + len(name) + struct.unpack("<H", data[local + 28:local + 30])[0]
        data[start:start + 40] = b"\xff" * 40
    elif how == "encrypted":
        for flags in (local + 6, central + 8):
            data[flags] |= 1
    elif how == "method":
        for method in (local + 8, central + 10):
            data[method:method + 2] = struct.pack("<H", 99)
    return bytes(data)


@pytest.mark.parametrize("how, problem", [
    ("corrupt", "压缩数据已损坏"), ("encrypted", "已加密"), ("method", "不支持的压缩方式"),
])
def test_a_damaged_docx_is_one_line_and_skipped_in_a_mine(tmp_path, good_docx, how, problem):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(damaged(good_docx, how))
    result = CliRunner().invoke(main, ["parse", str(bad)])
    assert result.exit_code == 1 and result.output.splitlines() == [result.output.strip()]
    assert "坏.docx" in result.output and problem in result.output, result.output

    corpus = tmp_path / "corpus"
    shutil.copytree(bundled("corpus"), corpus)
    shutil.copy(bad, corpus)
    result = CliRunner().invoke(main, ["mine", str(corpus), "-o", str(tmp_path / "bank")])
    assert result.exit_code == 0, result.output
    assert any(line.startswith("跳过：") and "坏.docx" in line and problem in line for line in result.output.splitlines())
