"""PDF files with a text layer, read with pdfminer.six, one line per printed line.

pdfminer maps Chinese CID fonts (embedded or the standard Adobe-GB1 ones) back to characters. Its own
line grouping follows the order text was drawn, and Word/WPS exports draw “ ” and other fallback-font
glyphs in separate runs, which then land on lines of their own; so the characters are laid out here by
position instead: rows by height on the page, characters by their left edge. Running page numbers
(— 3 —, -3-, 第3页) and headers or footers repeated on every page are dropped; the wrapped lines are left
for the parser's paragraph repair to join.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from drafter.errors import InputError

# pdfminer warns about every odd font or broken xref and, unlike most libraries, sets no handler of its
# own: Python would print its warnings to the writer.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

_PAGE_NUMBER_RE = re.compile(
    r"^[-—–－~\s]*(第\s*)?\d{1,4}(\s*页)?([\s/／]*(共\s*)?\d{1,4}\s*页?)?[-—–－~\s]*$"
)


class ScannedPdf(InputError):
    """A PDF of page images: nothing to read without OCR."""


def lines(path: Path) -> list[str]:
    """The printed lines of a PDF's pages, in reading order, without page numbers and running heads."""
    pages = [_rows(chars) for chars in _page_chars(path)]
    if not any(pages):
        raise ScannedPdf(f"{path}：这是扫描版或图片 PDF，没有文字层，无法读取；请先用 OCR（文字识别）转成文字，或提供 Word 文件")
    return [row for page in _without_running_lines(pages) for row in page]


def _page_chars(path: Path) -> list[list]:
    """Every character box of every page (LTChar objects)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfdocument import PDFEncryptionError  # PDFPasswordIncorrect is one
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    def chars(item) -> Iterator[LTChar]:
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            for inner in item:
                yield from chars(inner)

    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=None)
    interpreter = PDFPageInterpreter(resources, device)
    try:
        with path.open("rb") as handle:
            pages = []
            for page in PDFPage.get_pages(handle):
                interpreter.process_page(page)
                pages.append(list(chars(device.get_result())))
            return pages
    except PDFEncryptionError:
        raise InputError(f"{path}：PDF 已加密，需要密码才能打开，无法读取") from None
    except OSError:
        raise
    except Exception as err:  # pdfminer fails on damaged files with anything from PSEOF to KeyError
        raise InputError(f"{path}：不是有效的 PDF 文件，可能已损坏（{type(err).__name__}）") from None


def _rows(chars: list) -> list[str]:
    """Characters grouped into printed lines, top to bottom, each read left to right."""
    upright = sorted((c for c in chars if c.upright), key=lambda c: -_middle(c))
    rows: list[list] = []
    for char in upright:
        if rows and abs(_middle(rows[-1][0]) - _middle(char)) <= rows[-1][0].height / 2:
            rows[-1].append(char)
        else:
            rows.append([char])
    return [text for row in rows if (text := _text(sorted(row, key=lambda c: c.x0)).strip())]


def _middle(char) -> float:
    return (char.y0 + char.y1) / 2


def _text(row: list) -> str:
    """A row's characters, with a space where the gap between two is wider than a character."""
    parts = [row[0].get_text()]
    for before, char in zip(row, row[1:]):
        if char.x0 - before.x1 > max(char.size, before.size):
            parts.append(" ")
        parts.append(char.get_text())
    return "".join(parts)


def _without_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Pages without page numbers and without the lines that head or foot most pages (running heads)."""
    edges = Counter(line for page in pages for line in {*page[:1], *page[-1:]})
    running = {line for line, count in edges.items() if count >= 2 and count * 2 >= len(pages)}
    return [[line for at, line in enumerate(page) if not _furniture(line, at, len(page), running)] for page in pages]


def _furniture(line: str, at: int, rows: int, running: set[str]) -> bool:
    at_edge = at < 2 or at >= rows - 2
    return at_edge and (line in running or _PAGE_NUMBER_RE.match(line) is not None)
