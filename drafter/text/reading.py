"""Finding and reading speech files, and the character-level normalisation the parser works on.

Writers' files come from Word, WPS, web pages and old GBK systems, so encodings are detected without
asking. Normalisation maps one character to one character, so that offsets found in the normalised text
slice the original text unchanged: the parser decides on the normalised copy, output keeps the original.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from drafter.errors import InputError, os_reason
from drafter.vocab import OWN_FOLDER

SPEECH_SUFFIXES = (".txt", ".docx")

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
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# Half-width punctuation that stands between Chinese text (not inside numbers like 1,000 or 10:30).
_COMMA_RE = re.compile(r"(?<!\d),|,(?!\d)")
_COLON_RE = re.compile(r"(?<!\d):|:(?!\d)")
_PERIOD_RE = re.compile(rf"(?<=[{_CJK}”）」』])[.．](?![\d.．])")
_FW_DOT_RE = re.compile(r"．")
# 一. / 一，/ 一． opening a paragraph (any line of the text) is a typed 一、
_CN_LEAD_RE = re.compile(r"^([一二三四五六七八九十]{1,3})[.．。，](?=\S)", re.M)
# Straight quotes pair up within a line: the first of each pair opens, a last unpaired one opens too.
_QUOTE_PAIR_RE = re.compile(r'"([^"\n]*)"')


@dataclass(frozen=True)
class SpeechFile:
    """A speech as read from disk: its name for provenance and its paragraphs, original text."""

    name: str
    paragraphs: list[str]


def normalize(text: str) -> str:
    """Full-width punctuation and plain spaces, one character for one, for parsing and matching.

    Each line of a many-line text is normalised as it would be alone, so a whole page is normalised at
    once (a handful of C-speed passes) rather than line by line."""
    text = _pair_quotes(text.translate(_WIDTH))
    if "," in text:
        text = _COMMA_RE.sub("，", text)
    if ":" in text:
        text = _COLON_RE.sub("：", text)
    if "." in text or "．" in text:
        text = _FW_DOT_RE.sub(".", _PERIOD_RE.sub("。", text))
    return _CN_LEAD_RE.sub(r"\1、", text)


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
    """Text of a .txt file in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(f"{name}：文件以 {encoding.upper()} 标记开头，但内容无法按该编码解码（第 {err.start} 字节）") from None
    if b"\x00" in data:
        raise InputError(f"{name}：这是二进制文件，不是讲话稿文本（.txt）或 Word 文件（.docx）")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text
    raise InputError(f"{name}：无法识别文件编码（支持 UTF-8、GB18030/GBK、带 BOM 的 UTF-16）")


_CONTROLS = dict.fromkeys(c for c in range(32) if chr(c) not in "\r\n\t\f\v")


def _looks_binary(text: str) -> bool:
    controls = len(text) - len(text.translate(_CONTROLS))  # counted in C: this runs on every file read
    return controls > max(2, len(text) // 100)


def read_speech(path: str | Path) -> SpeechFile:
    """Read a .txt or .docx speech into its non-empty paragraphs (original text, outer spaces trimmed)."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise InputError(f"{path}：文件不存在")
    if path.is_dir():
        raise InputError(f"{path}：这是一个文件夹，请给出讲话稿文件")
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise InputError(f"{path}：不支持旧版 .doc 格式，请在 Word 或 WPS 中另存为 .docx")
    try:
        lines = _read_docx(path) if suffix == ".docx" else decode(path.read_bytes(), str(path)).splitlines()
    except OSError as err:
        raise InputError(f"{path}：无法读取（{os_reason(err)}）") from None
    paragraphs = [line.strip(" \u3000\t\xa0\ufeff\u200b") for line in lines]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise InputError(f"{path}：文件为空，没有可读的文字")
    return SpeechFile(name=name, paragraphs=paragraphs)


def _read_docx(path: Path) -> list[str]:
    import zipfile

    import docx  # python-docx is imported only when a .docx is actually read
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as err:
        raise InputError(f"{path}：不是有效的 Word（.docx）文件，可能已损坏（{type(err).__name__}）") from None
    except Exception as err:  # lxml raises its own XMLSyntaxError family for damaged parts
        if type(err).__module__.startswith("lxml"):
            raise InputError(f"{path}：Word 文件内容已损坏，无法解析") from None
        raise
    return [paragraph.text for paragraph in document.paragraphs]


def speech_files(folder: str | Path) -> list[Path]:
    """The speech files of a corpus folder, in a stable (sorted) order; metadata, hidden files and the
    writer's word lists (词表/) skipped."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}：语料文件夹不存在")
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in SPEECH_SUFFIXES and not p.name.startswith((".", "~$"))
        and OWN_FOLDER not in p.relative_to(folder).parts
    )
