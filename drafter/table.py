"""Aligned text tables for the terminal, where a Chinese character takes two columns."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Terminal columns `text` takes: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrap(text: str, width: int) -> list[str]:
    """`text` cut into lines of at most `width` columns (at least one line, never a character lost)."""
    lines, line, used = [], [], 0
    for char in text:
        size = display_width(char)
        if line and used + size > width:
            lines.append("".join(line))
            line, used = [], 0
        line.append(char)
        used += size
    return [*lines, "".join(line)]


def format_table(headers: list[str], rows: list[list[str]], width: int, shrink: int = 0) -> str:
    """A table with columns padded to align; column `shrink` wraps onto further lines so each line fits
    in `width` (a cut phrase would mislead a writer who copies it)."""
    widths = [max(display_width(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    gap = 2
    others = sum(w for i, w in enumerate(widths) if i != shrink) + gap * (len(widths) - 1)
    widths[shrink] = max(min(widths[shrink], width - others), 8)
    lines = []
    for row in [headers, *rows]:
        pieces = wrap(row[shrink], widths[shrink])
        for number, piece in enumerate(pieces):
            cells = [piece if i == shrink else (cell if number == 0 else "") for i, cell in enumerate(row)]
            padded = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(cells)]
            lines.append((" " * gap).join(padded).rstrip())
    return "\n".join(lines)
