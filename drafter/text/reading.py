"""Finding and reading speech files, and the character-level normalisation the parser works on.

Writers' files come from Word, WPS, web pages, PDFs and old GBK systems, so formats and encodings are
detected without asking: each format has its reader module in drafter.text, all giving lines of text.
Normalisation maps one character to one character, so that offsets found in the normalised text
slice the original text unchanged: the parser decides on the normalised copy, output keeps the original.
"""

from __future__ import annotations

import codecs
import importlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from drafter.errors import InputError, os_reason
from drafter.vocab import OWN_FOLDER

# The reader module (in drafter.text) of each format; each has `lines(path) -> list[str]`.
_READERS = {".docx": "wordfile", ".doc": "office", ".wps": "office", ".pdf": "pdf", ".html": "webpage",
            ".htm": "webpage", ".mht": "webpage", ".mhtml": "webpage"}
SPEECH_SUFFIXES = (".txt", *_READERS)

# Redactions in the originals (**, ***, *个, x同志): slots to fill, never text to copy.
REDACTION_RE = re.compile(r"\*+|(?<![A-Za-z])[xX×某]同志")

_WIDTH = str.maketrans(
    {
        "\u3000": " ", "\xa0": " ", "\t": " ", "\u200b": " ", "\ufeff": " ",
        **{chr(c): " " for c in range(0x2002, 0x200B)},
        "(": "（", ")": "）", "!": "！", "?": "？", ";": "；",
        "［": "[", "］": "]",
        **{chr(0xFF10 + d): str(d) for d in range(10)},
    }
)
# str.translate looks every character of a Chinese text up in the table: a regular expression (a C scan)
# finds the few characters of the table a text holds, and only those are replaced.
_WIDTH_RE = re.compile("[" + re.escape("".join(map(chr, _WIDTH))) + "]")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_NO_END = "的之和与及或对把将被从向于在其各该每"  # words no sentence ends on
# Half-width punctuation that stands between Chinese text (not inside numbers like 1,000 or 10:30).
_COMMA_RE = re.compile(r"(?<!\d),|,(?!\d)")
_COLON_RE = re.compile(r"(?<!\d):|:(?!\d)")
# A lone ASCII "." after a word no sentence ends on (会议精神的.贯彻, 和.落实) and before a Chinese character is
# OCR or paste debris, not a full stop: it is kept as it is.
_PERIOD_RE = re.compile(rf"(?<=[{_CJK}”）」』])(?:(?<![{_NO_END}])\.|．)(?![\d.．])|(?<=[{_NO_END}])\.(?![\d.．{_CJK}])")
_FW_DOT_RE = re.compile(r"．")
# 一. / 一，/ 一． opening a paragraph (any line of the text) is a typed 一、
_CN_LEAD_RE = re.compile(r"^([一二三四五六七八九十]{1,3})[.．。，](?=\S)", re.M)
# Straight quotes pair up within a line: the first of each pair opens, a last unpaired one opens too.
_QUOTE_PAIR_RE = re.compile(r'"([^"\n]*)"')
# What a speech is written in: ASCII, general and CJK punctuation, CJK characters, full-width forms.
_TEXT_CHAR_RE = re.compile(rf"[\s!-~\u2010-\u203a\u3000-\u303f{_CJK}\uff00-\uffef]")


@dataclass(frozen=True)
class SpeechFile:
    """A speech as read from disk: its name for provenance and its paragraphs, original text."""

    name: str
    paragraphs: list[str]


def normalize(text: str) -> str:
    """Full-width punctuation and plain spaces, one character for one, for parsing and matching.

    Each line of a many-line text is normalised as it would be alone, so a whole page is normalised at
    once (a handful of C-speed passes) rather than line by line."""
    text = _pair_quotes(_WIDTH_RE.sub(_width, text))
    if "," in text:
        text = _COMMA_RE.sub("，", text)
    if ":" in text:
        text = _COLON_RE.sub("：", text)
    if "." in text or "．" in text:
        text = _FW_DOT_RE.sub(".", _PERIOD_RE.sub("。", text))
    return _CN_LEAD_RE.sub(r"\1、", text)


def _width(match: re.Match[str]) -> str:
    return _WIDTH[ord(match.group())]


def _pair_quotes(text: str) -> str:
    """Straight double quotes become “ and ” alternately within each line, as a writer typing in Chinese
    would have them."""
    if '"' not in text:
        return text
    return _QUOTE_PAIR_RE.sub(r"“\1”", text).replace('"', "“")


def has_redaction(text: str) -> bool:
    """True when the text holds a redaction slot (**, x同志…)."""
    return REDACTION_RE.search(text) is not None


