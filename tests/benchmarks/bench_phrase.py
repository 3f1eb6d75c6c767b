"""Benchmark of `drafter phrase`: a synthetic bank of a million entries, and the bundled bank.

Run: `.venv/bin/python tests/benchmarks/bench_phrase.py [--entries 1000000] [--keep DIR]`.

The synthetic bank is generated deterministically from the seed corpus's own vocabulary (jieba words,
drawn in proportion to their corpus frequency, so common words like 工作 and 安全 match hundreds of
thousands of entries as they would in a real bank) and written through drafter.bank.store.save_kind.
Reported: bank generation, index build time and peak memory, warm query time, and cold `drafter phrase`
time as a ratio to `python -c "import click"` measured alternately in the same run. Targets: cold ratio
at most 5x at one million entries and at most 3x on the bundled bank. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from drafter.text.reading import read_speech, speech_files  # noqa: E402
from drafter.bank.store import KINDS, Entry, Source, save_kind  # noqa: E402
from drafter.resources import bundled  # noqa: E402

SEED = 20221016
# Share of each kind in the synthetic bank and its length in words (min, max).
SHAPE = {
    "item": (0.25, 8, 30), "heading": (0.20, 4, 12), "idiom": (0.12, 1, 2), "series": (0.08, 3, 9),
    "quote": (0.06, 6, 20), "frame": (0.06, 4, 10), "transition": (0.05, 4, 12), "opening": (0.05, 8, 25),
    "closing": (0.05, 8, 25), "term": (0.05, 1, 3), "signoff": (0.02, 3, 8), "salutation": (0.01, 2, 5),
}
QUERIES = [["稳定"], ["落实"], ["安全", "底线"], ["平安建设"], ["群众"], ["责任"], ["矛盾", "纠纷"], ["航天飞机"]]
BIN = Path(sys.executable).parent
DRAFTER = str(BIN / "drafter")


def corpus_vocabulary() -> tuple[list[str], list[int]]:
    """The seed corpus's jieba words and their counts, most frequent first (ties by word)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    counts: Counter[str] = Counter()
    for path in speech_files(bundled("corpus")):
        words = jieba.lcut("\n".join(read_speech(path).paragraphs), HMM=False)
        counts.update(w for w in words if w.strip() and w.isalnum())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [w for w, _ in ranked], [c for _, c in ranked]


