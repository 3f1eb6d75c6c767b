"""The house rules that keep the code base readable: no topic of the bundled corpus in code, flags only in
the CLI, small modules, and a bank that is read as data (its source paths never opened)."""

from __future__ import annotations

import ast
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from drafter.resources import bundled
from planning import plan

PACKAGE = Path(__file__).resolve().parent.parent / "drafter"
MODULES = sorted(PACKAGE.rglob("*.py"))
FLAG_RE = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_code_names_no_topic_of_the_bundled_corpus():
    found = [f"{p.relative_to(PACKAGE)}:{n}" for p in MODULES
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search("平安建设|综治|安保维稳|维稳", line)]
    assert found == []


def drafter_flags() -> set[str]:
    """Every --flag of drafter's own commands (another program's command line, such as LibreOffice's, may
    be spelled out where that program is run)."""
    from drafter.cli import main

    commands = [main, *main.commands.values()]
    return {opt for command in commands for param in command.params for opt in param.opts if opt.startswith("--")}


def test_only_the_cli_names_a_flag():
    flags = drafter_flags()
    assert "--strict" in flags
    found = {str(p.relative_to(PACKAGE)): hits for p in MODULES if p.name != "cli.py"
             if (hits := [s for s in strings(p) if set(FLAG_RE.findall(s)) & flags])}
    assert found == {}


def test_no_module_is_long():
    long = {str(p.relative_to(PACKAGE)): n for p in MODULES if (n := len(p.read_text(encoding="utf-8").splitlines())) > 420}
    assert long == {}


@pytest.fixture
def hostile_bank(tmp_path):
    """The bundled bank with every source pointing outside it."""
    bank = tmp_path / "bank"
    shutil.copytree(bundled("phrasebank"), bank)
    for path in bank.glob("*.jsonl"):
        lines = path.read_text(encoding="utf-8").splitlines()
        out = [lines[0]]
        for line in lines[1:]:
            data = json.loads(line)
            data["sources"] = [{**s, "file": "../../etc/passwd"} for s in data.get("sources", [])]
            out.append(json.dumps(data, ensure_ascii=False))
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return bank


def test_a_bank_is_read_as_data_its_sources_never_opened(hostile_bank, bank_alone):
    opened: list[str] = []

    def audit(event, args):
        if event == "open" and isinstance(args[0], (str, Path)):
            opened.append(str(args[0]))

    sys.addaudithook(audit)  # hooks cannot be removed; this one only appends while `opened` is watched
    start = len(opened)
    speech = plan("防汛抗旱", "工作会议", phrasebank=hostile_bank)
    seen = opened[start:]
    assert speech.parts and all(b.source.file == "../../etc/passwd" for b in speech.parts)
    assert seen and not any("passwd" in p for p in seen)
