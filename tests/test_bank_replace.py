"""The bank is replaced as a whole: kills, a full disk and concurrent mines leave the old bank or the new
one, never a mix, and no temporary files; readers see one or the other."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.bank import replace
from drafter.bank.store import KINDS, load
from drafter.errors import OutputError
from drafter.mining.miner import mine_corpus, write_phrasebank
from drafter.resources import bundled

ROOT = Path(__file__).resolve().parent.parent
OWN = "我的表述.jsonl"
# Runs `drafter mine`, announcing on stderr each fsync and rename (the steps of a replace) and pausing
# after it, so the test can kill the process at exactly that step.
STEPPED_MINE = """
import os, sys, time
from drafter.cli import main
def stepped(name, real):
    def call(*args, **kwargs):
        result = real(*args, **kwargs)
        sys.stderr.write(f"STEP {name}\\n"); sys.stderr.flush(); time.sleep(0.02)
        return result
    return call
os.fsync, os.replace = stepped("fsync", os.fsync), stepped("replace", os.replace)
main(["mine", sys.argv[1], "-o", sys.argv[2]])
"""


def bank_files(folder: Path) -> dict[str, bytes]:
    """Every file in the bank folder, hidden ones included, so leftovers show."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def banks(tmp_path_factory):
    """Two corpora and the banks they give: `old` (four speeches) and `new` (all five)."""
    root = tmp_path_factory.mktemp("banks")
    new_corpus = bundled("corpus")
    old_corpus = root / "old-corpus"
    shutil.copytree(new_corpus, old_corpus)
    sorted(old_corpus.glob("*.txt"))[0].unlink()
    made = {}
    for name, corpus in (("old", old_corpus), ("new", new_corpus)):
        folder = root / name
        write_phrasebank(folder, mine_corpus(corpus))
        (folder / OWN).write_text('{"text": "坚持人民至上", "kind": "heading"}\n', encoding="utf-8")
        made[name] = bank_files(folder)
    return {"old_corpus": old_corpus, "new_corpus": new_corpus, **made}


def old_bank(banks, folder: Path) -> Path:
    folder.mkdir()
    for name, data in banks["old"].items():
        (folder / name).write_bytes(data)
    return folder


def run_mine(corpus: Path, out: Path) -> subprocess.Popen:
    # a killed mine cannot remove its work folder: it is made beside the bank, inside the test's own folder
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(out.parent)}
    return subprocess.Popen([sys.executable, "-c", STEPPED_MINE, str(corpus), str(out)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def assert_whole(banks, folder: Path) -> None:
    """A reader sees the old or the new bank; afterwards the folder holds exactly one of them."""
    seen = [e.to_json() for e in load(folder)]
    files = bank_files(folder)
    assert files in (banks["old"], banks["new"]), sorted(name for name in files if files[name] != banks["new"].get(name))
    assert not (folder / replace.PENDING).exists()
    assert seen == [e.to_json() for e in load(folder)]


@pytest.mark.parametrize("step", [
    1, 14, 20,  # writing the new files; just committed; renaming
    *(pytest.param(step, marks=pytest.mark.slow) for step in (5, 13, 15, 27)),
])
def test_a_kill_at_any_step_leaves_the_old_or_the_new_bank(banks, tmp_path, step):
    out = old_bank(banks, tmp_path / "bank")
    process = run_mine(banks["new_corpus"], out)
    for _ in range(step):
        if not process.stderr.readline():
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert_whole(banks, out)


def test_the_steps_a_kill_test_counts_are_all_there(banks, tmp_path):
    out = old_bank(banks, tmp_path / "bank")
    process = run_mine(banks["new_corpus"], out)
    steps = [line for line in process.stderr if line.startswith("STEP")]
    assert process.wait() == 0
    assert len(steps) >= 27  # 12 files + manifest + 2 folders synced, 13 renames
    assert bank_files(out) == banks["new"]


def test_two_concurrent_mines_into_one_folder_never_mix(banks, tmp_path):
    out = old_bank(banks, tmp_path / "bank")
    for _ in range(2):
        first, second = run_mine(banks["new_corpus"], out), run_mine(banks["old_corpus"], out)
        first.communicate(), second.communicate()
        assert first.returncode == second.returncode == 0
        assert bank_files(out) in (banks["old"], banks["new"])


def test_a_full_disk_keeps_the_old_bank_and_leaves_no_temporary_files(banks, tmp_path, monkeypatch):
    out = old_bank(banks, tmp_path / "bank")
    result = mine_corpus(banks["new_corpus"])
    calls = []

    def full(fd):
        calls.append(fd)
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="磁盘空间不足.*原有表述库未改动"):
        write_phrasebank(out, result)
    assert bank_files(out) == banks["old"]


def test_stale_temporary_files_of_a_killed_run_are_cleaned(banks, tmp_path):
    out = old_bank(banks, tmp_path / "bank")
    (out / ".heading.jsonl.abc123.tmp").write_text("half", encoding="utf-8")
    (out / replace.PENDING).mkdir()
    (out / replace.PENDING / "heading.jsonl").write_text("half", encoding="utf-8")  # never committed
    write_phrasebank(out, mine_corpus(banks["new_corpus"]))
    assert bank_files(out) == banks["new"]


def test_a_reader_finishes_a_committed_replace(banks, tmp_path):
    out = old_bank(banks, tmp_path / "bank")
    pending = out / replace.PENDING
    pending.mkdir()
    staged = replace.Staged(pending)
    for name in ("heading.jsonl", "term.jsonl"):
        with staged.open(name) as handle:
            handle.write(banks["new"][name].decode("utf-8"))
    staged.commit()
    os.replace(pending / "heading.jsonl", out / "heading.jsonl")  # killed after the first rename
    texts = {e.text for e in load(out, ["term"])}
    assert texts == {json.loads(line)["text"] for line in banks["new"]["term.jsonl"].decode().splitlines()[1:]}
    assert not pending.exists()


def test_remining_keeps_a_writers_fields_and_only_json_true_is_curated(tmp_path):
    write_phrasebank(tmp_path, mine_corpus(bundled("corpus")))
    heading_file = tmp_path / "heading.jsonl"
    header, first, second, *rest = heading_file.read_text(encoding="utf-8").splitlines()
    kept = json.loads(first) | {"curated": True, "note": "常用", "my_rating": {"星": 5}}
    dropped = json.loads(second) | {"curated": "false", "text": "不算精选的标题"}
    lines = [header, json.dumps(kept, ensure_ascii=False), json.dumps(dropped, ensure_ascii=False), *rest]
    heading_file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    write_phrasebank(tmp_path, mine_corpus(bundled("corpus")))

    after = [json.loads(line) for line in heading_file.read_text(encoding="utf-8").splitlines()[1:]]
    assert after[0] == kept
    assert "不算精选的标题" not in {entry["text"] for entry in after}
    assert set(KINDS) <= {p.stem for p in tmp_path.glob("*.jsonl")}


def test_a_full_disk_while_renaming_is_finished_by_the_next_reader(banks, tmp_path, monkeypatch):
    out = old_bank(banks, tmp_path / "bank")
    result = mine_corpus(banks["new_corpus"])
    real_replace, calls = os.replace, []

    def full(source, target):
        calls.append(target)
        if len(calls) == 4:  # the manifest, then two kind files, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OutputError, match="表述库更新未完成（磁盘空间不足）"):
        write_phrasebank(out, result)
    monkeypatch.setattr(os, "replace", real_replace)
    assert_whole(banks, out)
    assert bank_files(out) == banks["new"]
