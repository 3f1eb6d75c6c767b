"""How well the parser reads real speeches: per-field precision and recall against hand-made gold.

The gold file is a JSON list in the realworld format: each item has `excerpt` (the page text) and `gold`
with `salutation`, `transition`, `level1` [{num, text, raw}], `level2` [{num, text, under}] and `closing`
(sentences). Strings are compared the way a reader would: NFKC, white space removed, trailing 。：；.! dropped.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from drafter.structure.model import Block, Speech
from drafter.structure.parser import parse_text

FIELDS = ("salutation", "transition", "level1", "level1_number", "level2", "closing")


def comparable(text: str | None) -> str:
    """The form two strings are compared in."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    return text.rstrip("。：:；;.!！")


@dataclass
class Tally:
    """Counts for one field: matches, items the parser gave, items the gold holds."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def add(self, predicted: list[str], gold: list[str]) -> None:
        self.predicted += len(predicted)
        self.gold += len(gold)
        self.matched += sum((Counter(predicted) & Counter(gold)).values())


@dataclass
class Report:
    """Per-field tallies over a gold file, and the misses for a writer to look at."""

    fields: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in FIELDS})
    misses: list[str] = field(default_factory=list)

    def table(self) -> str:
        rows = [f"{'字段':<14}{'准确率':>8}{'召回率':>8}{'命中/给出/应有':>18}"]
        for name, t in self.fields.items():
            rows.append(f"{name:<16}{t.precision:>9.0%}{t.recall:>9.0%}{t.matched:>10}/{t.predicted}/{t.gold}")
        return "\n".join(rows)


def evaluate(gold_path: str | Path) -> Report:
    """Parse every excerpt of the gold file and tally each field against its gold."""
    report = Report()
    for item in json.loads(Path(gold_path).read_text(encoding="utf-8")):
        speech = parse_text(item["excerpt"], item.get("id", ""))
        for name, (predicted, gold) in _field_values(speech, item["gold"]).items():
            before = report.fields[name].matched
            report.fields[name].add(predicted, gold)
            if report.fields[name].matched - before < len(gold):
                report.misses.append(f"{item.get('id', '')} {name}: 应为 {gold} 得到 {predicted}")
    return report


def _field_values(speech: Speech, gold: dict) -> dict[str, tuple[list[str], list[str]]]:
    """Each field as (parser's values, gold values), in comparable form."""
    level1 = gold.get("level1") or []
    raws = [h.get("raw") or h["num"] + h["text"] for h in level1]
    parts = speech.parts
    return {
        "salutation": (_present(speech.salutation), _present(gold.get("salutation"))),
        "transition": (_present(speech.transition.text if speech.transition else ""), _present(gold.get("transition"))),
        "level1": ([comparable(p.heading) for p in parts], [comparable(h["text"]) for h in level1]),
        "level1_number": ([f"{i}{comparable(p.number)}" for i, p in enumerate(parts)],
                          [f"{i}{comparable(h['num'])}" for i, h in enumerate(level1)]),
        "level2": (
            [f"{i}|{comparable(b.number)}|{comparable(b.heading)}" for i, p in enumerate(parts) for b in _below(p)],
            [f"{raws.index(h['under'])}|{comparable(h['num'])}|{comparable(h['text'])}"
             for h in gold.get("level2") or [] if h.get("under") in raws],
        ),
        "closing": _closing(speech, gold.get("closing") or []),
    }


def _present(text: str | None) -> list[str]:
    return [comparable(text)] if text else []


def _below(part: Block):
    for item in part.items:
        yield from item.walk()


def _closing(speech: Speech, gold: list[str]) -> tuple[list[str], list[str]]:
    """Closing sentences: a parser's closing sentence counts when it is one of the gold ones, and back."""
    text = comparable("".join(p.text for p in speech.closing) + speech.signoff)
    wanted = [comparable(s) for s in gold]
    found = [s for s in wanted if s and s in text]
    extra = [s for s in re.split(r"[。！？!?]", text) if s and not any(s in w for w in wanted)]
    return found + extra, wanted
