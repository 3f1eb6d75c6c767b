"""The installed package (not the checkout) finds the bundled corpus, from any working directory."""

import os
import subprocess
import sys
from pathlib import Path


def test_installed_drafter_finds_bundled_corpus_from_elsewhere(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = "from drafter.resources import bundled; import drafter; print(drafter.__file__); print(bundled('corpus'))"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    package_file, corpus = done.stdout.splitlines()
    assert sorted(p.suffix for p in Path(corpus).iterdir() if p.suffix == ".txt") == [".txt"] * 5
    drafter = Path(sys.executable).with_name("drafter")
    speech = next(Path(corpus).glob("责任书签订会*.txt"))
    shown = subprocess.run([str(drafter), "parse", str(speech)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "一、切实强化责任意识，推进各项举措落实" in shown.stdout, (package_file, shown.stderr)
    # the package's data (word lists, Word package parts, skeletons, bank) travel with it
    out = tmp_path / "初稿.docx"
    drafted = subprocess.run([str(drafter), "draft", "--topic", "防汛抗旱", "-o", str(out)], cwd=tmp_path, env=env,
                             capture_output=True, text=True)
    assert drafted.returncode == 0 and out.read_bytes().startswith(b"PK"), drafted.stderr
