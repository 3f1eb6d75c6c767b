"""The planner's data: pieces of material with their provenance, heading sets, and the plan a skeleton renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from drafter.planning.form import is_task
from drafter.structure.model import Provenance


@dataclass(frozen=True)
class Piece:
    """A phrase of material and where it came from."""

    text: str
    source: Provenance = Provenance()

    def but(self, text: str) -> Piece:
        """The same provenance for a fitted text."""
        return Piece(text, self.source)


@dataclass(frozen=True)
class HeadingSet:
    """Parallel headings that belong together (one speech's parts, an item set, a frame's members);
    `home` is the speech most of them come from."""

    group: str
    members: tuple[Piece, ...]
    level: int
    home: str
    slots: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()


@dataclass
class PlannedPart:
    """One part of the outline: heading, its parallel items, and their provenance."""

    heading: Piece
    items: list[Piece]
    stage: str = ""


@dataclass(frozen=True)
class SkeletonPart:
    """A part as a skeleton sees it: plain heading and item texts (no provenance objects); `tasks` when
    every item says what to do (a skeleton writes 要 before them only then)."""

    heading: str
    items: tuple[str, ...]
    stage: str
    tasks: bool = True


@dataclass
class Plan:
    """Everything a skeleton renders, with the provenance the planner recorded for it."""

    title: str
    topic: str
    occasion: str
    salutation: str
    opening: list[Piece]
    transition: Piece
    parts: list[PlannedPart]
    closing: list[Piece]
    signoff: Piece
    keywords: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    date: str = ""
    speaker: str = ""

    def context(self) -> dict[str, Any]:
        """The variables a skeleton sees: plain strings and lists; each part as a `SkeletonPart`."""
        return {
            "title": self.title, "topic": self.topic, "occasion": self.occasion, "keywords": list(self.keywords),
            "date": self.date, "speaker": self.speaker, "salutation": self.salutation,
            "opening": [p.text for p in self.opening], "transition": self.transition.text,
            "parts": [SkeletonPart(p.heading.text, tuple(i.text for i in p.items), p.stage,
                                   all(is_task(i.text) for i in p.items)) for p in self.parts],
            "closing": [p.text for p in self.closing], "signoff": self.signoff.text,
        }
