"""A .docx read as Word shows it with all changes accepted: its body paragraphs, tables and text boxes in
document order.

python-docx's `Paragraph.text` reads only a paragraph's direct runs: tracked insertions (w:ins), content
controls and simple fields are lost, and tables and text boxes are elsewhere. Writers' drafts are full of
tracked changes, so the body is walked here: inserted text in, deleted and moved-away text out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from drafter.errors import InputError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TXBX = _W + "p", _W + "tbl", _W + "txbxContent"
_TEXT = {_W + "t": None, _W + "tab": " ", _W + "noBreakHyphen": "-", _W + "softHyphen": ""}
_BREAKS = {_W + "br", _W + "cr"}
# Not shown once changes are accepted (w:del, w:moveFrom), shown another way (mc:Fallback repeats the text
# box that mc:Choice holds), or not text at all (properties, field codes, footnote marks).
_HIDDEN = {_W + "del", _W + "moveFrom", _MC + "Fallback", _W + "pPr", _W + "rPr", _W + "instrText",
           _W + "delInstrText", _W + "footnoteReference", _W + "endnoteReference"}


def lines(path: Path) -> list[str]:
    """The text of a .docx, one line per paragraph (and per line break inside one)."""
    body = _open(path).element.body
    return [line for paragraph in _paragraphs(body) for line in paragraph.split("\n")]


def _open(path: Path):
    import docx  # python-docx is imported only when a .docx is actually read

    try:
        return docx.Document(str(path))
    except OSError:
        raise  # the file could not be read at all: reported as such by read_speech
    except Exception as err:  # a damaged package fails anywhere in zipfile, zlib, lxml or python-docx
        raise InputError(f"{path}：{_damage(err)}") from None


def _damage(err: Exception) -> str:
    """What is wrong with a .docx that would not open, as the writer can act on it."""
    import zlib

    if isinstance(err, RuntimeError) and "encrypted" in str(err):  # zipfile: "… is encrypted, password required"
        return "Word 文件已加密，请在 Word 或 WPS 中取消密码后另存"
    if isinstance(err, NotImplementedError):  # zipfile: a compression method it does not know
        return "Word 文件使用了不支持的压缩方式，请在 Word 或 WPS 中另存"
    if isinstance(err, zlib.error):
        return "Word 文件的压缩数据已损坏"
    return f"不是有效的 Word（.docx）文件，可能已损坏（{type(err).__name__}）"


def _paragraphs(container) -> Iterator[str]:
    """Paragraph texts of a body, table cell or text box in document order; a paragraph whose mark was
    deleted runs on into the next one, as it does once the deletion is accepted."""
    pending = ""
    for element in _blocks(container):
        text, boxes = _paragraph(element)
        if _mark_deleted(element):
            pending += text
        else:
            yield pending + text
            pending = ""
        for box in boxes:
            yield from _paragraphs(box)
    if pending:
        yield pending


def _blocks(container) -> Iterator:
    """The w:p elements of a container, descending into tables, content controls and tracked wrappers."""
    for child in container.iterchildren():
        if child.tag == _P:
            yield child
        elif child.tag not in _HIDDEN and isinstance(child.tag, str):
            yield from _blocks(child)


def _mark_deleted(paragraph) -> bool:
    properties = paragraph.find(_W + "pPr")
    marks = properties.find(_W + "rPr") if properties is not None else None
    return marks is not None and marks.find(_W + "del") is not None


def _paragraph(paragraph) -> tuple[str, list]:
    """A paragraph's visible text, and the text boxes anchored in it (read after it)."""
    parts: list[str] = []
    boxes: list = []

    def walk(element) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag in _HIDDEN or not isinstance(tag, str):
                continue
            if tag in _TEXT:
                shown = _TEXT[tag]
                parts.append((child.text or "") if shown is None else shown)
            elif tag in _BREAKS:
                parts.append("\n")
            elif tag == _TXBX:
                boxes.append(child)
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts), boxes
