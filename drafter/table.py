"""Aligned text tables for the terminal, where a Chinese character takes two columns."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Terminal columns `text` takes: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` columns, ending in … when cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        size = display_width(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out) + "…"


def format_table(headers: list[str], rows: list[list[str]], width: int, shrink: int = 0) -> str:
    """A table with columns padded to align; column `shrink` is cut so each line fits in `width`."""
    widths = [max(display_width(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    gap = 2
    others = sum(w for i, w in enumerate(widths) if i != shrink) + gap * (len(widths) - 1)
    widths[shrink] = max(min(widths[shrink], width - others), 8)
    lines = []
    for row in [headers, *rows]:
        cells = [fit(cell, widths[i]) for i, cell in enumerate(row)]
        padded = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(cells)]
        lines.append((" " * gap).join(padded).rstrip())
    return "\n".join(lines)
