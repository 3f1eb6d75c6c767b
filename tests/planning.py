"""Planning as the tests call it: the request's fields as keyword arguments."""

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
