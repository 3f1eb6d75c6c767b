"""The skeleton sandbox: what a writer's own template may not do, and the errors it gets instead."""

import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter.planning import sandbox, skeleton as render
from drafter.cli import main
from drafter.errors import TemplateError
from drafter.planning.skeleton import find_skeleton, read_front_matter, skeletons

FRONT = "{#-\noccasion: 测试场合\ndescription: 测试用模板\ntitle: 在{主题}会议上的讲话\nparts: 3\n-#}\n"


def user_template(folder: Path, body: str, name: str = "测试场合.jinja") -> Path:
    path = folder / name
    path.write_text(FRONT + body, encoding="utf-8")
    return path


def render_user(folder: Path, body: str, **context) -> str:
    user_template(folder, body)
    return render.render_skeleton(find_skeleton("测试场合", folder), {"topic": "安全生产", **context}, folder)


def test_bundled_skeletons_cover_the_five_occasions():
    occasions = {s.occasion for s in skeletons()}
    assert {"工作推进会", "动员部署会", "工作会议", "责任书签订会", "座谈交流会点评"} <= occasions
    for skeleton in skeletons():
        assert "{主题}" in skeleton.title and skeleton.parts >= 3 and skeleton.description
        assert "parts（heading、items）" in skeleton.needs


def test_dunder_access_is_refused(tmp_path):
    with pytest.raises(TemplateError, match=r"测试场合\.jinja 第 7 行：沙箱禁止.*__class__"):
        render_user(tmp_path, "{{ ''.__class__.__mro__ }}\n")


def test_globals_and_module_internals_are_out_of_reach(tmp_path):
    with pytest.raises(TemplateError, match="沙箱禁止"):
        render_user(tmp_path, "{{ cn.__globals__ }}\n")
    with pytest.raises(TemplateError, match="变量“os”未定义"):
        render_user(tmp_path, "{{ os.environ }}\n")


@pytest.mark.parametrize("path", ["/etc/passwd", "../../../../etc/passwd"])
def test_reading_a_file_outside_the_template_folders_is_refused(tmp_path, path):
    with pytest.raises(TemplateError, match="找不到要引入的模板"):
        render_user(tmp_path, "{% include '" + path + "' %}\n")


def test_endless_nested_loop_is_stopped_by_the_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.3)
    loops = "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}{% endfor %}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateError, match="渲染超过 0.3 秒，可能是死循环"):
        render_user(tmp_path, loops + "\n")


def test_huge_range_and_repetition_are_refused(tmp_path):
    with pytest.raises(TemplateError, match="range\\(\\) 有 1000000000 项"):
        render_user(tmp_path, "{% for i in range(10**9) %}x{% endfor %}\n")
    with pytest.raises(TemplateError, match="生成的内容超过"):
        render_user(tmp_path, "{{ '讲话' * 10000000 }}\n")


