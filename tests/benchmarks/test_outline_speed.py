"""Outline speed and memory, as ratios against baselines measured in the same run.

Run: .venv/bin/python -m pytest tests/benchmarks/test_outline_speed.py -s
"""

import tracemalloc

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from drafter.planning import skeleton as render
from drafter.structure.numbering import int_to_cn, render_marker
from planning import choose as make_plan, plan as plan_speech
from drafter.structure.parser import parse_text
from drafter.resources import bundled
from timing import best_of

CASES = [(o, n, t) for o in ("工作推进会", "动员部署会", "工作会议", "责任书签订会", "座谈交流会点评")
         for n in (3, 4, 5) for t in ("平安建设", "安全生产", "防汛抗旱")]



def test_planning_costs_a_few_parses():
    texts = [plan_speech(t, o, parts=n).to_text() for o, n, t in CASES]
    parse = best_of(5, lambda: [parse_text(text) for text in texts])
    plan = best_of(5, lambda: [plan_speech(t, o, parts=n) for o, n, t in CASES])
    ratio = plan / parse
    print(f"\n45 outlines: plan {plan * 1000:.0f} ms, parse of the same texts {parse * 1000:.0f} ms, ratio {ratio:.1f}")
    assert ratio < 50


def test_sandbox_budget_overhead():
    plan = make_plan("安全生产", "工作推进会", parts=5)
    skeleton = render.find_skeleton("工作推进会")
    plain_env = Environment(loader=FileSystemLoader(str(bundled("templates"))), undefined=StrictUndefined,
                            trim_blocks=True, lstrip_blocks=True)
    plain_env.globals.update(cn=int_to_cn, mark=render_marker)
    plain_template = plain_env.get_template(skeleton.name)
    plain = best_of(20, lambda: plain_template.render(**plan.context()))
    sandboxed = best_of(20, lambda: render.render_skeleton(skeleton, plan.context()))
    print(f"\nrender: plain jinja {plain * 1e6:.0f} µs, sandboxed with budget {sandboxed * 1e6:.0f} µs, "
          f"ratio {sandboxed / plain:.1f}")
    assert sandboxed / plain < 200


def test_peak_memory_of_one_outline():
    tracemalloc.start()
    plan_speech("安全生产", "工作会议", parts=5)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    text = plan_speech("安全生产", "工作会议", parts=5).to_text()
    tracemalloc.start()
    parse_text(text)
    _, parse_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\npeak memory: outline {peak / 1024:.0f} KiB, parse of it {parse_peak / 1024:.0f} KiB, ratio {peak / parse_peak:.1f}")
    assert peak < 20 * 1024 * 1024
