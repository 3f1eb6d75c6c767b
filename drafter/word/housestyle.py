"""The 公文 house style for speeches as WordprocessingML: page, fonts, styles, footers (see DOCX.md).

Every value of the checklist lives here, once, so the writer (`drafter.word.writer`) only says which style a
paragraph or run takes. Styles are our own: no theme fonts (they override explicit names), no US Letter,
no blue headings, and no indent on `Normal` (footers inherit from it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter import vocab

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECLS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

# GB/T 9704-2012 page in twips (1 mm = 56.69 tw): A4, type area 156 × 225 mm.
PAGE = {"w": 11906, "h": 16838}
MARGINS = {"top": 2098, "right": 1474, "bottom": 1984, "left": 1587, "header": 850, "footer": 1417, "gutter": 0}
LINE_TWIPS = 579  # exact 28.95 pt: 22 lines fill the 225 mm type area (29 pt gives only 21)
CHAR_SPACING = -5  # condense 0.25 pt so 28 characters of 三号 fill the 156 mm line
SIZE_ER = 44  # 二号 22 pt, in half-points
SIZE_SAN = 32  # 三号 16 pt
SIZE_SI = 28  # 四号 14 pt
FIRST_LINE = {"chars": 200, "twips": 640}  # two characters of 三号; Word reads chars, LibreOffice twips
PAGE_NUMBER_INDENT = 280  # one 四号 character in from the edge
LATIN = "Times New Roman"
TITLE_WIDTH = 20  # characters of 二号 on a 156 mm line


@dataclass(frozen=True)
class Fonts:
    """The East Asian font names of one profile: what the writer's machine has installed."""

    title: str
    body: str
    kai: str
    hei: str
    song: str


FONT_PROFILES: dict[str, Fonts] = {
    # the standard's names (default); 仿宋_GB2312 and 方正小标宋简体 are missing on many Windows 10/11 machines
    "gb2312": Fonts(title="方正小标宋简体", body="仿宋_GB2312", kai="楷体_GB2312", hei="黑体", song="宋体"),
    # what every Windows since 7 ships
    "windows": Fonts(title="宋体", body="仿宋", kai="楷体", hei="黑体", song="宋体"),
    "founder": Fonts(title="方正小标宋_GBK", body="方正仿宋_GBK", kai="方正楷体_GBK", hei="方正黑体_GBK", song="宋体"),
}

# What Word may substitute when a font of the profile is missing (fontTable w:altName).
_ALT_NAMES = {
    "方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体",
    "方正小标宋_GBK": "宋体", "方正仿宋_GBK": "仿宋", "方正楷体_GBK": "楷体", "方正黑体_GBK": "黑体",
}

# Style ids the writer uses. Heading levels deeper than 4 take level 4's style.
BODY = "Body"
TITLE = "SpeechTitle"
DATE_LINE = "DateLine"
SALUTATION = "Salutation"
LEVELS = 4


def heading_style(level: int) -> str:
    """Paragraph style of a heading standing on its own line."""
    return f"Level{min(max(level, 1), LEVELS)}"


def heading_char_style(level: int) -> str:
    """Character style of a heading run at the start of (or inside) a body paragraph."""
    return f"Level{min(max(level, 1), LEVELS)}Char"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (controls, lone surrogates)."""
    return _NOT_XML.sub("", text)


def xml_text(text: str) -> str:
    """Text escaped for XML content, without the control characters XML 1.0 forbids (a stray one in a
    pasted .txt would make the .docx unreadable). xml.sax.saxutils would slow every command's start."""
    return xml_safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(value: str) -> str:
    """An XML attribute value in double quotes."""
    return '"' + xml_text(value).replace('"', "&quot;") + '"'


def _rfonts(east_asia: str, latin: str = LATIN) -> str:
    return (
        f"<w:rFonts w:ascii={quoteattr(latin)} w:eastAsia={quoteattr(east_asia)} "
        f'w:hAnsi={quoteattr(latin)} w:cs={quoteattr(latin)} w:hint="eastAsia"/>'
    )


def _level_rpr(level: int, fonts: Fonts) -> str:
    """Run properties of heading level 1–4: 黑体, 楷体, 仿宋 bold, 仿宋."""
    return {
        1: _rfonts(fonts.hei),
        2: _rfonts(fonts.kai),
        3: _rfonts(fonts.body) + "<w:b/><w:bCs/>",
        4: _rfonts(fonts.body),
    }[level]


