"""Benchmark of `drafter serve`: server time per /api/outline request against the plain library call
(`drafter.app.outline`, what `drafter outline` runs) in the same run, for the bundled bank.

Requests go over HTTP to a waitress server on loopback, as the page sends them. A refresh on the page is
the debounce after the last keystroke (read from app.js) plus /api/outline and /api/length, which the page
sends together; the sum of the two medians is the bound used. Target: a refresh within 300 ms.
Run: `.venv/bin/python tests/benchmarks/bench_web.py [ROUNDS]`. Exits 1 if the target is missed.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from drafter.app import outline
from drafter.planning.request import PlanRequest
from drafter.web.banks import Banks
from drafter.web.routes import create_app

TARGET_MS = 300
QUERIES = [{"topic": t, "occasion": o, "variant": str(v)}
           for t in ("安全生产", "防汛抗旱", "乡村振兴") for o in ("工作推进会", "动员部署会", "工作会议") for v in (0, 1)]
APP_JS = Path(__file__).resolve().parents[2] / "drafter" / "web" / "static" / "app.js"


def debounce_ms() -> int:
    return int(re.search(r"debounce\(refreshOutline, (\d+)\)", APP_JS.read_text(encoding="utf-8")).group(1))


def medians_ms(calls: dict, rounds: int) -> dict[str, float]:
    """Median time of each call over every query, the calls taking turns so that a busy machine slows all
    of them alike."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(rounds):
        for query in QUERIES:
            for name, call in calls.items():
                start = time.perf_counter()
                call(query)
                times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def main(rounds: int = 5) -> int:
    from waitress.server import create_server

    with tempfile.TemporaryDirectory() as home:
        banks = Banks(Path(home))
        server = create_server(create_app(banks), host="127.0.0.1", port=0, threads=4)
        threading.Thread(target=server.run, daemon=True).start()
        base = f"http://127.0.0.1:{server.effective_port}"

        def fetch(route: str):
            return lambda query: urllib.request.urlopen(f"{base}{route}?{urllib.parse.urlencode(query)}").read()

        def library(query):  # the request the route builds: the same bank folder
            outline(PlanRequest(query["topic"], query["occasion"], variant=int(query["variant"]), phrasebank=banks.active))

        calls = {"library": library, "outline": fetch("/api/outline"), "length": fetch("/api/length")}
        medians_ms(calls, 1)  # warm: skeletons compiled, index and word lists loaded
        found = medians_ms(calls, rounds)
        time.sleep(0.2)  # let waitress finish its last response before it is closed
        server.close()
    plain, served, length = found["library"], found["outline"], found["length"]
    refresh = debounce_ms() + served + length
    print(f"library outline call     {plain:7.1f} ms (median of {rounds * len(QUERIES)})")
    print(f"GET /api/outline         {served:7.1f} ms  ({served / plain:.2f}x the library call)")
    print(f"GET /api/length          {length:7.1f} ms")
    print(f"refresh after keystroke  {refresh:7.1f} ms  (debounce {debounce_ms()} ms + both requests; target {TARGET_MS} ms)")
    return 0 if refresh <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