def synthetic_entries(kind: str, n: int, words: list[str], weights: list[int], rng: random.Random):
    """`n` entries of one kind built from corpus words, with counts and sources."""
    _, low, high = SHAPE[kind]
    cumulative = list(_accumulate(weights))
    for _ in range(n):
        tokens = rng.choices(words, cum_weights=cumulative, k=rng.randint(low, high))
        if len(tokens) > 6:
            tokens.insert(len(tokens) // 2, "，")
        count = min(int(rng.paretovariate(1.5)), 500)
        files = (f"讲话{rng.randrange(5000):05d}.txt" for _ in range(min(count, 3)))
        sources = sorted({Source(file, rng.randint(1, 120)) for file in files})
        yield Entry(text="".join(tokens), kind=kind, count=count, sources=sources, tokens=tokens)


def _accumulate(values):
    total = 0
    for v in values:
        total += v
        yield total


def generate(folder: Path, total: int) -> None:
    words, weights = corpus_vocabulary()
    rng = random.Random(SEED)
    for kind in KINDS:
        save_kind(folder, kind, synthetic_entries(kind, round(total * SHAPE[kind][0]), words, weights, rng))


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def cold_ratio(args: list[str], rounds: int) -> tuple[float, float, float]:
    """Median wall time of `args` and of `python -c "import click"`, run alternately, and their ratio."""
    baseline, command = [], []
    for _ in range(rounds):
        baseline.append(timed([sys.executable, "-c", "import click"]))
        command.append(timed(args))
    b, c = statistics.median(baseline), statistics.median(command)
    return b, c, c / b


def child_peak_mb(code: str) -> tuple[float, float]:
    """Wall time and peak resident memory (MB) of running `code` in a fresh interpreter."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent (here, with jieba loaded).
    script = (f"import re, time; t = time.perf_counter()\n{code}\n"
              "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
              "print(time.perf_counter() - t, int(hwm) / 1024)")
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=ROOT).stdout
    seconds, peak = out.split()[-2:]
    return float(seconds), float(peak)


def bench_large(folder: Path, entries: int, rounds: int) -> dict:
    report: dict = {"entries": entries}
    if not any(folder.glob("*.jsonl")):
        start = time.perf_counter()
        generate(folder, entries)
        report["generate_s"] = round(time.perf_counter() - start, 1)
    report["bank_mb"] = round(sum(p.stat().st_size for p in folder.glob("*.jsonl")) / 2**20, 1)
    for stale in folder.glob(".phrase-index.sqlite*"):
        stale.unlink()
    build = ("from drafter.bank.lookup import RANKING, entry_weight\nfrom drafter.bank.index import open_index\n"
             f"open_index({str(folder)!r}, entry_weight, RANKING)")
    report["index_build_s"], report["index_build_peak_mb"] = (round(x, 1) for x in child_peak_mb(build))
    report["index_mb"] = round((folder / ".phrase-index.sqlite").stat().st_size / 2**20, 1)
    report["warm_query_ms"] = warm_queries(folder)
    base, cold, ratio = cold_ratio([DRAFTER, "phrase", "稳定", "--phrasebank", str(folder)], rounds)
    report.update(import_click_ms=round(base * 1000, 1), cold_phrase_ms=round(cold * 1000, 1),
                  cold_ratio=round(ratio, 2))
    args = ["phrase", "稳定", "--phrasebank", str(folder)]
    lookup = f"from drafter.cli import main\nmain({args!r}, standalone_mode=False)"
    report["cold_phrase_peak_mb"] = round(child_peak_mb(lookup)[1], 1)
    return report


def warm_queries(folder: Path) -> dict[str, float]:
    """Median time of `search` per query in one process (index open and fingerprint check included)."""
    from drafter.bank.lookup import search

    search(folder, ["稳定"])
    times = {}
    for query in QUERIES:
        runs = []
        for _ in range(7):
            start = time.perf_counter()
            search(folder, query)
            runs.append(time.perf_counter() - start)
        times[" ".join(query)] = round(statistics.median(runs) * 1000, 2)
    start = time.perf_counter()
    search(folder, [], kind="signoff")
    times["--kind signoff"] = round((time.perf_counter() - start) * 1000, 2)
    return times


def bench_bundled(rounds: int) -> dict:
    folder = bundled("phrasebank")
    subprocess.run([DRAFTER, "phrase", "稳定"], check=True, capture_output=True)  # builds the index once
    base, cold, ratio = cold_ratio([DRAFTER, "phrase", "稳定"], rounds)
    entries = sum(1 for p in folder.glob("*.jsonl") for line in p.open(encoding="utf-8") if '"text"' in line)
    return {"entries": entries, "import_click_ms": round(base * 1000, 1), "cold_phrase_ms": round(cold * 1000, 1),
            "cold_ratio": round(ratio, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--keep", type=Path, help="keep (or reuse) the synthetic bank in this folder")
    args = parser.parse_args()
    results = {}
    if any(bundled("phrasebank").glob("*.jsonl")):
        results["bundled"] = bench_bundled(args.rounds)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="drafter-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        results["synthetic"] = bench_large(folder, args.entries, args.rounds)
    finally:
        if not args.keep:
            shutil.rmtree(folder)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    missed = [name for name, target in (("bundled", 3), ("synthetic", 5))
              if name in results and results[name]["cold_ratio"] > target]
    if missed:
        print(f"targets missed: {missed}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
