"""`drafter parse` through Click: text tree, JSON contract, several files."""

import json

from click.testing import CliRunner

from conftest import CORPUS
from drafter.cli import main

ZUOTAN = str(next(CORPUS.glob("座谈会点评*.txt")))
ZEREN = str(next(CORPUS.glob("责任书签订会*.txt")))


def test_text_tree_is_indented_by_level():
    result = CliRunner().invoke(main, ["parse", ZUOTAN])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "  一、要把维护安全稳定的责任牢牢扛在肩上" in lines
    assert "    一是确保政治安全" in lines
    assert "过渡：下面，我围绕这4个方面谈几点感受。（4部分）" in lines


def test_json_has_the_contract_keys():
    result = CliRunner().invoke(main, ["parse", "--format", "json", ZEREN])
    data = json.loads(result.output)
    assert {"title", "salutation", "opening", "transition", "parts", "closing"} <= set(data)
    part = data["parts"][1]
    assert part["number"] == "二、" and part["heading"] == "切实强化底线意识，维护社会和谐稳定"
    assert [i["heading"] for i in part["items"]][:2] == ["深入开展隐蔽战线斗争", "加强社会矛盾的预防和化解"]
    assert set(part["items"][0]) >= {"number", "heading", "items"}
    assert data["closing"][0].startswith("总之，希望并要求大家")


def test_several_files_give_a_json_list():
    result = CliRunner().invoke(main, ["parse", "--format", "json", ZUOTAN, ZEREN])
    data = json.loads(result.output)
    assert [d["file"] for d in data] == [ZUOTAN.rsplit("/", 1)[1], ZEREN.rsplit("/", 1)[1]]


def test_python_dash_m_runs_the_cli():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "drafter", "parse", ZEREN], capture_output=True, text=True)
    assert done.returncode == 0 and "四、切实强化创新意识，提升社会治理能力和水平" in done.stdout


def test_usage_mistakes_are_one_chinese_line():
    runner = CliRunner()
    cases = [
        (["parse"], "错误：缺少参数 FILES...\n"),
        (["parse", "--format", "xml", ZEREN], "错误：选项 --format 的值“xml”不在可选范围内（可选：'text', 'json'）\n"),
        (["phrase", "--limit", "abc", "安全"], "错误：选项 --limit 的值“abc”不是数字\n"),
        (["outline"], "错误：缺少选项 --topic\n"),
        (["parse", "--nope", ZEREN], "错误：没有这个选项：--nope\n"),
        (["nosuch"], "错误：没有这个命令：nosuch（可用命令见 drafter --help）\n"),
    ]
    for args, expected in cases:
        result = runner.invoke(main, args)
        assert (result.exit_code, result.output) == (2, expected), args


def test_drafter_alone_shows_the_help():
    result = CliRunner().invoke(main, [])
    assert result.exit_code == 0 and "parse" in result.output and "draft" in result.output
