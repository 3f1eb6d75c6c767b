"""Planning as the tests call it: the request's fields as keyword arguments."""

import tempfile
from contextlib import contextmanager
from pathlib import Path

from drafter.planning import material
from drafter.planning.outline import make_plan, plan_speech
from drafter.planning.request import PlanRequest


def request(topic: str, occasion: str = "工作推进会", **options) -> PlanRequest:
    if "keywords" in options:
        options["keywords"] = tuple(options["keywords"])
    return PlanRequest(topic, occasion, **options)


def plan(topic: str, occasion: str = "工作推进会", **options):
    return plan_speech(request(topic, occasion, **options))


def choose(topic: str, occasion: str = "工作推进会", **options):
    return make_plan(request(topic, occasion, **options))


def forget_fields() -> None:
    """Drop what was read from the built-in field files (after pointing material.FIELDS elsewhere)."""
    for cached in (material.field_files, material.field_entries, material.field_texts):
        cached.cache_clear()


@contextmanager
def bank_alone():
    """Planning on the bank and the house set alone, without the built-in sets of a field of work
    (drafter/planning/topics/): for the tests of how the planner borrows from the bundled bank's speeches
    on a topic it lacks, written before 安全生产 and 防汛抗旱 had built-in sets of their own."""
    saved = material.FIELDS
    with tempfile.TemporaryDirectory() as empty:
        material.FIELDS = Path(empty)
        forget_fields()
        try:
            yield
        finally:
            material.FIELDS = saved
            forget_fields()
