"""Bad input of every sort is one Chinese line naming the file and the problem, a non-zero exit and
nothing written (or the old file intact) — never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter.cli import main
from drafter.resources import bundled

ROOT = Path(__file__).resolve().parent.parent
SPEECH = bundled("corpus") / "推进会_全市平安建设工作推进大会.txt"
LONG_NAME = "长" * 200  # 600 bytes: more than a file name may have (Errno 36)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def assert_one_line(result, *fragments: str, code: int | None = None) -> None:
    assert result.exit_code != 0 and (code is None or result.exit_code == code), result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_export_onto_its_own_input_is_refused(tmp_path):
    speech = tmp_path / "讲话.docx"
    assert run("export", str(SPEECH), "-o", str(speech)).exit_code == 0
    before = speech.read_bytes()
    assert_one_line(run("export", str(speech), "-o", str(speech), "--force"), "讲话.docx", "就是要读取的讲话稿")
    assert speech.read_bytes() == before


def test_force_never_replaces_a_device_and_word_output_must_be_docx(tmp_path):
    assert_one_line(run("export", str(SPEECH), "-o", os.devnull, "--force"), os.devnull, "不是普通文件")
    assert_one_line(run("export", str(SPEECH), "-o", str(tmp_path / "out.txt")), "out.txt", "应以 .docx 结尾")
    assert_one_line(run("draft", "--topic", "安全", "-o", str(tmp_path / "out.txt")), "应以 .docx 结尾")
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("args", [
    ["parse", f"{LONG_NAME}.txt"],
    ["mine", LONG_NAME, "-o", "bank"],
    ["mine", str(bundled("corpus")), "-o", LONG_NAME],
    ["export", str(SPEECH), "-o", f"{LONG_NAME}.docx"],
    ["phrase", "安全", "--phrasebank", LONG_NAME],
    ["outline", "--topic", "安全", "--templates", LONG_NAME],
])
def test_a_file_name_too_long_is_one_line(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    assert_one_line(run(*args), "长长长")


def test_target_time_is_checked_before_anything_is_written(tmp_path):
    for minutes in ("inf", "nan", "1e308"):
        out = tmp_path / f"{minutes}.docx"
        assert_one_line(run("export", str(SPEECH), "-o", str(out), "--minutes", minutes), "讲话时长", "--minutes")
        assert_one_line(run("draft", "--topic", "安全", "-o", str(out), "--minutes", minutes), "讲话时长")
        assert not out.exists()


def test_twenty_digit_counts_are_refused(tmp_path):
    assert_one_line(run("mine", str(bundled("corpus")), "-o", str(tmp_path / "bank"), "--jobs", "9" * 20), "--jobs")
    assert_one_line(run("phrase", "安全", "--limit", "9" * 20), "--limit")
    assert not (tmp_path / "bank").exists()


@pytest.mark.parametrize("option", ["--title", "--date", "--speaker"])
@pytest.mark.parametrize("value", ["标题\x01", "第一行\n第二行", "\udcff"])
def test_control_characters_and_lone_surrogates_in_the_header_are_refused(tmp_path, option, value):
    out = tmp_path / "d.docx"
    assert_one_line(run("draft", "--topic", "安全", option, value, "-o", str(out)), option)
    assert not out.exists()


def test_control_characters_in_a_title_line_of_a_txt_are_dropped_from_the_word_file(tmp_path):
    speech = tmp_path / "讲话.txt"
    speech.write_text("关于\x02安全的讲话\n同志们：\n今天开会。\n", encoding="utf-8")
    result = run("export", str(speech), "-o", str(tmp_path / "讲话.docx"))
    assert result.exit_code == 0, result.output


def test_a_newline_in_a_file_name_stays_on_the_error_line(tmp_path):
    assert_one_line(run("parse", str(tmp_path / "第一\n第二.txt")), "第一\\n第二.txt", "不存在")


def test_mine_given_a_file_says_it_is_a_file(tmp_path):
    assert_one_line(run("mine", str(SPEECH), "-o", str(tmp_path / "bank")), SPEECH.name, "这是一个文件")


def test_mine_into_a_folder_that_cannot_be_made(tmp_path, monkeypatch):
    def refused(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refused)
    assert_one_line(run("mine", str(bundled("corpus")), "-o", str(tmp_path / "bank")), "bank", "没有访问权限")


def test_an_unreadable_speech_is_one_line(tmp_path, monkeypatch):
    def refused(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refused)
    assert_one_line(run("parse", str(SPEECH)), SPEECH.name, "没有访问权限")


def test_clicks_path_messages_are_said_in_chinese():
    from drafter.cli import _usage_message
    import click

    message = _usage_message(click.BadParameter("Path '/root/x' is not readable.", param_hint="'CORPUS_DIR'"))
    assert message == "/root/x：没有读取权限（CORPUS_DIR）"


@pytest.mark.parametrize("args", [
    ["parse", str(SPEECH)],
    ["outline", "--topic", "安全"],
    ["phrase", "安全"],
    ["templates"],
])
def test_stdout_on_a_full_disk_is_one_line(args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "drafter", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, env=env, cwd=ROOT)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["错误：输出：无法读写（磁盘空间不足）"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_and_binary_still_refused(tmp_path, encoding):
    speech = tmp_path / "讲话.txt"
    speech.write_bytes(SPEECH.read_text(encoding="utf-8").encode(encoding))
    result = run("parse", str(speech))
    assert result.exit_code == 0 and "一、" in result.output, result.output
    binary = tmp_path / "坏.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    assert_one_line(run("parse", str(binary)), "坏.txt", "二进制")


def test_a_real_nineteen_character_topic_is_accepted():
    result = run("outline", "--topic", "巩固拓展脱贫攻坚成果同乡村振兴有效衔接")
    assert result.exit_code == 0, result.output
    assert "巩固拓展脱贫攻坚成果同乡村振兴有效衔接" in result.output.splitlines()[0]


def test_a_skipped_file_with_a_newline_in_its_name_stays_on_one_line(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(bundled("corpus"), corpus)
    (corpus / "坏\n文件.txt").write_bytes(b"\x00\x01binary\x00")
    result = run("mine", str(corpus), "-o", str(tmp_path / "bank"))
    assert result.exit_code == 0
    (skipped,) = [line for line in result.output.splitlines() if "坏" in line]
    assert skipped.startswith("跳过：") and skipped.endswith("坏\\n文件.txt：这是二进制文件，不是讲话稿文本或 Word、PDF、网页文件")


def test_an_unreadable_corpus_folder_is_one_line(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == corpus else real_access(path, mode))
    assert_one_line(run("mine", str(corpus), "-o", str(tmp_path / "bank")), "corpus", "没有读取权限")