_LEVEL_NAMES = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}


def _style(kind: str, style_id: str, name: str, body: str, *, based_on: str = "", default: bool = False,
           extra: str = "") -> str:
    attrs = f'w:type="{kind}" w:styleId="{style_id}"' + (' w:default="1"' if default else "")
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return f"<w:style {attrs}><w:name w:val={quoteattr(name)}/>{based}{extra}<w:qFormat/>{body}</w:style>"


def styles_xml(fonts: Fonts) -> str:
    """styles.xml: docDefaults (仿宋 三号, zh-CN, Times New Roman for Latin) and the speech's own styles."""
    exact = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_TWIPS}" w:lineRule="exact"/>'
    indent = f'<w:ind w:firstLineChars="{FIRST_LINE["chars"]}" w:firstLine="{FIRST_LINE["twips"]}"/>'
    styles = [
        _style("paragraph", "Normal", "Normal", default=True, body=(
            f'<w:pPr><w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>{exact}'
            f'<w:jc w:val="both"/></w:pPr><w:rPr><w:spacing w:val="{CHAR_SPACING}"/></w:rPr>'
        )),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", default=True, body=""),
        _style("paragraph", BODY, "讲话正文", based_on="Normal", body=f"<w:pPr>{indent}</w:pPr>"),
        _style("paragraph", TITLE, "讲话标题", based_on="Normal", extra=f'<w:next w:val="{BODY}"/>', body=(
            f'<w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr>'
            f'<w:rPr>{_rfonts(fonts.title)}<w:sz w:val="{SIZE_ER}"/><w:szCs w:val="{SIZE_ER}"/></w:rPr>'
        )),
        _style("paragraph", DATE_LINE, "日期署名", based_on="Normal", body=(
            f'<w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:rPr>{_rfonts(fonts.kai)}</w:rPr>'
        )),
        _style("paragraph", SALUTATION, "称呼", based_on="Normal", extra=f'<w:next w:val="{BODY}"/>', body=""),
    ]
    for level in range(1, LEVELS + 1):
        para, char, rpr = heading_style(level), heading_char_style(level), _level_rpr(level, fonts)
        styles.append(_style(
            "paragraph", para, _LEVEL_NAMES[level], based_on=BODY,
            extra=f'<w:next w:val="{BODY}"/><w:link w:val="{char}"/>',
            body=f'<w:pPr><w:keepNext/><w:outlineLvl w:val="{level - 1}"/></w:pPr><w:rPr>{rpr}</w:rPr>',
        ))
        styles.append(_style(
            "character", char, _LEVEL_NAMES[level] + "字符", based_on="DefaultParagraphFont",
            extra=f'<w:link w:val="{para}"/>', body=f"<w:rPr>{rpr}</w:rPr>",
        ))
    styles += [
        _style("paragraph", "Footer", "footer", based_on="Normal", body=(
            '<w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr>'
            f'<w:rPr>{_rfonts(fonts.song, fonts.song)}<w:spacing w:val="0"/>'
            f'<w:sz w:val="{SIZE_SI}"/><w:szCs w:val="{SIZE_SI}"/></w:rPr>'
        )),
        _style("paragraph", "CommentText", "annotation text", based_on="Normal", body=(
            '<w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr>'
            '<w:rPr><w:spacing w:val="0"/><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr>'
        )),
        _style("character", "CommentReference", "annotation reference", based_on="DefaultParagraphFont",
               body='<w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr>'),
    ]
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{_rfonts(fonts.body)}"
        f'<w:sz w:val="{SIZE_SAN}"/><w:szCs w:val="{SIZE_SAN}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        "<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
    )
    return f"<w:styles {NSDECLS}>{defaults}{''.join(styles)}</w:styles>"


def font_table_xml(fonts: Fonts) -> str:
    """fontTable.xml: each font of the profile as GB2312 charset, with the stock font Word may substitute."""
    names = dict.fromkeys([LATIN, fonts.title, fonts.body, fonts.kai, fonts.hei, fonts.song])
    entries = []
    for name in names:
        alt = f"<w:altName w:val={quoteattr(_ALT_NAMES[name])}/>" if name in _ALT_NAMES else ""
        charset = "00" if name == LATIN else "86"
        entries.append(f"<w:font w:name={quoteattr(name)}>{alt}<w:charset w:val=\"{charset}\"/></w:font>")
    return f"<w:fonts {NSDECLS}>{''.join(entries)}</w:fonts>"