def decode(data: bytes, name: str) -> str:
    """Text of a .txt file in UTF-8 or UTF-16 (each with or without BOM), or GB18030/GBK."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(f"{name}：文件以 {encoding.upper()} 标记开头，但内容无法按该编码解码（第 {err.start} 字节）") from None
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError(f"{name}：这是二进制文件，不是讲话稿文本或 Word、PDF、网页文件")
        return text
    text = _decoded(data, ("utf-8", "gb18030"), lambda text: not _looks_binary(text))
    if text is not None:
        return text
    raise InputError(f"{name}：无法识别文件编码（支持 UTF-8、GB18030/GBK、UTF-16）")


def _utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 without a BOM (some Windows tools): the byte order under which it reads as
    Chinese and ASCII text; binary data reads as neither."""
    if len(data) % 2:
        return None
    return _decoded(data, ("utf-16-le", "utf-16-be"), lambda text: len(_TEXT_CHAR_RE.findall(text)) >= 0.9 * len(text))


def _decoded(data: bytes, encodings: tuple[str, ...], fits) -> str | None:
    """`data` decoded by the first of `encodings` that decodes it into text that `fits`."""
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if fits(text):
            return text
    return None


_CONTROL_RE = re.compile("[" + "".join(chr(c) for c in range(32) if chr(c) not in "\r\n\t\f\v") + "]")


def _looks_binary(text: str) -> bool:
    controls = len(_CONTROL_RE.findall(text))  # counted in C: this runs on every file read
    return controls > max(2, len(text) // 100)


def read_speech(path: str | Path) -> SpeechFile:
    """Read a speech file of any supported format into its non-empty paragraphs (original text, outer spaces
    trimmed)."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise InputError(f"{path}：文件不存在")
    if path.is_dir():
        raise InputError(f"{path}：这是一个文件夹，请给出讲话稿文件")
    try:
        lines = _reader(path)(path)
    except OSError as err:
        raise InputError(f"{path}：无法读取（{os_reason(err)}）") from None
    paragraphs = [line.strip(" \u3000\t\xa0\ufeff\u200b") for line in lines]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise InputError(f"{path}：文件为空，没有可读的文字")
    return SpeechFile(name=name, paragraphs=paragraphs)


def _reader(path: Path) -> Callable[[Path], list[str]]:
    """The lines reader for a file's format, by its extension (anything else is read as text)."""
    module = _READERS.get(path.suffix.lower())
    return importlib.import_module(f"drafter.text.{module}").lines if module else _text_lines


def _text_lines(path: Path) -> list[str]:
    return decode(path.read_bytes(), str(path)).splitlines()


@dataclass(frozen=True)
class Listing:
    """A corpus folder's files: the speeches to read, and every other file with the one-line reason it is
    not read, so that nothing in the folder is passed over in silence."""

    speeches: list[Path]
    others: list[tuple[Path, str]]


METADATA_FILE = "metadata.json"  # a folder's table of its speeches' titles, topics and occasions


def list_corpus(folder: str | Path) -> Listing:
    """Every file under `folder`, sorted: speech files by extension, the rest with their reason."""
    folder = Path(folder)
    if folder.is_file():
        raise InputError(f"{folder}：这是一个文件，请给出存放讲话稿的语料文件夹")
    if not folder.is_dir():
        raise InputError(f"{folder}：语料文件夹不存在")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise InputError(f"{folder}：没有读取权限，无法列出其中的讲话稿")
    speeches: list[Path] = []
    others: list[tuple[Path, str]] = []
    for path, reason in _walk(folder):
        if reason:
            others.append((path, f"{path}：{reason}"))
        else:
            speeches.append(path)
    return Listing(sorted(speeches), sorted(others))


def _walk(folder: Path) -> Iterator[tuple[Path, str]]:
    """Files under `folder` with why they are not read ("" for a speech); hidden folders (.git…) and the
    writer's word lists (词表/) are named once, not entered."""
    try:
        children = list(folder.iterdir())
    except OSError as err:
        yield folder, f"无法打开文件夹（{os_reason(err)}）"
        return
    for path in children:
        if path.name.startswith("."):
            yield path, "隐藏文件夹，未读取" if path.is_dir() else "隐藏文件，未读取"
        elif path.is_dir() and path.name == OWN_FOLDER:
            yield path, "您自己的词表文件夹，作为词表使用，不作为讲话稿读取"
        elif path.is_dir():
            yield from _walk(path)
        else:
            yield path, _not_read(path)


def _not_read(path: Path) -> str:
    """Why a file is not read as a speech, or "" when it is one."""
    if path.name == METADATA_FILE:
        return "语料说明文件，用作各篇讲话的标题、主题和场合，不作为讲话稿读取"
    if path.name.startswith("~$"):
        return "Word/WPS 打开文档时留下的临时文件，未读取"
    if path.suffix.lower() not in SPEECH_SUFFIXES:
        kind = path.suffix or "无扩展名"
        return f"不是讲话稿文件类型（{kind}），未读取；支持 {' '.join(SPEECH_SUFFIXES)}"
    return ""


def speech_files(folder: str | Path) -> list[Path]:
    """The speech files of a corpus folder, in a stable (sorted) order."""
    return list_corpus(folder).speeches
