"""Parser speed on text with no sentence punctuation (PDF and OCR pastes), against jieba in the same run.

Run: .venv/bin/python -m pytest tests/benchmarks/test_parse_speed.py -s
Layout repair once re-read a growing paragraph at every joined line: 16,000 such lines took 27.6 s.
"""

import re
from pathlib import Path

import jieba

from drafter.structure.parser import parse_text
from timing import best_of

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def unpunctuated_lines(count: int, width: int = 25) -> str:
    """`count` lines hard-wrapped at `width`, cut from the bundled speeches with their punctuation taken out."""
    text = "".join(re.sub(r"[\s。！？；：，、“”《》（）]", "", p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt")))
    lines = [text[i:i + width] for i in range(0, len(text) - width, width)]
    return "\n".join(lines[i % len(lines)] for i in range(count))



def test_sixteen_thousand_unpunctuated_lines_parse_in_under_a_second():
    text = unpunctuated_lines(16_000)
    parse_text(text[:2000])  # warm: converter and word lists load once per process
    parse = best_of(3, lambda: parse_text(text))
    print(f"\n16,000 unpunctuated lines: parse {parse:.2f} s")
    assert parse < 1.0


def test_parsing_costs_a_fraction_of_word_segmentation():
    text = unpunctuated_lines(16_000)
    jieba.initialize()
    parse_text(text[:2000])
    parse = best_of(3, lambda: parse_text(text))
    cut = best_of(3, lambda: jieba.lcut(text))
    print(f"\nparse {parse:.2f} s, jieba.lcut {cut:.2f} s, ratio {parse / cut:.2f}")
    assert parse / cut <= 0.3
