"""A speech saved the ways writers keep it (.docx, .doc, .pdf, a saved web page, GB18030 .txt), made at
test time, and small hand-made PDFs for the cases no tool writes on demand (scanned, encrypted)."""

from __future__ import annotations

import html
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from drafter.text import office


def soffice() -> str:
    """The LibreOffice command; the test is skipped where it is not installed."""
    found = office.find_soffice()
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def as_docx(lines: list[str], path: Path) -> Path:
    """The speech as Word would save it, with the 公文 page number “— 1 —” in the footer."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("— ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" —")
    document.save(path)
    return path


def converted(lines: list[str], folder: Path, to: str) -> Path:
    """The speech saved by LibreOffice from .docx as `to` (doc, pdf)."""
    source = as_docx(lines, folder / "source.docx")
    work = folder / f"to-{to}"
    work.mkdir()
    return office.convert(soffice(), source, work, to)


def as_web_page(lines: list[str], title: str, path: Path, charset: str = "gbk", old_style: bool = False) -> Path:
    """The speech as a government site serves it: navigation, breadcrumbs, a sidebar, share and print
    links, 相关推荐, a copyright notice and a footer around it, saved in the page's own charset. An
    `old_style` page lays the text out in a table cell, lines ended by <br>."""
    links = "".join(f'<li><a href="/art/{i}.html">关于做好第{i}季度安全生产工作的通知</a><span>2023-0{i}-1{i}</span></li>'
                    for i in range(1, 7))
    if old_style:
        text = "<br>\n".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{html.escape(line)}" for line in lines)
        paragraphs = f'<table width="760"><tr><td class="bt_content"><font size="3">{text}</font></td></tr></table>'
    else:
        paragraphs = "\n".join(f'<p style="text-indent:2em">{html.escape(line)}</p>' for line in lines)
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_领导讲话_某某市人民政府门户网站</title>
<style>body{{font-size:14px}}</style><script>var _hmt = _hmt || [];</script></head>
<body><div class="header"><div class="logo">某某市人民政府门户网站</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/xw">新闻中心</a></li><li><a href="/zw">政务公开</a></li>
<li><a href="/hd">互动交流</a></li></ul><form><input name="q" placeholder="请输入关键字"><button>搜索</button></form></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务公开</a> &gt; 领导讲话</div>
<div class="main"><div class="sidebar"><h3>热点新闻</h3><ul>{links}</ul></div>
<div class="article"><h1>{title}</h1>
<div class="info">发布时间：2023-05-10 09:30 来源：市政府办公室 浏览次数：1234 字号：<a>大</a> <a>中</a> <a>小</a></div>
<div class="content" id="zoom">
{paragraphs}
</div>
<div class="tools"><a href="javascript:window.print()">【打印本文】</a> <a>【关闭窗口】</a> 分享到：<a>微信</a><a>微博</a></div>
<div class="related"><h3>相关推荐</h3><ul>{links}</ul></div></div></div>
<div class="footer"><p>版权声明：本网站所载文字、图片等内容，未经授权不得转载。</p>
<p>主办单位：某某市人民政府办公室 网站标识码：1234000001 某ICP备12345678号</p>
<p>地址：某某市人民路1号 联系电话：0000-12345678</p></div>
<script>document.write("统计代码");</script></body></html>"""
    path.write_bytes(page.encode(charset))
    return path


def pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file of numbered `objects` (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), entries, data)


def scanned_pdf() -> bytes:
    """One page holding only an image, as a scanner makes it."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
        stream(b"\x80", b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8"),
    ])


def text_pdf(lines: list[str]) -> bytes:
    """One page of ASCII `lines` in Helvetica, as a minimal PDF with a text layer."""
    shown = b"".join(b"(%s) Tj 0 -16 Td " % line.encode("ascii") for line in lines)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        stream(b"BT /F1 12 Tf 72 760 Td %s ET" % shown),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def cid_pdf(lines: list[str]) -> bytes:
    """One page of Chinese `lines` in the standard CID font STSong-Light (Adobe-GB1, not embedded, no
    ToUnicode map), as older Chinese PDF tools write them: the text is only CIDs through UniGB-UCS2-H."""
    shown = b"".join(b"<%s> Tj 0 -18 Td " % line.encode("utf-16-be").hex().encode() for line in lines)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        stream(b"BT /F1 14 Tf 72 760 Td %s ET" % shown),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /DW 1000 /FontDescriptor 7 0 R "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
    ])


def encrypted_pdf() -> bytes:
    """A PDF locked with a user password (standard security handler, RC4)."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>" % (b"11" * 32, b"22" * 32),
    ], trailer=b"/Encrypt 3 0 R /ID [<%s> <%s>]" % (b"ab" * 16, b"ab" * 16))