def test_endless_recursion_is_refused(tmp_path):
    with pytest.raises(TemplateError, match=r"测试场合\.jinja 第 7 行：宏或循环嵌套超过 100 层，可能是无穷递归"):
        render_user(tmp_path, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n")
    tree = "{% for node in [1] recursive %}{{ loop([1]) }}{% endfor %}\n"
    with pytest.raises(TemplateError, match="无穷递归"):
        render_user(tmp_path, tree)


def test_syntax_error_names_file_and_line(tmp_path):
    with pytest.raises(TemplateError) as err:
        render_user(tmp_path, "{{ topic }}\n{% for part in parts %}\n")
    message = str(err.value)
    assert message.endswith("测试场合.jinja 第 8 行语法错误：模板结束时“for”块还没有关闭（缺少 endfor）")
    assert "\n" not in message


@pytest.mark.parametrize(
    "body, line, message",
    [
        ("{% if topic %}\n{% endfor %}\n", 8, "标签“endfor”不对，此处应先关闭“if”块"),
        ("{{ topic title }}\n", 7, "此处应为 end of print statement，却是“title”"),
        ("{% frobnicate %}\n", 7, "未知的标签“frobnicate”"),
    ],
)
def test_usual_syntax_errors_are_explained_in_chinese(tmp_path, body, line, message):
    with pytest.raises(TemplateError, match=f"第 {line} 行语法错误：{re.escape(message)}$"):
        render_user(tmp_path, body)


def test_undefined_variable_is_named_with_its_line(tmp_path):
    with pytest.raises(TemplateError, match=r"测试场合\.jinja 第 8 行：变量“speaker_name”未定义"):
        render_user(tmp_path, "{{ topic }}\n{{ speaker_name }}\n")


def test_numbering_helpers_render_as_writers_number(tmp_path):
    body = "{% for p in parts %}{{ cn(loop.index) }}、{{ mark('paren_cn', loop.index) }}{{ mark('shi', loop.index) }}{{ p }}\n{% endfor %}"
    assert render_user(tmp_path, body, parts=["甲", "乙"]) == "一、（一）一是甲\n二、（二）二是乙\n"


def test_user_skeleton_overrides_the_bundled_one_of_the_same_name(tmp_path):
    user_template(tmp_path, "{{ title }}\n", name="工作推进会.jinja")
    found = find_skeleton("测试场合", tmp_path)
    assert found.path == tmp_path / "工作推进会.jinja" and found.user
    names = [s.name for s in skeletons(tmp_path)]
    assert names.count("工作推进会.jinja") == 1


def test_front_matter_missing_keys_is_reported(tmp_path):
    path = tmp_path / "坏模板.jinja"
    path.write_text("{#-\noccasion: 坏\n-#}\n正文\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="坏模板.jinja：模板说明缺少 description、title、parts"):
        read_front_matter(path)


def test_templates_command_lists_each_with_a_description(tmp_path):
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("动员部署会\t3部分\t动员部署会.jinja\t动员部署讲话")
    user_template(tmp_path, "{{ title }}\n")
    result = CliRunner().invoke(main, ["templates", "--templates", str(tmp_path)])
    assert "测试场合（自定义）\t3部分\t测试场合.jinja\t测试用模板" in result.output


def test_missing_template_folder_is_one_line_error():
    result = CliRunner().invoke(main, ["templates", "--templates", "/no/such/folder"])
    assert result.exit_code == 1
    assert result.output == "错误：/no/such/folder：模板文件夹不存在\n"


def test_user_skeleton_for_an_occasion_wins_whatever_its_file_name(tmp_path):
    (tmp_path / "我的推进会.jinja").write_text(FRONT.replace("测试场合", "工作推进会") + "{{ title }}\n", encoding="utf-8")
    assert find_skeleton("工作推进会", tmp_path).path == tmp_path / "我的推进会.jinja"
    assert find_skeleton("工作推进会").path.name == "工作推进会.jinja"


HUGE = [
    "{{ 'x'|center(10**10) }}",
    "{{ 'x'|indent(10**10) }}",
    "{{ 'x'.center(10**10) }}",
    "{{ 'x'.ljust(10**10) }}",
    "{% set s = 'x' * 99999 %}{{ s|replace('x', s) }}",
    "{% set s = 'x' * 99999 %}{{ s.replace('x', s) }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '%0999999999d'|format(1) }}",
    "{{ '{:0999999999}'.format(1) }}",
    "{{ ((10**64)**64)**64 }}",
    "{{ [['x' * 99999] * 1000] * 100 }}",
    "{{ ('x ' * 50000)|wordwrap(3) }}",
    "{% set l = ['x' * 99999] %}{{ l + l + l + l }}",
]


@pytest.mark.parametrize("body", HUGE)
def test_huge_values_are_refused_quickly_in_one_line(tmp_path, body):
    started = time.monotonic()
    result = CliRunner().invoke(main, ["outline", "--topic", "安全", "--occasion", "测试场合", "--templates",
                                       str(user_template(tmp_path, body + "\n").parent)])
    assert time.monotonic() - started < 5
    assert result.exit_code == 1, result.output
    (line,) = result.output.splitlines()
    assert line.startswith("错误：模板 ") and "测试场合.jinja" in line


@pytest.mark.parametrize("body", ["{% set title.x = 1 %}", "{% if 1 is nosuchtest %}x{% endif %}"])
def test_runtime_errors_of_jinja_are_one_line(tmp_path, body):
    with pytest.raises(TemplateError, match="测试场合.jinja"):
        render_user(tmp_path, body + "\n", title="标题")


def test_a_symlink_out_of_the_template_folder_is_neither_read_nor_listed(tmp_path):
    (tmp_path / "passwd.jinja").symlink_to("/etc/passwd")
    with pytest.raises(TemplateError, match="指向模板文件夹之外"):
        render_user(tmp_path, "{% include 'passwd.jinja' %}\n")
    assert "passwd.jinja" not in {s.name for s in skeletons(tmp_path)}


@pytest.mark.parametrize("body", ["{{ lipsum() }}", "{{ [1, 2, 3, 4, 5]|random }}"])
def test_nothing_random_is_available(tmp_path, body):
    with pytest.raises(TemplateError):
        render_user(tmp_path, body + "\n")


def test_a_symlink_out_of_the_folder_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    (tmp_path / "passwd.jinja").symlink_to("/etc/passwd")
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda file, *a, **k: opened.append(str(file)) or real_open(file, *a, **k))
    with pytest.raises(TemplateError, match="指向模板文件夹之外"):
        render_user(tmp_path, "{% include 'passwd.jinja' %}\n")
    assert not any(name.endswith("passwd.jinja") or name == "/etc/passwd" for name in opened)
