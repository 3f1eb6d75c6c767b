"""`drafter mine` through Click's CliRunner: summary, skipped files, --strict, defaults."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from drafter.cli import main
from drafter.resources import bundled


def copy_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(bundled("corpus"), corpus)
    return corpus


def test_mine_writes_the_phrasebank_and_a_summary(tmp_path):
    out = tmp_path / "bank"
    result = CliRunner().invoke(main, ["mine", str(bundled("corpus")), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "已提炼 5 篇讲话稿（跳过 1 个文件）" in result.output
    assert "句式框架（frame）：" in result.output and "引语（quote）：6 条" in result.output
    assert (out / "frame.jsonl").is_file()


def test_unreadable_file_is_skipped_with_its_reason(tmp_path):
    corpus = copy_corpus(tmp_path)
    (corpus / "坏文件.txt").write_bytes(b"\x00\x01binary\x00")
    out = tmp_path / "bank"
    result = CliRunner().invoke(main, ["mine", str(corpus), "-o", str(out)])
    assert result.exit_code == 0
    assert "跳过：" in result.output and "坏文件.txt：这是二进制文件" in result.output
    assert "已提炼 5 篇讲话稿（跳过 2 个文件）" in result.output


def test_strict_fails_and_writes_nothing(tmp_path):
    corpus = copy_corpus(tmp_path)
    (corpus / "坏文件.txt").write_bytes(b"\x00\x01binary\x00")
    out = tmp_path / "bank"
    out.mkdir()
    result = CliRunner().invoke(main, ["mine", str(corpus), "-o", str(out), "--strict"])
    assert result.exit_code == 1
    assert "错误：有 1 个文件无法读取，按要求未写入表述库" in result.output
    assert "Traceback" not in result.output
    assert list(out.iterdir()) == []


def test_a_corpus_without_output_folder_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["mine", str(copy_corpus(tmp_path))])
    assert result.exit_code == 2
    assert "请用 -o 指定表述库文件夹" in result.output


def test_missing_corpus_folder(tmp_path):
    result = CliRunner().invoke(main, ["mine", str(tmp_path / "无此文件夹"), "-o", str(tmp_path / "bank")])
    assert result.exit_code == 1
    assert "语料文件夹不存在" in result.output


def test_output_that_is_a_file_is_refused_before_mining(tmp_path):
    target = tmp_path / "bank.txt"
    target.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["mine", str(bundled("corpus")), "-o", str(target)])
    assert result.exit_code == 1
    assert "这不是文件夹" in result.output and "已提炼" not in result.output
    assert target.read_text(encoding="utf-8") == "x"


def _children(pid: int) -> set[int]:
    from pathlib import Path

    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(child) for child in (task / "children").read_text().split())
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    from pathlib import Path

    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _mine_with_a_worker(tmp_path, env=None):
    """A real `drafter mine --jobs 2` process over 1,500 speeches, once its worker has started, and the worker."""
    import os
    import subprocess
    import sys
    import time

    import pytest

    if not os.path.isdir(f"/proc/{os.getpid()}/task"):
        pytest.skip("needs /proc")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for copy in range(300):  # enough batches that work is still queued when the signal comes
        for speech in bundled("corpus").glob("*.txt"):
            (corpus / f"{copy}-{speech.name}").write_bytes(speech.read_bytes())
    mine = subprocess.Popen([sys.executable, "-m", "drafter", "mine", str(corpus), "-o", str(tmp_path / "bank"),
                             "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while len(workers := _children(mine.pid)) < 1 and time.monotonic() < deadline and mine.poll() is None:
        time.sleep(0.05)
    assert workers, "the worker never started"
    time.sleep(0.5)
    return mine, workers


def _gone(workers: list[int]) -> bool:
    import time

    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_alive(pid) for pid in workers)


def test_ctrl_c_during_a_mine_with_jobs_stops_its_workers(tmp_path):
    """SIGINT to a real `drafter mine --jobs 2` process: it returns promptly and leaves no worker running
    (the executor's own shutdown let every queued task finish first)."""
    import signal
    import time

    mine, workers = _mine_with_a_worker(tmp_path)
    started = time.monotonic()
    mine.send_signal(signal.SIGINT)
    _, err = mine.communicate(timeout=30)
    assert time.monotonic() - started < 5
    assert mine.returncode != 0 and "Traceback" not in err, err
    assert _gone(workers)


def test_a_mine_killed_outright_leaves_no_worker_waiting(tmp_path):
    """SIGKILL runs no clean-up in the mine: its worker, which holds the task pipe's other end itself, would
    wait for tasks forever; it dies with the mine instead."""
    import signal

    mine, workers = _mine_with_a_worker(tmp_path)
    mine.send_signal(signal.SIGKILL)
    mine.communicate(timeout=30)
    assert _gone(workers)


def test_the_next_mine_removes_the_work_folder_of_a_mine_killed_outright(tmp_path, monkeypatch):
    """A mine killed outright leaves its runs in $TMPDIR (it can remove nothing); the next mine removes them
    once no process holds the folder's lock and it has not changed for a minute, then removes its own."""
    import os
    import signal
    import tempfile
    import time

    from drafter.mining.spill import ABANDONED_AFTER, WORK_PREFIX

    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    mine, workers = _mine_with_a_worker(tmp_path, env)
    deadline = time.monotonic() + 60
    while not any(temp.glob(WORK_PREFIX + "*/*.run")) and time.monotonic() < deadline:  # its first runs written
        time.sleep(0.05)
    mine.send_signal(signal.SIGKILL)
    mine.communicate(timeout=30)
    assert _gone(workers)
    left = list(temp.glob(WORK_PREFIX + "*"))
    assert len(left) == 1 and any(left[0].iterdir())
    aged = time.time() - ABANDONED_AFTER - 1
    os.utime(left[0], (aged, aged))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    result = CliRunner().invoke(main, ["mine", str(bundled("corpus")), "-o", str(tmp_path / "bank")])
    assert result.exit_code == 0, result.output
    assert not left[0].exists()


def test_only_unlocked_work_folders_left_alone_for_a_minute_are_removed(tmp_path, monkeypatch):
    """A live mine's folder (locked) and one just made (not locked yet) stay, however they look."""
    import fcntl
    import os
    import tempfile
    import time

    from drafter.mining import spill

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    live, dead, new = (tmp_path / f"{spill.WORK_PREFIX}{name}" for name in ("live", "dead", "new"))
    for folder in (live, dead, new):
        folder.mkdir()
        (folder / "speeches-0.run").write_bytes(b"runs")
    other = tmp_path / "not-a-mine"
    other.mkdir()
    aged = time.time() - spill.ABANDONED_AFTER - 1
    for folder in (live, dead, other):
        os.utime(folder, (aged, aged))
    held = os.open(live, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        spill.work_folder().cleanup()
    finally:
        os.close(held)
    assert live.exists() and new.exists() and other.exists() and not dead.exists()
