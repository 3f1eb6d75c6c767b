"""Saved web pages (.html/.htm, and .mht/.mhtml single-file saves): the speech itself, without the site
around it.

trafilatura finds a page's main text and drops navigation, sidebars, 相关推荐, share bars and footers;
it works on the saved file, offline. Its result is a small XML tree (head, p, list/item, table/cell, lb)
that is read here as one line per block. The page is decoded by its own declaration first (many
government sites still serve GBK), then as UTF-8 or GB18030. A .mht/.mhtml file (the single-file save of
Word, Internet Explorer and Chrome) is a MIME archive whose page is one part, read with the email package.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import logging
import re
from functools import cache
from pathlib import Path

from drafter.errors import InputError
from drafter.text.reading import decode

# trafilatura and htmldate set a null handler for their warnings; the libraries they call do not.
for _library in ("courlan", "justext"):
    logging.getLogger(_library).addHandler(logging.NullHandler())

_DECLARED_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# GB2312 and GBK pages routinely hold characters only their superset GB18030 has.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
ARCHIVES = (".mht", ".mhtml")
_BLOCKS = frozenset({"head", "p", "list", "item", "table", "row", "cell", "quote", "code", "lb"})


def lines(path: Path) -> list[str]:
    """The main text of a saved web page, one line per paragraph, its title first."""
    import trafilatura

    data, charset = _archived_page(path) if path.suffix.lower() in ARCHIVES else (path.read_bytes(), None)
    page = page_text(data, path, charset)
    try:
        found = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, include_tables=True,
                                            config=_config())
    except Exception as err:  # trafilatura's parsers fail on broken markup in their own ways
        raise InputError(f"{path}：网页无法解析，可能已损坏（{type(err).__name__}）") from None
    body = _block_lines(found.body) if found is not None and found.body is not None else []
    if not body:
        raise InputError(f"{path}：网页中没有找到正文")
    title = (found.title or "").strip()
    return body if not title or title in body[:3] else [title, *body]


@cache
def _config():
    """trafilatura's settings, but a main text of any length: below its default 250 characters it falls back
    to the whole page, and a short excerpt of a speech is still the speech."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def _archived_page(path: Path) -> tuple[bytes, str | None]:
    """The HTML part of a MIME web archive, decoded from its transfer encoding, and its declared charset."""
    archive = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    page = next((part for part in archive.walk() if part.get_content_type() == "text/html"), None)
    if page is None:
        raise InputError(f"{path}：这个网页存档（.mht）里没有网页内容，可能已损坏")
    return page.get_payload(decode=True) or b"", page.get_content_charset()


def page_text(data: bytes, path: Path, charset: str | None = None) -> str:
    """A page's text in `charset` (its archive's declaration) or the charset the page declares, else UTF-8,
    else GB18030."""
    declared = _DECLARED_RE.search(data[:4096])
    name = (charset or (declared.group(1).decode("ascii") if declared else "")).lower()
    if name and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode(_SUPERSETS.get(name, name))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: detect as for any text file
    return decode(data, str(path))


def _block_lines(tree) -> list[str]:
    """Text of trafilatura's XML tree, a line break around every block element."""
    parts: list[str] = []

    def walk(element) -> None:
        block = element.tag in _BLOCKS
        parts.append("\n" if block else "")
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        parts.append("\n" if block else "")

    walk(tree)
    return [line.strip() for line in "".join(parts).splitlines() if line.strip()]
