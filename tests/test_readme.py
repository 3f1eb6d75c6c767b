"""The README's main command works as written (after its install step) on the bundled corpus."""

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

from drafter.structure.parser import parse_file

ROOT = Path(__file__).resolve().parents[1]


def main_command() -> list[list[str]]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    at = lines.index("<!-- main-command -->")
    command = next(line for line in lines[at + 1:] if line and not line.startswith("```"))
    steps = [shlex.split(step) for step in command.split("&&")]
    return [step for step in steps if step[0] == ".venv/bin/drafter"]


def test_readme_main_command_mines_outlines_and_drafts(tmp_path):
    drafter = str(Path(sys.executable).with_name("drafter"))
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    steps = main_command()
    assert [step[1] for step in steps] == ["mine", "outline", "draft"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    outputs = [subprocess.run([drafter, *step[1:]], cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
               for step in steps]
    assert "标题（heading）：90 条" in outputs[0]
    # the bundled corpus has no speech on 安全生产: its parts come from the built-in 安全生产 sets
    first = built_in_heading("安全生产")
    assert f"一、{first}" in outputs[1]
    (docx,) = [p for p in tmp_path.iterdir() if p.suffix == ".docx"]
    assert "已写入" in outputs[2]
    assert parse_file(docx).parts[0].heading == first


def built_in_heading(topic: str) -> str:
    """The first heading of the first set in the built-in field file named `topic`."""
    path = ROOT / "drafter" / "planning" / "topics" / f"{topic}.jsonl"
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return next(e["text"] for e in entries if e["kind"] == "heading").replace("{主题}", topic)


def test_readme_main_command_leaves_nothing_untracked_in_a_checkout():
    outputs = [step[step.index("-o") + 1] for step in main_command() if "-o" in step]
    assert outputs
    ignored = subprocess.run(["git", "-c", "core.quotePath=false", "check-ignore", *outputs], cwd=ROOT, capture_output=True, text=True)
    assert ignored.stdout.split() == outputs