def footer_xml(fonts: Fonts, odd: bool) -> str:
    """A footer holding the page number "— PAGE —" in 宋体 四号: right on odd pages, left on even ones."""
    side = "right" if odd else "left"
    rpr = f'<w:rPr>{_rfonts(fonts.song, fonts.song)}<w:sz w:val="{SIZE_SI}"/><w:szCs w:val="{SIZE_SI}"/></w:rPr>'

    def run(inner: str) -> str:
        return f"<w:r>{rpr}{inner}</w:r>"

    return (
        f'<w:ftr {NSDECLS}><w:p><w:pPr><w:pStyle w:val="Footer"/><w:ind w:{side}="{PAGE_NUMBER_INDENT}"/>'
        f'<w:jc w:val="{side}"/></w:pPr>'
        + run('<w:t xml:space="preserve">\u2014 </w:t>')
        + run('<w:fldChar w:fldCharType="begin"/>')
        + run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
        + run('<w:fldChar w:fldCharType="separate"/>')
        + run("<w:t>1</w:t>")
        + run('<w:fldChar w:fldCharType="end"/>')
        + run('<w:t xml:space="preserve"> \u2014</w:t>')
        + "</w:p></w:ftr>"
    )


def section_xml(odd_footer: str, even_footer: str) -> str:
    """The section: A4, GB/T 9704 margins, header/footer distances, default (odd) and even footers."""
    margins = " ".join(f'w:{key}="{value}"' for key, value in MARGINS.items())
    return (
        f'<w:sectPr><w:footerReference w:type="default" r:id="{odd_footer}"/>'
        f'<w:footerReference w:type="even" r:id="{even_footer}"/>'
        f'<w:pgSz w:w="{PAGE["w"]}" w:h="{PAGE["h"]}"/><w:pgMar {margins}/><w:cols w:space="425"/></w:sectPr>'
    )


# Where a long title may break: before 在/暨/关于 or after 的 and punctuation, never inside brackets or
# quotation marks, and not inside the words titles are made of (a short list does; no dictionary needed).
_GOOD_ENDS = ("的", "，", "、", "：", "；")
_GOOD_STARTS = ("在", "暨", "关于", "——")
_NO_LINE_START = "，。、：；！？）》”’的上"


def title_lines(title: list[str], width: int = TITLE_WIDTH) -> list[str]:
    """The title as centred lines: the writer's own breaks kept, a line too long for the page broken
    into a trapezoid, breaking between words where it can tell."""
    return [piece for line in title for piece in _break_line(line, width)]


def _break_line(text: str, width: int) -> list[str]:
    count = -(-len(text) // width)
    if count <= 1:
        return [text]
    best = min(_cut_choices(len(text), count, width), key=lambda cuts: _cost(text, cuts))
    bounds = [0, *best, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def _cut_choices(length: int, count: int, width: int, start: int = 0):
    """Every way to cut text[start:] into `count` lines of at most `width` characters."""
    if count == 1:
        if length - start <= width:
            yield ()
        return
    for cut in range(start + 1, min(start + width, length - 1) + 1):
        for rest in _cut_choices(length, count - 1, width, cut):
            yield (cut, *rest)


def _cost(text: str, cuts: tuple[int, ...]) -> tuple[int, int]:
    """Breaks between words first; then a trapezoid (lines growing, or else shrinking, never zigzag)
    with no line much longer than the next; then the most even lines."""
    bounds = [0, *cuts, len(text)]
    lengths = [b - a for a, b in zip(bounds, bounds[1:])]
    steps = [b - a for a, b in zip(lengths, lengths[1:])]
    shape = 0 if all(d >= 0 for d in steps) else 1 if all(d <= 0 for d in steps) else 10
    shape += sum(max(0, abs(d) - 6) for d in steps)
    return shape + sum(_break_cost(text, cut) for cut in cuts), max(lengths) - min(lengths)


def _break_cost(text: str, cut: int) -> int:
    before, after = text[:cut], text[cut:]
    depth = sum(before.count(c) for c in "（“《") - sum(before.count(c) for c in "）”》")
    if depth > 0 or after[0] in _NO_LINE_START or (before[-1].isascii() and after[0].isascii()):
        return 20
    if any(0 < cut - i < len(w) for w in vocab.words("title_words") for i in _occurrences(text, w)):
        return 8
    return 0 if before.endswith(_GOOD_ENDS) or after.startswith(_GOOD_STARTS) else 3


def _occurrences(text: str, word: str):
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)
