"""Planning end to end: a request → the plan → the skeleton rendered → the text read back as a `Speech`.

The skeleton's text is parsed back with the same parser as any draft, so `speech.to_text()` is the outline
text and the Word writer sees what `drafter parse` would.
"""

from __future__ import annotations

from typing import Any

from drafter.bank.store import load
from drafter.errors import TemplateError
from drafter.planning.archive import Archive
from drafter.planning.material import KINDS, Material
from drafter.planning.model import Piece, Plan
from drafter.planning.planner import Planner
from drafter.planning.request import PlanRequest
from drafter.planning.skeleton import Skeleton, find_skeleton, render_skeleton
from drafter.resources import phrasebank_folder
from drafter.structure.model import Paragraph, Speech


def plan_speech(request: PlanRequest, notes: list[str] | None = None) -> Speech:
    """The outline of `request` as a `Speech` whose blocks and paragraphs carry their provenance; what
    the writer should know about it (house material used for a kind the bank lacks) goes to `notes`."""
    request = request.checked()
    skeleton = find_skeleton(request.occasion, request.templates)
    plan = make_plan(request, skeleton)
    if notes is not None:
        notes.extend(plan.notes)
    plan.title, plan.date, plan.speaker = request.title or plan.title, request.date, request.speaker
    text = render_skeleton(skeleton, plan.context(), request.templates)
    return read_back(text, plan, skeleton)


def make_plan(request: PlanRequest, skeleton: Skeleton | None = None) -> Plan:
    """Choose the material for an outline (no rendering) from the request's bank."""
    request = request.checked()
    skeleton = skeleton or find_skeleton(request.occasion, request.templates)
    folder = phrasebank_folder(request.phrasebank)
    material = Material(load(folder, kinds=KINDS), request.topic)
    archive = Archive(material.entries, request.topic, skeleton.occasion)
    return Planner(material, skeleton, archive, request.variant).plan(request.parts, list(request.keywords))


def read_back(text: str, plan: Plan, skeleton: Skeleton) -> Speech:
    """Parse the rendered skeleton and attach the plan's provenance; refuse text that parses otherwise."""
    from drafter.structure.parser import parse_text

    text = "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"
    speech = parse_text(text)
    if not _matches(speech, plan):
        raise TemplateError(f"模板 {skeleton.path}：生成的文本解析后与提纲不一致（部分或分项的编号、标题被改动）")
    for block, part in zip(speech.parts, plan.parts):
        block.source = part.heading.source
        for item, piece in zip(block.items, part.items):
            item.source = piece.source
    _attach(speech.opening, plan.opening)
    _attach(speech.closing, plan.closing)
    if speech.transition:
        speech.transition.source = plan.transition.source
    return speech


def _matches(speech: Speech, plan: Plan) -> bool:
    """The parsed outline has the plan's parts, and under each its items or (a skeleton's choice) none;
    an item may keep the 要 its skeleton wrote before it."""
    if [b.heading for b in speech.parts] != [p.heading.text for p in plan.parts]:
        return False
    if [b.value for b in speech.parts] != list(range(1, len(speech.parts) + 1)):
        return False
    return all(
        not block.items or [i.heading.removeprefix("要") for i in block.items] == [i.text.removeprefix("要") for i in part.items]
        for block, part in zip(speech.parts, plan.parts)
    )


def _attach(paragraphs: list[Paragraph], pieces: list[Piece]) -> None:
    """Give each parsed paragraph the source of the planned paragraph with the same text."""
    sources = {piece.text: piece.source for piece in pieces}
    for paragraph in paragraphs:
        paragraph.source = sources.get(paragraph.text)


def provenance(speech: Speech) -> dict[str, Any]:
    """Where the outline's opening, transition, closing and headings came from (for JSON and Word comments)."""
    def plain(source):
        return source.to_dict() if source else None

    return {
        "opening": [plain(p.source) for p in speech.opening],
        "transition": plain(speech.transition.source) if speech.transition else None,
        "parts": [{"heading": b.heading, "source": plain(b.source), "items": [plain(i.source) for i in b.items]} for b in speech.parts],
        "closing": [plain(p.source) for p in speech.closing],
    }
