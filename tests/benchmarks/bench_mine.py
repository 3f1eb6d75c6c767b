"""Benchmark: `drafter mine` on a ~2 MB corpus, as a ratio to a bare jieba.lcut over the same text.

The corpus is built from the five seed speeches by reshuffling their paragraphs into a few hundred
speeches (fixed seed): each takes the opening of one seed speech and three or four numbered parts drawn
from any of them, renumbered. Run: `python tests/benchmarks/bench_mine.py [MEGABYTES]`.
Targets: mine --jobs 1 at most 1.5x the jieba baseline; --jobs 2 faster than --jobs 1.
"""

from __future__ import annotations

import random
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from drafter.text.reading import read_speech, speech_files
from drafter.mining.miner import mine_corpus, write_phrasebank
from drafter.structure.numbering import int_to_cn
from drafter.resources import bundled
from drafter.text.tokens import jieba_module

SEED = 20221016
_PART_RE = re.compile(r"^[一二三四五六七八九十]、")


def seed_pieces() -> tuple[list[list[str]], list[list[str]]]:
    """Openings (lines before the first part) and parts (heading without number, then its lines)."""
    openings, parts = [], []
    for path in speech_files(bundled("corpus")):
        lines = read_speech(path).paragraphs
        starts = [i for i, line in enumerate(lines) if _PART_RE.match(line)]
        openings.append(lines[: starts[0]])
        for a, b in zip(starts, [*starts[1:], len(lines)]):
            parts.append([_PART_RE.sub("", lines[a]), *lines[a + 1:b]])
    return openings, parts


def build_corpus(folder: Path, megabytes: float = 2.0) -> int:
    """Write reshuffled speeches into `folder` until they hold `megabytes` of UTF-8; returns the count."""
    rng = random.Random(SEED)
    openings, parts = seed_pieces()
    size, count = 0, 0
    while size < megabytes * 1_000_000:
        chosen = rng.sample(parts, rng.choice((3, 4)))
        lines = list(rng.choice(openings))
        for number, part in enumerate(chosen, 1):
            body = part[1:]
            rng.shuffle(body)
            lines += [f"{int_to_cn(number)}、{part[0]}", *body]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (folder / f"讲话{count:04d}.txt").write_bytes(data)
        size += len(data)
        count += 1
    return count


def jieba_baseline(folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds for a bare jieba.lcut over every paragraph of the corpus (files read the same way)."""
    jieba = jieba_module()
    wall, cpu = time.perf_counter(), time.process_time()
    for path in speech_files(folder):
        for paragraph in read_speech(path).paragraphs:
            jieba.lcut(paragraph)
    return time.perf_counter() - wall, time.process_time() - cpu


def timed_mine(folder: Path, jobs: int) -> tuple[float, float, bytes]:
    """Wall and CPU seconds (this process only) of mining and writing the phrasebank, and its bytes."""
    with tempfile.TemporaryDirectory() as out:
        wall, cpu = time.perf_counter(), time.process_time()
        write_phrasebank(out, mine_corpus(folder, jobs=jobs))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        data = b"".join(p.read_bytes() for p in sorted(Path(out).iterdir()))
    return wall, cpu, data


def peak_python_memory(folder: Path) -> int:
    """Peak bytes allocated by Python during one in-process mine (tracemalloc; run untimed)."""
    tracemalloc.start()
    mine_corpus(folder, jobs=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main(megabytes: float = 2.0, rounds: int = 3) -> dict[str, float]:
    jieba_module()  # dictionary loaded once, outside every timing
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        speeches = build_corpus(folder, megabytes)
        size = sum(p.stat().st_size for p in folder.iterdir())
        chars = sum(len(p.read_text(encoding="utf-8")) for p in folder.iterdir())
        mine_corpus(folder, jobs=1)  # warm caches (dictionary tags) once, as any later run would have them
        base, one, two = [], [], []
        for _ in range(rounds):  # interleaved, so a busy machine weighs on all three alike
            base.append(jieba_baseline(folder))
            one.append(timed_mine(folder, 1))
            two.append(timed_mine(folder, 2))
        assert len({data for *_, data in one + two}) == 1, "--jobs 2 output differs from --jobs 1"
        baseline, baseline_cpu = min(w for w, _ in base), min(c for _, c in base)
        jobs1, jobs1_cpu = min(w for w, _, _ in one), min(c for _, c, _ in one)
        jobs2 = min(w for w, _, _ in two)
        peak = peak_python_memory(folder)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    figures = {
        "speeches": speeches, "megabytes": size / 1e6, "characters": chars,
        "jieba_s": baseline, "jobs1_s": jobs1, "jobs2_s": jobs2,
        "jobs1_ratio": jobs1 / baseline, "jobs1_cpu_ratio": jobs1_cpu / baseline_cpu,
        "jobs2_ratio": jobs2 / baseline, "speedup": jobs1 / jobs2,
        "tracemalloc_peak_mb": peak / 2**20, "maxrss_mb": rss, "worker_maxrss_mb": children,
    }
    print(
        f"语料：{speeches} 篇，{size / 1e6:.2f} MB，{chars} 字\n"
        f"jieba.lcut 基线：{baseline:.2f} s（CPU {baseline_cpu:.2f} s）\n"
        f"mine --jobs 1：{jobs1:.2f} s（{jobs1 / baseline:.2f}x；按 CPU 时间 {jobs1_cpu / baseline_cpu:.2f}x）\n"
        f"mine --jobs 2：{jobs2:.2f} s（{jobs2 / baseline:.2f}x，比 --jobs 1 快 {jobs1 / jobs2:.2f} 倍）\n"
        f"峰值内存：Python 分配 {peak / 2**20:.0f} MB（tracemalloc），进程 RSS {rss:.0f} MB，工作进程 RSS {children:.0f} MB\n"
        f"目标 --jobs 1 ≤ 1.5x：{'达到' if jobs1_cpu / baseline_cpu <= 1.5 else '未达到'}；"
        f"--jobs 2 快于 --jobs 1：{'达到' if jobs2 < jobs1 else '未达到'}"
    )
    return figures


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 2.0)
