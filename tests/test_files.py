"""Safe writing: atomic replace, no overwrite without force, permissions as any other file."""

import os
import stat

import pytest

from drafter.errors import OutputError
from drafter.files import write_atomic


def test_written_file_has_the_usual_permissions(tmp_path):
    path = write_atomic(tmp_path / "a.txt", "内容")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
    assert path.read_text(encoding="utf-8") == "内容"


def test_refuses_to_overwrite_without_force_and_reports_missing_folder(tmp_path):
    path = write_atomic(tmp_path / "a.txt", "旧")
    with pytest.raises(OutputError, match="已存在"):
        write_atomic(path, "新", force=False)
    assert path.read_text(encoding="utf-8") == "旧"
    with pytest.raises(OutputError, match="不存在"):
        write_atomic(tmp_path / "没有" / "b.txt", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
