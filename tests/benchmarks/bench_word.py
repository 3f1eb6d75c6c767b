"""Benchmark: exporting a 20,000-character speech in the house style, against python-docx writing the
same paragraphs with no styling, in the same run. Target: at most 2x.

Run: python tests/benchmarks/bench_word.py   (or pytest -p no:cacheprovider tests/benchmarks/bench_word.py -o addopts="")
"""

from __future__ import annotations

import copy
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import docx  # noqa: E402

from drafter.text.reading import read_speech  # noqa: E402
from drafter.structure.numbering import int_to_cn  # noqa: E402
from drafter.structure.parser import parse_file  # noqa: E402
from drafter.resources import bundled  # noqa: E402
from drafter.app import export as export_file  # noqa: E402

TARGET_CHARS = 20_000
ROUNDS = 7


def long_speech(folder: Path) -> Path:
    """A 20,000-character speech made of the seed speeches' parts, renumbered 一、二、… in one speech."""
    seeds = [parse_file(path) for path in sorted(bundled("corpus").glob("*.txt"))]
    speech = copy.deepcopy(seeds[0])
    speech.parts = []
    while len(speech.to_text()) < TARGET_CHARS:
        for part in (copy.deepcopy(p) for seed in seeds for p in seed.parts):
            part.number = int_to_cn(len(speech.parts) + 1) + "、"
            speech.parts.append(part)
            if len(speech.to_text()) >= TARGET_CHARS:
                break
    path = folder / "long.txt"
    path.write_text(speech.to_text(), encoding="utf-8")
    return path


def plain_python_docx(source: Path, out: Path) -> None:
    """The baseline: the same file read, its paragraphs written by python-docx with no styling."""
    document = docx.Document()
    for paragraph in read_speech(source).paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(out))


def house_style(source: Path, out: Path) -> None:
    export_file(source, out, force=True)


def best_time(task, source: Path, out: Path) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        task(source, out)
        times.append(time.perf_counter() - start)
    return min(times)


def peak_rss_mb(task: str, source: Path, out: Path) -> float:
    """Peak resident memory of a fresh process that imports drafter and runs one task (lxml allocates
    outside Python's heap, so tracemalloc would miss most of it)."""
    result = subprocess.run([sys.executable, __file__, "--peak", task, str(source), str(out)],
                            capture_output=True, text=True, check=True)
    return int(result.stdout) / 1024


def measure() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = long_speech(folder)
        house_style(source, folder / "warm.docx")  # imports and caches, for both
        plain_python_docx(source, folder / "warm2.docx")
        ours = best_time(house_style, source, folder / "house.docx")
        base = best_time(plain_python_docx, source, folder / "plain.docx")
        return {
            "chars": len(source.read_text(encoding="utf-8")),
            "house_ms": ours * 1000,
            "plain_ms": base * 1000,
            "ratio": ours / base,
            "house_peak_mb": peak_rss_mb("house_style", source, folder / "house.docx"),
            "plain_peak_mb": peak_rss_mb("plain_python_docx", source, folder / "plain.docx"),
        }


def test_export_within_twice_python_docx():
    result = measure()
    print(result)
    assert result["ratio"] <= 2.0


if __name__ == "__main__" and sys.argv[1:2] == ["--peak"]:
    task, source, out = sys.argv[2:5]
    {"house_style": house_style, "plain_python_docx": plain_python_docx}[task](Path(source), Path(out))
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux
elif __name__ == "__main__":
    r = measure()
    print(
        f"{r['chars']:,} 字：公文格式导出 {r['house_ms']:.1f} ms，python-docx 无格式 {r['plain_ms']:.1f} ms，"
        f"比值 {r['ratio']:.2f}x（目标 ≤ 2x）；进程峰值内存 {r['house_peak_mb']:.1f} MB 对 {r['plain_peak_mb']:.1f} MB"
    )
