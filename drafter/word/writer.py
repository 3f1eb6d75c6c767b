"""Speech → .docx in the 公文 house style (drafter.word.housestyle), with placeholders highlighted and,
on request, each reused sentence's provenance as a Word comment.

The package is assembled from our own parts (styles, settings, footers), loaded with python-docx for
comments, and saved with fixed zip timestamps so the same speech and options give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from drafter.word import housestyle as hs
from drafter.errors import UsageError
from drafter.files import check_writable, write_atomic
from drafter.structure.length import PLACEHOLDER_RE, measure
from drafter.structure.model import Block, Paragraph, Provenance, Speech

COMMENT_AUTHOR = "drafter"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_PROVENANCE_LABELS = {"file": "来源", "paragraph": "段落", "frame": "句式", "note": "说明"}
_INTERNAL_KEYS = {"set"}  # ids that tie entries together in the phrasebank: nothing a reviewer reads


@dataclass
class _Para:
    """One paragraph being laid out: its style, its runs as XML, and the run ranges that carry a source."""

    style: str
    runs: list[str] = field(default_factory=list)
    anchors: list[tuple[int, int, Provenance]] = field(default_factory=list)

    def add(self, text: str, char_style: str | None, source: Provenance | None) -> None:
        first = len(self.runs)
        self.runs += [_run(piece, char_style, placeholder) for piece, placeholder in _pieces(text)]
        if source and len(self.runs) > first:
            self.anchors.append((first, len(self.runs) - 1, source))

    def xml(self) -> str:
        return f'<w:p><w:pPr><w:pStyle w:val="{self.style}"/></w:pPr>{"".join(self.runs)}</w:p>'


def _pieces(text: str):
    """The text cut at placeholders: (piece, is_placeholder) in order, no empty pieces."""
    at = 0
    for match in PLACEHOLDER_RE.finditer(text):
        if match.start() > at:
            yield text[at:match.start()], False
        yield match.group(), True
        at = match.end()
    if at < len(text):
        yield text[at:], False


def _run(text: str, char_style: str | None, placeholder: bool) -> str:
    # w:hint="eastAsia": “ ” — …… shared by both scripts take the Chinese font, not Times New Roman
    style = f'<w:rStyle w:val="{char_style}"/>' if char_style else ""
    mark = '<w:highlight w:val="yellow"/>' if placeholder else ""
    return f'<w:r><w:rPr>{style}<w:rFonts w:hint="eastAsia"/>{mark}</w:rPr><w:t xml:space="preserve">{hs.xml_text(text)}</w:t></w:r>'


class _Layout:
    """The speech's paragraphs in reading order, built the way `Speech.to_text` lays out its lines, so
    that `drafter parse` reads the .docx back to the same structure."""

    def __init__(self) -> None:
        self.paragraphs: list[_Para] = []

    def add(self, text: str, style: str = hs.BODY, *, char: str | None = None, runin: bool = False,
            source: Provenance | None = None) -> None:
        """Add text as a new paragraph of `style`, or (runin) at the end of the last paragraph."""
        if not (runin and self.paragraphs):
            self.paragraphs.append(_Para(style))
        self.paragraphs[-1].add(text, char, source)

    def blank(self) -> None:
        self.paragraphs.append(_Para("Normal"))

    def speech(self, speech: Speech) -> None:
        self.header(speech)
        if speech.salutation:
            self.add(speech.salutation, hs.SALUTATION)
        self.texts(speech.opening)
        if speech.transition:
            self.add(speech.transition.text, runin=speech.transition.runin, source=speech.transition.source)
        for part in speech.parts:
            self.block(part)
        self.texts(speech.closing)
        if speech.signoff:
            self.add(speech.signoff, runin=speech.signoff_runin)

    def header(self, speech: Speech) -> None:
        """Title (subtitles ——… in 楷体), a blank line, the date in （） and the speaker, a blank line."""
        for line in hs.title_lines(speech.title):
            self.add(line, hs.DATE_LINE if line.startswith("——") else hs.TITLE)
        lines = [_bracketed(speech.date)] if speech.date else []
        lines += [speech.speaker] if speech.speaker else []
        if speech.title and lines:
            self.blank()
        for line in lines:
            self.add(line, hs.DATE_LINE)
        if speech.title or lines:
            self.blank()

    def texts(self, paragraphs: list[Paragraph]) -> None:
        for paragraph in paragraphs:
            self.add(paragraph.text, source=paragraph.source)

    def block(self, block: Block) -> None:
        """A heading on its own line (heading style), at the start of a paragraph (a heading run, then
        body text) or inside one (inline 一是…, which cannot switch to 黑体 or 楷体 mid-paragraph, so it
        takes level 3's bold at most)."""
        head = block.number + block.heading + block.punct
        if block.inline:
            self.add(head, char=hs.heading_char_style(max(block.level, 3)), runin=True, source=block.source)
        elif block.runin:
            self.add(head, char=hs.heading_char_style(block.level), source=block.source)
        else:
            self.add(head, hs.heading_style(block.level), source=block.source)
        body = block.body
        if block.runin and body:
            self.add(body[0].text, runin=True, source=body[0].source)
            body = body[1:]
        self.texts(body)
        for item in block.items:
            self.block(item)


def _bracketed(date: str) -> str:
    """The date line in full-width brackets: 2022年6月8日 → （2022年6月8日）."""
    return f"（{date.strip().strip('()（）[]【】 ')}）"


def provenance_text(source: Provenance) -> str:
    """Provenance as the comment a reviewer reads: 来源：x.txt；段落：第 5 段；句式：…"""
    parts = []
    for key, value in source.to_dict().items():
        if key in _INTERNAL_KEYS:
            continue
        if key == "paragraph":
            value = f"第 {value} 段"
        parts.append(f"{_PROVENANCE_LABELS.get(key, key)}：{value}")
    return "；".join(parts)


def fonts_profile(name: str) -> hs.Fonts:
    try:
        return hs.FONT_PROFILES[name]
    except KeyError:
        raise UsageError(f"未知的字体方案：{name}（可选：{'、'.join(hs.FONT_PROFILES)}）") from None


def docx_bytes(speech: Speech, *, fonts: str = "gb2312", comments: bool = False) -> bytes:
    """The .docx of `speech` in the house style; with `comments`, provenance as Word comments."""
    import docx  # python-docx is loaded only when a Word file is written

    layout = _Layout()
    layout.speech(speech)
    document = docx.Document(io.BytesIO(_package(fonts_profile(fonts), layout.paragraphs)))
    # File > Info in Word shows the title and, as the document's comment, its length and speaking time
    if speech.title:
        document.core_properties.title = hs.xml_safe("".join(speech.title))
    document.core_properties.comments = measure(speech).describe()
    if comments:
        _add_comments(document, layout.paragraphs)
    out = io.BytesIO()
    document.save(out)
    return _fixed_timestamps(out.getvalue())


def write_docx(speech: Speech, path: str | Path, *, fonts: str = "gb2312", comments: bool = False,
               force: bool = False) -> Path:
    """Write `speech` to `path` atomically; refuses an existing file without `force` before any work."""
    check_writable(path, force, suffix=".docx")
    return write_atomic(path, docx_bytes(speech, fonts=fonts, comments=comments), force, suffix=".docx")


def _add_comments(document, paragraphs: list[_Para]) -> None:
    # every run is looked up before any comment is added: each comment inserts a reference run
    anchors = []
    for paragraph, para in zip(document.paragraphs, paragraphs):
        if para.anchors:
            runs = paragraph.runs
            anchors += [(runs[first], runs[last], source) for first, last, source in para.anchors]
    for first, last, source in anchors:
        comment = document.add_comment([first, last], text=provenance_text(source), author=COMMENT_AUTHOR, initials="D")
        comment._comment_elm.date = None  # python-docx stamps the time; the same draft must give the same bytes


def _fixed_timestamps(data: bytes) -> bytes:
    """The same zip with every member dated 1980-01-01, so equal input gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, _ZIP_DATE), source.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()


# The package parts that never change are data files (word/parts/), as python-docx keeps its default parts;
# word/_rels/document.xml.rels names the footers rId4 (odd pages) and rId5 (even pages).
_PARTS_DIR = Path(__file__).resolve().parent / "parts"
_BEFORE_STYLES = ("[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/_rels/document.xml.rels")
_FOOTER_IDS = ("rId4", "rId5")
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _package(fonts: hs.Fonts, paragraphs: list[_Para]) -> bytes:
    """A minimal .docx: our parts around the speech's paragraphs (python-docx then adds comments)."""
    body = "".join(p.xml() for p in paragraphs)
    document = (
        f'{_XML}<w:document {hs.NSDECLS}><w:body>{body}'
        f"{hs.section_xml(*_FOOTER_IDS)}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name, data in (*_fixed_parts(fonts), ("word/document.xml", document)):
            package.writestr(zipfile.ZipInfo(name, _ZIP_DATE), data)
    return out.getvalue()


@lru_cache(maxsize=None)
def _fixed_parts(fonts: hs.Fonts) -> tuple[tuple[str, str], ...]:
    """Every part but the document itself: the fixed ones from data files, the house style's from the
    font profile."""
    def data(name: str) -> tuple[str, str]:
        return name, (_PARTS_DIR / name).read_text(encoding="utf-8")

    return (
        *map(data, _BEFORE_STYLES),
        ("word/styles.xml", _XML + hs.styles_xml(fonts)),
        data("word/settings.xml"),
        ("word/fontTable.xml", _XML + hs.font_table_xml(fonts)),
        ("word/footer1.xml", _XML + hs.footer_xml(fonts, odd=True)),
        ("word/footer2.xml", _XML + hs.footer_xml(fonts, odd=False)),
    )
